"""Question generation: read the material once, rank candidates, build, check and mix."""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

from studyapp.core.materials import Section
from studyapp.core.quiz import builders
from studyapp.core.quiz.analysis import Blank, Reading, read_material
from studyapp.core.quiz.enumerations import Enumeration
from studyapp.core.quiz.model import QUESTION_TYPES, Question
from studyapp.core.quiz.rules import violations
from studyapp.core.quiz.stats import TermStats
from studyapp.core.quiz.units import SectionText

BLANK_BUILDERS = {
    "cloze": builders.cloze,
    "single": builders.single,
    "true_false": builders.true_false,
    "number": builders.number,
}
LIST_BUILDERS = {"multiple": builders.multiple, "order": builders.order}
# How each type's candidates rank against the others' (blank scores are 0..1).
TYPE_WEIGHT = {
    "cloze": 1.0,
    "single": 0.95,
    "number": 0.9,
    "true_false": 0.7,
    "multiple": 0.85,
    "order": 0.85,
}
LIST_SCORE = 0.9
Listed = tuple[SectionText, Enumeration]


@dataclass
class _Queue:
    """One type's candidates, best first, and the ones put off for the second pass."""

    kind: str
    items: Iterator[Blank | Listed]
    top: float
    later: list[Blank | Listed] = field(default_factory=list)


def generate(
    sections: Sequence[Section],
    *,
    material_id: str,
    stats: TermStats | None,
    rng: random.Random,
    count: int | None = None,
    types: Collection[str] | None = None,
) -> list[Question]:
    """Generate review questions for a material's sections.

    Args:
        sections: the sections, with paragraphs and sentences.
        material_id: the material's id (part of every question id).
        stats: library statistics from :func:`build_index`, or ``None`` to score terms
            within the material.
        rng: the only source of randomness (option order, distractors, true or false).
        count: how many questions; ``None`` for every good one.
        types: the question types allowed; ``None`` for all.

    Returns:
        Questions best first, types taken in turn so a quiz is not all of one kind,
        one question per blank and, while possible, per sentence.

    Raises:
        ValueError: an unknown question type.
    """
    allowed = _allowed(types)
    if count is not None and count <= 0:
        return []
    reading = read_material(sections, material_id, stats)
    base = rng.getrandbits(64)
    queues = _queues(reading, allowed)
    return list(_mixed(reading, queues, base, count))


def _allowed(types: Collection[str] | None) -> tuple[str, ...]:
    if types is None:
        return QUESTION_TYPES
    unknown = set(types) - set(QUESTION_TYPES)
    if unknown:
        raise ValueError(f"unknown question types: {', '.join(sorted(unknown))}")
    return tuple(kind for kind in QUESTION_TYPES if kind in types)


def _queues(reading: Reading, allowed: Collection[str]) -> list[_Queue]:
    """A queue per allowed type; blanks stream best first, so nothing is sorted here."""
    streams = {
        "cloze": lambda: iter(reading.blanks.terms),
        "number": lambda: iter(reading.blanks.figures),
        "single": lambda: iter(reading.blanks),
        "true_false": lambda: iter(reading.blanks),
    }
    queues = []
    for kind in allowed:
        if kind in BLANK_BUILDERS:
            items = streams[kind]()
            first = next(items, None)
            if first is not None:
                chained = itertools.chain([first], items)
                queues.append(_Queue(kind, chained, first.score * TYPE_WEIGHT[kind]))
        elif reading.enumerations:
            listed = iter(reading.enumerations)
            queues.append(_Queue(kind, listed, LIST_SCORE * TYPE_WEIGHT[kind]))
    return sorted(queues, key=lambda q: -q.top)


def _mixed(
    reading: Reading, queues: list[_Queue], base: int, count: int | None
) -> Iterator[Question]:
    """Take the types in turn, best type first, skipping used blanks and repeated prompts.

    The first pass takes at most one question a sentence and a term; the second pass
    goes back to the candidates it put off.
    """
    seen = _Seen()
    made = 0
    for strict in (True, False):
        seen.sentences.clear()
        seen.terms.clear()
        active = list(queues)
        for queue in active:
            if not strict:
                queue.items, queue.later = iter(queue.later), []
        while active and (count is None or made < count):
            for queue in list(active):
                question = _next(reading, queue, seen, strict, base)
                if question is None:
                    active.remove(queue)
                    continue
                made += 1
                yield question
                if count is not None and made >= count:
                    return


@dataclass
class _Seen:
    """What the quiz already holds: blanks, sentences, terms, ids and prompts."""

    items: set[tuple] = field(default_factory=set)
    sentences: set[tuple[str, int]] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    prompts: set[str] = field(default_factory=set)


def _next(reading: Reading, queue: _Queue, seen: _Seen, strict: bool, base: int) -> Question | None:
    for candidate in queue.items:
        item, sentence = _keys(queue.kind, candidate)
        if item in seen.items:
            continue
        term = candidate.text if isinstance(candidate, Blank) else None
        if strict and (sentence in seen.sentences or term in seen.terms):
            queue.later.append(candidate)  # first a quiz covers other sentences and terms
            continue
        question, boundaries = _build(reading, queue.kind, candidate, base)
        if question is None or question.id in seen.ids or question.prompt in seen.prompts:
            continue
        if violations(question, boundaries):
            continue
        seen.items.add(item)
        seen.sentences.add(sentence)
        if term is not None:
            seen.terms.add(term)
        seen.ids.add(question.id)
        seen.prompts.add(question.prompt)
        return question
    return None


def _keys(kind: str, candidate: Blank | Listed) -> tuple[tuple, tuple[str, int]]:
    """What a candidate tests (one question per blank) and which sentence it uses."""
    if isinstance(candidate, Blank):
        unit = candidate.unit
        return (unit.anchor, unit.offset + candidate.start, candidate.text), (
            unit.anchor,
            unit.offset,
        )
    section, enumeration = candidate
    return (section.anchor, enumeration.start, kind), (section.anchor, enumeration.start)


def _build(
    reading: Reading, kind: str, candidate: Blank | Listed, base: int
) -> tuple[Question | None, frozenset[int] | None]:
    """Build one question with its own random stream, so others do not shift it."""
    if isinstance(candidate, Blank):
        unit = candidate.unit
        rng = _rng(base, f"{kind}:{unit.anchor}:{unit.offset}:{candidate.start}")
        question = BLANK_BUILDERS[kind](reading, candidate, rng)
        cuts = None
        if unit.language == "zh":
            cuts = frozenset(unit.tagged.starts) | {len(unit.text)}
        return question, cuts
    section, enumeration = candidate
    rng = _rng(base, f"{kind}:{section.anchor}:{enumeration.start}")
    return LIST_BUILDERS[kind](reading, section, enumeration, rng), None


def _rng(base: int, key: str) -> random.Random:
    """A question's own random stream: the quiz seed mixed with what the question is about."""
    return random.Random(base ^ zlib.crc32(key.encode("utf-8")))
