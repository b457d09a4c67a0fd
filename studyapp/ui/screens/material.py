"""A material: its table of contents and one section at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from studyapp.core.materials import Material, Section
from studyapp.i18n import N_, _
from studyapp.ui.bindings import localise_bindings
from studyapp.ui.messages import SectionLoaded
from studyapp.ui.widgets.section_view import SectionView

if TYPE_CHECKING:
    from studyapp.ui.app import StudyApp


class MaterialScreen(Screen[None]):
    """Table of contents on the left, the chosen section on the right."""

    BINDINGS = [
        Binding(
            "escape", "back", N_("Library"), id="back-to-library", tooltip=N_("Back to the library")
        ),
        Binding("left_square_bracket", "previous_section", N_("Prev"), id="previous-section"),
        Binding("right_square_bracket", "next_section", N_("Next"), id="next-section"),
        Binding("j", "scroll('down')", N_("Down"), id="scroll-down", show=False),
        Binding("k", "scroll('up')", N_("Up"), id="scroll-up", show=False),
        Binding("space", "scroll('page_down')", N_("Page down"), id="page-down", show=False),
        Binding("b", "scroll('page_up')", N_("Page up"), id="page-up", show=False),
        Binding("tab", "switch_pane", N_("Contents/Text"), id="switch-pane"),
    ]

    def __init__(self, material: Material) -> None:
        super().__init__()
        self.material = material
        self.sections: list[Section] = []
        localise_bindings(self)

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Header, contents, text, footer."""
        yield Header()
        with Horizontal():
            yield OptionList(id="toc")
            with VerticalScroll(id="text-scroll"):
                yield SectionView(Text(_("Loading…")), id="text")
        yield Footer()

    def on_mount(self) -> None:
        """Load the section list in a worker."""
        self.title = self.material.title
        self.sub_title = ""
        self.query_one("#toc", OptionList).border_title = _("Contents")
        self._load_contents()

    @work(thread=True, exclusive=True, exit_on_error=False, group="contents")
    def _load_contents(self) -> None:
        material = self.study_app.service.material(self.material.id)
        if material is not None:
            self.app.call_from_thread(self._show_contents, material)

    def _show_contents(self, material: Material) -> None:
        self.sections = list(material.sections)
        toc = self.query_one("#toc", OptionList)
        toc.clear_options()
        for section in self.sections:
            indent = "  " * (section.level - 1)
            toc.add_option(
                Option(Text(indent + section.title, overflow="ellipsis"), section.anchor)
            )
        if self.sections:
            toc.highlighted = 0
            self.open_section(0)
        self.query_one("#text-scroll").focus()

    def open_section(self, index: int) -> None:
        """Show the section at ``index`` (clamped to the list)."""
        if not self.sections:
            return
        index = max(0, min(index, len(self.sections) - 1))
        self.query_one("#toc", OptionList).highlighted = index
        self._load_section(self.sections[index].anchor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="section")
    def _load_section(self, anchor: str) -> None:
        section = self.study_app.service.section(self.material.id, anchor)
        if section is not None:
            self.post_message(SectionLoaded(section))

    def on_section_loaded(self, message: SectionLoaded) -> None:
        """Display the section that arrived and scroll to its top."""
        self.query_one(SectionView).show(message.section)
        self.sub_title = message.section.title
        self.query_one("#text-scroll", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#toc")
    def _toc_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_section(event.option_index)
        self.query_one("#text-scroll").focus()

    def _current(self) -> int:
        highlighted = self.query_one("#toc", OptionList).highlighted
        return highlighted if highlighted is not None else 0

    def action_previous_section(self) -> None:
        """Go to the previous section."""
        self.open_section(self._current() - 1)

    def action_next_section(self) -> None:
        """Go to the next section."""
        self.open_section(self._current() + 1)

    def action_scroll(self, how: str) -> None:
        """Scroll the text: ``down``, ``up``, ``page_down`` or ``page_up``."""
        scroll = self.query_one("#text-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    def action_switch_pane(self) -> None:
        """Move focus between the contents and the text."""
        toc = self.query_one("#toc")
        (self.query_one("#text-scroll") if toc.has_focus else toc).focus()

    def action_back(self) -> None:
        """Return to the library."""
        self.dismiss()
