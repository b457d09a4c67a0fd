"""Copying whole materials (text included) from one database to another, for ``transfer``.

Section, paragraph and sentence ids are the target's: ``max(id) + 1`` under the writers'
lock its transaction holds, as an import assigns them. Rows are read and written a
batch at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select

from studyapp.db.models import MaterialRow, ParagraphRow, SectionRow, SentenceRow, table_of

BATCH = 2_000


def copy_materials(source: Engine, target: Connection, materials: list[dict[str, Any]]) -> None:
    """Insert the material rows ``materials`` (checked by the caller) into ``target``'s
    transaction, with their sections, paragraphs and sentences read from ``source``."""
    with source.connect() as reader:
        for row in materials:
            target.execute(insert(table_of(MaterialRow)), row)
            _copy_text(reader, target, row["id"])


def _copy_text(reader: Connection, target: Connection, material_id: str) -> None:
    section, paragraph, sentence = (
        table_of(model) for model in (SectionRow, ParagraphRow, SentenceRow)
    )
    sections = _copy_rows(
        reader,
        target,
        section,
        select(section).where(section.c.material_id == material_id).order_by(section.c.id),
        None,
        {},
    )
    paragraphs = _copy_rows(
        reader,
        target,
        paragraph,
        select(paragraph)
        .join(section, section.c.id == paragraph.c.section_id)
        .where(section.c.material_id == material_id)
        .order_by(paragraph.c.id),
        "section_id",
        sections,
    )
    _copy_rows(
        reader,
        target,
        sentence,
        select(sentence)
        .join(paragraph, paragraph.c.id == sentence.c.paragraph_id)
        .join(section, section.c.id == paragraph.c.section_id)
        .where(section.c.material_id == material_id)
        .order_by(sentence.c.id),
        "paragraph_id",
        paragraphs,
    )


def _copy_rows(
    reader: Connection,
    target: Connection,
    table: Table,
    query: Any,
    parent: str | None,
    parent_ids: dict[int, int],
) -> dict[int, int]:
    """Copy the rows ``query`` selects with new ids; returns old id to new id."""
    next_id = (target.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    new_ids: dict[int, int] = {}
    for batch in _batches(reader, query):
        rows = []
        for old in batch:
            row = dict(old)
            new_ids[row["id"]] = next_id
            row["id"] = next_id
            next_id += 1
            if parent is not None:
                row[parent] = parent_ids[row[parent]]
            rows.append(row)
        target.execute(insert(table), rows)
    return new_ids


def _batches(reader: Connection, query: Any) -> Iterator[Sequence[Any]]:
    result = reader.execution_options(yield_per=BATCH).execute(query).mappings()
    yield from result.partitions(BATCH)
