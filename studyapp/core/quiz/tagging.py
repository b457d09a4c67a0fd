"""Sentences as tokens: jieba words and tags for Chinese, a regex tokeniser for English."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from itertools import accumulate, repeat
from operator import sub
from typing import NamedTuple

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_SET_BYTE = re.compile(b"[^\x00]")
_EN_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?|[A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?")
# Tags jieba gets wrong in study texts: these are nouns here.
POS_FIXES = {"清单": "n", "导图": "n", "提纲": "n", "心得": "n", "卡片": "n", "笔记": "n"}
# One-character tails that make a term of the word before: 学习+法, 销号+率, 阅读+量.
SUFFIXES = frozenset("法率量表者性")
AGENT = "人"  # 领读+人: only after a verb
_SPLITTABLE = "是的和在有也就都要会能"
# Words that send a sentence down the slow path: a suffix alone, or glued to a particle.
_TRIGGERS = (
    frozenset(SUFFIXES | {AGENT} | {a + b for a in SUFFIXES | {AGENT} for b in _SPLITTABLE})
    | frozenset(POS_FIXES)
    | {"目的"}
)


class Token(NamedTuple):
    """A word of a sentence with its tag and offsets into the sentence."""

    text: str
    pos: str
    start: int
    end: int


class Tagged(NamedTuple):
    """A tagged sentence as parallel tuples: words, tags and word start offsets."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    starts: tuple[int, ...]

    def tokens(self) -> tuple[Token, ...]:
        """The same words as :class:`Token` values (slower; for small jobs)."""
        return tuple(
            Token(w, p, s, s + len(w))
            for w, p, s in zip(self.words, self.tags, self.starts, strict=True)
        )


@cache
def _tagger() -> Callable[[str], list[tuple[str, str]]]:
    """rjieba's ``tag`` itself, the function :func:`studyapp.core.segment.tag` calls.

    That function copies every ``(word, tag)`` pair into a new tuple: a sixth of the
    time a 300,000-character book takes to tag. The words are the same.
    """
    import rjieba  # loaded on first use, as the segmenter does

    return rjieba.tag


def has_latin(text: str) -> bool:
    """Whether ``text`` holds a Latin letter (``[A-Za-z]``).

    Checked on its ASCII characters alone, in C: only letters differ between their
    upper and lower case. (A regex search steps through every Han character.)
    """
    ascii_part = text.encode("ascii", "ignore")
    return ascii_part.lower() != ascii_part.upper()


def set_positions(flags: bytes) -> list[int]:
    """Indexes of the non-zero bytes of ``flags``, found in C.

    With one flag byte a word, this picks words out of a long text without a Python
    loop over all of them.
    """
    return [match.start() for match in _SET_BYTE.finditer(flags)]


def language_of(text: str) -> str:
    """``zh`` when Han characters outweigh Latin words (about 1.6 characters a word)."""
    if not has_latin(text):
        return "zh" if _HAN.search(text) else "en"
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return "zh" if han and han / 1.6 >= words else "en"


def tag_zh(text: str) -> Tagged:
    """Tag a Chinese sentence, fix known mistags and glue suffixes onto their words.

    Args:
        text: one sentence.

    Returns:
        The tagged sentence; its words concatenate to ``text``.
    """
    if len(text) <= SHORT:
        return _tag_short(text)
    words, tags = zh_words(text)
    return Tagged(words, tags, word_starts(words))


SHORT = 12  # characters: a term or an answer, tagged again at every check, is cached


@lru_cache(maxsize=8192)
def _tag_short(text: str) -> Tagged:
    words, tags = zh_words(text)
    return Tagged(words, tags, word_starts(words))


def zh_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words and tags of :func:`tag_zh`, without the offsets (a book needs few)."""
    pairs = _tagger()(text)
    if not pairs:
        return (), ()
    words, tags = zip(*pairs, strict=True)  # two tuples, in C
    if not _TRIGGERS.isdisjoint(words):
        words, tags = _repaired(words, tags)
    return words, tags


def word_starts(words: Sequence[str]) -> tuple[int, ...]:
    """Where each word starts, for words that spell a text one after the other."""
    if not words:
        return ()
    return (0, *accumulate(map(len, words[:-1])))


def _repaired(
    words: tuple[str, ...], tags: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Apply the fixes where a trigger word stands; copy everything else in slices."""
    out_words: list[str] = []
    out_tags: list[str] = []
    done = 0
    for k in [k for k, word in enumerate(words) if word in _TRIGGERS]:
        out_words += words[done:k]
        out_tags += tags[done:k]
        _repair(words[k], tags[k], out_words, out_tags)
        done = k + 1
    out_words += words[done:]
    out_tags += tags[done:]
    return tuple(out_words), tuple(out_tags)


