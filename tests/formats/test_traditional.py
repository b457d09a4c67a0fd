"""Traditional Chinese: a Simplified copy one character for one; answers and search in
either script."""

from __future__ import annotations

import random
from pathlib import Path

from studyapp.core.quiz.grading import grade
from studyapp.core.quiz.scripts import generate_as_written
from studyapp.core.script import simplified, spellings, traditional_share
from studyapp.core.search import find_spans, parse_query
from tests.quiz_helpers import file_sections

TRADITIONAL = Path(__file__).parent / "files" / "library_trad.md"


def test_simplified_copy_keeps_every_offset() -> None:
    text = TRADITIONAL.read_text(encoding="utf-8")
    copy = simplified(text)
    assert len(copy) == len(text)
    assert "图书馆每天早上八点开门" in copy
    assert traditional_share(text) > 0.2 and traditional_share(copy) == 0.0


def test_search_terms_are_spelled_in_both_scripts() -> None:
    assert spellings("学习") == ("学习", "學習")
    assert spellings("學習") == ("學習", "学习")
    assert spellings("reading") == ("reading",)


def test_spans_found_across_scripts_point_at_the_original_characters() -> None:
    text = "學生憑學生證可以借書"
    spans = find_spans(text, parse_query("学生证").terms)
    assert spans == [(3, 6)] and text[3:6] == "學生證"
    assert find_spans("学生凭学生证可以借书", parse_query("學生證").terms) == [(3, 6)]


def test_a_traditional_material_is_quizzed_and_answered_in_simplified() -> None:
    questions = generate_as_written(
        file_sections(TRADITIONAL), material_id="trad", stats=None, rng=random.Random(3)
    )
    assert questions
    typed = [q for q in questions if q.type == "cloze"]
    assert typed, [q.type for q in questions]
    for question in typed:
        answer = simplified(question.answer[0])
        assert grade(question, answer).verdict == "right", (question.prompt, answer)
    crossed = [q for q in typed if simplified(q.answer[0]) != q.answer[0]]
    assert crossed  # at least one answer really was in another script
    for question in questions:  # asked as written: the prompt comes from the original
        assert question.source.text in TRADITIONAL.read_text(encoding="utf-8")
        for part in question.prompt.split("____"):
            assert simplified(part) == part or part.strip("。") in question.source.text


def test_the_service_quiz_on_a_traditional_material(service) -> None:  # type: ignore[no-untyped-def]
    from studyapp.services.quiz import questions

    service.import_paths([TRADITIONAL])
    asked = questions(service, "library-trad", count=5, seed=1)
    assert asked and all(traditional_share(q.source.text) > 0.1 for q in asked)
    for question in asked:
        sections = service.materials.full_text("library-trad")
        section = next(s for s in sections if s.anchor == question.source.section)
        text = "\n\n".join(p.text for p in section.paragraphs)
        assert text[question.source.start : question.source.end] == question.source.text


def test_search_crosses_scripts_in_the_library(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    simple = tmp_path / "simple.md"
    simple.write_text("# 笔记\n\n学习汉字要多读多写。\n", encoding="utf-8")
    service.import_paths([TRADITIONAL, simple])
    for query in ("图书馆", "圖書館"):
        hits = service.search(query).hits
        assert {h.material_id for h in hits} == {"library-trad"}, query
        assert hits[0].match == "圖書館"
    for query in ("学习汉字", "學習漢字", "多讀"):  # a two-letter term takes the scan path
        assert [h.material_id for h in service.search(query).hits] == ["simple"], query
