"""The full-text index over paragraphs: an FTS5 trigram table kept in sync by triggers.

SQLite only, and only when it has FTS5 with the trigram tokenizer (3.34+). On
PostgreSQL the index is a pg_trgm GIN index over ``paragraph.text`` instead
(:mod:`studyapp.db.postgres`); elsewhere searches scan the paragraphs
(``studyapp.db.search_repo``).

Schema changes that rebuild the ``paragraph`` table (Alembic batch mode copies and
renames it) drop the triggers: :func:`ensure_search_index` at start-up notices and
rebuilds the index.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from studyapp.db import postgres

TABLE = "paragraph_fts"
TRIGGERS = ("paragraph_fts_insert", "paragraph_fts_delete", "paragraph_fts_update")

_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "text, content='paragraph', content_rowid='id', tokenize='trigram', columnsize=0)",
    f"CREATE TRIGGER IF NOT EXISTS paragraph_fts_insert AFTER INSERT ON paragraph BEGIN "
    f"INSERT INTO {TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS paragraph_fts_delete AFTER DELETE ON paragraph BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS paragraph_fts_update AFTER UPDATE ON paragraph BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {TABLE}(rowid, text) VALUES (new.id, new.text); END",
)


def is_index_table(name: str | None) -> bool:
    """Whether ``name`` is the index or one of FTS5's shadow tables (not in the models)."""
    return bool(name) and (name == TABLE or str(name).startswith(TABLE + "_"))


def include_name(name: str | None, type_: str, _parents: object = None) -> bool:
    """Alembic ``include_name`` hook: autogenerate ignores the index's FTS5 tables."""
    return not (type_ == "table" and is_index_table(name))


def supported(connection: Connection) -> bool:
    """Whether this SQLite can build the index (FTS5 with the trigram tokenizer)."""
    if connection.dialect.name != "sqlite":
        return False
    probe = f"temp.fts_probe_{uuid.uuid4().hex}"
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {probe} USING fts5(t, tokenize='trigram')"
            )
            connection.exec_driver_sql(f"DROP TABLE {probe}")
    except DBAPIError:
        return False
    return True


def present(connection: Connection) -> bool:
    """Whether the index table and all three triggers exist."""
    if connection.dialect.name != "sqlite":
        return False
    names = set(
        connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = ? OR (type = 'trigger' AND name LIKE ?)",
            (TABLE, TABLE + "%"),
        ).scalars()
    )
    return names >= {TABLE, *TRIGGERS}


def pause_insert_trigger(connection: Connection) -> bool:
    """Drop the insert trigger inside the caller's write transaction, for a bulk insert.

    SQLite runs a trigger's FTS5 insert row by row, about 6x slower than one
    ``INSERT ... SELECT`` over the same paragraphs. DDL is transactional: no other
    connection ever sees the trigger missing, and a rollback (or a kill) restores it.
    Follow with :func:`index_paragraphs` before the commit.

    Returns:
        Whether the trigger was dropped (``False``: no index here).
    """
    if not present(connection):
        return False
    connection.exec_driver_sql(f"DROP TRIGGER {TRIGGERS[0]}")
    return True


def index_paragraphs(connection: Connection, first_id: int, last_id: int) -> None:
    """Index the paragraphs with ids ``first_id..last_id`` and put the trigger back."""
    connection.exec_driver_sql(
        f"INSERT INTO {TABLE}(rowid, text) SELECT id, text FROM paragraph "
        "WHERE id BETWEEN ? AND ?",
        (first_id, last_id),
    )
    connection.exec_driver_sql(_CREATE[1])


def create_search_index(connection: Connection) -> bool:
    """Create the index and its triggers where missing, then fill it from the paragraphs.

    Runs inside the caller's transaction (migration 0006 and :func:`ensure_search_index`).

    Returns:
        Whether the index exists now (``False``: not SQLite, or no FTS5 trigram).
    """
    if not supported(connection):
        return False
    for statement in _CREATE:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    return True


def drop_search_index(connection: Connection) -> None:
    """Remove the triggers and the index (migration 0006's downgrade), or the trigram index."""
    if connection.dialect.name == "postgresql":
        postgres.drop_trigram_index(connection)
        return
    for trigger in TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


def ensure_search_index(engine: Engine) -> bool:
    """Build the index at start-up if it is missing or lost a trigger (cheap when present).

    Returns:
        Whether the index is usable.
    """
    if engine.dialect.name == "postgresql":
        return _ensure_trigram_index(engine)
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as connection:
        if present(connection):
            return True
    with engine.begin() as connection:
        if present(connection):  # another process built it meanwhile
            return True
        return create_search_index(connection)


def rebuild_search_index(engine: Engine) -> bool:
    """Drop the index and build it again from the paragraphs (``search --reindex``).

    Returns:
        Whether the index exists now.
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            postgres.drop_trigram_index(connection)
            return postgres.create_trigram_index(connection)
    if engine.dialect.name != "sqlite":
        return False
    with engine.begin() as connection:
        drop_search_index(connection)
        return create_search_index(connection)


def _ensure_trigram_index(engine: Engine) -> bool:
    with engine.connect() as connection:
        if postgres.trigram_index_present(connection):
            return True
    with engine.begin() as connection:
        return postgres.create_trigram_index(connection)


def in_sync(connection: Connection) -> list[str]:
    """Problems with the index: missing pieces, or an index that disagrees with the text."""
    if not present(connection):
        return ["search index missing (searches scan the text)"] if supported(connection) else []
    try:
        connection.exec_driver_sql(
            f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('integrity-check', 1)"
        )
    except DBAPIError:
        return ["search index out of sync with the text (restart studyapp to rebuild it)"]
    return []
