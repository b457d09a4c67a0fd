"""Marking a section done in the reader (``m``), and un-marking it after a question."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import OptionList

from studyapp.i18n import _
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from studyapp.core.materials import Section
    from studyapp.services.reading import ReadingTracker


class MarksSectionsDone(StudyScreen):
    """The done marks of :class:`studyapp.ui.screens.reader.ReaderScreen`."""

    sections: list[Section]
    done: set[str]
    tracker: ReadingTracker | None
    current_section: Callable[[], int]
    _fill_toc: Callable[[], None]
    _update_status: Callable[[], None]

    def action_mark_done(self) -> None:
        """Mark the section being read done; un-marking it asks first."""
        if not self.sections:
            return
        if self.tracker is None:  # the library is still opening: mark once it is open
            self.study_app.with_service(lambda _service: self._mark_when_open())
            return
        section = self.sections[self.current_section()]
        if section.anchor not in self.done:
            self._set_done(section, True)
            return
        question = _("Mark “{title}” as not done?").format(title=section.title)

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_done(section, False)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _mark_when_open(self) -> None:
        if self.tracker is not None:
            self.action_mark_done()

    def _set_done(self, section: Section, done: bool) -> None:
        if self.tracker is None:
            return
        self.tracker.mark_done(section.anchor, done)
        (self.done.add if done else self.done.discard)(section.anchor)
        self._fill_toc()
        self.query_one("#toc", OptionList).highlighted = self.current_section()
        self._update_status()
        self.notify(
            _("“{title}” marked done — press q for a quiz on it").format(title=section.title)
            if done
            else _("“{title}” marked not done").format(title=section.title)
        )
