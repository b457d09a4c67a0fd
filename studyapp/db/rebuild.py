"""Restore by rebuilding: a fresh database from studyapp's migrations, the data copied in.

Nothing of a backup's schema is adopted. Its triggers, views and indexes never reach the
new file; only the rows of the tables studyapp knows are copied, one by one, each value
checked against the column it goes into.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from studyapp.core.stored_values import value_problem
from studyapp.db.backup import DatabaseFileError, open_read_only
from studyapp.db.schema_check import Column, expected_schema

MAX_PROBLEMS = 5
BATCH = 500


def rebuild_database(source: Path, target: Path, revision: str) -> None:
    """Create ``target`` at this version's schema holding ``source``'s rows.

    ``source`` must already be checked (integrity, tables and columns of ``revision``).
    ``target`` must not exist; it is left as one self-contained file.

    Raises:
        DatabaseFileError: a row does not fit (wrong type, bad timestamp, control
            characters, a broken reference); the message names the first few.
    """
    _migrate(target, revision)
    with closing(open_read_only(source)) as src, closing(sqlite3.connect(target)) as dst:
        dst.execute("PRAGMA foreign_keys=OFF")
        _copy_all(src, dst, revision)
        _check_references(dst)
    _migrate(target, None)
    with closing(sqlite3.connect(target)) as dst:
        dst.execute("PRAGMA journal_mode=DELETE")


def _migrate(target: Path, revision: str | None) -> None:
    """Run the migrations up to ``revision`` (``None``: to this version's head)."""
    from studyapp.db.engine import make_engine
    from studyapp.db.migrate import HEAD, migrate_to
    from studyapp.db.search_index import ensure_search_index

    engine = make_engine(f"sqlite:///{target}")
    try:
        migrate_to(engine, revision or HEAD)
        if revision is None:
            ensure_search_index(engine)
    finally:
        engine.dispose()


def _copy_all(src: sqlite3.Connection, dst: sqlite3.Connection, revision: str) -> None:
    expected = expected_schema(revision)
    problems: list[str] = []
    with dst:  # one transaction: all rows or none
        for table in expected.data_tables():
            problems += _copy_table(src, dst, table, expected.tables[table])
            if len(problems) >= MAX_PROBLEMS:
                break
        if problems:
            raise DatabaseFileError("; ".join(problems[:MAX_PROBLEMS]))


def _copy_table(
    src: sqlite3.Connection, dst: sqlite3.Connection, table: str, columns: tuple[Column, ...]
) -> list[str]:
    names = ", ".join(_quoted(column.name) for column in columns)
    marks = ", ".join("?" for _ in columns)
    insert = f"INSERT INTO {_quoted(table)} ({names}) VALUES ({marks})"
    problems: list[str] = []
    batch: list[tuple[object, ...]] = []
    for number, row in enumerate(src.execute(f"SELECT {names} FROM {_quoted(table)}"), 1):
        problems += _row_problems(table, number, columns, row)
        if len(problems) >= MAX_PROBLEMS:
            return problems
        batch.append(row)
        if len(batch) >= BATCH:
            _insert(dst, insert, table, batch)
            batch = []
    if not problems:
        _insert(dst, insert, table, batch)
    return problems


def _row_problems(
    table: str, number: int, columns: tuple[Column, ...], row: tuple[object, ...]
) -> Iterator[str]:
    for column, value in zip(columns, row, strict=True):
        problem = value_problem(column.type, value, column.not_null)
        if problem:
            yield f"{table} row {number}: {column.name} {problem}"


def _insert(
    dst: sqlite3.Connection, insert: str, table: str, rows: list[tuple[object, ...]]
) -> None:
    try:
        dst.executemany(insert, rows)
    except sqlite3.IntegrityError as error:
        raise DatabaseFileError(f"{table}: {error}") from error


def _check_references(dst: sqlite3.Connection) -> None:
    broken = dst.execute("PRAGMA foreign_key_check").fetchmany(MAX_PROBLEMS)
    if broken:
        found = [
            f"{table} row {rowid} points at a missing {parent}"
            for table, rowid, parent, _ in broken
        ]
        raise DatabaseFileError("; ".join(found))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
