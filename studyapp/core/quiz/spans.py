"""Candidate blanks in a sentence: Chinese nouns and known phrases, English noun phrases."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from functools import lru_cache

from studyapp.core.quiz.english import MODIFIERS, NOUNS, PROPER, noun_phrase, penn_tags
from studyapp.core.quiz.stats import general_frequency
from studyapp.core.quiz.stopwords import EN_STOP, EN_VERBS, ZH_STOP
from studyapp.core.quiz.tagging import Tagged, folded
from studyapp.core.quiz.terms import (
    EN_NOMINAL_LEFT,
    NOMINAL_LEFT,
    NOMINAL_LEFT_POS,
    NOMINAL_RIGHT,
    NOUN_POS,
    TermSpan,
    kind_of,
)
from studyapp.core.quiz.units import Unit

_DIGIT = re.compile(r"\d")
_DEGREE = frozenset("太很最更不没较挺")
_DETERMINER_CHARS = frozenset("每各某该本")
_ASPECT_TAGS = frozenset({"ul", "uz", "ug", "uv"})
COMPOUND_POS = frozenset({"n", "nz", "vn", "ng", "j"})
NOUN_KEY = "noun:"
# Words that follow a noun phrase (a verb such as "is", a preposition, "and"), unlike
# "each", "you" or "how", which follow a verb.
EN_AFTER_NOUN = frozenset(
    "is are was were has have had and or of to in on at for with from by that which who can"
    " will would should must may might does do did than as into about".split()
)
_NOT_NOUN_ENDS = ("ly", "ed", "ful", "ous", "ive", "able", "ible")
EN_DETERMINERS = frozenset(
    "the a an this these those your my our their his her its each every no some any many"
    " few several one two three four five".split()
)
EN_TITLES = frozenset("dr mr mrs ms prof sir dame".split())
EN_ADJECTIVES = frozenset(
    """
    important typical simple concrete useful clear common easy hard different similar possible
    whole single main key free plain final older larger specific general small large difficult
    effective active passive real true false full open short long better best worse worst able
    """.split()
)
EN_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays"
    " thursdays fridays saturdays sundays january february march april may june july august"
    " september october november december jan feb mar apr jun jul aug sep sept oct nov dec"
    .split()
)


def phrase_prefixes(phrases: Iterable[str]) -> frozenset[str]:
    """Every proper prefix of the Chinese phrases, to stop matching early."""
    return frozenset(p[:k] for p in phrases if not p.isascii() for k in range(1, len(p)))


def english_nouns(units: Iterable[Unit]) -> frozenset[str]:
    """English words used as nouns somewhere: after a determiner, before no other word.

    ``the questions.`` makes ``questions`` a noun; ``the important parts`` does not make
    ``important`` one. Returned as ``"noun:word"`` keys, kept with the phrases.
    """
    nouns = set()
    for unit in units:
        if unit.language != "en":
            continue
        words = folded(unit.tagged.words)
        for i in range(1, len(words)):
            before = words[i - 1]
            if before in EN_DETERMINERS and _ends_phrase(unit, i):
                nouns.add(NOUN_KEY + words[i])
            if before in EN_NOMINAL_LEFT:  # (what _noun_phrases asks first)
                nouns.update(_noun_phrases(unit, words, i))
    return frozenset(nouns)


def _noun_phrases(unit: Unit, words: Sequence[str], i: int) -> list[str]:
    """Two- and three-word noun phrases after a determiner or preposition: ``of nonsense
    syllables.``, ``a cue column,`` (a phrase seen once, so not found by repetition)."""
    if words[i - 1] not in EN_NOMINAL_LEFT or not _modifier(words[i]):
        return []
    found = []
    for end in (i + 2, i + 3):
        chunk = words[i:end]
        if len(chunk) < end - i or not all(_en_word(w) for w in chunk[1:]):
            break
        if chunk[-1] in EN_VERBS:
            break
        if _ends_phrase(unit, end - 1) and _joined(unit, i, end):
            found.append(" ".join(chunk))
    return found


def _modifier(word: str) -> bool:
    return _en_word(word) and word not in EN_ADJECTIVES and not word.endswith(_NOT_NOUN_ENDS)


def _en_word(word: str) -> bool:
    return word.isalpha() and len(word) > 2 and word not in EN_STOP


def _joined(unit: Unit, start: int, end: int) -> bool:
    words, _, starts = unit.tagged
    return all(starts[k + 1] - starts[k] - len(words[k]) == 1 for k in range(start, end - 1))


def _ends_phrase(unit: Unit, i: int) -> bool:
    words, _, starts = unit.tagged
    if i + 1 == len(words):
        return True
    end = starts[i] + len(words[i])
    gap = unit.text[end : starts[i + 1]]
    return gap.strip() != "" or words[i + 1].casefold() in EN_AFTER_NOUN


def term_spans(
    unit: Unit,
    phrases: frozenset[str],
    prefixes: frozenset[str],
    wanted: Container[str] | None = None,
) -> list[TermSpan]:
    """Words and known phrases of a sentence that could be blanked.

    Args:
        unit: the sentence.
        phrases: known phrases (Chinese as written, English case folded) and
            ``noun:word`` keys for English nouns.
        prefixes: :func:`phrase_prefixes` of the phrases.
        wanted: when given, only spans of a Chinese sentence whose text is in it (the
            key terms, say): the others are never worked out.

    Returns:
        The candidate spans, overlapping ones included, in order.
    """
    if unit.language == "zh":
        return _spans_zh(unit.tagged, phrases, prefixes, wanted)
    return _spans_en(unit.text, unit.tagged, phrases)


def _spans_zh(
    tagged: Tagged,
    phrases: frozenset[str],
    prefixes: frozenset[str],
    wanted: Container[str] | None,
) -> list[TermSpan]:
    words, tags, starts = tagged
    count = len(words)
    spans = []
    for i in [k for k in range(count) if tags[k] in NOUN_POS or words[k] in prefixes]:
        word = words[i]
        if word in prefixes:
            spans += _phrases_at(words, starts, i, phrases, prefixes, wanted)
        if wanted is not None and word not in wanted:
            continue
        if tags[i] in NOUN_POS and blankable_zh(word):
            fit = _fit(words, tags, i)
            if fit > 0:
                kind = zh_kind(word, tags[i])
                spans.append(TermSpan(starts[i], starts[i] + len(word), word, kind, tags[i], fit))
    return spans


def _phrases_at(
    words: Sequence[str],
    starts: Sequence[int],
    i: int,
    phrases: frozenset[str],
    prefixes: frozenset[str],
    wanted: Container[str] | None = None,
) -> list[TermSpan]:
    found = []
    text = words[i]
    for j in range(i + 1, min(i + 4, len(words))):
        text += words[j]
        if text in phrases and (wanted is None or text in wanted):
            found.append(TermSpan(starts[i], starts[i] + len(text), text, "term", "phrase"))
        if text not in prefixes:
            break
    return found


@lru_cache(maxsize=65536)
def zh_kind(word: str, pos: str) -> str:
    """The distractor kind of a Chinese word with its tag (cached)."""
    return kind_of(word, pos, general_frequency(word))


@lru_cache(maxsize=65536)
def blankable_zh(word: str) -> bool:
    """Whether a Chinese noun may be a blank on its own (cached)."""
    return _check_blankable(word)


def _check_blankable(word: str) -> bool:
    if len(word) < 2 or word in ZH_STOP or _DIGIT.search(word):
        return False
    if word.isascii() and len(word) < 3:
        return False
    if len(word) == 2 and word[0] in _DEGREE:
        return False  # 太短, 很多: mistagged as nouns
    if word[0] in _DETERMINER_CHARS:
        return False  # 每学期, 各小组: a determiner and a noun
    if len(word) > 2 and word.endswith("地"):
        return False  # 系统地: an adverb
    return word[-1] != "里"  # 记忆里, 书里: a place word, not a term


def noun_fit(words: Sequence[str], tags: Sequence[str], i: int) -> float:
    """The fit of the span word ``i`` of a Chinese sentence makes, 0 when it makes none
    (as :func:`term_spans` finds them)."""
    if tags[i] not in NOUN_POS or not blankable_zh(words[i]):
        return 0.0
    return _fit(words, tags, i)


def _fit(words: Sequence[str], tags: Sequence[str], i: int) -> float:
    """How well word ``i`` stands alone as a blank in its sentence.

    A verbal noun (vn) needs a noun marker beside it (``的``, ``、``, a measure word):
    ``帮助校准元认知`` uses 校准 as a verb. A noun glued to another noun (测试|效应)
    is half a compound, and a weaker blank.
    """
    last = len(words) - 1
    before_tag = tags[i - 1] if i else "x"
    after_tag = tags[i + 1] if i < last else "x"
    if after_tag in _ASPECT_TAGS:
        return 0.0  # 重新整理|了: tagged a noun, used as a verb
    if tags[i] == "vn":
        left = i and (words[i - 1][-1] in NOMINAL_LEFT or before_tag in NOMINAL_LEFT_POS)
        right = i == last or words[i + 1][0] in NOMINAL_RIGHT or after_tag in ("x", "uj")
        if not (left or right):
            return 0.0
    if before_tag in COMPOUND_POS and len(words[i - 1]) > 1:
        return 0.5
    if after_tag in COMPOUND_POS and len(words[i + 1]) > 1:
        return 0.5
    return 1.0


def _spans_en(text: str, tagged: Tagged, phrases: frozenset[str]) -> list[TermSpan]:
    """Names, nouns and noun phrases of an English sentence, by their Penn tags."""
    words, _, starts = tagged
    penn = penn_tags(words)
    lowered = folded(words)  # folding is by character: joined or not
    firsts = _first_words(phrases)
    spans = []
    for i, word in enumerate(words):
        for size in (3, 2) if lowered[i] in firsts else ():
            end = i + size
            if end <= len(words) and " ".join(lowered[i:end]) in phrases:
                stop = starts[end - 1] + len(words[end - 1])
                whole = stop - starts[i] == len(" ".join(words[i:end]))
                if whole and noun_phrase(penn[i:end]) and _phrase_edge(penn, i, end):
                    spans.append(
                        TermSpan(starts[i], stop, text[starts[i] : stop], "term", "phrase")
                    )
        if penn[i] in PROPER and _name_start(text, tagged, i) and _name_edge(penn, i):
            stop = _name_end(tagged, i)
            spans.append(TermSpan(starts[i], stop, text[starts[i] : stop], "name", "name"))
        elif (
            penn[i] in NOUNS
            and _blankable_en(word)
            and NOUN_KEY + lowered[i] in phrases
            and _phrase_edge(penn, i, i + 1)
        ):
            spans.append(TermSpan(starts[i], starts[i] + len(word), word, "term", "n"))
    return spans


@lru_cache(maxsize=8)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    """The first words of the phrases of several words (a phrase starts at one)."""
    return frozenset(phrase.split(" ", 1)[0] for phrase in phrases if " " in phrase)


def _phrase_edge(penn: Sequence[str], start: int, end: int) -> bool:
    """A noun phrase is whole: no noun or adjective glued on either side of it; and no
    determiner before it. A term after "the" or "a" was measured as a blank: 18 of 43
    accepted on the tuning texts (stamina, vicinity, globe: other words fit), and "a"
    or "an" tells how the answer begins."""
    before = penn[start - 1] if start > 0 else ""
    after = penn[end] if end < len(penn) else ""
    if before in MODIFIERS or before == "CC" or after in NOUNS | PROPER or after == "POS":
        return False
    return before != "DT"


def _name_edge(penn: Sequence[str], i: int) -> bool:
    return i == 0 or penn[i - 1] not in PROPER


def _name_start(text: str, tagged: Tagged, i: int) -> bool:
    word = tagged.words[i].casefold()
    if i == 0 or word in EN_STOP or word in EN_CALENDAR or word in EN_TITLES or len(word) < 3:
        return False
    before = text[max(0, tagged.starts[i] - 2) : tagged.starts[i]]
    if tagged.words[i - 1].casefold() in EN_TITLES:
        before = before.replace(".", "")
    return not any(ch in before for ch in "\"“'‘(:.") and not _quoted(text, tagged.starts[i])


def _quoted(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _name_end(tagged: Tagged, i: int) -> int:
    words, tags, starts = tagged
    end = starts[i] + len(words[i])
    for k in range(i + 1, len(words)):
        if tags[k] != "cap" or starts[k] - end != 1 or words[k] == "I":
            break
        end = starts[k] + len(words[k])
    return end


def _blankable_en(word: str) -> bool:
    lower = word.casefold()
    if len(lower) < 4 or lower in EN_STOP or lower in EN_ADJECTIVES:
        return False
    return not lower.endswith(_NOT_NOUN_ENDS)


# A term the text sets off itself: a title in 《》 or a short coinage in “” (整理国故,
# 世界工厂), never speech (it has punctuation) nor a long quotation.
_QUOTED_ZH = re.compile(r"《([\u4e00-\u9fff]{2,12})》|“([\u4e00-\u9fff]{2,8})”")
QUOTED_KINDS = frozenset({"work", "quoted"})
# Kinds that are names, titles or marked terms: specific by what they are, not by frequency.
NAME_KINDS = frozenset({"person", "place", "org", "name"}) | QUOTED_KINDS


def quoted_spans(text: str) -> list[TermSpan]:
    """The titles and quoted terms of a Chinese sentence, each once (the whole of what
    the marks enclose; a blank inside them would cut it)."""
    spans = []
    for match in _QUOTED_ZH.finditer(text):
        group = 1 if match.group(1) else 2
        word = match.group(group)
        if text.count(word) == 1 and not _echoing(word):
            kind = "work" if group == 1 else "quoted"
            spans.append(TermSpan(match.start(group), match.end(group), word, kind, kind))
    return spans


def _echoing(word: str) -> bool:
    """A doubled sound or word (噢噢, 哈哈哈, 干干净净): a cry or a manner, not a term."""
    return len(set(word)) == 1 or (len(word) == 4 and word[0] == word[1] and word[2] == word[3])
