"""Spaced review of missed questions: FSRS scheduling of review cards, pure.

Every missed question (or one answered right only slowly or with a hint)
becomes a :class:`CardState`. :func:`auto_rating` turns an answer into a
:class:`Rating`, :func:`review` schedules the card with ``fsrs`` and returns a
:class:`ReviewLogEntry` that :func:`undo` can reverse; :func:`due_queue` picks
today's cards. No clock and no randomness of its own: ``now`` and ``rng`` come in.

Modules: ``settings`` (ReviewSettings), ``card`` (CardState, format rule,
maturity), ``rating`` (Rating, auto_rating), ``log`` (ReviewLogEntry),
``scheduling`` (the fsrs adapter, review, undo), ``queue`` (due_queue,
cram_order), ``stats`` (forecast, cards_by_state, true_retention).
"""

from __future__ import annotations

from studyapp.core.review.card import (
    CLOZE_AFTER_DAYS,
    FORMATS,
    STATES,
    TYPED_AFTER_DAYS,
    CardState,
    format_after_review,
    interval_days,
    is_mature,
    new_card,
    suspend,
    unsuspend,
)
from studyapp.core.review.log import ReviewLogEntry, previous_interval_days
from studyapp.core.review.queue import cram_order, due_queue
from studyapp.core.review.rating import VERDICTS, Rating, auto_rating
from studyapp.core.review.scheduling import FUZZ_IS_SEEDED, fuzz_seed, review, to_fsrs_card, undo
from studyapp.core.review.settings import ANSWER_KINDS, ReviewSettings
from studyapp.core.review.stats import cards_by_state, forecast, true_retention
from studyapp.core.review.values import utc

__all__ = [
    "ANSWER_KINDS",
    "CLOZE_AFTER_DAYS",
    "FORMATS",
    "FUZZ_IS_SEEDED",
    "STATES",
    "TYPED_AFTER_DAYS",
    "VERDICTS",
    "CardState",
    "Rating",
    "ReviewLogEntry",
    "ReviewSettings",
    "auto_rating",
    "cards_by_state",
    "cram_order",
    "due_queue",
    "forecast",
    "format_after_review",
    "fuzz_seed",
    "interval_days",
    "is_mature",
    "new_card",
    "previous_interval_days",
    "review",
    "suspend",
    "to_fsrs_card",
    "true_retention",
    "undo",
    "unsuspend",
    "utc",
]
