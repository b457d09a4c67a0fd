"""The one facade the UI and the CLI call: opening the library, importing, reading, checking."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
from studyapp.locations import Locations, bundled_materials_dir
from studyapp.services.files import remove_stale_temporaries
from studyapp.services.reading import ReadingTracker

if TYPE_CHECKING:
    from studyapp.core.search import SearchResults
    from studyapp.db.doctor import Check
    from studyapp.services.backup import AutoBackup, BackupFile
    from studyapp.services.export import AnkiExport, CsvFile, JsonExport, ReportExport
    from studyapp.services.imports import ImportReport

BUNDLED_PREFIX = "bundled:"

Clock = Callable[[], dt.datetime]
Progress = Callable[[int, int, Path], None]
log = logging.getLogger("studyapp")


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


class StudyService:
    """Everything the UI and CLI may do, over one engine and one clock."""

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
    def open(cls, locations: Locations, clock: Clock = utc_now) -> StudyService:
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

    def start_reading(
        self,
        material_id: str,
        section: str,
        language: str,
        sections: Sequence[Section] | None = None,
    ) -> ReadingTracker:
        """Open a reading session that records time and position.

        With ``sections`` (the material's text) the session also applies the read rule
        to each section it spends time on.
        """
        from studyapp.services.plans import paragraph_minutes, reading_speed

        minutes = {}
        if sections:
            minutes = paragraph_minutes(sections, language, reading_speed(self))
        return ReadingTracker(
            self.progress,
            material_id,
            section,
            language,
            clock=self.clock,
            day_of=self.local_day,
            idle_cutoff=self.settings.reading.idle_cutoff_seconds,
            paragraph_minutes=minutes,
            share=self.read_share(),
        )

    def reviews_due_count(self) -> int:
        """Review cards due now, within today's limits."""
        from studyapp.services.review import due_count

        return due_count(self)

    def note(self, material_id: str, section: str) -> Note | None:
        """The learner's note on a section."""
        return self.progress.note(material_id, section)

    def save_note(self, material_id: str, section: str, text: str) -> None:
        """Save the note on a section (an empty note is deleted)."""
        self.progress.save_note(material_id, section, text, self.clock())

    # -- search ------------------------------------------------------------------
    def search(
        self, query: str, material: str | None = None, limit: int = 50, cells: int = 72
    ) -> SearchResults:
        """Find paragraphs holding every word of ``query``, in library order.

        Args:
            query: words separated by spaces; case and full-width letters are ignored.
            material: search only this material.
            limit: most hits to return (``truncated`` tells whether there were more).
            cells: terminal cells each snippet may take (CJK characters take two).
        """
        from studyapp.services.search import search

        return search(self, query, material, limit, cells)

    def rebuild_search_index(self) -> bool:
        """Build the full-text index again from the text. Returns whether there is one."""
        from studyapp.db.search_index import rebuild_search_index

        return rebuild_search_index(self.engine)

    # -- importing ---------------------------------------------------------------
    def import_paths(
        self,
        paths: list[Path],
        encoding: str | None = None,
        progress: Progress | None = None,
        allow_duplicate: bool = False,
    ) -> ImportReport:
        """Import files and folders; each file is imported or refused on its own.

        Args:
            paths: files and folders (searched recursively for supported files).
            encoding: force this encoding instead of detecting one.
            progress: called with (done, total, path) after each file.
            allow_duplicate: import a text the library already holds from another file.
        """
        from studyapp.services.imports import import_paths

        return import_paths(self, paths, encoding, progress, allow_duplicate)

    def import_bundled_if_new(self) -> ImportReport | None:
        """On a library that has never imported anything, import the bundled materials."""
        if self.materials.import_log(limit=1) or self.materials.list():
            return None
        from studyapp.services.imports import import_bundled

        return import_bundled(self)

    # -- exports -----------------------------------------------------------------
    def export_anki(self, target: Path, material_ids: list[str] | None = None) -> AnkiExport:
        """Write stored questions as an Anki package (see :mod:`studyapp.services.export`)."""
        from studyapp.services.export.anki import export_anki

        return export_anki(self, target, material_ids)

    def export_csv(self, folder: Path) -> list[CsvFile]:
        """Write sessions, quiz answers, reviews and notes as CSV files into ``folder``."""
        from studyapp.services.export.tables import export_csv

        return export_csv(self, folder)

    def export_json(self, target: Path) -> JsonExport:
        """Write the whole learner's record as one JSON document."""
        from studyapp.services.export.tables import export_json

        return export_json(self, target)

    def export_report(
        self, target: Path, first: dt.date | None = None, last: dt.date | None = None
    ) -> ReportExport:
        """Write the study report (学习记录) for local days ``first`` to ``last`` as Markdown."""
        from studyapp.services.export.report import export_report

        return export_report(self, target, first, last)

    # -- health ------------------------------------------------------------------
    def doctor(self) -> list[Check]:
        """Run the database health checks."""
        from studyapp.db.doctor import run_checks

        return run_checks(self.engine)

    def backup(self, target: Path | None = None) -> BackupFile:
        """Copy the database now (default: a timestamped file in the backups folder)."""
        from studyapp.services.backup import make_backup

        return make_backup(self, target)

    def auto_backup(self) -> AutoBackup | None:
        """The start-up backup: at most one a day, older ones thinned; ``None`` when off.

        The database is checked either way: a damaged one raises
        :class:`~studyapp.services.backup.DatabaseDamaged` naming the backup to restore.
        """
        from studyapp.core.retention import Retention
        from studyapp.services.backup import auto_backup, refuse_damaged

        rule = self.settings.backup
        if self.database_file() is None:
            return None
        if not rule.automatic:
            refuse_damaged(self.locations)
            return None
        return auto_backup(self, Retention(rule.keep_daily, rule.keep_weekly, rule.keep_monthly))

    def database_file(self) -> Path | None:
        """The SQLite file, when the database is one."""
        return sqlite_path(self.engine)


def source_path(source: str) -> Path:
    """The file a material's ``source`` key points at (bundled ones live in the package)."""
    if source.startswith(BUNDLED_PREFIX):
        return bundled_materials_dir() / source.removeprefix(BUNDLED_PREFIX)
    return Path(source)
