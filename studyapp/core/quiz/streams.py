"""Blanks handed out best first, worked out one sentence at a time as they are asked for."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from studyapp.core.quiz.figures import Figure
from studyapp.core.quiz.keyterms import KeyTerms
from studyapp.core.quiz.spans import quoted_spans
from studyapp.core.quiz.units import Unit

Waiting = list[tuple[float, int, Unit, float]]  # (-bound, sequence, sentence, quality)
# (-bound, bound is the loose one, sequence, sentence, quality, loose bound, tightened)
Tight = list[tuple[float, bool, int, Unit, float, float, bool]]


@dataclass(frozen=True, slots=True)
class Blank:
    """A place in a sentence worth blanking: a key term or a figure."""

    unit: Unit
    start: int
    end: int
    text: str
    kind: str  # distractor kind: term, person, place, org, latin, name, or figure
    score: float
    figure: Figure | None = None


class BlankStream:
    """The material's blanks, best first, worked out one sentence at a time on demand.

    Every sentence is tagged and counted up front (words and noun-phrase n-grams, in
    C), so term scores cover the whole material; but the blanks themselves are found
    lazily. Sentences wait in a heap, by an upper bound on their best blank; a blank is
    handed out once no waiting sentence could beat it, so the order is exactly by
    score, and a ten-question quiz from a long book looks closely at few sentences.
    """

    def __init__(self, waiting: Waiting, make: Callable[[Unit, float], list[Blank]]) -> None:
        """``waiting`` holds ``(-bound, sequence, sentence, quality)``; it becomes the heap."""
        self._sentences = tuple(waiting)  # as given, for a stream that leaves blanks out
        heapq.heapify(waiting)
        self._waiting = waiting
        self._make = make
        self._heap: list[tuple[float, int, int, Blank]] = []
        self._ready: list[Blank] = []

    def __iter__(self) -> Iterator[Blank]:
        index = 0
        while index < len(self._ready) or self._more():
            yield self._ready[index]
            index += 1

    def all(self) -> tuple[Blank, ...]:
        """Every blank, best first."""
        return tuple(self)

    def without(self, drop: Callable[[Blank], bool], barren: Callable[[Unit], bool]) -> BlankStream:
        """The same blanks in the same order, less those ``drop`` rejects; a sentence
        ``barren`` names (every blank it could have, ``drop`` rejects) is never worked out.

        Leaving such a sentence out only spares the pause the stream takes to work it
        out: its bound stays in the heap, so every other blank comes when it came.
        """
        return BlankStream(list(self._sentences), _kept(self._make, drop, barren))

    def _more(self) -> bool:
        waiting, heap = self._waiting, self._heap
        while True:
            bound = -waiting[0][0] if waiting else -1.0
            if heap and -heap[0][0] >= bound:
                self._ready.append(heapq.heappop(heap)[3])
                return True
            if bound < 0:
                return False
            _, sequence, unit, quality = heapq.heappop(waiting)
            for blank in self._make(unit, quality):
                heapq.heappush(heap, (-blank.score, sequence, blank.start, blank))


def _never(unit: Unit) -> bool:
    return False


def _kept(
    make: Callable[[Unit, float], list[Blank]],
    drop: Callable[[Blank], bool],
    barren: Callable[[Unit], bool],
) -> Callable[[Unit, float], list[Blank]]:
    def kept(unit: Unit, quality: float) -> list[Blank]:
        if barren(unit):
            return []
        return [blank for blank in make(unit, quality) if not drop(blank)]

    return kept


class TightStream(BlankStream):
    """A :class:`BlankStream`'s blanks in its very order, from tighter bounds.

    When its bounds hold, that stream hands out blanks by score, and blanks of one score
    first from sentences whose bound is above it, then from those whose bound is just
    it, each by place: a sort, which any bounds that hold give as well. A Chinese
    sentence's bound here is that of the key terms it could have a blank on, not of
    those its words are part of elsewhere (``老师`` of ``老师重点``), so far fewer
    sentences are worked out. It is worked out when a sentence first comes up.
    """

    def __init__(
        self,
        waiting: Tight,
        make: Callable[[Unit, float], list[Blank]],
        bound: Callable[[Unit], float],
    ) -> None:
        """``waiting`` as :data:`Tight`; ``bound``: a Chinese sentence's best term's score
        (below 0 when it can have no blank)."""
        self._entries = tuple(waiting)
        heapq.heapify(waiting)
        self._tight = waiting
        self._make = make
        self._bound = bound
        self._sorted: list[tuple[float, bool, int, int, Blank]] = []
        self._ready: list[Blank] = []

    def without(
        self,
        drop: Callable[[Blank], bool],
        barren: Callable[[Unit], bool],
        bound: Callable[[Unit], float] | None = None,
    ) -> BlankStream:
        """As :meth:`BlankStream.without` (leaving blanks out of a sort keeps its order),
        with the bound of the blanks kept when it is given."""
        if bound is None:
            return TightStream(list(self._entries), _kept(self._make, drop, barren), self._bound)
        return TightStream(list(self._entries), _kept(self._make, drop, _never), bound)

    def _more(self) -> bool:
        waiting, heap = self._tight, self._sorted
        while True:
            if heap and (not waiting or heap[0][:3] < waiting[0][:3]):
                self._ready.append(heapq.heappop(heap)[4])
                return True
            if not waiting:
                return False
            _, _, sequence, unit, quality, loose, tight = heapq.heappop(waiting)
            if not tight:  # the loose bound was its place until now; the tight one is below
                best = self._bound(unit) * quality
                if best < 0:
                    continue  # no blank here
                entry = (-best, best == loose, sequence, unit, quality, loose, True)
                heapq.heappush(waiting, entry)
                continue
            for blank in self._make(unit, quality):
                item = (-blank.score, blank.score == loose, sequence, blank.start, blank)
                heapq.heappush(heap, item)


def tightened(
    waiting: Waiting, make: Callable[[Unit, float], list[Blank]], key: KeyTerms
) -> TightStream | None:
    """The stream from tight bounds, or None when a key phrase a Chinese sentence holds
    scores above its loose bound (that bound may not hold then; its stream is kept).

    Key words always score within it; the tight bounds themselves are worked out as the
    sentences come up.
    """
    tight: Tight = []
    for bound, sequence, unit, quality in waiting:
        loose = -bound
        chinese = unit.language == "zh"
        if chinese and quoted_spans(unit.text):
            # a title or quoted term scores apart from the key terms: its bound is the loose one
            tight.append((bound, True, sequence, unit, quality, loose, True))
            continue
        unsure = chinese and not key.unsure.isdisjoint(unit.words)
        if unsure and key.phrase_best(unit) * quality > loose:
            return None
        tight.append((bound, not chinese, sequence, unit, quality, loose, not chinese))
    return TightStream(tight, make, key.best)


@dataclass(frozen=True)
class Blanks:
    """Term blanks and figure blanks, each best first, and both together."""

    terms: BlankStream
    figures: BlankStream
    key: KeyTerms = field(default_factory=lambda: KeyTerms({}, frozenset(), {}))

    def __iter__(self) -> Iterator[Blank]:
        return heapq.merge(self.terms, self.figures, key=lambda blank: -blank.score)

    def terms_without(self, rejected: Callable[[str], bool]) -> BlankStream:
        """:attr:`terms` less the blanks of Chinese sentences on terms ``rejected``
        rejects, in the same order; a book that repeats its terms rejects most of them,
        and sentences with nothing else are never worked out. A term ``rejected`` has
        rejected stays rejected (it is not asked again)."""
        out = _once_out(rejected)

        def drop(blank: Blank) -> bool:
            return blank.unit.language == "zh" and out(blank.text)

        def barren(unit: Unit) -> bool:
            return self.key.only(unit, out)

        if not isinstance(self.terms, TightStream):
            return self.terms.without(drop, barren)
        return self.terms.without(drop, barren, partial(self.key.best_kept, rejected=out))

    def all(self) -> tuple[Blank, ...]:
        """Every blank, best first."""
        return tuple(self)


def _once_out(rejected: Callable[[str], bool]) -> Callable[[str], bool]:
    """``rejected``, asked once a term from the time it rejects it."""
    gone: set[str] = set()

    def out(term: str) -> bool:
        if term in gone:
            return True
        if rejected(term):
            gone.add(term)
            return True
        return False

    return out
