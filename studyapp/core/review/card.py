"""Review cards: their stored state, creation, maturity, format and (de)serialisation."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, cast, get_args

from studyapp.core.review.settings import ReviewSettings
from studyapp.core.review.values import (
    flag,
    integer,
    optional_float,
    optional_int,
    text,
    timestamp,
    utc,
)

StateName = Literal["new", "learning", "review", "relearning"]
STATES: tuple[StateName, ...] = get_args(StateName)
"""A card's scheduling state; FSRS itself has no "new", a card nobody has reviewed yet."""

CardFormat = Literal["choice", "cloze", "typed"]
FORMATS: tuple[CardFormat, ...] = get_args(CardFormat)
"""How a card is asked, easiest first; see :func:`format_after_review`."""

CLOZE_AFTER_DAYS = 1
"""A passed review scheduling the card this many days or more out moves it on to cloze."""

TYPED_AFTER_DAYS = 7
"""A passed review scheduling the card this many days or more out moves it on to typed."""

_DAY_SECONDS = 86400.0


@dataclass(frozen=True)
class CardState:
    """One question's review card, field for field as stored in the ``review_card`` table.

    Datetimes are normalised to UTC on creation; invalid combinations raise
    ``ValueError`` (a new card has no memory state, other cards have one, only
    learning and relearning cards have a step).
    """

    card_id: str
    question_id: str
    state: StateName
    step: int | None
    stability: float | None
    difficulty: float | None
    due: dt.datetime
    last_review: dt.datetime | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    format: CardFormat

    def __post_init__(self) -> None:
        """Normalise datetimes to UTC and check the state is one FSRS can work with."""
        object.__setattr__(self, "due", utc(self.due, "due"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", utc(self.last_review, "last_review"))
        if self.state not in STATES:
            raise ValueError(f"state must be one of {STATES}, got {self.state!r}")
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {self.format!r}")
        if self.reps < 0 or self.lapses < 0:
            raise ValueError("reps and lapses must not be negative")
        _check_memory(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the card, datetimes as ISO 8601 strings with offset.

        Returns:
            A dict :meth:`from_dict` turns back into an equal card.
        """
        return {
            "card_id": self.card_id,
            "question_id": self.question_id,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": None if self.last_review is None else self.last_review.isoformat(),
            "reps": self.reps,
            "lapses": self.lapses,
            "suspended": self.suspended,
            "leech": self.leech,
            "format": self.format,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardState:
        """A card from :meth:`to_dict`'s output.

        Args:
            data: the dict; every key is required.

        Returns:
            The card.

        Raises:
            ValueError: for a missing key, a wrong type, a naive datetime or an invalid state.
        """
        try:
            return cls(
                card_id=text(data["card_id"], "card_id"),
                question_id=text(data["question_id"], "question_id"),
                state=cast(StateName, text(data["state"], "state")),  # checked on creation
                step=optional_int(data["step"], "step"),
                stability=optional_float(data["stability"], "stability"),
                difficulty=optional_float(data["difficulty"], "difficulty"),
                due=timestamp(data["due"], "due"),
                last_review=(
                    None
                    if data["last_review"] is None
                    else timestamp(data["last_review"], "last_review")
                ),
                reps=integer(data["reps"], "reps"),
                lapses=integer(data["lapses"], "lapses"),
                suspended=flag(data["suspended"], "suspended"),
                leech=flag(data["leech"], "leech"),
                format=cast(CardFormat, text(data["format"], "format")),  # checked on creation
            )
        except KeyError as missing:
            raise ValueError(f"card dict lacks {missing}") from None


def _check_memory(card: CardState) -> None:
    """Raise ValueError unless the memory fields fit the state."""
    if card.state == "new":
        if (card.step, card.stability, card.difficulty) != (None, None, None):
            raise ValueError("a new card has no step, stability or difficulty")
        return
    for name in ("stability", "difficulty"):
        value = getattr(card, name)
        if value is None or not math.isfinite(value) or value <= 0:
            raise ValueError(f"a {card.state} card needs a positive {name}, got {value!r}")
    if card.state == "review":
        if card.step is not None:
            raise ValueError("a review card has no step")
    elif card.step is None or card.step < 0:
        raise ValueError(f"a {card.state} card needs a step ≥ 0, got {card.step!r}")


def new_card(question_id: str, card_id: str, now: dt.datetime) -> CardState:
    """A card nobody has reviewed yet, due at once and asked as a choice question.

    Args:
        question_id: the question the card reviews.
        card_id: the card's id.
        now: the current instant (aware).

    Returns:
        A card in state ``"new"``.

    Raises:
        ValueError: for a naive ``now``.
    """
    return CardState(
        card_id=card_id,
        question_id=question_id,
        state="new",
        step=None,
        stability=None,
        difficulty=None,
        due=utc(now),
        last_review=None,
        reps=0,
        lapses=0,
        suspended=False,
        leech=False,
        format="choice",
    )


def interval_days(card: CardState) -> float | None:
    """The card's current interval: days from its last review to its due date.

    Args:
        card: any card.

    Returns:
        Fractional days, or ``None`` for a card never reviewed.
    """
    if card.last_review is None:
        return None
    return (card.due - card.last_review).total_seconds() / _DAY_SECONDS


def is_mature(card: CardState, settings: ReviewSettings) -> bool:
    """Whether a card is mature: in review with an interval of ``mature_days`` or more.

    Args:
        card: any card.
        settings: gives ``mature_days``.

    Returns:
        True for a mature card; learning, relearning and new cards never are.
    """
    days = interval_days(card)
    return card.state == "review" and days is not None and days >= settings.mature_days


def format_after_review(
    current: CardFormat, lapsed: bool, passed_interval: float | None
) -> CardFormat:
    """The format a card is asked in after a review.

    The rule: every card starts as a choice question. A passed review (Hard,
    Good or Easy) that leaves the card in review ``passed_interval`` days out
    moves it up to cloze once that is ≥ ``CLOZE_AFTER_DAYS`` (i.e. on
    graduating from learning) and to typed once it is ≥ ``TYPED_AFTER_DAYS``;
    shorter intervals never move it down. A lapse (Again on a review card)
    moves it down one level, so the relearning starts with some help.

    Args:
        current: the format before the review.
        lapsed: whether the review was a lapse.
        passed_interval: the new interval in days when the review passed and left
            the card in review, else ``None``.

    Returns:
        One of :data:`FORMATS`.
    """
    level = FORMATS.index(current)
    if lapsed:
        return FORMATS[max(0, level - 1)]
    if passed_interval is None:
        return current
    if passed_interval >= TYPED_AFTER_DAYS:
        return FORMATS[max(level, 2)]
    if passed_interval >= CLOZE_AFTER_DAYS:
        return FORMATS[max(level, 1)]
    return current


def suspend(card: CardState) -> CardState:
    """The card taken out of the queue by hand.

    Args:
        card: any card.

    Returns:
        A suspended copy; its schedule is untouched.
    """
    return replace(card, suspended=True)


def unsuspend(card: CardState) -> CardState:
    """The card back in the queue; a leech keeps its tag (see ``leech_lapses``).

    Args:
        card: any card.

    Returns:
        An unsuspended copy; its schedule is untouched, so an overdue card is due at once.
    """
    return replace(card, suspended=False)
