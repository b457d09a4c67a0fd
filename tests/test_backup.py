"""Backup and restore: consistent copies, daily automatic backups, checked restores."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from studyapp.config import BackupSettings, Settings
from studyapp.core.retention import Retention, backups_to_keep
from studyapp.db.backup import DatabaseFileError, check_database
from studyapp.db.engine import make_engine
from studyapp.db.migrate import HEAD, REVISIONS, migrate_to
from studyapp.locations import Locations, resolve_locations
from studyapp.services import StudyService
from studyapp.services.backup import BackupError, auto_backup, describe, restore, thin_backups
from tests.cli_helpers import run_cli
from tests.conftest import FIXED_NOW
from tests.ui_helpers import ManualClock, build_app, notifications, run_palette_command, settle

pytestmark = pytest.mark.sqlite_only(
    "these backups copy the SQLite file; a server's JSON records: test_postgres_record.py"
)

MATERIAL = "study-campaign-guide"
TRICKY_NOTE = '心得 [b]粗[/b] [/] <script>alert(1)</script> &amp; =HYPERLINK("http://x")'


def _stats(locations: Locations) -> dict[str, object]:
    result = run_cli(locations, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def _database(locations: Locations) -> Path:
    return locations.data_dir / "studyapp.sqlite"


def _library_with_history(locations: Locations) -> StudyService:
    service = StudyService.open(locations, lambda: FIXED_NOW)
    service.import_bundled_if_new()
    tracker = service.start_reading(MATERIAL, "1", "zh")
    tracker.close()
    service.save_note(MATERIAL, service.material(MATERIAL).sections[0].anchor, TRICKY_NOTE)
    return service


def test_restoring_a_backup_gives_identical_stats(locations: Locations) -> None:
    quiz = [MATERIAL, "--plain", "--count", "3", "--seed", "4"]
    assert run_cli(locations, "quiz", *quiz, stdin="1\n1\n1\n").returncode == 0
    before = _stats(locations)
    made = run_cli(locations, "backup", "--json")
    assert made.returncode == 0, made.stderr
    backup = json.loads(made.stdout)
    assert backup["revision"] == HEAD and backup["counts"]["quiz_answer"] == 3
    assert run_cli(locations, "review", "--plain", stdin="1\n1\n").returncode == 0
    assert _stats(locations) != before
    restored = run_cli(locations, "restore", backup["path"], "--yes", "--json")
    assert restored.returncode == 0, restored.stderr
    assert Path(json.loads(restored.stdout)["previous"]).is_file()
    assert _stats(locations) == before


def test_restore_asks_first_and_no_keeps_everything(locations: Locations, tmp_path: Path) -> None:
    service = _library_with_history(locations)
    copy = service.backup(tmp_path / "copy.sqlite").path
    service.save_note(MATERIAL, "later", "后来写的")
    service.close()
    refused = run_cli(locations, "restore", str(copy), stdin="n\n")
    assert refused.returncode == 1
    assert "Replace the current record" in refused.stdout
    assert _rows(_database(locations), "SELECT text FROM note WHERE section = 'later'")


def test_the_backup_keeps_cjk_and_markup_in_notes_verbatim(locations: Locations) -> None:
    service = _library_with_history(locations)
    made = service.backup()
    service.close()
    assert made.path.parent == locations.backup_dir
    assert _rows(made.path, "SELECT text FROM note") == [(TRICKY_NOTE,)]
    assert _rows(made.path, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file


def test_backup_is_consistent_while_another_writer_holds_a_transaction(
    locations: Locations, tmp_path: Path
) -> None:
    service = _library_with_history(locations)
    with closing(sqlite3.connect(_database(locations), isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO note (material_id, section, text, updated_at)"
            " VALUES (?, 'uncommitted', '未提交', '2026-03-02 01:30:00')",
            (MATERIAL,),
        )
        made = service.backup(tmp_path / "during.sqlite")
        other.execute("COMMIT")
    service.close()
    sections = {row[0] for row in _rows(made.path, "SELECT section FROM note")}
    assert "uncommitted" not in sections and len(sections) == 1
    assert made.summary.counts["note"] == 1


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("not-sqlite", "not an SQLite database file"),
        ("truncated", "damaged"),
        ("newer", "newer studyapp"),
        ("foreign", "not a studyapp database"),
    ],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(
    locations: Locations, tmp_path: Path, damage: str, reason: str
) -> None:
    service = _library_with_history(locations)
    bad = _damaged_copy(service, tmp_path, damage)
    service.close()
    before = check_database(_database(locations), REVISIONS)
    result = run_cli(locations, "restore", str(bad), "--yes")
    assert result.returncode == 2
    assert reason in result.stderr and "Nothing was changed" in result.stderr
    assert check_database(_database(locations), REVISIONS) == before
    assert not list(locations.backup_dir.glob("before-restore-*"))


def _damaged_copy(service: StudyService, folder: Path, damage: str) -> Path:
    target = folder / f"{damage}.sqlite"
    if damage == "not-sqlite":
        target.write_text("学习记录,不是数据库\n", encoding="utf-8")
        return target
    if damage == "foreign":
        with closing(sqlite3.connect(target)) as connection:
            connection.execute("CREATE TABLE material (id TEXT)")
        return target
    service.backup(target)
    if damage == "truncated":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 3])
    else:
        with closing(sqlite3.connect(target)) as connection, connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
    return target


def test_restoring_an_older_schema_upgrades_it(locations: Locations, tmp_path: Path) -> None:
    StudyService.open(locations, lambda: FIXED_NOW).close()
    old = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{old}")
    migrate_to(engine, REVISIONS[0])
    engine.dispose()
    result = restore(locations, old, FIXED_NOW)
    assert result.upgraded and result.restored.summary.revision == REVISIONS[0]
    assert check_database(_database(locations), REVISIONS).revision == HEAD


def test_restore_works_when_the_current_database_is_destroyed(
    locations: Locations, tmp_path: Path
) -> None:
    service = _library_with_history(locations)
    copy = service.backup(tmp_path / "good.sqlite").path
    service.close()
    live = _database(locations)
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    live.write_bytes(b"\x00garbage" * 1000)
    result = restore(locations, copy, FIXED_NOW)
    assert result.previous is not None and result.previous.read_bytes().startswith(b"\x00garb")
    assert _rows(live, "SELECT text FROM note") == [(TRICKY_NOTE,)]


def test_describe_names_the_file_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "不存在.sqlite"
    with pytest.raises(BackupError, match=r"不存在\.sqlite: no such file"):
        describe(missing)
    with pytest.raises(DatabaseFileError):
        check_database(missing, REVISIONS)


def test_automatic_backups_once_a_day_thinned_over_two_months(tmp_path: Path) -> None:
    locations = resolve_locations(tmp_path / "data", environ={})
    clock = ManualClock(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    service = StudyService(locations, Settings(timezone="Asia/Shanghai"), clock)
    manual = service.backup()
    rule = Retention(daily=3, weekly=2, monthly=2)
    days = []
    for _ in range(60):
        first = auto_backup(service, rule)
        again = auto_backup(service, rule)
        assert first.created is not None and again.created is None and again.removed == ()
        days.append(service.local_day())
        clock.advance(24 * 3600)
    service.close()
    kept = sorted(p.name for p in locations.backup_dir.glob("auto-*.sqlite"))
    assert kept == sorted(f"auto-{d.isoformat()}.sqlite" for d in backups_to_keep(days, rule))
    assert len(kept) <= 7 and manual.path.exists()
    assert thin_backups(locations.backup_dir, rule) == ()


def test_automatic_backup_can_be_switched_off(locations: Locations) -> None:
    settings = Settings(backup=BackupSettings(automatic=False))
    service = StudyService(locations, settings, lambda: FIXED_NOW)
    assert service.auto_backup() is None
    service.close()
    assert not locations.backup_dir.exists() or not list(locations.backup_dir.iterdir())


async def test_the_app_backs_up_at_start_after_the_library_is_shown(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert app.materials
    local_day = FIXED_NOW.astimezone().date()  # the test settings use the system zone
    backup = locations.backup_dir / f"auto-{local_day.isoformat()}.sqlite"
    assert backup.is_file()
    assert check_database(backup, REVISIONS).counts["material"] == len(app.materials)


def test_backup_list_shows_the_files(locations: Locations) -> None:
    service = _library_with_history(locations)
    made = service.backup()
    service.close()
    listed = json.loads(run_cli(locations, "backup", "--list", "--json").stdout)
    assert [item["path"] for item in listed] == [str(made.path)]
    assert listed[0]["bytes"] == made.size


async def test_back_up_now_from_the_command_palette(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, "Back up now")
        notes = notifications(app)
    made = list(locations.backup_dir.glob("studyapp-*.sqlite"))
    assert len(made) == 1
    assert f"Backed up to {made[0]}" in notes
