"""A footer whose key labels fit the terminal: a label that does not fit is dropped whole."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEEP_ACTIONS = ("app.help", "help", "app.quit", "quit")
"""Kept first when room is short: how to get help and how to leave."""


def key_width(key: FooterKey) -> int:
    """Cells a (non-compact) footer key takes: `` key `` then ``description ``."""
    width = cell_len(key.key_display) + 2
    if key.description:
        width += cell_len(key.description) + 1
    if key.has_class("-command-palette"):
        width += 2  # its border and right padding
    return width


def _rank(action: str, primary: tuple[str, ...]) -> int:
    if action in KEEP_ACTIONS:
        return 0
    return 1 if action in primary else 2


def fitting(keys: list[FooterKey], room: int, primary: tuple[str, ...] = ()) -> list[FooterKey]:
    """The keys to show in ``room`` cells: help and quit first, then the screen's primary
    actions, then the rest in order, each either whole or not at all."""
    ranked = sorted(enumerate(keys), key=lambda item: (_rank(item[1].action, primary), item[0]))
    chosen: set[int] = set()
    used = 0
    for index, key in ranked:
        width = key_width(key)
        if used + width <= room:
            chosen.add(index)
            used += width
    return [key for index, key in enumerate(keys) if index in chosen]


class StudyFooter(Footer):
    """:class:`Footer` that drops whole labels, never cutting one (or a CJK glyph) in half."""

    def compose(self) -> ComposeResult:
        """The keys that fit the width; groups and other widgets pass through."""
        widgets: list[Widget] = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        room = self.size.width or self.app.size.width
        self._laid_out_for = room
        primary = getattr(self.screen, "FOOTER_FIRST", ())
        keep = set(map(id, fitting(keys, room, primary)))
        for widget in widgets:
            if not isinstance(widget, FooterKey) or id(widget) in keep:
                yield widget

    _laid_out_for = 0

    def on_resize(self, event: Resize) -> None:
        """Choose the keys again for a new width."""
        if event.size.width != self._laid_out_for and self._bindings_ready:
            self._laid_out_for = event.size.width
            self.call_after_refresh(self.recompose)
