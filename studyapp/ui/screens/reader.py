"""The reader: a whole material in a line-based view, contents, search, progress and notes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from studyapp.core.document import DocBlock, document_blocks
from studyapp.core.materials import Material, Section, find_section
from studyapp.core.plans import TextSize
from studyapp.core.read_rule import DONE, READ, UNREAD
from studyapp.core.reading import ReadingPosition, SectionProgress
from studyapp.core.text import strip_controls
from studyapp.i18n import N_, _
from studyapp.ui.marking import MarksSectionsDone
from studyapp.ui.reading_status import (
    block_of,
    find_next,
    prefix_sizes,
    read_share,
    section_chars,
    source_block,
    state_label,
    status_text,
    toc_prompt,
)
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.reader_view import ReaderView

if TYPE_CHECKING:
    from studyapp.core.quiz.model import SourceRef
    from studyapp.db.firstscreen import QuickReaderData
    from studyapp.services import ReaderData, StudyService
    from studyapp.services.reading import ReadingTracker

FLUSH_SECONDS = 15.0
log = logging.getLogger("studyapp")
NARROW = 90


class ReaderScreen(MarksSectionsDone):
    """Reads one material; resumes where it was left and records reading time."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="reader-back", tooltip=N_("Leave the reader")),
        Binding("left_square_bracket", "section(-1)", N_("Prev"), id="previous-section"),
        Binding("right_square_bracket", "section(1)", N_("Next"), id="next-section"),
        Binding("slash", "search", N_("Search"), id="reader-search"),
        Binding(
            "m", "mark_done", N_("Done"), id="mark-section-done", tooltip=N_("Mark section done")
        ),
        Binding(
            "n", "note", N_("Note"), id="section-note", tooltip=N_("Write a note on this section")
        ),
        Binding("t", "toggle_toc", N_("Contents"), id="toggle-contents"),
        Binding("q", "quiz", N_("Quiz"), id="quiz-section", tooltip=N_("Quiz on this section")),
        Binding("tab", "switch_pane", N_("Contents/Text"), id="switch-pane", show=False),
    ]
    FOOTER_FIRST = ("mark_done",)

    def __init__(
        self, material: Material, section: str | None = None, highlight: SourceRef | None = None
    ) -> None:
        super().__init__()
        self.material = material
        self.start_section = section
        self.highlight_source = highlight
        self.sections: list[Section] = []
        self.blocks: list[DocBlock] = []
        self.passed: list[TextSize] = []
        self.done: set[str] = set()  # marked done by the learner
        self.progress: dict[str, SectionProgress] = {}
        self.section_chars: dict[str, list[tuple[int, int]]] = {}  # anchor: (paragraph, chars)
        self.tracker: ReadingTracker | None = None
        self.last_query = ""

    def compose(self) -> ComposeResult:
        """Header, contents, text, status line, search box, footer."""
        yield Header()
        with Horizontal():
            yield OptionList(id="toc")
            yield ReaderView(id="reader")
        yield Static(Text(_("Loading…")), id="reader-status")
        yield Input(placeholder=_("Search in this material"), id="search", classes="hidden")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Load the material in a worker; flush progress every few seconds."""
        self.title = strip_controls(self.material.title)
        toc = self.query_one("#toc", OptionList)
        toc.border_title = _("Contents")
        if self.app.size.width < NARROW:
            toc.add_class("hidden")  # the text needs the room; t shows the contents
        self.set_interval(FLUSH_SECONDS, self.flush)
        first = self.study_app.take_first_reader_data(self.material.id)
        if first is None:
            self._load()
        else:  # read before the first frame (studyapp read ID): no worker round trip
            self.passed = prefix_sizes(document_blocks(first.sections))
            self.section_chars = section_chars(first.sections)
            self._show(first)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reader")
    def _load(self) -> None:
        data = self.study_app.reader_data(self.material.id)  # the fast path before the service
        self.passed = prefix_sizes(document_blocks(data.sections))
        self.section_chars = section_chars(data.sections)
        self.app.call_from_thread(self._show, data)

    def _show(self, data: ReaderData | QuickReaderData) -> None:
        self.sections = data.sections
        self.blocks = document_blocks(data.sections)
        self.done = {p.section for p in data.progress if p.done}
        self.progress = {p.section: p for p in data.progress}
        self._fill_toc()
        block, offset = self._start_block(data.position)
        match = self._source_match()
        if match is not None:
            block, offset = match[0], match[1]
        self.query_one(ReaderView).load(self.blocks, block, offset)
        self.query_one(ReaderView).highlight(match)
        self.query_one(ReaderView).focus()
        section = self.blocks[block].section if self.blocks else 0
        anchor = self.sections[section].anchor if self.sections else ""
        sections = data.sections
        self.study_app.with_service(lambda service: self._track(service, anchor, sections))
        self._update_status()

    def _track(self, service: StudyService, anchor: str, sections: list[Section]) -> None:
        """Start recording reading time and position (once the service is open)."""
        if self.is_attached and self.tracker is None:
            self.tracker = service.start_reading(
                self.material.id, anchor, self.material.language, sections
            )
            self.study_app.trackers.add(self.tracker)
            log.debug("reading started: %s", self.material.id)
            if self.query_one(ReaderView).lines:
                self._report(*self.query_one(ReaderView).top)

    def _source_match(self) -> tuple[int, int, int] | None:
        """The block and offsets of the passage to highlight."""
        source = self.highlight_source
        if source is None:
            return None
        return source_block(self.blocks, self.sections, source.section, source.start, source.end)

    def _start_block(self, position: ReadingPosition | None) -> tuple[int, int]:
        if self.start_section is not None:
            found = find_section(self.sections, self.start_section)
            anchor = found.anchor if found is not None else self.start_section
            if position is None or position.section != anchor:
                return block_of(self.blocks, self.sections, anchor, -1), 0
            # opening the section the learner was in: resume where they stopped
        if position is None:
            return 0, 0
        block = block_of(self.blocks, self.sections, position.section, position.paragraph)
        return block, position.offset

    def _fill_toc(self) -> None:
        toc = self.query_one("#toc", OptionList)
        toc.clear_options()
        toc.add_options(
            Option(toc_prompt(section, self._state(section.anchor)), section.anchor)
            for section in self.sections
        )

    def relabel_texts(self) -> None:
        """Contents, search box and status line in the new language; the position stays."""
        self.query_one("#toc", OptionList).border_title = _("Contents")
        self.query_one("#search", Input).placeholder = _("Search in this material")
        if self.sections:
            self._fill_toc()
            self.query_one("#toc", OptionList).highlighted = self.current_section()
            self._update_status()

    # -- position and progress -----------------------------------------------------
    def current_section(self) -> int:
        """Index of the section holding the reading position (see ReaderView.reading_block)."""
        if not self.blocks:
            return 0
        return self.blocks[self.query_one(ReaderView).reading_block].section

    def _state(self, anchor: str) -> str:
        """``done``, ``read``, ``unconfirmed``, ``partly`` or ``unread`` (core.read_rule)."""
        if anchor in self.done:
            return DONE
        progress = self.progress.get(anchor)
        state = progress.state if progress is not None else UNREAD
        return READ if state == DONE else state

    def on_reader_view_moved(self, message: ReaderView.Moved) -> None:
        """Tell the tracker where the reader is, and follow it in the contents."""
        self._report(message.block, message.offset)

    def _report(self, top: int, offset: int) -> None:
        """Follow the view in the contents and status line; tell the tracker, once it runs."""
        if not self.blocks:
            return
        reading = self.current_section()
        self.query_one("#toc", OptionList).highlighted = reading
        self._update_status()
        if self.tracker is None:  # the service is still opening: _track reports again
            return
        block = self.blocks[top]
        section = self.sections[block.section]
        self.tracker.moved(
            ReadingPosition(self.material.id, section.anchor, block.paragraph, offset),
            self._reached_paragraph(),
            self.passed[top] if top < len(self.passed) else None,  # text before the top
            self.sections[reading].anchor,
        )

    def _reached_paragraph(self) -> tuple[str, int]:
        """The last block on screen; sections that end above it are reached to their end."""
        view = self.query_one(ReaderView)
        bottom = self.blocks[view.bottom_block]
        if self.tracker is not None:
            for block in self.blocks[view.top[0] : view.bottom_block]:
                if block.section != bottom.section:
                    self.tracker.reach(self.sections[block.section].anchor, block.paragraph)
        return self.sections[bottom.section].anchor, bottom.paragraph

    def on_key(self) -> None:
        """Any key counts as activity for the reading-time clock."""
        if self.tracker is not None:
            self.tracker.activity()

    def on_mouse_scroll_down(self) -> None:
        """Scrolling counts as activity."""
        self.on_key()

    on_mouse_scroll_up = on_mouse_scroll_down

    def on_screen_suspend(self) -> None:
        """Stop counting time while another screen is on top."""
        if self.tracker is not None:
            self.tracker.focus(False)
            self.flush()

    def on_screen_resume(self) -> None:
        """Count time again."""
        if self.tracker is not None:
            self.tracker.focus(True)

    def flush(self) -> None:
        """Write position and reading time now (one committed transaction each)."""
        if self.tracker is not None:
            view = self.query_one(ReaderView)
            if view.lines:
                self._report(*view.top)  # what is on screen now counts as reached
            self.tracker.flush()
            self._reload_progress()
            self._update_status()

    def _reload_progress(self) -> None:
        """Read back what the read rule has counted, and show it in the contents."""
        rows = self.service.section_progress(self.material.id)
        before = {a: self._state(a) for a in self.progress}
        self.progress = {p.section: p for p in rows}
        if before != {a: self._state(a) for a in self.progress}:
            self._fill_toc()
            self.query_one("#toc", OptionList).highlighted = self.current_section()

    def on_unmount(self) -> None:
        """Write everything when the reader closes."""
        if self.tracker is not None:
            self.tracker.close()
            self.study_app.trackers.discard(self.tracker)
            self.tracker = None

    def _update_status(self) -> None:
        """Where the learner is (the section m marks) and how much is read."""
        view = self.query_one(ReaderView)
        if not self.sections or not view.lines or view.scrolling_to_pending:
            return  # not laid out yet: "Loading…" stays rather than a wrong section
        index = self.current_section()
        section = self.sections[index]
        end = view.text_end
        at = min(view.scroll_y / end, 1.0) if end else 1.0
        minutes = self.tracker.active_seconds / 60 if self.tracker else 0.0
        read = read_share(self.section_chars, self._state, self.progress)
        status = status_text(index + 1, len(self.sections), at, read, minutes)
        label = state_label(self._state(section.anchor))
        self.sub_title = strip_controls(section.title)
        self.query_one("#reader-status", Static).update(
            Text(status + ("  " + label if label else ""))
        )

    # -- actions -------------------------------------------------------------------------
    def action_section(self, delta: int) -> None:
        """Jump to the previous or next section."""
        self._go_to_section(self.current_section() + delta)

    def _go_to_section(self, index: int) -> None:
        if not self.sections:
            return
        index = max(0, min(index, len(self.sections) - 1))
        block = next(i for i, b in enumerate(self.blocks) if b.section == index)
        self.query_one(ReaderView).go_to(block)

    @on(OptionList.OptionSelected, "#toc")
    def _toc_selected(self, event: OptionList.OptionSelected) -> None:
        self._go_to_section(event.option_index)
        self.query_one(ReaderView).focus()

    def action_note(self) -> None:
        """Open the note editor for the current section."""
        from studyapp.ui.screens.note import NoteScreen

        if self.sections:
            section = self.sections[self.current_section()]
            self.app.push_screen(NoteScreen(self.material.id, section))

    def action_quiz(self) -> None:
        """Quiz on the section on screen."""
        if self.sections:
            section = self.sections[self.current_section()]
            self.study_app.open_quiz(self.material.id, section.anchor)

    def action_toggle_toc(self) -> None:
        """Show or hide the table of contents."""
        self.query_one("#toc").toggle_class("hidden")

    def action_switch_pane(self) -> None:
        """Move focus between the contents and the text."""
        toc = self.query_one("#toc")
        (self.query_one(ReaderView) if toc.has_focus else toc).focus()

    def action_search(self) -> None:
        """Open the search box."""
        box = self.query_one("#search", Input)
        box.remove_class("hidden")
        box.value = self.last_query
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.last_query = event.value
        view = self.query_one(ReaderView)
        start_block, start_offset = view.top  # the next hit after the top, wrapping around
        if view.match is not None:
            start_block, start_offset = view.match[0], view.match[1] + 1
        hit = find_next(self.blocks, event.value, start_block, start_offset)
        if hit is None:
            self.notify(_("Not found: {query}").format(query=event.value), severity="warning")
            return
        view.highlight(hit)
        view.go_to(hit[0], hit[1])
        event.input.add_class("hidden")
        view.focus()

    def action_back(self) -> None:
        """Close the search box, or leave the reader."""
        box = self.query_one("#search", Input)
        if not box.has_class("hidden"):
            box.add_class("hidden")
            self.query_one(ReaderView).focus()
            return
        self.dismiss()
