"""The JSON record (``export json``): every table of the learner's record, rows as plain dicts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

FORMAT = "studyapp-record"
VERSION = 1
"""Bumped when a field changes meaning; new fields may appear without a bump."""

RECORD_TABLES = (
    "material", "reading_position", "reading_session", "section_progress", "note",
    "plan", "plan_item", "question", "quiz_answer", "review_card", "review_log",
    "challenge_run",
)  # fmt: skip
"""The tables exported, in an order that rebuilds without breaking foreign keys."""


def json_value(value: Any) -> Any:
    """A column value as JSON: datetimes as ISO 8601 UTC with offset, dates as ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def build_record(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    exported_at: dt.datetime,
    schema_revision: str,
    app_version: str,
    timezone: str,
) -> dict[str, Any]:
    """The whole JSON document.

    Args:
        tables: rows of each table in :data:`RECORD_TABLES`, column name to value.
        exported_at: when (aware).
        schema_revision: the database's Alembic revision.
        app_version: studyapp's version.
        timezone: the learner's time zone (what ``local_day`` columns were computed in).

    Returns:
        ``{"format", "version", "exported_at", "schema_revision", "app_version",
        "timezone", "counts", "tables"}``.
    """
    rows = {
        name: [{k: json_value(v) for k, v in row.items()} for row in tables.get(name, ())]
        for name in RECORD_TABLES
    }
    counts = {name: len(table) for name, table in rows.items()}
    header = record_header(
        counts,
        exported_at=exported_at,
        schema_revision=schema_revision,
        app_version=app_version,
        timezone=timezone,
    )
    return {**header, "tables": rows}


def stream_record(
    write: Callable[[str], object],
    header: Mapping[str, Any],
    tables: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
) -> None:
    """Write the document :func:`build_record` describes, one row at a time.

    The text is exactly ``json.dumps(record, ensure_ascii=False, indent=1) + "\\n"``, but
    memory stays bounded by one row whatever the size of the record.

    Args:
        write: called with each piece of text, in order.
        header: every top-level field but ``tables`` (``counts`` included).
        tables: each table's name and its rows (column name to value).
    """
    text = json.dumps({**header, "tables": {}}, ensure_ascii=False, indent=1)
    write(text[: text.rindex('"tables": {}')] + '"tables": {')
    first_table = True
    for name, rows in tables:
        write(("\n  " if first_table else ",\n  ") + json.dumps(name, ensure_ascii=False) + ": [")
        first_table = False
        empty = True
        for row in rows:
            values = {key: json_value(value) for key, value in row.items()}
            body = json.dumps(values, ensure_ascii=False, indent=1).replace("\n", "\n   ")
            write(("\n   " if empty else ",\n   ") + body)
            empty = False
        write("]" if empty else "\n  ]")
    write("}\n}\n" if first_table else "\n }\n}\n")


def record_header(
    counts: Mapping[str, int],
    *,
    exported_at: dt.datetime,
    schema_revision: str,
    app_version: str,
    timezone: str,
) -> dict[str, Any]:
    """The top-level fields of the record, before its tables."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": json_value(exported_at),
        "schema_revision": schema_revision,
        "app_version": app_version,
        "timezone": timezone,
        "counts": {name: counts.get(name, 0) for name in RECORD_TABLES},
    }
