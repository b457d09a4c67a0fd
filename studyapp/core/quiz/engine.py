"""Question generation: read the material once, rank candidates, build, check and mix."""

from __future__ import annotations

import random
import zlib
from collections import deque
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from studyapp.core.materials import Section
from studyapp.core.quiz import builders
from studyapp.core.quiz.analysis import Blank, Reading, read_material
from studyapp.core.quiz.enumerations import Enumeration
from studyapp.core.quiz.fitness import LEAD_TYPES, fit_for, own_year, with_lead
from studyapp.core.quiz.leads import points_back
from studyapp.core.quiz.model import QUESTION_TYPES, Question
from studyapp.core.quiz.quality import (
    always_cut,
    askable,
    complete,
)
from studyapp.core.quiz.rules import violations
from studyapp.core.quiz.stats import TermStats
from studyapp.core.quiz.units import SectionText, Unit

BLANK_BUILDERS = {
    "cloze": builders.cloze,
    "single": builders.single,
    "true_false": builders.true_false,
    "number": builders.number,
}
LIST_BUILDERS = {"multiple": builders.multiple, "order": builders.order}
# The order a quiz takes the types in, round after round: a blank first, then a list
# (rare, and they test what a passage is about, before its sentences are used up).
TYPE_ORDER = ("cloze", "order", "multiple", "single", "number", "true_false")
TERM_USES = 1  # a term is asked about once in a quiz
Listed = tuple[SectionText, Enumeration]
SentenceKey = tuple[str, int, int]  # section anchor, paragraph, sentence in the paragraph


@dataclass
class _Queue:
    """One type's candidates, best first, and the ones put off for the second pass."""

    kind: str
    items: Iterator[Blank | Listed]
    later: deque[Blank | Listed] = field(default_factory=deque)
    # Blanks of sentences that point back, asked with the sentence before only once the
    # stream is spent: such a pair uses two sentences another question could have had.
    paired: deque[Blank] = field(default_factory=deque)
    spent: bool = False


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
    seen = _Seen()
    queues = _queues(reading, allowed, seen)
    return list(_mixed(reading, queues, base, count, seen))


def _allowed(types: Collection[str] | None) -> tuple[str, ...]:
    if types is None:
        return QUESTION_TYPES
    unknown = set(types) - set(QUESTION_TYPES)
    if unknown:
        raise ValueError(f"unknown question types: {', '.join(sorted(unknown))}")
    return tuple(kind for kind in QUESTION_TYPES if kind in types)


def _queues(reading: Reading, allowed: Collection[str], seen: _Seen) -> list[_Queue]:
    """A queue per allowed type; blanks stream best first, so nothing is sorted here."""
    passed_over = partial(_no_cloze, reading.full_text, seen)
    streams = {
        "cloze": lambda: iter(reading.blanks.terms_without(passed_over)),
        "number": lambda: iter(reading.blanks.figures),
        "single": lambda: iter(reading.blanks.figures),  # only figures make fair options
        "true_false": lambda: iter(reading.blanks),
    }
    queues = []
    for kind in sorted(allowed, key=TYPE_ORDER.index):
        if kind in BLANK_BUILDERS:
            queues.append(_Queue(kind, streams[kind]()))
        elif reading.enumerations:
            queues.append(_Queue(kind, iter(reading.enumerations)))
    return queues


def _no_cloze(material: str, seen: _Seen, term: str) -> bool:
    """Whether the cloze queue would pass over every blank on a term: cut at every use
    (fit_for never makes a cloze that cuts a phrase), or asked about as often as a term
    may be. Its stream leaves them out."""
    return always_cut(material, term) or len(seen.terms.get(term, ())) >= TERM_USES


def _mixed(
    reading: Reading, queues: list[_Queue], base: int, count: int | None, seen: _Seen
) -> Iterator[Question]:
    """Take the types in turn, best type first; a sentence and a term at most once.

    A quiz never asks twice about one sentence (a true item would answer its false
    twin), so it ends when the candidates that pass run out: fewer, better. Figures
    make at most half a quiz while other questions can be had.
    """
    made = 0
    while count is None or made < count:
        before = made
        for queue in queues:
            question = _next(reading, queue, seen, base)
            if question is None:
                continue
            made += 1
            yield question
            if count is not None and made >= count:
                return
        if made == before:
            if seen.relaxed:
                return
            seen.relaxed = True  # nothing else left: the figures put off may come


@dataclass
class _Seen:
    """What the quiz already holds: blanks, sentences, terms, ids and prompts."""

    items: set[tuple[object, ...]] = field(default_factory=set)
    sentences: set[SentenceKey] = field(default_factory=set)
    terms: dict[str, set[str]] = field(default_factory=dict)  # term -> sections asked in
    ids: set[str] = field(default_factory=set)
    prompts: set[str] = field(default_factory=set)
    truths: list[bool] = field(default_factory=list)  # true/false items so far
    figures: int = 0  # questions on a figure so far
    made: int = 0

    relaxed: bool = False  # no other question is left: figures may exceed half

    def too_many_figures(self) -> bool:
        """At most half a quiz (after its first four) asks for figures."""
        if self.relaxed:
            return False
        return self.made >= 4 and self.figures * 2 >= self.made + 1

    def want_true(self, base: int) -> bool:
        """About as many false items as true ones: the next is whichever is behind."""
        trues = sum(self.truths)
        falses = len(self.truths) - trues
        return trues < falses or (trues == falses and base & 1 == 1)

    def may_ask(self, term: str | None, anchor: str) -> bool:
        """A term is asked once a quiz: a second blank on it tests the same thing again."""
        asked = self.terms.get(term, set()) if term is not None else set()
        return len(asked) < TERM_USES and anchor not in asked

    def may_be_true(self) -> bool:
        """A true item may come when no false one can: true ones lead by one at most."""
        trues = sum(self.truths)
        return trues <= len(self.truths) - trues


