"""Wrong options that are plausible but never also right."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from studyapp.core.quiz.normalise import normalise_answer

POOL_PER_KIND = 60
SHORTLIST = 6
MAX_SHARED = 0.5


@lru_cache(maxsize=65536)
def too_close(answer: str, option: str) -> bool:
    """Whether ``option`` could pass for ``answer``: equal, containing, or sharing too much.

    Chinese compares characters, English compares words: an option sharing half of
    the shorter one's characters (``检索练习`` / ``提取练习``) is too close.

    Args:
        answer: the right answer.
        option: a candidate wrong option.

    Returns:
        True when the option must not be offered.
    """
    a, b = _folded(answer), _folded(option)
    if not a or not b or a in b or b in a:
        return True
    units_a: Sequence[str]
    units_b: Sequence[str]
    if " " in answer or " " in option or answer.isascii():
        units_a, units_b = answer.casefold().split(), option.casefold().split()
    else:
        units_a, units_b = a, b  # characters: counted in the strings, in C
    shared = sum(min(units_a.count(u), units_b.count(u)) for u in set(units_a))
    return shared / min(len(units_a), len(units_b)) >= MAX_SHARED


_folded = lru_cache(maxsize=65536)(normalise_answer)  # the same few labels, again and again


@dataclass(frozen=True)
class TermPool:
    """Key terms by kind, best first: the material's own, then the library's."""

    material: Mapping[str, tuple[str, ...]]
    library: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _cache: dict[tuple[str, str, tuple[int, bool]], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def pick(
        self, answer: str, kind: str, context: str, rng: random.Random, count: int = 3
    ) -> list[str]:
        """Choose wrong options of the same kind as ``answer``, absent from ``context``.

        Args:
            answer: the right answer.
            kind: its kind (``term``, ``person``, ``place``, ``org``, ``latin``…).
            context: text the options must not occur in (the sentence).
            rng: the source of randomness.
            count: how many to choose.

        Returns:
            ``count`` options, or fewer when the pools run dry.
        """
        shape = _shape(answer)
        chosen = self._shortlist(self._ordered("material", kind, shape), answer, context, [])
        if len(chosen) < count:
            library = self._ordered("library", kind, shape)
            chosen = self._shortlist(library, answer, context, chosen)
        shortlist = chosen[: max(SHORTLIST, count)]
        return rng.sample(shortlist, min(count, len(shortlist)))

    def _ordered(self, source: str, kind: str, shape: tuple[int, bool]) -> tuple[str, ...]:
        """A pool sorted by closeness of shape (length, plural) to the answer's, cached."""
        key = (source, kind, shape)
        ordered = self._cache.get(key)
        if ordered is None:
            pool = (self.material if source == "material" else self.library).get(kind, ())
            ordered = tuple(sorted(pool, key=lambda t: _shape_distance(_shape(t), shape)))
            self._cache[key] = ordered
        return ordered

    @staticmethod
    def _shortlist(pool: Iterable[str], answer: str, context: str, taken: list[str]) -> list[str]:
        chosen = list(taken)
        for term in pool:
            if len(chosen) >= SHORTLIST:
                break
            if term in context or too_close(answer, term):
                continue
            if any(too_close(other, term) for other in chosen):
                continue
            chosen.append(term)
        return chosen


def _shape(term: str) -> tuple[int, bool]:
    return (len(term.split()) if term.isascii() else len(term), term.endswith("s"))


def _shape_distance(a: tuple[int, bool], b: tuple[int, bool]) -> int:
    return abs(a[0] - b[0]) + (a[1] != b[1])


def build_pool(scores: Mapping[str, float], kinds: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Group terms by kind, best score first, at most :data:`POOL_PER_KIND` a kind."""
    groups: dict[str, list[str]] = {}
    for term in sorted(scores, key=lambda t: (-scores[t], t)):
        group = groups.setdefault(kinds.get(term, "term"), [])
        if len(group) < POOL_PER_KIND:
            group.append(term)
    return {kind: tuple(terms) for kind, terms in groups.items()}
