"""Plain-text quiz for scripts and screen readers: one question out, one line of answer in."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from studyapp.core.quiz.model import Grade, Question, hinted_source
from studyapp.core.quiz.readable import (
    EMPTY,
    NOT_A_NUMBER,
    NOT_AN_OPTION,
    NOT_TRUE_OR_FALSE,
    answer_problem,
)
from studyapp.core.text import strip_controls
from studyapp.i18n import N_, _
from studyapp.services.quiz_labels import RATING_NAMES, TYPE_NAMES

if TYPE_CHECKING:
    from studyapp.services import StudyService
    from studyapp.services.review import ReviewItem

LETTERS = "ABCDEFGHI"
HINT_KEY = "?"


# An answer function grades and stores one answer, returning the grade and an extra
# line of feedback (or ""): (question, given, seconds, hint_used) -> (grade, note).
Answer = Callable[[Question, str, float, bool], tuple[Grade, str]]


def run_plain_quiz(
    questions: list[Question],
    answer: Answer,
    read_line: Callable[[], str],
    out: TextIO,
    clock: Callable[[], float] = time.monotonic,
    echo: bool = False,
) -> tuple[int, int]:
    """Ask each question, read one line per answer, give feedback; ``answer`` stores it.

    End of input ends the quiz; what was answered is kept. With ``echo`` (input
    from a pipe, not a terminal) each answer is written back, so the transcript
    reads like a dialogue.

    Returns:
        ``(right, answered)``.
    """
    right = answered = 0
    lines = _Lines(read_line, out, echo)
    for number, question in enumerate(questions, start=1):
        _ask(question, number, len(questions), out)
        started, hint_used = clock(), False
        line = lines.next()
        if line and line.strip() == HINT_KEY:
            hint_used = True
            hint = question.hint or _("From: {text}").format(text=hinted_source(question))
            out.write(_("Hint: {hint}").format(hint=hint) + "\n> ")
            out.flush()
            line = lines.next()
        while line and (problem := answer_problem(question, line)) is not None:
            if echo:  # piped input: say which line, record nothing, go on
                out.write(_skipped(lines.number, problem) + "\n")
                break
            out.write(_problem_text(problem) + " " + _("Please answer again.") + "\n> ")
            out.flush()
            line = lines.next()
        if not line:
            break  # end of input
        if answer_problem(question, line) is not None:
            continue
        result, note = answer(question, line.strip(), clock() - started, hint_used)
        _feedback(question, result, out)
        if note:
            out.write(note + "\n")
        answered += 1
        right += result.right
    out.write(_("{right} of {answered} right.").format(right=right, answered=answered) + "\n")
    return right, answered


class _Lines:
    """The answer lines, counted (for messages about piped input) and echoed when piped."""

    def __init__(self, read_line: Callable[[], str], out: TextIO, echo: bool) -> None:
        self.read_line, self.out, self.echo = read_line, out, echo
        self.number = 0

    def next(self) -> str:
        line = self.read_line()
        if line:
            self.number += 1
            if self.echo:
                self.out.write(line if line.endswith("\n") else line + "\n")
        return line


def _problem_text(problem: str) -> str:
    return {
        EMPTY: _("No answer given."),
        NOT_AN_OPTION: _("That is not one of the options."),
        NOT_TRUE_OR_FALSE: _("Answer t or f (对 or 错)."),
        NOT_A_NUMBER: _("That is not a number."),
    }.get(problem, problem)


def _skipped(line_number: int, problem: str) -> str:
    return _("Line {n}: {problem} Nothing recorded for this question.").format(
        n=line_number, problem=_problem_text(problem)
    )


def quiz_answer(service: StudyService) -> Answer:
    """Answers of a quiz: graded and stored as quiz answers."""
    def store(question: Question, given: str, seconds: float, hint: bool) -> tuple[Grade, str]:
        return service.answer_question(question, given, seconds=seconds, hint_used=hint), ""

    return store


def review_answer(service: StudyService, items: list[ReviewItem]) -> Answer:
    """Answers of a review session: graded, rated and scheduled."""
    by_question = {item.question.id: item for item in items}

    def store(question: Question, given: str, seconds: float, hint: bool) -> tuple[Grade, str]:
        item = by_question[question.id]
        result = service.answer_review(item, given, seconds=seconds, hint_used=hint)
        note = _("Rated {rating}; next review {due}.").format(
            rating=_(RATING_NAMES[int(result.rating)]),
            due=result.card.due.astimezone(service.tz).strftime("%Y-%m-%d %H:%M"),
        )
        return result.grade, note

    return store


def _ask(question: Question, number: int, total: int, out: TextIO) -> None:
    kind = _(TYPE_NAMES.get(question.type, question.type))
    out.write(f"\n[{number}/{total}] {kind}\n{strip_controls(question.prompt)}\n")
    for index, option in enumerate(question.options):
        out.write(f"  {index + 1}. {strip_controls(option)}\n")
    out.write(_(_instructions(question)) + "\n> ")
    out.flush()


def _instructions(question: Question) -> str:
    return {
        "single": N_("Answer with a number or letter."),
        "multiple": N_("Answer with all numbers or letters that apply, e.g. 1,3 or AC."),
        "order": N_("Answer with the numbers in order, e.g. 3142."),
        "true_false": N_("Answer t or f (对 or 错)."),
    }.get(question.type, _typed(question))


def _typed(question: Question) -> str:
    if question.language != "zh":
        return N_("Type the answer (? for a hint).")
    return N_("Type the answer (pinyin is fine; ? for a hint).")


def _feedback(question: Question, result: Grade, out: TextIO) -> None:
    if question.type == "true_false":
        expected = _("true") if question.answer == ("true",) else _("false")
    else:
        expected = " / ".join(question.answer)
    if result.verdict == "right":
        out.write(_("✓ Right.") + "\n")
    elif result.verdict == "almost":
        out.write(_("≈ Almost: {diff}").format(diff=result.diff or expected) + "\n")
    else:
        out.write(_("✗ Wrong. The answer: {answer}").format(answer=strip_controls(expected)) + "\n")
    if result.items and result.verdict != "right":
        marks = " ".join("✓" if ok else "✗" for ok in result.items)
        out.write(_("Item by item: {marks}").format(marks=marks) + "\n")
    out.write(_("Source: {text}").format(text=strip_controls(question.source.text)) + "\n")
