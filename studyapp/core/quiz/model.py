"""Quiz value objects: questions, where they come from, and grades."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from studyapp.core.text import content_hash

QuestionType = Literal["cloze", "single", "multiple", "true_false", "order", "number"]
Verdict = Literal["right", "almost", "wrong", "skipped"]  # skipped: flagged, not answered
QUESTION_TYPES: tuple[QuestionType, ...] = get_args(QuestionType)
BLANK = "____"  # four ASCII underscores, in Chinese and English prompts alike
TRUE, FALSE = "true", "false"
TRUE_FALSE_LABELS = {"zh": ("对", "错"), "en": ("True", "False")}


@dataclass(frozen=True)
class SourceRef:
    """Where a question comes from: offsets into the section text.

    The section text is ``"\\n\\n".join(p.text for p in section.paragraphs)`` and
    ``text == section_text[start:end]``.
    """

    material: str
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Question:
    """One generated question; ``answer`` always holds the correct option texts."""

    id: str
    type: QuestionType
    prompt: str
    options: tuple[str, ...]
    answer: tuple[str, ...]
    source: SourceRef
    language: str
    hint: str | None = None
    accepted: tuple[str, ...] = ()
    kind: str = ""  # what the answer is: figure:<unit>, person, place, org, term, item…
    option_kinds: tuple[str, ...] = ()  # the same for each option, in order


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer: ``right``, ``almost`` or ``wrong``."""

    verdict: Verdict
    expected: tuple[str, ...]
    given: tuple[str, ...]
    items: tuple[bool, ...] = ()
    diff: str | None = None
    via_pinyin: bool = False

    @property
    def right(self) -> bool:
        """Whether the answer counts as right."""
        return self.verdict == "right"


def question_id(material: str, section: str, source_text: str, kind: str, item: str) -> str:
    """A stable id from what a question is about, never from randomness or position.

    Args:
        material: the material id.
        section: the section anchor.
        source_text: the sentence or passage the question is built on.
        kind: the question type.
        item: what is tested (the blanked term, the enumeration's items…).

    Returns:
        20 hex digits.
    """
    key = "\x1f".join((material, section, _hash(source_text), kind, item))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@lru_cache(maxsize=4096)
def _hash(text: str) -> str:
    return content_hash(text)


def hinted_source(question: Question) -> str:
    """The source passage with the answers blanked: the hint when the prompt has its own."""
    source = question.source.text
    for answer in question.answer:
        source = source.replace(answer, BLANK)
    return source


def question_type(value: str) -> QuestionType:
    """``value`` as a question type, or ``ValueError`` naming it."""
    for known in QUESTION_TYPES:
        if value == known:
            return known
    raise ValueError(f"unknown question type: {value!r}")
