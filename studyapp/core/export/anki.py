"""Anki notes from quiz questions: field HTML, decks, tags and the fixed ids (no genanki here)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from studyapp.core.export.escape import clean, cloze_text, html_text
from studyapp.core.quiz.model import BLANK, TRUE, TRUE_FALSE_LABELS, Question

CLOZE_MODEL_ID = 1_746_020_101
"""The cloze note type's id: fixed, so every export updates the same note type."""
BASIC_MODEL_ID = 1_746_020_102
"""The question note type's id (choice, true/false, order, number)."""
CLOZE_MODEL_NAME = "studyapp cloze"
BASIC_MODEL_NAME = "studyapp question"
CLOZE_FIELDS = ("Text", "Source")
BASIC_FIELDS = ("Question", "Options", "Answer", "Source")
ROOT_DECK = "studyapp"
GUID_NAMESPACE = "studyapp"
"""Note GUIDs come from ``(GUID_NAMESPACE, question id)``: a re-export updates, never adds."""

_TAG_UNSAFE = re.compile(r"[\s\"]+")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class AnkiNote:
    """One note to export: its note type (``cloze`` or ``basic``), fields, deck and tags."""

    question_id: str
    material_id: str
    kind: str
    fields: tuple[str, ...]
    deck: str
    tags: tuple[str, ...]


def deck_name(title: str, material_id: str) -> str:
    """The material's deck, ``studyapp::<title>`` (``::`` inside the title cannot nest it)."""
    name = " ".join(clean(title).replace("::", ":").split()) or material_id
    return f"{ROOT_DECK}::{name}"


def deck_id(material_id: str) -> int:
    """A stable deck id for a material, in the range Anki and genanki use."""
    digest = hashlib.blake2b(f"studyapp-deck:{material_id}".encode(), digest_size=8).digest()
    return (1 << 30) + int.from_bytes(digest, "big") % (1 << 30)


def tag(text: str) -> str:
    """An Anki tag: no spaces or quotes."""
    return _TAG_UNSAFE.sub("_", clean(text)).strip("_") or "_"


def note_for(question: Question, material_title: str, section_title: str) -> AnkiNote:
    """The Anki note for a question: a cloze note for ``cloze``, a question note otherwise.

    Args:
        question: a stored question.
        material_title: the material's title, for the deck and the source line.
        section_title: the section's title, for the source line.

    Returns:
        The note with every field HTML-escaped.
    """
    material = question.source.material
    source = source_field(question, material_title, section_title)
    deck = deck_name(material_title, material)
    tags = (tag(material), tag(question.type))
    if question.type == "cloze":
        fields: tuple[str, ...] = (cloze_field(question), source)
        return AnkiNote(question.id, material, "cloze", fields, deck, tags)
    fields = (html_text(question.prompt), options_field(question), answer_field(question), source)
    return AnkiNote(question.id, material, "basic", fields, deck, tags)


def cloze_field(question: Question) -> str:
    """The prompt with its blank as ``{{c1::answer}}``; the rest can never form cloze syntax."""
    before, blank, after = question.prompt.partition(BLANK)
    answer = "{{c1::" + cloze_text(question.answer[0] if question.answer else "") + "}}"
    if not blank:
        return f"{cloze_text(question.prompt)}<br>{answer}"
    return f"{cloze_text(before)}{answer}{cloze_text(after)}"


def options_field(question: Question) -> str:
    """The options as an ordered list (A, B, C… for choices), empty for typed answers."""
    options = _labels(question) if question.type == "true_false" else question.options
    if not options:
        return ""
    kind = ' type="A"' if question.type in ("single", "multiple") else ""
    items = "".join(f"<li>{html_text(o)}</li>" for o in options)
    return f"<ol{kind}>{items}</ol>"


def answer_field(question: Question) -> str:
    """The correct answer: lettered options, the statement's truth, the order, or the text."""
    if question.type == "true_false":
        true, false = _labels(question)
        return html_text(true if question.answer[:1] == (TRUE,) else false)
    if question.type in ("single", "multiple"):
        return "<br>".join(f"{_letter(question, a)}{html_text(a)}" for a in question.answer)
    if question.type == "order":
        return "<ol>" + "".join(f"<li>{html_text(a)}</li>" for a in question.answer) + "</ol>"
    accepted = [a for a in question.accepted if a not in question.answer]
    return " / ".join(html_text(a) for a in (*question.answer, *accepted))


def source_field(question: Question, material_title: str, section_title: str) -> str:
    """The source passage and where it comes from: ``material · section``."""
    where = html_text(f"{material_title} · {section_title}")
    return f"{html_text(question.source.text)}<br><small>{where}</small>"


def _labels(question: Question) -> tuple[str, str]:
    return TRUE_FALSE_LABELS["en" if question.language == "en" else "zh"]


def _letter(question: Question, option: str) -> str:
    if option in question.options:
        index = question.options.index(option)
        if index < len(_LETTERS):
            return f"{_LETTERS[index]}. "
    return ""
