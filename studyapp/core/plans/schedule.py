"""Schedulers: reading units spread over days, by a deadline, a daily pace or due dates."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studyapp.core.plans.partition import _linear_partition
from studyapp.core.plans.speed import ReadingSpeed
from studyapp.core.plans.units import ReadingUnit


@dataclass(frozen=True)
class Assignment:
    """What to read on one day, and how long it should take."""

    day: dt.date
    units: tuple[ReadingUnit, ...]
    minutes: float

    @property
    def keys(self) -> tuple[str, ...]:
        """The units' keys, in reading order."""
        return tuple(unit.key for unit in self.units)

    @property
    def chars(self) -> int:
        """Non-space characters to read."""
        return sum(unit.chars for unit in self.units)

    @property
    def words(self) -> int:
        """Latin words to read."""
        return sum(unit.words for unit in self.units)

    @property
    def required(self) -> bool:
        """Whether any unit of the day is required reading."""
        return any(unit.required for unit in self.units)


def _assignment(day: dt.date, units: Iterable[ReadingUnit], speed: ReadingSpeed) -> Assignment:
    units = tuple(units)
    return Assignment(day, units, sum(unit.minutes(speed) for unit in units))


def split_by_deadline(
    units: Sequence[ReadingUnit], start: dt.date, finish_by: dt.date, speed: ReadingSpeed
) -> list[Assignment]:
    """Spread units, in order, over the days from ``start`` to ``finish_by`` evenly.

    A contiguous, order-preserving partition minimising the heaviest day (binary
    search on the maximum load with a greedy feasibility check), with the cuts
    then placed as near as possible to equal shares. With at least as many units
    as days every day gets some reading; with fewer units each unit gets its own
    day and the units are spaced evenly from ``start`` (unit ``i`` of ``n`` on
    day ``floor(i * days / n)``), leaving the spare days as gaps and slack at the end.

    Balance guarantee: the heaviest day is at most ``total / days + largest``,
    where ``largest`` is the longest unit's minutes. (Greedy packing under the
    cap ``total / days + largest`` closes each day only when it holds more than
    ``total / days``, so it never needs more than ``days`` days; the optimum is
    no worse.)

    Args:
        units: the units in reading order.
        start: the first day.
        finish_by: the last day (inclusive).
        speed: the reading speed used to weigh the units.

    Returns:
        One assignment per used day, by date.

    Raises:
        ValueError: if ``finish_by`` is before ``start`` or there are no units.
    """
    if finish_by < start:
        raise ValueError(f"finish_by {finish_by} is before start {start}")
    if not units:
        raise ValueError("no units to schedule")
    days = (finish_by - start).days + 1
    count = len(units)
    if count <= days:
        return [
            _assignment(start + dt.timedelta(days=index * days // count), (unit,), speed)
            for index, unit in enumerate(units)
        ]
    weights = [unit.minutes(speed) for unit in units]
    return [
        _assignment(start + dt.timedelta(days=day), units[a:b], speed)
        for day, (a, b) in enumerate(_linear_partition(weights, days))
    ]


def split_by_pace(
    units: Sequence[ReadingUnit], start: dt.date, minutes_per_day: float, speed: ReadingSpeed
) -> list[Assignment]:
    """Fill consecutive days from ``start`` with about ``minutes_per_day`` of reading each.

    A unit goes on the current day when that brings the day's load strictly
    closer to ``minutes_per_day`` than leaving it for the next day; a day always
    gets at least one unit. So a day with several units overshoots the target by
    less than half of its last unit.

    Args:
        units: the units in reading order.
        start: the first day.
        minutes_per_day: the daily target.
        speed: the reading speed used to weigh the units.

    Returns:
        One assignment per day, consecutive from ``start``.

    Raises:
        ValueError: if there are no units or the target is not positive.
    """
    if not units:
        raise ValueError("no units to schedule")
    if not (math.isfinite(minutes_per_day) and minutes_per_day > 0):
        raise ValueError("minutes_per_day must be a positive number")
    days: list[list[ReadingUnit]] = []
    load = 0.0
    for unit in units:
        minutes = unit.minutes(speed)
        if days and abs(load + minutes - minutes_per_day) < abs(load - minutes_per_day):
            days[-1].append(unit)
            load += minutes
        else:
            days.append([unit])
            load = minutes
    return [
        _assignment(start + dt.timedelta(days=index), day, speed) for index, day in enumerate(days)
    ]


def split_by_dues(
    groups: Sequence[tuple[Sequence[ReadingUnit], dt.date]], start: dt.date, speed: ReadingSpeed
) -> list[Assignment]:
    """Schedule plan items that each have a due date (the due-date style of plan file).

    Each group's units are spread with :func:`split_by_deadline` over the days
    after the previous group's due date (from ``start`` for the first group) up
    to its own due date; consecutive groups with the same due date share a window.

    Args:
        groups: ``(units, due)`` pairs in plan order, due dates not decreasing.
        start: the plan's first day.
        speed: the reading speed used to weigh the units.

    Returns:
        The assignments of all groups, by date.

    Raises:
        ValueError: if a due date is before ``start`` or before the previous one.
    """
    merged: list[tuple[list[ReadingUnit], dt.date]] = []
    for units, due in groups:
        if due < start:
            raise ValueError(f"due date {due} is before the start {start}")
        if merged and due < merged[-1][1]:
            raise ValueError(f"due date {due} is before the previous due date {merged[-1][1]}")
        if merged and due == merged[-1][1]:
            merged[-1][0].extend(units)
        else:
            merged.append((list(units), due))
    assignments: list[Assignment] = []
    window_start = start
    for units, due in merged:
        if units:
            assignments.extend(split_by_deadline(units, window_start, due, speed))
        window_start = due + dt.timedelta(days=1)
    return assignments
