"""Sentence splitting for Chinese, English and mixed text.

Chinese sentences end at 。！？； or an ellipsis (…… / ⋯⋯), with any closing
quotes or brackets kept on the sentence they close. English sentences end at
. ! ? followed by space and an upper-case letter, digit or opening quote,
except after a known abbreviation, an initial, or inside a decimal number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLOSERS = "”’」』）)》〉】\"'"
_CJK_END = re.compile(rf"(?:[。！？!?；;]+|(?:……|⋯⋯|…)+)[{re.escape(_CLOSERS)}]*")
_LATIN_END = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u4e00-\u9fff])")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e cf al fig figs no nos vol vols p pp ed eds ch"
    " sec approx dept est inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec"
    " u.s u.k u.n ph.d a.m p.m mt ste pl pls art arts chap ft gen gov col capt lt rev hon"
    " messrs fr ibid viz op cit".split()
)


@dataclass(frozen=True)
class Span:
    """A sentence as character offsets into its paragraph: ``text[start:end]``."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Split a paragraph into sentence spans, trimmed of surrounding white space.

    Args:
        text: one paragraph.

    Returns:
        Spans covering every non-space character exactly once, in order.
    """
    cuts = sorted(set(_cjk_cuts(text)) | set(_latin_cuts(text)))
    spans: list[Span] = []
    start = 0
    for cut in [*cuts, len(text)]:
        span = _trimmed(text, start, cut)
        if span:
            spans.append(span)
        start = cut
    return spans


def _cjk_cuts(text: str) -> list[int]:
    cuts = []
    for match in _CJK_END.finditer(text):
        terminal = match.group()
        if terminal[0] in "!?;" and not _follows_cjk(text, match.start()):
            continue  # ASCII punctuation in English text: left to the Latin rules
        cuts.append(match.end())
    return cuts


def _follows_cjk(text: str, index: int) -> bool:
    return index > 0 and _is_cjk(text[index - 1])


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _latin_cuts(text: str) -> list[int]:
    return [m.end() for m in _LATIN_END.finditer(text) if not _is_abbreviation(text, m.start())]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return token in ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None
