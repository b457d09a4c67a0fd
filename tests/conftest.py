"""Shared fixtures: a temporary data dir, a fixed clock, a service over them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.i18n import set_language
from studyapp.locations import Locations, bundled_materials_dir, resolve_locations
from tests.pg_fixtures import pg_cluster, pg_url  # noqa: F401  (PostgreSQL fixtures)

FIXED_NOW = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
FIXTURES = Path(__file__).parent / "fixtures"
# STUDYAPP_TEST_BACKEND=postgresql: the ``locations`` fixture puts the database on the
# throwaway PostgreSQL cluster (tests/pg_server.py) instead of a SQLite file.
BACKEND_VARIABLE = "STUDYAPP_TEST_BACKEND"
# Start-up's fast path (studyapp.db.firstscreen) reads a SQLite file only.
SQLITE_FAST_PATH = pytest.mark.sqlite_only(
    "the fast first frame reads the SQLite file; a server takes the slow path"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL backend, run only the tests whose database follows the backend.

    Those are the tests that use the ``locations`` fixture; the others (no database, a
    data folder of their own, or the cluster fixtures directly) run the same in the SQLite
    run, so they are deselected here. Tests marked ``sqlite_only`` skip with their reason.
    """
    if os.environ.get(BACKEND_VARIABLE) != "postgresql":
        return
    kept = [item for item in items if "locations" in getattr(item, "fixturenames", ())]
    dropped = [item for item in items if "locations" not in getattr(item, "fixturenames", ())]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    for item in kept:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "SQLite only"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def fixed_clock() -> dt.datetime:
    """Always the same instant."""
    return FIXED_NOW


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def locations(tmp_path: Path, request: pytest.FixtureRequest) -> Locations:
    """A data dir of its own for each test (and a PostgreSQL database when that is the backend)."""
    if os.environ.get(BACKEND_VARIABLE) == "postgresql":
        url = request.getfixturevalue("pg_url")
        request.getfixturevalue("monkeypatch").setenv("STUDYAPP_DB", url)  # for run_cli
        return resolve_locations(tmp_path / "data", db_url=url, environ={})
    return resolve_locations(tmp_path / "data", environ={})


@pytest.fixture
def service(locations: Locations):  # type: ignore[no-untyped-def]
    """An open library on the temporary data dir."""
    from studyapp.services import StudyService

    opened = StudyService.open(locations, fixed_clock)
    yield opened
    opened.close()


@pytest.fixture
def bundled() -> Path:
    """The sample materials folder."""
    return bundled_materials_dir()
