"""Importing files into the library: each file imported, unchanged or refused on its own."""

from __future__ import annotations

import dataclasses
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import OperationalError

from studyapp.core.duplicates import draft_fingerprint
from studyapp.core.importing import Refused, find_files
from studyapp.core.materials import MaterialDraft
from studyapp.core.slug import material_slug
from studyapp.core.text import bytes_hash
from studyapp.db.fingerprints import stored_fingerprints
from studyapp.db.materials_repo import ImportRecord
from studyapp.db.staged_import import save_staged
from studyapp.i18n import _
from studyapp.locations import bundled_materials_dir
from studyapp.services.import_files import prepare, read_file
from studyapp.services.pdf_extract import extract_pdf

if TYPE_CHECKING:
    from studyapp.services import StudyService

# Bump when parsing changes, so unchanged files are parsed again after an upgrade.
PARSER_VERSION = "2"
# Files with more paragraphs than this are written in batches (see ``db.staged_import``).
STAGED_ABOVE_BLOCKS = 5_000
BUNDLED_PREFIX = "bundled:"
Progress = Callable[[int, int, Path], None]


ImportStatus = Literal["imported", "unchanged", "duplicate", "refused"]


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file."""

    path: str
    status: ImportStatus
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

    def by_status(self, status: ImportStatus) -> list[ImportOutcome]:
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
    """The resolved path that identifies a file; a symlink loop falls back to the absolute path.

    Bytes of the name that are not UTF-8 are kept as ``\\xNN`` escapes, so the key can be
    stored and two such files never share one.
    """
    try:
        return shown_path(path.resolve())
    except (OSError, RuntimeError):
        return shown_path(path.absolute())


def shown_path(path: Path) -> str:
    """``path`` as text that can be stored and printed: undecodable bytes as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def readable_name(path: Path) -> tuple[Path, str | None]:
    """``path`` with a file name that is not UTF-8 decoded for its title and id.

    Names from a zip made on a Chinese Windows machine are usually GB18030; anything
    else keeps its bytes as ``\\xNN``. Returns the path to name the material by and a
    warning when the name was not UTF-8.
    """
    raw = os.fsencode(path.name)
    try:
        raw.decode("utf-8")
        return path, None
    except UnicodeDecodeError:
        pass
    try:
        name, how = raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        name, how = raw.decode("utf-8", "backslashreplace"), None
    warning = (
        _("the file name is not UTF-8; it was read as {encoding}").format(encoding=how)
        if how
        else _("the file name is not UTF-8; its undecodable bytes are shown as \\xNN")
    )
    return path.with_name(name), warning


def _import_one(
    service: StudyService, path: Path, source: str, encoding: str | None, known: _Known
) -> ImportOutcome:
    shown = shown_path(path)
    try:
        return _store(service, path, source, encoding, known)
    except Refused as refusal:
        outcome = ImportOutcome(shown, "refused", code=refusal.code, reason=str(refusal))
    except OperationalError:
        raise  # the database cannot be written (full or read-only disk): no file can be
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
    shown = shown_path(path)
    if stored and stored.file_hash == file_hash and encoding in (None, stored.encoding):
        outcome = ImportOutcome(shown, "unchanged", stored.material_id)
        service.materials.record_import(_record(service, outcome))
        return outcome
    named, name_warning = readable_name(path)
    prepared = prepare(named, data, encoding, extract_pdf)
    draft = prepared.draft
    if name_warning:
        draft = dataclasses.replace(draft, warnings=(*draft.warnings, name_warning))
    fingerprint = draft_fingerprint(draft)
    owner = known.owner(fingerprint)
    updating = stored.material_id if stored else None
    if owner and owner != updating and not known.allow_duplicate:
        outcome = ImportOutcome(shown, "duplicate", owner, draft.title, prepared.encoding)
        service.materials.record_import(_record(service, outcome))
        return outcome
    outcome = ImportOutcome(shown, "imported", None, draft.title, prepared.encoding, draft.warnings)
    save = service.materials.save if _small(draft) else partial(save_staged, service.engine)
    material_id = save(
        draft,
        source=source,
        slug=material_slug(named.stem),
        file_hash=file_hash,
        encoding=prepared.encoding,
        now=service.clock(),
        record=_record(service, outcome),
    )
    known.add(fingerprint, material_id)
    return ImportOutcome(
        outcome.path, "imported", material_id, outcome.title, outcome.encoding, outcome.warnings
    )


def _small(draft: MaterialDraft) -> bool:
    """Whether one transaction can store ``draft`` without holding the lock for long."""
    return sum(len(s.blocks) for s in draft.sections) <= STAGED_ABOVE_BLOCKS


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
    with service.locations.log_file.open(
        "a", encoding="utf-8", errors="backslashreplace"
    ) as handle:
        handle.write(f"{service.clock().isoformat()} importing {path}\n{details}\n")
