"""Every bad input ends as one line and a documented exit code: no traceback, no hang.

Each row of :data:`tests.error_table.ROWS` runs the real ``studyapp`` in a subprocess
(10 s limit) and must print its expected fragment, exit with its code, write valid UTF-8
without escape sequences, and never show a traceback. Read-only data dirs are tested as
the unprivileged user ``nobody`` (``setpriv``): as root a ``chmod`` proves nothing. A full
disk is ``prlimit --fsize``. Device nodes are made with ``mknod`` in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backup_helpers import DAMAGE
from tests.error_table import BAD_NAME, ROWS, Row

ROW_SECONDS = 10
UNPRIVILEGED = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def _cli(
    data: Path,
    *args: str,
    prefix: list[str] | None = None,
    stdin: bytes = b"",
    timeout: float = 120,
) -> subprocess.CompletedProcess[bytes]:
    command = [*(prefix or []), sys.executable, "-m", "studyapp", "--data-dir", str(data)]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STUDYAPP_")}
    environment["LC_ALL"] = environment["LANG"] = "C.UTF-8"
    return subprocess.run(
        [*command, "--lang", "en", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=environment,
    )


def _inputs(folder: Path) -> None:
    folder.mkdir()
    os.mkfifo(folder / "fifo")
    for name, minor in (("null-node", 3), ("zero-node", 5), ("full-node", 7)):
        os.mknod(folder / name, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    (folder / "link-to-null-node").symlink_to(folder / "null-node")
    (folder / "link-to-zero-node").symlink_to(folder / "zero-node")
    (folder / "folder").mkdir()
    (folder / "plain.txt").write_text("just text\n", encoding="utf-8")
    (folder / "plain.md").write_text("# Plain\n\nsome text\n", encoding="utf-8")
    (folder / "binary.toml").write_bytes(b'name = "\xff\xfe"\n')
    (folder / "huge.toml").write_bytes(b"# padding\n" * 200_000)
    names = folder / "names"
    names.mkdir()
    (names / "a.md").write_text("# A\n\ntext a\n", encoding="utf-8")
    (names / f"{BAD_NAME}.md").write_text("# B\n\ntext b\n", encoding="utf-8")
    deep = "".join("  " * i + f"- level {i}\n" for i in range(14)) + "\n# Later\n\nlater\n"
    (folder / "deep.md").write_text(deep, encoding="utf-8")
    front = "---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\n# Body\n\ntext\n"
    (folder / "deep-front.md").write_text(front, encoding="utf-8")
    paragraph = "Reading every day builds a habit that lasts. " * 20 + "\n\n"
    (folder / "big.md").write_text("# Big\n\n" + paragraph * 1200, encoding="utf-8")


@pytest.fixture(scope="module")
def world() -> Iterator[Path]:
    """A 0755 folder holding a good library, crafted inputs and per-row output folders."""
    if os.geteuid() != 0:
        pytest.skip("device nodes (mknod) and setpriv need root")
    base = Path(tempfile.mkdtemp(prefix="studyapp-errors-"))
    base.chmod(0o755)
    good = base / "good"
    assert _cli(good, "library").returncode == 0
    assert _cli(good, "backup").returncode == 0  # a checked backup for doctor to name
    _inputs(base / "in")
    assert _cli(good, "backup", str(base / "in" / "good.sqlite")).returncode == 0
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _data_dir(world: Path, row: Row, index: int) -> tuple[Path, list[str], int | None]:
    """The row's data dir, the command prefix it runs under and its file size limit."""
    good = world / "good"
    own = world / "rows" / str(index)
    own.mkdir(parents=True)
    prefix: list[str] = []
    limit = row.fsize
    if row.data == "good":
        data = good
    elif row.data == "fresh":
        data = own / "data"
    elif row.data == "fresh-copy":
        data = own / "data"
        shutil.copytree(good, data)
        limit = (data / "studyapp.sqlite").stat().st_size + 200_000
    elif row.data.startswith("damaged-"):
        data = own / "data"
        shutil.copytree(good, data)
        DAMAGE[row.data.removeprefix("damaged-")](data / "studyapp.sqlite")
    elif row.data == "readonly":
        data = own / "data"
        shutil.copytree(good, data)
        subprocess.run(["chmod", "-R", "a+rX,go-w", str(own)], check=True)
        prefix = UNPRIVILEGED
    else:  # readonly-new: a data dir nobody may create
        own.chmod(0o755)
        data = own / "data"
        prefix = UNPRIVILEGED
    if limit is not None:
        prefix = ["prlimit", f"--fsize={limit}", *prefix]
    return data, prefix, limit


def _expand(arg: str, world: Path, out: Path) -> str:
    return arg.replace("{in}", str(world / "in")).replace("{out}", str(out))


@pytest.mark.parametrize("index", range(len(ROWS)), ids=[row.name for row in ROWS])
def test_bad_input_gives_one_line_and_its_exit_code(world: Path, index: int) -> None:
    row = ROWS[index]
    data, prefix, _limit = _data_dir(world, row, index)
    out = world / "rows" / str(index) / "out"
    out.mkdir()
    args = [_expand(arg, world, out) for arg in row.args]
    if row.data == "readonly":
        out.chmod(0o777)
    try:
        result = _cli(data, *args, prefix=prefix, stdin=row.stdin, timeout=ROW_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{row.name}: still running after {ROW_SECONDS} s")
    stdout = result.stdout.decode("utf-8")  # strict: the output must be valid UTF-8
    stderr = result.stderr.decode("utf-8")
    shown = f"exit {result.returncode}\n--- stdout\n{stdout[-2000:]}\n--- stderr\n{stderr}"
    assert "Traceback" not in stdout + stderr, shown
    assert "\x1b" not in stdout + stderr, shown
    assert result.returncode == row.code, shown
    assert row.fragment in (stdout if row.stream == "out" else stderr), shown
    if result.returncode != 0 and row.stream == "err":
        assert stderr.count("\n") == 1, shown  # one line
    if result.returncode == 2:
        assert not (out / "new").exists(), shown  # a refused output creates no folder
    _check_log(stderr, shown)
    for node in ("null-node", "full-node", "zero-node"):
        assert stat.S_ISCHR((world / "in" / node).lstat().st_mode), f"{node} was replaced"
    assert stat.S_ISFIFO((world / "in" / "fifo").lstat().st_mode), "the FIFO was replaced"


def _check_log(stderr: str, shown: str) -> None:
    """The log a line names holds the traceback; one in the temporary folder is removed."""
    if "(details: " not in stderr:
        return
    log = Path(stderr.rsplit("(details: ", 1)[1].split(")", 1)[0])
    assert "Traceback" in log.read_text(encoding="utf-8", errors="replace"), shown
    if log.parent == Path(tempfile.gettempdir()):
        log.unlink()


def test_the_table_is_large_enough() -> None:
    assert len(ROWS) >= 100
    assert len({row.name for row in ROWS}) == len(ROWS)
