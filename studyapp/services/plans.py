"""Study plans, today's list and reading statistics, over the repositories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core.materials import Section
from studyapp.core.planfile import PlanSpec, load_plan
from studyapp.core.plans import (
    Assignment,
    ReadingSpeed,
    ReadingUnit,
    SpeedSample,
    day_status,
    measure,
    reschedule,
    split_by_deadline,
    split_by_dues,
    split_by_pace,
    unit_done,
    units_for,
)
from studyapp.core.plans.adaptive import AdaptiveSpeed
from studyapp.core.progress import best_streak, streak
from studyapp.core.read_rule import UNCONFIRMED, session_counts
from studyapp.core.reading import SectionProgress, StoredPlan, TodayStatus
from studyapp.db.plans_repo import PlanExists

if TYPE_CHECKING:
    from studyapp.services import StudyService

__all__ = ["PlanError", "PlanExists"]


class PlanError(ValueError):
    """A plan request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class TodayItem:
    """One unit to read today (or overdue from an earlier day)."""

    plan: str
    day: dt.date
    status: TodayStatus
    unit: ReadingUnit
    minutes: float
    done: bool
    unconfirmed: bool = False  # counted by scrolling before the read rule existed


@dataclass(frozen=True)
class TodayView:
    """What the Today screen and ``studyapp today`` show."""

    date: dt.date
    items: list[TodayItem]
    goal_minutes: float
    minutes_today: float
    streak: int
    reviews_due: int


@dataclass(frozen=True)
class PlanProgress:
    """A plan with its days' states, for ``plan show`` and the stats."""

    plan: StoredPlan
    statuses: list[str]  # one per assignment: done, today, overdue, upcoming
    units_done: int
    units_total: int


def done_keys(progress: Sequence[SectionProgress]) -> set[str]:
    """Unit keys the learner has finished, by the one read rule of :mod:`core.read_rule`:
    finished sections whole, and the paragraphs read of the others. Scrolling past a
    section reads nothing."""
    keys = set()
    for item in progress:
        if item.finished_at is not None:
            keys.add(f"{item.material_id}#{item.section}")
        elif item.read_paragraph >= 0:
            keys.add(f"{item.material_id}#{item.section}:0-{item.read_paragraph}")
    return keys


def unconfirmed_sections(progress: Sequence[SectionProgress]) -> set[str]:
    """``material#anchor`` of sections counted by scrolling before the read rule existed."""
    return {f"{p.material_id}#{p.section}" for p in progress if p.state == UNCONFIRMED}


def paragraph_minutes(
    sections: Sequence[Section], language: str, speed: ReadingSpeed
) -> dict[str, list[tuple[int, float]]]:
    """Expected minutes of each paragraph, by section anchor, at ``speed``."""
    return {
        section.anchor: [
            (p.position, measure(p.text).minutes(speed, language)) for p in section.paragraphs
        ]
        for section in sections
    }


def reading_speed(service: StudyService) -> ReadingSpeed:
    """The learner's reading speed, adapted from the sessions that pass the read rule.

    Sessions are taken in time order; one feeds the model only when its active time
    is at least the read share of what its text needs at the speed measured so far,
    so skimming never raises the measured speed.
    """
    share = service.read_share()
    model = AdaptiveSpeed(ReadingSpeed())
    speed = model.speed()
    for s in service.progress.sessions():
        if s.chars_read <= 0:
            continue
        sample = SpeedSample(
            s.language,
            s.han_read if s.language == "mixed" else s.chars_read,
            s.words_read,
            s.active_seconds,
        )
        expected = speed.minutes(sample.chars, sample.words, sample.language)
        if session_counts(s.active_seconds, expected, share):
            model.add(sample)
            speed = model.speed()
    return speed


def resolve_units(
    service: StudyService, refs: Sequence[str], speed: ReadingSpeed
) -> list[ReadingUnit]:
    """Reading units for ``material`` or ``material#anchor`` references, in the order given.

    Raises:
        PlanError: a material or section that does not exist.
    """
    units: list[ReadingUnit] = []
    for ref in refs:
        material_id, _, anchor = ref.partition("#")
        units.extend(_material_units(service, material_id, anchor or None, None, speed))
    return units


