"""The first screen's rows, read with the standard library's sqlite3 before the ORM loads.

Start-up must not wait for SQLAlchemy, SQLModel and Alembic (about 0.6 s of imports on a
slow machine): the library, Today's assignments and the reader's text are read here,
read-only, then the app opens the full service in a worker. Only a SQLite file whose
schema is exactly the one this version writes (its one ``alembic_version`` row, a
primary key) is read; anything else — no file yet, an older schema that needs migrating,
another database URL, a damaged file — gives a :class:`FirstScreen` whose ``state``
says so, and the app takes the slow path (the service, with its messages).

This module imports no ORM and nothing heavy (an import-linter contract keeps it so).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.core.materials import InlineSpan, Material, Paragraph, Section
from studyapp.core.reading import ReadingPosition, SectionProgress, TodayStatus

if TYPE_CHECKING:
    from studyapp.core.plans import ReadingUnit

# The schema revision this fast path reads; a test checks it against studyapp.db.migrate.HEAD.
SCHEMA_REVISION = "0011"

READY = "ready"  # the rows below are the database's
MISSING = "missing"  # no database file yet: the first start creates it
OLD = "old"  # a known older schema: the service migrates it first
OTHER = "other"  # not a SQLite file, or unreadable here: the service decides

_MATERIAL_COLUMNS = (
    "id, title, author, tags, language, required, sort_order, source, encoding, chars, "
    "section_count, imported_at, updated_at, description"
)


@dataclass(frozen=True)
class QuickItem:
    """One of today's (or an overdue) assignments, as the Today screen lists it."""

    plan: str
    day: dt.date
    status: TodayStatus  # "today" or "overdue"
    unit: ReadingUnit
    minutes: float | None  # left to the full view: the reading speed needs every session
    done: bool


@dataclass(frozen=True)
class FirstScreen:
    """What the first frame can show without the ORM."""

    state: str
    materials: list[Material] = field(default_factory=list)
    has_plans: bool = False
    today: list[QuickItem] = field(default_factory=list)
    revision: str | None = None


@dataclass(frozen=True)
class QuickReaderData:
    """The reader's opening data, the same fields as ``services.ReaderData``."""

    material: Material
    sections: list[Section]
    position: ReadingPosition | None
    progress: list[SectionProgress]


