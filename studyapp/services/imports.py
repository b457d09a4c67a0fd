"""Importing files into the library: each file imported, unchanged or refused on its own."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core.duplicates import draft_fingerprint
from studyapp.core.importing import Refused, find_files, prepare, read_file
from studyapp.core.slug import material_slug
from studyapp.core.text import bytes_hash
from studyapp.db.fingerprints import stored_fingerprints
from studyapp.db.materials_repo import ImportRecord
from studyapp.i18n import _
from studyapp.locations import bundled_materials_dir
from studyapp.services.pdf_extract import extract_pdf

if TYPE_CHECKING:
    from studyapp.services import StudyService

# Bump when parsing changes, so unchanged files are parsed again after an upgrade.
PARSER_VERSION = "2"
BUNDLED_PREFIX = "bundled:"
Progress = Callable[[int, int, Path], None]


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file."""

    path: str
    status: str  # "imported", "unchanged", "duplicate" or "refused"
    material_id: str | None = None
    title: str | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    code: str | None = None
    reason: str | None = None


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


@dataclass
class _Known:
    """Fingerprints of the library's texts, read once per import command when first needed."""

    service: StudyService
    allow_duplicate: bool = False
    table: dict[str, str] | None = None

    def owner(self, fingerprint: str) -> str | None:
        if self.table is None:
            self.table = stored_fingerprints(self.service.engine)
        return self.table.get(fingerprint)

    def add(self, fingerprint: str, material_id: str) -> None:
        if self.table is not None:
            self.table.setdefault(fingerprint, material_id)


def import_paths(
    service: StudyService,
    paths: list[Path],
    encoding: str | None,
    progress: Progress | None,
    allow_duplicate: bool = False,
) -> ImportReport:
    """Import files and folders (see :meth:`StudyService.import_paths`)."""
    files = list(find_files(paths))
    report = ImportReport()
    known = _Known(service, allow_duplicate)
    for done, (path, _explicit) in enumerate(files, start=1):
        report.outcomes.append(_import_one(service, path, _source_key(path), encoding, known))
        if progress:
            progress(done, len(files), path)
    return report


def import_bundled(service: StudyService) -> ImportReport:
    """Import the sample materials that ship with the package."""
    report = ImportReport()
    for path, _explicit in find_files([bundled_materials_dir()]):
        source = BUNDLED_PREFIX + path.name
        report.outcomes.append(_import_one(service, path, source, None, _Known(service, True)))
    return report


def _source_key(path: Path) -> str:
    """The resolved path that identifies a file; a symlink loop falls back to the absolute path."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _import_one(
    service: StudyService, path: Path, source: str, encoding: str | None, known: _Known
) -> ImportOutcome:
    shown = str(path)
    try:
        return _store(service, path, source, encoding, known)
    except Refused as refusal:
        outcome = ImportOutcome(shown, "refused", code=refusal.code, reason=str(refusal))
    except Exception as error:  # a bug must not stop the other files
        _log_error(service, path, error)
        reason = _("unexpected error ({error}); details in {log}").format(
            error=type(error).__name__, log=service.locations.log_file
        )
        outcome = ImportOutcome(shown, "refused", code="error", reason=reason)
    service.materials.record_import(_record(service, outcome))
    return outcome


def _store(
    service: StudyService, path: Path, source: str, encoding: str | None, known: _Known
) -> ImportOutcome:
    data = read_file(path, service.settings.size_limit)
    file_hash = f"{PARSER_VERSION}:{bytes_hash(data)}"
    stored = service.materials.stored_file(source)
    if stored and stored.file_hash == file_hash and encoding in (None, stored.encoding):
        outcome = ImportOutcome(str(path), "unchanged", stored.material_id)
        service.materials.record_import(_record(service, outcome))
        return outcome
    prepared = prepare(path, data, encoding, extract_pdf)
    fingerprint = draft_fingerprint(prepared.draft)
    owner = known.owner(fingerprint)
    updating = stored.material_id if stored else None
    if owner and owner != updating and not known.allow_duplicate:
        outcome = ImportOutcome(str(path), "duplicate", owner, prepared.draft.title,
                                prepared.encoding)
        service.materials.record_import(_record(service, outcome))
        return outcome
    outcome = ImportOutcome(
        str(path),
        "imported",
        None,
        prepared.draft.title,
        prepared.encoding,
        prepared.draft.warnings,
    )
    material_id = service.materials.save(
        prepared.draft,
        source=source,
        slug=material_slug(path.stem),
        file_hash=file_hash,
        encoding=prepared.encoding,
        now=service.clock(),
        record=_record(service, outcome),
    )
    known.add(fingerprint, material_id)
    return ImportOutcome(
        outcome.path, "imported", material_id, outcome.title, outcome.encoding, outcome.warnings
    )


def _record(service: StudyService, outcome: ImportOutcome) -> ImportRecord:
    return ImportRecord(
        at=service.clock(),
        path=outcome.path,
        status=outcome.status,
        material_id=outcome.material_id,
        encoding=outcome.encoding,
        code=outcome.code,
        reason=outcome.reason,
        warnings=outcome.warnings,
    )


def _log_error(service: StudyService, path: Path, error: Exception) -> None:
    details = "".join(traceback.format_exception(error))
    with service.locations.log_file.open("a", encoding="utf-8") as handle:
        handle.write(f"{service.clock().isoformat()} importing {path}\n{details}\n")
