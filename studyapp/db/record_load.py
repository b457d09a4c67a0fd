"""Loading a learner's record (``export json`` rows) into the database as the connecting learner.

Used by ``restore`` of a JSON record and by ``transfer --to``. Rows arrive as plain dicts
(from the streamed JSON reader, or from another database), a batch at a time; each value
is checked against its column. The ``owner`` column is never taken from the record: the
server default makes every row the connecting learner's (``current_user`` on
PostgreSQL, which row-level security checks too). Integer ids of learner-owned rows are
the server's to assign (another learner may hold the same numbers): they are dropped and
a plan's new id is carried to its items. Shared rows (materials, questions) are added
only when missing, and never changed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    Float,
    Integer,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from studyapp.core.export.record import RECORD_TABLES
from studyapp.db import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from studyapp.db.models import LEARNER_TABLES
from studyapp.db.types import CurrentLearner, UTCDateTime
from studyapp.i18n import _

BATCH = 1_000
SHARED_TABLES = ("material", "question")
# Learner tables whose integer id the database assigns.
SERIAL_TABLES = frozenset(
    ("reading_session", "plan", "plan_item", "quiz_answer", "review_log", "challenge_run")
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

MissingMaterials = Callable[[Connection, list[dict[str, Any]]], None]


class RecordLoadError(ValueError):
    """A row cannot be loaded; the message names the table, row and column."""


def own_rows(connection: Connection) -> dict[str, int]:
    """How many rows of each learner-owned table belong to the connecting learner."""
    return {
        name: connection.execute(
            select(func.count()).select_from(_table(name)).where(_mine(name))
        ).scalar_one()
        for name in LEARNER_TABLES
    }


def delete_own_rows(connection: Connection) -> None:
    """Delete the connecting learner's rows (explicitly by owner, so even a role that
    bypasses row-level security never touches another learner's rows)."""
    ordered = [name for name in RECORD_TABLES if name in LEARNER_TABLES]
    for name in reversed(ordered):
        connection.execute(delete(_table(name)).where(_mine(name)))


def load_tables(
    connection: Connection,
    tables: Iterable[tuple[str, Iterable[dict[str, Any]]]],
    missing_materials: MissingMaterials | None = None,
) -> dict[str, int]:
    """Insert every table's rows, in :data:`RECORD_TABLES` order, in batches.

    Args:
        connection: inside the caller's transaction (all or nothing).
        tables: each table's name and rows, in record order.
        missing_materials: called with the (checked) rows of materials the record names
            that the database lacks, to add them with their text; without it they are
            refused.

    Returns:
        Rows read per table.

    Raises:
        RecordLoadError: a row does not fit, a table is out of order, a material is missing.
    """
    counts = {name: 0 for name in RECORD_TABLES}
    plan_ids: dict[int, int] = {}
    last = -1
    for name, rows in tables:
        place = RECORD_TABLES.index(name)
        if place <= last:
            raise RecordLoadError(f"table {name} is out of order or repeated")
        last = place
        for batch in _batches(_checked(name, rows)):
            counts[name] += len(batch)
            _load_batch(connection, name, batch, plan_ids, missing_materials)
    return counts


def _load_batch(
    connection: Connection,
    name: str,
    batch: list[dict[str, Any]],
    plan_ids: dict[int, int],
    missing_materials: MissingMaterials | None,
) -> None:
    table = _table(name)
    if name in SHARED_TABLES:
        batch = _missing_only(connection, table, batch)
        if name == "material" and batch:
            ids = [row["id"] for row in batch]
            if missing_materials is None:
                shown = ", ".join(ids[:5]) + ("…" if len(ids) > 5 else "")
                raise RecordLoadError(
                    _(
                        "the record names materials this library does not have: {ids}; "
                        "import them first, then restore again"
                    ).format(ids=shown)
                )
            missing_materials(connection, batch)
            return
    elif name == "plan":
        for row in batch:
            old = row.pop("id")
            new = connection.execute(insert(table).returning(table.c.id), row).scalar_one()
            plan_ids[int(old)] = int(new)
        return
    elif name == "plan_item":
        for row in batch:
            if row["plan_id"] not in plan_ids:
                raise RecordLoadError(f"plan_item points at a missing plan {row['plan_id']}")
            row["plan_id"] = plan_ids[row["plan_id"]]
    if name in SERIAL_TABLES:
        for row in batch:
            row.pop("id", None)
    if batch:
        connection.execute(insert(table), batch)


def _missing_only(
    connection: Connection, table: Table, batch: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    ids = [row["id"] for row in batch]
    present = set(connection.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars())
    return [row for row in batch if row["id"] not in present]


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _checked(name: str, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    table = _table(name)
    columns = {column.name: column for column in table.columns if column.name != "owner"}
    for number, row in enumerate(rows, 1):
        unknown = set(row) - set(columns) - {"owner"}
        if unknown:
            raise RecordLoadError(f"{name} row {number}: unknown column {sorted(unknown)[0]}")
        values = {}
        for key, column in columns.items():
            try:
                values[key] = _value(column, row[key]) if key in row else _absent(column)
            except (TypeError, ValueError) as error:
                raise RecordLoadError(f"{name} row {number}: {key} {error}") from None
        yield values


def _absent(column: Column[Any]) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg  # type: ignore[attr-defined]
    if column.nullable or column.server_default is not None or column.primary_key:
        return None
    raise ValueError("is missing")


def _value(column: Column[Any], value: Any) -> Any:
    """``value`` as the column takes it; raises ValueError saying why it does not fit."""
    if value is None:
        if column.nullable or column.primary_key:
            return None
        raise ValueError("is empty (null)")
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _moment(value)
    if isinstance(kind, TypeDecorator):  # sqlmodel's AutoString
        kind = kind.impl_instance
    if isinstance(kind, Date):
        return _day(value)
    if isinstance(kind, Boolean):
        if isinstance(value, bool) or value in (0, 1):
            return bool(value)
        raise ValueError(f"is {value!r}, not true or false")
    if isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ValueError(f"is {value!r}, not a whole number")
    if isinstance(kind, Float):
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
        raise ValueError(f"is {value!r}, not a finite number")
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise ValueError(f"is {type(value).__name__}, not text")
        if _CONTROL.search(value):
            raise ValueError("holds control characters")
        # a file name's undecodable bytes (surrogateescape) cannot go to a UTF-8 server:
        # kept visible as their \udcXX escapes
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    raise ValueError(f"has a type studyapp does not load ({kind})")


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise ValueError(f"is {value!r}, not a timestamp")
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _day(value: Any) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError(f"is {value!r}, not a date")


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _mine(name: str) -> Any:
    return _table(name).c.owner == CurrentLearner()