def _material_units(
    service: StudyService,
    material_id: str,
    anchor: str | None,
    required: bool | None,
    speed: ReadingSpeed,
) -> list[ReadingUnit]:
    material = service.materials.get(material_id)
    if material is None:
        raise PlanError(f"no material with id {material_id!r} (see: studyapp library)")
    sections = service.materials.full_text(material_id)
    if anchor is not None:
        sections = [s for s in sections if s.anchor == anchor]
        if not sections:
            raise PlanError(f"{material_id!r} has no section {anchor!r}")
    flag = material.required if required is None else required
    return units_for(material_id, material.language, flag, sections, speed)


def add_plan(
    service: StudyService,
    refs: Sequence[str],
    *,
    name: str | None,
    start: dt.date | None,
    finish_by: dt.date | None,
    minutes_per_day: float | None,
) -> StoredPlan:
    """Cut materials into daily assignments and store them as a plan.

    Raises:
        PlanError: bad dates, both or neither of ``finish_by`` and ``minutes_per_day``,
            unknown materials, or a taken name.
    """
    days = plan_days(service, refs, start, finish_by, minutes_per_day)
    return _store(service, name or _default_name(service, refs), days, finish_by, minutes_per_day)


def plan_days(
    service: StudyService,
    refs: Sequence[str],
    start: dt.date | None,
    finish_by: dt.date | None,
    minutes_per_day: float | None,
) -> list[Assignment]:
    """The days a plan would have, without storing it (the TUI's preview).

    Raises:
        PlanError: as :func:`add_plan`.
    """
    if (finish_by is None) == (minutes_per_day is None):
        raise PlanError("give either --finish-by DATE or --minutes-per-day N")
    start = start or service.local_day()
    speed = reading_speed(service)
    units = resolve_units(service, refs, speed)
    if not units:
        raise PlanError("nothing to read in those materials")
    if finish_by is not None:
        if finish_by < start:
            raise PlanError(f"--finish-by {finish_by} is before the start {start}")
        days = split_by_deadline(units, start, finish_by, speed)
    else:
        assert minutes_per_day is not None
        if minutes_per_day <= 0:
            raise PlanError("--minutes-per-day must be positive")
        days = split_by_pace(units, start, minutes_per_day, speed)
    return days


def add_plan_from_file(
    service: StudyService, path: Path, today: dt.date | None = None
) -> StoredPlan:
    """Store the plan a TOML plan file describes.

    Raises:
        PlanError: the file is invalid or names unknown materials.
    """
    from studyapp.core.planfile import PlanFileError

    try:
        spec = load_plan(path)
    except PlanFileError as error:
        raise PlanError(f"{path}: {error}") from error
    speed = reading_speed(service)
    days = _days_from_spec(service, spec, speed, today or service.local_day())
    return _store(service, spec.name, days, spec.finish_by, spec.minutes_per_day)


def _days_from_spec(
    service: StudyService, spec: PlanSpec, speed: ReadingSpeed, today: dt.date
) -> list[Assignment]:
    start = spec.start or today
    groups = [
        (_material_units(service, item.material, item.section, item.required, speed), item.due)
        for item in spec.items
    ]
    units = [unit for group, _due in groups for unit in group]
    if spec.style == "due":
        return split_by_dues([(g, due) for g, due in groups if g and due], start, speed)
    if spec.style == "pace":
        assert spec.minutes_per_day is not None
        return split_by_pace(units, start, spec.minutes_per_day, speed)
    assert spec.finish_by is not None
    return split_by_deadline(units, start, spec.finish_by, speed)


def _store(
    service: StudyService,
    name: str,
    days: list[Assignment],
    finish_by: dt.date | None,
    minutes_per_day: float | None,
) -> StoredPlan:
    try:
        plan_id = service.plans.create(
            name, days, finish_by=finish_by, minutes_per_day=minutes_per_day, now=service.clock()
        )
    except PlanExists as error:
        raise PlanError(f"a plan named {name!r} exists already (use --name)") from error
    return next(p for p in service.plans.all(reading_speed(service)) if p.id == plan_id)


