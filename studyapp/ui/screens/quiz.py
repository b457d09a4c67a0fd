"""A quiz on a material or section: one question at a time, feedback with the source passage."""

from __future__ import annotations

import time

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from studyapp.core.materials import Material
from studyapp.core.quiz.model import Grade, Question, hinted_source
from studyapp.core.text import strip_controls
from studyapp.i18n import N_, _, ngettext
from studyapp.services.quiz_labels import TYPE_NAMES
from studyapp.ui.quiz_text import (
    feedback_keys,
    feedback_text,
    prompt_text,
    summary_text,
)
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.wrapped import WrappedStatic

CHOICE_TYPES = ("single", "true_false")
TYPED_TYPES = ("cloze", "number", "order")
LETTERS = "abcdefghi"


class QuizScreen(StudyScreen):
    """Asks generated questions; each answer is graded and stored at once."""

    BINDINGS = [
        Binding("escape", "leave", N_("Leave"), id="quiz-leave", tooltip=N_("End the quiz")),
        Binding("enter", "submit_or_next", N_("Answer/Next"), id="quiz-next", show=False),
        Binding("h", "hint", N_("Hint"), id="quiz-hint", tooltip=N_("Show a hint (查看提示)")),
        Binding(
            "g",
            "go_to_source",
            N_("Go to text"),
            id="quiz-source",
            tooltip=N_("Open the reader at this passage"),
        ),
        Binding(
            "x",
            "flag",
            N_("Bad question"),
            id="quiz-flag",
            tooltip=N_("Flag this question: it will not be asked again"),
        ),
    ]

    def __init__(
        self,
        material: Material,
        section: str | None = None,
        count: int = 8,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.material = material
        self.section = section
        self.count = count
        self.seed = seed
        self.questions: list[Question] = []
        self.index = 0
        self.grade: Grade | None = None
        self.results: list[tuple[Question, Grade]] = []
        self.started = time.monotonic()
        self.hint_used = False

    @property
    def question(self) -> Question | None:
        """The question on screen, if any."""
        return self.questions[self.index] if self.index < len(self.questions) else None

    def compose(self) -> ComposeResult:
        """Progress, prompt, options, answer box, feedback."""
        yield Header()
        with VerticalScroll(id="quiz-body"):
            yield Static(Text(_("Preparing questions…")), id="quiz-progress")
            yield WrappedStatic(Text(""), id="quiz-prompt")
            yield OptionList(id="quiz-options")
            yield SelectionList[int](id="quiz-multiple")
            yield Input(placeholder=_("Your answer (pinyin is fine)"), id="quiz-answer")
            yield WrappedStatic(Text(""), id="quiz-feedback")
        yield Static(Text(feedback_keys()), id="quiz-keys")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Generate the questions in a worker."""
        self.title, self.sub_title = (strip_controls(t) for t in self.titles())
        for widget in (
            "#quiz-options",
            "#quiz-multiple",
            "#quiz-answer",
            "#quiz-feedback",
            "#quiz-keys",
        ):
            self.query_one(widget).display = False
        self._load()

    def titles(self) -> tuple[str, str]:
        """Title and subtitle of the screen (subclasses name their mode)."""
        return self.material.title, _("Quiz")

    @work(thread=True, exclusive=True, exit_on_error=False, group="quiz")
    def _load(self) -> None:
        from studyapp.services.quiz import QuizError

        try:
            found = self.service.quiz_questions(
                self.material.id,
                section=self.section,
                count=self.count,
                seed=self.seed,
            )
        except QuizError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            found = []
        self.app.call_from_thread(self._start, found)

    def _start(self, found: list[Question]) -> None:
        self.questions = found
        if not found:
            self.query_one("#quiz-progress", Static).update(
                Text(_("No questions could be made from this text."))
            )
            return
        self._say_if_few(len(found))
        self._show_question()

    def _say_if_few(self, found: int) -> None:
        """Say so when the text gave fewer good questions than asked for."""
        if found < self.count:
            self.notify(
                ngettext(
                    "Only {n} good question could be made from this text.",
                    "Only {n} good questions could be made from this text.",
                    found,
                ).format(n=found),
                timeout=6,
                markup=False,
            )

    def relabel_texts(self) -> None:
        """The question, the answer box and the feedback in the new language; the answer
        being typed, the options and the question's timer stay."""
        self.title, self.sub_title = self.titles()
        question = self.question
        if not self.questions:
            return
        if question is None:
            self._show_summary()
            return
        self._show_progress(question)
        self.query_one("#quiz-prompt", Static).update(prompt_text(question))
        self.query_one("#quiz-answer", Input).placeholder = _answer_placeholder(question)
        if self.grade is not None:
            self.query_one("#quiz-feedback", Static).update(
                self._feedback_body(question, self.grade)
            )

    def _show_progress(self, question: Question) -> None:
        right = sum(1 for _q, g in self.results if g.right)
        kind = _(TYPE_NAMES.get(question.type, question.type))
        self.query_one("#quiz-progress", Static).update(
            Text(
                _("Question {n} of {total} · {kind} · {right} right so far").format(
                    n=self.index + 1, total=len(self.questions), kind=kind, right=right
                )
            )
        )

    # -- asking ------------------------------------------------------------------------
    def _show_question(self) -> None:
        question = self.question
        if question is None:
            self._show_summary()
            return
        self.grade, self.hint_used, self.started = None, False, time.monotonic()
        self._show_progress(question)
        self.query_one("#quiz-prompt", Static).update(prompt_text(question))
        self.query_one("#quiz-feedback").display = False
        self.query_one("#quiz-keys").display = False
        self._show_inputs(question)

    def _show_inputs(self, question: Question) -> None:
        options = self.query_one("#quiz-options", OptionList)
        multiple = self.query_one("#quiz-multiple", SelectionList)
        answer = self.query_one("#quiz-answer", Input)
        options.display = question.type in (*CHOICE_TYPES, "order")
        multiple.display = question.type == "multiple"
        answer.display = question.type in TYPED_TYPES
        options.clear_options()
        for index, option in enumerate(question.options):
            options.add_option(Option(Text(f"{index + 1}. {option}")))
        multiple.clear_options()
        multiple.add_options([(Text(f"{i + 1}. {o}"), i) for i, o in enumerate(question.options)])
        answer.value = ""
        answer.placeholder = _answer_placeholder(question)
        multiple.can_focus = False  # digits and letters toggle; Enter submits
        focus = answer if answer.display else options if options.display else None
        if focus is not None:
            focus.focus()
        else:
            self.query_one("#quiz-body").focus()
        if options.display and question.type in CHOICE_TYPES:
            options.highlighted = 0

    # -- answering ---------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """1–9 or A–I choose an option (toggle one, for "choose all")."""
        question = self.question
        if question is None or self.grade is not None or question.type in TYPED_TYPES:
            return
        choice = _choice_index(event.character, len(question.options))
        if choice is None:
            return
        event.stop()
        if question.type == "multiple":
            self.query_one("#quiz-multiple", SelectionList).toggle(choice)
        else:
            self._answer(question.options[choice])

    @on(OptionList.OptionSelected, "#quiz-options")
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        question = self.question
        if question is not None and self.grade is None and question.type in CHOICE_TYPES:
            self._answer(question.options[event.option_index])

    @on(Input.Submitted, "#quiz-answer")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if self.grade is not None:
            self.action_submit_or_next()
            return
        if event.value.strip() == "?":
            event.input.value = ""
            self.action_hint()
            return
        if event.value.strip():
            self._answer(event.value)

    def action_submit_or_next(self) -> None:
        """Submit a "choose all" answer, or go on after the feedback."""
        question = self.question
        if question is None:
            return
        if self.grade is not None:
            self.index += 1
            self._show_question()
        elif question.type == "multiple":
            chosen = self.query_one("#quiz-multiple", SelectionList).selected
            self._answer([question.options[i] for i in sorted(chosen)])

    def _answer(self, given: str | list[str]) -> None:
        question = self.question
        if question is None:
            return
        seconds = self._elapsed()
        self.grade = self.service.answer_question(
            question, given, seconds=seconds, hint_used=self.hint_used
        )
        self.results.append((question, self.grade))
        self._show_feedback(question, self.grade)

    def _elapsed(self) -> float:
        """Seconds since the question appeared."""
        return time.monotonic() - self.started

    def _show_feedback(self, question: Question, grade: Grade) -> None:
        self.query_one("#quiz-keys", Static).update(Text(feedback_keys()))
        self.query_one("#quiz-keys").display = True
        feedback = self.query_one("#quiz-feedback", Static)
        feedback.update(self._feedback_body(question, grade))
        feedback.display = True
        self.query_one("#quiz-answer", Input).display = False
        self.query_one("#quiz-body").focus()
        feedback.scroll_visible()

    def _feedback_body(self, question: Question, grade: Grade) -> Text:
        """What the feedback box says about an answer (the review adds its rating)."""
        return feedback_text(question, grade)

    # -- other actions -------------------------------------------------------------------
    def action_hint(self) -> None:
        """Show the hint (the first character and length of a blank, or the source)."""
        question = self.question
        if question is None or self.grade is not None:
            return
        self.hint_used = True
        hint = question.hint or _("From: {text}").format(text=hinted_source(question))
        self.notify(hint, title=_("Hint"), timeout=8, markup=False)

    def action_flag(self) -> None:
        """Flag the current question as bad and skip it."""
        question = self.question
        if question is None:
            return
        self.service.flag_question(question, "flagged in the quiz screen")
        self.notify(_("Flagged; it will not be asked again."))
        self.grade = self.grade or Grade("skipped", question.answer, ())
        self.action_submit_or_next()

    def action_go_to_source(self) -> None:
        """Open the reader at the passage the question came from."""
        question = self.question or (self.results[-1][0] if self.results else None)
        if question is not None:
            self.study_app.open_material(
                self.material.id, question.source.section, highlight=question.source
            )

    def _show_summary(self) -> None:
        self.query_one("#quiz-progress", Static).update(Text(_("Quiz finished")))
        self.query_one("#quiz-prompt", Static).update(summary_text(self.results))
        for widget in (
            "#quiz-options",
            "#quiz-multiple",
            "#quiz-answer",
            "#quiz-feedback",
            "#quiz-keys",
        ):
            self.query_one(widget).display = False

    def action_leave(self) -> None:
        """Leave the quiz; answers given so far are already stored."""
        self.dismiss()


def _choice_index(character: str | None, count: int) -> int | None:
    if not character:
        return None
    if character.isdigit() and 1 <= int(character) <= count:
        return int(character) - 1
    lower = character.lower()
    if lower in LETTERS[:count] and character.isascii():
        return LETTERS.index(lower)
    return None


def _answer_placeholder(question: Question) -> str:
    if question.type == "order":
        return _order_placeholder(question)
    if question.language != "zh":
        return _("Your answer (? then Enter for a hint)")  # pinyin is for Chinese blanks
    return _("Your answer (pinyin is fine; ? then Enter for a hint)")


def _order_placeholder(question: Question) -> str:
    example = "".join(str(i + 1) for i in reversed(range(len(question.options))))
    return _("Type the numbers in the right order, e.g. {example}").format(example=example)
