"""The quiz in the TUI and in plain mode: every type answered, stored, flagged, summarised."""

from __future__ import annotations

import json
import subprocess
import sys

from pypinyin import lazy_pinyin
from textual.widgets import Input

from studyapp.core.quiz.model import Question
from studyapp.locations import Locations
from studyapp.ui.screens.quiz import QuizScreen
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.db_rows import rows
from tests.ui_helpers import build_app, screen_text, settle

MATERIAL = "study-campaign-guide"
FULL_WIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")


def _rows(locations: Locations, sql: str) -> list[tuple]:
    return rows(locations, sql)  # the SQLite file, or the PostgreSQL database


async def _start_quiz(pilot, count: int = 8, seed: int = 5) -> QuizScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    material = pilot.app.find_material(MATERIAL)
    screen = QuizScreen(material, count=count, seed=seed)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    assert screen.questions, "no questions were generated"
    return screen


async def _answer_rightly(pilot, question: Question) -> None:  # type: ignore[no-untyped-def]
    options = list(question.options)
    if question.type == "cloze":
        typed = (
            "".join(lazy_pinyin(question.answer[0]))
            if question.language == "zh"
            else question.answer[0]
        )
        await pilot.press(*typed, "enter")
    elif question.type == "number":
        await pilot.press(*question.answer[0].translate(FULL_WIDTH), "enter")
    elif question.type == "single":
        await pilot.press(str(options.index(question.answer[0]) + 1))
    elif question.type == "true_false":
        await pilot.press("1" if question.answer == ("true",) else "2")
    elif question.type in ("multiple", "order"):
        await pilot.press(*(str(options.index(a) + 1) for a in question.answer), "enter")
    await pilot.pause()


async def test_a_whole_quiz_of_every_type_answered_rightly(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start_quiz(pilot, count=12)
        types = {q.type for q in screen.questions}
        assert types == {"cloze", "single", "multiple", "true_false", "order", "number"}
        assert any(q.type == "cloze" and q.language == "zh" for q in screen.questions)
        for question in list(screen.questions):
            assert screen.question == question
            await _answer_rightly(pilot, question)
            assert screen.grade is not None and screen.grade.verdict == "right", question
            await pilot.press("enter")
            await pilot.pause()
        assert "12 of 12 right" in screen_text(pilot)
    answers = _rows(locations, "SELECT verdict, seconds >= 0 FROM quiz_answer")
    assert answers == [("right", 1)] * 12


async def test_a_wrong_answer_shows_the_answer_and_the_source(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start_quiz(pilot, count=1)
        question = screen.questions[0]
        assert question.type == "cloze"
        await pilot.press(*"不对的答案", "enter")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Wrong" in text and question.answer[0] in text
        assert question.source.text[:10] in text.replace("\n", "")
        await pilot.press("g")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        view = reader.query_one(ReaderView)
        assert view.match is not None
        block = reader.blocks[view.match[0]]
        assert block.text[view.match[1] : view.match[2]] == question.source.text
    stored = _rows(locations, "SELECT verdict, given FROM quiz_answer")
    as_text = [
        (v, g if isinstance(g, str) else json.dumps(g, ensure_ascii=False)) for v, g in stored
    ]
    assert as_text == [("wrong", '["不对的答案"]')]  # JSON comes back parsed from PostgreSQL


async def test_hint_is_recorded_and_flagged_questions_never_return(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _start_quiz(pilot, count=2)
        first, second = screen.questions
        screen.query_one(Input).value = "?"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.hint_used
        await _answer_rightly(pilot, first)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question == second
        if second.type in ("cloze", "number", "order"):
            screen.action_flag()  # a typed answer takes the letter x itself
        else:
            await pilot.press("x")
        await pilot.pause()
        again = await _start_quiz(pilot, count=2)
        assert second.id not in {q.id for q in again.questions}
    assert _rows(locations, "SELECT hint_used FROM quiz_answer") == [(1,)]
    assert _rows(locations, "SELECT id FROM question WHERE flagged_at IS NOT NULL") == [
        (second.id,)
    ]


def test_plain_mode_reads_answers_from_stdin(locations: Locations) -> None:
    base = [
        sys.executable,
        "-m",
        "studyapp",
        "--data-dir",
        str(locations.data_dir),
        "quiz",
        MATERIAL,
    ]
    listed = subprocess.run(
        [*base, "--count", "3", "--seed", "9", "--json"], capture_output=True, text=True, check=True
    )
    import json

    questions = json.loads(listed.stdout)["questions"]
    answers = []
    for q in questions[:2]:
        if q["options"] and q["type"] != "true_false":
            answers.append("".join(str(q["options"].index(a) + 1) for a in q["answer"]))
        elif q["type"] == "true_false":
            answers.append("对" if q["answer"] == ["true"] else "错")
        else:
            answers.append(q["answer"][0].translate(FULL_WIDTH))
    result = subprocess.run(
        [*base, "--plain", "--count", "3", "--seed", "9"],
        input="\n".join(answers) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("✓") >= 2
    assert result.stdout.strip().endswith("2 of 2 right.")
    assert _rows(locations, "SELECT count(*) FROM quiz_answer") == [(2,)]
