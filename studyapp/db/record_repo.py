"""Whole tables of the learner's record, read as plain column dicts for the JSON export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import SQLModel

from studyapp.core.export.record import RECORD_TABLES
from studyapp.db import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from studyapp.db.engine import read_session
from studyapp.db.models import LEARNER_TABLES
from studyapp.db.types import CurrentLearner

STREAM_BATCH = 2_000


class RecordRepository:
    """Reads every row of the record tables in one read transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Each table of :data:`RECORD_TABLES`: its rows (column name to value), by primary key."""
        with read_session(self.engine) as session:
            return {name: _rows(session, name) for name in RECORD_TABLES}

    @contextmanager
    def stream(self) -> Iterator[tuple[dict[str, int], Iterator[tuple[str, Iterator[Any]]]]]:
        """The row counts, then each table's rows fetched a batch at a time.

        Memory stays bounded whatever the size of the tables (``export json`` of a
        100 MB database). Learner-owned tables give the connecting learner's rows only
        (a server's owner role, which row-level security lets see everyone's, included).
        """
        with read_session(self.engine) as session:
            counts = {
                name: session.execute(
                    _mine(select(func.count()).select_from(SQLModel.metadata.tables[name]), name)
                ).scalar_one()
                for name in RECORD_TABLES
            }
            yield counts, ((name, _streamed(session, name)) for name in RECORD_TABLES)


def _streamed(session: Any, name: str) -> Iterator[dict[str, Any]]:
    table = SQLModel.metadata.tables[name]
    query = _mine(select(table), name).order_by(*table.primary_key.columns)
    result = session.execute(query, execution_options={"yield_per": STREAM_BATCH})
    for row in result.mappings():
        yield dict(row)


def _rows(session: Any, name: str) -> list[dict[str, Any]]:
    table = SQLModel.metadata.tables[name]
    query = select(table).order_by(*table.primary_key.columns)
    return [dict(row) for row in session.execute(query).mappings().all()]


def _mine(query: Any, name: str) -> Any:
    """``query`` limited to the connecting learner's rows when ``name`` is learner-owned."""
    if name not in LEARNER_TABLES:
        return query
    return query.where(SQLModel.metadata.tables[name].c.owner == CurrentLearner())
