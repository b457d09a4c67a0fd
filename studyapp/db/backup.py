"""SQLite database files: copy with the online backup API, check, describe and restore."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from studyapp.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
COUNTED_TABLES = (
    "material",
    "reading_session",
    "note",
    "plan",
    "quiz_answer",
    "review_card",
    "review_log",
)
ACTIVITY_COLUMNS = (
    ("reading_session", "ended_at"),
    ("quiz_answer", "at"),
    ("review_log", "reviewed_at"),
    ("note", "updated_at"),
)


class DatabaseFileError(RuntimeError):
    """A file is not a usable studyapp database; the message says why."""


@dataclass(frozen=True)
class DatabaseSummary:
    """What a database file holds, for a learner deciding whether to restore it."""

    revision: str
    counts: dict[str, int]
    last_activity: str | None  # naive UTC timestamp as stored, or None for an empty record


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` with SQLite's online backup API.

    Safe while other connections read or write ``source``: the copy is one consistent
    snapshot. ``target`` ends up a self-contained file (rollback journal, no WAL).
    """
    with closing(_connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def restore_into(source: Path, live: Path) -> None:
    """Overwrite the database at ``live`` with the content of ``source``, in one step.

    The backup API writes through SQLite's locking, so other connections to ``live`` see
    either the old database or the restored one, never a mix.
    """
    with closing(_connect(source)) as src, closing(sqlite3.connect(live, timeout=15)) as dst:
        src.backup(dst)


def check_database(
    path: Path, known_revisions: tuple[str, ...], *, schema: bool = False
) -> DatabaseSummary:
    """Check that ``path`` is a whole, readable studyapp database this version can use.

    Args:
        path: the file.
        known_revisions: the schema revisions this version knows, oldest first.
        schema: also require the tables and columns of its revision exactly, and no
            trigger or view studyapp did not make (what a restore needs).

    Raises:
        DatabaseFileError: missing, not SQLite, damaged, not studyapp's, or from a newer
            studyapp; the message says which.
    """
    _check_header(path)
    with _reading(path) as connection:
        _check_integrity(connection)
        tables = _tables(connection)
        revision = _revision(connection, tables)
        if revision not in known_revisions:
            raise DatabaseFileError(
                _(
                    "its schema ({revision}) comes from a newer studyapp; "
                    "this version knows schemas up to {head}"
                ).format(revision=revision, head=known_revisions[-1])
            )
        if schema:
            _check_schema(connection, revision)
        return DatabaseSummary(
            revision, _counts(connection, tables), _last_activity(connection, tables)
        )


def damage(path: Path, *, quick: bool = False) -> str | None:
    """Why the SQLite file at ``path`` is unreadable or damaged, or ``None`` when it is whole.

    Reads every page (``PRAGMA integrity_check`` and the foreign keys); never raises for a
    damaged file. ``quick`` runs ``PRAGMA quick_check`` only: every page's structure
    still, but not index contents or foreign keys (0.6 s instead of 1.5 s on 100 MB).
    """
    try:
        _check_header(path)
        with _reading(path) as connection:
            if quick:
                _check_pages(connection, "quick_check")
            else:
                _check_integrity(connection)
    except DatabaseUnavailable:
        return None  # it cannot be read from here; the command that opens it will say why
    except DatabaseFileError as error:
        return str(error)
    return None


def _check_schema(connection: sqlite3.Connection, revision: str) -> None:
    from studyapp.db.schema_check import (
        expected_schema,
        hostile_objects,
        read_schema,
        table_problems,
    )

    found, expected = read_schema(connection), expected_schema(revision)
    problems = table_problems(found, expected) + hostile_objects(found, expected)
    if problems:
        raise DatabaseFileError(
            f"it does not match studyapp's schema {revision}: " + "; ".join(problems[:5])
        )


def _check_header(path: Path) -> None:
    if not path.is_file():
        raise DatabaseFileError(_("no such file"))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseFileError(_("not an SQLite database file"))


# Errors that say the file cannot be opened or read here, not that it is damaged.
_NOT_DAMAGE = (
    "readonly",
    "read-only",
    "unable to open",
    "locked",
    "permission",
    "disk I/O error",  # a full disk or a file size limit when the shared memory file grows
    "disk is full",
)


class DatabaseUnavailable(DatabaseFileError):
    """The file could not be read from here (permissions, a read-only folder, a lock)."""


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    connection: sqlite3.Connection | None = None
    try:
        connection = _connect(path)
        yield connection
    except sqlite3.OperationalError as error:
        if any(word in str(error) for word in _NOT_DAMAGE):
            raise DatabaseUnavailable(str(error)) from error
        raise DatabaseFileError(
            _("the database is damaged ({error})").format(error=error)
        ) from error
    except sqlite3.DatabaseError as error:
        raise DatabaseFileError(
            _("the database is damaged ({error})").format(error=error)
        ) from error
    except OSError as error:
        raise DatabaseFileError(str(error)) from error
    finally:
        if connection is not None:
            connection.close()


def _connect(path: Path) -> sqlite3.Connection:
    """A read-only connection (the file is never changed, not even its journal mode).

    ``trusted_schema=OFF``: a view or trigger in a foreign file may not call functions
    with side effects while it is read.
    """
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
    connection.execute("PRAGMA trusted_schema=OFF")
    return connection


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a database file, for copying rows out of it."""
    return _connect(path)


def _check_integrity(connection: sqlite3.Connection) -> None:
    _check_pages(connection, "integrity_check")
    broken = connection.execute("PRAGMA foreign_key_check").fetchmany(1)
    if broken:
        raise DatabaseFileError(
            _("a row of {table} points at a missing row").format(table=broken[0][0])
        )


def _check_pages(connection: sqlite3.Connection, pragma: str) -> None:
    rows = connection.execute(f"PRAGMA {pragma}(5)")
    problems = [line for row in rows for line in str(row[0]).splitlines() if line.strip()]
    if problems != ["ok"]:
        raise DatabaseFileError(
            _("the integrity check failed: {problems}").format(problems="; ".join(problems))
        )


def _revision(connection: sqlite3.Connection, tables: set[str]) -> str:
    if "alembic_version" not in tables or "material" not in tables:
        raise DatabaseFileError(_("it is not a studyapp database (no schema version)"))
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise DatabaseFileError(_("it is not a studyapp database (no schema version)"))
    return str(row[0])


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def _counts(connection: sqlite3.Connection, tables: set[str]) -> dict[str, int]:
    return {
        table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in COUNTED_TABLES
        if table in tables
    }


def _last_activity(connection: sqlite3.Connection, tables: set[str]) -> str | None:
    moments = [
        connection.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
        for table, column in ACTIVITY_COLUMNS
        if table in tables
    ]
    present = [str(moment) for moment in moments if moment is not None]
    return max(present) if present else None
