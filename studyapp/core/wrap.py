"""Line wrapping by terminal cells, CJK-aware, with kinsoku: no line starts with closing
punctuation and none ends with opening punctuation."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache
from itertools import accumulate

_EAW_CELLS = {"W": 2, "F": 2, "Na": 1, "N": 1, "A": 1, "H": 1}
_ZERO_WIDTH = re.compile(
    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200b-\u200d\ufeff\u3099\u309a]"
)
CLOSING = frozenset("，。、；：？！）」』”’》〉】〕］｝…‥·・ー～%)]},.;:?!»")
OPENING = frozenset("（「『“‘《〈【〔［｛([{«")


@cache
def char_width(ch: str) -> int:
    """Cells a character takes in a terminal: 2 for wide/full-width, 0 for combining marks."""
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Cells ``text`` takes on one line."""
    return sum(char_width(ch) for ch in text)


def _is_wide(ch: str) -> bool:
    return char_width(ch) == 2


def can_break_before(text: str, index: int) -> bool:
    """Whether a line may start at ``index`` (a break between ``index - 1`` and ``index``)."""
    if index <= 0 or index >= len(text):
        return False
    before, after = text[index - 1], text[index]
    if after.isspace() or after in CLOSING or before in OPENING:
        return False
    if before.isspace():
        return True
    return _is_wide(before) or _is_wide(after)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Cut ``text`` into lines of at most ``width`` cells.

    Breaks fall between CJK characters or at spaces; a Latin word longer than a
    line is cut. Spaces at a break stay at the end of the line they follow and
    do not count toward its width. ``\\n`` always ends a line.

    Args:
        text: one paragraph.
        width: cells per line (at least 2).

    Returns:
        ``(start, end)`` offsets of each line; at least one line, even for "".
    """
    width = max(width, 2)
    lines: list[tuple[int, int]] = []
    start = 0
    for part_end in _hard_line_ends(text):
        start = _wrap_part(text, start, part_end, width, lines)
        start = part_end + 1
    return lines or [(0, 0)]


def _hard_line_ends(text: str) -> list[int]:
    ends = []
    index = text.find("\n")
    while index >= 0:
        ends.append(index)
        index = text.find("\n", index + 1)
    return [*ends, len(text)]


def _wrap_part(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> int:
    """Wrap ``text[start:end]`` (no newline inside) into ``lines``.

    Cumulative cell widths and a binary search find how far each line can reach;
    only the few characters before that point are examined for a break.
    """
    widths = _cumulative_widths(text[start:end])
    line_start = start
    while True:
        reach = start + bisect_right(widths, widths[line_start - start] + width) - 1
        if reach >= end:
            lines.append((line_start, end))
            return end
        line_end = _line_end(text, line_start, reach, end)
        lines.append((line_start, line_end))
        line_start = line_end


def _cumulative_widths(part: str) -> list[int]:
    """``widths[k]`` = cells of ``part[:k]``; C-level maps unless zero-width marks need care."""
    if _ZERO_WIDTH.search(part):
        return list(accumulate(map(char_width, part), initial=0))
    cells = map(_EAW_CELLS.__getitem__, map(unicodedata.east_asian_width, part))
    return list(accumulate(cells, initial=0))


def _line_end(text: str, line_start: int, reach: int, end: int) -> int:
    """Where a line that can hold ``text[line_start:reach]`` should end."""
    if text[reach].isspace():  # spaces hang past the edge; the next line starts after them
        while reach < end and text[reach].isspace():
            reach += 1
        return reach
    cut = reach
    while cut > line_start and not can_break_before(text, cut):
        cut -= 1
    return cut if cut > line_start else max(reach, line_start + 1)
