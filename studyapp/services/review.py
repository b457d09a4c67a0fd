"""Spaced review: cards from missed questions, the due queue, answers rated and scheduled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studyapp.core.quiz import Grade, Question, grade
from studyapp.core.review import (
    CardState,
    Rating,
    ReviewLogEntry,
    ReviewSettings,
    auto_rating,
    cram_order,
    due_queue,
    new_card,
    review,
)

if TYPE_CHECKING:
    from studyapp.services import StudyService

CHOICE_TYPES = ("single", "multiple", "true_false", "order")


@dataclass(frozen=True)
class ReviewItem:
    """A due card with the question to ask, in the card's current format."""

    card: CardState
    question: Question


@dataclass(frozen=True)
class ReviewResult:
    """What one review did."""

    grade: Grade
    rating: Rating
    card: CardState
    entry: ReviewLogEntry


def review_settings(service: StudyService) -> ReviewSettings:
    """The ``[review]`` settings of config.toml (defaults for anything missing or invalid)."""
    raw = dict(service.settings.review)
    raw.pop("cards_from_required", None)
    for key in ("learning_steps", "relearning_steps"):
        minutes = raw.pop(f"{key}_minutes", None)
        if isinstance(minutes, list):
            raw[key] = tuple(dt.timedelta(minutes=float(m)) for m in minutes)
    known = {f.name for f in dataclasses.fields(ReviewSettings)}
    try:
        return ReviewSettings(**{k: v for k, v in raw.items() if k in known})
    except (TypeError, ValueError):
        return ReviewSettings()


def card_after_quiz(
    service: StudyService, question: Question, result: Grade, *, seconds: float, hint_used: bool
) -> CardState | None:
    """Make a card from a quiz answer that was missed, almost right, slow or helped by a hint.

    Questions of required (必读) materials always become cards when the
    ``[review] cards_from_required`` setting is on. A question that has a card already
    keeps it: a quiz is not a review.
    """
    if service.reviews.card_for_question(question.id) is not None:
        return None
    settings = review_settings(service)
    if not (
        _needs_review(question, result, seconds, hint_used, settings)
        or _required(service, question)
    ):
        return None
    now = service.clock()
    card = new_card(question.id, question.id, now)
    service.reviews.add(card, question.source.material, now)
    return card


def _needs_review(
    question: Question, result: Grade, seconds: float, hint_used: bool, settings: ReviewSettings
) -> bool:
    kind = "choice" if question.type in CHOICE_TYPES else "typed"
    return not result.right or hint_used or seconds > settings.slow_seconds(kind)


def _required(service: StudyService, question: Question) -> bool:
    if not service.settings.review.get("cards_from_required"):
        return False
    material = service.materials.get(question.source.material)
    return bool(material and material.required)


def queue(service: StudyService) -> list[ReviewItem]:
    """Today's review queue, within the daily limits, each question in its card's format."""
    now = service.clock()
    new_done, done = service.reviews.done_on(service.local_day(now))
    cards = due_queue(service.reviews.due_cards(now), now, review_settings(service), new_done, done)
    questions = service.quiz.questions_by_id([c.question_id for c in cards])
    return [
        ReviewItem(card, as_format(questions[card.question_id], card.format))
        for card in cards
        if card.question_id in questions
    ]


def due_count(service: StudyService) -> int:
    """How many reviews are waiting now (within today's limits)."""
    return len(queue(service))


def as_format(question: Question, card_format: str) -> Question:
    """Ask a choice question as a cloze (then typed) once its card has matured.

    Only single-choice questions on one blanked term change form; the others
    keep theirs. A typed card shows no hint.
    """
    if question.type != "single" or card_format == "choice":
        return question
    hint = question.hint if card_format == "cloze" else None
    if card_format == "cloze" and hint is None:
        answer = question.answer[0]
        hint = f"{answer[0]}… ({len(answer)})"
    return dataclasses.replace(question, type="cloze", options=(), hint=hint)


def answer(
    service: StudyService,
    item: ReviewItem,
    given: str | Sequence[str],
    *,
    seconds: float,
    hint_used: bool = False,
    rating: Rating | None = None,
) -> ReviewResult:
    """Grade an answer, rate it (automatically unless ``rating`` is given) and schedule the card."""
    result = grade(item.question, given)
    settings = review_settings(service)
    kind = "choice" if item.question.type in CHOICE_TYPES else "typed"
    chosen = rating or auto_rating(result.verdict, seconds, hint_used, kind, item.card, settings)
    now = service.clock()
    card, entry = review(item.card, chosen, now, settings, seconds)
    service.reviews.apply(card, entry, service.local_day(now))
    return ReviewResult(result, chosen, card, entry)


def rerate(
    service: StudyService, item: ReviewItem, result: ReviewResult, rating: Rating
) -> ReviewResult:
    """Change the rating of the review just made (undo it, then review again)."""
    service.reviews.undo_last()
    settings = review_settings(service)
    card, entry = review(
        item.card, rating, service.clock(), settings, result.entry.duration_seconds
    )
    service.reviews.apply(card, entry, service.local_day(result.entry.reviewed_at))
    return ReviewResult(result.grade, rating, card, entry)


def undo_last(service: StudyService) -> CardState | None:
    """Take back the latest review."""
    return service.reviews.undo_last()


def cram(service: StudyService, material_id: str, seed: int | None = None) -> list[ReviewItem]:
    """A material's cards in random order, to review now without touching their schedule."""
    cards = cram_order(service.reviews.cards(material_id), random.Random(seed))
    questions = service.quiz.questions_by_id([c.question_id for c in cards])
    return [ReviewItem(c, questions[c.question_id]) for c in cards if c.question_id in questions]


def due_json(items: Sequence[ReviewItem]) -> list[dict[str, Any]]:
    """The public ``review --due --json`` shape."""
    return [
        {
            "card": item.card.card_id,
            "question_id": item.card.question_id,
            "type": item.question.type,
            "due": item.card.due.isoformat(),
            "state": item.card.state,
        }
        for item in items
    ]
