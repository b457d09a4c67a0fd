"""Home: the library, with a status line while it loads or when it cannot open."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
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

    def __init__(self, deferred: bool = False) -> None:
        """``deferred``: build the widgets only when the screen is first shown (it opens
        under Today or the reader, whose first frame must not wait for the library's)."""
        super().__init__()
        self.built = not deferred
        self._building = False
        self._pending: tuple[int, bool] = (0, False)  # imported, upgraded, until built
        self._error: str | None = None

    def compose(self) -> ComposeResult:
        """Header, status line, library table, footer (nothing yet when deferred)."""
        if self.built:
            yield from self._widgets()

    def _widgets(self) -> list[Widget]:
        return [
            Header(),
            Static(Text(_("Opening the library…")), id="status"),
            LibraryTable(id="library"),
            StudyFooter(),
        ]

    def on_mount(self) -> None:
        """Show the library if the app already has it."""
        self.sub_title = _("Library")
        if self.built:
            self._fill()

    async def on_screen_resume(self) -> None:
        """A deferred screen builds its widgets the first time it is the one shown."""
        if self.built or self._building or self.app.screen is not self:
            return
        self._building = True  # until mounted, show_library and show_error only remember
        await self.mount_all(self._widgets())
        self.built = True
        self._fill()

    def _fill(self) -> None:
        if self.study_app.materials is not None:
            self.show_library(self.study_app.materials, *self._pending)
        elif self._error is not None:
            self.show_error(self._error)
        elif self.study_app.start_note:
            self.query_one("#status", Static).update(Text(self.study_app.start_note))
        table = self.query_one(LibraryTable)
        self.study_app.painted(self, lambda: table.virtual_size.height > 1 or not table.row_count)

    def show_library(
        self, materials: list[Material], imported: int = 0, upgraded: bool = False
    ) -> None:
        """Fill the table and say how many materials there are."""
        if not self.built:  # filled from the app's materials once built
            self._pending = (imported, upgraded)
            return
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
        if not self.built:
            return
        table = self.query_one(LibraryTable)
        table.relabel()
        if self.study_app.materials is not None:
            count = len(self.study_app.materials)
            message = ngettext("{n} material", "{n} materials", count).format(n=count)
            self.query_one("#status", Static).update(Text(message))

    def show_error(self, reason: str) -> None:
        """Say why the library could not be opened."""
        if not self.built:
            self._error = reason
            return
        status = self.query_one("#status", Static)
        status.update(Text(reason))
        status.add_class("error")

    def action_open_material(self) -> None:
        """Open the highlighted material."""
        if not self.built:
            return
        table = self.query_one(LibraryTable)
        if table.row_count:
            table.action_select_cursor()

    def action_quiz(self) -> None:
        """Start a quiz on the highlighted material."""
        if not self.built:
            return
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
