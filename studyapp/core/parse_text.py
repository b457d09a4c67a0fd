"""Plain text to sections: heading lines such as 第一章, 一、, （一）, Chapter 1, short lines."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from studyapp.core.materials import SectionDraft, TextParagraphs

_NUM = r"[0-9０-９一二三四五六七八九十百零〇两]+"
# (pattern, rank): a smaller rank is a higher-level heading.
_HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^第{_NUM}[编篇部]"), 1),
    (re.compile(rf"^第{_NUM}(?:章|讲|课|单元)"), 2),
    (re.compile(r"^(?:chapter|part|unit|lesson)\s+[0-9ivxlc]+\b", re.I), 2),
    (re.compile(rf"^第{_NUM}节"), 3),
    (re.compile(r"^[一二三四五六七八九十]+、"), 4),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 5),
)
_SHORT_LINE_RANK = 3
_MAX_HEADING = 40
_MAX_SHORT_LINE = 24
_LOOKAHEAD = 3  # a heading needs body text within the next three lines
_SENTENCE_END = tuple("。！？；…」”’")
_PARAGRAPH_END = (*_SENTENCE_END, ":", "：")
# A heading or title line does not end a sentence, in Chinese or in English.
_NOT_HEADING_END = (*_SENTENCE_END, ".", "!", "?")
_MIN_WRAPPED = 20
_INNER_PUNCTUATION = re.compile(r"[。；！？，,;]")
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
_DATE_LINE = re.compile(r"^\d{4}\s*年|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    indented: bool
    blank_before: bool
    blank_after: bool


def parse_plain_text(text: str, fallback_title: str) -> tuple[str | None, list[SectionDraft]]:
    """Parse a plain text into sections.

    Args:
        text: the cleaned text.
        fallback_title: title of the leading section when the text starts without a heading.

    Returns:
        The title found on the first line (or ``None``) and the sections.
    """
    stream = _lines(text)
    window: deque[_Line] = deque(islice(stream, _LOOKAHEAD + 1))
    title = _title_line(list(window))
    sections: list[tuple[str, int, list[str]]] = [(title or fallback_title, 0, [])]
    if title:
        window.popleft()
    previous: _Line | None = None
    while window:
        line = window.popleft()
        window.extend(islice(stream, _LOOKAHEAD - len(window)))
        rank = heading_rank(line, _has_body_after(window))
        if rank:
            sections.append((line.text.strip(), rank, []))
            previous = None
        else:
            _append_line(sections[-1][2], line, previous)
            previous = line
    drafts = [_draft(title_, rank, body) for title_, rank, body in sections]
    if len(drafts) > 1 and not drafts[0].blocks and not title:
        drafts = drafts[1:]
    return title, _compress_levels(drafts)


def _lines(text: str) -> Iterator[_Line]:
    """The non-blank lines, each knowing whether a blank line comes before and after it.

    Made one at a time (the parser looks three lines ahead): a 26 MB text of short
    paragraphs held 2.6 million split strings and 1.3 million line objects at once.
    """
    previous_blank = True
    pending: tuple[str, bool] | None = None
    for line in _split_lines(text):
        blank = not line.strip()
        if pending is not None:
            yield _line(*pending, blank_after=blank)
            pending = None
        if not blank:
            pending = (line, previous_blank)
        previous_blank = blank
    if pending is not None:
        yield _line(*pending, blank_after=True)


def _split_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` (split at ``\n``, without it), one at a time.

    Not ``io.StringIO``: iterating one copies the whole text into a buffer of 4 bytes a
    character (104 MB more for a 26 MB text).
    """
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _line(line: str, blank_before: bool, *, blank_after: bool) -> _Line:
    return _Line(line.rstrip(), bool(_INDENT.match(line)), blank_before, blank_after)


def _title_line(lines: list[_Line]) -> str | None:
    if len(lines) < 2:
        return None
    first = lines[0].text.strip()
    plain = not _INNER_PUNCTUATION.search(first) and not _matches_pattern(first)
    if plain and len(first) <= _MAX_HEADING and not first.endswith(_NOT_HEADING_END):
        return first
    return None


def heading_rank(line: _Line, has_body_after: bool) -> int:
    """The heading rank of a line (1 = highest), or 0 when it is body text."""
    text = line.text.strip()
    if len(text) > _MAX_HEADING or text.endswith(_NOT_HEADING_END) or not has_body_after:
        return 0
    for pattern, rank in _HEADING_PATTERNS:
        if pattern.match(text):
            return 0 if rank >= 4 and _INNER_PUNCTUATION.search(text) else rank
    if _is_short_standalone(line, text):
        return _SHORT_LINE_RANK
    return 0


def _matches_pattern(text: str) -> bool:
    return any(pattern.match(text) for pattern, _rank in _HEADING_PATTERNS)


def _is_short_standalone(line: _Line, text: str) -> bool:
    return (
        line.blank_before
        and line.blank_after
        and len(text) <= _MAX_SHORT_LINE
        and not _INNER_PUNCTUATION.search(text)
        and not _DATE_LINE.match(text)
        and text[-1:] not in ":："
    )


def _has_body_after(following: deque[_Line]) -> bool:
    """Whether one of the next three lines is body text (a heading needs some under it)."""
    return any(not heading_rank(line, True) for line in following)


def _append_line(paragraphs: list[str], line: _Line, previous: _Line | None) -> None:
    """Add a line to the paragraph list, or join it to the last paragraph when the
    previous line looks hard-wrapped (long, and not ending a sentence or a salutation)."""
    text = line.text.strip()
    if previous is None or not paragraphs or line.blank_before or line.indented:
        paragraphs.append(text)
        return
    before = previous.text.strip()
    if before.endswith(_PARAGRAPH_END) or len(before) < _MIN_WRAPPED:
        paragraphs.append(text)
        return
    last = paragraphs[-1]
    joiner = "" if ord(last[-1]) >= 0x2E80 and ord(text[0]) >= 0x2E80 else " "
    paragraphs[-1] = last + joiner + text


def _draft(title: str, rank: int, paragraphs: list[str]) -> SectionDraft:
    return SectionDraft(title, rank, TextParagraphs(paragraphs))


def _compress_levels(drafts: list[SectionDraft]) -> list[SectionDraft]:
    """Map the ranks in use to levels 1, 2, 3…; the leading section takes level 1."""
    ranks = sorted({d.level for d in drafts if d.level})
    level_of = {rank: index + 1 for index, rank in enumerate(ranks)}
    return [SectionDraft(d.title, level_of.get(d.level, 1), d.blocks) for d in drafts]