def sqlite_file(db_url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL; ``None`` for anything else (step aside)."""
    prefix = "sqlite:///"
    if not db_url.startswith(prefix) or "?" in db_url:
        return None
    name = db_url.removeprefix(prefix)
    if not name or name == ":memory:":
        return None
    return Path(name)


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to an existing SQLite file (never creates it)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=2.0, check_same_thread=False)) as conn:
        yield conn


def first_screen(db_url: str, today: dt.date) -> FirstScreen:
    """Read the library, whether a plan exists and today's assignments, or say why not.

    Args:
        db_url: the app's database URL.
        today: the learner's local day.
    """
    path = sqlite_file(db_url)
    if path is None:
        return FirstScreen(OTHER)
    if not path.exists() or path.stat().st_size == 0:
        return FirstScreen(MISSING)
    try:
        with read_only(path) as conn:
            revision = schema_revision(conn)
            if revision is None:
                return FirstScreen(MISSING)
            if revision != SCHEMA_REVISION:
                return FirstScreen(OLD if revision < SCHEMA_REVISION else OTHER, revision=revision)
            materials = library(conn)
            has_plans = conn.execute("SELECT EXISTS (SELECT 1 FROM plan)").fetchone()[0] == 1
            items = today_items(conn, today) if has_plans else []
            return FirstScreen(READY, materials, has_plans, items, revision)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return FirstScreen(OTHER)  # the service opens it and says what is wrong


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The stamped schema revision, or ``None`` for a file without studyapp's tables."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if has_table is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def library_order(material: Material) -> tuple[Any, ...]:
    """Sort key: required first, then explicit order, then title (as the repository sorts)."""
    order = material.order if material.order is not None else 10**9
    return (not material.required, order, material.title.casefold(), material.id)


def library(conn: sqlite3.Connection) -> list[Material]:
    """Every material, required ones first, then by ``order`` and title."""
    rows = conn.execute(f"SELECT {_MATERIAL_COLUMNS} FROM material").fetchall()
    return sorted((_material(row) for row in rows), key=library_order)


def today_items(conn: sqlite3.Connection, today: dt.date) -> list[QuickItem]:
    """Today's and overdue assignments of every plan, as ``services.plans.today_view`` lists them.

    The minutes are left out (``None``): the learner's reading speed is estimated from every
    reading session, too slow for the first frame with tens of thousands of them. Cards that
    became leeches today ("re-read") are left to the full view too, which adds them last.
    """
    from studyapp.core.plans import DoneIndex, ReadingUnit, unit_done

    keys = DoneIndex(_done_keys(conn))
    names = dict(conn.execute("SELECT id, name FROM plan").fetchall())
    rows = conn.execute(
        "SELECT plan_id, day, material_id, section, title, first_paragraph, last_paragraph, "
        "chars, words, han, part, language, required FROM plan_item "
        "ORDER BY plan_id, position"
    ).fetchall()
    days: dict[tuple[int, dt.date], list[ReadingUnit]] = {}
    for row in rows:
        unit = ReadingUnit(
            row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[11], bool(row[12]),
            row[9], bool(row[10]),
        )  # fmt: skip
        days.setdefault((row[0], _day(row[1])), []).append(unit)
    items: list[QuickItem] = []
    for (plan_id, day), units in sorted(days.items()):  # plans by id, then by day
        if day > today:
            continue
        done_flags = [unit_done(unit, keys) for unit in units]
        if day < today and all(done_flags):
            continue
        status: TodayStatus = "today" if day == today else "overdue"
        for unit, done in zip(units, done_flags, strict=True):
            if day < today and done:
                continue
            items.append(QuickItem(names[plan_id], day, status, unit, None, done))
    return items


def reader_data(db_url: str, material_id: str) -> QuickReaderData | None:
    """The reader's opening data for a material, or ``None`` (the service will load it)."""
    path = sqlite_file(db_url)
    if path is None or not path.exists():
        return None
    try:
        with read_only(path) as conn:
            if schema_revision(conn) != SCHEMA_REVISION:
                return None
            row = conn.execute(
                f"SELECT {_MATERIAL_COLUMNS} FROM material WHERE id = ?", (material_id,)
            ).fetchone()
            if row is None:
                return None
            return QuickReaderData(
                _material(row),
                _sections(conn, material_id),
                _position(conn, material_id),
                _progress(conn, material_id),
            )
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None


def _sections(conn: sqlite3.Connection, material_id: str) -> list[Section]:
    sections = conn.execute(
        "SELECT id, anchor, position, title, level, chars FROM section "
        "WHERE material_id = ? ORDER BY position",
        (material_id,),
    ).fetchall()
    by_section: dict[int, list[Paragraph]] = {}
    for row in conn.execute(
        "SELECT p.section_id, p.position, p.kind, p.text, p.hash, p.spans, p.depth, p.marker "
        "FROM paragraph AS p JOIN section AS s ON s.id = p.section_id "
        "WHERE s.material_id = ? ORDER BY p.section_id, p.position",
        (material_id,),
    ):
        spans = tuple(InlineSpan(int(a), int(b), str(c)) for a, b, c in _json(row[5]) or ())
        paragraph = Paragraph(row[1], row[2], row[3], row[4], spans, row[6], row[7])
        by_section.setdefault(row[0], []).append(paragraph)
    return [
        Section(
            material_id, anchor, position, title, level, chars, tuple(by_section.get(ident, ()))
        )
        for ident, anchor, position, title, level, chars in sections
    ]


def _position(conn: sqlite3.Connection, material_id: str) -> ReadingPosition | None:
    row = conn.execute(
        'SELECT section, paragraph, "offset" FROM reading_position WHERE material_id = ?',
        (material_id,),
    ).fetchone()
    return None if row is None else ReadingPosition(material_id, row[0], row[1], row[2])


def _progress(conn: sqlite3.Connection, material_id: str | None = None) -> list[SectionProgress]:
    query = (
        "SELECT material_id, section, furthest_paragraph, done_at, active_seconds,"
        " read_paragraph, read_at, unconfirmed FROM section_progress"
    )
    rows = (
        conn.execute(query + " WHERE material_id = ?", (material_id,))
        if material_id is not None
        else conn.execute(query)
    )
    return [
        SectionProgress(m, s, f, _time(done), seconds or 0.0, read, _time(at), bool(unsure))
        for m, s, f, done, seconds, read, at, unsure in rows
    ]


def _done_keys(conn: sqlite3.Connection) -> set[str]:
    """As ``services.plans.done_keys``: sections finished by the read rule, and the
    paragraphs read of the others (scrolling past reads nothing)."""
    keys = set()
    for item in _progress(conn):
        if item.finished_at is not None:
            keys.add(f"{item.material_id}#{item.section}")
        elif item.read_paragraph >= 0:
            keys.add(f"{item.material_id}#{item.section}:0-{item.read_paragraph}")
    return keys


def _material(row: tuple[Any, ...]) -> Material:
    return Material(
        id=row[0],
        title=row[1],
        author=row[2],
        tags=_tags(row[3]),
        language=row[4],
        required=bool(row[5]),
        order=row[6],
        source=row[7],
        encoding=row[8],
        chars=row[9],
        section_count=row[10],
        imported_at=_time(row[11]) or dt.datetime.min.replace(tzinfo=dt.UTC),
        updated_at=_time(row[12]) or dt.datetime.min.replace(tzinfo=dt.UTC),
        description=row[13],
    )


@lru_cache(maxsize=512)
def _tags(value: str | None) -> tuple[str, ...]:
    """A material's tags (a library repeats a few tag lists: each is parsed once)."""
    return tuple(_json(value) or ())


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _time(value: str | None) -> dt.datetime | None:
    """A stored naive-UTC datetime, made aware (as ``db.types.UTCDateTime`` returns it)."""
    if value is None:
        return None
    return dt.datetime.fromisoformat(value + "+00:00")  # 5× faster than .replace(tzinfo=)


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)
