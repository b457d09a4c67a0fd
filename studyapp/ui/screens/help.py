"""Help: the keys of the screen underneath and the keys that work everywhere, in the UI language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studyapp.i18n import N_, _
from studyapp.ui.bindings import localise_bindings

if TYPE_CHECKING:
    from textual.screen import Screen


KeyRow = tuple[str, str]

_SCREEN_NAMES = {
    "HomeScreen": N_("Library"),
    "TodayScreen": N_("Today"),
    "ReaderScreen": N_("Reader"),
    "QuizScreen": N_("Quiz"),
    "ChallengeScreen": N_("Challenge"),
    "ReviewScreen": N_("Review"),
    "SearchScreen": N_("Search"),
    "StatsScreen": N_("Statistics"),
    "NewPlanScreen": N_("New plan"),
}


def screen_keys(app: App[int], screen: Screen[object]) -> tuple[list[KeyRow], list[KeyRow]]:
    """The keys active on ``screen``: its own (and its focused widget's), then the app's."""
    own: list[KeyRow] = []
    common: list[KeyRow] = []
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        text = binding.description or binding.tooltip
        if not text or key in seen or not binding.id or not _ours(active.node, app):
            continue
        seen.add(key)
        label = app.get_key_display(binding)
        tooltip = binding.tooltip
        if binding.description and tooltip and tooltip != binding.description:
            text = f"{binding.description} — {tooltip}"
        row = (label, text)
        (common if active.node is app else own).append(row)
    return own, common


def _ours(node: object, app: App[int]) -> bool:
    """Nodes whose bindings studyapp declared (each with an id, and translated); the
    scrolling keys Textual's widgets bring along have no id and are left out."""
    return node is app or type(node).__module__.startswith("studyapp.")


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened on; any of Escape, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", N_("Close"), id="close-help"),
    ]

    def __init__(self, title: str, own: list[KeyRow], common: list[KeyRow]) -> None:
        super().__init__()
        self.title_text = title
        self.own = own
        self.common = common
        localise_bindings(self)

    @classmethod
    def for_screen(cls, app: App[int], screen: Screen[object]) -> HelpScreen:
        """Help for ``screen`` (the one the learner is looking at)."""
        own, common = screen_keys(app, screen)
        name = _SCREEN_NAMES.get(type(screen).__name__, "")
        return cls(_(name) if name else "studyapp", own, common)

    def compose(self) -> ComposeResult:
        """The two key tables."""
        with VerticalScroll(id="help-box"):
            yield Static(Text(_("Keys: {screen}").format(screen=self.title_text)), id="help-title")
            yield Static(_table(self.own), id="help-own")
            yield Static(Text(_("Everywhere")), classes="help-heading")
            yield Static(_table(self.common), id="help-common")
            yield Static(Text(_("Escape, ? or F1 closes this help.")), classes="help-hint")

    def action_close(self) -> None:
        """Back to the screen underneath."""
        self.dismiss(None)


def _table(rows: list[KeyRow]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    for key, text in rows:
        table.add_row(key, text)
    return table
