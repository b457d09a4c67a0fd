"""Review settings: the knobs of scheduling, daily limits, leeches and auto-rating."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

ANSWER_KINDS = ("choice", "cloze", "typed")
"""How an answer was given: picked from options, or typed (a cloze blank or a free answer)."""


def _positive(value: float, name: str) -> None:
    """Raise ValueError unless ``value`` is a finite number above 0."""
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value!r}")


def _count(value: int, name: str) -> None:
    """Raise ValueError unless ``value`` is a whole number ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number ≥ 0, got {value!r}")


def _steps(steps: tuple[dt.timedelta, ...], name: str) -> tuple[dt.timedelta, ...]:
    """The steps as a tuple, checked: positive, under a day, growing."""
    steps = tuple(steps)
    for step in steps:
        if not isinstance(step, dt.timedelta) or step <= dt.timedelta(0):
            raise ValueError(f"{name} must hold positive timedeltas, got {step!r}")
        if step >= dt.timedelta(days=1):
            raise ValueError(f"{name} must be shorter than a day, got {step!r}")
    if any(later <= earlier for earlier, later in itertools.pairwise(steps)):
        raise ValueError(f"{name} must grow from step to step, got {steps!r}")
    return steps


@dataclass(frozen=True)
class ReviewSettings:
    """Everything that tunes reviewing; the defaults are FSRS's and Anki's usual ones."""

    desired_retention: float = 0.9
    """Probability of recall FSRS aims for when a card comes due (0 < r < 1)."""

    learning_steps: tuple[dt.timedelta, ...] = (dt.timedelta(minutes=1), dt.timedelta(minutes=10))
    """Short intervals a new card goes through before its first interval in days.

    Each step is shorter than a day and longer than the one before.
    """

    relearning_steps: tuple[dt.timedelta, ...] = (dt.timedelta(minutes=10),)
    """Short intervals a lapsed card goes through before it is back in days (same rules)."""

    maximum_interval: int = 36500
    """The longest interval, in days, a card can be scheduled."""

    enable_fuzzing: bool = True
    """Spread review intervals of 3 days or more a little so cards learnt together drift apart.

    The fuzz is seeded from the card and its review count, so it is reproducible.
    """

    new_cards_per_day: int = 20
    """How many new cards the daily queue introduces at most."""

    reviews_per_day: int = 200
    """How many cards (new ones included) the daily queue holds at most."""

    leech_lapses: int = 8
    """Lapses after which a card is a leech: tagged and suspended (0 turns leeches off).

    A card unsuspended by hand is suspended again every ``leech_lapses // 2``
    further lapses (at 8, 12, 16… with the default), as Anki does.
    """

    slow_seconds_typed: float = 20.0
    """A right typed (or cloze) answer slower than this rates Hard instead of Good."""

    slow_seconds_choice: float = 10.0
    """A right multiple-choice answer slower than this rates Hard instead of Good."""

    fast_seconds: float = 5.0
    """A right answer quicker than this on a mature card rates Easy instead of Good."""

    mature_days: int = 21
    """A card is mature once its current interval (due − last review) is at least this many days."""

    def __post_init__(self) -> None:
        """Check every field; turn step sequences into tuples so settings stay hashable."""
        if not (0 < self.desired_retention < 1):
            raise ValueError(f"desired_retention must be in (0, 1), got {self.desired_retention!r}")
        object.__setattr__(self, "learning_steps", _steps(self.learning_steps, "learning_steps"))
        object.__setattr__(
            self, "relearning_steps", _steps(self.relearning_steps, "relearning_steps")
        )
        _count(self.maximum_interval, "maximum_interval")
        if self.maximum_interval < 1:
            raise ValueError("maximum_interval must be at least 1 day")
        for name in ("new_cards_per_day", "reviews_per_day", "leech_lapses", "mature_days"):
            _count(getattr(self, name), name)
        for name in ("slow_seconds_typed", "slow_seconds_choice", "fast_seconds"):
            _positive(getattr(self, name), name)

    def slow_seconds(self, answer_kind: str) -> float:
        """The slowness threshold for one kind of answer.

        Args:
            answer_kind: ``"choice"``, ``"cloze"`` or ``"typed"``; a cloze blank is typed.

        Returns:
            Seconds beyond which a right answer rates Hard.

        Raises:
            ValueError: for an unknown answer kind.
        """
        if answer_kind not in ANSWER_KINDS:
            raise ValueError(f"answer_kind must be one of {ANSWER_KINDS}, got {answer_kind!r}")
        return self.slow_seconds_choice if answer_kind == "choice" else self.slow_seconds_typed
