"""Whether a value read from a database file fits the column studyapp declared for it.

SQLite stores any value in any column; a restored backup must hold only what studyapp
itself would have written: integers in integer columns, timestamps in the exact text
form studyapp stores, JSON that parses, text without control characters.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# C0 and C1 control characters except tab, line feed and carriage return; ESC included.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TEXT_TYPES = ("VARCHAR", "TEXT", "CHAR")


def value_problem(declared: str, value: object, not_null: bool) -> str | None:
    """Why ``value`` cannot go into a column declared ``declared``, or ``None`` if it can.

    Args:
        declared: the column's declared type as SQLite reports it (``DATETIME``, ``JSON``…).
        value: the value as Python's ``sqlite3`` returns it.
        not_null: whether the column refuses NULL.
    """
    if value is None:
        return "is empty (NULL)" if not_null else None
    kind = declared.upper()
    if kind in ("INTEGER", "BOOLEAN"):
        return _integer_problem(value, boolean=kind == "BOOLEAN")
    if kind in ("FLOAT", "REAL", "NUMERIC"):
        return _number_problem(value)
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not text"
    if _CONTROL.search(value):
        return "holds control characters"
    return _text_problem(kind, value)


def _integer_problem(value: object, *, boolean: bool) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return f"is {type(value).__name__}, not a whole number"
    if boolean and value not in (0, 1):
        return f"is {value}, not 0 or 1"
    return None


def _number_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"is {type(value).__name__}, not a number"
    if not math.isfinite(value):
        return "is not a finite number"
    return None


def _text_problem(kind: str, value: str) -> str | None:
    if kind == "DATETIME":
        if _parses(_TIMESTAMP, value, dt.datetime.fromisoformat):
            return None
        return "is not a timestamp like 2026-03-02 01:30:00"
    if kind == "DATE":
        return None if _parses(_DAY, value, dt.date.fromisoformat) else "is not a date"
    if kind == "JSON":
        try:
            json.loads(value)
        except ValueError:
            return "is not valid JSON"
        return None
    if kind.startswith(_TEXT_TYPES):
        return None
    return f"has a type studyapp does not use ({kind or 'none'})"


def _parses(pattern: re.Pattern[str], value: str, parse: Callable[[str], object]) -> bool:
    if not pattern.fullmatch(value):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True
