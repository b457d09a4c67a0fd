"""Shared fixtures: a temporary data dir, a fixed clock, a service over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.i18n import set_language
from studyapp.locations import Locations, bundled_materials_dir, resolve_locations

FIXED_NOW = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
FIXTURES = Path(__file__).parent / "fixtures"


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
def locations(tmp_path: Path) -> Locations:
    """A data dir of its own for each test."""
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
