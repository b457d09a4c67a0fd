"""Column types: a datetime that is always UTC-aware on the way in and out; the learner
who owns a row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC (SQLite keeps no zone) and returns aware UTC; refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Convert an aware datetime to naive UTC for storage."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given; pass a timezone-aware one")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Mark a stored datetime as UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


DEFAULT_LEARNER = "me"
"""The learner who owns the rows of a SQLite database (one learner per file)."""


class CurrentLearner(ColumnElement[str]):
    """The ``owner`` column's server default: ``current_user`` on PostgreSQL, where a
    learner is the role they connect as, and :data:`DEFAULT_LEARNER` elsewhere."""

    type = String()
    inherit_cache = True


@compiles(CurrentLearner)
def _default_learner(_element: CurrentLearner, _compiler: Any, **_kw: Any) -> str:
    return f"'{DEFAULT_LEARNER}'"


@compiles(CurrentLearner, "postgresql")
def _current_user(_element: CurrentLearner, _compiler: Any, **_kw: Any) -> str:
    return "CURRENT_USER"
