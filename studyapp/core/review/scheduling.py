"""Reviewing a card with FSRS, and undo.

All memory-model maths is ``fsrs``'s (``fsrs.Scheduler.review_card``); this
module only maps :class:`CardState` to ``fsrs.Card`` and back and keeps what
FSRS does not: the "new" state, reps, lapses, leeches and the card's format.

Deterministic fuzz: ``fsrs`` fuzzes review intervals with the ``random()``
function it imports into ``fsrs.scheduler`` from the global ``random`` module,
and offers no seed. Rather than reseeding or patching that module-wide state
(which would race with other threads and disturb everyone else's randomness),
each review runs fsrs's own ``_get_fuzzed_interval`` code in a copy of the
function whose globals map ``random`` to a private ``random.Random`` seeded
from the card id and its review count. Same card, same reps, same fuzz; undo
and redo give the same due date. If a future fsrs stops looking ``random`` up
that way the fuzz falls back to fsrs's own, unseeded one
(``tests/test_review_core.py`` checks that it does not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import types
from collections.abc import Callable
from dataclasses import replace

import fsrs

from studyapp.core.review.card import CardState, StateName, format_after_review
from studyapp.core.review.log import ReviewLogEntry, check_duration
from studyapp.core.review.rating import Rating
from studyapp.core.review.settings import ReviewSettings
from studyapp.core.review.values import utc

_TO_FSRS_STATE: dict[StateName, fsrs.State] = {
    "learning": fsrs.State.Learning,
    "review": fsrs.State.Review,
    "relearning": fsrs.State.Relearning,
}
_FROM_FSRS_STATE = {value: key for key, value in _TO_FSRS_STATE.items()}

_FSRS_FUZZ = fsrs.Scheduler._get_fuzzed_interval
FUZZ_IS_SEEDED = "random" in _FSRS_FUZZ.__code__.co_names
"""Whether this fsrs version's fuzz could be given a seeded generator (see the module doc)."""


def fuzz_seed(card: CardState) -> int:
    """The seed of a review's fuzz: a hash of the card id and its review count.

    Args:
        card: the card about to be reviewed.

    Returns:
        A 64-bit integer, the same on every run and machine.
    """
    key = f"{card.card_id}\x1f{card.reps}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def _seeded_fuzz(rng: random.Random) -> Callable[..., dt.timedelta]:
    """fsrs's own fuzz function, reading its randomness from ``rng``."""
    names = dict(_FSRS_FUZZ.__globals__)
    names["random"] = rng.random
    fuzz = types.FunctionType(
        _FSRS_FUZZ.__code__,
        names,
        _FSRS_FUZZ.__name__,
        _FSRS_FUZZ.__defaults__,
        _FSRS_FUZZ.__closure__,
    )
    fuzz.__kwdefaults__ = _FSRS_FUZZ.__kwdefaults__
    return fuzz


def _scheduler(settings: ReviewSettings, seed: int) -> fsrs.Scheduler:
    """An fsrs scheduler for the settings whose fuzz is seeded with ``seed``."""
    scheduler = fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.enable_fuzzing,
    )
    if settings.enable_fuzzing and FUZZ_IS_SEEDED:
        fuzz = _seeded_fuzz(random.Random(seed))
        # fsrs draws its fuzz from the global random module and has no hook for a seed
        scheduler._get_fuzzed_interval = types.MethodType(fuzz, scheduler)  # type: ignore[method-assign]  # see above
    return scheduler


