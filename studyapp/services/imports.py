"""Importing files into the library: each file imported, unchanged or refused on its own."""

from __future__ import annotations

import dataclasses
import os
import time
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
from studyapp.core.reanchor import Revision
from studyapp.core.slug import material_slug
from studyapp.core.text import bytes_hash
from studyapp.db.fingerprints import stored_fingerprints
from studyapp.db.import_batch import BatchItem, LibraryIndex, write_batch
from studyapp.db.material_rows import StoreTarget
from studyapp.db.materials_repo import ImportRecord, StoredFile
from studyapp.db.staged_import import save_staged
from studyapp.i18n import _
from studyapp.locations import bundled_materials_dir
from studyapp.services.import_files import prepare, read_file
from studyapp.services.import_replace import check_replace
from studyapp.services.pdf_extract import extract_pdf

if TYPE_CHECKING:
    from studyapp.services import StudyService

# Bump when parsing changes, so unchanged files are parsed again after an upgrade.
PARSER_VERSION = "2"
# Files with more paragraphs than this are written in batches (see ``db.staged_import``).
STAGED_ABOVE_BLOCKS = 5_000
# Smaller files are parsed first and written together: one transaction for at most this
# many files or paragraphs (about 0.1 s of holding the write lock), or for the files
# parsed in BATCH_SECONDS (so a slow parse still shows progress and a kill loses little).
BATCH_FILES = 100
BATCH_BLOCKS = 2_000
BATCH_SECONDS = 0.5
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
    revision: Revision | None = None  # a revised text: what the learner's history kept


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


@dataclass
class Entry:
    """One file's outcome and, for a file to store, what to write."""

    path: Path
    outcome: ImportOutcome
    item: BatchItem | None = None


