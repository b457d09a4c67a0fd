"""Carrying the learner's history over to a revised text, in the import's transaction.

Before a re-import deletes a material's sections, :func:`read_text` takes the old text;
after the new sections are written, :func:`carry_over` re-anchors the rows that point
into the text (by section anchor and paragraph position): the reading position,
section progress, notes, plan items and quiz questions with their review cards.
Everything runs in the caller's session, so a failure leaves the old material whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from studyapp.core.materials import MaterialDraft
from studyapp.core.reanchor import (
    Reanchoring,
    Revision,
    TextSection,
    reanchor,
    section_changes,
)
from studyapp.core.slug import anchors_for
from studyapp.db.models import (
    NoteRow,
    ParagraphRow,
    PlanItemRow,
    ReadingPositionRow,
    SectionProgressRow,
    SectionRow,
    table_of,
)
from studyapp.db.revised_questions import carry_questions

_KEYED = (SectionProgressRow, NoteRow, PlanItemRow)  # rows keyed by (material, section)
_PENDING = "\x1f"  # marks an anchor being renamed, between the two update passes


def read_text(session: Session, material_id: str) -> list[TextSection]:
    """A stored material's sections with their paragraph texts, in order."""
    sections = session.exec(
        select(SectionRow.id, SectionRow.anchor, SectionRow.title)
        .where(SectionRow.material_id == material_id)
        .order_by(col(SectionRow.position))
    ).all()
    texts: dict[int, list[str]] = {ident: [] for ident, _a, _t in sections if ident is not None}
    hashes: dict[int, list[str]] = {ident: [] for ident in texts}
    paragraphs = table_of(ParagraphRow)
    rows = session.execute(
        select(paragraphs.c.section_id, paragraphs.c.text, paragraphs.c.hash)
        .join(SectionRow, col(SectionRow.id) == paragraphs.c.section_id)
        .where(col(SectionRow.material_id) == material_id)
        .order_by(paragraphs.c.section_id, paragraphs.c.position)
    ).all()
    for section_id, text, key in rows:
        texts[section_id].append(text)
        hashes[section_id].append(key)
    return [TextSection(a, t, tuple(texts[i or 0]), tuple(hashes[i or 0])) for i, a, t in sections]


def draft_text(draft: MaterialDraft) -> list[TextSection]:
    """A draft's sections as they are stored: anchors from the titles."""
    anchors = anchors_for(s.title for s in draft.sections)
    return [
        TextSection(anchor, s.title, tuple(b.text for b in s.blocks))
        for anchor, s in zip(anchors, draft.sections, strict=True)
    ]


def match(old: list[TextSection], draft: MaterialDraft) -> Reanchoring:
    """Where each paragraph and section of ``old`` is in ``draft``."""
    return reanchor(old, draft_text(draft))


@dataclass(frozen=True)
class Prematched:
    """A matching made before the write transaction (a big file's, outside the lock):
    it holds while the material still has the text (file hash) it was made from."""

    material_id: str
    file_hash: str
    result: Reanchoring


def carry_over(session: Session, material_id: str, result: Reanchoring) -> Revision:
    """Re-anchor the learner's rows of ``material_id`` from the old text to the new one."""
    revision = section_changes(result)
    position = _carry_positions(session, material_id, result)
    _carry_progress(session, material_id, result)
    notes = session.exec(select(NoteRow.section).where(NoteRow.material_id == material_id)).all()
    moved = _take_dropped_notes(session, material_id, result)
    _rekey(session, material_id, result)
    _put_notes(session, material_id, moved)
    kept, retired = carry_questions(session, material_id, result)
    return dataclasses.replace(
        revision,
        notes_kept=sum(1 for anchor in notes if result.section_anchor(anchor) is not None),
        notes_moved=tuple((note.title, note.anchor) for note in moved if note.dropped),
        cards_kept=kept,
        cards_retired=retired,
        position=position,
    )


def _carry_positions(
    session: Session, material_id: str, result: Reanchoring
) -> tuple[str, int, bool] | None:
    """Each reading position to its block, or the nearest surviving one before it."""
    table = table_of(ReadingPositionRow)
    rows = session.execute(
        select(table.c.owner, table.c.section, table.c.paragraph, table.c.offset).where(
            table.c.material_id == material_id
        )
    ).all()
    shown = None
    for owner, section, paragraph, offset in rows:
        place = result.at_or_before(section, paragraph)
        if place is None:
            place = (result.new[0].anchor, -1, False) if result.new else (section, -1, False)
        anchor, new_paragraph, same = place
        if not same:
            offset = 0
        elif new_paragraph >= 0:
            offset = min(offset, _length(result, anchor, new_paragraph))
        session.execute(
            update(table)
            .where(table.c.owner == owner, table.c.material_id == material_id)
            .values(section=anchor, paragraph=new_paragraph, offset=offset)
        )
        shown = (anchor, new_paragraph, same)
    return shown


