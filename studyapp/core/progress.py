"""Reading progress: active reading time, local days, streaks and the activity heatmap."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

IDLE_CUTOFF_SECONDS = 120.0
"""Reading time stops counting this long after the last key press or scroll."""


def _require_aware(moment: dt.datetime, name: str = "now") -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} is a naive datetime; pass a timezone-aware (UTC) one")


@dataclass(frozen=True)
class ActivityState:
    """Where active-time tracking stands; change it only through the functions below.

    Counting rule: after each activity (a key press, a scroll, the start, focus
    coming back) time counts until the next activity or until ``idle_cutoff``
    seconds have passed, whichever comes first, and only while the reader has
    focus. Reading on without touching a key for longer than the cutoff is thus
    counted up to the cutoff; the rest of the pause is not. Each stretch of time
    is counted at most once: ``counted_until`` only moves forward, and a clock
    that goes backwards counts nothing until it passes ``last_event`` again.
    """

    focused: bool
    last_activity: dt.datetime
    counted_until: dt.datetime
    last_event: dt.datetime
    pending_seconds: float = 0.0
    idle_cutoff: float = IDLE_CUTOFF_SECONDS


def start_tracking(
    now: dt.datetime, focused: bool = True, idle_cutoff: float = IDLE_CUTOFF_SECONDS
) -> ActivityState:
    """Begin tracking a reading session; the start counts as an activity.

    Args:
        now: the current instant (aware).
        focused: whether the app has focus now.
        idle_cutoff: seconds after an activity during which time still counts.

    Returns:
        A fresh state with nothing counted yet.

    Raises:
        ValueError: for a naive ``now`` or a cutoff that is not positive.
    """
    _require_aware(now)
    if not (math.isfinite(idle_cutoff) and idle_cutoff > 0):
        raise ValueError("idle_cutoff must be a positive number of seconds")
    return ActivityState(focused, now, now, now, 0.0, idle_cutoff)


def _accrue(state: ActivityState, now: dt.datetime) -> tuple[ActivityState, dt.datetime]:
    """Count the active time up to ``now``; also return ``now`` clamped to never go back."""
    _require_aware(now)
    now = max(now, state.last_event)
    pending, counted_until = state.pending_seconds, state.counted_until
    if state.focused:
        window_end = min(now, state.last_activity + dt.timedelta(seconds=state.idle_cutoff))
        begin = max(counted_until, state.last_activity)
        if window_end > begin:
            pending += (window_end - begin).total_seconds()
            counted_until = window_end
    accrued = replace(state, pending_seconds=pending, counted_until=counted_until, last_event=now)
    return accrued, now


def on_activity(state: ActivityState, now: dt.datetime) -> ActivityState:
    """Record a key press, scroll or click: time counts again from ``now``.

    Args:
        state: the current state.
        now: the instant of the activity (aware).

    Returns:
        The new state.

    Raises:
        ValueError: for a naive ``now``.
    """
    state, now = _accrue(state, now)
    return replace(state, last_activity=now)


def on_focus(state: ActivityState, now: dt.datetime, focused: bool) -> ActivityState:
    """Record the app gaining or losing focus.

    Losing focus stops the count at ``now``; gaining it counts as an activity
    (the reader is back and looking).

    Args:
        state: the current state.
        now: the instant of the focus change (aware).
        focused: whether the app has focus from now on.

    Returns:
        The new state.

    Raises:
        ValueError: for a naive ``now``.
    """
    state, now = _accrue(state, now)
    if focused:
        state = replace(state, last_activity=now)
    return replace(state, focused=focused)


def pending_active_seconds(state: ActivityState, now: dt.datetime) -> float:
    """Active seconds counted since the last flush, up to ``now``, without flushing.

    Args:
        state: the current state.
        now: the current instant (aware).

    Returns:
        The unflushed active seconds.

    Raises:
        ValueError: for a naive ``now``.
    """
    return _accrue(state, now)[0].pending_seconds


def take_active_seconds(state: ActivityState, now: dt.datetime) -> tuple[ActivityState, float]:
    """Flush: the active seconds counted since the last flush, and a state reset to zero.

    Args:
        state: the current state.
        now: the current instant (aware).

    Returns:
        ``(new_state, seconds)``.

    Raises:
        ValueError: for a naive ``now``.
    """
    state, _now = _accrue(state, now)
    return replace(state, pending_seconds=0.0), state.pending_seconds


class ActivityTracker:
    """A small mutable holder around :class:`ActivityState`, for UI code.

    Every method takes the current instant; the tracker never reads a clock.
    """

    def __init__(
        self, now: dt.datetime, focused: bool = True, idle_cutoff: float = IDLE_CUTOFF_SECONDS
    ) -> None:
        self.state = start_tracking(now, focused, idle_cutoff)

    def activity(self, now: dt.datetime) -> None:
        """Record a key press or scroll."""
        self.state = on_activity(self.state, now)

    def focus(self, now: dt.datetime, focused: bool) -> None:
        """Record a focus change."""
        self.state = on_focus(self.state, now, focused)

    def tick(self, now: dt.datetime) -> float:
        """Active seconds accumulated since the last flush, without flushing."""
        return pending_active_seconds(self.state, now)

    def flush(self, now: dt.datetime) -> float:
        """Return and reset the unflushed active seconds."""
        self.state, seconds = take_active_seconds(self.state, now)
        return seconds


def local_day(at: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The reader's calendar day of an instant.

    Args:
        at: an aware instant.
        tz: the reader's time zone.

    Returns:
        The date of ``at`` on the wall clock of ``tz``.

    Raises:
        ValueError: for a naive ``at``.
    """
    _require_aware(at, "at")
    return at.astimezone(tz).date()


