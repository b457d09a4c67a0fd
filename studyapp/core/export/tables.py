"""CSV files of the learner's history: columns per file and cell formatting (values, not I/O)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence

from studyapp.core.export.escape import neutralise_cell

LIST_SEPARATOR = " | "
"""How list values (options, answers given) are joined in one cell."""

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "reading_sessions": (
        "id", "local_day", "material_id", "material_title", "first_section", "last_section",
        "started_at_utc", "ended_at_utc", "active_minutes", "active_seconds", "chars_read",
        "language",
    ),
    "quiz_answers": (
        "answered_at_utc", "local_day", "material_id", "section", "question_id", "type",
        "prompt", "options", "correct_answer", "given", "verdict", "correct", "seconds",
        "hint_used",
    ),
    "reviews": (
        "reviewed_at_utc", "local_day", "card_id", "question_id", "material_id", "prompt",
        "rating", "rating_name", "previous_state", "new_state", "next_due_utc",
        "duration_seconds", "cram",
    ),
    "notes": (
        "updated_at_utc", "local_day", "material_id", "material_title", "section",
        "section_title", "text",
    ),
}  # fmt: skip
"""The columns of each CSV file, ``<name>.csv``, in order."""


def cell(value: object) -> str:
    """One CSV cell: text neutralised against formulas; numbers, dates and flags as they are.

    Datetimes become ``YYYY-MM-DD HH:MM:SS`` in UTC (spreadsheets parse it), dates
    ``YYYY-MM-DD``, booleans ``true``/``false``, lists are joined with ``" | "``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(round(value, 2)) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise_cell(LIST_SEPARATOR.join(str(v) for v in value))
    return neutralise_cell(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A whole CSV file: a header row, then one row per mapping (CRLF line ends, RFC 4180).

    Args:
        columns: the column names, in order.
        rows: mappings from column name to value; missing columns are empty.

    Returns:
        The text, to be written as UTF-8 with a BOM so spreadsheets read Chinese right.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in columns])
    return buffer.getvalue()
