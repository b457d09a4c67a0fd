"""Outputs (issue 11 item 9): only regular files or new paths, modes kept, temporaries swept.

Device nodes are made with mknod in a temporary folder; no test names the machine's
real /dev/null or /dev/full.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from studyapp.services import StudyService
from studyapp.services.files import (
    TEMP_PREFIX,
    OutputRefused,
    atomic_write_text,
    remove_stale_temporaries,
)


def _node(folder: Path, name: str = "full-node") -> Path:
    if os.geteuid() != 0:
        pytest.skip("mknod needs root")
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return path


@pytest.mark.parametrize("kind", ["device", "fifo", "link to device", "folder"])
def test_a_target_that_is_not_a_regular_file_is_never_replaced(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "fifo"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    else:
        node = _node(tmp_path)
        target = node if kind == "device" else tmp_path / "link"
        if kind == "link to device":
            target.symlink_to(node)
    before = target.lstat()
    with pytest.raises(OutputRefused):
        atomic_write_text(target, "data")
    after = target.lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_export_json_to_a_device_exits_1_and_keeps_the_device(
    service: StudyService, tmp_path: Path
) -> None:
    from tests.cli_helpers import run_cli

    node = _node(tmp_path)
    result = run_cli(service.locations, "export", "json", str(node))
    assert result.returncode == 1 and "not a regular file" in result.stderr
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_new_files_follow_the_umask_and_existing_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        fresh = atomic_write_text(tmp_path / "new.json", "{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        shared = tmp_path / "shared.json"
        shared.write_text("old")
        shared.chmod(0o664)
        atomic_write_text(shared, "new")
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
        assert shared.read_text() == "new"
    finally:
        os.umask(old)


def test_a_link_to_a_regular_file_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    real.chmod(0o644)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


@pytest.mark.sqlite_only("a backup is a copy of the SQLite file")
def test_backups_stay_owner_only(service: StudyService, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        backup = service.backup(tmp_path / "b.sqlite").path
    finally:
        os.umask(old)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_exports_follow_the_umask(service: StudyService, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        export = service.export_json(tmp_path / "r.json").path
    finally:
        os.umask(old)
    assert stat.S_IMODE(export.stat().st_mode) == 0o644


def test_stale_temporaries_are_removed_at_the_next_start(service: StudyService) -> None:
    folder = service.locations.data_dir
    stale = folder / f"{TEMP_PREFIX}killed.tmp"
    fresh = folder / f"{TEMP_PREFIX}running.tmp"
    other = folder / "notes.tmp"
    for path in (stale, fresh, other):
        path.write_text("x")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    StudyService.open(service.locations).close()
    assert not stale.exists()
    assert fresh.exists() and other.exists()  # a running export's file, and not ours
    assert remove_stale_temporaries([folder], older_than=0) == 1


def test_export_anki_leaves_no_scratch_database_behind(
    service: StudyService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "system-tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr("tempfile.tempdir", None)
    out = tmp_path / "out"
    out.mkdir()
    service.export_anki(out / "deck.apkg")
    assert sorted(p.name for p in out.iterdir()) == ["deck.apkg"]
    assert list(scratch.iterdir()) == []
