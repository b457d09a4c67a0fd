"""False English statements by reversing a claim: a word for its opposite, or the main
clause's negation toggled.

The word pairs are data (``data/reversals-en.txt``); the change is made only where the
result reads as grammatically as the original. Chinese has no such change: judged on real
texts, swapped antonyms and modal verbs gave themselves away (不得遵守本条例).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from studyapp.core.quiz.units import Unit

_EN_AUX = re.compile(
    r"\b(is|are|was|were|will|should|must|can|does|did|do)(\s+not\b|n't\b|\b)", re.I
)  # a whole word: "is" in "issue" or "are" in "area" is no verb
_EN_NEGATABLE = frozenset({"is", "are", "was", "were", "will", "should", "must", "can"})
_EN_WORD = re.compile(r"[A-Za-z]+")
_EN_ONLY = re.compile(r"\b(?:only|merely|just|even|also)\b", re.I)
SIMPLE_WORDS = 25
SUBJECT_WORDS = 8
_EN_NEGATIVE = re.compile(r"\b(?:no|not|nothing|never|none|nobody|neither|nor|cannot)\b|n't", re.I)
_EN_SUBORDINATE = re.compile(
    r"\b(?:that|which|who|whom|whose|when|how|if|because|whatever|what|where|while|although"
    r"|unless|whether|since|as)\b|[,;:—]",
    re.I,
)


@cache
def pairs(language: str) -> dict[str, str]:
    """The word pairs of a language: word → its opposite."""
    text = (
        files("studyapp.core.quiz")
        .joinpath(f"data/reversals-{language}.txt")
        .read_text(encoding="utf-8")
    )
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            found[parts[0]] = parts[1]
    return found


def reversed_claim(unit: Unit) -> tuple[int, int, str] | None:
    """Where and how to reverse a sentence's claim: ``(start, end, replacement)``.

    Only sentences with exactly one reversible word are changed, so the change is the
    sentence's main claim and not one of several.
    """
    return _en(unit.text) if unit.language == "en" else None


def _en(text: str) -> tuple[int, int, str] | None:
    table = pairs("en")
    lexical = [
        (m.start(), m.group()) for m in _EN_WORD.finditer(text) if m.group().casefold() in table
    ]
    if len(lexical) == 1:
        start, word = lexical[0]
        opposite = table[word.casefold()]
        return start, start + len(word), opposite.capitalize() if word[0].isupper() else opposite
    if lexical:
        return None
    return _negation(text)


def _negation(text: str) -> tuple[int, int, str] | None:
    """The main clause's auxiliary with ``not`` added or taken away."""
    match = _EN_AUX.search(text)
    if match is None or _EN_SUBORDINATE.search(text, 0, match.start()):
        return None  # no auxiliary, or not the main clause's verb
    if len(text.split()) > SIMPLE_WORDS or len(text[: match.start()].split()) > SUBJECT_WORDS:
        return None  # a long sentence negated reads as a trap, not a claim
    if _EN_ONLY.search(text):
        return None  # "Their only interest is not in…" garbles the sense
    verb = match.group(1)
    if match.group(2):  # "is not" -> "is"
        return match.start(), match.end(), verb
    if verb.casefold() not in _EN_NEGATABLE or _EN_NEGATIVE.search(text):
        return None  # "there is nothing" must not become "there is not nothing"
    if verb.casefold() == "can":
        return match.start(), match.end(), verb + "not"
    return match.start(), match.end(), verb + " not"
