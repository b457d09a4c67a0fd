"""English parts of speech from TextBlob's pattern tagger, whose lexicon ships in its wheel.

The tagger (a Brill-style lexicon of about 100,000 words with contextual rules) runs
offline and needs nothing downloaded; it is loaded on the first English question.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

NOUNS = frozenset({"NN", "NNS"})
PROPER = frozenset({"NNP", "NNPS"})
MODIFIERS = frozenset({"JJ", "NN", "NNS", "NNP", "NNPS", "VBG"})


@cache
def _parser() -> Any:  # textblob ships no types
    from textblob.en import parser  # lexicon files inside the textblob package

    return parser


@lru_cache(maxsize=16384)
def penn_tags(words: tuple[str, ...]) -> tuple[str, ...]:
    """Penn Treebank tags (``NN``, ``NNP``, ``VBD``, ``CD``…) of a sentence's words."""
    if not words:
        return ()
    return tuple(tag for _, tag in _parser().find_tags(list(words)))


def noun_phrase(tags: Sequence[str]) -> bool:
    """Whether tags read as a noun phrase: modifiers, then a common or proper noun."""
    if not tags or tags[-1] not in NOUNS | PROPER:
        return False
    return all(tag in MODIFIERS for tag in tags[:-1])
