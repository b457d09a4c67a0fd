"""What is read: done keys, units done however they were cut, and each day's status."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from studyapp.core.plans.schedule import Assignment
from studyapp.core.plans.units import ReadingUnit

DONE, TODAY, OVERDUE, UPCOMING = "done", "today", "overdue", "upcoming"

_PART = re.compile(r"(\d+)-(\d+)")


def parse_key(key: str) -> tuple[str, tuple[int, int] | None]:
    """Split a unit key into its section key and its paragraph range (``None`` when whole).

    Args:
        key: ``material#anchor`` or ``material#anchor:3-7``.

    Returns:
        ``("material#anchor", (3, 7))`` or ``("material#anchor", None)``.
    """
    base, colon, tail = key.rpartition(":")
    match = _PART.fullmatch(tail) if colon else None
    if match and "#" in base:
        return base, (int(match.group(1)), int(match.group(2)))
    return key, None


class DoneIndex:
    """Done keys indexed by section, so a unit counts as done however it was cut.

    Build it once and test many units with ``unit in index``; the functions
    below that take ``done_keys`` also accept a ready index.
    """

    def __init__(self, done_keys: Iterable[str]) -> None:
        self.whole: set[str] = set()
        self.ranges: dict[str, list[tuple[int, int]]] = {}
        for key in done_keys:
            base, span = parse_key(key)
            if span is None:
                self.whole.add(base)
            else:
                self.ranges.setdefault(base, []).append(span)
        for spans in self.ranges.values():
            spans.sort()

    def __contains__(self, unit: ReadingUnit) -> bool:
        if unit.section_key in self.whole:
            return True
        reached = unit.first_paragraph - 1  # every paragraph up to here is read
        for first, last in self.ranges.get(unit.section_key, ()):
            if first > reached + 1:
                break  # a gap: paragraph reached + 1 is unread
            reached = max(reached, last)
            if reached >= unit.last_paragraph:
                return True
        return False


def _index(done_keys: Iterable[str] | DoneIndex) -> DoneIndex:
    return done_keys if isinstance(done_keys, DoneIndex) else DoneIndex(done_keys)


def unit_done(unit: ReadingUnit, done_keys: Iterable[str] | DoneIndex) -> bool:
    """Whether a unit has been read, even if it was cut differently when it was read.

    A unit is done when its section's key is done, or when done part keys of its
    section together cover all its paragraphs. So progress survives a re-split
    of a long section (after the reading speed changed, say).

    Args:
        unit: the unit.
        done_keys: keys of units marked as read (or a :class:`DoneIndex` of them).

    Returns:
        True if every paragraph of the unit is covered.
    """
    return unit in _index(done_keys)


def day_status(assignment: Assignment, done_keys: Iterable[str] | DoneIndex, today: dt.date) -> str:
    """``done``, ``today``, ``overdue`` or ``upcoming`` for one day of a plan.

    Args:
        assignment: the day's assignment.
        done_keys: keys of units marked as read (or a :class:`DoneIndex` of them).
        today: the reader's local date.

    Returns:
        ``done`` when every unit is read (whatever the date), else ``today`` for
        today, ``overdue`` for a past day and ``upcoming`` for a future one.
    """
    index = _index(done_keys)
    if all(unit in index for unit in assignment.units):
        return DONE
    if assignment.day == today:
        return TODAY
    return OVERDUE if assignment.day < today else UPCOMING
