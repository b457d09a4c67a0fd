"""``export report``: the study record (学习记录) for a period, as Markdown in the UI language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core.export.report import (
    FinishedSection,
    MaterialReading,
    PlanLine,
    QuizTally,
    ReportData,
    ReportNote,
    ReviewOutcome,
    render_report,
)
from studyapp.core.reading import ReadingSession
from studyapp.i18n import _, ngettext
from studyapp.services.export import ExportError, ReportExport, Titles
from studyapp.services.files import atomic_write_text

if TYPE_CHECKING:
    from studyapp.services import StudyService


def export_report(
    service: StudyService, target: Path, first: dt.date | None, last: dt.date | None
) -> ReportExport:
    """Write the study report for the local days ``first`` to ``last`` (both inclusive).

    Args:
        service: the open library.
        target: the Markdown file to write (atomically).
        first: the first local day; default the first day anything was recorded.
        last: the last local day; default today.

    Returns:
        The file, the period and the minutes per day reported.

    Raises:
        ExportError: ``first`` is after ``last``.
    """
    data = report_data(service, first, last)
    atomic_write_text(target, render_report(data, _, ngettext))
    return ReportExport(target, data.first, data.last, dict(data.minutes_by_day), data.empty)


def report_data(service: StudyService, first: dt.date | None, last: dt.date | None) -> ReportData:
    """Collect what the report shows; days are the learner's local days, as in ``stats``."""
    last = last or service.local_day()
    if first is not None and first > last:
        raise ExportError(_("--from {first} is after --to {last}").format(first=first, last=last))
    titles = Titles(service)
    seconds = service.progress.seconds_by_day(first, last)
    sessions = service.progress.sessions(first, until=last)
    finished = _finished(service, titles, first, last)
    quiz = _quiz(service, titles, first, last)
    notes = _notes(service, titles, first, last)
    reviews = {d: n for d, n in service.reviews.reviews_by_day().items() if _within(d, first, last)}
    if first is None:
        days = [*seconds, *reviews, *(f.day for f in finished), *(n.day for n in notes)]
        days += [a.local_day for a in service.quiz.answers(until=last)]
        first = min(days, default=last)
    return ReportData(
        first=first,
        last=last,
        generated=service.local_day(),
        seconds_by_day=seconds,
        goal_minutes=service.settings.reading.daily_goal_minutes,
        reading=_reading(sessions, titles),
        finished=finished,
        quiz=quiz,
        notes=notes,
        reviews=sum(reviews.values()),
        learner=_profile(service, "name"),
        group=_profile(service, "class"),
        plans=_plans(service),
        review=_review_outcome(service, sum(reviews.values()), first, last),
    )


MIN_SESSION_SECONDS = 60.0
"""Sessions shorter than this (opening a material and leaving) are not counted."""


def _profile(service: StudyService, key: str) -> str:
    """``[profile] name`` or ``class`` from config.toml (display only)."""
    value = service.settings.profile.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _plans(service: StudyService) -> list[PlanLine]:
    from studyapp.services.plans import plan_progress, reading_speed

    plans = service.plans.all(reading_speed(service))
    progress = [plan_progress(service, plan) for plan in plans]
    return [PlanLine(p.plan.name, p.units_done, p.units_total) for p in progress]


def _review_outcome(
    service: StudyService, reviews: int, first: dt.date | None, last: dt.date
) -> ReviewOutcome:
    from studyapp.services.review import review_settings

    leeches = sum(
        1
        for e in service.reviews.logs()
        if e.leeched and _within(service.local_day(e.reviewed_at), first, last)
    )
    retention = service.reviews.retention(review_settings(service).mature_days)
    return ReviewOutcome(reviews, retention, leeches)


def _within(day: dt.date, first: dt.date | None, last: dt.date) -> bool:
    return (first is None or day >= first) and day <= last


def _reading(sessions: list[ReadingSession], titles: Titles) -> list[MaterialReading]:
    by_material: dict[str, list[ReadingSession]] = defaultdict(list)
    for session in sessions:
        by_material[session.material_id].append(session)
    rows = [
        MaterialReading(
            titles.material(material),
            min(s.local_day for s in group),
            max(s.local_day for s in group),
            sum(s.active_seconds for s in group),
            sum(1 for s in group if s.active_seconds >= MIN_SESSION_SECONDS),
        )
        for material, group in by_material.items()
    ]
    return sorted(rows, key=lambda r: (r.first_day, r.title))


def _finished(
    service: StudyService, titles: Titles, first: dt.date | None, last: dt.date
) -> list[FinishedSection]:
    rows = []
    for p in service.progress.section_progress():
        moment = p.finished_at
        if moment is None or not _within(day := service.local_day(moment), first, last):
            continue
        key = (
            day,
            titles.material(p.material_id),
            titles.section_position(p.material_id, p.section),
        )
        rows.append((key, FinishedSection(day, key[1], titles.section(p.material_id, p.section))))
    return [row for _key, row in sorted(rows, key=lambda item: item[0])]


def _quiz(
    service: StudyService, titles: Titles, first: dt.date | None, last: dt.date
) -> list[QuizTally]:
    answered: dict[str, list[bool]] = defaultdict(list)
    for answer in service.quiz.answers(since=first, until=last):
        answered[answer.question.source.material].append(answer.correct)
    tallies = [QuizTally(titles.material(m), len(r), sum(r)) for m, r in answered.items()]
    return sorted(tallies, key=lambda t: t.material)


def _notes(
    service: StudyService, titles: Titles, first: dt.date | None, last: dt.date
) -> list[ReportNote]:
    notes = []
    for note in service.progress.notes():  # oldest change first
        day = service.local_day(note.updated_at)
        if _within(day, first, last) and note.text.strip():
            section = titles.section(note.material_id, note.section)
            notes.append(ReportNote(day, titles.material(note.material_id), section, note.text))
    return notes
