"""Numbers about cards and reviews: the due forecast, counts by state, true retention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from studyapp.core.review.card import STATES, CardState
from studyapp.core.review.log import ReviewLogEntry, previous_interval_days
from studyapp.core.review.settings import ReviewSettings


def forecast(
    cards: Iterable[CardState], today: dt.date, tz: dt.tzinfo, days: int = 30
) -> list[int]:
    """How many cards come due on each of the next ``days`` local days.

    Counted: learning, relearning and review cards that are not suspended, on
    the local day (in ``tz``) of their due instant; overdue cards count on
    today, cards due after the window not at all. New cards are left out: they
    are "due" from their creation and the daily new-card limit, not the
    schedule, decides when they come.

    Args:
        cards: any cards.
        today: the learner's local date.
        tz: the learner's time zone.
        days: the window's length, today included.

    Returns:
        ``days`` counts; index 0 is today.

    Raises:
        ValueError: for a negative ``days``.
    """
    if days < 0:
        raise ValueError(f"days must not be negative, got {days!r}")
    counts = [0] * days
    for card in cards:
        if card.suspended or card.state == "new":
            continue
        offset = max(0, (card.due.astimezone(tz).date() - today).days)
        if offset < days:
            counts[offset] += 1
    return counts


def cards_by_state(cards: Iterable[CardState]) -> dict[str, int]:
    """How many cards there are in each state.

    Suspended cards count under ``"suspended"`` only, so ``new + learning +
    review + relearning + suspended`` is the number of cards; ``"leech"``
    counts leech-tagged cards whether suspended or not.

    Args:
        cards: any cards.

    Returns:
        Counts keyed ``new``, ``learning``, ``review``, ``relearning``,
        ``suspended`` and ``leech``, zeros included.
    """
    counts = dict.fromkeys((*STATES, "suspended", "leech"), 0)
    for card in cards:
        counts["suspended" if card.suspended else card.state] += 1
        counts["leech"] += card.leech
    return counts


def true_retention(logs: Sequence[ReviewLogEntry], settings: ReviewSettings) -> float | None:
    """The share of passed reviews among reviews of mature cards.

    A review counts when the card was in review with an interval of at least
    ``settings.mature_days`` when it was reviewed; it passed when rated Hard,
    Good or Easy. Compare with ``settings.desired_retention``.

    Args:
        logs: review log entries (any cards, any order).
        settings: gives ``mature_days``.

    Returns:
        A fraction in [0, 1], or ``None`` when no review counts.
    """
    total = passed = 0
    for entry in logs:
        if entry.previous_state != "review":
            continue
        interval = previous_interval_days(entry)
        if interval is None or interval < settings.mature_days:
            continue
        total += 1
        passed += entry.rating.passed
    return None if total == 0 else passed / total
