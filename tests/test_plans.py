"""Study plans: reading speed, reading units, day-by-day splits and rescheduling."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from studyapp.core.materials import Paragraph, Section
from studyapp.core.plans import (
    EN_BOUNDS,
    FULL_TRUST_SECONDS,
    ZH_BOUNDS,
    Assignment,
    DoneIndex,
    ReadingSpeed,
    ReadingUnit,
    SpeedSample,
    TextSize,
    adapt_speed,
    day_status,
    measure,
    parse_key,
    reschedule,
    split_by_deadline,
    split_by_dues,
    split_by_pace,
    unit_done,
    units_for,
)

SPEED = ReadingSpeed()
START = dt.date(2026, 3, 2)


def day(offset: int) -> dt.date:
    """The date ``offset`` days after START."""
    return START + dt.timedelta(days=offset)


def unit(name: str, minutes: float = 1.0, *, required: bool = True) -> ReadingUnit:
    """A whole-section Chinese unit taking ``minutes`` at the default 300 chars a minute."""
    chars = round(minutes * 300)
    return ReadingUnit("m", name, name.title(), 0, 0, chars, 0, "zh", required, han=chars)


def units_of(minutes: list[float]) -> list[ReadingUnit]:
    """Units u0, u1, ... with the given reading minutes."""
    return [unit(f"u{i}", m) for i, m in enumerate(minutes)]


def section(anchor: str, texts: list[str], material: str = "m") -> Section:
    """A stored section with paragraphs of the given texts."""
    paragraphs = tuple(Paragraph(i, "paragraph", text, f"h{i}") for i, text in enumerate(texts))
    chars = sum(len(t.replace(" ", "")) for t in texts)
    return Section(material, anchor, 0, anchor.title(), 2, chars, paragraphs)


def zh(chars: int) -> str:
    """Chinese text of exactly ``chars`` non-space characters."""
    return "读" * chars


# Durations in whole 1/300 minutes so they round-trip exactly through chars.
minutes_lists = st.lists(st.integers(1, 9000).map(lambda c: c / 300), min_size=1, max_size=30)


# --- reading speed -----------------------------------------------------------------------


def test_default_speeds_and_minutes_per_language() -> None:
    assert (SPEED.zh_chars_per_minute, SPEED.en_words_per_minute) == (300, 200)
    assert SPEED.minutes(600, 999, "zh") == 2.0
    assert SPEED.minutes(999, 100, "en") == 0.5
    assert SPEED.minutes(300, 200, "mixed") == 2.0


@pytest.mark.parametrize(
    ("args", "match"),
    [((1, 1, "fr"), "unknown language"), ((-1, 0, "zh"), "negative"), ((0, -1, "en"), "negative")],
)
def test_minutes_rejects_bad_input(args: tuple[int, int, str], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        SPEED.minutes(*args)


@pytest.mark.parametrize("value", [0, -5, math.nan, math.inf])
def test_speed_must_be_positive_and_finite(value: float) -> None:
    with pytest.raises(ValueError):
        ReadingSpeed(zh_chars_per_minute=value)
    with pytest.raises(ValueError):
        ReadingSpeed(en_words_per_minute=value)


def test_measure_counts_chars_han_and_latin_words() -> None:
    size = measure("我学 Python 3.11 和 don't, well-known 1,000 café")
    assert size == TextSize(chars=38, han=3, words=6)
    # Mixed text is timed by Han characters plus words, so Latin letters are not counted twice.
    assert size.timing_chars("mixed") == 3
    assert size.timing_chars("zh") == 38
    assert size.minutes(SPEED, "mixed") == pytest.approx(3 / 300 + 6 / 200)


# --- adapting the speed ------------------------------------------------------------------


def test_no_usable_samples_keeps_the_default() -> None:
    assert adapt_speed(SPEED, []) == SPEED
    short = SpeedSample("zh", chars=5000, words=0, active_seconds=59)
    empty = SpeedSample("en", chars=0, words=0, active_seconds=600)
    assert adapt_speed(SPEED, [short, empty]) == SPEED


def test_half_an_hour_of_reading_is_trusted_fully() -> None:
    samples = [SpeedSample("zh", 600 * 10, 0, 600)] * 3  # 30 min at 600 chars a minute
    adapted = adapt_speed(SPEED, samples)
    assert adapted.zh_chars_per_minute == pytest.approx(600)
    assert adapted.en_words_per_minute == 200  # English untouched by Chinese sessions


def test_few_minutes_of_reading_move_the_estimate_only_partly() -> None:
    adapted = adapt_speed(SPEED, [SpeedSample("zh", 600 * 5, 0, 300)])  # 5 min at 600
    expected = 300 * 2 ** (300 / FULL_TRUST_SECONDS)
    assert adapted.zh_chars_per_minute == pytest.approx(expected)
    assert 300 < adapted.zh_chars_per_minute < 400


def test_time_weighted_median_resists_an_outlier_session() -> None:
    steady = [SpeedSample("en", 0, 150 * 20, 1200)] * 3  # an hour at 150 words a minute
    skim = SpeedSample("en", 0, 20_000, 120)  # 10,000 words a minute: skimming
    adapted = adapt_speed(SPEED, [*steady, skim])
    assert adapted.en_words_per_minute == pytest.approx(150)


def test_median_counts_long_sessions_more_than_short_ones() -> None:
    long_slow = SpeedSample("zh", 200 * 60, 0, 3600)  # an hour at 200
    short_fast = [SpeedSample("zh", 500 * 2, 0, 120)] * 5  # five 2-minute sessions at 500
    assert adapt_speed(SPEED, [long_slow, *short_fast]).zh_chars_per_minute == pytest.approx(200)


def test_evenly_split_weight_takes_the_middle_of_the_two_rates() -> None:
    samples = [SpeedSample("zh", 400 * 15, 0, 900), SpeedSample("zh", 600 * 15, 0, 900)]
    assert adapt_speed(SPEED, samples).zh_chars_per_minute == pytest.approx(500)


def test_mixed_sessions_inform_both_rates() -> None:
    # Predicted at the defaults: 3000/300 + 2000/200 = 20 minutes; read in 10.
    mixed = SpeedSample("mixed", 3000, 2000, 600)
    adapted = adapt_speed(SPEED, [mixed] * 3)
    assert adapted.zh_chars_per_minute == pytest.approx(600)
    assert adapted.en_words_per_minute == pytest.approx(400)


def test_adapted_speed_is_clamped_to_sane_bounds() -> None:
    fast = [SpeedSample("zh", 10_000 * 60, 0, 3600), SpeedSample("en", 0, 5000 * 60, 3600)]
    slow = [SpeedSample("zh", 10 * 60, 0, 3600), SpeedSample("en", 0, 10 * 60, 3600)]
    assert adapt_speed(SPEED, fast) == ReadingSpeed(ZH_BOUNDS[1], EN_BOUNDS[1])
    assert adapt_speed(SPEED, slow) == ReadingSpeed(ZH_BOUNDS[0], EN_BOUNDS[0])


def test_speed_sample_validation() -> None:
    with pytest.raises(ValueError):
        SpeedSample("xx", 1, 1, 60)
    with pytest.raises(ValueError):
        SpeedSample("zh", 1, 1, -1)


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["zh", "en", "mixed"]),
            st.integers(0, 50_000),
            st.integers(0, 20_000),
            st.floats(0, 7200),
        ),
        max_size=10,
    )
)
def test_adapted_speed_always_within_bounds(raw: list[tuple[str, int, int, float]]) -> None:
    speed = adapt_speed(SPEED, [SpeedSample(*fields) for fields in raw])
    assert ZH_BOUNDS[0] <= speed.zh_chars_per_minute <= ZH_BOUNDS[1]
    assert EN_BOUNDS[0] <= speed.en_words_per_minute <= EN_BOUNDS[1]


# --- reading units -----------------------------------------------------------------------


def test_short_section_is_one_whole_unit() -> None:
    [only] = units_for("m", "zh", True, [section("intro", [zh(300), zh(600)])], SPEED)
    assert only == ReadingUnit("m", "intro", "Intro", 0, 1, 900, 0, "zh", True, han=900)
    assert only.key == "m#intro"
    assert only.minutes(SPEED) == 3.0


def test_sections_without_text_are_skipped() -> None:
    sections = [section("empty", []), section("blank", ["   ", ""]), section("real", [zh(30)])]
    assert [u.section for u in units_for("m", "zh", False, sections, SPEED)] == ["real"]


def test_long_section_is_cut_on_paragraph_boundaries_into_equal_parts() -> None:
    # Ten 2-minute paragraphs = 20 minutes; max 10 minutes -> two parts of five paragraphs.
    parts = units_for("m", "zh", True, [section("long", [zh(600)] * 10)], SPEED, max_minutes=10)
    assert [(u.first_paragraph, u.last_paragraph) for u in parts] == [(0, 4), (5, 9)]
    assert [u.key for u in parts] == ["m#long:0-4", "m#long:5-9"]
    assert all(u.part and u.chars == 3000 for u in parts)


def test_parts_are_balanced_not_greedy() -> None:
    # 45 minutes in 15 three-minute paragraphs, max 30: greedy would give 30 + 15.
    parts = units_for("m", "zh", True, [section("s", [zh(900)] * 15)], SPEED)
    assert [u.minutes(SPEED) for u in parts] == [24.0, 21.0]


def test_a_paragraph_longer_than_the_limit_stays_whole_and_alone() -> None:
    texts = [zh(300), zh(300), zh(300 * 50), zh(300)]  # 1, 1, 50, 1 minutes
    parts = units_for("m", "zh", True, [section("s", texts)], SPEED, max_minutes=30)
    assert [(u.first_paragraph, u.last_paragraph) for u in parts] == [(0, 1), (2, 2), (3, 3)]
    [single] = units_for("m", "zh", True, [section("t", [zh(300 * 50)])], SPEED)
    assert not single.part and single.key == "m#t"


def test_every_oversized_paragraph_is_alone_not_only_the_biggest() -> None:
    # 1, 40, 31 minutes: the 40-minute paragraph sets the max load, which would
    # leave room to put the 1-minute paragraph with the 31-minute one.
    texts = [zh(300 * 1), zh(300 * 40), zh(300 * 31), zh(300 * 1)]
    parts = units_for("m", "zh", True, [section("s", texts)], SPEED, max_minutes=30)
    assert [(u.first_paragraph, u.last_paragraph) for u in parts] == [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 3),
    ]


def test_paragraphs_without_text_join_a_neighbour() -> None:
    texts = ["", zh(300 * 40), "  ", zh(300 * 40)]
    parts = units_for("m", "zh", True, [section("s", texts)], SPEED, max_minutes=30)
    assert [(u.first_paragraph, u.last_paragraph) for u in parts] == [(0, 2), (3, 3)]


def test_units_use_the_material_language() -> None:
    english = section("en", ["one two three four five " * 40])  # 200 words
    [en_unit] = units_for("m", "en", False, [english], SPEED)
    assert (en_unit.words, en_unit.language, en_unit.required) == (200, "en", False)
    assert en_unit.minutes(SPEED) == 1.0
    [mixed] = units_for("m", "mixed", False, [section("x", ["学习 study " * 100])], SPEED)
    assert mixed.minutes(SPEED) == pytest.approx(200 / 300 + 100 / 200)


def test_units_for_rejects_misuse() -> None:
    with pytest.raises(ValueError, match="without its paragraphs"):
        units_for("m", "zh", True, [Section("m", "s", 0, "S", 1, 50)], SPEED)
    with pytest.raises(ValueError, match="not part of"):
        units_for("m", "zh", True, [section("s", [zh(5)], material="other")], SPEED)
    with pytest.raises(ValueError):
        units_for("m", "zh", True, [], SPEED, max_minutes=0)
    with pytest.raises(ValueError):
        units_for("m", "klingon", True, [], SPEED)


@settings(max_examples=80)
@given(st.lists(st.integers(0, 6000), min_size=1, max_size=25), st.integers(1, 40))
@example(sizes=[300, 300 * 40, 0, 300 * 31], max_minutes=30)
def test_parts_cover_every_paragraph_once_and_respect_the_limit(
    sizes: list[int], max_minutes: int
) -> None:
    parts = units_for("m", "zh", True, [section("s", [zh(n) for n in sizes])], SPEED, max_minutes)
    if sum(sizes) == 0:
        assert parts == []
        return
    covered = [p for u in parts for p in range(u.first_paragraph, u.last_paragraph + 1)]
    assert covered == list(range(len(sizes)))
    assert sum(u.chars for u in parts) == sum(sizes)
    assert all(u.chars > 0 for u in parts)
    for u in parts:
        paragraphs = sizes[u.first_paragraph : u.last_paragraph + 1]
        # Over the limit only if it is one big paragraph (plus empty ones).
        if u.minutes(SPEED) > max_minutes + 1e-9:
            assert sum(1 for n in paragraphs if n) == 1
    # Fewest parts: any two neighbours together would break the limit.
    for a, b in itertools.pairwise(parts):
        assert a.minutes(SPEED) + b.minutes(SPEED) > max_minutes - 1e-9
    assert (len(parts) > 1) == all(u.part for u in parts)


def test_reading_unit_validation_and_keys() -> None:
    part = ReadingUnit("m", "a", "A", 3, 7, 10, 0, "zh", True, part=True)
    assert (part.key, part.section_key) == ("m#a:3-7", "m#a")
    with pytest.raises(ValueError):
        ReadingUnit("m", "a", "A", 5, 4, 10, 0, "zh", True)
    with pytest.raises(ValueError):
        ReadingUnit("m", "a", "A", 0, 0, 10, 0, "de", True)


# --- split by deadline -------------------------------------------------------------------


def test_split_by_deadline_balances_the_days() -> None:
    plan = split_by_deadline(units_of([10, 2, 2, 3, 10, 1, 1]), START, day(3), SPEED)
    assert [a.keys for a in plan] == [
        ("m#u0",),
        ("m#u1", "m#u2", "m#u3"),
        ("m#u4",),
        ("m#u5", "m#u6"),
    ]
    assert [a.day for a in plan] == [day(0), day(1), day(2), day(3)]
    assert [a.minutes for a in plan] == [10, 7, 10, 2]


def test_equal_units_spread_evenly_not_front_loaded() -> None:
    plan = split_by_deadline(units_of([5] * 10), START, day(3), SPEED)
    assert [len(a.units) for a in plan] == [3, 2, 3, 2]


def test_fewer_units_than_days_are_spread_over_the_range() -> None:
    plan = split_by_deadline(units_of([5, 5, 5]), START, day(9), SPEED)
    assert [a.day for a in plan] == [day(0), day(3), day(6)]
    [single] = split_by_deadline(units_of([5]), START, day(9), SPEED)
    assert single.day == START


def test_split_by_deadline_errors() -> None:
    with pytest.raises(ValueError, match="before start"):
        split_by_deadline(units_of([1]), START, day(-1), SPEED)
    with pytest.raises(ValueError, match="no units"):
        split_by_deadline([], START, day(3), SPEED)


def test_one_day_takes_everything() -> None:
    [only] = split_by_deadline(units_of([1, 2, 3]), START, START, SPEED)
    assert only.minutes == 6 and len(only.units) == 3


def test_assignment_helpers() -> None:
    units = (unit("a", 1, required=False), ReadingUnit("m", "b", "B", 0, 0, 0, 50, "en", True))
    a = Assignment(START, units, 1.25)
    assert a.keys == ("m#a", "m#b")
    assert (a.chars, a.words, a.required) == (300, 50, True)
    assert not Assignment(START, units[:1], 1).required


def _brute_force_min_max(weights: list[float], days: int) -> float:
    """The minimal heaviest day over every split into exactly ``days`` non-empty runs."""
    best = math.inf
    for cuts in itertools.combinations(range(1, len(weights)), days - 1):
        bounds = (0, *cuts, len(weights))
        best = min(best, max(sum(weights[a:b]) for a, b in itertools.pairwise(bounds)))
    return best


@settings(max_examples=120)
@given(minutes_lists, st.integers(1, 40))
def test_split_by_deadline_properties(minutes: list[float], days: int) -> None:
    units = units_of(minutes)
    finish_by = day(days - 1)
    plan = split_by_deadline(units, START, finish_by, SPEED)
    # Every unit exactly once, in order.
    assert [u for a in plan for u in a.units] == units
    assert all(a.units for a in plan)
    # Dates inside the range, strictly increasing (so never two on one day).
    dates = [a.day for a in plan]
    assert all(START <= d <= finish_by for d in dates)
    assert all(x < y for x, y in itertools.pairwise(dates))
    # All days used when there are enough units; otherwise one unit a day.
    assert len(plan) == min(days, len(units))
    # Stated balance tolerance: max day <= ideal + largest unit.
    loads = [a.minutes for a in plan]
    assert max(loads) <= sum(minutes) / days + max(minutes) + 1e-9
    assert all(a.minutes == pytest.approx(sum(u.minutes(SPEED) for u in a.units)) for a in plan)
    # Deterministic.
    assert split_by_deadline(units, START, finish_by, SPEED) == plan


@settings(max_examples=120)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=9), st.integers(1, 9))
def test_split_by_deadline_minimises_the_heaviest_day(whole: list[int], days: int) -> None:
    minutes = [float(m) for m in whole]
    plan = split_by_deadline(units_of(minutes), START, day(days - 1), SPEED)
    heaviest = max(a.minutes for a in plan)
    if len(minutes) <= days:
        assert heaviest == max(minutes)
    else:
        assert heaviest == pytest.approx(_brute_force_min_max(minutes, days))


# --- split by pace -----------------------------------------------------------------------


def test_split_by_pace_fills_days_to_about_the_target() -> None:
    plan = split_by_pace(units_of([10, 10, 10, 25, 5, 14, 40, 1]), START, 30, SPEED)
    assert [[u.section for u in a.units] for a in plan] == [
        ["u0", "u1", "u2"],
        ["u3", "u4"],
        ["u5"],  # 14 + 40 = 54 is farther from 30 than 14
        ["u6"],  # a 40-minute unit still gets a day; 41 is farther from 30 than 40
        ["u7"],
    ]
    assert [a.day for a in plan] == [day(i) for i in range(5)]


def test_split_by_pace_tie_goes_to_the_next_day() -> None:
    # 20 + 20 = 40 is as far from 30 as 20 is: not closer, so the next day.
    assert [len(a.units) for a in split_by_pace(units_of([20, 20]), START, 30, SPEED)] == [1, 1]
    # 20 + 20 = 40 hits a 40 target exactly.
    assert [len(a.units) for a in split_by_pace(units_of([20, 20]), START, 40, SPEED)] == [2]


def test_split_by_pace_errors() -> None:
    with pytest.raises(ValueError):
        split_by_pace([], START, 30, SPEED)
    with pytest.raises(ValueError):
        split_by_pace(units_of([1]), START, 0, SPEED)


@settings(max_examples=100)
@given(minutes_lists, st.integers(1, 120))
def test_split_by_pace_properties(minutes: list[float], target: int) -> None:
    units = units_of(minutes)
    plan = split_by_pace(units, START, target, SPEED)
    assert [u for a in plan for u in a.units] == units
    assert [a.day for a in plan] == [day(i) for i in range(len(plan))]
    for index, a in enumerate(plan):
        assert a.units
        loads = [u.minutes(SPEED) for u in a.units]
        # Each added unit brought the day strictly closer to the target...
        for k in range(1, len(loads)):
            before = sum(loads[:k])
            assert abs(before + loads[k] - target) < abs(before - target)
        # ...and the next day's first unit would not have.
        if index + 1 < len(plan):
            following = plan[index + 1].units[0].minutes(SPEED)
            assert abs(a.minutes + following - target) >= abs(a.minutes - target)
        if len(loads) > 1:
            assert a.minutes < target + loads[-1] / 2 + 1e-9


# --- split by due dates ------------------------------------------------------------------


def test_split_by_dues_uses_the_window_before_each_due_date() -> None:
    first, second, third = units_of([5, 5, 5]), units_of([8]), units_of([1, 1])
    plan = split_by_dues([(first, day(2)), (second, day(6)), (third, day(6))], START, SPEED)
    assert [a.day for a in plan] == [day(0), day(1), day(2), day(3), day(4), day(5)]
    assert [len(a.units) for a in plan] == [1, 1, 1, 1, 1, 1]


def test_split_by_dues_rejects_bad_dates() -> None:
    with pytest.raises(ValueError, match="before the start"):
        split_by_dues([(units_of([1]), day(-1))], START, SPEED)
    with pytest.raises(ValueError, match="previous due"):
        split_by_dues([(units_of([1]), day(5)), (units_of([1]), day(4))], START, SPEED)


# --- done keys and day status ------------------------------------------------------------


def _part(first: int, last: int) -> ReadingUnit:
    return ReadingUnit("m", "s", "S", first, last, 10, 0, "zh", True, part=True)


def test_parse_key() -> None:
    assert parse_key("m#a") == ("m#a", None)
    assert parse_key("m#a:3-7") == ("m#a", (3, 7))
    assert parse_key("m#a:b") == ("m#a:b", None)


def test_unit_done_survives_a_different_cut() -> None:
    assert unit_done(_part(3, 7), {"m#s:3-7"})
    assert unit_done(_part(3, 7), {"m#s"})  # the whole section was marked read
    assert unit_done(_part(3, 7), {"m#s:0-4", "m#s:5-9"})  # read when cut differently
    assert unit_done(_part(3, 7), {"m#s:5-9", "m#s:0-3", "m#s:4-4"})
    assert not unit_done(_part(3, 7), {"m#s:0-4", "m#s:6-9"})  # paragraph 5 unread
    assert not unit_done(_part(3, 7), {"m#s:4-9"})  # paragraph 3 unread
    assert not unit_done(_part(3, 7), {"m#other", "x#s:3-7"})
    whole = ReadingUnit("m", "s", "S", 0, 9, 10, 0, "zh", True)
    assert unit_done(whole, {"m#s:0-4", "m#s:5-9"})
    assert not unit_done(whole, {"m#s:0-4"})


def test_a_done_index_can_be_built_once_and_reused() -> None:
    index = DoneIndex(["m#s:0-4", "m#s:5-9", "m#a"])
    assert _part(3, 7) in index and unit("a") in index and unit("b") not in index
    assert unit_done(_part(3, 7), index)
    assert day_status(Assignment(day(0), (unit("a"),), 1), index, day(3)) == "done"
    assert (
        reschedule([Assignment(day(0), (unit("a"),), 1)], index, day(3), None, SPEED)[0].day
        == START
    )


def test_day_status() -> None:
    a = Assignment(day(1), (unit("a"), unit("b")), 2)
    assert day_status(a, {"m#a", "m#b"}, day(5)) == "done"
    assert day_status(a, {"m#a", "m#b"}, day(0)) == "done"
    assert day_status(a, {"m#a"}, day(1)) == "today"
    assert day_status(a, set(), day(2)) == "overdue"
    assert day_status(a, {"m#a"}, day(0)) == "upcoming"


# --- rescheduling ------------------------------------------------------------------------


def _plan() -> list[Assignment]:
    """Six days, one or two 10-minute units a day, days 0..5."""
    shape = [["a"], ["b", "c"], ["d"], ["e"], ["f"], ["g"]]
    return [
        Assignment(day(i), tuple(unit(name, 10) for name in names), 10.0 * len(names))
        for i, names in enumerate(shape)
    ]


def test_reschedule_keeps_history_and_spreads_the_rest_to_the_deadline() -> None:
    plan = _plan()
    today = day(3)
    done = {"m#a", "m#b", "m#e"}  # c, d overdue; e read ahead
    new = reschedule(plan, done, today, day(5), SPEED)
    assert new[0] is plan[0]  # complete past day untouched
    assert (new[1].day, new[1].keys, new[1].minutes) == (day(1), ("m#b",), 10)
    assert [(a.day, a.keys) for a in new[2:]] == [
        (day(3), ("m#e", "m#c")),  # read-ahead unit stays on today, before the new work
        (day(4), ("m#d", "m#f")),
        (day(5), ("m#g",)),
    ]


def test_reschedule_without_deadline_keeps_the_plan_end() -> None:
    new = reschedule(_plan(), {"m#a"}, day(2), None, SPEED)
    future = [a for a in new if a.day >= day(2)]
    assert [a.day for a in future] == [day(2), day(3), day(4), day(5)]
    assert [k for a in future for k in a.keys] == ["m#b", "m#c", "m#d", "m#e", "m#f", "m#g"]


def test_reschedule_after_the_plan_ended_puts_everything_on_today() -> None:
    new = reschedule(_plan(), {"m#a", "m#b"}, day(20), None, SPEED)
    assert [a.keys for a in new if a.day == day(20)] == [("m#c", "m#d", "m#e", "m#f", "m#g")]
    assert [a.day for a in new] == [day(0), day(1), day(20)]


def test_reschedule_with_everything_read_keeps_the_plan() -> None:
    plan = _plan()
    all_keys = {k for a in plan for k in a.keys}
    assert reschedule(plan, all_keys, day(6), None, SPEED) == plan
    new = reschedule(plan, all_keys, day(4), None, SPEED)
    assert new[:4] == plan[:4]
    assert (new[4].day, new[4].keys) == (day(4), ("m#f", "m#g"))


def test_reschedule_rejects_a_deadline_in_the_past() -> None:
    with pytest.raises(ValueError, match="before today"):
        reschedule(_plan(), set(), day(3), day(2), SPEED)


@settings(max_examples=80)
@given(
    minutes_lists,
    st.integers(1, 20),
    st.sets(st.integers(0, 29)),
    st.integers(-3, 25),
    st.one_of(st.none(), st.integers(0, 30)),
)
def test_reschedule_properties(
    minutes: list[float], days: int, read: set[int], today_offset: int, extra: int | None
) -> None:
    units = units_of(minutes)
    plan = split_by_deadline(units, START, day(days - 1), SPEED)
    done = {f"m#u{i}" for i in read}
    today = day(today_offset)
    finish_by = None if extra is None else today + dt.timedelta(days=extra)
    new = reschedule(plan, done, today, finish_by, SPEED)
    # Nothing lost, nothing duplicated.
    assert sorted(k for a in new for k in a.keys) == sorted(u.key for u in units)
    dates = [a.day for a in new]
    assert all(x < y for x, y in itertools.pairwise(dates))
    end = finish_by or max(today, plan[-1].day)
    for a in new:
        if a.day < today:  # history only holds read units, on their original days
            assert all(k in done for k in a.keys)
            assert a in plan or set(a.units) < set(next(p for p in plan if p.day == a.day).units)
        else:
            assert a.day <= end
    # Unread units keep their plan order.
    unread = [k for a in new for k in a.keys if k not in done]
    assert unread == [u.key for u in units if u.key not in done]
    assert reschedule(plan, done, today, finish_by, SPEED) == new
