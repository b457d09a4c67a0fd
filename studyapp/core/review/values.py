"""Checked conversions shared by the review modules: UTC instants and JSON values."""

from __future__ import annotations

import datetime as dt
from typing import Any


def utc(moment: dt.datetime, name: str = "now") -> dt.datetime:
    """The same instant in UTC (``datetime.UTC``), which FSRS insists on.

    Args:
        moment: an aware datetime in any zone.
        name: how to call it in the error message.

    Returns:
        ``moment`` converted to UTC.

    Raises:
        ValueError: for a naive datetime.
    """
    if not isinstance(moment, dt.datetime):
        raise ValueError(f"{name} must be a datetime, got {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} is a naive datetime; pass a timezone-aware (UTC) one")
    return moment if moment.tzinfo is dt.UTC else moment.astimezone(dt.UTC)


def text(value: Any, name: str) -> str:
    """``value`` if it is a string; ``name`` is for the error message."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    return value


def integer(value: Any, name: str) -> int:
    """``value`` if it is an integer (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return value


def optional_int(value: Any, name: str) -> int | None:
    """``value`` if it is ``None`` or an integer."""
    return None if value is None else integer(value, name)


def optional_float(value: Any, name: str) -> float | None:
    """``value`` as a float if it is a number, or ``None``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def flag(value: Any, name: str) -> bool:
    """``value`` if it is a bool."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, got {value!r}")
    return value


def timestamp(value: Any, name: str) -> dt.datetime:
    """The UTC instant of an ISO 8601 string with an offset."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be an ISO 8601 string, got {value!r}")
    return utc(dt.datetime.fromisoformat(value), name)
