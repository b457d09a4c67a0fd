"""The schema studyapp expects at each revision, and how a database file differs from it.

The expected schema is not written down twice: it is read from a scratch database built
by studyapp's own migrations up to that revision, once per process.
"""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from studyapp.db.search_index import is_index_table

# Tables studyapp never copies row by row: the schema version and the search index.
BOOKKEEPING = frozenset({"alembic_version"})


@dataclass(frozen=True)
class Column:
    """A column as ``PRAGMA table_info`` describes it."""

    name: str
    type: str
    not_null: bool


@dataclass(frozen=True)
class Schema:
    """A database's own objects: tables with their columns, and every other object's SQL."""

    tables: dict[str, tuple[Column, ...]]
    objects: dict[tuple[str, str], str | None]  # (type, name) -> SQL, tables excluded

    def data_tables(self) -> list[str]:
        """The learner's tables (not the schema version, not the search index), sorted."""
        return sorted(t for t in self.tables if t not in BOOKKEEPING and not is_index_table(t))


SQLITE_TABLES = frozenset(
    {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}
)


def is_sqlite_own(kind: str, name: str) -> bool:
    """SQLite's internal objects: ``sqlite_sequence``, ``sqlite_stat*`` and autoindexes.

    Anything else named ``sqlite_…`` can only have been written behind SQLite's back
    (``writable_schema``) and counts as foreign.
    """
    if kind == "table":
        return name in SQLITE_TABLES
    return kind == "index" and name.startswith("sqlite_autoindex_")


def read_schema(connection: sqlite3.Connection) -> Schema:
    """The schema of an open database, SQLite's internal objects left out."""
    tables: dict[str, tuple[Column, ...]] = {}
    objects: dict[tuple[str, str], str | None] = {}
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    for kind, name, sql in rows:
        if is_sqlite_own(kind, name):
            continue
        if kind == "table":
            tables[name] = _columns(connection, name)
        else:
            objects[(kind, name)] = _normalise(sql)
    return Schema(tables, objects)


def _columns(connection: sqlite3.Connection, table: str) -> tuple[Column, ...]:
    quoted = table.replace('"', '""')
    rows = connection.execute(f'PRAGMA table_info("{quoted}")').fetchall()
    return tuple(Column(row[1], str(row[2]).upper(), bool(row[3])) for row in rows)


def _normalise(sql: str | None) -> str | None:
    return " ".join(sql.split()) if sql else None


@functools.cache
def expected_schema(revision: str) -> Schema:
    """The schema studyapp's migrations build up to ``revision`` (cached per process)."""
    from studyapp.db.engine import make_engine
    from studyapp.db.migrate import migrate_to

    with tempfile.TemporaryDirectory(prefix="studyapp-schema-") as folder:
        path = Path(folder) / "expected.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        try:
            migrate_to(engine, revision)
        finally:
            engine.dispose()
        with closing(sqlite3.connect(path)) as connection:
            return read_schema(connection)


def table_problems(found: Schema, expected: Schema) -> list[str]:
    """How the tables and columns of ``found`` differ from ``expected`` (FTS tables aside)."""
    mine = set(found.data_tables())
    wanted = set(expected.data_tables())
    problems = [f"table {name} is missing" for name in sorted(wanted - mine)]
    problems += [f"table {name} is not studyapp's" for name in sorted(mine - wanted)]
    for name in sorted(mine & wanted):
        problems += _column_problems(name, found.tables[name], expected.tables[name])
    return problems


def _column_problems(
    table: str, found: tuple[Column, ...], expected: tuple[Column, ...]
) -> list[str]:
    have = {column.name: column for column in found}
    want = {column.name: column for column in expected}
    problems = [f"column {table}.{name} is missing" for name in sorted(set(want) - set(have))]
    extra = sorted(set(have) - set(want))
    problems += [f"column {table}.{name} is not studyapp's" for name in extra]
    for name in sorted(set(have) & set(want)):
        if have[name].type != want[name].type:
            problems.append(
                f"column {table}.{name} is {have[name].type or 'untyped'}, "
                f"expected {want[name].type}"
            )
    return problems


def object_problems(found: Schema, expected: Schema) -> list[str]:
    """Triggers, views and indexes of ``found`` that studyapp did not make, or made otherwise.

    The search index's tables may be absent (SQLite without FTS5) or carry FTS5's
    shadow tables; neither counts. A missing index or trigger is reported too.
    """
    problems = []
    for (kind, name), sql in sorted(found.objects.items()):
        if (kind, name) not in expected.objects:
            problems.append(f"{kind} {name} is not studyapp's")
        elif sql != expected.objects[(kind, name)]:
            problems.append(f"{kind} {name} differs from studyapp's")
    for kind, name in sorted(set(expected.objects) - set(found.objects)):
        if not is_index_table(name):
            problems.append(f"{kind} {name} is missing")
    return problems


def hostile_objects(found: Schema, expected: Schema) -> list[str]:
    """Triggers and views of ``found`` that studyapp did not make exactly so.

    These are what a restore must refuse: a trigger or a view runs code on the learner's
    record. Missing ones are harmless (a restore builds its own).
    """
    return [
        problem
        for problem in object_problems(found, expected)
        if problem.startswith(("trigger", "view")) and not problem.endswith("is missing")
    ]
