"""A damaged database never eats the good backups; doctor and the TUI name the one to restore."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from studyapp.config import Settings
from studyapp.core.retention import Retention
from studyapp.locations import Locations, resolve_locations
from studyapp.services import StudyService
from studyapp.services.backup import DatabaseDamaged, auto_backup, thin_backups
from studyapp.services.backup_checks import record_check, recorded_ok
from tests.backup_helpers import DAMAGE, NOTE, database, library_with_history, rows
from tests.cli_helpers import run_cli
from tests.ui_helpers import ManualClock, build_app, notifications, screen_text, settle

pytestmark = pytest.mark.sqlite_only("damages the SQLite file and restores its backups")


def _damaged_library(locations: Locations, kind: str) -> Path:
    """A library with one good backup in the backups folder, then its database damaged."""
    service = library_with_history(locations)
    good = service.backup().path
    service.close()
    DAMAGE[kind](database(locations))
    return good


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_backup_of_a_damaged_database_keeps_the_good_file(
    locations: Locations, tmp_path: Path, kind: str
) -> None:
    service = library_with_history(locations)
    target = service.backup(tmp_path / "good.sqlite").path
    service.close()
    good_bytes = target.read_bytes()
    DAMAGE[kind](database(locations))
    result = run_cli(locations, "backup", str(target))
    assert result.returncode == 2
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert target.read_bytes() == good_bytes
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["good.sqlite"]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_doctor_reports_damage_and_the_backup_to_restore(locations: Locations, kind: str) -> None:
    good = _damaged_library(locations, kind)
    result = run_cli(locations, "doctor", "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert not report["ok"] and not all(check["ok"] for check in report["checks"])
    assert report["newest_good_backup"] == str(good)
    assert report["restore_command"] == f"studyapp restore {good}"
    text = run_cli(locations, "doctor")
    assert "FAIL" in text.stdout and f"studyapp restore {good}" in text.stdout


def test_restoring_the_named_backup_heals_the_library(locations: Locations) -> None:
    good = _damaged_library(locations, "garbage table page")
    command = json.loads(run_cli(locations, "doctor", "--json").stdout)["restore_command"]
    assert command.split()[:2] == ["studyapp", "restore"]
    assert run_cli(locations, "restore", str(good), "--yes").returncode == 0
    assert run_cli(locations, "doctor").returncode == 0
    assert rows(database(locations), "SELECT text FROM note") == [(NOTE,)]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_automatic_backup_refuses_a_damaged_database(tmp_path: Path, kind: str) -> None:
    locations = resolve_locations(tmp_path / "data", environ={})
    clock = ManualClock(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    service = StudyService(locations, Settings(timezone="UTC"), clock)
    service.import_bundled_if_new()
    rule = Retention(daily=2, weekly=0, monthly=0)
    for _ in range(4):
        auto_backup(service, rule)
        clock.advance(24 * 3600)
    service.close()
    before = sorted(locations.backup_dir.iterdir())
    DAMAGE[kind](database(locations))
    with pytest.raises(DatabaseDamaged, match="damaged") as refused:
        auto_backup(service, Retention(daily=1, weekly=0, monthly=0))
    assert "studyapp restore" in str(refused.value)
    assert sorted(locations.backup_dir.iterdir()) == before


def test_thinning_keeps_the_newest_backup_that_passed_its_check(tmp_path: Path) -> None:
    """Damaged automatic backups (from an older version) never push the good one out."""
    locations = resolve_locations(tmp_path / "data", environ={})
    clock = ManualClock(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    service = StudyService(locations, Settings(timezone="UTC"), clock)
    for _ in range(3):
        auto_backup(service, Retention())
        clock.advance(24 * 3600)
    service.close()
    folder = locations.backup_dir
    newest_good = folder / "auto-2026-01-03.sqlite"
    assert recorded_ok(newest_good)
    for day in range(4, 12):
        bad = folder / f"auto-2026-01-{day:02d}.sqlite"
        bad.write_bytes(b"\0" * 4096)
        record_check(bad, False, "not an SQLite database file")
    removed = thin_backups(folder, Retention(daily=3, weekly=0, monthly=0))
    assert newest_good.is_file() and newest_good not in removed
    assert len(removed) == 7
    assert not any(Path(f"{path}.check.json").exists() for path in removed)


def test_a_backup_changed_after_its_check_counts_as_unchecked(locations: Locations) -> None:
    service = library_with_history(locations)
    made = service.backup().path
    service.close()
    assert recorded_ok(made)
    with made.open("r+b") as handle:
        handle.seek(0)
        handle.write(b"x")
    assert recorded_ok(made) is None


def _device(folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.sqlite"
    if kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        (folder / "elsewhere.sqlite").write_bytes(b"keep")
        path.symlink_to(folder / "elsewhere.sqlite")
    return path


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink"])
def test_backup_writes_only_regular_files(locations: Locations, tmp_path: Path, kind: str) -> None:
    library_with_history(locations).close()
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    target = _device(tmp_path, kind)
    before = target.lstat()
    result = run_cli(locations, "backup", str(target))
    assert result.returncode == 2
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr
    after = target.lstat()
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert after.st_ino == before.st_ino
    assert (tmp_path / "elsewhere.sqlite").read_bytes() == b"keep" if kind == "symlink" else True


def test_backups_are_readable_by_their_owner_only(locations: Locations, tmp_path: Path) -> None:
    service = library_with_history(locations)
    made = [service.backup().path, service.backup(tmp_path / "mine.sqlite").path]
    service.close()
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in made)


async def test_the_app_start_warns_about_damaged_pages(locations: Locations) -> None:
    good = _damaged_library(locations, "garbage table page")
    before = sorted(locations.backup_dir.iterdir())
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        warnings = "\n".join(notifications(app))
    assert "damaged" in warnings and f"studyapp restore {good}" in warnings
    assert sorted(locations.backup_dir.iterdir()) == before  # no damaged auto- backup


async def test_the_app_start_names_the_backup_when_the_header_is_bad(
    locations: Locations,
) -> None:
    good = _damaged_library(locations, "bad header")
    app = build_app(locations)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
    assert "not an SQLite database file" in text
    assert "studyapp restore" in text and good.name in text


def test_a_missing_good_backup_is_said_plainly(locations: Locations) -> None:
    library_with_history(locations).close()
    shutil.rmtree(locations.backup_dir, ignore_errors=True)
    DAMAGE["truncated to half"](database(locations))
    result = run_cli(locations, "doctor")
    assert result.returncode == 1
    assert "No checked backup was found" in result.stdout
