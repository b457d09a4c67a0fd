"""Writing a material's rows: find or create the material, its sections, paragraphs and
sentences in bulk, and the import log line that commits with them. Shared by the one-
transaction save (``materials_repo``) and the batched, staged one (``staged_import``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from studyapp.core.materials import TEXT_KINDS, Block, MaterialDraft, SectionDraft
from studyapp.core.sentences import split_sentences
from studyapp.core.slug import anchors_for, unique
from studyapp.core.text import content_hash, count_chars
from studyapp.db.models import (
    ImportRecordRow,
    MaterialRow,
    ParagraphRow,
    SectionRow,
    SentenceRow,
)
from studyapp.db.revisions import Prematched, carry_over, match, read_text
from studyapp.db.search_index import index_paragraphs, pause_insert_trigger

if TYPE_CHECKING:
    from studyapp.core.reanchor import Reanchoring, Revision
    from studyapp.db.materials_repo import ImportRecord

# From this many paragraphs on, the search index is filled in one statement.
BULK_INDEX_FROM = 200


@dataclass(frozen=True)
class StoreTarget:
    """Where a material's text goes: its source file, id wish, file facts and log line."""

    source: str
    slug: str
    file_hash: str
    encoding: str
    now: dt.datetime
    record: ImportRecord | None
    replaces: str | None = None  # ``--replace ID``: this material takes the file's text
    revisions: list[Revision] = field(default_factory=list, compare=False)
    """Filled by the write: what re-importing a revised text kept (see ``db.revisions``)."""


def store_material(
    session: Session,
    draft: MaterialDraft,
    target: StoreTarget,
    fill_sections: Callable[[str], None],
    values: dict[str, Any] | None = None,
    prematched: Prematched | None = None,
) -> str:
    """Find or create the material of ``target.source``, replace its sections with what
    ``fill_sections(material_id)`` writes, and log the import with it; return its id.

    A material already imported from the source keeps its id; a new one gets the slug
    (or ``slug-2``… when taken). ``values``: the material's columns from
    :func:`material_values`, when the caller counted them outside the transaction;
    ``prematched``: the old and new texts matched before it (used if still current).
    The learner's history is carried over to the new text (``db.revisions``).
    """
    row = existing_material(session, target)
    matched = _matching(session, row, draft, prematched) if row is not None else None
    if row is None:
        row = MaterialRow(  # type: ignore[call-arg]  # _fill sets the other fields below
            id=_free_id(session, target.slug), source=target.source, imported_at=target.now
        )
    _fill(row, values or material_values(draft, target.file_hash, target.encoding, target.now))
    row.source = target.source
    session.add(row)
    session.flush()
    session.execute(delete(SectionRow).where(col(SectionRow.material_id) == row.id))
    fill_sections(row.id)
    if matched is not None:
        target.revisions[:] = [carry_over(session, row.id, matched)]
    if target.record is not None:  # the log line commits with the material
        session.add(ImportRecordRow(**(_record_fields(target.record) | {"material_id": row.id})))
    return row.id


def _matching(
    session: Session, row: MaterialRow, draft: MaterialDraft, prematched: Prematched | None
) -> Reanchoring:
    """The prematched result while it is still current, else a matching made now."""
    if prematched and (prematched.material_id, prematched.file_hash) == (row.id, row.file_hash):
        return prematched.result
    return match(read_text(session, row.id), draft)


def existing_material(session: Session, target: StoreTarget) -> MaterialRow | None:
    """The material whose text is replaced: ``target.replaces``, else the source's."""
    if target.replaces is not None:
        row = session.get(MaterialRow, target.replaces)
        if row is None:
            raise LookupError(target.replaces)
        return row
    return session.exec(select(MaterialRow).where(MaterialRow.source == target.source)).first()


def _free_id(session: Session, slug: str) -> str:
    taken = set(
        session.exec(select(MaterialRow.id).where(col(MaterialRow.id).startswith(slug))).all()
    )
    return unique(slug, taken)


def _fill(row: MaterialRow, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)


