"""Home: the library, with a status line while it loads or when it cannot open."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from studyapp.core.materials import Material
from studyapp.i18n import N_, _, ngettext
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.library_table import LibraryTable


class HomeScreen(StudyScreen):
    """The library of study materials."""

    BINDINGS = [
        Binding(
            "o", "open_material", N_("Open"), id="open-material", tooltip=N_("Read the material")
        ),
        Binding("r", "reload", N_("Reload"), id="reload-library", tooltip=N_("Reload the library")),
        Binding("q", "quiz", N_("Quiz"), id="quiz-material", tooltip=N_("Quiz on this material")),
        Binding("d", "app.show_today", N_("Today"), id="show-today", tooltip=N_("Today's reading")),
        Binding("s", "app.show_stats", N_("Statistics"), id="show-stats"),
        Binding("p", "app.new_plan", N_("New plan"), id="library-new-plan"),
        Binding(
            "v", "app.show_review", N_("Review"), id="show-review", tooltip=N_("Review due cards")
        ),
        Binding(
            "slash",
            "app.show_search",
            N_("Find"),
            id="search-all-materials",
            tooltip=N_("Search all materials"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        """Header, status line, library table, footer."""
        yield Header()
        yield Static(Text(_("Opening the library…")), id="status")
        yield LibraryTable(id="library")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Show the library if the app already has it."""
        self.sub_title = _("Library")
        if self.study_app.materials is not None:
            self.show_library(self.study_app.materials)
        elif self.study_app.start_note:
            self.query_one("#status", Static).update(Text(self.study_app.start_note))
        table = self.query_one(LibraryTable)
        self.study_app.painted(self, lambda: table.virtual_size.height > 1 or not table.row_count)

    def show_library(
        self, materials: list[Material], imported: int = 0, upgraded: bool = False
    ) -> None:
        """Fill the table and say how many materials there are."""
        table = self.query_one(LibraryTable)
        table.show(materials)
        message = ngettext("{n} material", "{n} materials", len(materials)).format(n=len(materials))
        if imported:
            message += " · " + _("{n} sample materials added").format(n=imported)
        if upgraded:
            message += " · " + _("database upgraded to this version")
        if not materials:
            message = _("The library is empty. Add files with: studyapp import PATH")
        self.query_one("#status", Static).update(Text(message))
        table.focus()

    def relabel_texts(self) -> None:
        """The library in the new language."""
        self.sub_title = _("Library")
        table = self.query_one(LibraryTable)
        table.relabel()
        if self.study_app.materials is not None:
            count = len(self.study_app.materials)
            message = ngettext("{n} material", "{n} materials", count).format(n=count)
            self.query_one("#status", Static).update(Text(message))

    def show_error(self, reason: str) -> None:
        """Say why the library could not be opened."""
        status = self.query_one("#status", Static)
        status.update(Text(reason))
        status.add_class("error")

    def action_open_material(self) -> None:
        """Open the highlighted material."""
        table = self.query_one(LibraryTable)
        if table.row_count:
            table.action_select_cursor()

    def action_quiz(self) -> None:
        """Start a quiz on the highlighted material."""
        table = self.query_one(LibraryTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.study_app.open_quiz(str(key))

    def action_reload(self) -> None:
        """Read the library again from the database."""
        self.study_app.load_library()

    def on_library_table_opened(self, event: LibraryTable.Opened) -> None:
        """Open the chosen material in the material screen."""
        from studyapp.ui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(event.material))
