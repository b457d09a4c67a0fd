"""Spaced review, pure: settings, cards, auto-rating, the fsrs adapter, undo, queue and stats."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import replace
from zoneinfo import ZoneInfo

import fsrs
import fsrs.scheduler
import pytest

from studyapp.core.review import (
    FORMATS,
    FUZZ_IS_SEEDED,
    CardState,
    Rating,
    ReviewLogEntry,
    ReviewSettings,
    auto_rating,
    cards_by_state,
    cram_order,
    due_queue,
    forecast,
    format_after_review,
    fuzz_seed,
    interval_days,
    is_mature,
    new_card,
    review,
    suspend,
    to_fsrs_card,
    true_retention,
    undo,
    unsuspend,
)

NOW = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
SETTINGS = ReviewSettings()
NO_FUZZ = ReviewSettings(enable_fuzzing=False)
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def card_in(
    state: str,
    *,
    card_id: str = "c1",
    due: dt.datetime = NOW,
    interval: dt.timedelta = 10 * DAY,
    stability: float = 10.0,
    difficulty: float = 5.0,
    suspended: bool = False,
    leech: bool = False,
    lapses: int = 0,
    fmt: str = "choice",
) -> CardState:
    """A card in any state, last reviewed ``interval`` before it is due."""
    if state == "new":
        return replace(new_card("q-" + card_id, card_id, due), suspended=suspended, leech=leech)
    return CardState(
        card_id=card_id,
        question_id="q-" + card_id,
        state=state,
        step=None if state == "review" else 0,
        stability=stability,
        difficulty=difficulty,
        due=due,
        last_review=due - interval,
        reps=5,
        lapses=lapses,
        suspended=suspended,
        leech=leech,
        format=fmt,
    )


def fsrs_scheduler(settings: ReviewSettings) -> fsrs.Scheduler:
    """fsrs's scheduler for the settings, unfuzzed: the reference to compare against."""
    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


# --- settings ---------------------------------------------------------------------------


def test_settings_defaults() -> None:
    s = ReviewSettings()
    assert s.desired_retention == 0.9
    assert s.learning_steps == (MINUTE, 10 * MINUTE)
    assert s.relearning_steps == (10 * MINUTE,)
    assert s.maximum_interval == 36500
    assert s.enable_fuzzing is True
    assert (s.new_cards_per_day, s.reviews_per_day, s.leech_lapses) == (20, 200, 8)
    assert (s.slow_seconds_typed, s.slow_seconds_choice, s.fast_seconds) == (20.0, 10.0, 5.0)
    assert s.mature_days == 21
    assert hash(s) == hash(ReviewSettings())


def test_settings_slow_seconds_by_answer_kind() -> None:
    assert SETTINGS.slow_seconds("choice") == 10.0
    assert SETTINGS.slow_seconds("cloze") == 20.0
    assert SETTINGS.slow_seconds("typed") == 20.0
    with pytest.raises(ValueError, match="answer_kind"):
        SETTINGS.slow_seconds("single")


def test_settings_steps_become_tuples() -> None:
    s = ReviewSettings(learning_steps=[MINUTE], relearning_steps=[])  # type: ignore[arg-type]
    assert s.learning_steps == (MINUTE,)
    assert s.relearning_steps == ()


