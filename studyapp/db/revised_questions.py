"""Quiz questions of a revised text: moved with their passage, or retired when it is gone.

A question points at its passage by section anchor and offsets into the section text
(paragraphs joined by a blank line). After a re-import, a question whose passage is
still there word for word (in the paragraph it came from, now re-anchored) gets the new
section and offsets and keeps its id, answers and review card. One whose paragraph is
gone, or was edited so that the passage no longer reads the same, is retired as the
quality rules retire questions: never asked again, its card suspended, history kept.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from studyapp.core.quiz.model import Question
from studyapp.core.quiz.serial import question_from_dict, question_to_dict
from studyapp.core.reanchor import Reanchoring, TextSection
from studyapp.db.models import QuestionRow, ReviewCardRow

REMOVED = "source_removed"
"""Retirement reason: the question's paragraph is not in the revised text."""
CHANGED = "source_changed"
"""Retirement reason: its paragraph was edited and the passage no longer reads the same."""
JOIN = "\n\n"


def carry_questions(session: Session, material_id: str, result: Reanchoring) -> tuple[int, int]:
    """Move or retire the material's questions; return (cards kept, cards retired)."""
    rows = session.exec(select(QuestionRow).where(QuestionRow.material_id == material_id)).all()
    kept: list[str] = []
    retired: list[str] = []
    for row in rows:
        question = question_from_dict(row.payload)
        if not _known(result, question.source.section):
            continue  # a section that was already gone before: nothing to re-anchor
        moved = _moved(question, result)
        if isinstance(moved, Question):
            row.section, row.payload = moved.source.section, question_to_dict(moved)
            kept.append(row.id)
        else:
            if row.retired_reason is None:
                row.retired_reason = moved
            retired.append(row.id)
        session.add(row)
    session.flush()
    if retired:
        session.execute(
            update(ReviewCardRow)
            .where(col(ReviewCardRow.question_id).in_(retired))
            .values(suspended=True)
        )
    return _cards(session, kept), _cards(session, retired)


def _known(result: Reanchoring, anchor: str) -> bool:
    return any(section.anchor == anchor for section in result.old)


def _cards(session: Session, question_ids: list[str]) -> int:
    if not question_ids:
        return 0
    query = select(func.count()).where(col(ReviewCardRow.question_id).in_(question_ids))
    return int(session.execute(query).scalar() or 0)


def _moved(question: Question, result: Reanchoring) -> Question | str:
    """The question with its passage's new place, or why it is retired."""
    source = question.source
    old = next(s for s in result.old if s.anchor == source.section)
    paragraph, offset_in = _paragraph_at(old, source.start)
    if paragraph is None:
        return REMOVED
    place = result.block(source.section, paragraph)
    if place is None:
        return REMOVED
    anchor, new_paragraph = place
    new = next(s for s in result.new if s.anchor == anchor)
    text = JOIN.join(new.paragraphs)
    expected = _start_of(new, new_paragraph) + offset_in
    start = _nearest(text, source.text, expected)
    if start is None:
        return CHANGED
    moved = dataclasses.replace(source, section=anchor, start=start, end=start + len(source.text))
    return dataclasses.replace(question, source=moved)


def _paragraph_at(section: TextSection, offset: int) -> tuple[int | None, int]:
    """The paragraph holding ``offset`` of the section text, and the offset within it."""
    start = 0
    for index, paragraph in enumerate(section.paragraphs):
        end = start + len(paragraph)
        if offset <= end:
            return index, offset - start
        start = end + len(JOIN)
    return None, 0


def _start_of(section: TextSection, paragraph: int) -> int:
    return sum(len(p) + len(JOIN) for p in section.paragraphs[:paragraph])


def _nearest(text: str, passage: str, expected: int) -> int | None:
    """The occurrence of ``passage`` in ``text`` closest to ``expected``."""
    best = None
    found = text.find(passage) if passage else -1
    while found >= 0:
        if best is None or abs(found - expected) < abs(best - expected):
            best = found
        found = text.find(passage, found + 1)
    return best
