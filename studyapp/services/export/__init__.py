"""Exports of the learner's record: Anki decks, CSV tables, a JSON record, a study report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.core.materials import Material
    from studyapp.services import StudyService


class ExportError(ValueError):
    """An export request that cannot be met (unknown material, empty period…)."""


@dataclass(frozen=True)
class AnkiExport:
    """What ``export anki`` wrote."""

    path: Path
    cloze: int
    basic: int
    materials: tuple[str, ...]

    @property
    def notes(self) -> int:
        """All notes written."""
        return self.cloze + self.basic


@dataclass(frozen=True)
class CsvFile:
    """One CSV file written by ``export csv``."""

    table: str
    path: Path
    rows: int


@dataclass(frozen=True)
class JsonExport:
    """What ``export json`` wrote: rows per table."""

    path: Path
    counts: dict[str, int]


@dataclass(frozen=True)
class ReportExport:
    """What ``export report`` wrote."""

    path: Path
    first: dt.date
    last: dt.date
    minutes_by_day: dict[dt.date, float] = field(default_factory=dict)
    empty: bool = False


class Titles:
    """Material and section titles by id, each material loaded once."""

    def __init__(self, service: StudyService) -> None:
        self.service = service
        self._materials: dict[str, Material | None] = {}

    def _get(self, material_id: str) -> Material | None:
        if material_id not in self._materials:
            self._materials[material_id] = self.service.material(material_id)
        return self._materials[material_id]

    def material(self, material_id: str) -> str:
        """The material's title (its id if it is gone)."""
        material = self._get(material_id)
        return material.title if material else material_id

    def section(self, material_id: str, anchor: str) -> str:
        """The section's title (its anchor if it is gone)."""
        material = self._get(material_id)
        for section in material.sections if material else ():
            if section.anchor == anchor:
                return section.title
        return anchor

    def section_position(self, material_id: str, anchor: str) -> int:
        """The section's place in its material, for sorting (-1 if unknown)."""
        material = self._get(material_id)
        for section in material.sections if material else ():
            if section.anchor == anchor:
                return section.position
        return -1
