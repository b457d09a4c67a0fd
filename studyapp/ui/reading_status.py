"""What the reader's status line and contents say about reading progress (no widgets)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text

from studyapp.core.document import HEADING, DocBlock
from studyapp.core.materials import Section
from studyapp.core.plans import TextSize, measure
from studyapp.core.read_rule import DONE, PARTLY, READ, UNCONFIRMED
from studyapp.core.reading import SectionProgress
from studyapp.i18n import _

_TOC_MARKS = {DONE: "✓ ", READ: "✓ ", UNCONFIRMED: "? ", PARTLY: "· "}


def toc_prompt(section: Section, state: str) -> Text:
    return Text(_TOC_MARKS.get(state, "  ") + "  " * (section.level - 1) + section.title)


def state_label(state: str) -> str:
    """The status-line word for a section's state (nothing for an unread one)."""
    return {
        DONE: "✓ " + _("done"),
        READ: "✓ " + _("read"),
        UNCONFIRMED: "? " + _("scrolled past, not confirmed"),
        PARTLY: _("partly read"),
    }.get(state, "")


def prefix_sizes(blocks: list[DocBlock]) -> list[TextSize]:
    """For each block, the text before it: what the reading-speed estimate counts."""
    sizes, total = [], TextSize(0, 0, 0)
    for block in blocks:
        sizes.append(total)
        size = measure(block.text)
        total = TextSize(total.chars + size.chars, total.han + size.han, total.words + size.words)
    return sizes


def read_share(
    section_chars: Mapping[str, Sequence[tuple[int, int]]],
    state_of: Callable[[str], str],
    progress: Mapping[str, SectionProgress],
) -> float:
    """The share of a material's characters read by the read rule (or marked done)."""
    total = read = 0
    for anchor, paragraphs in section_chars.items():
        state = state_of(anchor)
        record = progress.get(anchor)
        last = record.read_paragraph if record is not None else -1
        for position, chars in paragraphs:
            total += chars
            if state in (DONE, READ) or position <= last:
                read += chars
    return read / total if total else 0.0


def status_text(number: int, total: int, at: float, read: float, minutes: float) -> str:
    """Where the learner is, how much of the material they read, and the session's minutes."""
    return _("Section {n}/{total} · at {at:.0%} · read {read:.0%} · {minutes:.0f} min").format(
        n=number, total=total, at=at, read=read, minutes=minutes
    )


def find_next(
    blocks: Sequence[DocBlock], query: str, start_block: int, start_offset: int
) -> tuple[int, int, int] | None:
    """The next ``(block, start, end)`` of ``query`` (case-folded) from a position, wrapping."""
    needle = query.casefold().strip()
    if not needle:
        return None
    order = list(range(start_block, len(blocks))) + list(range(0, start_block + 1))
    for turn, index in enumerate(order):
        text = blocks[index].text.casefold()
        found = text.find(needle, start_offset if turn == 0 else 0)
        if found >= 0:
            return index, found, found + len(needle)
    return None


def section_chars(sections: Sequence[Section]) -> dict[str, list[tuple[int, int]]]:
    """Characters of each paragraph, by section anchor (for the share read)."""
    return {s.anchor: [(p.position, measure(p.text).chars) for p in s.paragraphs] for s in sections}


def source_block(
    blocks: Sequence[DocBlock], sections: Sequence[Section], anchor: str, start: int, end: int
) -> tuple[int, int, int] | None:
    """The block and offsets of ``section text[start:end]`` (paragraphs joined by a blank
    line, headings left out), or ``None``."""
    offset = 0
    for index, block in enumerate(blocks):
        if block.kind == HEADING or sections[block.section].anchor != anchor:
            continue
        block_end = offset + len(block.text)
        if offset <= start < block_end:
            return index, start - offset, min(end - offset, len(block.text))
        offset = block_end + 2
    return None


def block_of(
    blocks: Sequence[DocBlock], sections: Sequence[Section], anchor: str, paragraph: int
) -> int:
    """The first block of section ``anchor`` from ``paragraph`` on (0 if there is none)."""
    for index, block in enumerate(blocks):
        if sections[block.section].anchor == anchor and block.paragraph >= paragraph:
            return index
    return 0
