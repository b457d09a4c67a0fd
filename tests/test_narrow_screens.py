"""Narrow terminals in Chinese (issue 12 item 7): the rendered screens of the library, the
reader, quiz feedback, review, Today and search results never start a line with 、，。 and
never cut a wide character or a label; snapshots of the same screens are kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable

from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.ui.app import StudyApp
from studyapp.ui.screens.quiz import QuizScreen
from studyapp.ui.screens.review import ReviewScreen
from studyapp.ui.screens.search import SearchScreen
from studyapp.ui.screens.today import TodayScreen
from studyapp.ui.widgets.hit_list import HitList
from tests.conftest import FIXED_NOW, fixed_clock
from tests.ui_helpers import build_app, screen_text, settle

MATERIAL = "study-campaign-guide"
SIZES = [(60, 20), (80, 24)]
_FRAME = "│▊▎▏▌▐ ╭╮╰╯─▔▁"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _check(text: str, width: int, titles: list[str], labels: list[str]) -> None:
    lines = text.splitlines()
    for line in lines:
        assert cell_len(line) <= width, line
        body = line.strip(_FRAME)
        assert not body[:1] or body[0] not in "、，。", f"line starts with punctuation: {line!r}"
    footer = lines[-1]
    for word in footer.split():  # every CJK word in the footer is a whole label
        if _HAN.search(word):
            assert word in labels, f"cut footer label {word!r} in {footer!r}"
    for title in titles:  # a title is whole or ends in …
        for line in lines:
            shown = [cell for cell in re.split(r"\s{2,}", line.strip()) if cell]
            for cell in shown[:1]:
                if cell and title.startswith(cell.rstrip("…")) and cell != title:
                    assert cell.endswith("…"), f"title cut without …: {cell!r}"


def _labels(app: StudyApp) -> list[str]:
    shown = app.screen.active_bindings.values()
    palette = "command_palette"  # docked at the right of the footer although show=False
    return [a.binding.description for a in shown if a.binding.show or a.binding.action == palette]


async def _library(pilot: Pilot[int]) -> None:
    await settle(pilot)


async def _reader(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("space", "space")
    await settle(pilot)


async def _feedback(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, StudyApp)
    screen = QuizScreen(app.find_material(MATERIAL), count=3, seed=5)  # type: ignore[arg-type]
    await app.push_screen(screen)
    await settle(pilot)
    await pilot.press(*"错了", "enter")
    await settle(pilot)


async def _review(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, StudyApp)
    await app.push_screen(ReviewScreen(cram=app.find_material(MATERIAL)))
    await settle(pilot)
    await pilot.press(*"错了", "enter")
    await settle(pilot)


async def _today(pilot: Pilot[int]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, TodayScreen)


async def _search(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.app.push_screen(SearchScreen("读书"))
    await settle(pilot)
    await pilot.press("enter")  # to the hits
    await settle(pilot)


SCREENS = {
    "library": _library,
    "reader": _reader,
    "feedback": _feedback,
    "review": _review,
    "today": _today,
    "search": _search,
}


def _prepare(locations: Locations, name: str) -> None:
    """For the review: a review card from a wrong answer; for Today: a plan."""
    if name not in ("review", "today"):
        return
    from studyapp.services.plans import add_plan
    from studyapp.services.quiz import answer, questions

    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    if name == "today":
        today = FIXED_NOW.date()
        materials = [MATERIAL, "deliberate-reading"]
        finish = today + dt.timedelta(days=3)
        add_plan(service, materials, name=None, start=today, finish_by=finish, minutes_per_day=None)
    for question in questions(service, MATERIAL, count=1, seed=5):  # one card: a fixed order
        answer(service, question, "错了", seconds=5.0)
    service.close()


def _fits(app: StudyApp) -> list[str]:
    """What a screen must show whole: Today's titles (no sideways scroll), the first hit."""
    screen = app.screen
    if isinstance(screen, TodayScreen):
        table = screen.query_one(DataTable)
        assert table.max_scroll_x == 0, "Today's table scrolls sideways"
        return [item.unit.title for item in screen.items]
    if isinstance(screen, SearchScreen):
        hits = screen.query_one(HitList).hits
        assert hits, "no search results to check"
        return [hits[0].snippet.text]
    return []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
async def test_chinese_screens_wrap_cleanly(locations: Locations, name: str, size) -> None:  # type: ignore[no-untyped-def]
    _prepare(locations, name)
    app = build_app(locations, language="zh_CN")
    async with app.run_test(size=size) as pilot:
        await SCREENS[name](pilot)
        titles = [m.title for m in app.materials or []]
        whole = _fits(app)
        text = screen_text(pilot)
        _check(text, size[0], titles + whole, _labels(app))
        if isinstance(app.screen, SearchScreen):  # the first snippet: every glyph, in order
            flat = re.sub(r"[\s\u2580-\u259f]", "", text)  # no spaces, no scrollbar blocks
            assert "".join(whole[0].split()) in flat, text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_chinese_screen_snapshots(snap_compare, locations: Locations, name: str, size) -> None:  # type: ignore[no-untyped-def]
    _prepare(locations, name)
    app = build_app(locations, language="zh_CN")
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[name])
