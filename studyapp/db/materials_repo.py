"""Storing and reading materials; every method returns core objects, never rows."""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine, Row
from sqlmodel import Session, col, select

from studyapp.core.materials import (
    InlineSpan,
    Material,
    MaterialDraft,
    Paragraph,
    Section,
    Sentence,
)
from studyapp.core.reanchor import Revision
from studyapp.db.engine import read_session, write_session
from studyapp.db.material_rows import (
    StoreTarget,
    _insert_sections,
    _record_fields,
    store_material,
)
from studyapp.db.models import (
    ImportRecordRow,
    MaterialRow,
    ParagraphRow,
    SectionRow,
    SentenceRow,
    table_of,
)
from studyapp.db.retry import retried


@dataclass(frozen=True)
class StoredFile:
    """What the library knows of a source file: its material and the hash it had."""

    material_id: str
    file_hash: str
    encoding: str


@dataclass(frozen=True)
class ImportRecord:
    """One line of the import log."""

    at: dt.datetime
    path: str
    status: str
    material_id: str | None
    encoding: str | None
    code: str | None
    reason: str | None
    warnings: tuple[str, ...]


# Materials still being written by a batched import (see ``staged_import``) are hidden.
STAGING_PREFIX = ".importing-"


class MaterialRepository:
    """Materials, sections, paragraphs and sentences in the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def stored_file(self, source: str) -> StoredFile | None:
        """The material imported from ``source``, if any."""
        with read_session(self.engine) as session:
            row = session.exec(select(MaterialRow).where(MaterialRow.source == source)).first()
            return StoredFile(row.id, row.file_hash, row.encoding) if row else None

    def save(
        self,
        draft: MaterialDraft,
        *,
        source: str,
        slug: str,
        file_hash: str,
        encoding: str,
        now: dt.datetime,
        record: ImportRecord | None = None,
        replaces: str | None = None,
        revisions: builtins.list[Revision] | None = None,
    ) -> str:
        """Insert a new material or replace an existing one's text, in one transaction.

        A material already imported from ``source`` (or ``replaces``) keeps its id; a
        new one gets ``slug`` (or ``slug-2``… when taken). What the learner's history
        kept of an older text is appended to ``revisions``.

        Returns:
            The material's id.
        """
        target = StoreTarget(
            source, slug, file_hash, encoding, now, record, replaces,
            revisions if revisions is not None else [],
        )
        with write_session(self.engine) as session:
            return store_material(
                session,
                draft,
                target,
                lambda material_id: _insert_sections(session, material_id, draft),
            )

    @retried()
    def record_import(self, record: ImportRecord) -> None:
        """Append a line to the import log."""
        with write_session(self.engine) as session:
            session.add(ImportRecordRow(**_record_fields(record)))

    def import_log(self, limit: int = 100) -> list[ImportRecord]:
        """The most recent import log lines, newest first."""
        with read_session(self.engine) as session:
            rows = session.exec(
                select(ImportRecordRow).order_by(col(ImportRecordRow.id).desc()).limit(limit)
            ).all()
            return [_record(row) for row in rows]

    def list(self) -> list[Material]:
        """Every material: required ones first, then by ``order`` and title."""
        with read_session(self.engine) as session:
            rows = session.exec(
                select(MaterialRow).where(~col(MaterialRow.id).startswith(STAGING_PREFIX))
            ).all()
            materials = [_material(row) for row in rows]
        return sorted(materials, key=library_order)

    def get(self, material_id: str) -> Material | None:
        """One material with its section list (without text)."""
        with read_session(self.engine) as session:
            row = session.get(MaterialRow, material_id)
            if row is None:
                return None
            sections = session.exec(
                select(SectionRow)
                .where(SectionRow.material_id == material_id)
                .order_by(col(SectionRow.position))
            ).all()
            return _material(row, tuple(_section(s) for s in sections))

    def section(self, material_id: str, anchor: str) -> Section | None:
        """One section with its paragraphs and sentences."""
        with read_session(self.engine) as session:
            row = session.exec(
                select(SectionRow).where(
                    SectionRow.material_id == material_id, SectionRow.anchor == anchor
                )
            ).first()
            if row is None:
                return None
            return _section(row, _paragraphs(session, row.id or 0))

    def full_text(self, material_id: str, sentences: bool = False) -> builtins.list[Section]:
        """Every section of a material with its paragraphs, in two queries.

        Sentences are loaded only when asked for (the reader does not need them).
        """
        with read_session(self.engine) as session:
            sections = session.exec(
                select(SectionRow)
                .where(SectionRow.material_id == material_id)
                .order_by(col(SectionRow.position))
            ).all()
            table = table_of(ParagraphRow)  # Core rows: far cheaper than ORM objects here
            rows = session.execute(
                table.select()
                .join(SectionRow, col(SectionRow.id) == table.c.section_id)
                .where(col(SectionRow.material_id) == material_id)
                .order_by(table.c.section_id, table.c.position)
            ).all()
            by_section: dict[int, list[Paragraph]] = {}
            for row in rows:
                by_section.setdefault(row.section_id, []).append(_paragraph(row, ()))
            if sentences:
                return [_section(s, _paragraphs(session, s.id or 0)) for s in sections]
            return [_section(s, tuple(by_section.get(s.id or 0, ()))) for s in sections]

    @retried()
    def remove(self, material_id: str) -> bool:
        """Delete a material and its text. Returns whether it existed."""
        with write_session(self.engine) as session:
            row = session.get(MaterialRow, material_id)
            if row is None:
                return False
            session.delete(row)
            return True


class Orderable(Protocol):
    """What library order reads of a material."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def order(self) -> int | None: ...


