"""The facade's state and its plain reads; :class:`StudyService` adds the use cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from studyapp.config import Settings, load_settings
from studyapp.core.materials import Material, Section
from studyapp.core.read_rule import DEFAULT_SHARE
from studyapp.core.reading import Note, ReadingPosition, SectionProgress
from studyapp.db.engine import make_engine, shorten_busy_timeout
from studyapp.db.materials_repo import MaterialRepository
from studyapp.db.migrate import SchemaStatus, ensure_schema, sqlite_path
from studyapp.db.plans_repo import PlanRepository
from studyapp.db.progress_repo import ProgressRepository
from studyapp.db.quiz_repo import QuizRepository
from studyapp.db.review_repo import ReviewRepository
from studyapp.db.staged_import import remove_abandoned
from studyapp.locations import Locations
from studyapp.services.files import remove_stale_temporaries

if TYPE_CHECKING:
    from studyapp.db.doctor import Check

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The current time, UTC-aware."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ReaderData:
    """A material with its text, where it was left, and its sections' progress."""

    material: Material
    sections: list[Section]
    position: ReadingPosition | None
    progress: list[SectionProgress]


class ServiceBase:
    """The facade's state (engine, repositories, clock, settings) and the reads over it.

    The repositories are the facade's own: the UI and the CLI call methods of
    :class:`~studyapp.services.StudyService` and never touch them (see the README's
    design notes; ``tests/test_facade.py`` checks it).
    """

    def __init__(self, locations: Locations, settings: Settings, clock: Clock = utc_now) -> None:
        locations.data_dir.mkdir(parents=True, exist_ok=True)
        self.locations = locations
        self.settings = settings
        self.clock = clock
        self.engine = make_engine(locations.db_url)
        self.schema: SchemaStatus = ensure_schema(self.engine, locations.backup_dir, clock())
        self.materials = MaterialRepository(self.engine)
        self.progress = ProgressRepository(self.engine)
        self.plans = PlanRepository(self.engine)
        self.quiz = QuizRepository(self.engine)
        self.reviews = ReviewRepository(self.engine)
        self.tz = settings.tzinfo()
        remove_abandoned(self.engine, clock())  # what a killed batched import left
        remove_stale_temporaries(
            [
                locations.data_dir,
                locations.backup_dir,
                locations.export_dir,
                locations.data_dir / "cache",
            ]
        )

    @classmethod
    def open(cls, locations: Locations, clock: Clock = utc_now) -> Self:
        """Open the library at ``locations`` with the settings stored there."""
        return cls(locations, load_settings(locations.config_file), clock)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def hurry(self, seconds: float) -> None:
        """Exiting: writes from now on wait at most ``seconds`` for a database lock."""
        shorten_busy_timeout(self.engine, seconds)

    # -- library -----------------------------------------------------------------
    def library(self) -> list[Material]:
        """All materials, required ones first."""
        return self.materials.list()

    def material(self, material_id: str) -> Material | None:
        """A material with its section list."""
        return self.materials.get(material_id)

    def section(self, material_id: str, anchor: str) -> Section | None:
        """A section with its text."""
        return self.materials.section(material_id, anchor)

    # -- reading -----------------------------------------------------------------
    def local_day(self, at: dt.datetime | None = None) -> dt.date:
        """The learner's local calendar day at ``at`` (now by default)."""
        return (at or self.clock()).astimezone(self.tz).date()

    def reader_data(self, material_id: str) -> ReaderData:
        """Everything the reader needs to open a material."""
        material = self.materials.get(material_id)
        if material is None:
            raise KeyError(material_id)
        return ReaderData(
            material,
            self.materials.full_text(material_id),
            self.progress.position(material_id),
            self.progress.section_progress(material_id),
        )

    def read_share(self) -> float:
        """The configured share of the expected reading time that makes a text read."""
        share = self.settings.reading.read_share
        return share if 0 < share <= 1 else DEFAULT_SHARE

    def note(self, material_id: str, section: str) -> Note | None:
        """The learner's note on a section."""
        return self.progress.note(material_id, section)

    def save_note(self, material_id: str, section: str, text: str) -> None:
        """Save the note on a section (an empty note is deleted)."""
        self.progress.save_note(material_id, section, text, self.clock())

    def rebuild_search_index(self) -> bool:
        """Build the full-text index again from the text. Returns whether there is one."""
        from studyapp.db.search_index import rebuild_search_index

        return rebuild_search_index(self.engine)

    # -- health -----------------------------------------------------------------
    def doctor(self) -> list[Check]:
        """Run the database health checks."""
        from studyapp.db.doctor import run_checks

        return run_checks(self.engine)

    def database_file(self) -> Path | None:
        """The SQLite file, when the database is one."""
        return sqlite_path(self.engine)

    # -- plans and progress --------------------------------------------------------
    def plan_count(self) -> int:
        """How many plans are stored."""
        return self.plans.count()

    def remove_plan(self, plan_id: int) -> None:
        """Delete a stored plan."""
        self.plans.remove(plan_id)

    def section_progress(self, material_id: str | None = None) -> list[SectionProgress]:
        """Every section's reading progress (of one material, when given)."""
        return self.progress.section_progress(material_id)

    def add_challenge(self, material_id: str, streak: int, seconds: float | None) -> None:
        """Record a finished challenge round on a material, now."""
        self.reviews.add_challenge(material_id, streak, seconds, self.clock())