def _default_name(service: StudyService, refs: Sequence[str]) -> str:
    titles = []
    for ref in refs:
        material = service.materials.get(ref.partition("#")[0])
        if material is not None and material.title not in titles:
            titles.append(material.title)
    base = " + ".join(titles)[:60] or "plan"
    taken = {p.name for p in service.plans.all(ReadingSpeed())}
    name, n = base, 2
    while name in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def find_plan(service: StudyService, name: str | None) -> StoredPlan:
    """A plan by name or id; without a name, the only plan.

    Raises:
        PlanError: no such plan, or several plans and no name.
    """
    plans = service.plans.all(reading_speed(service))
    if name is None:
        if len(plans) == 1:
            return plans[0]
        raise PlanError("several plans exist; name one" if plans else "there is no plan yet")
    for plan in plans:
        if plan.name == name or str(plan.id) == name:
            return plan
    raise PlanError(f"no plan named {name!r}")


def plan_progress(service: StudyService, plan: StoredPlan) -> PlanProgress:
    """Each day's state and the units done in a plan."""
    keys = done_keys(service.progress.section_progress())
    today = service.local_day()
    units = [u for a in plan.assignments for u in a.units]
    return PlanProgress(
        plan,
        [day_status(a, keys, today) for a in plan.assignments],
        sum(1 for u in units if unit_done(u, keys)),
        len(units),
    )


def reschedule_plan(
    service: StudyService, name: str | None, finish_by: dt.date | None
) -> StoredPlan:
    """Spread what is left of a plan over the remaining days (an explicit action)."""
    plan = find_plan(service, name)
    speed = reading_speed(service)
    keys = done_keys(service.progress.section_progress())
    try:
        days = reschedule(plan.assignments, keys, service.local_day(), finish_by, speed)
    except ValueError as error:
        raise PlanError(str(error)) from error
    service.plans.replace(plan.id, days, finish_by)
    return find_plan(service, str(plan.id))


def today_view(service: StudyService) -> TodayView:
    """Today's and overdue assignments of every plan, with goal, streak and due reviews."""
    today = service.local_day()
    section_progress = service.progress.section_progress()
    keys = done_keys(section_progress)
    unconfirmed = unconfirmed_sections(section_progress)
    items: list[TodayItem] = []
    speed = reading_speed(service)
    for plan in service.plans.all(speed):
        for assignment in plan.assignments:
            status = day_status(assignment, keys, today)
            if assignment.day > today or (status == "done" and assignment.day < today):
                continue
            for unit in assignment.units:
                done = unit_done(unit, keys)
                if assignment.day < today and done:
                    continue
                state: TodayStatus = "today" if assignment.day == today else "overdue"
                items.append(
                    TodayItem(
                        plan.name,
                        assignment.day,
                        state,
                        unit,
                        unit.minutes(speed),
                        done,
                        done and unit.section_key in unconfirmed,
                    )
                )
    items.extend(_leech_items(service, today, speed))
    minutes = minutes_by_day(service)
    goal = service.settings.reading.daily_goal_minutes
    return TodayView(
        today,
        items,
        goal,
        minutes.get(today, 0.0),
        streak(minutes, goal, today),
        service.reviews_due_count(),
    )


def _leech_items(service: StudyService, today: dt.date, speed: ReadingSpeed) -> list[TodayItem]:
    """Passages of cards that became leeches today: re-read them (status ``reread``)."""
    start = dt.datetime.combine(today, dt.time(), service.tz).astimezone(dt.UTC)
    leeched = [e for e in service.reviews.logs(since=start) if e.leeched]
    questions = service.quiz.questions_by_id([e.question_id for e in leeched])
    items: list[TodayItem] = []
    seen: set[tuple[str, str]] = set()
    for question in questions.values():
        key = (question.source.material, question.source.section)
        if key in seen:
            continue
        seen.add(key)
        for unit in _material_units(service, key[0], key[1], None, speed)[:1]:
            items.append(TodayItem("", today, "reread", unit, unit.minutes(speed), False))
    return items


def minutes_by_day(service: StudyService) -> dict[dt.date, float]:
    """Active reading minutes per local day."""
    return {day: seconds / 60 for day, seconds in service.progress.seconds_by_day().items()}


def best(service: StudyService) -> int:
    """The longest streak ever."""
    return best_streak(minutes_by_day(service), service.settings.reading.daily_goal_minutes)