def library_order(material: Orderable) -> tuple[Any, ...]:
    """Sort key: required first, then explicit order, then title."""
    order = material.order if material.order is not None else 10**9
    return (not material.required, order, material.title.casefold(), material.id)


def _paragraphs(session: Session, section_id: int) -> tuple[Paragraph, ...]:
    rows = session.exec(
        select(ParagraphRow)
        .where(ParagraphRow.section_id == section_id)
        .order_by(col(ParagraphRow.position))
    ).all()
    ids = [row.id for row in rows]
    by_paragraph: dict[int, list[Sentence]] = {}
    if ids:
        for s in session.exec(
            select(SentenceRow)
            .where(col(SentenceRow.paragraph_id).in_(ids))
            .order_by(col(SentenceRow.paragraph_id), col(SentenceRow.position))
        ).all():
            by_paragraph.setdefault(s.paragraph_id, []).append(
                Sentence(s.position, s.start, s.end, s.text)
            )
    return tuple(_paragraph(row, tuple(by_paragraph.get(row.id or 0, ()))) for row in rows)


def _paragraph(row: ParagraphRow | Row[Any], sentences: tuple[Sentence, ...]) -> Paragraph:
    spans = tuple(InlineSpan(int(a), int(b), str(c)) for a, b, c in row.spans or ())
    return Paragraph(
        row.position, row.kind, row.text, row.hash, spans, row.depth, row.marker, sentences
    )


def _section(row: SectionRow, paragraphs: tuple[Paragraph, ...] = ()) -> Section:
    return Section(
        row.material_id, row.anchor, row.position, row.title, row.level, row.chars, paragraphs
    )


def _material(row: MaterialRow, sections: tuple[Section, ...] = ()) -> Material:
    return Material(
        id=row.id,
        title=row.title,
        author=row.author,
        tags=tuple(row.tags or ()),
        language=row.language,
        required=row.required,
        order=row.sort_order,
        source=row.source,
        encoding=row.encoding,
        chars=row.chars,
        section_count=row.section_count,
        imported_at=row.imported_at,
        updated_at=row.updated_at,
        description=row.description,
        sections=sections,
    )


def _record(row: ImportRecordRow) -> ImportRecord:
    return ImportRecord(
        row.at,
        row.path,
        row.status,
        row.material_id,
        row.encoding,
        row.code,
        row.reason,
        tuple(row.warnings or ()),
    )
