"""What the quiz screens say: prompts, feedback, hints and the summary, as Rich text."""

from __future__ import annotations

from rich.text import Text

from studyapp.core.quiz.model import BLANK, Grade, Question
from studyapp.i18n import _


def feedback_keys() -> str:
    """The keys that work while feedback is shown (kept visible below the feedback)."""
    return _("Enter: next · g: go to the text · x: bad question")


def prompt_text(question: Question) -> Text:
    text = Text(question.prompt)
    text.highlight_words([BLANK], style="bold reverse")
    return text


def feedback_text(question: Question, grade: Grade) -> Text:
    verdicts = {
        "right": ("✓ " + _("Right"), "bold green"),
        "almost": ("≈ " + _("Almost"), "bold yellow"),
    }
    label, style = verdicts.get(grade.verdict, ("✗ " + _("Wrong"), "bold red"))
    out = Text(label, style=style, end="")
    if grade.verdict == "almost" and grade.diff:
        out.append("  " + grade.diff)
    if grade.items and grade.verdict != "right":
        out.append("  " + " ".join("✓" if ok else "✗" for ok in grade.items))
    out.append("\n" + _("Answer: {answer}").format(answer=expected(question)))
    out.append("\n\n" + _("Source:") + " ")
    out.append_text(source_text(question))
    return out


def expected(question: Question) -> str:
    if question.type == "true_false":
        labels = dict(zip(("true", "false"), question.options, strict=False))
        return labels.get(question.answer[0], question.answer[0])
    joiner = " → " if question.type == "order" else "、"
    return joiner.join(question.answer)


def source_text(question: Question) -> Text:
    text = Text(question.source.text)
    if question.type in ("cloze", "single", "number"):
        text.highlight_words([question.answer[0]], style="bold underline")
    return text


def summary_text(results: list[tuple[Question, Grade]]) -> Text:
    right = sum(1 for _q, g in results if g.right)
    almost = sum(1 for _q, g in results if g.verdict == "almost")
    out = Text(
        _("{right} of {total} right, {almost} almost.").format(
            right=right, total=len(results), almost=almost
        ),
        style="bold",
        end="",
    )
    for question, grade in results:
        if not grade.right:
            out.append("\n• " + question.prompt + "  →  ")
            out.append(expected(question), style="bold")
    out.append("\n\n" + _("Esc: back"), style="dim")
    return out
