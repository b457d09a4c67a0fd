"""Review cards and their logs; a review (card update plus log row) is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, case, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from studyapp.core.review import CardState, ReviewLogEntry, previous_interval_days
from studyapp.db.engine import read_session, write_session
from studyapp.db.models import ChallengeRunRow, ReviewCardRow, ReviewLogRow, table_of
from studyapp.db.retry import retried

_TABLE = table_of(ReviewCardRow)
_CARD_FIELDS = (
    "state", "step", "stability", "difficulty", "due", "last_review",
    "reps", "lapses", "suspended", "leech", "format",
)  # fmt: skip


Schedule = Callable[[CardState, int, int], "tuple[CardState, ReviewLogEntry] | None"]
"""Decides a review from the card as stored and today's ``(new cards, reviews)`` counts;
``None`` declines it (a daily limit reached, the card suspended meanwhile)."""


@dataclass(frozen=True)
class Stored:
    """What a review unit of work did: the card as it is now, and the review if one was made."""

    card: CardState
    entry: ReviewLogEntry | None = None
    log_id: int | None = None


@dataclass(frozen=True)
class ReviewRecord:
    """A stored review with what the log row adds to the entry."""

    entry: ReviewLogEntry
    local_day: dt.date
    cram: bool
    material_id: str


class ReviewRepository:
    """Cards, review logs and challenge runs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def card_for_question(self, question_id: str) -> CardState | None:
        """The card made from a question, if any."""
        with read_session(self.engine) as session:
            row = session.exec(
                select(ReviewCardRow).where(ReviewCardRow.question_id == question_id)
            ).first()
            return _card(row) if row else None

    @retried()
    def add(self, card: CardState, material_id: str, now: dt.datetime) -> bool:
        """Store a new card unless its question has one already. Returns whether it was added."""
        with write_session(self.engine, "learner") as session:
            return insert_card(session, card, material_id, now)

    def cards(self, material_id: str | None = None) -> list[CardState]:
        """Every card, or a material's cards (Core rows: no ORM objects for 20,000 cards)."""
        query = _TABLE.select()
        if material_id is not None:
            query = query.where(_TABLE.c.material_id == material_id)
        with read_session(self.engine) as session:
            return [_card(row) for row in session.execute(query).all()]

    def suspended_due_cards(self, now: dt.datetime) -> list[CardState]:
        """Suspended cards that would be due by ``now``."""
        query = _TABLE.select().where(_TABLE.c.due <= now, _TABLE.c.suspended.is_(True))
        with read_session(self.engine) as session:
            return [_card(row) for row in session.execute(query).all()]

    def due_cards(self, now: dt.datetime) -> list[CardState]:
        """Cards due by ``now`` that are not suspended (uses the index on ``due``)."""
        query = _TABLE.select().where(_TABLE.c.due <= now, _TABLE.c.suspended.is_(False))
        with read_session(self.engine) as session:
            return [_card(row) for row in session.execute(query).all()]

    @retried()
    def review(
        self, card_id: str, day: dt.date, schedule: Schedule, replacing: int | None = None
    ) -> Stored | None:
        """One review as one unit of work (``BEGIN IMMEDIATE``).

        Under the write lock the card is read as it is now (another process may
        have reviewed it since it was queued) and today's counts are taken;
        ``schedule`` decides from those; the new card state and its log row are
        written together. With ``replacing`` (a log id) that review is taken back
        first, in the same transaction — only if it is still the card's latest.

        Returns:
            What was stored, or ``None`` when the card no longer exists.
        """
        with write_session(self.engine, "learner") as session:
            row = session.get(ReviewCardRow, card_id)
            if row is None:
                return None
            current = _card(row)
            if replacing is not None:
                previous = _take_back(session, replacing, card_id)
                if previous is None:
                    return Stored(current)
                current = previous
            outcome = schedule(current, *_done_on(session, day))
            if outcome is None:
                return Stored(current)
            card, entry = outcome
            _set_card(row, card)
            log = _log_row(entry, day)
            session.add(log)
            session.flush()
            return Stored(card, entry, log.id)

    @retried()
    def undo(self, log_id: int | None = None) -> CardState | None:
        """Take back a review (the latest one by default): restore the card, delete the log row.

        Only a card's latest review can be taken back; returns the restored card,
        or ``None`` when there is nothing to undo.
        """
        with write_session(self.engine, "learner") as session:
            query = select(ReviewLogRow.id, ReviewLogRow.card_id).order_by(
                col(ReviewLogRow.id).desc()
            )
            if log_id is not None:
                query = query.where(ReviewLogRow.id == log_id)
            found = session.exec(query.limit(1)).first()
            if found is None:
                return None
            found_id, card_id = found
            assert found_id is not None  # a stored log row has its id
            return _take_back(session, found_id, card_id)

    def logs(self, since: dt.datetime | None = None) -> list[ReviewLogEntry]:
        """Review log entries, oldest first."""
        query = select(ReviewLogRow.payload).order_by(col(ReviewLogRow.id))
        if since is not None:
            query = query.where(col(ReviewLogRow.reviewed_at) >= since)
        with read_session(self.engine) as session:
            return [ReviewLogEntry.from_dict(p) for p in session.exec(query).all()]

    def log_records(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[ReviewRecord]:
        """Review log entries with their local day, cram flag and material, oldest first."""
        query = (
            select(ReviewLogRow, ReviewCardRow.material_id)
            .join(ReviewCardRow, col(ReviewCardRow.card_id) == col(ReviewLogRow.card_id))
            .order_by(col(ReviewLogRow.id))
        )
        if since is not None:
            query = query.where(ReviewLogRow.local_day >= since)
        if until is not None:
            query = query.where(ReviewLogRow.local_day <= until)
        with read_session(self.engine) as session:
            return [
                ReviewRecord(ReviewLogEntry.from_dict(row.payload), row.local_day, row.cram, m)
                for row, m in session.exec(query).all()
            ]

    def done_on(self, day: dt.date) -> tuple[int, int]:
        """``(new cards reviewed, all reviews)`` on a local day."""
        with read_session(self.engine) as session:
            return _done_on(session, day)

    def retention(self, mature_days: float) -> float | None:
        """Share of passing answers (Hard or better) on mature cards, counted in SQL.

        Mature: the card was in review with an interval of at least ``mature_days``
        (the same rule as :func:`studyapp.core.review.true_retention`).
        """
        mature = (col(ReviewLogRow.previous_state) == "review") & (
            col(ReviewLogRow.previous_interval) >= mature_days
        )
        query = select(func.count(), func.sum(case((col(ReviewLogRow.rating) >= 2, 1), else_=0)))
        with read_session(self.engine) as session:
            total, passed = session.exec(query.where(mature)).one()
        return (passed or 0) / total if total else None

    def reviews_by_day(self) -> dict[dt.date, int]:
        """Reviews per local day (uses the stored local-day column)."""
        day = col(ReviewLogRow.local_day)
        query = select(day, func.count()).group_by(day)
        with read_session(self.engine) as session:
            return {day: int(n) for day, n in session.exec(query).all()}

    @retried()
    def add_challenge(
        self, material_id: str | None, streak: int, seconds: float | None, now: dt.datetime
    ) -> None:
        """Keep a finished challenge run."""
        with write_session(self.engine, "learner") as session:
            session.add(
                ChallengeRunRow(
                    material_id=material_id,
                    streak=streak,
                    seconds_per_question=seconds,
                    finished_at=now,
                )
            )

    def best_challenges(self, limit: int = 5) -> list[tuple[int, str | None, dt.datetime]]:
        """The longest challenge runs: ``(streak, material, when)``."""
        query = (
            select(ChallengeRunRow)
            .order_by(col(ChallengeRunRow.streak).desc(), col(ChallengeRunRow.finished_at))
            .limit(limit)
        )
        with read_session(self.engine) as session:
            return [(r.streak, r.material_id, r.finished_at) for r in session.exec(query).all()]


def _values(card: CardState) -> dict[str, Any]:
    return {name: getattr(card, name) for name in _CARD_FIELDS}


def _card(row: Any) -> CardState:
    return CardState(
        card_id=row.card_id,
        question_id=row.question_id,
        **{name: getattr(row, name) for name in _CARD_FIELDS},
    )


def insert_card(session: Session, card: CardState, material_id: str, now: dt.datetime) -> bool:
    """Insert-or-get a question's card inside the caller's transaction.

    Returns:
        Whether the card was inserted (``False``: the question had one already).
    """
    exists = select(ReviewCardRow.card_id).where(ReviewCardRow.question_id == card.question_id)
    if session.exec(exists).first() is not None:
        return False
    try:
        with session.begin_nested():  # a racing insert on a server database fails alone
            session.add(
                ReviewCardRow(
                    card_id=card.card_id,
                    question_id=card.question_id,
                    material_id=material_id,
                    created_at=now,
                    **_values(card),
                )
            )
    except IntegrityError:
        return False
    return True


def _done_on(session: Session, day: dt.date) -> tuple[int, int]:
    new = case((col(ReviewLogRow.previous_state) == "new", 1), else_=0)
    query = select(func.count(), func.sum(new)).where(ReviewLogRow.local_day == day)
    total, fresh = session.exec(query).one()
    return int(fresh or 0), int(total or 0)


def _take_back(session: Session, log_id: int, card_id: str) -> CardState | None:
    """Undo review ``log_id`` of ``card_id`` if it is the card's latest; ``None`` if it is not."""
    latest = select(func.max(ReviewLogRow.id)).where(ReviewLogRow.card_id == card_id)
    if session.exec(latest).one() != log_id:
        return None
    log = session.get(ReviewLogRow, log_id)
    assert log is not None
    previous = ReviewLogEntry.from_dict(log.payload).previous
    row = session.get(ReviewCardRow, card_id)
    if row is not None:
        _set_card(row, previous)
    session.delete(log)
    session.flush()
    return previous


def _set_card(row: ReviewCardRow, card: CardState) -> None:
    for name, value in _values(card).items():
        setattr(row, name, value)


def _log_row(entry: ReviewLogEntry, day: dt.date) -> ReviewLogRow:
    return ReviewLogRow(
        card_id=entry.card_id,
        question_id=entry.question_id,
        rating=int(entry.rating),
        reviewed_at=entry.reviewed_at,
        local_day=day,
        duration_seconds=entry.duration_seconds,
        previous_state=entry.previous_state,
        previous_interval=previous_interval_days(entry),
        payload=entry.to_dict(),
    )
