"""Noun phrases a Chinese text repeats (读书班活动, 个人学习计划), found without a slow loop."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise, repeat

from studyapp.core.quiz.stopwords import ZH_STOP
from studyapp.core.quiz.tagging import Tagged
from studyapp.core.quiz.terms import (
    ACTION_VERBS,
    HEAD_POS,
    NOMINAL_LEFT,
    NOMINAL_RIGHT,
    PHRASE_CHARS,
)

Gram = tuple[tuple[str, str], ...]
_CLASS = dict.fromkeys(HEAD_POS, "H") | {"v": "V", "a": "A", "b": "A", "l": "A"}
_RUN = re.compile(r"[HVA]{2,}")
_BAD_START = ZH_STOP | ACTION_VERBS | {"主要", "基本", "具体", "一般", "相关", "有关", "其他"}
LEFT_MARKS = NOMINAL_LEFT | frozenset("0123456789一二三四五六七八九十两几位名篇")
MAX_LOOKS = 40  # occurrences checked for noun evidence
_VERB_MARKS = frozenset("了着过地")
NOUN_RIGHT = NOMINAL_RIGHT | frozenset("中里上内")  # 在个人学习计划中
_CLAUSE_END = frozenset("，。；！？\n")
_RIGHT_MARKS = {
    "v": NOMINAL_RIGHT,
    "vn": NOMINAL_RIGHT | _CLAUSE_END,
    "an": NOMINAL_RIGHT | _CLAUSE_END,
}


def grams(tagged: Tagged) -> list[Gram]:
    """The 2- and 3-grams of ``(word, tag)`` inside the sentence's noun-like runs."""
    mask = "".join(map(_CLASS.get, tagged.tags, repeat(".")))
    found: list[Gram] = []
    pairs: list[tuple[str, str]] | None = None
    for run in _RUN.finditer(mask):
        if pairs is None:
            pairs = list(zip(tagged.words, tagged.tags, strict=True))
        part = pairs[run.start() : run.end()]
        found += pairwise(part)
        if len(part) > 2:
            found += zip(part, part[1:], part[2:], strict=False)
    return found


def count_grams(sentences: Iterable[Tagged]) -> Counter[Gram]:
    """How often each noun-run n-gram occurs in the sentences.

    The n-grams are counted in C (``Counter`` over ``zip``); only those seen twice or
    more are then checked in Python by :func:`accept_phrases`.
    """
    counts: Counter[Gram] = Counter()
    for tagged in sentences:
        counts.update(grams(tagged))
    return counts


def gram_text(gram: Gram) -> str | None:
    """The phrase an n-gram spells, or ``None`` when it cannot be a noun phrase.

    It must not open with a stop word, an action verb (开展调研) or a long adjective,
    hold a stop word, end in 的/是/了, or be shorter than 3 or longer than 8 characters;
    it must end in a noun, or in a verb (间隔复习) that then needs a noun marker after it.
    """
    first_word, first_tag = gram[0]
    if first_word in _BAD_START or (first_tag == "a" and len(first_word) > 1):
        return None
    if any(word in ZH_STOP for word, _ in gram[1:]):
        return None
    text = "".join(word for word, _ in gram)
    if not PHRASE_CHARS[0] <= len(text) <= PHRASE_CHARS[1] or text[-1] in "的是了地":
        return None
    last_tag = gram[-1][1]
    return text if last_tag in HEAD_POS or last_tag == "v" else None


def used_as_noun(phrase: str, text: str, needs_left: bool, right_marks: frozenset[str]) -> bool:
    """Whether ``text`` shows ``phrase`` as a noun at least once.

    Args:
        phrase: the phrase.
        text: the material's sentences joined by newlines.
        needs_left: a noun marker is needed before it (a phrase opening with a verb).
        right_marks: characters one of which must follow it (a phrase ending in a verb
            or verbal noun: 老师重点分析了 is a clause, 交流研讨， a noun); empty when
            a marker on either side will do.

    Returns:
        True when one occurrence has the markers needed, and at least one, and no
        occurrence is followed by 了, 着, 过 or 地.
    """
    start = text.find(phrase)
    looks = 0
    while start >= 0 and looks < MAX_LOOKS:
        end = start + len(phrase)
        left = start > 0 and text[start - 1] in LEFT_MARKS
        after = text[end] if end < len(text) else "。"
        if after in _VERB_MARKS:
            return False  # 重新整理了, 客观地: a verb or an adverb, whatever the tags say
        right = after in (right_marks or NOUN_RIGHT)
        if (left or not needs_left) and (right or not right_marks) and (left or right):
            return True
        start = text.find(phrase, end)
        looks += 1
    return False


def repeated_phrases_zh(
    sentences: Iterable[Tagged], text: str, titles: Iterable[Tagged] = ()
) -> frozenset[str]:
    """Chinese noun phrases used twice or more, at least once plainly as a noun.

    A heading counts as one use, and as a noun use for phrases not opening with a
    verb. A phrase found only inside a longer one (学习计划 always inside 个人学习计划)
    gives way to it.

    Args:
        sentences: the tagged sentences.
        text: the same sentences joined by newlines (for noun evidence).
        titles: the tagged headings.

    Returns:
        The phrases.
    """
    return accept_phrases(count_grams(sentences), count_grams(titles), text)


def accept_phrases(counts: Counter[Gram], heading: Counter[Gram], text: str) -> frozenset[str]:
    """The phrases of :func:`repeated_phrases_zh`, from n-gram counts already made.

    Args:
        counts: n-gram counts of the sentences.
        heading: n-gram counts of the headings.
        text: the sentences joined by newlines.

    Returns:
        The phrases.
    """
    totals: Counter[str] = Counter()
    kept: set[str] = set()
    for gram, number in (counts + heading).items():
        if number < 2:
            continue
        phrase = gram_text(gram)
        if phrase is None:
            continue
        totals[phrase] += number
        verb_start = gram[0][1] == "v"
        right_marks = _RIGHT_MARKS.get(gram[-1][1], frozenset())
        titled = gram in heading and not verb_start
        if titled or used_as_noun(phrase, text, verb_start, right_marks):
            kept.add(phrase)
    return frozenset(kept - shadowed(kept, totals))


def shadowed(kept: set[str], counts: Counter[str]) -> set[str]:
    """Phrases never seen outside a longer kept phrase."""
    hidden = set()
    for phrase in kept:
        for size in range(len(phrase) - 1, PHRASE_CHARS[0] - 1, -1):
            for i in range(len(phrase) - size + 1):
                part = phrase[i : i + size]
                if part in kept and counts[part] <= counts[phrase]:
                    hidden.add(part)
    return hidden
