"""The one facade the UI and the CLI call: opening the library, importing, reading, checking."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.config import Settings, load_settings
from studyapp.core.importing import Refused, find_files, prepare, read_file
from studyapp.core.materials import Material, Section
from studyapp.core.reading import Note, ReadingPosition, SectionProgress
from studyapp.core.slug import material_slug
from studyapp.core.text import bytes_hash
from studyapp.db.doctor import Check, run_checks
from studyapp.db.engine import make_engine
from studyapp.db.materials_repo import ImportRecord, MaterialRepository
from studyapp.db.migrate import SchemaStatus, ensure_schema, sqlite_path
from studyapp.db.progress_repo import ProgressRepository
from studyapp.i18n import _
from studyapp.locations import Locations, bundled_materials_dir
from studyapp.services.reading import ReadingTracker

# Bump when parsing changes, so unchanged files are parsed again after an upgrade.
PARSER_VERSION = "2"
BUNDLED_PREFIX = "bundled:"

Clock = Callable[[], dt.datetime]
Progress = Callable[[int, int, Path], None]
log = logging.getLogger("studyapp")


def utc_now() -> dt.datetime:
    """The current time, UTC-aware."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file."""

    path: str
    status: str  # "imported", "unchanged" or "refused"
    material_id: str | None = None
    title: str | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    code: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ReaderData:
    """A material with its text, where it was left, and its sections' progress."""

    material: Material
    sections: list[Section]
    position: ReadingPosition | None
    progress: list[SectionProgress]


@dataclass
class ImportReport:
    """The outcome of one import command, file by file."""

    outcomes: list[ImportOutcome] = field(default_factory=list)

    def by_status(self, status: str) -> list[ImportOutcome]:
        """The outcomes with ``status``, in import order."""
        return [o for o in self.outcomes if o.status == status]

    @property
    def refused(self) -> list[ImportOutcome]:
        """Files that could not be imported."""
        return self.by_status("refused")


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
        self.tz = settings.tzinfo()

    @classmethod
    def open(cls, locations: Locations, clock: Clock = utc_now) -> StudyService:
        """Open the library at ``locations`` with the settings stored there."""
        return cls(locations, load_settings(locations.config_file), clock)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

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

    def start_reading(self, material_id: str, section: str) -> ReadingTracker:
        """Open a reading session that records time and position."""
        return ReadingTracker(
            self.progress,
            material_id,
            section,
            clock=self.clock,
            day_of=self.local_day,
            idle_cutoff=self.settings.reading.idle_cutoff_seconds,
        )

    def note(self, material_id: str, section: str) -> Note | None:
        """The learner's note on a section."""
        return self.progress.note(material_id, section)

    def save_note(self, material_id: str, section: str, text: str) -> None:
        """Save the note on a section (an empty note is deleted)."""
        self.progress.save_note(material_id, section, text, self.clock())

    # -- importing ---------------------------------------------------------------
    def import_paths(
        self, paths: list[Path], encoding: str | None = None, progress: Progress | None = None
    ) -> ImportReport:
        """Import files and folders; each file is imported or refused on its own.

        Args:
            paths: files and folders (searched recursively for .md, .markdown, .txt).
            encoding: force this encoding instead of detecting one.
            progress: called with (done, total, path) after each file.
        """
        files = list(find_files(paths))
        report = ImportReport()
        for done, (path, _explicit) in enumerate(files, start=1):
            report.outcomes.append(self._import_one(path, _source_key(path), encoding))
            if progress:
                progress(done, len(files), path)
        return report

    def import_bundled_if_new(self) -> ImportReport | None:
        """On a library that has never imported anything, import the bundled materials."""
        if self.materials.import_log(limit=1) or self.materials.list():
            return None
        report = ImportReport()
        for path, _explicit in find_files([bundled_materials_dir()]):
            source = BUNDLED_PREFIX + path.name
            report.outcomes.append(self._import_one(path, source, None))
        return report

    def _import_one(self, path: Path, source: str, encoding: str | None) -> ImportOutcome:
        shown = str(path)
        try:
            outcome = self._store(path, source, encoding)
        except Refused as refusal:
            outcome = ImportOutcome(shown, "refused", code=refusal.code, reason=str(refusal))
        except Exception as error:  # a bug must not stop the other files
            self._log_error(path, error)
            reason = _("unexpected error ({error}); details in {log}").format(
                error=type(error).__name__, log=self.locations.log_file
            )
            outcome = ImportOutcome(shown, "refused", code="error", reason=reason)
        self._record(outcome)
        return outcome

    def _store(self, path: Path, source: str, encoding: str | None) -> ImportOutcome:
        data = read_file(path, self.settings.size_limit)
        file_hash = f"{PARSER_VERSION}:{bytes_hash(data)}"
        stored = self.materials.stored_file(source)
        if stored and stored.file_hash == file_hash and encoding in (None, stored.encoding):
            return ImportOutcome(str(path), "unchanged", stored.material_id)
        prepared = prepare(path, data, encoding)
        material_id = self.materials.save(
            prepared.draft,
            source=source,
            slug=material_slug(path.stem),
            file_hash=file_hash,
            encoding=prepared.encoding,
            now=self.clock(),
        )
        return ImportOutcome(
            str(path),
            "imported",
            material_id,
            prepared.draft.title,
            prepared.encoding,
            prepared.draft.warnings,
        )

    def _record(self, outcome: ImportOutcome) -> None:
        self.materials.record_import(
            ImportRecord(
                at=self.clock(),
                path=outcome.path,
                status=outcome.status,
                material_id=outcome.material_id,
                encoding=outcome.encoding,
                code=outcome.code,
                reason=outcome.reason,
                warnings=outcome.warnings,
            )
        )

    def _log_error(self, path: Path, error: Exception) -> None:
        details = "".join(traceback.format_exception(error))
        with self.locations.log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"{self.clock().isoformat()} importing {path}\n{details}\n")

    # -- health ------------------------------------------------------------------
    def doctor(self) -> list[Check]:
        """Run the database health checks."""
        return run_checks(self.engine)

    def database_file(self) -> Path | None:
        """The SQLite file, when the database is one."""
        return sqlite_path(self.engine)


def _source_key(path: Path) -> str:
    """The resolved path that identifies a file; a symlink loop falls back to the absolute path."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def source_path(source: str) -> Path:
    """The file a material's ``source`` key points at (bundled ones live in the package)."""
    if source.startswith(BUNDLED_PREFIX):
        return bundled_materials_dir() / source.removeprefix(BUNDLED_PREFIX)
    return Path(source)