def material_values(
    draft: MaterialDraft, file_hash: str, enc: str, now: dt.datetime
) -> dict[str, Any]:
    """The material row's columns that an import (re)writes."""
    return {
        "title": draft.title,
        "author": draft.author,
        "description": draft.description,
        "tags": list(draft.tags),
        "language": draft.language,
        "required": draft.required,
        "sort_order": draft.order,
        "encoding": enc,
        "file_hash": file_hash,
        "chars": sum(count_chars(b.text) for s in draft.sections for b in s.blocks),
        "section_count": len(draft.sections),
        "updated_at": now,
    }


def _next_id(session: Session, table: type[Any]) -> int:
    return (session.execute(select(func.max(table.id))).scalar() or 0) + 1


@dataclass
class RowIds:
    """The next free ids of sections, paragraphs and sentences, under the write lock."""

    section: int
    paragraph: int
    sentence: int

    @classmethod
    def read(cls, session: Session) -> RowIds:
        return cls(*(_next_id(session, t) for t in (SectionRow, ParagraphRow, SentenceRow)))


@dataclass
class TextRows:
    """Section, paragraph and sentence rows gathered for executemany inserts."""

    sections: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)

    def add(self, material_id: str, draft: MaterialDraft, ids: RowIds) -> None:
        """Add ``draft``'s sections under ``material_id``, taking ids from ``ids``."""
        anchors = anchors_for(s.title for s in draft.sections)
        for position, (anchor, section) in enumerate(zip(anchors, draft.sections, strict=True)):
            section_id = self.add_section(material_id, anchor, position, section, ids)
            self.add_blocks(section_id, enumerate(section.blocks), ids)

    def add_section(
        self, material_id: str, anchor: str, position: int, section: SectionDraft, ids: RowIds
    ) -> int:
        """Add one section row (without its blocks); return its id."""
        chars = sum(count_chars(b.text) for b in section.blocks)
        ident = ids.section
        self.sections.append(_section_values(ident, material_id, anchor, position, section, chars))
        ids.section += 1
        return ident

    def add_blocks(
        self, section_id: int, blocks: Iterable[tuple[int, Block]], ids: RowIds
    ) -> None:
        """Add ``(position, block)`` pairs of section ``section_id`` with their sentences."""
        for index, block in blocks:
            self.paragraphs.append(_paragraph_values(ids.paragraph, section_id, index, block))
            self.add_sentences(ids, block)
            ids.paragraph += 1

    def add_sentences(self, ids: RowIds, block: Block) -> None:
        """The sentence rows of ``block``, the paragraph ``ids.paragraph``."""
        text = block.text
        for position, (start, end) in enumerate(_sentence_spans(block)):
            self.sentences.append(
                {
                    "id": ids.sentence,
                    "paragraph_id": ids.paragraph,
                    "position": position,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                }
            )
            ids.sentence += 1

    def insert(self, session: Session) -> None:
        """Write the rows: sections first (the paragraphs point at them), then the rest.

        Many paragraphs enter the search index in one statement, not trigger by trigger.
        """
        connection = session.connection()
        bulk = len(self.paragraphs) >= BULK_INDEX_FROM and pause_insert_trigger(connection)
        for table, rows in (
            (SectionRow, self.sections),
            (ParagraphRow, self.paragraphs),
            (SentenceRow, self.sentences),
        ):
            if rows:
                _bulk_insert(session, table, rows)
        if bulk:
            index_paragraphs(connection, self.paragraphs[0]["id"], self.paragraphs[-1]["id"])


def _insert_sections(session: Session, material_id: str, draft: MaterialDraft) -> None:
    """Bulk-insert sections, paragraphs and sentences with ids assigned here.

    Ids come from ``max(id) + 1`` under the write lock that BEGIN IMMEDIATE holds,
    so the three tables go in as three executemany calls.
    """
    rows = TextRows()
    rows.add(material_id, draft, RowIds.read(session))
    rows.insert(session)


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


def _driver_values(
    row: dict[str, Any], names: list[str], json_columns: list[int]
) -> tuple[Any, ...]:
    values = [row[name] for name in names]
    for index in json_columns:
        if values[index] is not None:
            values[index] = json.dumps(values[index], ensure_ascii=False)
    return tuple(values)


def _section_values(
    ident: int, material_id: str, anchor: str, position: int, draft: SectionDraft, chars: int
) -> dict[str, Any]:
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
