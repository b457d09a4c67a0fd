"""Storing and reading materials; every method returns core objects, never rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, insert
from sqlmodel import Session, col, select

from studyapp.core.materials import (
    TEXT_KINDS,
    Block,
    InlineSpan,
    Material,
    MaterialDraft,
    Paragraph,
    Section,
    Sentence,
)
from studyapp.core.sentences import split_sentences
from studyapp.core.slug import anchors_for, unique
from studyapp.core.text import content_hash, count_chars
from studyapp.db.engine import read_session, write_session
from studyapp.db.models import (
    ImportRecordRow,
    MaterialRow,
    ParagraphRow,
    SectionRow,
    SentenceRow,
)


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
    ) -> str:
        """Insert a new material or replace an existing one's text, in one transaction.

        A material already imported from ``source`` keeps its id; a new one gets
        ``slug`` (or ``slug-2``… when taken).

        Returns:
            The material's id.
        """
        with write_session(self.engine) as session:
            row = session.exec(select(MaterialRow).where(MaterialRow.source == source)).first()
            if row is None:
                row = MaterialRow(id=_free_id(session, slug), source=source, imported_at=now)
            _fill(row, draft, file_hash, encoding, now)
            session.add(row)
            session.flush()
            session.execute(delete(SectionRow).where(col(SectionRow.material_id) == row.id))
            _insert_sections(session, row.id, draft)
            if record is not None:  # the log line commits with the material
                fields = _record_fields(record) | {"material_id": row.id}
                session.add(ImportRecordRow(**fields))
            return row.id

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
            return _section(row, _paragraphs(session, row.id))

    def full_text(self, material_id: str, sentences: bool = False) -> list[Section]:
        """Every section of a material with its paragraphs, in two queries.

        Sentences are loaded only when asked for (the reader does not need them).
        """
        with read_session(self.engine) as session:
            sections = session.exec(
                select(SectionRow)
                .where(SectionRow.material_id == material_id)
                .order_by(col(SectionRow.position))
            ).all()
            table = ParagraphRow.__table__  # Core rows: far cheaper than ORM objects here
            rows = session.execute(
                select(table)
                .join(SectionRow, col(SectionRow.id) == table.c.section_id)
                .where(SectionRow.material_id == material_id)
                .order_by(table.c.section_id, table.c.position)
            ).all()
            by_section: dict[int, list[Paragraph]] = {}
            for row in rows:
                by_section.setdefault(row.section_id, []).append(_paragraph(row, ()))
            if sentences:
                return [_section(s, _paragraphs(session, s.id or 0)) for s in sections]
            return [_section(s, tuple(by_section.get(s.id or 0, ()))) for s in sections]

    def remove(self, material_id: str) -> bool:
        """Delete a material and its text. Returns whether it existed."""
        with write_session(self.engine) as session:
            row = session.get(MaterialRow, material_id)
            if row is None:
                return False
            session.delete(row)
            return True


def library_order(material: Material) -> tuple[Any, ...]:
    """Sort key: required first, then explicit order, then title."""
    order = material.order if material.order is not None else 10**9
    return (not material.required, order, material.title.casefold(), material.id)


def _free_id(session: Session, slug: str) -> str:
    taken = set(
        session.exec(select(MaterialRow.id).where(col(MaterialRow.id).startswith(slug))).all()
    )
    return unique(slug, taken)


def _fill(row: MaterialRow, draft: MaterialDraft, file_hash: str, enc: str, now: dt.datetime):
    row.title = draft.title
    row.author = draft.author
    row.description = draft.description
    row.tags = list(draft.tags)
    row.language = draft.language
    row.required = draft.required
    row.sort_order = draft.order
    row.encoding = enc
    row.file_hash = file_hash
    row.chars = sum(count_chars(b.text) for s in draft.sections for b in s.blocks)
    row.section_count = len(draft.sections)
    row.updated_at = now


def _next_id(session: Session, table: type[Any]) -> int:
    return (session.execute(select(func.max(table.id))).scalar() or 0) + 1


def _insert_sections(session: Session, material_id: str, draft: MaterialDraft) -> None:
    """Bulk-insert sections, paragraphs and sentences with ids assigned here.

    Ids come from ``max(id) + 1`` under the write lock that BEGIN IMMEDIATE holds,
    so the three tables go in as three executemany calls.
    """
    section_id, paragraph_id, sentence_id = (
        _next_id(session, table) for table in (SectionRow, ParagraphRow, SentenceRow)
    )
    sections, paragraphs, sentences = [], [], []
    anchors = anchors_for(s.title for s in draft.sections)
    for position, (anchor, draft_section) in enumerate(zip(anchors, draft.sections, strict=True)):
        chars = sum(count_chars(b.text) for b in draft_section.blocks)
        sections.append(
            _section_values(section_id, material_id, anchor, position, draft_section, chars)
        )
        for index, block in enumerate(draft_section.blocks):
            paragraphs.append(_paragraph_values(paragraph_id, section_id, index, block))
            for span_index, span in enumerate(_sentence_spans(block)):
                sentences.append(
                    {
                        "id": sentence_id,
                        "paragraph_id": paragraph_id,
                        "position": span_index,
                        "start": span[0],
                        "end": span[1],
                        "text": block.text[span[0] : span[1]],
                    }
                )
                sentence_id += 1
            paragraph_id += 1
        section_id += 1
    for table, rows in (
        (SectionRow, sections),
        (ParagraphRow, paragraphs),
        (SentenceRow, sentences),
    ):
        if rows:
            _bulk_insert(session, table, rows)


def _bulk_insert(session: Session, table: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert many rows: on SQLite straight through the driver's executemany.

    SQLAlchemy's per-row parameter processing costs about as much as SQLite's own work
    here; these rows hold only str, int and None (``spans`` is JSON-encoded first).
    Other databases take the Core ``insert()`` path (already ~2× the ORM bulk path).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(insert(table.__table__), rows)
        return
    names = list(rows[0])
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    sql = f"INSERT INTO {table.__tablename__} ({columns}) VALUES ({marks})"
    json_columns = [i for i, name in enumerate(names) if name == "spans"]
    values = [_driver_values(row, names, json_columns) for row in rows]
    connection.exec_driver_sql(sql, values)


def _driver_values(row: dict[str, Any], names: list[str], json_columns: list[int]) -> tuple:
    values = [row[name] for name in names]
    for index in json_columns:
        if values[index] is not None:
            values[index] = json.dumps(values[index], ensure_ascii=False)
    return tuple(values)


def _section_values(ident: int, material_id: str, anchor: str, position: int, draft, chars: int):
    return {
        "id": ident,
        "material_id": material_id,
        "anchor": anchor,
        "position": position,
        "title": draft.title,
        "level": draft.level,
        "chars": chars,
    }


def _paragraph_values(ident: int, section_id: int, position: int, block: Block) -> dict[str, Any]:
    return {
        "id": ident,
        "section_id": section_id,
        "position": position,
        "kind": block.kind,
        "text": block.text,
        "hash": content_hash(block.text),
        "spans": [[s.start, s.end, s.style] for s in block.spans] or None,
        "depth": block.depth,
        "marker": block.marker,
    }


def _sentence_spans(block: Block) -> list[tuple[int, int]]:
    if block.kind not in TEXT_KINDS:
        return []
    return [(span.start, span.end) for span in split_sentences(block.text)]


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


def _paragraph(row: ParagraphRow, sentences: tuple[Sentence, ...]) -> Paragraph:
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


def _record_fields(record: ImportRecord) -> dict[str, Any]:
    return {
        "at": record.at,
        "path": record.path,
        "status": record.status,
        "material_id": record.material_id,
        "encoding": record.encoding,
        "code": record.code,
        "reason": record.reason,
        "warnings": list(record.warnings),
    }


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
