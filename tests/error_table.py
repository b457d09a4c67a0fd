"""The rows of the bad-input table: each names its input, the line it expects, its exit code.

Placeholders in arguments: ``{in}`` the shared folder of crafted inputs (FIFOs, device
nodes made with mknod, symlinks, odd names), ``{out}`` an empty folder of the row's own.
No row ever names the machine's real ``/dev/null``, ``/dev/full`` or ``/dev/zero``.
"""

from __future__ import annotations

from dataclasses import dataclass

LONG = "n" * 300
BAD_NAME = "\udcb6\udcc1\udcca\udce9"  # b"\xb6\xc1\xca\xe9": 读书 in GBK, not UTF-8
ESCAPE_NAME = "\x1b]0;pwned\x07title"


@dataclass(frozen=True)
class Row:
    """One bad input: what is run, on which data dir, and what must come out."""

    name: str
    args: tuple[str, ...]
    code: int
    fragment: str
    data: str = "good"  # good | fresh | damaged-<kind> | readonly
    stdin: bytes = b""
    fsize: int | None = None  # prlimit --fsize: a disk that is full past this many bytes
    stream: str = "err"  # where the fragment must appear


def _rows() -> list[Row]:
    rows: list[Row] = []
    add = rows.append
    not_regular = "not a regular file"
    # -- outputs onto things that are not regular files --------------------------------
    targets = {
        "null node": ("{in}/null-node", not_regular),
        "full node": ("{in}/full-node", not_regular),
        "fifo": ("{in}/fifo", not_regular),
        "link to node": ("{in}/link-to-null-node", not_regular),
        "folder": ("{in}/folder", "is a directory"),
        "long name": ("{out}/" + LONG, "too long"),
        "parent is a file": ("{in}/plain.txt/out", "Not a directory"),
    }
    writers = {
        "export json": ("export", "json"),
        "export report": ("export", "report"),
        "export anki": ("export", "anki"),
    }
    for writer, command in writers.items():
        for target, (path, fragment) in targets.items():
            code = 2 if target == "folder" else 1
            add(Row(f"{writer} to {target}", (*command, path), code, fragment))
    backup_targets = dict(targets)
    for target, (path, fragment) in backup_targets.items():
        code = 1 if target in ("long name", "parent is a file") else 2
        add(Row(f"backup to {target}", ("backup", path), code, fragment))
    for target in ("null node", "fifo", "plain file"):
        path = {"null node": "{in}/null-node", "fifo": "{in}/fifo", "plain file": "{in}/plain.txt"}
        code, line = (2, "is a file") if target == "plain file" else (1, "Not a directory")
        add(Row(f"export csv into {target}", ("export", "csv", path[target]), code, line))
    # -- outputs that must work ----------------------------------------------------------
    # -- a missing parent folder: refused, unless --parents creates it ------------------
    missing = "does not exist; create it first or add --parents"
    all_writers = {**writers, "export csv": ("export", "csv"), "backup": ("backup",)}
    for writer, command in all_writers.items():
        add(Row(f"{writer} to a missing folder", (*command, "{out}/new/dir/x.out"), 2, missing))
        done = {"backup": "Backed up", "export csv": "reading_sessions.csv:"}.get(writer, "Wrote")
        add(
            Row(
                f"{writer} --parents to a missing folder",
                (*command, "--parents", "{out}/new/dir/x.out"),
                0,
                done,
                stream="out",
            )
        )
        add(
            Row(
                f"{writer} --parents under a file",
                (*command, "--parents", "{in}/plain.txt/new/x.out"),
                1,
                "Not a directory",
            )
        )
    for writer, command in writers.items():
        add(
            Row(
                f"{writer} to a non-UTF-8 name",
                (*command, "{out}/" + BAD_NAME),
                0,
                "\ufffd",
                stream="out",
            )
        )
        add(
            Row(
                f"{writer} to an escape name",
                (*command, "{out}/" + ESCAPE_NAME),
                0,
                "title",
                stream="out",
            )
        )
    add(
        Row(
            "backup to a non-UTF-8 name", ("backup", "{out}/" + BAD_NAME), 0, "\ufffd", stream="out"
        )
    )
    add(
        Row(
            "backup to an escape name", ("backup", "{out}/" + ESCAPE_NAME), 0, "title", stream="out"
        )
    )
    # -- inputs that are not regular files, or not there ---------------------------------
    sources = {
        "fifo": ("{in}/fifo", "not a regular file"),
        "zero node": ("{in}/zero-node", "not a regular file"),
        "link to zero node": ("{in}/link-to-zero-node", "not a regular file"),
        "missing": ("{in}/missing", "No such file"),
        "long name": ("{in}/" + LONG, "too long"),
        "folder": ("{in}/folder", "is a directory"),
    }
    for source, (path, fragment) in sources.items():
        add(
            Row(
                f"plan add --file {source}",
                (
                    "plan",
                    "add",
                    "--file",
                    path + ".toml" if source in ("missing", "long name") else path,
                ),
                1 if source != "folder" else 2,
                fragment if source != "long name" else "too long",
            )
        )
    for source, (path, _fragment) in sources.items():
        suffix = "" if source == "folder" else ".md"
        code = 0 if source == "folder" else 1
        line = "0 imported" if source == "folder" else "refused"
        if source == "long name":
            add(Row(f"import {source}", ("import", path + suffix), 1, "too long"))
        else:
            add(Row(f"import {source}", ("import", path + suffix), code, line, stream="out"))
    for source, (path, _fragment) in sources.items():
        code, line = {"long name": (1, "too long"), "folder": (2, "is a directory")}.get(
            source, (2, "cannot restore")
        )
        add(Row(f"restore from {source}", ("restore", "--yes", path), code, line))
    add(
        Row("plan add --file binary", ("plan", "add", "--file", "{in}/binary.toml"), 1, "not UTF-8")
    )
    add(
        Row(
            "plan add --file too large", ("plan", "add", "--file", "{in}/huge.toml"), 1, "too large"
        )
    )
    add(Row("import a non-UTF-8 name", ("import", "{in}/names"), 0, "not UTF-8", stream="out"))
    add(Row("import a deep list", ("import", "{in}/deep.md"), 0, "flattened", stream="out"))
    add(
        Row(
            "import deep front matter",
            ("import", "{in}/deep-front.md"),
            0,
            "nested too deeply",
            stream="out",
        )
    )
    add(Row("restore a text file", ("restore", "--yes", "{in}/plain.txt"), 2, "cannot restore"))
    # -- transfer --to a server that cannot take the record --------------------------------
    transfers = {
        "a SQLite URL": ("sqlite:///elsewhere.sqlite", "PostgreSQL URL"),
        "not a URL": ("not a url", "not a database URL"),
        "no server": ("postgresql://nobody@/nothing?host={out}", "cannot be reached"),
    }
    for target, (url, fragment) in transfers.items():
        add(Row(f"transfer to {target}", ("transfer", "--to", url), 2, fragment))
    # -- numbers and dates ----------------------------------------------------------------
    material = "plain-text-handout"
    for value in ("nan", "inf", "-inf", "-1", "0", "1e400", "abc", ""):
        code = 1 if value in ("-inf", "-1", "0") else 2
        fragment = "minutes" if value not in ("abc", "") else "--minutes-per-day"
        add(
            Row(
                f"--minutes-per-day {value!r}",
                ("plan", "add", material, "--minutes-per-day", value),
                code,
                fragment,
            )
        )
    for value in ("9999-12-31", "0001-01-01"):
        add(
            Row(
                f"--start {value}",
                ("plan", "add", material, "--minutes-per-day", "10", "--start", value),
                0,
                "Plan",
                stream="out",
            )
        )
    for value in ("2026-02-30", "x", "", "99999-01-01", "2026-1-1x"):
        add(
            Row(
                f"--start {value!r}",
                ("plan", "add", material, "--minutes-per-day", "10", "--start", value),
                2,
                "--start",
            )
        )
        add(
            Row(
                f"--finish-by {value!r}",
                ("plan", "add", material, "--finish-by", value),
                2,
                "--finish-by",
            )
        )
    add(
        Row(
            "--finish-by 9999-12-31",
            ("plan", "add", material, "--finish-by", "9999-12-31"),
            0,
            "Plan",
            stream="out",
        )
    )
    add(
        Row(
            "--finish-by before --start",
            ("plan", "add", material, "--start", "2026-05-01", "--finish-by", "2026-04-01"),
            1,
            "studyapp:",
        )
    )
    for option, value in (
        ("--from", "2026-13-01"),
        ("--to", "x"),
        ("--from", "9999-12-31"),
        ("--to", "9999-12-31"),
    ):
        code = 0 if (option, value) == ("--to", "9999-12-31") else 2
        add(
            Row(
                f"export report {option} {value}",
                ("export", "report", "{out}/r.md", option, value),
                code,
                "Wrote" if code == 0 else option,
                stream="out" if code == 0 else "err",
            )
        )
    for value in ("-1", "0", "99999999999999999999999", "x"):
        code = 0 if value == "99999999999999999999999" else 2  # below 1 is a usage error
        add(
            Row(
                f"quiz --count {value}",
                ("quiz", material, "--count", value, "--json"),
                code,
                "questions" if code == 0 else "--count",
                stream="out" if code == 0 else "err",
            )
        )
    for value in ("0", "-5", "x"):
        add(Row(f"search --limit {value}", ("search", "学习", "--limit", value), 2, "limit"))
    add(
        Row(
            "search --limit huge",
            ("search", "学习", "--limit", "9" * 23),
            0,
            "results",
            stream="out",
        )
    )
    # -- serve: refused before it listens (a taken port: tests/test_serve.py) ---------------
    for value in ("0", "65536", "x"):
        add(Row(f"serve --port {value}", ("serve", "--port", value), 2, "--port"))
    add(Row("serve on an unknown host", ("serve", "--host", "no-such-host.invalid"), 2, "host"))
    add(Row("serve on another's address", ("serve", "--host", "192.0.2.1"), 2, "not an address"))
    # -- database URLs ---------------------------------------------------------------------
    for url, fragment in (
        ("foo://x", "URL"),
        ("not a url", "URL"),
        ("postgresql://user@127.0.0.1:9/db", "cannot be reached"),  # no server on port 9
        ("mysql://user@localhost/db", "missing"),
        ("sqlite:////nonexistent-folder/x.sqlite", "cannot be used"),
        ("sqlite:///{in}/folder", "cannot be used"),
        ("sqlite:///{in}/plain.txt", "studyapp"),
    ):
        add(Row(f"--db {url}", ("--db", url, "library"), 2, fragment))
    # -- read-only data dir (run as an unprivileged user) -------------------------------
    for command in (
        ("library",),
        ("doctor",),
        ("today",),
        ("stats",),
        ("plan", "list"),
        ("export", "json", "/tmp/never-written.json"),
        ("backup",),
        ("import", "{in}/plain.md"),
        ("search", "学习"),
        ("review", "--due"),
    ):
        add(
            Row(
                f"read-only data dir: {' '.join(command)}",
                command,
                2,
                "cannot be written",
                data="readonly",
            )
        )
    add(
        Row(
            "unwritable new data dir: library",
            ("library",),
            1,
            "Permission denied",
            data="readonly-new",
        )
    )
    # -- full disk (prlimit --fsize) ----------------------------------------------------------
    add(Row("full disk: first start", ("library",), 2, "disk full", data="fresh", fsize=40_000))
    add(
        Row(
            "full disk: export json",
            ("export", "json", "{out}/x.json"),
            2,
            "free some disk space",
            fsize=2_000,
        )
    )
    add(
        Row(
            "full disk: backup",
            ("backup", "{out}/b.sqlite"),
            2,
            "nothing was replaced",
            fsize=100_000,
        )
    )
    add(
        Row(
            "full disk: import",
            ("import", "{in}/big.md"),
            2,
            "cannot be written",
            data="fresh-copy",
            fsize=9_000_000,
        )
    )
    # -- damaged databases -------------------------------------------------------------------
    for kind in (
        "bad header",
        "bad page size",
        "garbage table page",
        "zeroed index page",
        "truncated to half",
        "last page cut off",
    ):
        for command, code in (
            (("library",), 2),
            (("today",), 2),
            (("stats",), 2),
            (("export", "json", "{out}/x.json"), 2),
            (("doctor",), 1),
            (("backup", "{out}/b.sqlite"), 2),
        ):
            fragment = "restore" if command[0] != "doctor" else "Problems found"
            add(
                Row(
                    f"damaged ({kind}): {' '.join(command)}",
                    command,
                    code,
                    fragment,
                    data=f"damaged-{kind}",
                    stream="err" if command[0] != "doctor" else "out",
                )
            )
    # -- bytes that are not UTF-8 ---------------------------------------------------------
    add(
        Row(
            "quiz --plain stdin not UTF-8",
            ("quiz", material, "--plain", "--count", "1", "--seed", "1"),
            2,
            "UTF-8",
            stdin=b"\xff\xfe\xfa\n",
        )
    )
    add(
        Row(
            "restore answer not UTF-8",
            ("restore", "{in}/good.sqlite"),
            1,
            "aborted",
            stdin=b"\xff\n",
        )
    )
    add(Row("search for a non-UTF-8 word", ("search", BAD_NAME), 1, "No results", stream="out"))
    add(Row("quiz a non-UTF-8 id", ("quiz", BAD_NAME, "--json"), 2, "not valid UTF-8"))
    add(Row("plan show a non-UTF-8 name", ("plan", "show", BAD_NAME), 1, "studyapp:"))
    add(
        Row(
            "search --material escape", ("search", "x", "--material", ESCAPE_NAME), 2, "no material"
        )
    )
    add(Row("read an escape id", ("quiz", ESCAPE_NAME, "--json"), 1, "title"))
    return rows


ROWS = _rows()
