"""Ctrl+L re-labels the current screen in place (issue 12 item 4): state is kept."""

from __future__ import annotations

from textual.widgets import Input, Static

from studyapp.i18n import set_language
from studyapp.locations import Locations
from studyapp.ui.screens.quiz import QuizScreen
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.ui_helpers import build_app, screen_text, settle

MATERIAL = "study-campaign-guide"


async def test_ctrl_l_inside_a_quiz_keeps_the_question_and_the_typed_answer(
    locations: Locations,
) -> None:
    app = build_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = QuizScreen(app.find_material(MATERIAL), count=3, seed=5)
        await app.push_screen(screen)
        await settle(pilot)
        question = screen.question
        box = screen.query_one("#quiz-answer", Input)
        assert box.display
        await pilot.press("a", "b")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen is screen
        assert screen.question is question and box.value == "ab"
        progress = str(screen.query_one("#quiz-progress", Static).render())
        assert "第 1" in progress or "题" in progress, progress
        assert "退出" in screen_text(pilot).splitlines()[-1]
    set_language("en")


async def test_ctrl_l_in_the_reader_keeps_the_position(locations: Locations) -> None:
    app = build_app(locations)
    app.open_at = (MATERIAL, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("space", "space")
        await pilot.pause()
        top = screen.query_one(ReaderView).top
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(ReaderView).top == top
        assert "第" in str(screen.query_one("#reader-status").render())
    set_language("en")


def test_help_follows_the_ui_language(locations: Locations) -> None:
    import os
    import subprocess
    import sys

    def help_text(*args: str, lang: str) -> str:
        env = {
            k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")
        }
        env["LANG"] = lang
        command = [sys.executable, "-m", "studyapp", "--data-dir", str(locations.data_dir), *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        return done.stdout + done.stderr

    chinese = help_text("--help", lang="zh_CN.UTF-8")
    assert "用法" in chinese and "显示本帮助并退出" in chinese and "学习计划" in chinese
    assert "把数据库复制到" in help_text("backup", "--help", lang="zh_CN.UTF-8")
    assert "Usage:" in help_text("--lang", "en", "--help", lang="zh_CN.UTF-8")
    assert "Usage:" in help_text("--help", lang="C.UTF-8")
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('language = "zh_CN"\n', encoding="utf-8")
    assert "用法" in help_text("--help", lang="C.UTF-8")
