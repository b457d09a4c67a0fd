"""Search: a query box over every material; Enter on a hit opens the reader there."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from studyapp.core.quiz.model import SourceRef
from studyapp.core.search import SearchResults, parse_query
from studyapp.i18n import N_, _, ngettext
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.hit_list import HitList

DEBOUNCE_SECONDS = 0.2
SCREEN_LIMIT = 200


class SearchScreen(StudyScreen):
    """Find text across all materials, as you type."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="search-back", tooltip=N_("Leave the search")),
        Binding(
            "slash",
            "edit_query",
            N_("Edit query"),
            id="search-edit",
            tooltip=N_("Change the query"),
        ),
        Binding("down", "to_results", N_("Results"), id="search-to-results", show=False),
    ]

    class Found(Message):
        """A search worker finished: the query it ran and what it found."""

        def __init__(self, text: str, results: SearchResults | None, error: str = "") -> None:
            super().__init__()
            self.text = text
            self.results = results
            self.error = error

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.running = ""  # the latest query started
        self.shown = ""  # the query whose results are on screen
        self.results_wanted = False  # Enter was pressed before the results arrived
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Header, query box, status line, hits, footer."""
        yield Header()
        yield Input(
            value=self.initial_query, placeholder=_("Search all materials"), id="search-query"
        )
        yield Static(Text(_("Type a word or phrase to search every material.")), id="search-status")
        yield HitList(id="search-hits")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Focus the query box; run the query given to the screen, if any."""
        self.sub_title = _("Search all materials")
        self.query_one("#search-query", Input).focus()
        if self.initial_query:
            self.run_query(self.initial_query)

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        """Search as the learner types, once typing pauses."""
        if self.timer is not None:
            self.timer.stop()
        value = event.value
        if value == self.running:
            return  # the box filled in with the query already running (on opening)
        self.timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.run_query(value))

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter: search now, or go to the hits when they are already shown."""
        if self.timer is not None:
            self.timer.stop()
        if event.value != self.running:
            self.run_query(event.value)
        if self.shown == event.value:
            self.action_to_results()
        else:
            self.results_wanted = True  # focus them when they arrive

    def relabel_texts(self) -> None:
        """The query box and status in the new language; the query runs again."""
        self.sub_title = _("Search all materials")
        box = self.query_one("#search-query", Input)
        box.placeholder = _("Search all materials")
        self.run_query(box.value)

    def run_query(self, text: str) -> None:
        """Start searching for ``text`` (a newer query cancels an older one)."""
        self.running = text
        if not parse_query(text).terms:
            self.shown = text
            self.query_one(HitList).show([])
            self._status(_("Type a word or phrase to search every material."))
            return
        self._status(_("Searching…"))
        self._search(text, self.query_one(HitList).snippet_request())

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _search(self, text: str, cells: int) -> None:
        """Run the query in a thread; post what it found unless a newer query replaced it."""
        worker = get_current_worker()
        try:
            results = self.service.search(text, limit=SCREEN_LIMIT, cells=cells)
        except Exception as error:  # shown in the status line, never a traceback
            if not worker.is_cancelled:
                self.post_message(self.Found(text, None, f"{type(error).__name__}: {error}"))
            return
        if not worker.is_cancelled:
            self.post_message(self.Found(text, results))

    def on_search_screen_found(self, message: Found) -> None:
        """Show the hits of the latest query; drop results of older ones."""
        if message.text != self.running:
            return
        hits = self.query_one(HitList)
        self.shown = message.text
        if message.results is None:
            hits.show([])
            self._status(_("Search failed: {reason}").format(reason=message.error), error=True)
            return
        hits.show(list(message.results.hits))
        self._status(_describe(message.results))
        if self.results_wanted:
            self.results_wanted = False
            self.action_to_results()

    def _status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#search-status", Static)
        status.update(Text(message))
        status.set_class(error, "error")

    def on_hit_list_chosen(self, message: HitList.Chosen) -> None:
        """Open the reader at the hit, the match highlighted."""
        hit = message.hit
        source = SourceRef(hit.material_id, hit.section, hit.start, hit.end, hit.match)
        if not self.study_app.open_material(hit.material_id, hit.section, highlight=source):
            self._status(_("No material {id}").format(id=hit.material_id), error=True)

    def action_edit_query(self) -> None:
        """Go back to the query box."""
        self.query_one("#search-query", Input).focus()

    def action_to_results(self) -> None:
        """Move from the query box to the hits."""
        hits = self.query_one(HitList)
        if hits.hits:
            hits.focus()

    def action_back(self) -> None:
        """Leave the search."""
        self.dismiss()


def _describe(results: SearchResults) -> str:
    """The status line for a finished search."""
    count = len(results.hits)
    if not count:
        return _("No results for {query}").format(query=results.query.text)
    if results.truncated:
        found = _("The first {n} results; add words to narrow the search").format(n=count)
    else:
        found = ngettext("{n} result", "{n} results", count).format(n=count)
    return found + " · " + _("Enter opens the passage in the reader")
