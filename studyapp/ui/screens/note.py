"""The note editor (学习心得) for one section, saved shortly after typing stops."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from studyapp.core.materials import Section
from studyapp.i18n import N_, _
from studyapp.ui.bindings import localise_bindings
from studyapp.ui.screens.base import ready_service
from studyapp.ui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.ui.app import StudyApp

SAVE_AFTER_SECONDS = 1.0


class NoteScreen(ModalScreen[None]):
    """Edit the note on a section; it is saved a second after the last keystroke and on close."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="close-note", tooltip=N_("Save and close")),
    ]

    def __init__(self, material_id: str, section: Section) -> None:
        super().__init__()
        self.material_id = material_id
        self.section = section
        self.saved_text = ""
        self._timer: Timer | None = None
        localise_bindings(self)

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]  # shown only by StudyApp

    def compose(self) -> ComposeResult:
        """Title, editor, save state."""
        with Vertical(id="note-box"):
            yield Static(Text(_("Note: {title}").format(title=self.section.title)), id="note-title")
            yield TextArea(id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text(""), id="note-state")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Load the existing note."""
        note = ready_service(self.study_app).note(self.material_id, self.section.anchor)
        self.saved_text = note.text if note else ""
        editor = self.query_one(TextArea)
        editor.load_text(self.saved_text)
        editor.focus()

    def on_text_area_changed(self) -> None:
        """Save after a short pause in typing."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER_SECONDS, self.save)

    def save(self) -> None:
        """Write the note if it changed."""
        text = self.query_one(TextArea).text
        if text == self.saved_text:
            return
        ready_service(self.study_app).save_note(self.material_id, self.section.anchor, text)
        self.saved_text = text
        self.query_one("#note-state", Static).update(Text(_("Saved")))

    def action_close(self) -> None:
        """Save and close."""
        self.save()
        self.dismiss()
