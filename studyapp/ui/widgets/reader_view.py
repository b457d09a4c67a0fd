"""A line-based reader: wraps a whole material once per width and renders only visible lines."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from studyapp.core.document import HEADING, DocBlock, Line, layout, line_of, position_of
from studyapp.i18n import N_
from studyapp.ui.bindings import localise_bindings

_SPAN_STYLES = {
    "em": Style(italic=True),
    "strong": Style(bold=True),
    "code": Style(reverse=True),
    "link": Style(underline=True),
    "strike": Style(strike=True),
}
_CACHE_LINES = 512


class ReaderView(ScrollView, can_focus=True):
    """Shows a material's blocks; posts :class:`Moved` when the top line changes."""

    COMPONENT_CLASSES = {
        "reader--heading",
        "reader--subheading",
        "reader--marker",
        "reader--quote",
        "reader--code",
        "reader--match",
    }
    DEFAULT_CSS = """
    ReaderView { background: $surface; scrollbar-gutter: stable; }
    ReaderView > .reader--heading { color: $accent; text-style: bold; }
    ReaderView > .reader--subheading { color: $accent; text-style: bold; }
    ReaderView > .reader--marker { color: $secondary; text-style: bold; }
    ReaderView > .reader--quote { color: $text-muted; text-style: italic; }
    ReaderView > .reader--code { color: $text-muted; }
    ReaderView > .reader--match { background: $warning 60%; }
    """
    BINDINGS = [
        Binding("j", "line(1)", N_("Down"), id="reader-down", show=False),
        Binding("k", "line(-1)", N_("Up"), id="reader-up", show=False),
        Binding("space", "page(1)", N_("Page down"), id="reader-page-down", show=False),
        Binding("b", "page(-1)", N_("Page up"), id="reader-page-up", show=False),
        Binding("g", "edge(0)", N_("Top"), id="reader-top", show=False),
        Binding("G", "edge(1)", N_("End"), id="reader-end", show=False),
    ]

    class Moved(Message):
        """The top of the view now shows ``blocks[block]`` from character ``offset``."""

        def __init__(self, block: int, offset: int) -> None:
            super().__init__()
            self.block = block
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: list[DocBlock] = []
        self.lines: list[Line] = []
        self.first_line: list[int] = []
        self.match: tuple[int, int, int] | None = None  # block, start, end
        self._width = 0
        self._strips: OrderedDict[int, Strip] = OrderedDict()
        self._anchor: tuple[int, int] = (0, 0)
        self._pending: tuple[int, int] | None = None  # where to scroll once laid out
        localise_bindings(self)  # j, space…: their help lines in the UI language

    # -- content ------------------------------------------------------------------
    def load(self, blocks: Sequence[DocBlock], block: int = 0, offset: int = 0) -> None:
        """Show ``blocks`` with ``blocks[block]`` at ``offset`` at the top."""
        self.blocks = list(blocks)
        self._anchor = (block, offset)
        self._relayout(force=True)

    def _relayout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._width and not force):
            return
        self._width = width
        self.lines, self.first_line = layout(self.blocks, width)
        self._strips.clear()
        self._pending = self._anchor
        self._size_for_height()
        self.call_after_refresh(self._scroll_to_pending)
        self.refresh()

    def _size_for_height(self) -> None:
        """Room for every line, plus a page of padding so the last heading can reach the top."""
        padding = max(self.scrollable_content_region.height - 1, 0)
        self.virtual_size = Size(self._width, len(self.lines) + padding)

    def _scroll_to_pending(self, tries: int = 20) -> None:
        """Scroll to the remembered position once the new height has reached the scrollbars."""
        if self._pending is None:
            return
        y = line_of(self.lines, self.first_line, *self._pending)
        reachable = len(self.lines) - 1
        if self.max_scroll_y < min(y, reachable) and tries:
            self.call_after_refresh(self._scroll_to_pending, tries - 1)
            return
        self._pending = None
        before = round(self.scroll_y)
        self._jump(y)
        if round(self.scroll_y) == before:  # no scroll, no watcher: announce the position
            self._anchor = self.top
            self.post_message(self.Moved(*self._anchor))

    def _jump(self, y: int) -> None:
        """Scroll to line ``y`` at once (watchers run, so :class:`Moved` is posted)."""
        y = max(0, min(y, round(self.max_scroll_y)))
        self.scroll_target_y = y
        self.scroll_y = y

    def on_resize(self) -> None:
        """Wrap again for the new width, keeping the same text at the top."""
        self._relayout()
        if self.lines:
            self._size_for_height()

    def notify_style_update(self) -> None:
        """Drop cached lines when the theme changes."""
        super().notify_style_update()
        self._strips.clear()

    # -- position -------------------------------------------------------------------
    @property
    def scrolling_to_pending(self) -> bool:
        """Laid out, but not yet at the position it was asked to show."""
        return self._pending is not None

    @property
    def top(self) -> tuple[int, int]:
        """``(block, offset)`` of the text at the top of the view."""
        return position_of(self.lines, self.first_line, round(self.scroll_y))

    @property
    def reading_block(self) -> int:
        """The block holding the reading position: a heading at the top of the view (the
        learner went to that section), else the line at the centre of the view."""
        top = round(self.scroll_y)
        block, _offset = position_of(self.lines, self.first_line, top)
        if self.blocks and self.blocks[block].kind == HEADING and top < len(self.lines):
            return block
        centre = top + max(self.scrollable_content_region.height - 1, 0) // 2
        return position_of(self.lines, self.first_line, min(centre, len(self.lines) - 1))[0]

    @property
    def text_end(self) -> int:
        """The scroll position that shows the end of the text at the bottom of the view."""
        return max(len(self.lines) - self.scrollable_content_region.height, 0)

    @property
    def bottom_block(self) -> int:
        """The last block at least partly visible."""
        y = round(self.scroll_y) + max(self.scrollable_content_region.height - 1, 0)
        return position_of(self.lines, self.first_line, y)[0]

    def go_to(self, block: int, offset: int = 0) -> None:
        """Scroll so that ``blocks[block]`` from ``offset`` is at the top."""
        self._anchor = (block, offset)
        if self._pending is not None:
            self._pending = (block, offset)
        elif self.lines:
            self._jump(line_of(self.lines, self.first_line, block, offset))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Announce the new top position."""
        super().watch_scroll_y(old_value, new_value)
        if self.lines and self._pending is None:
            self._anchor = self.top
            self.post_message(self.Moved(*self._anchor))

    def highlight(self, match: tuple[int, int, int] | None) -> None:
        """Mark ``text[start:end]`` of a block (a search hit), or nothing."""
        self.match = match
        self._strips.clear()
        self.refresh()

    # -- rendering --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """Render screen line ``y`` from the cached wrap."""
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._line_strip(self.lines[index]).crop_extend(0, width, self.rich_style)
            self._strips[index] = strip
            if len(self._strips) > _CACHE_LINES:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(index)
        return strip

    def _line_strip(self, line: Line) -> Strip:  # not _render: Widget._render is Textual's
        if line.block < 0:
            return Strip([])
        block = self.blocks[line.block]
        base = self._block_style(block)
        lead = block.prefix if line.start == 0 else block.indent
        segments = [Segment(lead, self._lead_style(block))] if lead else []
        segments.extend(self._text_segments(line, block, base))
        return Strip(segments)

    def _block_style(self, block: DocBlock) -> Style:
        base = self.rich_style
        if block.kind == HEADING:
            name = "reader--heading" if block.level <= 1 else "reader--subheading"
            return base + self.get_component_rich_style(name)
        if block.kind == "quote":
            return base + self.get_component_rich_style("reader--quote")
        if block.kind in ("code", "table"):
            return base + self.get_component_rich_style("reader--code")
        return base

    def _lead_style(self, block: DocBlock) -> Style:
        name = "reader--marker" if block.kind == "list_item" else "reader--quote"
        return self.rich_style + self.get_component_rich_style(name)

    def _text_segments(self, line: Line, block: DocBlock, base: Style) -> list[Segment]:
        cuts = {line.start, line.end}
        styled = [s for s in block.spans if s.start < line.end and s.end > line.start]
        for span in styled:
            cuts.update((max(span.start, line.start), min(span.end, line.end)))
        match = self._match_in(line)
        if match:
            cuts.update(match)
        points = sorted(cuts)
        segments = []
        for start, end in pairwise(points):
            style = base
            for span in styled:
                if span.start <= start and end <= span.end:
                    style += _SPAN_STYLES.get(span.style, Style())
            if match and match[0] <= start and end <= match[1]:
                style += self.get_component_rich_style("reader--match")
            segments.append(Segment(block.text[start:end].rstrip("\n"), style))
        return segments

    def _match_in(self, line: Line) -> tuple[int, int] | None:
        if self.match is None or self.match[0] != line.block:
            return None
        start, end = max(self.match[1], line.start), min(self.match[2], line.end)
        return (start, end) if start < end else None

    # -- actions ----------------------------------------------------------------------
    def action_line(self, delta: int) -> None:
        """Scroll by ``delta`` lines."""
        self.scroll_to(y=self.scroll_y + delta, animate=False)

    def action_page(self, direction: int) -> None:
        """Scroll by a page, keeping one line of context."""
        step = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    def action_edge(self, end: int) -> None:
        """Go to the top (0) or the end (1)."""
        self.scroll_to(y=self.text_end if end else 0, animate=False)
