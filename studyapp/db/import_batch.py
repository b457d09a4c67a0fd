"""Many small materials written in one transaction: the import of a folder.

The import reads what it needs of the library once (:class:`LibraryIndex`: each source
file's material and hash, and the ids in use), parses files outside any transaction and
writes a batch of them with executemany inserts and one commit (:func:`write_batch`).
A batch is all or nothing; the caller retries a failed batch file by file, so one bad
file never takes the others with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, insert, update
from sqlmodel import col, select

from studyapp.core.materials import MaterialDraft
from studyapp.core.slug import unique
from studyapp.db.engine import read_session, write_session
from studyapp.db.material_rows import (
    RowIds,
    StoreTarget,
    TextRows,
    _record_fields,
    material_values,
)
from studyapp.db.materials_repo import ImportRecord, StoredFile
from studyapp.db.models import ImportRecordRow, MaterialRow, SectionRow, table_of
from studyapp.db.revisions import carry_over, match, read_text


@dataclass(frozen=True)
class BatchItem:
    """One parsed file to store: its material id is chosen before the batch is written."""

    draft: MaterialDraft
    target: StoreTarget
    material_id: str
    replaces: bool  # the source was imported before: its material keeps its id


class LibraryIndex:
    """Each source's material and the ids in use, read once per import command."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._files: dict[str, StoredFile] | None = None
        self._ids: set[str] = set()

    def _load(self) -> dict[str, StoredFile]:
        if self._files is None:
            with read_session(self.engine) as session:
                rows = session.exec(
                    select(
                        MaterialRow.id, MaterialRow.source, MaterialRow.file_hash,
                        MaterialRow.encoding,
                    )
                ).all()
            self._files = {source: StoredFile(i, h, e) for i, source, h, e in rows}
            self._ids = {row[0] for row in rows}
        return self._files

    def stored_file(self, source: str) -> StoredFile | None:
        """The material imported from ``source``, as known at the start (or noted since)."""
        return self._load().get(source)

    def by_id(self, material_id: str) -> tuple[str, StoredFile] | None:
        """The source and stored file of material ``material_id``, if it exists."""
        for source, stored in self._load().items():
            if stored.material_id == material_id:
                return source, stored
        return None

    def new_id(self, slug: str) -> str:
        """A free material id from ``slug`` (``slug-2``… when taken), reserved."""
        self._load()
        ident = unique(slug, self._ids)
        self._ids.add(ident)
        return ident

    def note(self, source: str, stored: StoredFile) -> None:
        """``source`` is (about to be) stored as ``stored``."""
        self._load()[source] = stored
        self._ids.add(stored.material_id)

    def forget(self) -> None:
        """Read the library again at the next question (after a failed batch)."""
        self._files = None
        self._ids = set()


def write_batch(engine: Engine, items: list[BatchItem], records: list[ImportRecord]) -> None:
    """Store ``items`` and append ``records`` to the import log, in one transaction.

    Raises whatever the database raises; then nothing of the batch is stored.
    """
    with write_session(engine) as session:
        new = [_new_row(item) for item in items if not item.replaces]
        materials = table_of(MaterialRow)
        if new:
            session.execute(insert(materials), new)
        replaced = [item for item in items if item.replaces]
        for item in replaced:
            values = _values(item) | {"source": item.target.source}  # moved by --replace
            result = session.execute(
                update(materials).where(materials.c.id == item.material_id).values(values)
            )
            # removed meanwhile: the file-by-file retry finds out
            if cast("CursorResult[Any]", result).rowcount != 1:
                raise LookupError(item.material_id)
        old = {item.material_id: read_text(session, item.material_id) for item in replaced}
        if replaced:
            gone = [item.material_id for item in replaced]
            session.execute(delete(SectionRow).where(col(SectionRow.material_id).in_(gone)))
        rows, ids = TextRows(), RowIds.read(session)
        for item in items:
            rows.add(item.material_id, item.draft, ids)
        rows.insert(session)
        for item in replaced:  # the learner's history follows the revised text
            matched = match(old[item.material_id], item.draft)
            revision = carry_over(session, item.material_id, matched)
            item.target.revisions[:] = [revision]
        if records:
            session.execute(
                insert(table_of(ImportRecordRow)), [_record_fields(r) for r in records]
            )


def _values(item: BatchItem) -> dict[str, Any]:
    target = item.target
    return material_values(item.draft, target.file_hash, target.encoding, target.now)


def _new_row(item: BatchItem) -> dict[str, Any]:
    return _values(item) | {
        "id": item.material_id,
        "source": item.target.source,
        "imported_at": item.target.now,
    }
