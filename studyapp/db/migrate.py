"""Schema at start-up: create a new DB, back up and upgrade an old one, refuse a newer one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import URL, Connection, Engine, inspect, make_url, text
from sqlmodel import SQLModel

import studyapp.db.models  # noqa: F401  (registers the tables)
from studyapp.db.backup import copy_database
from studyapp.db.models import GROUP_TABLES, LEARNER_TABLES
from studyapp.db.postgres import (
    UnsupportedDatabase,
    check_encoding,
    enable_row_security,
    protect_learner_rows,
)
from studyapp.db.search_index import create_search_index, ensure_search_index, is_index_table

# Revisions this version knows, oldest first; a test checks them against Alembic's scripts.
REVISIONS: tuple[str, ...] = tuple(f"{number:04d}" for number in range(1, 12))
HEAD = REVISIONS[-1]


class SchemaError(RuntimeError):
    """The database cannot be used by this version; it was left untouched."""


@dataclass(frozen=True)
class SchemaStatus:
    """What start-up did to the schema."""

    action: Literal["created", "current", "upgraded"]
    revision: str
    backup: Path | None = None


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, or ``None`` when there is none."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine, backup_dir: Path, now: dt.datetime) -> SchemaStatus:
    """Bring the database to this version's schema.

    Args:
        engine: the app's engine.
        backup_dir: where a pre-upgrade backup of a SQLite file goes.
        now: the time, for the backup's name.

    Raises:
        SchemaError: the database comes from a newer version, or is not studyapp's,
            or is a PostgreSQL database that is not UTF-8.
    """
    try:
        check_encoding(engine)
    except UnsupportedDatabase as error:
        raise SchemaError(str(error)) from None
    status = _migrate(engine, backup_dir, now)
    ensure_search_index(engine)  # new databases, and indexes lost to a table rebuild
    return status


def _migrate(engine: Engine, backup_dir: Path, now: dt.datetime) -> SchemaStatus:
    revision = current_revision(engine)
    if revision == HEAD:
        return SchemaStatus("current", HEAD)
    if revision is None:
        revision = _create(engine)
        if revision is None:
            if current_revision(engine) != HEAD:  # the commit was lost (a full disk)
                raise SchemaError(
                    "The new database could not be written (is the disk full?). Free some "
                    "space and try again; nothing was created."
                )
            return SchemaStatus("created", HEAD)
        if revision == HEAD:  # another process created it meanwhile
            return SchemaStatus("current", HEAD)
    if revision not in REVISIONS:
        raise SchemaError(
            f"The database's schema ({revision}) comes from a newer studyapp; this version "
            f"knows schemas up to {HEAD}. Upgrade studyapp, or use another --db / --data-dir. "
            "The database was not changed."
        )
    backup = backup_sqlite(engine, backup_dir / f"before-upgrade-{revision}-{_stamp(now)}.sqlite")
    _alembic("upgrade", engine)
    return SchemaStatus("upgraded", HEAD, backup)


def _create(engine: Engine) -> str | None:
    """Create, stamp and index a new database in one write transaction.

    A kill at any moment leaves the file as it was (empty), never tables without a
    version. A database an older studyapp left half-created (its tables, all empty,
    and no version) is rebuilt in the same transaction.

    Returns:
        ``None`` when this call created the schema, else the revision another
        process stamped while this one waited for the write lock.

    Raises:
        SchemaError: the database holds other tables, or data without a version.
    """
    with engine.connect() as connection:
        connection.execution_options(immediate=True)
        with connection.begin():
            if inspect(connection).has_table("alembic_version"):
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            _clear_half_created(connection)
            SQLModel.metadata.create_all(connection)
            protect_learner_rows(connection, LEARNER_TABLES)
            enable_row_security(connection, GROUP_TABLES)
            _run_alembic("stamp", connection, HEAD)
            create_search_index(connection)
    return None


def _clear_half_created(connection: Connection) -> None:
    """Drop the empty studyapp tables of an unfinished first start; refuse anything else."""
    tables = sorted(inspect(connection).get_table_names())
    if not tables:
        return
    ours = set(SQLModel.metadata.tables)
    foreign = [t for t in tables if t not in ours and not is_index_table(t)]
    if foreign or any(_has_rows(connection, t) for t in tables if t in ours):
        raise SchemaError(
            "The database holds tables but no studyapp schema version; it is not a studyapp "
            "database. Point --db / --data-dir elsewhere. The database was not changed."
        )
    for table in tables:  # the FTS table sorts before its shadow tables, which go with it
        if is_index_table(table):
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}"')
    SQLModel.metadata.drop_all(connection)  # children before parents


def _has_rows(connection: Connection, table: str) -> bool:
    return bool(connection.exec_driver_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').scalar())


def _alembic(command_name: str, engine: Engine, target: str = "head") -> None:
    with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
        _run_alembic(command_name, connection, target)


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, no foreign-key actions while migrating: a migration that rebuilds a
    parent table (plan, review_card) drops the old copy, and ``ON DELETE CASCADE``
    would take the children's rows with it. The pragma only works outside a
    transaction, so it is set on the driver's connection before the migration begins.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _run_alembic(command_name: str, connection: Connection, target: str) -> None:
    """Run an Alembic command on ``connection``, inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "studyapp.db:migrations")
    config.attributes["connection"] = connection
    getattr(command, command_name)(config, target)


def migrate_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to ``revision`` (tests use this to build old databases)."""
    _alembic("upgrade", engine, revision)


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def sqlite_path(engine: Engine) -> Path | None:
    """The file behind a SQLite engine, or ``None`` for other databases and ``:memory:``."""
    return sqlite_file(engine.url)


def sqlite_file(url: str | URL) -> Path | None:
    """The file a SQLite URL names, or ``None`` for other databases and ``:memory:``."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_sqlite(engine: Engine, target: Path) -> Path | None:
    """Copy a SQLite database with the online backup API (consistent while in use).

    Returns:
        The backup's path, or ``None`` when the engine is not a SQLite file.
    """
    source = sqlite_path(engine)
    if source is None:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(source, target)
    return target
