"""The review log entry: one review, with the card as it was before, for undo and statistics."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from studyapp.core.review.card import STATES, CardState, StateName, interval_days
from studyapp.core.review.rating import Rating
from studyapp.core.review.values import flag, optional_float, text, timestamp, utc


@dataclass(frozen=True)
class ReviewLogEntry:
    """One review of one card, with the whole card as it was before, for undo and statistics."""

    card_id: str
    question_id: str
    rating: Rating
    reviewed_at: dt.datetime
    previous_state: str
    new_state: StateName
    previous_due: dt.datetime
    new_due: dt.datetime
    duration_seconds: float | None
    leeched: bool
    """Whether this review made the card a leech and suspended it."""
    previous: CardState
    """The card before the review; :func:`undo` gives it back."""

    def __post_init__(self) -> None:
        """Normalise datetimes to UTC and check the entry agrees with ``previous``."""
        object.__setattr__(self, "rating", Rating(self.rating))
        for name in ("reviewed_at", "previous_due", "new_due"):
            object.__setattr__(self, name, utc(getattr(self, name), name))
        previous = self.previous
        if (previous.card_id, previous.question_id) != (self.card_id, self.question_id):
            raise ValueError("the previous card is another card")
        if (previous.state, previous.due) != (self.previous_state, self.previous_due):
            raise ValueError("previous_state and previous_due must be the previous card's")
        if self.new_state not in STATES:
            raise ValueError(f"new_state must be one of {STATES}, got {self.new_state!r}")
        check_duration(self.duration_seconds)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the entry, datetimes as ISO 8601 strings with offset.

        Returns:
            A dict :meth:`from_dict` turns back into an equal entry; ``previous``
            is nested as :meth:`CardState.to_dict` gives it.
        """
        return {
            "card_id": self.card_id,
            "question_id": self.question_id,
            "rating": int(self.rating),
            "reviewed_at": self.reviewed_at.isoformat(),
            "previous_state": self.previous_state,
            "new_state": self.new_state,
            "previous_due": self.previous_due.isoformat(),
            "new_due": self.new_due.isoformat(),
            "duration_seconds": self.duration_seconds,
            "leeched": self.leeched,
            "previous": self.previous.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewLogEntry:
        """An entry from :meth:`to_dict`'s output.

        Args:
            data: the dict; every key is required.

        Returns:
            The entry.

        Raises:
            ValueError: for a missing key, a wrong type or an inconsistent entry.
        """
        try:
            rating = data["rating"]
            if isinstance(rating, bool) or not isinstance(rating, int):
                raise ValueError(f"rating must be an integer, got {rating!r}")
            return cls(
                card_id=text(data["card_id"], "card_id"),
                question_id=text(data["question_id"], "question_id"),
                rating=Rating(rating),
                reviewed_at=timestamp(data["reviewed_at"], "reviewed_at"),
                previous_state=text(data["previous_state"], "previous_state"),
                new_state=cast(StateName, text(data["new_state"], "new_state")),  # see below
                previous_due=timestamp(data["previous_due"], "previous_due"),
                new_due=timestamp(data["new_due"], "new_due"),
                duration_seconds=optional_float(data["duration_seconds"], "duration_seconds"),
                leeched=flag(data["leeched"], "leeched"),
                previous=CardState.from_dict(data["previous"]),
            )
        except KeyError as missing:
            raise ValueError(f"review log dict lacks {missing}") from None


def check_duration(seconds: float | None) -> None:
    """Raise ValueError unless ``seconds`` is ``None`` or a finite number ≥ 0."""
    if seconds is not None and not (
        isinstance(seconds, int | float) and math.isfinite(seconds) and seconds >= 0
    ):
        raise ValueError(f"duration_seconds must be a finite number ≥ 0, got {seconds!r}")


def previous_interval_days(entry: ReviewLogEntry) -> float | None:
    """The interval the card had when it was reviewed (see :func:`interval_days`).

    Args:
        entry: a log entry.

    Returns:
        Days, or ``None`` when the card had never been reviewed before.
    """
    return interval_days(entry.previous)
