"""Help (issue 12 item 5): ? and F1 open the keys of the current screen, in the UI language."""

from __future__ import annotations

from textual.widgets import Input

from studyapp.locations import Locations
from studyapp.ui.screens.help import HelpScreen
from studyapp.ui.screens.quiz import QuizScreen
from studyapp.ui.screens.reader import ReaderScreen
from tests.ui_helpers import build_app, settle

MATERIAL = "study-campaign-guide"


def _help_text(screen: HelpScreen) -> str:
    return "\n".join(f"{key} {text}" for key, text in screen.own + screen.common)


async def test_f1_on_the_library_lists_its_keys_and_the_global_ones(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app.screen)
        assert "Statistics" in text and "Quit" in text and "Theme" in text
        assert any("Quit" in t for _k, t in app.screen.common)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_question_mark_in_the_reader_shows_reader_keys_in_chinese(
    locations: Locations,
) -> None:
    app = build_app(locations, language="zh_CN")
    app.open_at = (MATERIAL, None)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app.screen)
        assert "完成" in text or "标记" in text  # m, in Chinese
        assert "下移" in text and "下一页" in text  # the text's own keys (j, space) too
        assert "Quit" not in text and "Down" not in text and "Page" not in text
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_question_mark_in_a_typed_answer_stays_the_hint(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = QuizScreen(app.find_material(MATERIAL), count=3, seed=5)
        await app.push_screen(screen)
        await settle(pilot)
        box = screen.query_one("#quiz-answer", Input)
        if not box.display:
            raise AssertionError("the first question should be a typed one")
        box.focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert box.value == "?"


async def test_a_new_plan_from_the_library_is_previewed_saved_and_shown_on_today(
    locations: Locations,
) -> None:
    from textual.widgets import SelectionList

    from studyapp.ui.screens.new_plan import NewPlanScreen
    from studyapp.ui.screens.today import TodayScreen

    app = build_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewPlanScreen)
        screen.query_one(SelectionList).select(MATERIAL)
        screen.query_one("#new-plan-minutes", Input).value = "20"
        await settle(pilot)
        assert screen.days, "no preview"
        assert "2026-" in str(screen.query_one("#new-plan-preview").source)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.items and app.screen.items[0].unit.material_id == MATERIAL
