"""Challenge (挑战答题): questions until the first miss, optionally against the clock."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from studyapp.core.materials import Material
from studyapp.core.quiz.model import Grade, Question
from studyapp.i18n import _
from studyapp.ui.screens.quiz import QuizScreen

CHALLENGE_LENGTH = 60


class ChallengeScreen(QuizScreen):
    """Asks until the first wrong answer (or time out); the run's length is kept for the stats."""

    def __init__(self, material: Material, seconds: float | None = None) -> None:
        super().__init__(material, count=CHALLENGE_LENGTH)
        self.seconds = seconds
        self._clock: Timer | None = None
        self.ended = False

    def titles(self) -> tuple[str, str]:
        """The material's title and "Challenge"."""
        return self.material.title, _("Challenge")

    def _show_question(self) -> None:
        super()._show_question()
        if self._clock is not None:
            self._clock.stop()
        if self.seconds and self.question is not None and not self.ended:
            self._clock = self.set_timer(self.seconds, self._time_up)

    def _time_up(self) -> None:
        if self.grade is None and self.question is not None:
            self._answer("")  # no answer in time counts as a miss

    def _show_feedback(self, question: Question, grade: Grade) -> None:
        super()._show_feedback(question, grade)
        if self._clock is not None:
            self._clock.stop()
        if not grade.right and not self.ended:
            self._finish()

    def _finish(self) -> None:
        self.ended = True
        streak = sum(1 for _q, g in self.results if g.right)
        self.service.add_challenge(self.material.id, streak, self.seconds)
        self.questions = self.questions[: self.index + 1]  # Enter now leads to the summary
        self.query_one("#quiz-progress", Static).update(
            Text(_("Challenge over: {n} right in a row.").format(n=streak), style="bold")
        )
