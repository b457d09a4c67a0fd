"""Ratings and the automatic rating of a quiz answer."""

from __future__ import annotations

import math
from enum import IntEnum

from studyapp.core.review.card import CardState, is_mature
from studyapp.core.review.settings import ReviewSettings

VERDICTS = ("right", "almost", "wrong")
"""The verdicts of :class:`studyapp.core.quiz.model.Grade`."""


class Rating(IntEnum):
    """How well a card was recalled; the values are ``fsrs.Rating``'s."""

    Again = 1
    Hard = 2
    Good = 3
    Easy = 4

    @property
    def passed(self) -> bool:
        """Whether the card counts as recalled (anything but Again)."""
        return self is not Rating.Again


def auto_rating(
    grade_verdict: str,
    seconds: float | None,
    hint_used: bool,
    answer_kind: str,
    card: CardState,
    settings: ReviewSettings,
) -> Rating:
    """Rate an answer from its grade, speed and help, so the learner never rates by hand.

    The table, first match wins:

    ========================================================  ======
    ``wrong``                                                 Again
    ``almost``                                                Hard
    ``right`` with a hint                                     Hard
    ``right`` slower than ``settings.slow_seconds(kind)``     Hard
    ``right`` quicker than ``fast_seconds`` on a mature card  Easy
    ``right``                                                 Good
    ========================================================  ======

    "Slower than" and "quicker than" are strict: exactly the threshold is Good.
    Unknown timing (``seconds=None``) never makes an answer Hard or Easy.
    Maturity is the card's before this answer (:func:`is_mature`).

    Args:
        grade_verdict: ``"right"``, ``"almost"`` or ``"wrong"``.
        seconds: how long the answer took, or ``None`` when unknown.
        hint_used: whether the learner looked at the hint.
        answer_kind: ``"choice"``, ``"cloze"`` or ``"typed"`` (cloze counts as typed).
        card: the card answered, as it was before the answer.
        settings: gives the thresholds.

    Returns:
        The rating to pass to :func:`review`.

    Raises:
        ValueError: for an unknown verdict or answer kind, or negative or non-finite seconds.
    """
    if grade_verdict not in VERDICTS:
        raise ValueError(f"grade_verdict must be one of {VERDICTS}, got {grade_verdict!r}")
    slow = settings.slow_seconds(answer_kind)
    if seconds is not None and not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"seconds must be a finite number ≥ 0, got {seconds!r}")
    if grade_verdict == "wrong":
        return Rating.Again
    if grade_verdict == "almost" or hint_used:
        return Rating.Hard
    if seconds is None:
        return Rating.Good
    if seconds > slow:
        return Rating.Hard
    if seconds < settings.fast_seconds and is_mature(card, settings):
        return Rating.Easy
    return Rating.Good
