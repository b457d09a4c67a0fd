"""The baseline of the start benchmark: a bare Textual app (Header, Static, Footer).

``python bench/bareapp.py`` — shows ``bare app ready`` and waits to be killed.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[int]):
    """Header, Static, Footer: the cost of Textual alone."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare app ready")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
