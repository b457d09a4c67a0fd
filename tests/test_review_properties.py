"""Spaced review, properties: the fsrs adapter's invariants and a stateful review/undo model."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, event, given, note
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)

from studyapp.core.review import (
    FORMATS,
    STATES,
    CardState,
    Rating,
    ReviewLogEntry,
    ReviewSettings,
    new_card,
    review,
    undo,
    unsuspend,
)

BASE = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)

ratings = st.sampled_from(list(Rating))
steps = st.lists(st.integers(1, 720), max_size=3, unique=True).map(
    lambda minutes: tuple(m * MINUTE for m in sorted(minutes))
)
review_settings = st.builds(
    ReviewSettings,
    desired_retention=st.floats(0.7, 0.97),
    learning_steps=steps | st.just(ReviewSettings().learning_steps),
    relearning_steps=steps | st.just(ReviewSettings().relearning_steps),
    maximum_interval=st.integers(1, 400) | st.just(36500),
    enable_fuzzing=st.booleans(),
    leech_lapses=st.integers(0, 8),
)
# when, relative to the card's due date, a review happens: early, on time or late
offsets = st.integers(-3 * 24 * 60, 200 * 24 * 60).map(lambda m: m * MINUTE)


History = tuple[ReviewSettings, CardState, dt.datetime, list[ReviewLogEntry]]
Scenario = tuple[ReviewSettings, CardState, dt.datetime]


@st.composite
def histories(draw: st.DrawFn, fuzz: bool | None = None) -> History:
    """Settings, a card reached by reviewing a new card a few times under them (leeches
    unsuspended to go on), a time to review it next, and its log."""
    settings = draw(review_settings)
    if fuzz is not None:
        settings = replace(settings, enable_fuzzing=fuzz)
    card = new_card("q", draw(st.sampled_from(["c1", "c2", "card-3"])), BASE)
    at = BASE
    log = []
    for rating, offset in draw(st.lists(st.tuples(ratings, offsets), max_size=12)):
        at = max(at, card.due + offset)
        card, entry = review(unsuspend(card), rating, at, settings)
        log.append(entry)
    later = max(at, card.due + draw(offsets))
    return settings, card, later, log


def scenarios(fuzz: bool | None = None) -> st.SearchStrategy[Scenario]:
    """Settings, an unsuspended card reachable under them, and a time to review it."""
    return histories(fuzz).map(lambda h: (h[0], unsuspend(h[1]), h[2]))


@st.composite
def synthetic(draw: st.DrawFn, fuzz: bool | None = None) -> Scenario:
    """Settings, any well-formed card (not only reachable ones), and a time to review it."""
    settings = draw(review_settings)
    if fuzz is not None:
        settings = replace(settings, enable_fuzzing=fuzz)
    state = draw(st.sampled_from(["learning", "review", "relearning"]))
    steps = settings.learning_steps if state == "learning" else settings.relearning_steps
    step = None if state == "review" else draw(st.integers(0, max(0, len(steps) - 1)))
    last_review = BASE + draw(st.integers(0, 10_000)) * DAY
    card = CardState(
        card_id=draw(st.text("abc-", min_size=1, max_size=4)),
        question_id="q",
        state=state,
        step=step,
        stability=draw(st.floats(0.001, 40_000)),
        difficulty=draw(st.floats(1.0, 10.0)),
        due=last_review + draw(st.integers(1, 36500 * 24 * 60)) * MINUTE,
        last_review=last_review,
        reps=draw(st.integers(1, 100)),
        lapses=draw(st.integers(0, 30)),
        suspended=False,
        leech=False,
        format=draw(st.sampled_from(FORMATS)),
    )
    at = last_review + draw(st.integers(0, 3000 * 24 * 60)) * MINUTE
    return settings, card, at


def any_card(fuzz: bool | None = None) -> st.SearchStrategy[Scenario]:
    """A reachable card or a synthetic one."""
    return scenarios(fuzz) | synthetic(fuzz)


FAST = hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_card(), ratings)
def test_due_is_never_in_the_past(scenario: Scenario, rating: Rating) -> None:
    settings, card, at = scenario
    new, entry = review(card, rating, at, settings)
    assert new.due > at
    assert new.last_review == entry.reviewed_at == at


@FAST
@given(any_card(fuzz=False))
def test_a_better_rating_never_schedules_sooner(
    scenario: Scenario,
) -> None:
    settings, card, at = scenario
    dues = [review(card, rating, at, settings)[0].due for rating in Rating]
    note(f"{card=}\n{dues=}")
    assert dues == sorted(dues)


@FAST
@given(any_card(), ratings)
def test_intervals_stay_within_the_maximum(scenario: Scenario, rating: Rating) -> None:
    settings, card, at = scenario
    new, _ = review(card, rating, at, settings)
    assert new.due - at <= settings.maximum_interval * DAY


@FAST
@given(any_card(fuzz=True), ratings, st.integers(), st.integers())
def test_same_inputs_same_outputs_even_fuzzed(
    scenario: Scenario,
    rating: Rating,
    seed_1: int,
    seed_2: int,
) -> None:
    settings, card, at = scenario
    state = random.getstate()
    try:
        random.seed(seed_1)
        first = review(card, rating, at, settings)
        random.seed(seed_2)
        second = review(card, rating, at, settings)
    finally:
        random.setstate(state)
    assert first == second


@FAST
@given(histories(fuzz=True))
def test_a_whole_history_replays_identically(history: History) -> None:
    """Re-running the logged reviews on the first card gives the same card, fuzz included."""
    settings, card, _, log = history
    replayed = new_card(card.question_id, card.card_id, BASE)
    for entry in log:
        replayed = unsuspend(replayed)  # as the history did with leeches
        assert undo(entry) == replayed
        replayed, _ = review(replayed, entry.rating, entry.reviewed_at, settings)
    assert replayed == card


@FAST
@given(histories())
def test_cards_and_log_entries_round_trip(history: History) -> None:
    _, card, _, log = history
    assert CardState.from_dict(json.loads(json.dumps(card.to_dict()))) == card
    for entry in log:
        assert ReviewLogEntry.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry


@FAST
@given(histories())
def test_counters_follow_the_log(history: History) -> None:
    _, card, _, log = history
    assert card.reps == len(log)
    lapses = sum(e.previous_state == "review" and e.rating is Rating.Again for e in log)
    assert card.lapses == lapses
    assert (card.state == "new") == (not log)
    for before, after in itertools.pairwise(log):
        assert after.previous.lapses >= before.previous.lapses
        assert after.previous.reps == before.previous.reps + 1


# --- stateful: random reviews, undos, unsuspends and time on a few cards --------------------


class ReviewMachine(RuleBasedStateMachine):
    """A few cards reviewed, undone and unsuspended in random order as the clock runs."""

    cards = Bundle("cards")

    def __init__(self) -> None:
        super().__init__()
        # leeches at 2 lapses and, once unsuspended, at every lapse after (2 // 2)
        self.settings = ReviewSettings(leech_lapses=2)
        self.now = BASE
        self.current: dict[str, CardState] = {}
        self.log: dict[str, list[ReviewLogEntry]] = {}
        self.created: dict[str, CardState] = {}

    @initialize(target=cards, count=st.integers(1, 3))
    def make_cards(self, count: int) -> object:
        """Start with ``count`` new cards."""
        ids = [f"card-{number}" for number in range(count)]
        for card_id in ids:
            card = new_card("q-" + card_id, card_id, self.now)
            self.current[card_id] = self.created[card_id] = card
            self.log[card_id] = []
        return multiple(*ids)

    @rule(minutes=st.integers(0, 90 * 24 * 60))
    def wait(self, minutes: int) -> None:
        """Let time pass."""
        self.now += minutes * MINUTE

    @rule(card_id=cards)
    def wait_until_due(self, card_id: str) -> None:
        """Jump to a card's due time, if it is ahead."""
        self.now = max(self.now, self.current[card_id].due)

    @rule(card_id=cards, rating=st.sampled_from([*Rating, Rating.Again, Rating.Good]))
    def review_card(self, card_id: str, rating: Rating) -> None:
        """Review a card now; a suspended one must be refused."""
        card = self.current[card_id]
        if card.suspended:
            event("review refused: suspended")
            with pytest.raises(ValueError, match="suspended"):
                review(card, rating, self.now, self.settings)
            return
        new, entry = review(card, rating, self.now, self.settings)
        lapsed = card.state == "review" and rating is Rating.Again
        assert new.lapses == card.lapses + lapsed >= card.lapses
        assert new.reps == card.reps + 1
        assert new.due > self.now == new.last_review
        assert entry.previous == card
        assert entry.leeched == (new.suspended and not card.suspended)
        event(f"review: {card.state} -> {new.state}" + (", leeched" if entry.leeched else ""))
        self.current[card_id] = new
        self.log[card_id].append(entry)

    @rule(card_id=cards)
    def undo_last(self, card_id: str) -> None:
        """Undo a card's latest review; undoing an older one must be refused."""
        entries = self.log[card_id]
        if not entries:
            return
        event("undo" + (" of a leeching review" if entries[-1].leeched else ""))
        if len(entries) > 1:
            with pytest.raises(ValueError, match="latest"):
                undo(entries[-2], current=self.current[card_id])
        entry = entries.pop()
        restored = undo(entry, current=self.current[card_id])
        assert restored == entry.previous
        assert restored.reps == self.current[card_id].reps - 1
        self.current[card_id] = restored

    @rule(card_id=cards)
    def unsuspend_card(self, card_id: str) -> None:
        """Take a card (a leech, say) back into the queue by hand."""
        self.current[card_id] = unsuspend(self.current[card_id])

    @invariant()
    def counters_match_the_log(self) -> None:
        """Reps count the standing reviews; lapses count the standing lapses."""
        for card_id, card in self.current.items():
            entries = self.log[card_id]
            assert card.reps == len(entries)
            assert card.lapses == sum(
                e.previous_state == "review" and e.rating is Rating.Again for e in entries
            )
            assert (card.state == "new") == (not entries)
            if not entries:
                assert card == self.created[card_id]

    @invariant()
    def cards_are_well_formed(self) -> None:
        """Known states and formats; leeches only past the threshold; due after last review."""
        for card in self.current.values():
            assert card.state in STATES and card.format in FORMATS
            assert card.suspended <= card.leech  # nothing else suspends in this model
            assert card.leech <= (card.lapses >= self.settings.leech_lapses)
            if card.last_review is not None:
                assert card.due > card.last_review

    def teardown(self) -> None:
        """At the end of a run: reviews are a pure function of their inputs, fuzz included."""
        for card_id, card in self.current.items():
            replayed = self.created[card_id]
            for entry in self.log[card_id]:
                replayed = unsuspend(replayed)  # leeches were unsuspended to go on
                assert replace(entry.previous, suspended=False) == replayed
                replayed, _ = review(replayed, entry.rating, entry.reviewed_at, self.settings)
            assert replace(replayed, suspended=card.suspended) == card


ReviewMachine.TestCase.settings = hsettings(
    max_examples=50,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestReviewMachine = ReviewMachine.TestCase