def _length(result: Reanchoring, anchor: str, paragraph: int) -> int:
    for section in result.new:
        if section.anchor == anchor:
            return len(section.paragraphs[paragraph])
    return 0


def _carry_progress(session: Session, material_id: str, result: Reanchoring) -> None:
    """How far each matched section was read, counted in the new paragraphs."""
    table = table_of(SectionProgressRow)
    rows = session.execute(
        select(
            table.c.owner, table.c.section, table.c.furthest_paragraph, table.c.read_paragraph
        ).where(table.c.material_id == material_id)
    ).all()
    for owner, section, furthest, read in rows:
        if result.section_anchor(section) is None:
            continue
        values: dict[str, Any] = {
            "furthest_paragraph": result.last_mapped(section, furthest) if furthest >= 0 else -1,
            "read_paragraph": result.last_mapped(section, read) if read >= 0 else -1,
        }
        session.execute(
            update(table)
            .where(
                table.c.owner == owner,
                table.c.material_id == material_id,
                table.c.section == section,
            )
            .values(values)
        )


@dataclass(frozen=True)
class _MovedNote:
    """The note of a removed section, on its way to the section that takes it."""

    owner: str
    anchor: str
    title: str
    text: str
    updated_at: dt.datetime
    dropped: bool = True  # its section is gone (else: left under an anchor now taken)


def _take_dropped_notes(
    session: Session, material_id: str, result: Reanchoring
) -> list[_MovedNote]:
    """Take out the notes of dropped sections (they go to the nearest section still
    there) and notes left under an anchor a new section now has (they stay there, but
    are merged with the note that section brings, never overwritten)."""
    if not result.new:
        return []
    table = table_of(NoteRow)
    dropped = {s.anchor: s.title for s in result.dropped_sections()}
    in_the_way = _stale(result) - set(dropped)
    taken = [*dropped, *in_the_way]
    where = (table.c.material_id == material_id, table.c.section.in_(taken))
    rows = session.execute(
        select(table.c.owner, table.c.section, table.c.text, table.c.updated_at).where(*where)
    ).all()
    session.execute(delete(table).where(*where))
    return [
        _MovedNote(
            owner,
            _home(result, section) if section in dropped else section,
            dropped.get(section, section),
            text,
            at,
            section in dropped,
        )
        for owner, section, text, at in rows
    ]


def _stale(result: Reanchoring) -> set[str]:
    """New anchors that no old section carries over: rows under them are in the way."""
    return {s.anchor for s in result.new} - set(result.anchor_map())


def _home(result: Reanchoring, anchor: str) -> str:
    """The nearest surviving section before a dropped one (else after it, else the first)."""
    index = next(i for i, s in enumerate(result.old) if s.anchor == anchor)
    order = [*range(index - 1, -1, -1), *range(index + 1, len(result.old))]
    for other in order:
        if other in result.sections:
            return result.new[result.sections[other]].anchor
    return result.new[0].anchor


def _rekey(session: Session, material_id: str, result: Reanchoring) -> None:
    """Rename section anchors in two passes (so swapped names never collide); progress
    left under an anchor that a new section now has is dropped (it was another's)."""
    renames = {old: new for old, new in result.anchor_map().items() if old != new}
    stale = list(_stale(result))
    for model in _KEYED:
        table = table_of(model)
        mine = table.c.material_id == material_id
        if model is SectionProgressRow and stale:
            session.execute(delete(table).where(mine, table.c.section.in_(stale)))
        for old, new in renames.items():
            session.execute(
                update(table).where(mine, table.c.section == old).values(section=_PENDING + new)
            )
        for new in renames.values():
            session.execute(
                update(table).where(mine, table.c.section == _PENDING + new).values(section=new)
            )


def _put_notes(session: Session, material_id: str, moved: list[_MovedNote]) -> None:
    """Each removed section's note, headed by its title, at the end of its new home's."""
    table = table_of(NoteRow)
    for note in moved:
        where = (
            table.c.owner == note.owner,
            table.c.material_id == material_id,
            table.c.section == note.anchor,
        )
        block = f"— {note.title} —\n{note.text}"
        current = session.execute(select(table.c.text).where(*where)).scalar()
        if current is None:
            session.execute(
                insert(table).values(
                    owner=note.owner,
                    material_id=material_id,
                    section=note.anchor,
                    text=block,
                    updated_at=note.updated_at,
                )
            )
        else:
            session.execute(update(table).where(*where).values(text=f"{current}\n\n{block}"))
