"""What to review now: the daily queue, and cram order."""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Sequence
from operator import attrgetter

from studyapp.core.review.card import CardState
from studyapp.core.review.settings import ReviewSettings
from studyapp.core.review.values import utc

_ORDER = attrgetter("due", "card_id")


def due_queue(
    cards: Sequence[CardState],
    now: dt.datetime,
    settings: ReviewSettings,
    new_done_today: int,
    reviews_done_today: int,
) -> list[CardState]:
    """The cards to review now, in the order to review them.

    Only cards due at or before ``now`` that are not suspended qualify. Order:
    learning and relearning cards by due date, then review cards by due date,
    then new cards by due date (their creation), ties broken by card id. New
    cards are capped at ``new_cards_per_day - new_done_today``; the whole queue
    at ``reviews_per_day - reviews_done_today``, so a full day of reviews
    crowds out new cards. A learning card that comes due later today is not in
    it yet: call again as the session goes on.

    Args:
        cards: candidate cards, in any order.
        now: the current instant (aware).
        settings: gives the daily limits.
        new_done_today: new cards already introduced today.
        reviews_done_today: reviews already done today, new cards included.

    Returns:
        The queue; a new list of the given card objects.

    Raises:
        ValueError: for a naive ``now``.
    """
    at = utc(now)
    room = max(0, settings.reviews_per_day - reviews_done_today)
    new_room = min(room, max(0, settings.new_cards_per_day - new_done_today))
    learning: list[CardState] = []
    reviews: list[CardState] = []
    fresh: list[CardState] = []
    by_state = {"learning": learning, "relearning": learning, "review": reviews, "new": fresh}
    for card in cards:
        if card.due <= at and not card.suspended:
            by_state[card.state].append(card)
    queue = _first(learning, room)
    queue += _first(reviews, room - len(queue))
    queue += _first(fresh, min(new_room, room - len(queue)))
    return queue


def _first(cards: list[CardState], count: int) -> list[CardState]:
    """The ``count`` earliest cards by (due, card id), in order."""
    if count <= 0:
        return []
    if count < len(cards) // 8:
        return heapq.nsmallest(count, cards, key=_ORDER)
    return sorted(cards, key=_ORDER)[:count]


def cram_order(cards: Sequence[CardState], rng: random.Random) -> list[CardState]:
    """All the given cards shuffled, for a cram session that leaves schedules alone.

    Suspended and not-yet-due cards are included; pick the cards before. The
    result depends only on which cards are given and on ``rng``, not on their order.

    Args:
        cards: the cards to cram, e.g. all of one material's.
        rng: the source of randomness.

    Returns:
        A new list of the same card objects in random order.
    """
    order = sorted(cards, key=attrgetter("card_id"))
    rng.shuffle(order)
    return order
