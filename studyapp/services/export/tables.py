"""``export csv`` and ``export json``: the learner's history as spreadsheets and one JSON record."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp import __version__
from studyapp.core.export.record import record_header, stream_record
from studyapp.core.export.tables import CSV_COLUMNS, csv_text
from studyapp.core.quiz.grading import _FALSE_WORDS, _TRUE_WORDS
from studyapp.core.quiz.model import Question
from studyapp.core.quiz.normalise import normalise_answer
from studyapp.db.record_repo import RecordRepository
from studyapp.services.export import CsvFile, JsonExport, Titles
from studyapp.services.files import atomic_write, atomic_write_text

if TYPE_CHECKING:
    from studyapp.services import StudyService

Row = dict[str, object]


def export_csv(service: StudyService, folder: Path) -> list[CsvFile]:
    """Write ``reading_sessions.csv``, ``quiz_answers.csv``, ``reviews.csv`` and ``notes.csv``.

    Each file is UTF-8 with a BOM, has a header row and is written atomically.

    Args:
        service: the open library.
        folder: the folder to write into (created if needed).

    Returns:
        The files written, with their row counts.
    """
    titles = Titles(service)
    builders = {
        "reading_sessions": _sessions,
        "quiz_answers": _answers,
        "reviews": _reviews,
        "notes": _notes,
    }
    written = []
    for table, build in builders.items():
        rows = list(build(service, titles))
        path = folder / f"{table}.csv"
        atomic_write_text(path, csv_text(CSV_COLUMNS[table], rows), encoding="utf-8-sig")
        written.append(CsvFile(table, path, len(rows)))
    return written


def _sessions(service: StudyService, titles: Titles) -> Iterator[Row]:
    for s in service.progress.sessions():
        yield {
            "id": s.id,
            "local_day": s.local_day,
            "material_id": s.material_id,
            "material_title": titles.material(s.material_id),
            "first_section": s.first_section,
            "last_section": s.last_section,
            "started_at_utc": s.started_at,
            "ended_at_utc": s.ended_at,
            "active_minutes": s.active_seconds / 60,
            "active_seconds": s.active_seconds,
            "chars_read": s.chars_read,
            "language": s.language,
        }


def _answers(service: StudyService, titles: Titles) -> Iterator[Row]:
    for a in service.quiz.answers():
        q = a.question
        yield {
            "answered_at_utc": a.at,
            "local_day": a.local_day,
            "material_id": q.source.material,
            "section": q.source.section,
            "question_id": q.id,
            "type": q.type,
            "prompt": q.prompt,
            "options": q.options,
            "correct_answer": _true_false_labels(q, q.answer),
            "given": _true_false_labels(q, a.given),
            "verdict": a.verdict,
            "correct": a.correct,
            "seconds": a.seconds,
            "hint_used": a.hint_used,
        }


def _true_false_labels(question: Question, values: Sequence[str]) -> Sequence[str]:
    """True/false answers in the question's own words (对/错, True/False) for both the key
    and what was given, so the two columns can be compared; other types unchanged."""
    if question.type != "true_false" or len(question.options) < 2:
        return values
    labels = []
    for value in values:
        folded = normalise_answer(value)
        if folded in _TRUE_WORDS or folded == normalise_answer(question.options[0]):
            labels.append(question.options[0])
        elif folded in _FALSE_WORDS or folded == normalise_answer(question.options[1]):
            labels.append(question.options[1])
        else:
            labels.append(value)
    return tuple(labels)


def _reviews(service: StudyService, titles: Titles) -> Iterator[Row]:
    records = service.reviews.log_records()
    questions = service.quiz.questions_by_id(list({r.entry.question_id for r in records}))
    for r in records:
        question = questions.get(r.entry.question_id)
        yield {
            "reviewed_at_utc": r.entry.reviewed_at,
            "local_day": r.local_day,
            "card_id": r.entry.card_id,
            "question_id": r.entry.question_id,
            "material_id": r.material_id,
            "prompt": question.prompt if question else "",
            "rating": int(r.entry.rating),
            "rating_name": r.entry.rating.name,
            "previous_state": r.entry.previous_state,
            "new_state": r.entry.new_state,
            "next_due_utc": r.entry.new_due,
            "duration_seconds": r.entry.duration_seconds,
            "cram": r.cram,
        }


def _notes(service: StudyService, titles: Titles) -> Iterator[Row]:
    for n in service.progress.notes():
        yield {
            "updated_at_utc": n.updated_at,
            "local_day": service.local_day(n.updated_at),
            "material_id": n.material_id,
            "material_title": titles.material(n.material_id),
            "section": n.section,
            "section_title": titles.section(n.material_id, n.section),
            "text": n.text,
        }


def export_json(service: StudyService, target: Path) -> JsonExport:
    """Write the whole learner's record as one JSON document (see ``core.export.record``).

    Args:
        service: the open library.
        target: the file to write (atomically, UTF-8, Chinese unescaped).

    Returns:
        The file and its rows per table.
    """
    counts: dict[str, int] = {}

    def write(temporary: Path) -> None:
        with (
            RecordRepository(service.engine).stream() as (found, tables),
            temporary.open("w", encoding="utf-8", newline="") as handle,
        ):
            counts.update(found)
            header = record_header(
                found,
                exported_at=service.clock(),
                schema_revision=service.schema.revision,
                app_version=__version__,
                timezone=str(service.tz),
            )
            stream_record(handle.write, header, tables)

    atomic_write(target, write)
    return JsonExport(target, counts)
