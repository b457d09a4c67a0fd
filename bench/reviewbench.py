"""Review at scale: the due queue and the statistics with 20,000 cards and 100,000 review logs.

Run: ``python bench/reviewbench.py``. Prints medians; never asserts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from studyapp.core.quiz.model import Question, SourceRef
from studyapp.core.quiz.serial import question_to_dict
from studyapp.core.review import Rating, ReviewSettings, new_card, previous_interval_days, review
from studyapp.db.engine import write_session
from studyapp.db.models import QuestionRow, ReviewCardRow, ReviewLogRow
from studyapp.locations import resolve_locations
from studyapp.services import StudyService
from studyapp.services import review as review_service
from studyapp.services.stats import stats_view

CARDS = 20_000
LOGS_PER_CARD = 5
NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
MATERIAL = "plain-text-handout"


def _question(index: int) -> Question:
    source = SourceRef(MATERIAL, "s", 0, 10, f"第{index}句示例文本。")
    return Question(f"q{index:06}", "cloze", f"第____句 {index}", (), (str(index),), source, "zh")


def _history(rng: random.Random, index: int, settings: ReviewSettings):  # type: ignore[no-untyped-def]
    """One card reviewed five times over the past months, with its log rows."""
    question = _question(index)
    at = NOW - dt.timedelta(days=rng.uniform(60, 200))
    card = new_card(question.id, question.id, at)
    logs = []
    for _ in range(LOGS_PER_CARD):
        rating = Rating(rng.choices((1, 2, 3, 4), (1, 2, 6, 1))[0])
        card, entry = review(card, rating, at, settings, 5.0)
        logs.append(entry)
        at = max(card.due, at + dt.timedelta(minutes=1))
    card = dataclasses.replace(card, due=NOW - dt.timedelta(days=rng.uniform(-30, 3)))
    return question, card, logs


def build(service: StudyService) -> None:
    """Fill the DB through Core inserts (the same tables the app uses)."""
    rng, settings = random.Random(1), ReviewSettings(enable_fuzzing=False)
    questions, cards, logs = [], [], []
    for index in range(CARDS):
        question, card, entries = _history(rng, index, settings)
        questions.append(
            {
                "id": question.id,
                "material_id": MATERIAL,
                "section": "s",
                "type": "cloze",
                "payload": question_to_dict(question),
                "created_at": NOW,
            }
        )
        cards.append(
            {
                "card_id": card.card_id,
                "question_id": card.question_id,
                "material_id": MATERIAL,
                "created_at": NOW,
                **{
                    f: getattr(card, f)
                    for f in (
                        "state",
                        "step",
                        "stability",
                        "difficulty",
                        "due",
                        "last_review",
                        "reps",
                        "lapses",
                        "suspended",
                        "leech",
                        "format",
                    )
                },
            }
        )
        for entry in entries:
            logs.append(
                {
                    "card_id": entry.card_id,
                    "question_id": entry.question_id,
                    "rating": int(entry.rating),
                    "reviewed_at": entry.reviewed_at,
                    "local_day": entry.reviewed_at.date(),
                    "duration_seconds": 5.0,
                    "cram": False,
                    "previous_state": entry.previous_state,
                    "previous_interval": previous_interval_days(entry),
                    "payload": entry.to_dict(),
                }
            )
    with write_session(service.engine) as session:
        for table, rows in ((QuestionRow, questions), (ReviewCardRow, cards), (ReviewLogRow, logs)):
            session.execute(insert(table.__table__), rows)


def median_time(action, repeats: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        service = StudyService.open(resolve_locations(folder, environ={}), lambda: NOW)
        service.import_bundled_if_new()
        started = time.perf_counter()
        build(service)
        print(
            f"setup        {CARDS:,} cards, {CARDS * LOGS_PER_CARD:,} logs  "
            f"{time.perf_counter() - started:6.1f} s (not a figure)"
        )
        queue = review_service.queue(service)
        print(
            f"due queue    {median_time(lambda: review_service.queue(service)):6.3f} s   "
            f"({len(queue)} cards in today's queue)"
        )
        first = queue[0]
        print(
            f"next card    {median_time(lambda: review_service.queue(service)[:1]):6.3f} s   "
            "(what the review screen waits for)"
        )
        print(
            f"answer       {median_time(lambda: _answer_and_undo(service, first)):6.3f} s   "
            "(grade, rate, schedule, store; undone again)"
        )
        print(
            f"stats        {median_time(lambda: stats_view(service), 3):6.3f} s   "
            "(forecast, retention, cards by state, reviews per day)"
        )
        service.close()


def _answer_and_undo(service: StudyService, item) -> None:  # type: ignore[no-untyped-def]
    review_service.answer(service, item, "x", seconds=3.0)
    review_service.undo_last(service)


if __name__ == "__main__":
    main()