def to_fsrs_card(card: CardState) -> fsrs.Card:
    """The ``fsrs.Card`` for a card; a new card is fsrs's default fresh card.

    Args:
        card: any card.

    Returns:
        An fsrs card (its integer id is 0: fsrs only copies it into its own log,
        which is not used; passing it keeps fsrs from reading the clock).
    """
    if card.state == "new":
        return fsrs.Card(card_id=0, due=card.due)
    return fsrs.Card(
        card_id=0,
        state=_TO_FSRS_STATE[card.state],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _leeches(lapses: int, settings: ReviewSettings) -> bool:
    """Whether reaching ``lapses`` makes a card a leech (again)."""
    threshold = settings.leech_lapses
    if threshold <= 0 or lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def _updated(
    card: CardState,
    reviewed: fsrs.Card,
    rating: Rating,
    at: dt.datetime,
    settings: ReviewSettings,
) -> tuple[CardState, bool]:
    """The card after fsrs reviewed it (reps, lapses, leech, format) and whether it leeched."""
    lapsed = card.state == "review" and rating is Rating.Again
    lapses = card.lapses + lapsed
    leeched = lapsed and _leeches(lapses, settings)
    state = _FROM_FSRS_STATE[reviewed.state]
    passed_interval = None
    if state == "review" and rating.passed:
        passed_interval = (reviewed.due - at).total_seconds() / 86400.0
    new = replace(
        card,
        state=state,
        step=reviewed.step,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        due=reviewed.due,
        last_review=reviewed.last_review,
        reps=card.reps + 1,
        lapses=lapses,
        suspended=leeched,
        leech=card.leech or leeched,
        format=format_after_review(card.format, lapsed, passed_interval),
    )
    return new, leeched


def review(
    card: CardState,
    rating: Rating,
    now: dt.datetime,
    settings: ReviewSettings,
    duration_seconds: float | None = None,
) -> tuple[CardState, ReviewLogEntry]:
    """Review a card: FSRS schedules it; reps, lapses, leech and format follow.

    A lapse is Again on a card in review. When the lapse count reaches
    ``settings.leech_lapses`` (and every ``leech_lapses // 2`` lapses after) the
    card is tagged leech and suspended, and the log entry says ``leeched``.

    Args:
        card: the card, not suspended.
        rating: the answer's rating (:func:`auto_rating`).
        now: the instant of the review (aware; converted to UTC).
        settings: scheduling settings.
        duration_seconds: how long the answer took, only recorded.

    Returns:
        The reviewed card and the log entry that can undo it.

    Raises:
        ValueError: for a naive ``now``, a suspended card, an unknown rating or a
            negative duration.
    """
    at = utc(now)
    rating = Rating(rating)
    check_duration(duration_seconds)
    if card.suspended:
        raise ValueError(f"card {card.card_id} is suspended; unsuspend it to review it")
    scheduler = _scheduler(settings, fuzz_seed(card))
    reviewed, _ = scheduler.review_card(to_fsrs_card(card), fsrs.Rating(int(rating)), at)
    new, leeched = _updated(card, reviewed, rating, at, settings)
    entry = ReviewLogEntry(
        card_id=card.card_id,
        question_id=card.question_id,
        rating=rating,
        reviewed_at=at,
        previous_state=card.state,
        new_state=new.state,
        previous_due=card.due,
        new_due=new.due,
        duration_seconds=None if duration_seconds is None else float(duration_seconds),
        leeched=leeched,
        previous=card,
    )
    return new, entry


def undo(entry: ReviewLogEntry, current: CardState | None = None) -> CardState:
    """The card exactly as it was before the review ``entry`` records.

    Args:
        entry: the log entry of the review to undo.
        current: the card as it is now, to check the entry is its latest review;
            ``None`` skips the check.

    Returns:
        The previous card, equal field for field to the one reviewed.

    Raises:
        ValueError: when ``current`` is given and ``entry`` is not its latest review.
    """
    if current is not None and not _is_latest(entry, current):
        raise ValueError(f"the entry is not the latest review of card {current.card_id}")
    return entry.previous


def _is_latest(entry: ReviewLogEntry, current: CardState) -> bool:
    """Whether ``current`` is what ``entry``'s review made of the card, (un)suspension aside."""
    return (
        current.card_id == entry.card_id
        and current.last_review == entry.reviewed_at
        and current.reps == entry.previous.reps + 1
        and current.due == entry.new_due
    )