class ImportRun:
    """The files of one import command: parsed one by one, written in batches.

    A batch is one transaction; when it fails, its files are written one at a time, so
    a file that cannot be stored is refused with its reason and the others go in.
    Progress is reported as each file's outcome is committed.
    """

    def __init__(
        self,
        service: StudyService,
        known: _Known,
        progress: Progress | None,
        total: int,
        replace: str | None = None,
    ) -> None:
        self.service, self.known, self.progress, self.total = service, known, progress, total
        self.index = LibraryIndex(service.engine)
        self.replace = replace  # ``--replace ID``: the one file's text goes to this material
        self.report = ImportReport()
        self.pending: list[Entry] = []
        self.blocks = 0
        self.started = 0.0  # when the first queued file was parsed

    def add(self, entry: Entry) -> None:
        """Queue ``entry``; write the batch when full. A big file is written alone, staged."""
        if entry.item is not None and not small(entry.item.draft):
            self.flush()
            self._done(self._save_staged(entry))
            return
        if not self.pending:
            self.started = time.monotonic()
        self.pending.append(entry)
        if entry.item is not None:
            self.blocks += sum(len(s.blocks) for s in entry.item.draft.sections)
        if (
            len(self.pending) >= BATCH_FILES
            or self.blocks >= BATCH_BLOCKS
            or time.monotonic() - self.started >= BATCH_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        """Write the queued files and their log lines in one transaction."""
        entries, self.pending, self.blocks = self.pending, [], 0
        if not entries:
            return
        items = [e.item for e in entries if e.item is not None]
        records = [record_of(self.service, e.outcome) for e in entries]
        try:
            write_batch(self.service.engine, items, records)
        except OperationalError:
            raise  # the database cannot be written (full or read-only disk): no file can be
        except Exception:  # one file spoils the batch: find it by writing them one by one
            self.index.forget()
            entries = [self._save_alone(e) for e in entries]
        for entry in entries:
            self._done(revised(entry))

    def _done(self, entry: Entry) -> None:
        self.report.outcomes.append(entry.outcome)
        if self.progress:
            self.progress(len(self.report.outcomes), self.total, entry.path)

    def _save_alone(self, entry: Entry) -> Entry:
        return self._store(entry, self.service.materials.save)

    def _save_staged(self, entry: Entry) -> Entry:
        return self._store(entry, partial(save_staged, self.service.engine))

    def _store(self, entry: Entry, save: Callable[..., str]) -> Entry:
        """Write one entry in its own transaction(s); a failure refuses that file alone."""
        outcome, item = entry.outcome, entry.item
        if item is None:
            self.service.materials.record_import(record_of(self.service, outcome))
            return entry
        target = item.target
        unsaved = dataclasses.replace(outcome, material_id=None)
        try:
            material_id = save(
                item.draft, source=target.source, slug=target.slug,
                file_hash=target.file_hash, encoding=target.encoding, now=target.now,
                record=record_of(self.service, unsaved), replaces=target.replaces,
                revisions=target.revisions,
            )
        except OperationalError:
            raise
        except Exception as error:  # a bug must not stop the other files
            self.index.forget()
            refused = failed_outcome(self.service, entry.path, error)
            self.service.materials.record_import(record_of(self.service, refused))
            return Entry(entry.path, refused)
        self.index.note(target.source, StoredFile(material_id, target.file_hash, target.encoding))
        stored = dataclasses.replace(outcome, material_id=material_id)
        return revised(Entry(entry.path, stored, item))

    def stored_file(self, source: str) -> tuple[StoredFile | None, bool]:
        """The material ``source`` updates, and whether it is one ``--replace`` moves to it."""
        stored = self.index.stored_file(source)
        if self.replace is None or (stored and stored.material_id == self.replace):
            return stored, False
        found = self.index.by_id(self.replace)
        if found is None:
            raise LookupError(self.replace)
        return found[1], True


def revised(entry: Entry) -> Entry:
    """``entry`` with the revision its write recorded, if it replaced an older text."""
    if entry.item is None or not entry.item.target.revisions:
        return entry
    outcome = dataclasses.replace(entry.outcome, revision=entry.item.target.revisions[-1])
    return Entry(entry.path, outcome, entry.item)


def import_paths(
    service: StudyService,
    paths: list[Path],
    encoding: str | None,
    progress: Progress | None,
    allow_duplicate: bool = False,
    replace: str | None = None,
) -> ImportReport:
    """Import files and folders (see :meth:`StudyService.import_paths`)."""
    files = list(find_files(paths))
    run = ImportRun(service, _Known(service, allow_duplicate), progress, len(files), replace)
    if replace is not None:
        check_replace(run.index, replace, paths, [_source_key(p) for p, _e in files])
    for path, _explicit in files:
        run.add(_prepare_one(service, path, _source_key(path), encoding, run))
    run.flush()
    return run.report


def import_bundled(service: StudyService) -> ImportReport:
    """Import the sample materials that ship with the package."""
    run = ImportRun(service, _Known(service, True), None, 0)
    for path, _explicit in find_files([bundled_materials_dir()]):
        run.add(_prepare_one(service, path, BUNDLED_PREFIX + path.name, None, run))
    run.flush()
    return run.report


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


def _prepare_one(
    service: StudyService, path: Path, source: str, encoding: str | None, run: ImportRun
) -> Entry:
    """Read and parse one file and decide what becomes of it; nothing is written yet."""
    shown = shown_path(path)
    try:
        return _parse(service, path, source, encoding, run)
    except Refused as refusal:
        return Entry(path, ImportOutcome(shown, "refused", code=refusal.code, reason=str(refusal)))
    except OperationalError:
        raise  # the database cannot be read: no file can be imported
    except Exception as error:  # a bug must not stop the other files
        return Entry(path, failed_outcome(service, path, error))


def _parse(
    service: StudyService, path: Path, source: str, encoding: str | None, run: ImportRun
) -> Entry:
    data = read_file(path, service.settings.size_limit)
    file_hash = f"{PARSER_VERSION}:{bytes_hash(data)}"
    stored, moving = run.stored_file(source)
    shown = shown_path(path)
    same = stored and stored.file_hash == file_hash and encoding in (None, stored.encoding)
    if stored and same and not moving:
        return Entry(path, ImportOutcome(shown, "unchanged", stored.material_id))
    named, name_warning = readable_name(path)
    prepared = prepare(named, data, encoding, extract_pdf)
    draft = prepared.draft
    if name_warning:
        draft = dataclasses.replace(draft, warnings=(*draft.warnings, name_warning))
    updating = stored.material_id if stored else None
    fingerprint = None
    if not run.known.allow_duplicate:
        fingerprint = draft_fingerprint(draft)
        owner = run.known.owner(fingerprint)
        if owner and owner != updating:
            outcome = ImportOutcome(shown, "duplicate", owner, draft.title, prepared.encoding)
            return Entry(path, outcome)
    slug = material_slug(named.stem)
    material_id = updating or run.index.new_id(slug)
    target = StoreTarget(
        source, slug, file_hash, prepared.encoding, service.clock(), None, run.replace
    )
    run.index.note(source, StoredFile(material_id, file_hash, prepared.encoding))
    if fingerprint:
        run.known.add(fingerprint, material_id)
    outcome = ImportOutcome(
        shown, "imported", material_id, draft.title, prepared.encoding, draft.warnings
    )
    return Entry(path, outcome, BatchItem(draft, target, material_id, stored is not None))


def failed_outcome(service: StudyService, path: Path, error: Exception) -> ImportOutcome:
    """A file refused because of an unexpected error, logged with its traceback."""
    _log_error(service, path, error)
    reason = _("unexpected error ({error}); details in {log}").format(
        error=type(error).__name__, log=service.locations.log_file
    )
    return ImportOutcome(shown_path(path), "refused", code="error", reason=reason)


def small(draft: MaterialDraft) -> bool:
    """Whether one transaction can store ``draft`` without holding the lock for long."""
    return sum(len(s.blocks) for s in draft.sections) <= STAGED_ABOVE_BLOCKS


def record_of(service: StudyService, outcome: ImportOutcome) -> ImportRecord:
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
