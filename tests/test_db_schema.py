"""Engine settings, the UTC type and start-up migrations: create, upgrade with backup, refuse."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel

from studyapp.db.engine import make_engine, read_session, write_session
from studyapp.db.migrate import (
    HEAD,
    REVISIONS,
    SchemaError,
    current_revision,
    ensure_schema,
    migrate_to,
)
from studyapp.db.models import MaterialRow
from studyapp.db.search_index import include_name
from tests.conftest import FIXED_NOW


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_known_revisions_match_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", "studyapp.db:migrations")
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert script.get_current_head() == HEAD


def test_migrations_build_the_same_schema_as_the_models(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path / "migrated.sqlite"))
    migrate_to(engine, HEAD)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_engine_sets_the_pragmas_we_rely_on(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path / "p.sqlite"))
    with engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000


def test_write_sessions_begin_immediate(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path / "w.sqlite"))
    SQLModel.metadata.create_all(engine)
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with write_session(engine) as session:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    with read_session(engine) as session:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    assert statements[0] == "BEGIN IMMEDIATE"
    assert "BEGIN" in statements and statements.count("BEGIN IMMEDIATE") == 1


def test_utc_datetime_round_trips_aware_and_refuses_naive(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path / "t.sqlite"))
    SQLModel.metadata.create_all(engine)
    beijing = dt.timezone(dt.timedelta(hours=8))
    local = dt.datetime(2026, 3, 2, 9, 30, tzinfo=beijing)
    row = MaterialRow(
        id="m",
        title="t",
        language="zh",
        source="s",
        encoding="utf-8",
        file_hash="h",
        chars=1,
        section_count=1,
        imported_at=local,
        updated_at=local,
    )
    with write_session(engine) as session:
        session.add(row)
    with read_session(engine) as session:
        stored = session.get(MaterialRow, "m")
        assert stored is not None
        assert stored.imported_at == local
        assert stored.imported_at.tzinfo == dt.UTC
        assert stored.imported_at.hour == 1
    naive = MaterialRow(
        id="n",
        title="t",
        language="zh",
        source="n",
        encoding="utf-8",
        file_hash="h",
        chars=1,
        section_count=1,
        imported_at=dt.datetime(2026, 1, 1),
        updated_at=local,
    )
    with pytest.raises(Exception, match="naive"), write_session(engine) as session:
        session.add(naive)


def test_a_new_database_is_created_and_stamped(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path / "new.sqlite"))
    status = ensure_schema(engine, tmp_path / "backups", FIXED_NOW)
    assert status.action == "created"
    assert current_revision(engine) == HEAD
    assert not (tmp_path / "backups").exists()
    assert ensure_schema(engine, tmp_path / "backups", FIXED_NOW).action == "current"


def test_an_old_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(_url(path))
    migrate_to(engine, REVISIONS[0])
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO material (id, title, tags, language, required, source, encoding,"
                " file_hash, chars, section_count, imported_at, updated_at)"
                " VALUES ('keep', '旧材料', '[]', 'zh', 1, 'src', 'utf-8', 'h', 3, 0,"
                " '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00')"
            )
        )
    status = ensure_schema(engine, tmp_path / "backups", FIXED_NOW)
    assert status.action == "upgraded" and current_revision(engine) == HEAD
    assert status.backup is not None and status.backup.exists()
    with sqlite3.connect(status.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT title FROM material").fetchall() == [("旧材料",)]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT title, description FROM material")).all() == [
            ("旧材料", None)
        ]


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    engine = make_engine(_url(path))
    ensure_schema(engine, tmp_path / "backups", FIXED_NOW)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = _digest(path)
    engine = make_engine(_url(path))
    with pytest.raises(SchemaError, match="newer studyapp"):
        ensure_schema(engine, tmp_path / "backups", FIXED_NOW)
    engine.dispose()
    assert _digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(SchemaError, match="not a studyapp database"):
        ensure_schema(make_engine(_url(path)), tmp_path / "b", FIXED_NOW)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def test_a_failed_first_start_leaves_no_tables_and_the_next_start_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import studyapp.db.migrate as migrate

    path = tmp_path / "first.sqlite"

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # dies between creating the tables and stamping them

    monkeypatch.setattr(migrate, "_run_alembic", killed)
    with pytest.raises(KeyboardInterrupt):
        ensure_schema(make_engine(_url(path)), tmp_path / "b", FIXED_NOW)
    assert _tables(path) == set()  # creation and stamp are one transaction
    monkeypatch.undo()
    engine = make_engine(_url(path))
    assert ensure_schema(engine, tmp_path / "b", FIXED_NOW).action == "created"
    assert current_revision(engine) == HEAD


def test_a_half_created_database_from_an_older_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "half.sqlite"
    engine = make_engine(_url(path))
    SQLModel.metadata.create_all(engine)  # what a kill before the stamp used to leave
    engine.dispose()
    engine = make_engine(_url(path))
    status = ensure_schema(engine, tmp_path / "b", FIXED_NOW)
    assert status.action == "created" and current_revision(engine) == HEAD
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert "paragraph_fts" in _tables(path)


def test_unstamped_studyapp_tables_holding_data_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite"
    engine = make_engine(_url(path))
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO challenge_run (streak, finished_at) VALUES (3, '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    before = _digest(path)
    with pytest.raises(SchemaError, match="not a studyapp database"):
        ensure_schema(make_engine(_url(path)), tmp_path / "b", FIXED_NOW)
    assert _digest(path) == before


def test_two_first_starts_at_once_create_the_schema_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "race.sqlite"
    engines = [make_engine(_url(path)) for _ in range(2)]
    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(lambda e: ensure_schema(e, tmp_path / "b", FIXED_NOW), engines))
    assert sorted(s.action for s in statuses) == ["created", "current"]
    assert all(current_revision(e) == HEAD for e in engines)


_OLD_ROWS = (
    "INSERT INTO material (id, title, tags, language, required, source, encoding, file_hash, "
    "chars, section_count, imported_at, updated_at) VALUES ('m', 'M', '[]', 'zh', 0, 's', "
    "'utf-8', 'h', 10, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO reading_position VALUES ('m', 's1', 2, 0, '2026-01-02 00:00:00')",
    "INSERT INTO reading_session (id, material_id, first_section, last_section, started_at, "
    "ended_at, active_seconds, chars_read, han_read, words_read, language, local_day) VALUES "
    "(1, 'm', 's1', 's1', '2026-01-02 00:00:00', '2026-01-02 00:10:00', 600, 10, 10, 0, 'zh', "
    "'2026-01-02')",
    "INSERT INTO section_progress (material_id, section, furthest_paragraph) VALUES ('m', 's1', 2)",
    "INSERT INTO note VALUES ('m', 's1', '心得', '2026-01-02 00:00:00')",
    "INSERT INTO plan VALUES (1, '读书计划', '2026-01-01', NULL, 20, '2026-01-01 00:00:00')",
    "INSERT INTO plan_item (id, plan_id, position, day, material_id, section, title, "
    "first_paragraph, last_paragraph, chars, words, han, part, language, required) VALUES "
    "(1, 1, 0, '2026-01-01', 'm', 's1', 'S', 0, 2, 10, 0, 10, 0, 'zh', 0)",
    "INSERT INTO question (id, material_id, section, type, payload, created_at) VALUES "
    "('q', 'm', 's1', 'choice', '{}', '2026-01-02 00:00:00')",
    "INSERT INTO quiz_answer (id, question_id, at, local_day, given, verdict, correct, seconds, "
    "hint_used) VALUES (1, 'q', '2026-01-02 00:00:00', '2026-01-02', '[]', 'wrong', 0, 3, 0)",
    "INSERT INTO review_card (card_id, question_id, material_id, state, due, reps, lapses, "
    "suspended, leech, format, created_at) VALUES ('q', 'q', 'm', 'new', '2026-01-03 00:00:00', "
    "0, 0, 0, 0, 'choice', '2026-01-02 00:00:00')",
    "INSERT INTO review_log (id, card_id, question_id, rating, reviewed_at, local_day, cram, "
    "previous_state, payload) VALUES (1, 'q', 'q', 3, '2026-01-03 00:00:00', '2026-01-03', 0, "
    "'new', '{}')",
    "INSERT INTO challenge_run (id, streak, finished_at) VALUES (1, 4, '2026-01-03 00:00:00')",
)


def test_a_single_learner_database_upgrades_to_owned_rows_with_its_history(
    tmp_path: Path,
) -> None:
    from studyapp.db.models import LEARNER_TABLES
    from studyapp.db.types import DEFAULT_LEARNER

    path = tmp_path / "old.sqlite"
    engine = make_engine(_url(path))
    migrate_to(engine, "0008")
    with sqlite3.connect(path) as connection:
        for statement in _OLD_ROWS:
            connection.execute(statement)
        before = {t: connection.execute(f"SELECT * FROM {t}").fetchall() for t in LEARNER_TABLES}
    assert all(before.values())
    status = ensure_schema(engine, tmp_path / "backups", FIXED_NOW)
    engine.dispose()
    assert status.action == "upgraded" and status.revision == HEAD
    with sqlite3.connect(path) as connection:
        for table in LEARNER_TABLES:
            owned = connection.execute(f"SELECT * FROM {table}").fetchall()
            owners = {row[0] for row in connection.execute(f"SELECT owner FROM {table}")}
            assert owners == {DEFAULT_LEARNER}, table
            assert sorted(row[:-1] for row in owned) == sorted(before[table]), table
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM review_card")  # the per-owner key still cascades
        assert connection.execute("SELECT count(*) FROM review_log").fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError):  # one plan name per learner still
            connection.execute(
                "INSERT INTO plan (name, start, created_at) VALUES "
                "('读书计划', '2026-01-01', '2026-01-01 00:00:00')"
            )


class _LockedTwice:
    """A cursor whose first two WAL switches meet another process's first start."""

    def __init__(self, error: str = "database is locked") -> None:
        self.calls = 0
        self.error = error

    def execute(self, statement: str) -> None:
        self.calls += 1
        if self.calls <= 2:
            raise sqlite3.OperationalError(self.error)


def test_the_switch_to_wal_waits_for_another_first_start() -> None:
    from studyapp.db.engine import _wal

    cursor = _LockedTwice()
    _wal(cursor)
    assert cursor.calls == 3
    other = _LockedTwice("disk I/O error")
    with pytest.raises(sqlite3.OperationalError):
        _wal(other)
    assert other.calls == 1
