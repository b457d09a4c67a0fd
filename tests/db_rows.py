"""Raw SQL on a test's database, whichever backend it is on (SQLite file or PostgreSQL)."""

from __future__ import annotations

import sqlite3

from studyapp.locations import Locations


def rows(locations: Locations, sql: str) -> list[tuple]:
    """Run ``sql`` (committed) and return its rows, if any, as tuples."""
    if locations.db_url.startswith("sqlite"):
        with sqlite3.connect(locations.data_dir / "studyapp.sqlite") as connection:
            return connection.execute(sql).fetchall()
    from studyapp.db.engine import make_engine

    engine = make_engine(locations.db_url)
    try:
        with engine.begin() as connection:
            # The driver reads % as a placeholder; these statements have no parameters.
            result = connection.exec_driver_sql(sql.replace("%", "%%"))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
