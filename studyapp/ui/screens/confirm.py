"""A yes/no question in a small dialog; answers ``True`` only on an explicit yes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from studyapp.i18n import N_, _
from studyapp.ui.bindings import localise_bindings


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; ``y`` or Enter confirms, ``n`` or Escape declines."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        """The question and the keys that answer it."""
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question), id="confirm-question")
            yield Static(Text(_("y: yes · n: no")), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
