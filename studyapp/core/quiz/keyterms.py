"""The key terms of a material, to tell without working a sentence out that it can
have no blank a question would take."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from studyapp.core.quiz.spans import noun_fit, quoted_spans
from studyapp.core.quiz.units import Unit

LABEL_SHARE = 0.5
SECOND_BLANK_SHARE = 0.6  # a second blank in a sentence must be nearly as good as the first


@dataclass(frozen=True)
class KeyTerms:
    """The terms a Chinese sentence's blanks are chosen among (key words, and key phrases
    by each of their beginnings: a phrase is matched from a word that begins it), with
    their scores."""

    scores: Mapping[str, float]
    words: frozenset[str]
    phrases: Mapping[str, tuple[str, ...]]
    # Words that begin a key phrase scoring above the word's own bound: only a sentence
    # holding one may hold a phrase above the bound of its words.
    unsure: frozenset[str] = frozenset()
    # A sentence's key words and candidate terms, by id (streams ask about it again).
    _found: dict[int, tuple[Unit, frozenset[str], frozenset[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(
        cls,
        scores: Mapping[str, float],
        key: frozenset[str],
        phrases: frozenset[str],
        bound: Mapping[str, float],
    ) -> KeyTerms:
        """The key terms, with the key phrases (:func:`term_spans` matches) by prefix;
        ``bound`` is each word's best score, in or as a term (see :attr:`unsure`)."""
        starting: dict[str, list[str]] = {}
        for phrase in key & phrases:
            if not phrase.isascii():
                for size in range(1, len(phrase)):
                    starting.setdefault(phrase[:size], []).append(phrase)
        unsure = frozenset(
            start
            for start, found in starting.items()
            if any(bound.get(start, 0.0) < scores[phrase] for phrase in found)
        )
        by_start = {start: tuple(found) for start, found in starting.items()}
        return cls(scores, key, by_start, unsure)

    def only(self, unit: Unit, rejected: Callable[[str], bool]) -> bool:
        """Whether every blank ``analysis._term_blanks`` could choose in a Chinese sentence is
        on a term ``rejected`` rejects (False for other sentences).

        A term is chosen only if it scores at least :data:`SECOND_BLANK_SHARE` of the
        sentence's best span, which is at least the best of its single-word spans.
        """
        if unit.language != "zh" or quoted_spans(unit.text):
            return False  # a title or a quoted term is no key term, and may be kept
        return self.best_kept(unit, rejected) < 0

    def best(self, unit: Unit) -> float:
        """The best score of a term a Chinese sentence's blanks could be on (0 if none)."""
        _, candidates = self._terms(unit)
        return max(map(self.scores.__getitem__, candidates), default=0.0)

    def best_kept(self, unit: Unit, rejected: Callable[[str], bool]) -> float:
        """:meth:`best` of the terms ``rejected`` does not reject; -1 when :meth:`only`
        holds (no blank the sentence could have is kept)."""
        found, candidates = self._terms(unit)
        kept = [self.scores[term] for term in candidates if not rejected(term)]
        if not kept or max(kept) < self._floor(unit, found) * SECOND_BLANK_SHARE:
            return -1.0
        return max(kept)

    def phrase_best(self, unit: Unit) -> float:
        """The best score of a key phrase a Chinese sentence holds from a word on."""
        return max(map(self.scores.__getitem__, self._candidates(unit, set())), default=0.0)

    def _terms(self, unit: Unit) -> tuple[frozenset[str], frozenset[str]]:
        """The key words a Chinese sentence holds, and the terms its blanks could be on."""
        known = self._found.get(id(unit))
        if known is not None and known[0] is unit:
            return known[1], known[2]
        found = self.words.intersection(unit.words)
        candidates = frozenset(self._candidates(unit, found))
        self._found[id(unit)] = (unit, found, candidates)
        return found, candidates

    def _candidates(self, unit: Unit, found: AbstractSet[str]) -> set[str]:
        """The key words found and the key phrases the sentence holds from a word on."""
        phrases, text = self.phrases, unit.text
        candidates = set(found)
        for word in phrases.keys() & unit.words:
            candidates.update(phrase for phrase in phrases[word] if phrase in text)
        return candidates

    def _floor(self, unit: Unit, found: Collection[str]) -> float:
        """The best score of a key word's span in the sentence, as ``_term_blanks``
        scores it (0 when none)."""
        words, tags = unit.words, unit.tags
        best = 0.0
        for i, word in enumerate(words):
            if word in found:
                score = self.scores[word] * noun_fit(words, tags, i)
                labelled = i == 0 and unit.text[len(word) : len(word) + 1] in ("：", ":")
                best = max(best, score * LABEL_SHARE if labelled else score)
        return best
