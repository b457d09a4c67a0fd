"""Cross-material search, the pure part: parsing queries, finding matches, cutting snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.core.script import simplified, spellings
from studyapp.core.text import strip_controls
from studyapp.core.wrap import char_width

MIN_INDEX_TERM = 3  # the trigram index answers terms of three characters or more
ELLIPSIS = "…"

# Full-width letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) and the ideographic space fold to
# ASCII. Full-width punctuation (，（）：) stays: Chinese text really uses it.
_FOLD = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
    0x3000: 0x20,
}
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: every term must occur in a paragraph (AND), case-insensitively."""

    text: str
    terms: tuple[str, ...]

    @property
    def long_terms(self) -> tuple[str, ...]:
        """Terms the trigram index can answer (three characters or more)."""
        return tuple(t for t in self.terms if len(t) >= MIN_INDEX_TERM)

    @property
    def short_terms(self) -> tuple[str, ...]:
        """One- and two-character terms, which need a scan."""
        return tuple(t for t in self.terms if len(t) < MIN_INDEX_TERM)


@dataclass(frozen=True)
class Snippet:
    """A one-line excerpt and the spans in it to highlight."""

    text: str
    marks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchHit:
    """A paragraph that matches, located for the reader.

    ``start``/``end`` are offsets of the first match into the section text
    (``"\\n\\n".join`` of its paragraphs), as :class:`~studyapp.core.quiz.model.SourceRef` uses.
    """

    material_id: str
    material_title: str
    section: str
    section_title: str
    paragraph: int
    start: int
    end: int
    match: str
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    """One page of hits in library order; ``truncated`` when more were left out."""

    query: SearchQuery
    hits: tuple[SearchHit, ...]
    truncated: bool
    indexed: bool  # whether the full-text index answered (else a plain scan did)


def parse_query(raw: str) -> SearchQuery:
    """Normalise ``raw`` and split it on white space into terms.

    Full-width letters and digits become ASCII, control characters go, duplicate
    terms are dropped and terms contained in a longer term are dropped too.

    Args:
        raw: what the user typed.

    Returns:
        The query; ``terms`` is empty when nothing searchable was typed.
    """
    text = strip_controls(raw).translate(_FOLD).strip()
    terms: list[str] = []
    for term in sorted(set(text.split()), key=lambda t: (-len(t), text.index(t))):
        if not any(term.casefold() in kept.casefold() for kept in terms):
            terms.append(term)
    terms.sort(key=text.index)
    return SearchQuery(" ".join(text.split()), tuple(terms))


def fts_expression(terms: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression: every term as a quoted phrase, all required; a
    Chinese term in either script (学习 also finds 學習).

    Inside a quoted phrase FTS5 takes every character literally except ``"``,
    which is doubled; so operators (AND, NEAR, ``*``, ``-``, parentheses) typed
    by the user stay plain text.
    """
    return " AND ".join(
        "(" + " OR ".join('"' + form.replace('"', '""') + '"' for form in spellings(term)) + ")"
        for term in terms
    )


def find_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """Every case-insensitive occurrence of every term in ``text``, sorted; Traditional
    and Simplified characters match each other.

    Returns:
        The spans, or ``None`` when some term does not occur (the text is no hit).
    """
    spans: list[tuple[int, int]] = []
    plain = simplified(text)  # same length: spans in it are spans in ``text``
    for term in terms:
        found = [m.span() for m in re.finditer(re.escape(simplified(term)), plain, re.IGNORECASE)]
        if not found:
            return None
        spans.extend(found)
    return sorted(set(spans))


def make_snippet(text: str, spans: list[tuple[int, int]], cells: int) -> Snippet:
    """A one-line excerpt of ``text`` around its first span, at most ``cells`` wide.

    White space runs become one space; the first match sits about a third of the
    way in; ``…`` marks text cut on either side. CJK characters count two cells.

    Args:
        text: the paragraph.
        spans: matches in ``text`` (the first one is centred), as :func:`find_spans` gives.
        cells: terminal cells available (at least 8).
    """
    flat, spans = _collapse(text, spans)
    cells = max(cells, 8)
    if not spans:
        spans = [(0, 0)]
    first_start, first_end = spans[0]
    start, end = _window(flat, first_start, first_end, cells)
    body = flat[start:end]
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(flat) else ""
    shift = len(lead) - start
    marks = tuple(
        (max(a, start) + shift, min(b, end) + shift)
        for a, b in spans
        if a < end and b > start and b > a
    )
    return Snippet(lead + body + tail, marks)


def fit_cells(text: str, cells: int) -> str:
    """``text`` on one line, cut with ``…`` to at most ``cells`` terminal cells."""
    flat = " ".join(text.split())
    if _width(flat) <= cells:
        return flat
    out, used = [], 0
    for ch in flat:
        if used + char_width(ch) > cells - 1:
            break
        out.append(ch)
        used += char_width(ch)
    return "".join(out) + ELLIPSIS


def _width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def _collapse(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Fold white space runs into one space; move the spans along."""
    out: list[str] = []
    where: list[int] = []  # where[i]: index in ``out`` of original character i
    for ch in text:
        where.append(len(out))
        if _SPACE.match(ch):
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)
    where.append(len(out))
    moved = [(where[a], where[b]) for a, b in spans]
    return "".join(out), [(a, b) for a, b in moved if b > a or a == b == 0]


def _window(text: str, start: int, end: int, cells: int) -> tuple[int, int]:
    """The ``[a, b)`` range of ``text`` around ``text[start:end]`` that fits ``cells``.

    A cell per cut side is kept for an ellipsis. A third of the room left after
    the match goes before it; room one side cannot use goes to the other.
    """
    end = start + _fit(text, start, end, cells - 2)  # a match wider than the line is cut
    room = cells - 2 - _width(text[start:end])
    before = _take_left(text, start, room // 3)
    after = _take_right(text, end, room - _width(text[before:start]))
    if after == len(text):  # nothing cut on the right: give the left all the room
        before = _take_left(text, start, cells - _width(text[start:]))
        if before > 0:
            before = _take_left(text, start, cells - 1 - _width(text[start:]))
    elif before == 0:  # nothing cut on the left: give the right all the room
        after = _take_right(text, end, cells - _width(text[:end]))
        if after < len(text):
            after = _take_right(text, end, cells - 1 - _width(text[:end]))
    while before < start and text[before] == " ":
        before += 1
    while after > end and text[after - 1] == " ":
        after -= 1
    return before, after


def _fit(text: str, start: int, end: int, cells: int) -> int:
    used, count = 0, 0
    for ch in text[start:end]:
        used += char_width(ch)
        if used > cells:
            break
        count += 1
    return count


def _take_left(text: str, start: int, cells: int) -> int:
    index, used = start, 0
    while index > 0 and used + char_width(text[index - 1]) <= cells:
        index -= 1
        used += char_width(text[index])
    return index


def _take_right(text: str, end: int, cells: int) -> int:
    index, used = end, 0
    while index < len(text) and used + char_width(text[index]) <= cells:
        used += char_width(text[index])
        index += 1
    return index