def _pending(queue: _Queue, seen: _Seen, base: int) -> Iterator[Blank | Listed]:
    """A queue's candidates: those put off earlier, once they may come, then the rest.

    A queue puts off candidates for one reason only (figures held back, or true/false
    items with no false version), so when the first may not come, none may.
    """
    # Each put-off candidate is offered once per call: one put off again goes to the
    # back and must not come round in the same call (a figure true/false item with no
    # fair false version would loop forever).
    for _ in range(len(queue.later)):
        if not queue.later or not _may_come(queue.kind, queue.later[0], seen, base, True):
            break
        yield queue.later.popleft()
    # Not "yield from": closing this generator must not close the stream it reads.
    for candidate in queue.items:  # noqa: UP028
        yield candidate
    queue.spent = True
    while queue.paired:
        yield queue.paired.popleft()


def _may_come(
    kind: str, candidate: Blank | Listed, seen: _Seen, base: int, deferred: bool = False
) -> bool:
    """Whether a candidate is not held back: by the share of figures, or, when it was put
    off as a true/false item with no fair false version, because a false one is due."""
    figure = isinstance(candidate, Blank) and candidate.figure is not None
    if figure and kind != "true_false" and seen.too_many_figures():
        return False  # a statement with a figure tests it in context: not capped
    return not deferred or kind != "true_false" or seen.want_true(base) or figure


def _next(reading: Reading, queue: _Queue, seen: _Seen, base: int) -> Question | None:
    for candidate in _pending(queue, seen, base):
        item, sentence = _keys(queue.kind, candidate)
        term = candidate.text if isinstance(candidate, Blank) else None
        if item in seen.items or sentence in seen.sentences or not seen.may_ask(term, sentence[0]):
            continue
        if not _may_come(queue.kind, candidate, seen, base):
            queue.later.append(candidate)
            continue
        lead = sentence
        if isinstance(candidate, Blank) and not askable(candidate.unit):
            if not queue.spent:
                _put_off(queue, candidate)
                continue
            paired = _led(reading, queue.kind, candidate)
            if paired is None or (lead := sentence_key(paired.unit)) in seen.sentences:
                continue
            candidate = paired
        if isinstance(candidate, Blank) and (
            not fit_for(queue.kind, candidate, reading.full_text, led=lead != sentence)
            or own_year(reading, candidate)
        ):
            continue
        if not isinstance(candidate, Blank) and _covered(reading, candidate) & seen.sentences:
            continue
        question, boundaries = _build(reading, queue.kind, candidate, base, seen)
        if question is None and queue.kind == "true_false" and not seen.want_true(base):
            queue.later.append(candidate)  # no fair false version: maybe a true one later
            continue
        if question is None or question.id in seen.ids or question.prompt in seen.prompts:
            continue
        if violations(question, boundaries):
            continue
        seen.items.add(item)
        seen.sentences.update((sentence, lead))
        if not isinstance(candidate, Blank):
            seen.sentences.update(_covered(reading, candidate))
        if term is not None:
            seen.terms.setdefault(term, set()).add(sentence[0])
        seen.ids.add(question.id)
        seen.prompts.add(question.prompt)
        if question.type == "true_false":
            seen.truths.append(question.answer == ("true",))
        seen.made += 1
        asks_figure = question.type in ("number", "single")
        seen.figures += asks_figure
        return question
    return None


def _put_off(queue: _Queue, blank: Blank) -> None:
    """Keep a blank whose sentence may be asked after the one before, for the end."""
    if queue.kind in LEAD_TYPES and points_back(blank.unit) and complete(blank.unit):
        queue.paired.append(blank)


def _led(reading: Reading, kind: str, blank: Blank) -> Blank | None:
    """A blank of a sentence that points back, read with the one before, for the types
    that may show it."""
    return with_lead(reading.sections, blank) if kind in LEAD_TYPES else None


def _covered(reading: Reading, candidate: Listed) -> set[SentenceKey]:
    """The sentences an enumeration's passage overlaps."""
    section, enumeration = candidate
    return {
        sentence_key(unit)
        for unit in section.units
        if unit.offset < enumeration.end and enumeration.start < unit.offset + len(unit.text)
    }


def sentence_key(unit: Unit) -> SentenceKey:
    """Which sentence a unit belongs to: the clauses of a long sentence share one."""
    return unit.anchor, unit.paragraph, unit.index


def _keys(kind: str, candidate: Blank | Listed) -> tuple[tuple[object, ...], SentenceKey]:
    """What a candidate tests (one question per blank) and which sentence it uses."""
    if isinstance(candidate, Blank):
        unit = candidate.unit
        return (unit.anchor, unit.offset + candidate.start, candidate.text), sentence_key(unit)
    section, enumeration = candidate
    return (section.anchor, enumeration.start, kind), (section.anchor, -1, enumeration.start)


def _build(
    reading: Reading, kind: str, candidate: Blank | Listed, base: int, seen: _Seen
) -> tuple[Question | None, frozenset[int] | None]:
    """Build one question with its own random stream, so others do not shift it."""
    if isinstance(candidate, Blank):
        unit = candidate.unit
        rng = _rng(base, f"{kind}:{unit.anchor}:{unit.offset}:{candidate.start}")
        if kind == "true_false":
            truth = seen.want_true(base)
            question = builders.true_false(reading, candidate, rng, truth)
            if question is None and not truth and seen.may_be_true():
                question = builders.true_false(reading, candidate, rng, True)
        else:
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
