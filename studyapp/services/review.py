"""Spaced review: cards from missed questions, the due queue, answers rated and scheduled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Sequence
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
    from studyapp.db.review_repo import Stored
    from studyapp.services import StudyService

CHOICE_TYPES = ("single", "multiple", "true_false", "order")
Scheduled = tuple[CardState, ReviewLogEntry]


@dataclass(frozen=True)
class ReviewItem:
    """A due card with the question to ask, in the card's current format."""

    card: CardState
    question: Question


@dataclass(frozen=True)
class ReviewResult:
    """What one review did.

    ``applied`` is false when the review was not stored: today's limit was
    reached meanwhile (by another window or terminal), or the card was suspended
    or removed; ``card`` is then the card as stored and ``entry`` is ``None``.
    """

    grade: Grade
    rating: Rating
    card: CardState
    entry: ReviewLogEntry | None
    log_id: int | None = None

    @property
    def applied(self) -> bool:
        """Whether the review was stored."""
        return self.entry is not None


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


def card_for_answer(
    service: StudyService, question: Question, result: Grade, *, seconds: float, hint_used: bool
) -> CardState | None:
    """The new card a quiz answer calls for: missed, almost right, slow or helped by a hint.

    Questions of required (必读) materials always get a card when the
    ``[review] cards_from_required`` setting is on. The card is stored with the
    answer (insert-or-get): a question that has a card already keeps it, since
    a quiz is not a review.
    """
    settings = review_settings(service)
    if not (
        _needs_review(question, result, seconds, hint_used, settings)
        or _required(service, question)
    ):
        return None
    return new_card(question.id, question.id, service.clock())


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
    """Today's review queue, within the daily limits, each question in its card's format.

    Stored questions are first checked against today's quality rules, so a card whose
    question was retired is suspended before it is due.
    """
    from studyapp.services.quiz import retire_failing

    retire_failing(service)
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
    """Grade an answer, rate it (automatically unless ``rating`` is given) and schedule the card.

    One unit of work: the card is re-read under the write lock and scheduled
    from what is stored, so an answer given in another process meanwhile is
    built on, not overwritten; today's limits are counted in the same
    transaction. An answer past a limit is graded but not stored.
    """
    from studyapp.services.quiz import clean_answer

    result = grade(item.question, clean_answer(given))
    settings = review_settings(service)
    kind = "choice" if item.question.type in CHOICE_TYPES else "typed"
    now = service.clock()

    def rated(card: CardState) -> Rating:
        return rating or auto_rating(result.verdict, seconds, hint_used, kind, card, settings)

    def schedule(card: CardState, new_done: int, done: int) -> Scheduled | None:
        if card.suspended or not within_limits(card, new_done, done, settings):
            return None
        return review(card, rated(card), now, settings, seconds)

    stored = service.reviews.review(item.card.card_id, service.local_day(now), schedule)
    return _result(result, stored, item.card, rated)


def within_limits(card: CardState, new_done: int, done: int, settings: ReviewSettings) -> bool:
    """Whether today's limits leave room to review ``card`` (new cards have their own)."""
    if done >= settings.reviews_per_day:
        return False
    return card.state != "new" or new_done < settings.new_cards_per_day


def _result(
    result: Grade, stored: Stored | None, stale: CardState, rated: Callable[[CardState], Rating]
) -> ReviewResult:
    if stored is None or stored.entry is None:
        card = stale if stored is None else stored.card
        return ReviewResult(result, rated(card), card, None)
    return ReviewResult(result, stored.entry.rating, stored.card, stored.entry, stored.log_id)


def rerate(
    service: StudyService, item: ReviewItem, result: ReviewResult, rating: Rating
) -> ReviewResult:
    """Change the rating of the review just made: take it back and review again, in one step.

    Nothing changes when that review was not stored, or is no longer the card's
    latest (it was reviewed again elsewhere meanwhile).
    """
    if result.entry is None or result.log_id is None:
        return result
    settings = review_settings(service)
    entry = result.entry

    def schedule(card: CardState, _new: int, _done: int) -> Scheduled:
        return review(card, rating, service.clock(), settings, entry.duration_seconds)

    day = service.local_day(entry.reviewed_at)
    stored = service.reviews.review(item.card.card_id, day, schedule, replacing=result.log_id)
    if stored is None or stored.entry is None:
        return result
    return ReviewResult(result.grade, rating, stored.card, stored.entry, stored.log_id)


def undo_last(service: StudyService, result: ReviewResult | None = None) -> CardState | None:
    """Take back ``result``'s review, or else the latest review (if it is its card's latest)."""
    if result is not None:
        return service.reviews.undo(result.log_id) if result.log_id is not None else None
    return service.reviews.undo()


def cram(service: StudyService, material_id: str, seed: int | None = None) -> list[ReviewItem]:
    """A material's cards in random order, to review now without touching their schedule."""
    cards = cram_order(service.reviews.cards(material_id), random.Random(seed))
    questions = service.quiz.questions_by_id([c.question_id for c in cards])
    return [ReviewItem(c, questions[c.question_id]) for c in cards if c.question_id in questions]


def due_json(
    items: Sequence[ReviewItem], retired: Sequence[RetiredCard] = ()
) -> list[dict[str, Any]]:
    """The public ``review --due --json`` shape: the due cards, then the cards that would
    be due but are suspended because their question was retired (with the reason)."""
    due = [
        {
            "card": item.card.card_id,
            "question_id": item.card.question_id,
            "type": item.question.type,
            "due": item.card.due.isoformat(),
            "state": item.card.state,
            "suspended": False,
            "retired": None,
        }
        for item in items
    ]
    return due + [
        {
            "card": card.card.card_id,
            "question_id": card.card.question_id,
            "type": card.question_type,
            "due": card.card.due.isoformat(),
            "state": card.card.state,
            "suspended": True,
            "retired": card.reason,
        }
        for card in retired
    ]


@dataclass(frozen=True)
class RetiredCard:
    """A card suspended because its question fails today's quality rules."""

    card: CardState
    question_type: str
    reason: str


def retired_due(service: StudyService) -> list[RetiredCard]:
    """Suspended cards that would be due now and whose questions were retired."""
    cards = service.reviews.suspended_due_cards(service.clock())
    reasons = service.quiz.retired_reasons([c.question_id for c in cards])
    questions = service.quiz.questions_by_id(list(reasons))
    return [
        RetiredCard(card, questions[card.question_id].type, reasons[card.question_id])
        for card in cards
        if card.question_id in reasons and card.question_id in questions
    ]