def daily_minutes(
    sessions: Iterable[tuple[dt.datetime, float]], tz: dt.tzinfo
) -> dict[dt.date, float]:
    """Active reading minutes per local day.

    A session counts wholly for the local day on which it started, even if it
    runs past midnight, so a late-night session does not split its time.

    Args:
        sessions: ``(start, active_seconds)`` pairs with aware starts.
        tz: the reader's time zone.

    Returns:
        Minutes by local date, in date order; days without reading are absent.

    Raises:
        ValueError: for a naive start or negative seconds.
    """
    totals: dict[dt.date, float] = {}
    for start, seconds in sessions:
        if not seconds >= 0:
            raise ValueError(f"active seconds must not be negative, got {seconds!r}")
        day = local_day(start, tz)
        totals[day] = totals.get(day, 0.0) + seconds / 60.0
    return dict(sorted(totals.items()))


def _check_goal(goal_minutes: float) -> None:
    if not (math.isfinite(goal_minutes) and goal_minutes > 0):
        raise ValueError("goal_minutes must be a positive number")


def _meets(minutes: float, goal_minutes: float) -> bool:
    """Whether a day reached the goal, forgiving float noise from summed seconds."""
    return minutes >= goal_minutes - 1e-9 * goal_minutes


def streak(minutes_by_day: Mapping[dt.date, float], goal_minutes: float, today: dt.date) -> int:
    """The current streak: consecutive days meeting the goal, up to today.

    Today is still in progress, so a streak that has not been extended today
    yet is not broken: when today does not meet the goal (yet), the streak ends
    yesterday. It only breaks once a whole day has passed without the goal.

    Args:
        minutes_by_day: reading minutes by local date.
        goal_minutes: the daily goal.
        today: the reader's local date.

    Returns:
        The number of days in the streak, 0 if none.

    Raises:
        ValueError: for a goal that is not positive.
    """
    _check_goal(goal_minutes)
    day = today
    if not _meets(minutes_by_day.get(day, 0.0), goal_minutes):
        day -= dt.timedelta(days=1)
    count = 0
    while _meets(minutes_by_day.get(day, 0.0), goal_minutes):
        count += 1
        day -= dt.timedelta(days=1)
    return count


def best_streak(minutes_by_day: Mapping[dt.date, float], goal_minutes: float) -> int:
    """The longest run of consecutive days meeting the goal, ever.

    Args:
        minutes_by_day: reading minutes by local date.
        goal_minutes: the daily goal.

    Returns:
        The length of the longest run, 0 if no day met the goal.

    Raises:
        ValueError: for a goal that is not positive.
    """
    _check_goal(goal_minutes)
    met = sorted(day for day, minutes in minutes_by_day.items() if _meets(minutes, goal_minutes))
    best = run = 0
    previous: dt.date | None = None
    for day in met:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


def heatmap_weeks(
    minutes_by_day: Mapping[dt.date, float], today: dt.date, weeks: int = 53
) -> list[list[float | None]]:
    """A calendar grid of recent reading, one list per week, for a GitHub-style heatmap.

    Each inner list is one week, Monday first (7 entries); the outer list runs
    from the oldest week to the week holding ``today``. Drawn with weeks as
    columns and weekdays as rows, ``grid[w][d]`` is column ``w``, row ``d``.

    Args:
        minutes_by_day: reading minutes by local date.
        today: the reader's local date.
        weeks: how many weeks to show.

    Returns:
        Minutes for each day (0.0 without reading), ``None`` for days after today.

    Raises:
        ValueError: if ``weeks`` is less than 1.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=weeks - 1)
    grid: list[list[float | None]] = []
    for week in range(weeks):
        column: list[float | None] = []
        for weekday in range(7):
            day = first_monday + dt.timedelta(weeks=week, days=weekday)
            column.append(None if day > today else float(minutes_by_day.get(day, 0.0)))
        grid.append(column)
    return grid


def level(minutes: float, goal: float) -> int:
    """Shade bucket 0..4 for a heatmap cell.

    0: no reading; 1: under half the goal; 2: at least half, under the goal;
    3: the goal met, under twice the goal; 4: twice the goal or more.

    Args:
        minutes: the day's reading minutes.
        goal: the daily goal in minutes.

    Returns:
        The bucket.

    Raises:
        ValueError: for a goal that is not positive.
    """
    _check_goal(goal)
    if minutes <= 0:
        return 0
    if not _meets(minutes, goal / 2):
        return 1
    if not _meets(minutes, goal):
        return 2
    return 3 if not _meets(minutes, 2 * goal) else 4