@pytest.mark.parametrize(
    "bad",
    [
        {"desired_retention": 1.0},
        {"desired_retention": 0.0},
        {"desired_retention": float("nan")},
        {"learning_steps": (dt.timedelta(0),)},
        {"learning_steps": (10 * MINUTE, MINUTE)},
        {"relearning_steps": (DAY,)},
        {"maximum_interval": 0},
        {"maximum_interval": 1.5},
        {"new_cards_per_day": -1},
        {"reviews_per_day": True},
        {"leech_lapses": -1},
        {"slow_seconds_typed": 0},
        {"fast_seconds": float("inf")},
        {"mature_days": -3},
    ],
)
def test_settings_reject_nonsense(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ReviewSettings(**bad)  # type: ignore[arg-type]


# --- cards ------------------------------------------------------------------------------


def test_new_card() -> None:
    card = new_card("q1", "c1", NOW)
    assert card == CardState(
        card_id="c1",
        question_id="q1",
        state="new",
        step=None,
        stability=None,
        difficulty=None,
        due=NOW,
        last_review=None,
        reps=0,
        lapses=0,
        suspended=False,
        leech=False,
        format="choice",
    )


def test_new_card_normalises_to_utc_and_rejects_naive() -> None:
    card = new_card("q1", "c1", NOW.astimezone(SHANGHAI))
    assert card.due == NOW
    assert card.due.tzinfo is dt.UTC
    with pytest.raises(ValueError, match="naive"):
        new_card("q1", "c1", NOW.replace(tzinfo=None))


@pytest.mark.parametrize(
    "changes",
    [
        {"state": "lost"},
        {"format": "essay"},
        {"reps": -1},
        {"lapses": -1},
        {"stability": None},
        {"difficulty": float("nan")},
        {"stability": 0.0},
        {"step": 0},  # a review card has no step
        {"state": "learning", "step": None},
        {"state": "relearning", "step": -1},
        {"last_review": NOW.replace(tzinfo=None)},
    ],
)
def test_card_state_rejects_inconsistent_fields(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        replace(card_in("review"), **changes)  # type: ignore[arg-type]


def test_a_new_card_has_no_memory_state() -> None:
    with pytest.raises(ValueError, match="new card"):
        replace(new_card("q", "c", NOW), stability=1.0)


def test_interval_and_maturity() -> None:
    assert interval_days(new_card("q", "c", NOW)) is None
    assert interval_days(card_in("review", interval=21 * DAY)) == 21.0
    assert is_mature(card_in("review", interval=21 * DAY), SETTINGS)
    assert not is_mature(card_in("review", interval=20 * DAY + 23 * 60 * MINUTE), SETTINGS)
    assert not is_mature(card_in("relearning", interval=40 * DAY), SETTINGS)
    assert not is_mature(new_card("q", "c", NOW), SETTINGS)


def test_suspend_and_unsuspend_touch_nothing_else() -> None:
    card = card_in("review", leech=True)
    assert suspend(card) == replace(card, suspended=True)
    assert unsuspend(suspend(card)) == card


# --- ratings ----------------------------------------------------------------------------


def test_rating_values_are_fsrs_values() -> None:
    assert [(r.name, int(r)) for r in Rating] == [(r.name, int(r)) for r in fsrs.Rating]


YOUNG = card_in("review", interval=3 * DAY)
MATURE = card_in("review", interval=30 * DAY)
NEW = new_card("q", "c", NOW)


@pytest.mark.parametrize(
    ("verdict", "seconds", "hint", "kind", "card", "expected"),
    [
        ("wrong", 1.0, False, "choice", MATURE, Rating.Again),
        ("wrong", 99.0, True, "typed", NEW, Rating.Again),
        ("almost", 1.0, False, "typed", MATURE, Rating.Hard),
        ("almost", None, False, "cloze", NEW, Rating.Hard),
        ("right", 1.0, True, "typed", MATURE, Rating.Hard),  # a hint beats speed
        ("right", 8.0, False, "typed", YOUNG, Rating.Good),
        ("right", 8.0, False, "choice", YOUNG, Rating.Good),
        ("right", 10.0, False, "choice", YOUNG, Rating.Good),  # the threshold itself is fine
        ("right", 10.5, False, "choice", YOUNG, Rating.Hard),
        ("right", 10.5, False, "cloze", YOUNG, Rating.Good),  # a cloze is typed
        ("right", 20.0, False, "typed", YOUNG, Rating.Good),
        ("right", 20.5, False, "typed", YOUNG, Rating.Hard),
        ("right", 20.5, False, "cloze", MATURE, Rating.Hard),
        ("right", 4.9, False, "choice", MATURE, Rating.Easy),
        ("right", 4.9, False, "typed", MATURE, Rating.Easy),
        ("right", 5.0, False, "typed", MATURE, Rating.Good),  # not quicker than 5 s
        ("right", 4.9, False, "typed", YOUNG, Rating.Good),  # quick, but not mature
        ("right", 0.0, False, "choice", NEW, Rating.Good),
        ("right", None, False, "typed", MATURE, Rating.Good),  # timing unknown
    ],
)
def test_auto_rating_table(
    verdict: str,
    seconds: float | None,
    hint: bool,
    kind: str,
    card: CardState,
    expected: Rating,
) -> None:
    assert auto_rating(verdict, seconds, hint, kind, card, SETTINGS) is expected


def test_auto_rating_uses_the_settings_thresholds() -> None:
    patient = ReviewSettings(slow_seconds_choice=30.0, fast_seconds=12.0, mature_days=2)
    assert auto_rating("right", 25.0, False, "choice", YOUNG, patient) is Rating.Good
    assert auto_rating("right", 11.0, False, "choice", YOUNG, patient) is Rating.Easy


@pytest.mark.parametrize(
    ("verdict", "seconds", "kind"),
    [
        ("maybe", 1.0, "typed"),
        ("right", -1.0, "typed"),
        ("right", float("nan"), "typed"),
        ("right", 1.0, "single"),
    ],
)
def test_auto_rating_rejects_nonsense(verdict: str, seconds: float, kind: str) -> None:
    with pytest.raises(ValueError):
        auto_rating(verdict, seconds, False, kind, NEW, SETTINGS)


# --- the fsrs adapter -------------------------------------------------------------------


def test_a_new_card_is_fsrs_default_card() -> None:
    mapped = to_fsrs_card(new_card("q", "c", NOW))
    default = fsrs.Card(card_id=0, due=NOW)
    assert mapped == default
    assert (mapped.state, mapped.step, mapped.stability) == (fsrs.State.Learning, 0, None)


def test_reviews_match_fsrs_step_for_step() -> None:
    """Our card follows a plain fsrs card through a mixed history, field for field."""
    scheduler = fsrs_scheduler(NO_FUZZ)
    ours = new_card("q", "c", NOW)
    theirs = fsrs.Card(card_id=1, due=NOW)
    at = NOW
    names = {fsrs.State.Learning: "learning", fsrs.State.Review: "review"}
    names[fsrs.State.Relearning] = "relearning"
    ratings = [3, 3, 3, 1, 2, 3, 4, 1, 1, 3, 3, 2, 3]
    for number, value in enumerate(ratings):
        ours, entry = review(ours, Rating(value), at, NO_FUZZ)
        theirs, _ = scheduler.review_card(theirs, fsrs.Rating(value), at)
        assert ours.state == names[theirs.state]
        assert (ours.step, ours.due, ours.last_review) == (theirs.step, theirs.due, at)
        assert (ours.stability, ours.difficulty) == (theirs.stability, theirs.difficulty)
        assert ours.reps == number + 1
        assert entry.new_due == ours.due
        # review a bit late, sometimes much later
        at = ours.due + (dt.timedelta(hours=3) if number % 3 else 2 * DAY)


def test_new_card_through_learning_to_review() -> None:
    card = new_card("q", "c", NOW)
    card, entry = review(card, Rating.Good, NOW, SETTINGS)
    assert (card.state, card.step, card.due) == ("learning", 1, NOW + 10 * MINUTE)
    assert (entry.previous_state, entry.new_state) == ("new", "learning")
    assert card.format == "choice"
    at = card.due
    card, _ = review(card, Rating.Good, at, SETTINGS)
    assert (card.state, card.step) == ("review", None)
    assert card.due - at >= DAY
    assert card.format == "cloze"
    assert (card.reps, card.lapses) == (2, 0)


def test_again_and_hard_in_learning() -> None:
    card, _ = review(new_card("q", "c", NOW), Rating.Again, NOW, SETTINGS)
    assert (card.state, card.step, card.due) == ("learning", 0, NOW + MINUTE)
    card, _ = review(card, Rating.Hard, NOW + MINUTE, SETTINGS)
    assert (card.state, card.step) == ("learning", 0)
    first, second = SETTINGS.learning_steps
    assert card.due == NOW + MINUTE + (first + second) / 2  # fsrs: halfway to step 2
    assert card.lapses == 0  # Again while learning is no lapse


def test_easy_on_a_new_card_graduates_at_once() -> None:
    card, _ = review(new_card("q", "c", NOW), Rating.Easy, NOW, NO_FUZZ)
    assert (card.state, card.step) == ("review", None)
    # the format follows whatever first interval fsrs gave
    assert card.format == ("typed" if card.due - NOW >= 7 * DAY else "cloze")


def test_lapse_counts_only_again_in_review() -> None:
    card = card_in("review", fmt="typed")
    lapsed, entry = review(card, Rating.Again, NOW, SETTINGS)
    assert (lapsed.state, lapsed.step, lapsed.lapses) == ("relearning", 0, 1)
    assert lapsed.due == NOW + 10 * MINUTE
    assert lapsed.format == "cloze"  # a lapse steps the format down
    again, _ = review(lapsed, Rating.Again, lapsed.due, SETTINGS)
    assert again.lapses == 1  # Again while relearning is no new lapse
    back, _ = review(again, Rating.Good, again.due, SETTINGS)
    assert back.state == "review"
    assert back.lapses == 1
    assert not entry.leeched


def test_review_rejects_naive_now_and_suspended_cards() -> None:
    with pytest.raises(ValueError, match="naive"):
        review(card_in("review"), Rating.Good, NOW.replace(tzinfo=None), SETTINGS)
    with pytest.raises(ValueError, match="suspended"):
        review(card_in("review", suspended=True), Rating.Good, NOW, SETTINGS)
    with pytest.raises(ValueError):
        review(card_in("review"), 5, NOW, SETTINGS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="duration"):
        review(card_in("review"), Rating.Good, NOW, SETTINGS, duration_seconds=-1.0)


@pytest.mark.parametrize("zone", [SHANGHAI, ZoneInfo("UTC"), dt.timezone(dt.timedelta(hours=-5))])
def test_review_in_another_zone_is_the_same_instant(zone: dt.tzinfo) -> None:
    card = card_in("review")
    reviewed, entry = review(card, Rating.Good, NOW.astimezone(zone), SETTINGS)
    assert (reviewed, entry) == review(card, Rating.Good, NOW, SETTINGS)
    assert reviewed.due.tzinfo is entry.reviewed_at.tzinfo is dt.UTC


def test_review_log_entry_fields() -> None:
    card = card_in("review", interval=12 * DAY)
    new, entry = review(card, Rating.Hard, NOW + MINUTE, SETTINGS, duration_seconds=7.5)
    assert entry.card_id == card.card_id
    assert entry.question_id == card.question_id
    assert entry.rating is Rating.Hard
    assert entry.reviewed_at == NOW + MINUTE == new.last_review
    assert (entry.previous_state, entry.new_state) == ("review", "review")
    assert (entry.previous_due, entry.new_due) == (card.due, new.due)
    assert entry.duration_seconds == 7.5
    assert entry.previous == card


# --- fuzz -------------------------------------------------------------------------------


def test_fsrs_fuzz_can_still_be_seeded() -> None:
    """Our seeding relies on fsrs looking up a module-level ``random`` (fsrs 6.x)."""
    assert FUZZ_IS_SEEDED


def test_fuzz_is_deterministic_and_leaves_global_random_alone() -> None:
    card = card_in("review", interval=30 * DAY, stability=60.0)
    state, fsrs_random = random.getstate(), fsrs.scheduler.random
    first = review(card, Rating.Good, NOW, SETTINGS)
    random.seed(12345)
    second = review(card, Rating.Good, NOW, SETTINGS)
    assert first == second
    random.setstate(state)
    assert random.getstate() == state
    assert fsrs.scheduler.random is fsrs_random


def test_fuzz_spreads_cards_within_fsrs_range() -> None:
    unfuzzed = {}
    fuzzed = {}
    for number in range(40):
        card = card_in("review", card_id=f"c{number}", interval=30 * DAY, stability=60.0)
        unfuzzed[number] = (review(card, Rating.Good, NOW, NO_FUZZ)[0].due - NOW).days
        fuzzed[number] = (review(card, Rating.Good, NOW, SETTINGS)[0].due - NOW).days
    plain = set(unfuzzed.values())
    assert len(plain) == 1
    base = plain.pop()
    assert len(set(fuzzed.values())) > 3
    # fsrs fuzzes by at most 1 + 0.15·4.5 + 0.1·13 + 0.05·(days − 20), then rounds
    assert all(abs(days - base) <= 4 + 0.05 * base for days in fuzzed.values())


def test_fuzz_seed_depends_on_card_and_review_count() -> None:
    card = card_in("review")
    assert fuzz_seed(card) == fuzz_seed(replace(card, stability=99.0))
    assert fuzz_seed(card) != fuzz_seed(replace(card, reps=card.reps + 1))
    assert fuzz_seed(card) != fuzz_seed(replace(card, card_id="other"))


# --- leeches ----------------------------------------------------------------------------


def lapse_and_relearn(card: CardState, at: dt.datetime) -> tuple[CardState, ReviewLogEntry]:
    """Again on a review card; if not suspended, Good to bring it back to review."""
    lapsed, entry = review(card, Rating.Again, at, SETTINGS)
    if lapsed.suspended:
        return lapsed, entry
    back, _ = review(lapsed, Rating.Good, lapsed.due, SETTINGS)
    assert back.state == "review"
    return back, entry


def leech_flags(card: CardState, entry: ReviewLogEntry) -> tuple[int, bool, bool, bool]:
    """Lapses, leech tag, suspension, and whether this review leeched."""
    return card.lapses, card.leech, card.suspended, entry.leeched


def test_eighth_lapse_makes_a_suspended_leech() -> None:
    card = card_in("review")
    at = NOW
    for lapse in range(1, 8):
        card, entry = lapse_and_relearn(card, at)
        assert leech_flags(card, entry) == (lapse, False, False, False)
        at = card.due
    card, entry = lapse_and_relearn(card, at)
    assert leech_flags(card, entry) == (8, True, True, True)
    assert card.state == "relearning"
    with pytest.raises(ValueError, match="suspended"):
        review(card, Rating.Good, card.due, SETTINGS)
    # unsuspended by hand: suspended again four lapses later (8 // 2), tag kept meanwhile
    card, _ = review(unsuspend(card), Rating.Good, card.due, SETTINGS)
    for lapse in range(9, 12):
        card, entry = lapse_and_relearn(card, card.due)
        assert leech_flags(card, entry) == (lapse, True, False, False)
    card, entry = lapse_and_relearn(card, card.due)
    assert (card.lapses, card.suspended, entry.leeched) == (12, True, True)


def test_leeches_can_be_turned_off() -> None:
    no_leeches = ReviewSettings(leech_lapses=0)
    card = card_in("review", lapses=20)
    card, entry = review(card, Rating.Again, NOW, no_leeches)
    assert leech_flags(card, entry) == (21, False, False, False)


# --- undo -------------------------------------------------------------------------------


def test_undo_restores_every_previous_card_exactly() -> None:
    card = new_card("q", "c", NOW)
    history: list[tuple[CardState, ReviewLogEntry]] = []
    at = NOW
    for value in [3, 3, 3, 1, 3, 4, 2, 1]:
        new, entry = review(card, Rating(value), at, SETTINGS)
        history.append((new, entry))
        assert undo(entry) == card
        assert undo(entry).to_dict() == card.to_dict()
        assert undo(entry, current=new) == card
        card, at = new, new.due + dt.timedelta(hours=5)
    # undo all the way back, newest first
    for new, entry in reversed(history):
        assert card == new
        card = undo(entry, current=card)
    assert card == new_card("q", "c", NOW)


def test_undo_checks_the_entry_is_the_latest_review() -> None:
    first, entry_1 = review(new_card("q", "c", NOW), Rating.Good, NOW, SETTINGS)
    second, _ = review(first, Rating.Good, first.due, SETTINGS)
    with pytest.raises(ValueError, match="latest"):
        undo(entry_1, current=second)
    with pytest.raises(ValueError, match="latest"):
        undo(entry_1, current=replace(first, card_id="other"))


def test_undo_a_leeching_review_unsuspends() -> None:
    card = card_in("review", lapses=7)
    leeched, entry = review(card, Rating.Again, NOW, SETTINGS)
    assert leeched.suspended and entry.leeched
    assert undo(entry, current=leeched) == card


# --- format -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "lapsed", "interval", "expected"),
    [
        ("choice", False, None, "choice"),  # still learning
        ("choice", False, 1.0, "cloze"),  # graduated
        ("choice", False, 6.9, "cloze"),
        ("choice", False, 7.0, "typed"),  # straight to typed on a long first interval
        ("cloze", False, 3.0, "cloze"),
        ("cloze", False, 8.0, "typed"),
        ("typed", False, 2.0, "typed"),  # never down on a pass
        ("typed", True, None, "cloze"),
        ("cloze", True, None, "choice"),
        ("choice", True, None, "choice"),
    ],
)
def test_format_rule(current: str, lapsed: bool, interval: float | None, expected: str) -> None:
    assert format_after_review(current, lapsed, interval) == expected


def test_format_matures_with_the_card() -> None:
    card = new_card("q", "c", NOW)
    at = NOW
    formats = []
    for _ in range(5):
        card, _ = review(card, Rating.Good, at, NO_FUZZ)
        formats.append((card.state, card.format))
        at = card.due
    assert formats[:2] == [("learning", "choice"), ("review", "cloze")]
    assert formats[-1] == ("review", "typed")
    assert [f for _, f in formats] == sorted((f for _, f in formats), key=FORMATS.index)


# --- due queue --------------------------------------------------------------------------


def test_due_queue_order() -> None:
    cards = [
        card_in("new", card_id="n2", due=NOW - 2 * MINUTE),
        card_in("review", card_id="r1", due=NOW - 3 * DAY),
        card_in("new", card_id="n1", due=NOW - 5 * MINUTE),
        card_in("relearning", card_id="l2", due=NOW - MINUTE),
        card_in("review", card_id="r2", due=NOW),
        card_in("learning", card_id="l1", due=NOW - 2 * MINUTE),
        card_in("review", card_id="r0", due=NOW - 3 * DAY),  # same due as r1: id decides
        card_in("review", card_id="later", due=NOW + MINUTE),
        card_in("learning", card_id="later-l", due=NOW + MINUTE),
        card_in("review", card_id="s", due=NOW - DAY, suspended=True),
        card_in("new", card_id="sn", due=NOW - DAY, suspended=True),
    ]
    queue = due_queue(cards, NOW, SETTINGS, 0, 0)
    assert [c.card_id for c in queue] == ["l1", "l2", "r0", "r1", "r2", "n1", "n2"]
    assert due_queue(list(reversed(cards)), NOW, SETTINGS, 0, 0) == queue


def test_due_queue_limits_new_cards() -> None:
    fresh = [card_in("new", card_id=f"n{i:02}", due=NOW - i * MINUTE) for i in range(30)]
    reviews = [card_in("review", card_id=f"r{i:02}", due=NOW - DAY) for i in range(5)]
    queue = due_queue(fresh + reviews, NOW, SETTINGS, new_done_today=0, reviews_done_today=0)
    assert len(queue) == 5 + 20
    assert [c.card_id for c in queue[5:8]] == ["n29", "n28", "n27"]  # oldest first
    assert len(due_queue(fresh, NOW, SETTINGS, new_done_today=17, reviews_done_today=0)) == 3
    assert due_queue(fresh, NOW, SETTINGS, new_done_today=25, reviews_done_today=0) == []


def test_due_queue_limits_the_total() -> None:
    learning = [card_in("learning", card_id=f"l{i}", due=NOW - MINUTE) for i in range(3)]
    reviews = [card_in("review", card_id=f"r{i:03}", due=NOW - DAY) for i in range(300)]
    fresh = [card_in("new", card_id=f"n{i}") for i in range(10)]
    cards = fresh + reviews + learning
    queue = due_queue(cards, NOW, SETTINGS, 0, 0)
    assert len(queue) == 200
    assert [c.state for c in queue[:3]] == ["learning"] * 3
    assert all(c.state == "review" for c in queue[3:])
    few = due_queue(cards, NOW, SETTINGS, 0, reviews_done_today=195)
    assert [c.card_id for c in few] == ["l0", "l1", "l2", "r000", "r001"]
    assert due_queue(cards, NOW, SETTINGS, 0, reviews_done_today=250) == []
    small = ReviewSettings(reviews_per_day=12)
    mixed = due_queue(learning + reviews[:5] + fresh, NOW, small, 0, 0)
    assert [c.state for c in mixed] == ["learning"] * 3 + ["review"] * 5 + ["new"] * 4


def test_due_queue_rejects_naive_now() -> None:
    with pytest.raises(ValueError, match="naive"):
        due_queue([], NOW.replace(tzinfo=None), SETTINGS, 0, 0)


# --- forecast ---------------------------------------------------------------------------


def test_forecast_counts_by_local_day() -> None:
    today = NOW.astimezone(SHANGHAI).date()  # 2026-03-02, 09:30 in Shanghai
    cards = [
        card_in("review", card_id="overdue", due=NOW - 10 * DAY),
        card_in("learning", card_id="soon", due=NOW + 10 * MINUTE),
        # 2026-03-02 17:00 UTC is 03-03 01:00 in Shanghai: tomorrow there
        card_in("review", card_id="tomorrow", due=dt.datetime(2026, 3, 2, 17, tzinfo=dt.UTC)),
        card_in("relearning", card_id="d29", due=NOW + 29 * DAY),
        card_in("review", card_id="d30", due=NOW + 30 * DAY),  # past the window
        card_in("review", card_id="s", due=NOW + DAY, suspended=True),
        card_in("new", card_id="n", due=NOW),
    ]
    counts = forecast(cards, today, SHANGHAI)
    assert len(counts) == 30
    assert counts[0] == 2
    assert counts[1] == 1
    assert counts[29] == 1
    assert sum(counts) == 4
    assert forecast(cards, today, dt.UTC, days=2) == [3, 0]
    assert forecast(cards, today, SHANGHAI, days=0) == []
    with pytest.raises(ValueError):
        forecast(cards, today, SHANGHAI, days=-1)


# --- statistics -------------------------------------------------------------------------


def test_cards_by_state() -> None:
    cards = [
        card_in("new", card_id="a"),
        card_in("new", card_id="b"),
        card_in("learning", card_id="c"),
        card_in("review", card_id="d"),
        card_in("review", card_id="e", leech=True),
        card_in("relearning", card_id="f", suspended=True, leech=True),
        card_in("review", card_id="g", suspended=True),
    ]
    counts = cards_by_state(cards)
    assert counts == {
        "new": 2,
        "learning": 1,
        "review": 2,
        "relearning": 0,
        "suspended": 2,
        "leech": 2,
    }
    assert sum(counts[k] for k in ("new", "learning", "review", "relearning", "suspended")) == 7
    assert cards_by_state([]) == dict.fromkeys(counts, 0)


def test_true_retention() -> None:
    def entry(state: str, interval: dt.timedelta, rating: Rating) -> ReviewLogEntry:
        return review(card_in(state, interval=interval), rating, NOW, SETTINGS)[1]

    assert true_retention([], SETTINGS) is None
    young = [entry("review", 20 * DAY, Rating.Again), entry("learning", 30 * DAY, Rating.Good)]
    fresh = review(new_card("q", "c", NOW), Rating.Good, NOW, SETTINGS)[1]
    assert true_retention([*young, fresh], SETTINGS) is None
    mature = [
        entry("review", 21 * DAY, Rating.Good),
        entry("review", 40 * DAY, Rating.Hard),
        entry("review", 90 * DAY, Rating.Easy),
        entry("review", 30 * DAY, Rating.Again),
    ]
    assert true_retention(mature + young, SETTINGS) == 0.75
    assert true_retention(mature, ReviewSettings(mature_days=30)) == 2 / 3


# --- cram -------------------------------------------------------------------------------


def test_cram_order_shuffles_every_card_untouched() -> None:
    cards = [card_in("review", card_id=f"c{i}", suspended=i == 3) for i in range(20)]
    cards.append(new_card("q", "n", NOW + DAY))
    order = cram_order(cards, random.Random(7))
    assert sorted(order, key=lambda c: c.card_id) == sorted(cards, key=lambda c: c.card_id)
    assert all(any(c is d for d in cards) for c in order)
    assert order != sorted(cards, key=lambda c: c.card_id)
    assert cram_order(list(reversed(cards)), random.Random(7)) == order
    assert cram_order(cards, random.Random(8)) != order
    assert cram_order([], random.Random(7)) == []


# --- serialisation ----------------------------------------------------------------------


def test_card_round_trips_through_json() -> None:
    reviewed, _ = review(card_in("review", fmt="cloze", leech=True), Rating.Good, NOW, SETTINGS)
    for card in (new_card("q", "c", NOW), reviewed):
        data = json.loads(json.dumps(card.to_dict()))
        assert CardState.from_dict(data) == card
    assert new_card("q", "c", NOW).to_dict()["due"] == "2026-03-02T01:30:00+00:00"


def test_log_entry_round_trips_through_json() -> None:
    card = new_card("q", "c", NOW)
    for rating in Rating:
        for duration in (None, 3.25):
            _, entry = review(card, rating, NOW, SETTINGS, duration_seconds=duration)
            data = json.loads(json.dumps(entry.to_dict()))
            assert ReviewLogEntry.from_dict(data) == entry
            assert data["rating"] == int(rating)
            assert data["previous"] == card.to_dict()


def test_from_dict_accepts_other_offsets_and_rejects_bad_data() -> None:
    data = card_in("review").to_dict()
    shifted = {**data, "due": NOW.astimezone(SHANGHAI).isoformat()}
    assert CardState.from_dict(shifted).due == NOW
    for bad in (
        {k: v for k, v in data.items() if k != "lapses"},
        {**data, "due": "2026-03-02T01:30:00"},
        {**data, "suspended": "false"},
        {**data, "reps": 1.5},
        {**data, "state": "lost"},
        {**data, "due": None},
    ):
        with pytest.raises(ValueError):
            CardState.from_dict(bad)
    _, entry = review(card_in("review"), Rating.Good, NOW, SETTINGS)
    log = entry.to_dict()
    for bad in (
        {**log, "rating": 0},
        {**log, "rating": True},
        {**log, "previous_state": "learning"},  # disagrees with the previous card
        {**log, "new_state": "lost"},
        {**log, "duration_seconds": "3"},
        {**log, "reviewed_at": "yesterday"},
        {k: v for k, v in log.items() if k != "previous"},
    ):
        with pytest.raises(ValueError):
            ReviewLogEntry.from_dict(bad)
