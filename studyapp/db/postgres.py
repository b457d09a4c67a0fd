"""What PostgreSQL needs that SQLite does not: the driver, the writers' locks, the encoding check.

A plain ``postgresql://`` URL means psycopg 3 here (SQLAlchemy's default would be
psycopg2). Every write session takes its learner's transaction-scoped advisory lock
(keyed by ``current_user``), so one learner's writers go one at a time and a
read-then-write (a card's review, today's limits) never loses an update; other
learners do not wait for it. A write to the shared tables (an import, a material
copy: ids assigned as ``max(id) + 1``) also takes the one shared writers' lock.
Both are held for one short transaction; readers never wait.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from studyapp.i18n import _

# pg_advisory_xact_lock key of the shared-table writers ("study" in ASCII, as an integer).
WRITER_LOCK = 0x7374756479
# First key of the two-key per-learner locks ("stud"); the second is hashtext(current_user).
# Two-key locks never collide with the one-key WRITER_LOCK (separate key spaces).
LEARNER_LOCK_CLASS = 0x73747564
SHARED_SCOPE = "shared"  # write_session's default scope; the other is "learner"

_PLAIN_NAMES = ("postgresql", "postgres")

# The client always speaks UTF-8 (whatever PGCLIENTENCODING says), so text and the
# server's own answers arrive as str, even from a SQL_ASCII database about to be refused.
CONNECT_ARGS: dict[str, Any] = {"client_encoding": "UTF8"}


def is_postgres(url: str | URL) -> bool:
    """Whether ``url`` names a PostgreSQL database (any driver)."""
    return make_url(url).get_backend_name() == "postgresql"


def normalize_url(url: str | URL) -> URL:
    """``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://`` (psycopg 3)."""
    parsed = make_url(url)
    if parsed.drivername in _PLAIN_NAMES:
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def lock_timeout(milliseconds: int) -> Callable[[Any, Any], None]:
    """A ``connect`` hook: waits for a lock (the writers' one too) end after ``milliseconds``.

    The server's counterpart of SQLite's busy timeout: a writer stuck behind another
    fails with an error instead of hanging.
    """

    def set_timeout(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(milliseconds)}")
        dbapi_connection.commit()

    return set_timeout


def on_begin(connection: Any) -> None:
    """SQLAlchemy ``begin`` hook: a write transaction first takes its learner's lock, and a
    shared-table write then the shared writers' lock (always in that order: no deadlock)."""
    options = connection.get_execution_options()
    if not options.get("immediate", False):
        return
    connection.exec_driver_sql(
        f"SELECT pg_advisory_xact_lock({LEARNER_LOCK_CLASS}, hashtext(current_user::text))"
    )
    if options.get("writer_scope", SHARED_SCOPE) == SHARED_SCOPE:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


class UnsupportedDatabase(RuntimeError):
    """The server's database cannot be reached or cannot hold studyapp's text; untouched."""


def check_encoding(engine: Engine) -> None:
    """Refuse a PostgreSQL database that is not UTF-8 (SQL_ASCII, LATIN1, …).

    Raises:
        UnsupportedDatabase: with the database's encoding as the reason, or why the
            server could not be reached.
    """
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.connect() as connection:
            encoding = connection.exec_driver_sql("SHOW server_encoding").scalar()
    except OperationalError as error:
        reason = " ".join(str(error.orig or error).split())
        raise UnsupportedDatabase(
            _(
                "The PostgreSQL database cannot be reached ({reason}). Check --db or "
                "STUDYAPP_DB, and that the server is running."
            ).format(reason=reason)
        ) from None
    if str(encoding).upper() not in ("UTF8", "UTF-8"):
        raise UnsupportedDatabase(
            _(
                "The PostgreSQL database's encoding is {encoding}, not UTF8; studyapp stores "
                "text in any language and needs a UTF8 database (createdb -E UTF8). "
                "The database was not changed."
            ).format(encoding=encoding)
        )


TRIGRAM_INDEX = "paragraph_text_trgm"


def trigram_index_present(connection: Connection) -> bool:
    """Whether the pg_trgm index over paragraph text exists."""
    if connection.dialect.name != "postgresql":
        return False
    found = connection.exec_driver_sql(
        "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %(name)s",
        {"name": TRIGRAM_INDEX},
    ).first()
    return found is not None


def create_trigram_index(connection: Connection) -> bool:
    """Create pg_trgm and a GIN trigram index on ``paragraph.text``, if the server allows.

    ``ILIKE '%term%'`` then uses the index for terms of three characters or more; shorter
    terms (and a server without pg_trgm, or a role that may not create it) scan the text.

    Returns:
        Whether the index exists now.
    """
    if connection.dialect.name != "postgresql":
        return False
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            connection.exec_driver_sql(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON paragraph "
                "USING gin (text gin_trgm_ops)"
            )
    except DBAPIError:  # no extension, or no privilege: searches scan instead
        return False
    return True


def drop_trigram_index(connection: Connection) -> None:
    """Drop the trigram index (the extension stays: other databases may use it)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


OWNER_POLICY = "learner_owns_row"


def protect_learner_rows(connection: Connection, tables: tuple[str, ...]) -> None:
    """Row-level security on learner-owned ``tables``: a learner (any role but the tables'
    owner and superusers) sees and changes only rows whose ``owner`` is ``current_user``.

    Idempotent; migration 0009 does the same for upgraded databases.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        connection.exec_driver_sql(f"DROP POLICY IF EXISTS {OWNER_POLICY} ON {table}")
        connection.exec_driver_sql(
            f"CREATE POLICY {OWNER_POLICY} ON {table} USING (owner = current_user) "
            "WITH CHECK (owner = current_user)"
        )


def enable_row_security(connection: Connection, tables: tuple[str, ...]) -> None:
    """Switch row-level security on for ``tables`` (no policy yet: only their owner sees
    rows until ``server init`` adds the policies). Idempotent; nothing on SQLite."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
