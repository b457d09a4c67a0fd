"""The study record (学习记录) as Markdown: summary, minutes per day, materials, quiz, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from studyapp.core.export.escape import markdown_cell, markdown_paragraphs, markdown_text
from studyapp.core.progress import best_streak
from studyapp.core.translate import Plural, Translate, untranslated, untranslated_plural


@dataclass(frozen=True)
class MaterialReading:
    """Reading of one material in the period."""

    title: str
    first_day: dt.date
    last_day: dt.date
    seconds: float
    sessions: int


@dataclass(frozen=True)
class FinishedSection:
    """A section marked done, on the learner's local day."""

    day: dt.date
    material: str
    section: str


@dataclass(frozen=True)
class QuizTally:
    """Quiz answers on one material in the period."""

    material: str
    answered: int
    right: int


@dataclass(frozen=True)
class ReportNote:
    """A note (学习心得), dated by its last change."""

    day: dt.date
    material: str
    section: str
    text: str


@dataclass(frozen=True)
class PlanLine:
    """A plan's progress at the end of the period (units finished by the read rule)."""

    name: str
    done: int
    total: int


@dataclass(frozen=True)
class ReviewOutcome:
    """What the spaced review came to: reviews done, true retention, leeches."""

    reviews: int = 0
    retention: float | None = None
    leeches: int = 0


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows; titles and texts are raw (escaped when rendered)."""

    first: dt.date
    last: dt.date
    generated: dt.date
    seconds_by_day: Mapping[dt.date, float]
    goal_minutes: float
    reading: Sequence[MaterialReading] = ()
    finished: Sequence[FinishedSection] = ()
    quiz: Sequence[QuizTally] = ()
    notes: Sequence[ReportNote] = ()
    reviews: int = 0
    learner: str = ""
    group: str = ""
    plans: Sequence[PlanLine] = ()
    review: ReviewOutcome = ReviewOutcome()
    minutes_by_day: dict[dt.date, float] = field(init=False)

    def __post_init__(self) -> None:
        """Minutes per day, exactly as ``stats`` computes them (seconds / 60)."""
        minutes = {day: s / 60 for day, s in sorted(self.seconds_by_day.items()) if s > 0}
        object.__setattr__(self, "minutes_by_day", minutes)

    @property
    def empty(self) -> bool:
        """Whether nothing at all was recorded in the period."""
        return not (self.minutes_by_day or self.finished or self.quiz or self.notes or self.reviews)


def minutes_text(minutes: float) -> str:
    """Minutes with one decimal, rounded half up (12.25 → 12.3); the report's only rounding."""
    return str(Decimal(repr(minutes)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent_text(part: int, whole: int) -> str:
    """A whole percentage, rounded half up; ``–`` when ``whole`` is 0."""
    if not whole:
        return "–"
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share}%"


def render_report(
    data: ReportData, _: Translate = untranslated, ngettext: Plural = untranslated_plural
) -> str:
    """The report as Markdown, in the language of ``_`` and ``ngettext``.

    Args:
        data: what to report.
        _: the translator of the labels (``studyapp.i18n._``); English without one.
        ngettext: the plural translator going with it.

    Returns:
        The Markdown text, ending in a newline.
    """
    parts = [_heading(data, _)]
    if data.empty:
        parts.append(_("Nothing was recorded in this period."))
    else:
        parts += [
            _summary(data, _, ngettext),
            _minutes_table(data, _),
            _reading_table(data, _),
            _finished_table(data, _),
            _plans_table(data, _),
            _quiz_table(data, _),
            _notes(data, _),
        ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _none(_: Translate) -> str:
    return _("None.")


def _notes_title(_: Translate) -> str:
    return _("Notes")


def _heading(data: ReportData, _: Translate) -> str:
    period = _("Period: {first} to {last}").format(first=data.first, last=data.last)
    generated = _("Generated on {date}").format(date=data.generated)
    title = _("Study record")
    who = [
        _("Learner: {name}").format(name=markdown_text(data.learner)) if data.learner else "",
        _("Class: {group}").format(group=markdown_text(data.group)) if data.group else "",
    ]
    lines = [line for line in (*who, period, generated) if line]
    return f"# {title}\n\n" + "  \n".join(lines)


def _summary(data: ReportData, _: Translate, ngettext: Plural) -> str:
    minutes = data.minutes_by_day
    days = (data.last - data.first).days + 1
    answered = sum(t.answered for t in data.quiz)
    right = sum(t.right for t in data.quiz)
    longest = best_streak(minutes, data.goal_minutes)
    met = sum(1 for m in minutes.values() if m >= data.goal_minutes * (1 - 1e-9))
    lines = [
        _("Reading time: {minutes} min").format(minutes=minutes_text(sum(minutes.values()))),
        _("Days studied: {days} of {total}").format(days=len(minutes), total=days),
        _("Days the daily goal ({goal} min) was met: {days}").format(
            goal=f"{data.goal_minutes:g}", days=met
        ),
        ngettext("Longest streak: {days} day", "Longest streak: {days} days", longest).format(
            days=longest
        ),
        _("Sections finished: {count}").format(count=len(data.finished)),
        _("Quiz answers: {answered}, right: {right} ({percent})").format(
            answered=answered, right=right, percent=percent_text(right, answered)
        ),
        _("Reviews: {count}").format(count=data.reviews),
        _("True retention: {value} · leeches: {leeches}").format(
            value=f"{data.review.retention:.0%}" if data.review.retention is not None else "–",
            leeches=data.review.leeches,
        ),
        _("Notes: {count}").format(count=len(data.notes)),
    ]
    title = _("Summary")
    return f"## {title}\n\n" + "\n".join(f"- {line}" for line in lines)


def _table(
    title: str, header: Sequence[str], align: str, rows: list[list[str]], _: Translate
) -> str:
    if not rows:
        return f"## {title}\n\n{_none(_)}"
    head = "| " + " | ".join(header) + " |"
    rule = "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |"
    body = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([f"## {title}", "", head, rule, *body])


def _minutes_table(data: ReportData, _: Translate) -> str:
    rows = [[day.isoformat(), minutes_text(m)] for day, m in data.minutes_by_day.items()]
    return _table(_("Reading time per day"), [_("Date"), _("Minutes")], "lr", rows, _)


def _reading_table(data: ReportData, _: Translate) -> str:
    rows = [
        [
            markdown_cell(r.title),
            r.first_day.isoformat(),
            r.last_day.isoformat(),
            minutes_text(r.seconds / 60),
            str(r.sessions),
        ]
        for r in data.reading
    ]
    header = [_("Material"), _("First day"), _("Last day"), _("Minutes"), _("Sessions")]
    return _table(_("Materials read"), header, "lllrr", rows, _)


def _finished_table(data: ReportData, _: Translate) -> str:
    rows = [
        [f.day.isoformat(), markdown_cell(f.material), markdown_cell(f.section)]
        for f in data.finished
    ]
    header = [_("Date"), _("Material"), _("Section")]
    return _table(_("Sections finished"), header, "lll", rows, _)


def _plans_table(data: ReportData, _: Translate) -> str:
    rows = [
        [markdown_cell(p.name), f"{p.done}/{p.total}", percent_text(p.done, p.total)]
        for p in data.plans
    ]
    header = [_("Plan"), _("Units read"), _("Progress")]
    return _table(_("Plan progress"), header, "lrr", rows, _)


def _quiz_table(data: ReportData, _: Translate) -> str:
    rows = [
        [
            markdown_cell(t.material),
            str(t.answered),
            str(t.right),
            percent_text(t.right, t.answered),
        ]
        for t in data.quiz
    ]
    header = [_("Material"), _("Answered"), _("Correct"), _("Accuracy")]
    return _table(_("Quiz accuracy"), header, "lrrr", rows, _)


def _notes(data: ReportData, _: Translate) -> str:
    if not data.notes:
        return f"## {_notes_title(_)}\n\n{_none(_)}"
    blocks = [f"## {_notes_title(_)}"]
    for note in data.notes:
        where = markdown_text(f"{note.material} · {note.section}")
        blocks.append(
            f"### {where}\n\n*{note.day.isoformat()}*\n\n{markdown_paragraphs(note.text)}"
        )
    return "\n\n".join(blocks)
