"""Whether a typed answer can be graded at all: an empty line or a choice that names no
option is a slip of the keyboard, not a wrong answer, and is asked again (or skipped)."""

from __future__ import annotations

from studyapp.core.quiz.grading import _FALSE_WORDS, _TRUE_WORDS, _choices
from studyapp.core.quiz.model import Question
from studyapp.core.quiz.normalise import normalise_answer
from studyapp.core.quiz.numerals import leading_number

EMPTY = "empty"
NOT_AN_OPTION = "not an option"
NOT_TRUE_OR_FALSE = "not true or false"
NOT_A_NUMBER = "not a number"


def answer_problem(question: Question, given: str) -> str | None:
    """Why ``given`` cannot be graded for ``question`` (one of the constants), or ``None``.

    Args:
        question: the question asked.
        given: the line typed.

    Returns:
        ``None`` when the answer can be graded (rightly or wrongly).
    """
    text = given.strip()
    if not text:
        return EMPTY
    if question.type in ("single", "multiple", "order"):
        chosen = _choices(question, text)
        if not chosen or any(choice not in question.options for choice in chosen):
            return NOT_AN_OPTION
        if question.type == "single" and len(chosen) != 1:
            return NOT_AN_OPTION
    if question.type == "true_false":
        folded = normalise_answer(text)
        labels = {normalise_answer(label) for label in question.options}
        if folded not in _TRUE_WORDS | _FALSE_WORDS | labels:
            return NOT_TRUE_OR_FALSE
    if question.type == "number" and leading_number(text) is None:
        return NOT_A_NUMBER
    return None
