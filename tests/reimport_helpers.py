"""A studied material (position, progress, notes, review cards) to re-import edited."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studyapp.core.quiz.model import Question, SourceRef, question_id
from studyapp.core.reading import ReadingPosition
from studyapp.locations import Locations
from studyapp.services import StudyService
from tests.conftest import FIXED_NOW
from tests.db_rows import rows

Sections = list[tuple[str, list[str]]]

ZH: tuple[str, Sections] = (
    "读书班规则",
    [
        (
            "总则",
            [
                "读书班每周活动一次，由领读人准备导读提纲。",
                "每位学员至少担任一次领读人，并提交读书笔记。",
                "活动结束后，班长负责整理讨论记录并在群内分享。",
            ],
        ),
        (
            "活动安排",
            [
                "每次活动先由领读人用十分钟介绍本周篇目的背景。",
                "随后全体学员围绕两个问题展开讨论，时间不少于四十分钟。",
                "最后由指导老师点评，并布置下一周的阅读任务。",
            ],
        ),
        (
            "考核要求",
            [
                "出勤率不低于百分之八十五，缺勤须提前向班长请假。",
                "学期末每人提交一篇不少于两千字的心得体会。",
            ],
        ),
    ],
)

EN: tuple[str, Sections] = (
    "Reading group rules",
    [
        (
            "General",
            [
                "The reading group meets once a week and a leader prepares the outline.",
                "Every member leads the discussion at least once and hands in notes.",
                "After each meeting the monitor shares a summary with the whole group.",
            ],
        ),
        (
            "Meetings",
            [
                "Each meeting opens with ten minutes on the background of the text.",
                "The members then discuss two questions for at least forty minutes.",
                "The tutor closes with comments and sets the reading for next week.",
            ],
        ),
        (
            "Assessment",
            [
                "Attendance must be at least eighty-five percent of all meetings.",
                "At the end of term everyone writes an essay of two thousand words.",
            ],
        ),
    ],
)

POSITION = (1, 1, 4)  # section index, paragraph, offset: where the learner stopped


def render(title: str, sections: Sections) -> str:
    """The material as Markdown."""
    parts = [f"# {title}"]
    for heading, paragraphs in sections:
        parts.append(f"## {heading}")
        parts.extend(paragraphs)
    return "\n\n".join(parts) + "\n"


@dataclass
class Studied:
    """A material with the learner's history on it."""

    service: StudyService
    locations: Locations
    path: Path
    material: str
    anchors: list[str]  # of the three content sections, before the edit
    questions: dict[str, Question]  # by paragraph text


def study(
    service: StudyService, locations: Locations, path: Path, text: tuple[str, Sections]
) -> Studied:
    """Import ``text``, leave the position, progress and notes, and answer one question on
    every paragraph wrongly (each gets a review card)."""
    title, sections = text
    path.write_text(render(title, sections), encoding="utf-8")
    material = service.import_paths([path]).outcomes[0].material_id
    assert material is not None
    stored = service.materials.get(material)
    assert stored is not None
    anchors = [s.anchor for s in stored.sections if s.title != title]
    section, paragraph, offset = POSITION
    service.progress.save_position(
        ReadingPosition(material, anchors[section], paragraph, offset), FIXED_NOW
    )
    service.progress.set_done(material, anchors[0], FIXED_NOW, FIXED_NOW.date())
    service.progress.advance(material, anchors[1], 2)
    for anchor, (heading, _paragraphs) in zip(anchors, sections, strict=True):
        service.save_note(material, anchor, f"note on {heading}")
    questions = {}
    for anchor in anchors:
        full = service.materials.section(material, anchor)
        assert full is not None
        start = 0
        for p in full.paragraphs:
            question = _question(material, anchor, p.text, start)
            service.answer_question(question, "not it", seconds=5)
            questions[p.text] = question
            start += len(p.text) + 2
    return Studied(service, locations, path, material, anchors, questions)


def _question(material: str, anchor: str, text: str, start: int) -> Question:
    source = SourceRef(material, anchor, start, start + len(text), text)
    answer = text[2:6]
    ident = question_id(material, anchor, text, "cloze", answer)
    return Question(ident, "cloze", text.replace(answer, "____"), (), (answer,), source, "zh")


def reimport(studied: Studied, title: str, sections: Sections):  # type: ignore[no-untyped-def]
    """Write the edited text to the same path, import it and return its outcome."""
    studied.path.write_text(render(title, sections), encoding="utf-8")
    outcome = studied.service.import_paths([studied.path]).outcomes[0]
    assert outcome.status == "imported", outcome
    assert outcome.material_id == studied.material
    return outcome


def card_states(studied: Studied) -> dict[str, tuple[str | None, bool]]:
    """Each question's (retired reason, card suspended), by the question's paragraph text."""
    by_id = {q.id: text for text, q in studied.questions.items()}
    found = rows(
        studied.locations,
        "select q.id, q.retired_reason, c.suspended from question q "
        "join review_card c on c.question_id = q.id",
    )
    return {by_id[qid]: (reason, bool(suspended)) for qid, reason, suspended in found}


def live_questions_point_at_their_text(studied: Studied) -> None:
    """Every question not retired has offsets into its (new) section's text."""
    for payload_section, start, end, text in _sources(studied):
        section = studied.service.materials.section(studied.material, payload_section)
        assert section is not None
        joined = "\n\n".join(p.text for p in section.paragraphs)
        assert joined[start:end] == text


def _sources(studied: Studied) -> list[tuple[str, int, int, str]]:
    questions = studied.service.quiz.stored_questions([studied.material])
    return [(q.source.section, q.source.start, q.source.end, q.source.text) for q in questions]
