"""Noun phrases a Chinese text repeats (读书班活动, 个人学习计划), found without a slow loop."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import add, itemgetter

from studyapp.core.quiz.stopwords import ZH_STOP
from studyapp.core.quiz.tagging import Tagged, set_positions
from studyapp.core.quiz.terms import (
    ACTION_VERBS,
    HEAD_POS,
    NOMINAL_LEFT,
    NOMINAL_RIGHT,
    PHRASE_CHARS,
    PHRASE_POS,
)

Gram = tuple[str, ...]  # word, tag, word, tag (, word, tag): see token_grams
_PHRASE_FLAG = dict.fromkeys(PHRASE_POS, 1)  # tags a phrase is made of
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
    """The 2- and 3-grams inside the sentence's noun-like runs (see :func:`token_grams`)."""
    return token_grams(tagged.words, tagged.tags)


def token_grams(
    words: Sequence[str], tags: Sequence[str], flags: bytes | None = None
) -> list[Gram]:
    """The 2- and 3-grams whose words all have noun-like tags, as flat tuples.

    A gram is ``(word, tag, word, tag)`` or ``(word, tag, word, tag, word, tag)``: one
    tuple, not a tuple of pairs. All 2-grams come first, then all 3-grams. A word
    tagged ``x`` (punctuation, or a separator the caller puts between texts) ends a
    run. A 300,000-character book has ~170,000 words and ~30,000 grams: the grams'
    places are found on byte masks in C, and only they are visited.

    Args:
        words: the words.
        tags: their tags.
        flags: one byte a word, 1 when its tag is noun-like (:func:`phrase_flags`),
            when the caller has them.

    Returns:
        The grams in order of size, then of place.
    """
    if flags is None:
        flags = phrase_flags(tags)
    found: list[Gram] = []
    for size in (2, 3):
        starts = set_positions(_all_set(flags, size))
        if not starts:
            break
        columns: list[tuple[str, ...]] = []
        for shift in range(size):
            at = list(map(add, starts, repeat(shift))) if shift else starts
            columns += (_pick(words, at), _pick(tags, at))
        found += zip(*columns, strict=True)
    return found


def _pick(items: Sequence[str], at: list[int]) -> tuple[str, ...]:
    """``items`` at the places ``at``, picked by one C call."""
    return itemgetter(*at)(items) if len(at) > 1 else (items[at[0]],)


def phrase_flags(tags: Iterable[str]) -> bytes:
    """One byte a word: 1 when its tag may be part of a phrase (noun-like), else 0."""
    return bytes(map(_PHRASE_FLAG.get, tags, repeat(0)))


def _all_set(flags: bytes, size: int) -> bytes:
    """``result[i]`` is 1 when ``flags[i : i + size]`` are all 1 (flags are 0 or 1 bytes).

    Worked out on one big integer holding a flag a byte: shifting it right by a byte
    lines every flag up with the next one's.
    """
    value = int.from_bytes(flags, "little")
    result = value
    for shift in range(1, size):
        result &= value >> (8 * shift)
    return result.to_bytes(len(flags), "little")


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
    first_word, first_tag = gram[0], gram[1]
    if first_word in _BAD_START or (first_tag == "a" and len(first_word) > 1):
        return None
    words = gram[0::2]
    if any(word in ZH_STOP for word in words[1:]):
        return None
    text = "".join(words)
    if not PHRASE_CHARS[0] <= len(text) <= PHRASE_CHARS[1] or text[-1] in "的是了地":
        return None
    last_tag = gram[-1]
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
        verb_start = gram[1] == "v"
        right_marks = _RIGHT_MARKS.get(gram[-1], frozenset())
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
