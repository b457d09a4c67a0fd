"""Whole tables of the learner's record, read as plain column dicts for the JSON export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from studyapp.core.export.record import RECORD_TABLES
from studyapp.db import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from studyapp.db.engine import read_session


class RecordRepository:
    """Reads every row of the record tables in one read transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Each table of :data:`RECORD_TABLES`: its rows (column name to value), by primary key."""
        with read_session(self.engine) as session:
            return {name: _rows(session, name) for name in RECORD_TABLES}


def _rows(session: Any, name: str) -> list[dict[str, Any]]:
    table = SQLModel.metadata.tables[name]
    query = select(table).order_by(*table.primary_key.columns)
    return [dict(row) for row in session.execute(query).mappings().all()]
