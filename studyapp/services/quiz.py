"""Quizzes: questions generated from the learner's materials, answers recorded."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from studyapp.core.materials import Section, find_section
from studyapp.core.quiz import (
    QUESTION_TYPES,
    Grade,
    Question,
    TermStats,
    build_index,
    grade,
)
from studyapp.core.quiz.scripts import generate_as_written
from studyapp.i18n import N_, _

if TYPE_CHECKING:
    from pathlib import Path

    from studyapp.services import StudyService

DEFAULT_COUNT = 10


class QuizError(ValueError):
    """A quiz request that cannot be met; the message says why."""


def term_stats(service: StudyService) -> TermStats:
    """Document frequencies over the whole library, cached on disk until the library changes."""
    library = service.library()
    key = hashlib.blake2b(
        "|".join(f"{m.id}:{m.updated_at.isoformat()}" for m in library).encode(), digest_size=12
    ).hexdigest()
    cache = service.locations.data_dir / "cache" / f"term-stats-{key}.json"
    kept = _KEPT_STATS.get(str(cache))
    if kept is not None:
        return kept  # the same object: the quiz engine keeps its reading of a material for it
    stats = _read_cache(cache)
    if stats is None:
        stats = build_index(_document(service, m.id) for m in library)
        _write_cache(cache, stats)
    _KEPT_STATS.clear()
    _KEPT_STATS[str(cache)] = stats
    return stats


_KEPT_STATS: dict[str, TermStats] = {}  # the library's statistics, while it is unchanged


def _read_cache(path: Path) -> TermStats | None:
    if not path.exists():
        return None
    try:
        return TermStats.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError):
        return None  # a damaged cache is rebuilt


def _document(service: StudyService, material_id: str) -> str:
    return "\n\n".join(
        p.text for s in service.materials.full_text(material_id) for p in s.paragraphs
    )


def _write_cache(path: Path, stats: TermStats) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("term-stats-*.json"):
        old.unlink(missing_ok=True)
    from studyapp.services.files import atomic_write_text

    atomic_write_text(path, json.dumps(stats.to_dict(), ensure_ascii=False))


def select_sections(sections: Sequence[Section], wanted: str | None) -> list[Section]:
    """All sections, or the one named by anchor or 1-based number.

    Raises:
        QuizError: no such section.
    """
    if wanted is None:
        return list(sections)
    chosen = find_section(sections, wanted)
    if chosen is None:
        raise QuizError(f"no section {wanted!r}")
    return [chosen]


def questions(
    service: StudyService,
    material_id: str,
    *,
    section: str | None = None,
    count: int | None = DEFAULT_COUNT,
    types: Collection[str] | None = None,
    seed: int | None = None,
) -> list[Question]:
    """Questions on a material (or one section), flagged and retired questions left out.

    Only as many candidates are worked out as the quiz needs, so a quiz on a whole book
    is quick; :func:`quiz_with_available` also counts every question that passes.

    Raises:
        QuizError: unknown material, section or question type.
    """
    sections, flagged = _prepare(service, material_id, section, types)
    pool = generate_as_written(
        sections,
        material_id=material_id,
        stats=term_stats(service),
        rng=random.Random(seed),
        count=None if count is None else count + len(flagged),
        types=types,
    )
    kept = [q for q in pool if q.id not in flagged]
    return kept if count is None else kept[:count]


def _prepare(
    service: StudyService, material_id: str, section: str | None, types: Collection[str] | None
) -> tuple[list[Section], set[str]]:
    """The sections to ask about and the questions never to ask again.

    Raises:
        QuizError: unknown material, section or question type.
    """
    if service.materials.get(material_id) is None:
        raise QuizError(f"no material with id {material_id!r}")
    unknown = set(types or ()) - set(QUESTION_TYPES)
    if unknown:
        raise QuizError(f"unknown question types: {', '.join(sorted(unknown))}")
    sections = select_sections(service.materials.full_text(material_id, sentences=True), section)
    return sections, service.quiz.flagged_ids()


def quiz_with_available(
    service: StudyService,
    material_id: str,
    *,
    section: str | None = None,
    count: int | None = DEFAULT_COUNT,
    types: Collection[str] | None = None,
    seed: int | None = None,
) -> tuple[list[Question], int]:
    """Up to ``count`` questions that pass every rule, and how many passed in all.

    The generator takes its candidates in a fixed order, so the first ``count`` of all
    the questions are the quiz of ``count``: one run gives both.

    Raises:
        QuizError: unknown material, section or question type.
    """
    sections, flagged = _prepare(service, material_id, section, types)
    every = generate_as_written(
        sections,
        material_id=material_id,
        stats=term_stats(service),
        rng=random.Random(seed),
        count=None,
        types=types,
    )
    kept = [q for q in every if q.id not in flagged]
    return (kept if count is None else kept[:count]), len(kept)


def answer(
    service: StudyService,
    question: Question,
    given: str | Sequence[str],
    *,
    seconds: float,
    hint_used: bool = False,
) -> Grade:
    """Grade an answer and store it with the review card it calls for, in one transaction."""
    from studyapp.services.review import card_for_answer

    result = grade(question, clean_answer(given))
    now = service.clock()
    service.quiz.record(
        question,
        given=result.given,
        verdict=result.verdict,
        seconds=seconds,
        hint_used=hint_used,
        now=now,
        day=service.local_day(now),
        card=card_for_answer(service, question, result, seconds=seconds, hint_used=hint_used),
    )
    return result


def clean_answer(given: str | Sequence[str]) -> str | Sequence[str]:
    """A typed answer as it may be stored and shown: no escape sequences, NUL or controls."""
    from studyapp.core.text import strip_controls

    if isinstance(given, str):
        return strip_controls(given)
    return [strip_controls(g) for g in given]


def flag(service: StudyService, question: Question, reason: str = "") -> None:
    """Flag a question as bad; it is kept (for improving the generator) and never asked again."""
    service.quiz.flag(question, reason, service.clock())


def retire_failing(service: StudyService) -> int:
    """Check the stored questions that today's quality rules have not checked; retire the
    ones that fail (never asked, cards suspended, history kept). Cheap once done."""
    from studyapp.core.quiz.retire import RULES_VERSION, retirement_reason

    questions = service.quiz.unchecked(RULES_VERSION)
    if not questions:
        return 0
    reasons = {q.id: retirement_reason(q) for q in questions}
    return service.quiz.retire(reasons, RULES_VERSION)


RETIREMENT_TEXT = {
    "not_a_sentence": N_("its passage is not a whole sentence"),
    "generic_target": N_("it asks for an everyday word, not a term worth testing"),
    "options_of_another_kind": N_("its wrong options are not of the answer's kind"),
    "unfair_false": N_("its false statement gives itself away"),
    "not_a_statement": N_("its statement is no claim to check"),
    "truncated_option": N_("an option is cut short"),
    "part_of_a_name": N_("it blanks part of a name or who said something"),
    "answer_beside_it": N_("its passage gives the figure beside it in other units"),
    "option_misworded": N_("an option is worded wrongly, such as \"1 miles\""),
    "source_removed": N_("its passage was removed from the revised text"),
    "source_changed": N_("its passage was changed in the revised text"),
}


def retired_text(reason: str | None) -> str:
    """Why a question was retired, in the UI language."""
    if not reason:
        return ""
    return _(RETIREMENT_TEXT[reason]) if reason in RETIREMENT_TEXT else reason