def _repair(word: str, pos: str, words: list[str], tags: list[str]) -> None:
    """Append ``word`` to the tagged words so far, gluing or re-tagging as needed."""
    previous = (words[-1], tags[-1]) if words else None
    if word == "目的" and previous and len(previous[0]) > 1 and previous[0].endswith("书"):
        words[-1], tags[-1] = previous[0] + "目", "n"  # 必读书|目的 -> 必读书目|的
        words.append("的")
        tags.append("uj")
    elif previous and _is_suffix(word, previous):
        words[-1], tags[-1] = previous[0] + word, "n"  # 学习|法 -> 学习法
    elif previous and len(word) == 2 and word[1] in _SPLITTABLE and _is_suffix(word[0], previous):
        words[-1], tags[-1] = previous[0] + word[0], "n"  # 笔记|法是 -> 笔记法|是
        words.append(word[1])
        tags.append("v" if word[1] in "是有要会能" else "u")
    else:
        words.append(word)
        tags.append(POS_FIXES.get(word, pos))


def _is_suffix(word: str, previous: tuple[str, str]) -> bool:
    before, pos = previous
    if len(before) < 2 or not _HAN.match(before[-1]):
        return False
    if word in SUFFIXES:
        return pos[0] in "nv" or pos == "j"
    return word == AGENT and pos == "v"


def tag_zh_sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[Tagged]:
    """Tag a Chinese paragraph once and cut the result into its sentences.

    jieba splits its input at punctuation anyway, so this gives the same words as
    tagging each sentence, with one call instead of many. A sentence whose edge falls
    inside a word is tagged on its own.

    Args:
        text: the paragraph.
        spans: its sentences as ``(start, end)`` offsets.

    Returns:
        One :class:`Tagged` per sentence, offsets relative to the sentence.
    """
    whole = tag_zh(text)
    starts = whole.starts
    result = []
    for start, end in spans:
        i, j = bisect_left(starts, start), bisect_left(starts, end)
        aligned = i < len(starts) and starts[i] == start and j > i
        if aligned and starts[j - 1] + len(whole.words[j - 1]) <= end:
            shifted = tuple(map(sub, starts[i:j], repeat(start, j - i)))
            result.append(Tagged(whole.words[i:j], whole.tags[i:j], shifted))
        else:
            result.append(tag_zh(text[start:end]))
    return result


def tag_en(text: str) -> Tagged:
    """Words and numbers of an English sentence; tags are ``m``, ``cap`` or ``w``.

    Args:
        text: one sentence.

    Returns:
        The tokens in order (punctuation and spaces are left out).
    """
    words, tags, starts = [], [], []
    for match in _EN_TOKEN.finditer(text):
        word = match.group()
        words.append(word)
        tags.append("m" if word[0].isdigit() else "cap" if word[0].isupper() else "w")
        starts.append(match.start())
    return Tagged(tuple(words), tuple(tags), tuple(starts))


def folded(words: Sequence[str]) -> list[str]:
    """The words case folded, by one call on them joined (folding goes by character);
    word by word when one holds a space."""
    parts = " ".join(words).casefold().split(" ") if words else []
    return parts if len(parts) == len(words) else [word.casefold() for word in words]


def tag_sentence(text: str, language: str) -> Tagged:
    """Tag a sentence in its language."""
    return tag_zh(text) if language == "zh" else tag_en(text)


def tokenise(text: str, language: str) -> tuple[Token, ...]:
    """Tokens of a sentence in its language."""
    return tag_sentence(text, language).tokens()


def tokens_zh(text: str) -> tuple[Token, ...]:
    """Tokens of a Chinese sentence."""
    return tag_zh(text).tokens()
