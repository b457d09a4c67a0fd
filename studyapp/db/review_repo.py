"""Review cards and their logs; a review (card update plus log row) is one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, case, func
from sqlmodel import col, select

from studyapp.core.review import CardState, ReviewLogEntry, previous_interval_days
from studyapp.db.engine import read_session, write_session
from studyapp.db.models import ChallengeRunRow, ReviewCardRow, ReviewLogRow

_TABLE = ReviewCardRow.__table__  # type: ignore[attr-defined]
_CARD_FIELDS = (
    "state", "step", "stability", "difficulty", "due", "last_review",
    "reps", "lapses", "suspended", "leech", "format",
)  # fmt: skip


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

    def add(self, card: CardState, material_id: str, now: dt.datetime) -> None:
        """Store a new card."""
        with write_session(self.engine) as session:
            row = ReviewCardRow(
                card_id=card.card_id,
                question_id=card.question_id,
                material_id=material_id,
                created_at=now,
                **_values(card),
            )
            session.add(row)

    def cards(self, material_id: str | None = None) -> list[CardState]:
        """Every card, or a material's cards (Core rows: no ORM objects for 20,000 cards)."""
        query = select(_TABLE)
        if material_id is not None:
            query = query.where(_TABLE.c.material_id == material_id)
        with read_session(self.engine) as session:
            return [_card(row) for row in session.execute(query).all()]

    def due_cards(self, now: dt.datetime) -> list[CardState]:
        """Cards due by ``now`` that are not suspended (uses the index on ``due``)."""
        query = select(_TABLE).where(_TABLE.c.due <= now, _TABLE.c.suspended.is_(False))
        with read_session(self.engine) as session:
            return [_card(row) for row in session.execute(query).all()]

    def apply(self, card: CardState, entry: ReviewLogEntry, day: dt.date) -> None:
        """Store a review: the card's new state and its log row, together."""
        with write_session(self.engine) as session:
            row = session.get(ReviewCardRow, card.card_id)
            if row is None:
                raise KeyError(card.card_id)
            for name, value in _values(card).items():
                setattr(row, name, value)
            session.add(row)
            session.add(
                ReviewLogRow(
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
            )

    def undo_last(self) -> CardState | None:
        """Take back the latest review: restore the card and delete the log row, together."""
        with write_session(self.engine) as session:
            latest = select(ReviewLogRow).order_by(col(ReviewLogRow.id).desc()).limit(1)
            row = session.exec(latest).first()
            if row is None:
                return None
            previous = ReviewLogEntry.from_dict(row.payload).previous
            card = session.get(ReviewCardRow, row.card_id)
            if card is not None:
                for name, value in _values(previous).items():
                    setattr(card, name, value)
                session.add(card)
            session.delete(row)
            return previous

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
            rows = session.exec(
                select(ReviewLogRow.payload).where(ReviewLogRow.local_day == day)
            ).all()
        new = sum(1 for p in rows if p.get("previous_state") == "new")  # payloads of one day
        return new, len(rows)

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
        query = select(ReviewLogRow.local_day, func.count()).group_by(ReviewLogRow.local_day)
        with read_session(self.engine) as session:
            return {day: int(n) for day, n in session.exec(query).all()}

    def add_challenge(
        self, material_id: str | None, streak: int, seconds: float | None, now: dt.datetime
    ) -> None:
        """Keep a finished challenge run."""
        with write_session(self.engine) as session:
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


def _values(card: CardState) -> dict[str, object]:
    return {name: getattr(card, name) for name in _CARD_FIELDS}


def _card(row: Any) -> CardState:
    return CardState(
        card_id=row.card_id,
        question_id=row.question_id,
        **{name: getattr(row, name) for name in _CARD_FIELDS},
    )
