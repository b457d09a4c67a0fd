"""Reading progress: active time with an injected clock, local days, streaks, heatmap."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.core.progress import (
    ActivityState,
    ActivityTracker,
    best_streak,
    daily_minutes,
    heatmap_weeks,
    level,
    local_day,
    on_activity,
    on_focus,
    pending_active_seconds,
    start_tracking,
    streak,
    take_active_seconds,
)

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def at(seconds: float) -> dt.datetime:
    """The instant ``seconds`` after T0."""
    return T0 + dt.timedelta(seconds=seconds)


def utc(*args: int) -> dt.datetime:
    """An aware UTC datetime."""
    return dt.datetime(*args, tzinfo=dt.UTC)


# --- active time -------------------------------------------------------------------------


def test_steady_activity_counts_all_the_time() -> None:
    state = start_tracking(at(0))
    for second in range(30, 601, 30):
        state = on_activity(state, at(second))
    state, seconds = take_active_seconds(state, at(600))
    assert seconds == 600
    assert state.pending_seconds == 0


def test_time_stops_counting_at_the_idle_cutoff() -> None:
    state = start_tracking(at(0))
    assert take_active_seconds(state, at(300))[1] == 120
    state = on_activity(state, at(100))
    assert take_active_seconds(state, at(400))[1] == 100 + 120


def test_activity_after_an_idle_gap_restarts_counting() -> None:
    state = start_tracking(at(0))
    state = on_activity(state, at(1000))  # 880 idle seconds not counted
    state, seconds = take_active_seconds(state, at(1030))
    assert seconds == 120 + 30


def test_custom_idle_cutoff() -> None:
    state = start_tracking(at(0), idle_cutoff=10)
    assert pending_active_seconds(state, at(60)) == 10
    with pytest.raises(ValueError):
        start_tracking(at(0), idle_cutoff=0)


def test_focus_loss_stops_and_focus_gain_restarts_counting() -> None:
    state = start_tracking(at(0))
    state = on_focus(state, at(50), focused=False)
    state = on_activity(state, at(60))  # a stray scroll while away: does not count
    assert pending_active_seconds(state, at(150)) == 50
    state = on_focus(state, at(200), focused=True)  # back: counts as activity
    state, seconds = take_active_seconds(state, at(250))
    assert seconds == 50 + 50


def test_starting_without_focus_counts_nothing_until_focus() -> None:
    state = start_tracking(at(0), focused=False)
    assert pending_active_seconds(state, at(100)) == 0
    state = on_focus(state, at(100), focused=True)
    assert pending_active_seconds(state, at(400)) == 120


def test_many_small_activities_are_not_counted_twice() -> None:
    state = start_tracking(at(0))
    for tenth in range(1, 101):  # a key press every 0.1 s for 10 s
        state = on_activity(state, at(tenth / 10))
    state, seconds = take_active_seconds(state, at(10))
    assert seconds == pytest.approx(10)


def test_flush_resets_and_never_repeats_seconds() -> None:
    state = start_tracking(at(0))
    state, first = take_active_seconds(state, at(60))
    state, again = take_active_seconds(state, at(60))
    state, later = take_active_seconds(state, at(100))
    assert (first, again, later) == (60, 0, 40)
    # Peeking does not flush.
    assert pending_active_seconds(state, at(110)) == 10
    assert pending_active_seconds(state, at(110)) == 10


def test_a_clock_going_backwards_counts_nothing_negative_or_twice() -> None:
    state = start_tracking(at(0))
    state = on_activity(state, at(100))
    state, seconds = take_active_seconds(state, at(50))  # clock jumped back
    assert seconds == 100
    state = on_activity(state, at(40))
    state, seconds = take_active_seconds(state, at(90))
    assert seconds == 0
    state, seconds = take_active_seconds(state, at(130))
    assert seconds == 30
    # The activity stamped 40 is taken as happening at 100, the latest instant seen,
    # so the idle cutoff runs from there: counting stops at 220.
    state, seconds = take_active_seconds(state, at(400))
    assert seconds == 90


def test_naive_datetimes_are_rejected() -> None:
    naive = dt.datetime(2026, 3, 2, 9, 0)
    with pytest.raises(ValueError, match="naive"):
        start_tracking(naive)
    state = start_tracking(at(0))
    for call in (
        lambda: on_activity(state, naive),
        lambda: on_focus(state, naive, False),
        lambda: take_active_seconds(state, naive),
        lambda: pending_active_seconds(state, naive),
    ):
        with pytest.raises(ValueError, match="naive"):
            call()


def test_state_is_immutable_and_functions_are_pure() -> None:
    state = start_tracking(at(0))
    after = on_activity(state, at(10))
    assert state == start_tracking(at(0))
    assert after is not state
    with pytest.raises(AttributeError):
        state.focused = False  # type: ignore[misc]


def test_tracker_wraps_the_pure_functions() -> None:
    tracker = ActivityTracker(at(0))
    tracker.activity(at(100))
    tracker.focus(at(150), False)
    assert tracker.tick(at(500)) == 150
    tracker.focus(at(600), True)
    assert tracker.flush(at(610)) == 160
    assert tracker.flush(at(610)) == 0
    assert isinstance(tracker.state, ActivityState)


# Events: (seconds since the previous event, kind).
events = st.lists(
    st.tuples(
        st.floats(0, 400, allow_nan=False),
        st.sampled_from(["activity", "focus", "blur", "flush"]),
    ),
    max_size=40,
)


@settings(max_examples=150)
@given(events, st.floats(0, 400, allow_nan=False))
def test_counted_time_never_exceeds_focused_wall_time(
    steps: list[tuple[float, str]], tail: float
) -> None:
    state = start_tracking(at(0))
    now, focused, focused_wall, total = 0.0, True, 0.0, 0.0

    def advance(gap: float) -> None:
        # Wall time measured on the datetimes themselves (microsecond resolution).
        nonlocal now, focused_wall
        if focused:
            focused_wall += (at(now + gap) - at(now)).total_seconds()
        now += gap

    for gap, kind in steps:
        advance(gap)
        if kind == "activity":
            state = on_activity(state, at(now))
        elif kind in ("focus", "blur"):
            state = on_focus(state, at(now), kind == "focus")
            focused = kind == "focus"
        else:
            state, seconds = take_active_seconds(state, at(now))
            assert seconds >= 0
            total += seconds
    advance(tail)
    state, seconds = take_active_seconds(state, at(now))
    total += seconds
    assert 0 <= total <= focused_wall + 1e-9


@settings(max_examples=150)
@given(
    st.lists(st.floats(0, 119.9, allow_nan=False), max_size=40),
    st.lists(st.booleans(), max_size=40),
)
def test_regular_activity_counts_exactly_the_wall_time(
    gaps: list[float], flushes: list[bool]
) -> None:
    state = start_tracking(at(0))
    now, total = 0.0, 0.0
    for index, gap in enumerate(gaps):
        now += gap
        state = on_activity(state, at(now))
        if index < len(flushes) and flushes[index]:
            state, seconds = take_active_seconds(state, at(now))
            total += seconds
    state, seconds = take_active_seconds(state, at(now))
    total += seconds
    wall = (at(now) - at(0)).total_seconds()
    assert math.isclose(total, wall, rel_tol=1e-9, abs_tol=1e-6)


# --- local days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        (utc(2026, 3, 1, 15, 59, 59), SHANGHAI, dt.date(2026, 3, 1)),
        (utc(2026, 3, 1, 16, 0, 0), SHANGHAI, dt.date(2026, 3, 2)),  # Shanghai midnight
        (utc(2026, 3, 1, 23, 59, 59), dt.UTC, dt.date(2026, 3, 1)),
        (utc(2026, 3, 2, 0, 0, 0), dt.UTC, dt.date(2026, 3, 2)),
        # Berlin: 22:30 UTC is 23:30 in winter (CET, +1) but 00:30 next day in summer (+2).
        (utc(2026, 3, 28, 22, 30), BERLIN, dt.date(2026, 3, 28)),
        (utc(2026, 3, 29, 22, 30), BERLIN, dt.date(2026, 3, 30)),
        (utc(2026, 10, 24, 22, 30), BERLIN, dt.date(2026, 10, 25)),
        (utc(2026, 10, 25, 22, 30), BERLIN, dt.date(2026, 10, 25)),
    ],
)
def test_local_day_follows_the_zone_and_daylight_saving(
    instant: dt.datetime, tz: dt.tzinfo, expected: dt.date
) -> None:
    assert local_day(instant, tz) == expected


def test_local_day_accepts_any_aware_instant_and_rejects_naive() -> None:
    shanghai_morning = dt.datetime(2026, 3, 2, 7, 0, tzinfo=SHANGHAI)  # 23:00 UTC on 3-1
    assert local_day(shanghai_morning, dt.UTC) == dt.date(2026, 3, 1)
    with pytest.raises(ValueError, match="naive"):
        local_day(dt.datetime(2026, 3, 2), SHANGHAI)


def test_daily_minutes_attribute_sessions_to_their_local_start_day() -> None:
    sessions = [
        (utc(2026, 3, 1, 15, 30), 1800.0),  # 23:30 in Shanghai, runs past midnight
        (utc(2026, 3, 1, 16, 5), 600.0),  # 00:05 on 3-2 in Shanghai
        (utc(2026, 3, 2, 1, 0), 300.0),
    ]
    assert daily_minutes(sessions, SHANGHAI) == {dt.date(2026, 3, 1): 30, dt.date(2026, 3, 2): 15}
    assert daily_minutes(sessions, dt.UTC) == {dt.date(2026, 3, 1): 40, dt.date(2026, 3, 2): 5}
    assert list(daily_minutes(reversed(sessions), dt.UTC)) == [
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 2),
    ]


def test_daily_minutes_across_the_berlin_dst_switch() -> None:
    sessions = [(utc(2026, 3, 28, 23, 30), 60.0), (utc(2026, 3, 29, 22, 30), 120.0)]
    assert daily_minutes(sessions, BERLIN) == {dt.date(2026, 3, 29): 1, dt.date(2026, 3, 30): 2}


def test_daily_minutes_rejects_bad_sessions() -> None:
    with pytest.raises(ValueError, match="negative"):
        daily_minutes([(utc(2026, 3, 1), -1.0)], dt.UTC)
    with pytest.raises(ValueError, match="naive"):
        daily_minutes([(dt.datetime(2026, 3, 1), 1.0)], dt.UTC)


# --- streaks -----------------------------------------------------------------------------

TODAY = dt.date(2026, 3, 10)


def days_ago(*offsets: int, minutes: float = 30.0) -> dict[dt.date, float]:
    """``minutes`` on each of the given days before TODAY."""
    return {TODAY - dt.timedelta(days=n): minutes for n in offsets}


def test_streak_includes_today_once_met() -> None:
    assert streak(days_ago(0, 1, 2, 4), 30, TODAY) == 3


def test_streak_is_not_broken_by_today_in_progress() -> None:
    history = days_ago(1, 2, 3) | {TODAY: 10.0}
    assert streak(history, 30, TODAY) == 3


def test_streak_breaks_after_a_missed_day() -> None:
    assert streak(days_ago(2, 3, 4), 30, TODAY) == 0
    assert streak({}, 30, TODAY) == 0
    assert streak(days_ago(0, 1, minutes=29.5), 30, TODAY) == 0


def test_streak_forgives_float_noise() -> None:
    noisy = 0.1 * 3 * 100  # 30.000000000000004
    almost = sum([1 / 60] * 1800)  # 29.999999999999...: 1800 one-second sessions
    assert almost < 30
    assert streak({TODAY: noisy, TODAY - dt.timedelta(days=1): almost}, 30, TODAY) == 2


def test_best_streak() -> None:
    history = days_ago(0, 1, 5, 6, 7, 8, 20) | days_ago(2, minutes=5)
    assert best_streak(history, 30) == 4
    assert best_streak({}, 30) == 0
    assert best_streak(days_ago(3), 30) == 1


@pytest.mark.parametrize("goal", [0, -1, math.nan, math.inf])
def test_goals_must_be_positive(goal: float) -> None:
    with pytest.raises(ValueError):
        streak({}, goal, TODAY)
    with pytest.raises(ValueError):
        best_streak({}, goal)
    with pytest.raises(ValueError):
        level(10, goal)


@settings(max_examples=80)
@given(st.sets(st.integers(0, 60), max_size=40))
def test_streak_never_exceeds_best_streak(offsets: set[int]) -> None:
    history = days_ago(*offsets)
    current = streak(history, 30, TODAY)
    assert current <= best_streak(history, 30)
    start = 0 if 0 in offsets else 1
    assert all(n in offsets for n in range(start, start + current))
    assert start + current not in offsets


# --- heatmap -----------------------------------------------------------------------------


def test_heatmap_is_a_year_of_monday_first_weeks() -> None:
    today = dt.date(2026, 3, 11)  # a Wednesday
    history = {today: 45.0, dt.date(2026, 3, 9): 5.0, dt.date(2025, 3, 10): 12.0}
    grid = heatmap_weeks(history, today)
    assert len(grid) == 53 and all(len(week) == 7 for week in grid)
    assert grid[-1] == [5.0, 0.0, 45.0, None, None, None, None]
    assert grid[0][0] == 12.0  # Monday 2025-03-10, 52 weeks before Monday 2026-03-09
    assert sum(cell is None for week in grid for cell in week) == 4


def test_heatmap_on_a_sunday_has_no_future_cells() -> None:
    today = dt.date(2026, 3, 15)
    grid = heatmap_weeks({}, today, weeks=2)
    assert grid == [[0.0] * 7, [0.0] * 7]
    with pytest.raises(ValueError):
        heatmap_weeks({}, today, weeks=0)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, 0), (-3, 0), (0.5, 1), (14.9, 1), (15, 2), (29.9, 2), (30, 3), (59.9, 3), (60, 4)],
)
def test_level_buckets(minutes: float, expected: int) -> None:
    assert level(minutes, 30) == expected
