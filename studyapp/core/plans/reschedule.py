"""Rescheduling: what is left spread again from today, on the reader's request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from studyapp.core.plans.done import DoneIndex, _index
from studyapp.core.plans.schedule import Assignment, _assignment, split_by_deadline
from studyapp.core.plans.speed import ReadingSpeed
from studyapp.core.plans.units import ReadingUnit


def reschedule(
    assignments: Sequence[Assignment],
    done_keys: Iterable[str] | DoneIndex,
    today: dt.date,
    finish_by: dt.date | None,
    speed: ReadingSpeed,
) -> list[Assignment]:
    """Re-plan what is left from ``today``: an explicit user action, never automatic.

    A plan is never rescheduled behind the reader's back; overdue days simply
    show as overdue until the reader asks for this. Then:

    - past days (before ``today``) that are complete stay untouched, as history;
      past days that are partly read keep only their read units;
    - read units of today and later days (read ahead) are kept on today;
    - every unread unit, overdue ones included, is spread in plan order from
      ``today`` to ``finish_by`` with :func:`split_by_deadline`. Without
      ``finish_by`` the plan keeps its end: the original last day, or today if
      that has passed.

    No unit is lost or duplicated.

    Args:
        assignments: the current plan.
        done_keys: keys of units marked as read (or a :class:`DoneIndex` of them).
        today: the reader's local date.
        finish_by: the new last day, or ``None`` to keep the plan's end.
        speed: the reading speed used to weigh the units.

    Returns:
        The new plan, by date.

    Raises:
        ValueError: if ``finish_by`` is before ``today``.
    """
    if finish_by is not None and finish_by < today:
        raise ValueError(f"finish_by {finish_by} is before today {today}")
    index = _index(done_keys)
    ordered = sorted(assignments, key=lambda assignment: assignment.day)
    history: list[Assignment] = []
    read_ahead: list[ReadingUnit] = []
    pending: list[ReadingUnit] = []
    for assignment in ordered:
        done = [unit for unit in assignment.units if unit in index]
        pending.extend(unit for unit in assignment.units if unit not in index)
        if assignment.day >= today:
            read_ahead.extend(done)
        elif len(done) == len(assignment.units):
            history.append(assignment)
        elif done:
            history.append(_assignment(assignment.day, done, speed))
    end = finish_by if finish_by is not None else max([today, *(a.day for a in ordered)])
    planned = split_by_deadline(pending, today, end, speed) if pending else []
    if read_ahead:
        if planned and planned[0].day == today:
            planned[0] = _assignment(today, (*read_ahead, *planned[0].units), speed)
        else:
            planned.insert(0, _assignment(today, read_ahead, speed))
    return history + planned
