"""Health checks of the database: SQLite's own, and the invariants studyapp relies on."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from studyapp.core.text import content_hash, count_chars, has_unsafe_characters
from studyapp.db import search_index
from studyapp.db.migrate import HEAD, current_revision
from studyapp.db.schema_check import expected_schema, object_problems, read_schema, table_problems

MAX_DETAILS = 5
_C = TypeVar("_C")  # what a check reads: a connection, or nothing


@dataclass(frozen=True)
class Check:
    """One check's outcome; ``problems`` lists at most a few examples."""

    name: str
    ok: bool
    problems: tuple[str, ...] = ()


def run_checks(engine: Engine) -> list[Check]:
    """Run every check and return their outcomes, in a fixed order."""
    checks = [_check("schema_version", lambda _c: _schema(engine), None)]
    sqlite = engine.url.get_backend_name() == "sqlite"
    try:
        with engine.connect() as connection:
            for name, function in _CHECKS:
                if name.startswith("sqlite_") and not sqlite:
                    continue
                checks.append(_check(name, function, connection))
    except (DBAPIError, sqlite3.DatabaseError) as error:
        checks.append(Check("open", False, (f"the database could not be read: {error}",)))
    return checks


def _check(name: str, function: Callable[[_C], list[str]], conn: _C) -> Check:
    try:
        problems = function(conn)
    except (DBAPIError, sqlite3.DatabaseError) as error:  # damage is a finding, not a crash
        problems = [f"the check could not run: {error}"]
    return Check(name, not problems, tuple(problems[:MAX_DETAILS]))


def _schema(engine: Engine) -> list[str]:
    revision = current_revision(engine)
    return [] if revision == HEAD else [f"schema {revision}, expected {HEAD}"]


def _schema_objects(connection: Connection) -> list[str]:
    """Tables, columns, triggers, views and indexes that differ from studyapp's schema.

    SQLite's own objects (``sqlite_sequence``, ``sqlite_stat*``) and the search index's
    FTS5 shadow tables are allowed.
    """
    raw = cast(sqlite3.Connection, connection.connection.driver_connection)  # a sqlite_ check
    found = read_schema(raw)
    expected = expected_schema(HEAD)
    return table_problems(found, expected) + object_problems(found, expected)


def _integrity(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA integrity_check")
    lines = [line for row in rows for line in str(row[0]).splitlines() if line.strip()]
    return [] if lines == ["ok"] else lines


def _foreign_keys(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    return [f"{table} row {rowid} → {parent}" for table, rowid, parent, _fk in rows]


def _material_counts(connection: Connection) -> list[str]:
    rows = connection.execute(
        text(
            "SELECT m.id, m.section_count, m.chars, COUNT(s.id), COALESCE(SUM(s.chars), 0) "
            "FROM material m LEFT JOIN section s ON s.material_id = m.id "
            "WHERE m.id NOT LIKE '.importing-%' GROUP BY m.id"
        )
    )
    problems = []
    for material, count, chars, real_count, real_chars in rows:
        if real_count == 0:
            problems.append(f"{material}: no sections")
        elif count != real_count or chars != real_chars:
            problems.append(f"{material}: totals differ from its sections")
    return problems


def _positions(connection: Connection) -> list[str]:
    problems = []
    for table, parent in (("section", "material_id"), ("paragraph", "section_id")):
        rows = connection.execute(
            text(f"SELECT {parent}, COUNT(*), MIN(position), MAX(position) FROM {table} GROUP BY 1")
        )
        for owner, count, low, high in rows:
            if low != 0 or high != count - 1:
                problems.append(f"{table} positions of {owner} are not 0..{count - 1}")
    return problems


def _paragraphs(connection: Connection) -> list[str]:
    problems = []
    sums: dict[int, int] = defaultdict(int)
    for ident, section, body, digest in connection.execute(
        text("SELECT id, section_id, text, hash FROM paragraph")
    ):
        sums[section] += count_chars(body)
        if content_hash(body) != digest:
            problems.append(f"paragraph {ident}: hash does not match its text")
        if has_unsafe_characters(body):
            problems.append(f"paragraph {ident}: holds control characters")
    for section, chars in connection.execute(text("SELECT id, chars FROM section")):
        if sums.get(section, 0) != chars:
            problems.append(f"section {section}: character count differs from its paragraphs")
    return problems


def _sentences(connection: Connection) -> list[str]:
    problems = []
    texts: dict[int, str] = dict(connection.execute(text("SELECT id, text FROM paragraph")).all())
    last_end: dict[int, int] = {}
    for ident, paragraph, start, end, body in connection.execute(
        text(
            'SELECT id, paragraph_id, start, "end", text FROM sentence '
            "ORDER BY paragraph_id, position"
        )
    ):
        source = texts.get(paragraph, "")
        if source[start:end] != body or start < last_end.get(paragraph, 0) or start >= end:
            problems.append(f"sentence {ident}: offsets do not match paragraph {paragraph}")
        last_end[paragraph] = end
    return problems


def _titles(connection: Connection) -> list[str]:
    problems = []
    for table in ("material", "section"):
        for ident, title in connection.execute(text(f"SELECT id, title FROM {table}")):
            if has_unsafe_characters(title) or not title.strip():
                problems.append(f"{table} {ident}: title is empty or holds control characters")
    return problems


_CHECKS: tuple[tuple[str, Callable[[Connection], list[str]]], ...] = (
    ("sqlite_integrity", _integrity),
    ("sqlite_foreign_keys", _foreign_keys),
    ("sqlite_schema_objects", _schema_objects),
    ("sqlite_search_index", search_index.in_sync),
    ("material_totals", _material_counts),
    ("positions", _positions),
    ("paragraphs", _paragraphs),
    ("sentences", _sentences),
    ("titles", _titles),
)
