"""A material laid out for reading: blocks (headings and paragraphs) wrapped into lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.core.materials import InlineSpan, Section
from studyapp.core.wrap import text_width, wrap

HEADING = "heading"


@dataclass(frozen=True)
class DocBlock:
    """One thing on the page: a section heading or a paragraph, with its place in the material."""

    section: int  # index into the material's sections
    paragraph: int  # paragraph position in its section; -1 for the heading
    kind: str  # "heading" or a paragraph kind
    text: str
    spans: tuple[InlineSpan, ...] = ()
    prefix: str = ""  # drawn before the first line: list marker, quote bar
    indent: str = ""  # drawn before the other lines
    level: int = 0  # heading level


@dataclass(frozen=True)
class Line:
    """One screen line: ``blocks[block].text[start:end]``; ``block == -1`` is a blank line."""

    block: int
    start: int
    end: int


BLANK = Line(-1, 0, 0)


def document_blocks(sections: Sequence[Section]) -> list[DocBlock]:
    """The blocks of a material, in reading order: each heading followed by its paragraphs."""
    blocks: list[DocBlock] = []
    for index, section in enumerate(sections):
        blocks.append(DocBlock(index, -1, HEADING, section.title, level=section.level))
        for paragraph in section.paragraphs:
            prefix, indent = _decoration(paragraph.kind, paragraph.depth, paragraph.marker)
            blocks.append(
                DocBlock(
                    index,
                    paragraph.position,
                    paragraph.kind,
                    paragraph.text,
                    paragraph.spans,
                    prefix,
                    indent,
                )
            )
    return blocks


def _decoration(kind: str, depth: int, marker: str) -> tuple[str, str]:
    if kind == "list_item":
        lead = "  " * max(depth - 1, 0)
        bullet = f"{marker or '•'} " if marker else "  "
        return lead + bullet, lead + " " * text_width(bullet)
    if kind == "quote":
        bar = "│ " * max(depth, 1)
        return bar, bar
    if kind in ("code", "table"):
        return "  ", "  "
    return "", ""


def layout(blocks: Sequence[DocBlock], width: int) -> tuple[list[Line], list[int]]:
    """Wrap every block to ``width`` cells.

    Returns:
        The lines, and for each block the index of its first line.
    """
    lines: list[Line] = []
    first_line: list[int] = []
    for index, block in enumerate(blocks):
        if index:
            lines.append(BLANK)
        first_line.append(len(lines))
        room = max(width - text_width(block.indent), 4)
        lines.extend(Line(index, start, end) for start, end in wrap(block.text, room))
    return lines, first_line


def line_of(lines: Sequence[Line], first_line: Sequence[int], block: int, offset: int) -> int:
    """The line showing character ``offset`` of ``block``."""
    if not first_line:
        return 0
    block = max(0, min(block, len(first_line) - 1))
    line = first_line[block]
    last = first_line[block + 1] - 1 if block + 1 < len(first_line) else len(lines)
    while line + 1 < last and lines[line + 1].block == block and lines[line + 1].start <= offset:
        line += 1
    return line


def position_of(lines: Sequence[Line], first_line: Sequence[int], y: int) -> tuple[int, int]:
    """The ``(block, offset)`` shown at line ``y`` (a blank line maps to the next block)."""
    if not lines:
        return 0, 0
    y = max(0, min(y, len(lines) - 1))
    line = lines[y]
    if line.block >= 0:
        return line.block, line.start
    block = bisect_right(first_line, y)
    return min(block, len(first_line) - 1), 0
