"""Review: due cards asked by type, rated automatically (1–4 to change), undo of the last answer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.widgets import Static

from studyapp.core.materials import Material
from studyapp.core.quiz.model import Grade, Question
from studyapp.i18n import N_, _, ngettext
from studyapp.services.quiz_labels import RATING_NAMES
from studyapp.ui.quiz_text import feedback_text
from studyapp.ui.screens.quiz import QuizScreen

if TYPE_CHECKING:
    from studyapp.services.review import RetiredCard, ReviewItem, ReviewResult

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class ReviewScreen(QuizScreen):
    """Today's review queue (or a material's cards, to cram without scheduling)."""

    BINDINGS = [
        *QuizScreen.BINDINGS,
        Binding("u", "undo", N_("Undo"), id="review-undo", tooltip=N_("Take back the last answer")),
    ]

    def __init__(self, cram: Material | None = None) -> None:
        placeholder = cram or Material(
            "", _("Review"), None, (), "zh", False, None, "", "", 0, 0, _EPOCH, _EPOCH
        )
        super().__init__(placeholder)
        self.cram = cram
        self.items: list[ReviewItem] = []
        self.last: ReviewResult | None = None  # of the question on screen
        self.stored: list[ReviewResult | None] = []  # per answer: its result when stored

    def titles(self) -> tuple[str, str]:
        """The screen's titles: "Review — due today", or the material and "Cram"."""
        if self.cram is not None:
            return self.cram.title, _("Cram")
        return _("Review"), _("Due today")

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz")
    def _load(self) -> None:
        service = self.service
        items = service.cram(self.cram.id) if self.cram else service.review_queue()
        self.items = items
        retired = [] if self.cram else service.retired_due()
        self.app.call_from_thread(self._start, [item.question for item in items])
        if retired:
            self.app.call_from_thread(self._say_retired, retired)

    def _say_retired(self, retired: list[RetiredCard]) -> None:
        from studyapp.services.quiz import retired_text

        reason = Counter(card.reason for card in retired).most_common(1)[0][0]
        message = ngettext(
            "{n} card is suspended: its question no longer passes the quality checks ({why}).",
            "{n} cards are suspended: their questions no longer pass the quality checks "
            "(most often: {why}).",
            len(retired),
        )
        self.notify(message.format(n=len(retired), why=retired_text(reason)), markup=False)

    def _say_if_few(self, found: int) -> None:
        """Nothing: a review queue is as long as what is due, not a text's questions."""

    def _start(self, found: list[Question]) -> None:
        super()._start(found)
        if not found:
            self.query_one("#quiz-progress", Static).update(Text(_("Nothing to review now.")))

    def _answer(self, given: str | list[str]) -> None:
        from studyapp.core.quiz import grade

        question = self.question
        if question is None:
            return
        seconds = self._elapsed()
        if self.cram is not None:  # cramming never touches the schedule
            self.grade, self.last = grade(question, given), None
        else:
            self.last = self.service.answer_review(
                self.items[self.index],
                given,
                seconds=seconds,
                hint_used=self.hint_used,
            )
            self.grade = self.last.grade
            if not self.last.applied:
                self.notify(_not_recorded(), severity="warning")
        self.results.append((question, self.grade))
        self.stored.append(self.last if self.last is not None and self.last.applied else None)
        self._show_feedback(question, self.grade)

    def _feedback_body(self, question: Question, grade: Grade) -> Text:
        text = feedback_text(question, grade)
        if self.last is not None:
            text.append("\n" + _rating_line(self.last, self.service.tz), style="bold")
        return text

    def on_key(self, event: events.Key) -> None:
        """After an answer, 1–4 change its rating (Again, Hard, Good, Easy).

        Textual also runs the quiz screen's key handler after this one, unless
        the default is prevented, so a rating key stops it here.
        """
        character = event.character or ""
        if self.grade is not None and self.last is not None and character in ("1", "2", "3", "4"):
            event.prevent_default()
            event.stop()
            self._rerate(int(character))

    def _rerate(self, value: int) -> None:
        from studyapp.core.review import Rating

        if self.last is None or int(self.last.rating) == value:
            return
        self.last = self.service.rerate(self.items[self.index], self.last, Rating(value))
        if self.stored and self.stored[-1] is not None:
            self.stored[-1] = self.last
        assert self.question is not None and self.grade is not None  # an answer is on screen
        self._show_feedback(self.question, self.grade)

    def action_undo(self) -> None:
        """Take back the last answer and ask that question again."""
        if self.cram is not None or not self.results:
            return
        stored = self.stored.pop() if self.stored else None
        if stored is not None:  # only this screen's own stored answer is taken back
            self.service.undo_review(stored)
        self.results.pop()
        if self.grade is None:
            self.index -= 1
        self._show_question()
        self.notify(_("Last answer taken back."))


def _not_recorded() -> str:
    return _(
        "Not recorded: another window reviewed or suspended this card, or reached today's limit."
    )


def _rating_line(result: ReviewResult, tz: dt.tzinfo) -> str:
    due = result.card.due.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return _("Rated {rating} (1–4 to change, u to undo) · next review {due}").format(
        rating=_(RATING_NAMES[int(result.rating)]), due=due
    )
