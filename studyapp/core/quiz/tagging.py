"""Sentences as tokens: jieba words and tags for Chinese, a regex tokeniser for English."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import sub
from typing import NamedTuple

from studyapp.core.segment import tag

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
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


def language_of(text: str) -> str:
    """``zh`` when Han characters outweigh Latin words (about 1.6 characters a word)."""
    if not _LATIN_WORD.search(text):
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
    pairs = tag(text)
    if not pairs:
        return Tagged((), (), ())
    words, tags = zip(*pairs, strict=True)
    if not _TRIGGERS.isdisjoint(words):
        words, tags = _repaired(words, tags)
    return Tagged(words, tags, _starts(words))


def _starts(words: tuple[str, ...]) -> tuple[int, ...]:
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


def tag_sentence(text: str, language: str) -> Tagged:
    """Tag a sentence in its language."""
    return tag_zh(text) if language == "zh" else tag_en(text)


def tokenise(text: str, language: str) -> tuple[Token, ...]:
    """Tokens of a sentence in its language."""
    return tag_sentence(text, language).tokens()


def tokens_zh(text: str) -> tuple[Token, ...]:
    """Tokens of a Chinese sentence."""
    return tag_zh(text).tokens()
