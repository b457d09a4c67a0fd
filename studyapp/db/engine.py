"""One engine per process: SQLite in WAL mode with FULL sync, foreign keys and a busy timeout.

PostgreSQL (psycopg 3) is the other backend: see :mod:`studyapp.db.postgres`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event
from sqlmodel import Session

from studyapp.db import postgres

BUSY_TIMEOUT_MS = 15_000
WriteScope = Literal["learner", "shared"]


def make_engine(url: str) -> Engine:
    """Create the engine for ``url``; SQLite connections get the pragmas we rely on.

    A plain ``postgresql://`` URL uses psycopg 3; its write sessions take the writers' lock.
    """
    if postgres.is_postgres(url):
        engine = create_engine(
            postgres.normalize_url(url),
            connect_args=postgres.CONNECT_ARGS,
            json_serializer=_json_dumps,
            pool_pre_ping=True,
        )
        event.listen(engine, "connect", postgres.lock_timeout(BUSY_TIMEOUT_MS))
        event.listen(engine, "begin", postgres.on_begin)
        return engine
    is_sqlite = url.startswith("sqlite")
    connect_args: dict[str, Any] = (
        {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False} if is_sqlite else {}
    )
    engine = create_engine(url, connect_args=connect_args, json_serializer=_json_dumps)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _json_dumps(value: Any) -> str:
    """JSON columns keep Chinese readable in the database file."""
    return json.dumps(value, ensure_ascii=False)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN
    cursor = dbapi_connection.cursor()
    _wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


WAL_RETRY_S = 0.05


def _wal(cursor: Any) -> None:
    """Switch to WAL, waiting for a first start in another process: two processes opening
    a new database at once can get "database is locked" at once from this pragma (SQLite
    does not wait where waiting could deadlock), so it is tried again until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_S)


def shorten_busy_timeout(engine: Engine, seconds: float) -> None:
    """From now on a lock is waited for at most ``seconds`` (the last writes before exiting).

    Pooled connections are closed; new ones get the short timeout after the usual pragmas.
    """
    milliseconds = round(seconds * 1000)
    if engine.url.get_backend_name() == "postgresql":
        event.listen(engine, "connect", postgres.lock_timeout(milliseconds))
        engine.dispose()
        return
    if engine.url.get_backend_name() != "sqlite":
        return

    def short_timeout(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    event.listen(engine, "connect", short_timeout)
    engine.dispose()


def _sqlite_on_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; nothing it does is committed."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine, scope: WriteScope = "shared") -> Iterator[Session]:
    """One unit of work, committed on success and rolled back on error.

    It begins with BEGIN IMMEDIATE on SQLite. On PostgreSQL it takes the learner's lock,
    and with ``scope="shared"`` (writes to materials, sections, questions…) the shared
    writers' lock too; ``"learner"`` is for units that write only the learner's own rows
    (and questions by their fixed id). See :mod:`studyapp.db.postgres`.
    """
    options = {"immediate": True, "writer_scope": scope}
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options=options)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def write_transaction(engine: Engine, scope: WriteScope = "shared") -> Iterator[Connection]:
    """:func:`write_session` for Core: a connection in one transaction, the same locks taken."""
    with engine.connect() as connection:
        connection.execution_options(immediate=True, writer_scope=scope)
        with connection.begin():
            yield connection
