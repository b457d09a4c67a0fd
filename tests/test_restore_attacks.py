"""Restore rebuilds the database: hostile backups are refused, nothing foreign ever enters."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from studyapp.core.stored_values import value_problem
from studyapp.db.backup import check_database
from studyapp.db.migrate import HEAD, REVISIONS
from studyapp.db.rebuild import rebuild_database
from studyapp.db.schema_check import expected_schema, read_schema
from studyapp.locations import Locations
from tests.backup_helpers import ATTACKS, NOTE, database, library_with_history, rows
from tests.cli_helpers import run_cli

pytestmark = pytest.mark.sqlite_only("hostile SQLite backup files and SQLite schema objects")


@pytest.fixture
def good_backup(locations: Locations, tmp_path: Path) -> Path:
    """A checked backup of a library with a reading session and a note."""
    service = library_with_history(locations)
    made = service.backup(tmp_path / "good.sqlite").path
    service.close()
    return made


def _hostile(good: Path, attack: str) -> Path:
    hostile = good.with_name(f"hostile-{abs(hash(attack))}.sqlite")
    shutil.copyfile(good, hostile)
    ATTACKS[attack](hostile)
    return hostile


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_restore_refuses_a_hostile_backup_and_changes_nothing(
    locations: Locations, good_backup: Path, attack: str
) -> None:
    hostile = _hostile(good_backup, attack)
    before = check_database(database(locations), REVISIONS)
    result = run_cli(locations, "restore", str(hostile), "--yes")
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "Nothing was changed" in result.stderr
    assert check_database(database(locations), REVISIONS) == before
    assert rows(database(locations), "SELECT text FROM note") == [(NOTE,)]
    assert not list(locations.backup_dir.glob("before-restore-*"))


def test_the_refusal_names_what_is_wrong(locations: Locations, good_backup: Path) -> None:
    reasons = {
        "extra trigger": "trigger wipe is not studyapp's",
        "replaced search trigger": "trigger paragraph_fts_insert differs",
        "view": "view everything is not studyapp's",
        "missing table": "table review_log is missing",
        "bad timestamp text": "note row 1: updated_at is not a timestamp",
        "another application's alembic database at 0001": "table users is not studyapp's",
    }
    for attack, reason in reasons.items():
        result = run_cli(locations, "restore", str(_hostile(good_backup, attack)), "--yes")
        assert reason in result.stderr, (attack, result.stderr)


def test_the_trigger_attack_is_real_in_the_hostile_file(good_backup: Path) -> None:
    """What restore used to adopt: one quiz answer and the learner's notes are gone."""
    hostile = _hostile(good_backup, "extra trigger")
    with closing(sqlite3.connect(hostile)) as connection, connection:
        connection.execute(
            "INSERT INTO question (id, material_id, section, type, payload, created_at,"
            " flagged_at, flag_reason) VALUES ('q1', 'study-campaign-guide', '1', 'choice', '{}',"
            " '2026-03-02 01:30:00', NULL, NULL)"
        )
        connection.execute(
            "INSERT INTO quiz_answer (question_id, at, local_day, given, verdict, correct,"
            " seconds, hint_used) VALUES ('q1', '2026-03-02 01:31:00', '2026-03-02', '[]',"
            " 'wrong', 0, 3.0, 0)"
        )
    assert rows(hostile, "SELECT count(*) FROM note") == [(0,)]


def test_a_rebuild_never_carries_a_foreign_object(good_backup: Path, tmp_path: Path) -> None:
    """Even unchecked, the rebuilt file holds exactly the objects our migrations make."""
    hostile = _hostile(good_backup, "extra trigger")
    ATTACKS["view"](hostile)
    rebuilt = tmp_path / "rebuilt.sqlite"
    rebuild_database(hostile, rebuilt, HEAD)
    with closing(sqlite3.connect(rebuilt)) as connection:
        found = read_schema(connection)
    assert found.objects == expected_schema(HEAD).objects
    assert rows(rebuilt, "SELECT text FROM note") == [(NOTE,)]
    assert rows(rebuilt, "PRAGMA journal_mode") == [("delete",)]


def test_a_restored_record_survives_answers_and_imports(
    locations: Locations, good_backup: Path, tmp_path: Path
) -> None:
    assert run_cli(locations, "restore", str(good_backup), "--yes").returncode == 0
    quiz = ["study-campaign-guide", "--plain", "--count", "1", "--seed", "4"]
    assert run_cli(locations, "quiz", *quiz, stdin="1\n").returncode == 0
    extra = tmp_path / "extra.md"
    extra.write_text("# 标题\n\n正文一段。\n", encoding="utf-8")
    assert run_cli(locations, "import", str(extra)).returncode == 0
    assert rows(database(locations), "SELECT text FROM note") == [(NOTE,)]
    doctor = run_cli(locations, "doctor", "--json")
    assert doctor.returncode == 0, doctor.stdout


def test_doctor_reports_foreign_triggers_views_and_indexes(locations: Locations) -> None:
    library_with_history(locations).close()
    with closing(sqlite3.connect(database(locations))) as connection, connection:
        connection.execute(
            "CREATE TRIGGER wipe AFTER INSERT ON quiz_answer BEGIN DELETE FROM note; END"
        )
        connection.execute("CREATE VIEW everything AS SELECT * FROM note")
        connection.execute("CREATE INDEX extra_index ON note (text)")
        connection.execute("ANALYZE")  # sqlite_stat1 is SQLite's own: allowed
    result = run_cli(locations, "doctor", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    schema = next(c for c in report["checks"] if c["name"] == "sqlite_schema_objects")
    assert schema["problems"] == [
        "index extra_index is not studyapp's",
        "trigger wipe is not studyapp's",
        "view everything is not studyapp's",
    ]


def test_doctor_allows_sqlites_own_objects(locations: Locations) -> None:
    library_with_history(locations).close()
    with closing(sqlite3.connect(database(locations))) as connection:
        connection.execute("ANALYZE")
    result = run_cli(locations, "doctor", "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["newest_good_backup"] is None


@pytest.mark.parametrize(
    ("declared", "value", "problem"),
    [
        ("DATETIME", "2026-03-02 01:30:00.123456", None),
        ("DATETIME", "2026-03-02T01:30:00", "not a timestamp"),
        ("DATETIME", "2026-13-02 01:30:00", "not a timestamp"),
        ("DATE", "2026-02-30", "not a date"),
        ("INTEGER", 3.5, "not a whole number"),
        ("BOOLEAN", 2, "not 0 or 1"),
        ("FLOAT", float("nan"), "not a finite number"),
        ("JSON", "[1,", "not valid JSON"),
        ("VARCHAR", "行\t一\n二", None),
        ("VARCHAR", "\x1b[31m", "control characters"),
        ("VARCHAR", b"bytes", "not text"),
        ("VARCHAR", None, "NULL"),
    ],
)
def test_value_checks(declared: str, value: object, problem: str | None) -> None:
    found = value_problem(declared, value, not_null=True)
    assert (found is None) if problem is None else (problem in (found or ""))
