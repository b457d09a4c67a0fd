"""Questions seen, answers given and questions flagged as bad."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from studyapp.core.quiz.model import Question
from studyapp.core.quiz.retire import RULES_VERSION
from studyapp.core.quiz.serial import question_from_dict, question_to_dict
from studyapp.core.review import CardState
from studyapp.db.engine import read_session, write_session
from studyapp.db.models import QuestionRow, QuizAnswerRow, ReviewCardRow
from studyapp.db.retry import retried
from studyapp.db.review_repo import insert_card


@dataclass(frozen=True)
class AnswerRecord:
    """A stored answer with its question."""

    question: Question
    at: dt.datetime
    local_day: dt.date
    given: tuple[str, ...]
    verdict: str
    correct: bool
    seconds: float
    hint_used: bool


class QuizRepository:
    """Quiz answers; an answer, its question and its review card are written in one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @retried(unique=True)
    def record(
        self,
        question: Question,
        *,
        given: tuple[str, ...],
        verdict: str,
        seconds: float,
        hint_used: bool,
        now: dt.datetime,
        day: dt.date,
        card: CardState | None = None,
    ) -> bool:
        """Store an answer, the question the first time, and ``card`` if the question has none.

        All in one transaction: a kill leaves the whole answer with its card, or nothing.

        Returns:
            Whether ``card`` was added.
        """
        with write_session(self.engine, "learner") as session:
            _ensure_question(session, question, now)
            session.add(
                QuizAnswerRow(
                    question_id=question.id,
                    at=now,
                    local_day=day,
                    given=list(given),
                    verdict=verdict,
                    correct=verdict == "right",
                    seconds=seconds,
                    hint_used=hint_used,
                )
            )
            return card is not None and insert_card(session, card, question.source.material, now)

    @retried(unique=True)
    def flag(self, question: Question, reason: str, now: dt.datetime) -> None:
        """Mark a question as bad: it is never asked again."""
        with write_session(self.engine, "learner") as session:
            row = _ensure_question(session, question, now)
            row.flagged_at, row.flag_reason = now, reason
            session.add(row)

    def flagged_ids(self) -> set[str]:
        """Ids of the questions never to be asked again: flagged as bad, or retired."""
        with read_session(self.engine) as session:
            query = select(QuestionRow.id).where(
                col(QuestionRow.flagged_at).is_not(None)
                | col(QuestionRow.retired_reason).is_not(None)
            )
            return set(session.exec(query).all())

    def unchecked(self, version: int) -> list[Question]:
        """Stored questions the quality rules of ``version`` have not checked yet."""
        with read_session(self.engine) as session:
            query = select(col(QuestionRow.payload)).where(col(QuestionRow.rules_checked) < version)
            return [question_from_dict(payload) for payload in session.exec(query).all()]

    @retried()
    def retire(self, reasons: dict[str, str | None], version: int) -> int:
        """Record a check of stored questions; retire those with a reason and suspend their
        cards, in one transaction. Nothing is deleted. Returns how many were retired."""
        retired = {qid: why for qid, why in reasons.items() if why}
        with write_session(self.engine) as session:
            for row in session.exec(select(QuestionRow).where(col(QuestionRow.id).in_(reasons))):
                row.rules_checked = version
                row.retired_reason = retired.get(row.id, row.retired_reason)
                session.add(row)
            cards = select(ReviewCardRow).where(col(ReviewCardRow.question_id).in_(retired))
            for card in session.exec(cards):
                card.suspended = True
                session.add(card)
        return len(retired)

    def retired_reasons(self, ids: list[str]) -> dict[str, str]:
        """Why each of these questions was retired (only the retired ones)."""
        if not ids:
            return {}
        with read_session(self.engine) as session:
            query = select(QuestionRow.id, QuestionRow.retired_reason).where(
                col(QuestionRow.id).in_(ids), col(QuestionRow.retired_reason).is_not(None)
            )
            return {qid: str(why) for qid, why in session.exec(query).all()}

    def questions_by_id(self, ids: list[str]) -> dict[str, Question]:
        """Stored questions by id."""
        if not ids:
            return {}
        with read_session(self.engine) as session:
            rows = session.exec(select(QuestionRow).where(col(QuestionRow.id).in_(ids))).all()
            return {row.id: question_from_dict(row.payload) for row in rows}

    def stored_questions(self, material_ids: list[str] | None = None) -> list[Question]:
        """Stored questions neither flagged nor retired, oldest first, of some materials or all."""
        query = (
            select(col(QuestionRow.payload))
            .where(col(QuestionRow.flagged_at).is_(None), col(QuestionRow.retired_reason).is_(None))
            .order_by(col(QuestionRow.created_at), col(QuestionRow.id))
        )
        if material_ids is not None:
            query = query.where(col(QuestionRow.material_id).in_(material_ids))
        with read_session(self.engine) as session:
            return [question_from_dict(payload) for payload in session.exec(query).all()]

    def answers(
        self,
        material_id: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[AnswerRecord]:
        """Stored answers, oldest first, optionally by material or local day (inclusive)."""
        query = (
            select(QuizAnswerRow, QuestionRow)
            .join(QuestionRow, col(QuestionRow.id) == col(QuizAnswerRow.question_id))
            .order_by(col(QuizAnswerRow.id))
        )
        if material_id is not None:
            query = query.where(QuestionRow.material_id == material_id)
        if since is not None:
            query = query.where(QuizAnswerRow.local_day >= since)
        if until is not None:
            query = query.where(QuizAnswerRow.local_day <= until)
        with read_session(self.engine) as session:
            return [_answer(a, q) for a, q in session.exec(query).all()]


def _ensure_question(session: Session, question: Question, now: dt.datetime) -> QuestionRow:
    row = session.get(QuestionRow, question.id)
    if row is None:
        row = QuestionRow(
            id=question.id,
            material_id=question.source.material,
            section=question.source.section,
            type=question.type,
            payload=question_to_dict(question),
            created_at=now,
            rules_checked=RULES_VERSION,  # made under today's rules: nothing to check
        )
        session.add(row)
        session.flush()
    return row


def _answer(answer: QuizAnswerRow, question: QuestionRow) -> AnswerRecord:
    return AnswerRecord(
        question_from_dict(question.payload),
        answer.at,
        answer.local_day,
        tuple(answer.given),
        answer.verdict,
        answer.correct,
        answer.seconds,
        answer.hint_used,
    )
