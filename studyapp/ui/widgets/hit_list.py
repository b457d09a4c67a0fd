"""Search hits as a list: where each is (material · section) and a snippet, matches marked.

The snippet is asked for :data:`SNIPPET_LINES` lines' worth of cells and wrapped by the
reader's CJK wrapper (kinsoku: no line starts with 、，。; no wide character cut)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from studyapp.core.search import ELLIPSIS, SearchHit, fit_cells
from studyapp.ui.widgets.wrapped import wrap_text

SNIPPET_LINES = 2
KINSOKU_SLACK = 3  # cells per line


class HitList(OptionList):
    """Lists search hits, two lines each; announces the one the learner chooses."""

    COMPONENT_CLASSES = {"hit-list--match", "hit-list--place"}
    DEFAULT_CSS = """
    HitList > .hit-list--match { background: $warning 60%; text-style: bold; }
    HitList > .hit-list--place { color: $text-muted; }
    """

    class Chosen(Message):
        """The learner picked a hit to read."""

        def __init__(self, hit: SearchHit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hits: list[SearchHit] = []

    def snippet_cells(self) -> int:
        """Cells a line of a hit may take: the content width less a vertical scrollbar."""
        width = self.content_region.width or self.app.size.width - 4
        return max(width - self.styles.scrollbar_size_vertical, 16)

    def snippet_request(self) -> int:
        """Cells to ask the search for: :data:`SNIPPET_LINES` lines, less some room for the
        breaks kinsoku moves (a line may not start with 、，。…)."""
        return SNIPPET_LINES * (self.snippet_cells() - KINSOKU_SLACK)

    def show(self, hits: list[SearchHit], highlighted: int = 0) -> None:
        """Replace the list with ``hits``, the first one (or ``highlighted``) highlighted."""
        self.hits = hits
        cells = self._shown_cells = self.snippet_cells()
        self.set_options(Option(self._prompt(hit, cells)) for hit in hits)
        self.highlighted = min(highlighted, len(hits) - 1) if hits else None

    _shown_cells = 0

    def on_resize(self) -> None:
        """Wrap the hits again for the new width (the search is not run again)."""
        if self.hits and self.snippet_cells() != self._shown_cells:
            self.show(self.hits, self.highlighted or 0)

    def _prompt(self, hit: SearchHit, cells: int) -> Text:
        """Two lines, built as Text so that ``[`` or ``<`` in the material stay literal."""
        place = fit_cells(f"{hit.material_title} · {hit.section_title}", cells)
        prompt = Text(place, style=self.get_component_rich_style("hit-list--place"))
        prompt.append("\n")
        snippet = Text(hit.snippet.text)
        match_style = self.get_component_rich_style("hit-list--match")
        for start, end in hit.snippet.marks:
            snippet.stylize(match_style, start, end)
        prompt.append_text(_at_most_lines(wrap_text(snippet, cells), SNIPPET_LINES, cells))
        prompt.no_wrap = True
        prompt.overflow = "crop"
        return prompt

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a selection into a :class:`Chosen` message."""
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.post_message(self.Chosen(self.hits[event.option_index]))


def _at_most_lines(wrapped: Text, count: int, cells: int) -> Text:
    """The first ``count`` lines of ``wrapped``, the last ending in … if any were left out."""
    lines = wrapped.split("\n")
    if len(lines) <= count:
        return wrapped
    last = lines[count - 1]
    last.truncate(cells - 1)
    last.rstrip()
    if not last.plain.endswith(ELLIPSIS):
        last.append(ELLIPSIS)
    return Text("\n").join(lines[:count])
