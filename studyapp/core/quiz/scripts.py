"""Quizzes on Traditional Chinese: analysed in a Simplified copy, asked as written.

The segmenter, the tagger and the term statistics know Simplified Chinese best, so a
material mostly in Traditional characters is analysed in its one-for-one Simplified
copy (:func:`studyapp.core.script.simplified`). Every question text that comes from
the material is then taken back from the original at the same offsets, so the
learner sees the text as written; grading accepts either script anyway.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from studyapp.core.materials import Section
from studyapp.core.quiz.engine import generate
from studyapp.core.quiz.model import BLANK, Question
from studyapp.core.script import simplified, traditional_share

TRADITIONAL = 0.1  # share of Traditional-only characters that makes a material Traditional


def generate_as_written(sections: Sequence[Section], **options: Any) -> list[Question]:
    """:func:`~studyapp.core.quiz.engine.generate`, through a Simplified copy when the
    material is written in Traditional characters."""
    sample = "".join(p.text for s in sections for p in s.paragraphs)[:20_000]
    if traditional_share(sample) < TRADITIONAL:
        return generate(sections, **options)
    copies = [_simplified_section(section) for section in sections]
    texts = {s.anchor: "\n\n".join(p.text for p in s.paragraphs) for s in sections}
    whole = "\n\n".join(texts.values())
    backs = {anchor: _Back(text, simplified(text)) for anchor, text in texts.items()}
    fallback = _Back(whole, simplified(whole))
    return [
        _restore(q, backs.get(q.source.section, fallback), fallback)
        for q in generate(copies, **options)
    ]


def _simplified_section(section: Section) -> Section:
    paragraphs = tuple(
        dataclasses.replace(
            paragraph,
            text=simplified(paragraph.text),
            sentences=tuple(
                dataclasses.replace(s, text=simplified(s.text)) for s in paragraph.sentences
            ),
        )
        for paragraph in section.paragraphs
    )
    return dataclasses.replace(section, title=simplified(section.title), paragraphs=paragraphs)


@dataclasses.dataclass(frozen=True)
class _Back:
    """Maps text of a Simplified copy back to the original characters."""

    original: str
    copy: str

    def find(self, piece: str) -> str | None:
        at = self.copy.find(piece) if piece else -1
        return self.original[at : at + len(piece)] if at >= 0 else None


def _restore(question: Question, near: _Back, whole: _Back) -> Question:
    """The question with its material text in the original script (the question's own
    section first, then the whole material); template words stay as they are."""

    def text(piece: str) -> str:
        return near.find(piece) or whole.find(piece) or piece

    def prompt(value: str) -> str:
        return BLANK.join(text(part) for part in value.split(BLANK))

    source = question.source
    exact = near.original[source.start : source.end]
    return dataclasses.replace(
        question,
        prompt=prompt(question.prompt),
        options=tuple(text(o) for o in question.options),
        answer=tuple(text(a) for a in question.answer),
        accepted=tuple(text(a) for a in question.accepted),
        hint=prompt(question.hint) if question.hint else question.hint,
        source=dataclasses.replace(
            source, text=exact if simplified(exact) == source.text else text(source.text)
        ),
    )
