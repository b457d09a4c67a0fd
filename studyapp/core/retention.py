"""Which automatic backups to keep: the newest of each recent day, week and month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Retention:
    """How many days, ISO weeks and months keep a backup (the newest one in each)."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def backups_to_keep(days: Iterable[dt.date], retention: Retention) -> set[dt.date]:
    """The backup days to keep; every other automatic backup may be deleted.

    A backup is kept when it is among the ``daily`` newest, or the newest of one of the
    ``weekly`` newest ISO weeks that have a backup, or of one of the ``monthly`` newest
    months that have one. The newest backup is therefore always kept.
    """
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[: max(retention.daily, 0)])
    keep |= _newest_per_period(newest_first, _iso_week, retention.weekly)
    keep |= _newest_per_period(newest_first, _month, retention.monthly)
    return keep


def _newest_per_period(
    newest_first: Sequence[dt.date], period: Callable[[dt.date], Hashable], count: int
) -> set[dt.date]:
    chosen: dict[Hashable, dt.date] = {}
    for day in newest_first:
        key = period(day)
        if key in chosen:
            continue
        if len(chosen) >= count:
            break
        chosen[key] = day
    return set(chosen.values())


def _iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _month(day: dt.date) -> tuple[int, int]:
    return day.year, day.month
