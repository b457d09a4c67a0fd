"""The search screen: typed queries, hits shown literally and within 80 columns, Enter reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, Static

from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.ui.screens.home import HomeScreen
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.screens.search import SearchScreen
from studyapp.ui.widgets.hit_list import HitList
from studyapp.ui.widgets.reader_view import ReaderView
from tests.conftest import fixed_clock
from tests.search_helpers import write_search_materials
from tests.ui_helpers import build_app, screen_text, settle, wait_until


@pytest.fixture
def search_locations(locations: Locations, tmp_path: Path) -> Locations:
    """A data dir with the bundled materials and the three search materials."""
    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    service.import_paths(write_search_materials(tmp_path / "materials"))
    service.close()
    return locations


async def _search(pilot: Pilot[int], query: str) -> SearchScreen:
    await settle(pilot)
    await pilot.press("slash")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)
    await wait_until(pilot, lambda: screen.shown == query)  # it starts once typing pauses
    return screen


def _status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status", Static).render())


async def test_a_chinese_query_lists_hits_and_enter_opens_the_reader_there(
    search_locations: Locations,
) -> None:
    app = build_app(search_locations)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(pilot, "集中复习效果好")
        hits = screen.query_one(HitList).hits
        assert [(h.material_id, h.section) for h in hits] == [("guide", "第二章-怎样复习")]
        assert "1 result" in _status(screen)
        text = screen_text(pilot)
        assert "读书班指南 · 第二章 怎样复习" in text and hits[0].snippet.text in text
        await pilot.press("enter")  # from the query box to the hits
        await pilot.pause()
        assert isinstance(app.focused, HitList)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.material.id == "guide"
        view = reader.query_one(ReaderView)
        assert view.match is not None
        block, start, end = view.match
        assert reader.blocks[block].text[start:end] == "集中复习效果好"
        assert reader.sections[reader.blocks[block].section].anchor == "第二章-怎样复习"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.query_one(HitList).hits == hits


@pytest.mark.parametrize("query", ["[/]", "[bold]", "<script>", "&amp;", "=HYPERLINK("])
async def test_markup_lookalikes_show_literally(search_locations: Locations, query: str) -> None:
    app = build_app(search_locations)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(pilot, query)
        [hit] = [h for h in screen.query_one(HitList).hits if h.material_id == "tricky"]
        text = screen_text(pilot)
        assert hit.snippet.text in text and query in hit.snippet.text
        assert "特殊字符的材料 · " in text
        assert screen.query_one("#search-query", Input).value == query


async def test_hits_fit_80_columns_with_cjk_text(search_locations: Locations) -> None:
    app = build_app(search_locations, language="zh_CN")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(pilot, "学习")
        hits = screen.query_one(HitList).hits
        assert len(hits) > 10
        text = screen_text(pilot)
        for line in text.splitlines():
            assert cell_len(line) <= 80
        flat = re.sub(r"[\s\u2580-\u259f]", "", text)  # the snippets' lines joined up
        visible = [h for h in hits if "".join(h.snippet.text.split()) in flat]
        assert len(visible) >= 4  # whole two-line snippets, not cut by the list's edge
        for line in text.splitlines():  # wrapped like the reader
            assert line.strip(" ▊▎")[:1] not in ("、", "，", "。"), line


async def test_empty_and_no_result_states(search_locations: Locations) -> None:
    app = build_app(search_locations)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(pilot, "")
        assert "Type a word or phrase" in _status(screen)
        await pilot.press(*"没有这个词")
        await wait_until(pilot, lambda: screen.shown == "没有这个词")
        assert _status(screen) == "No results for 没有这个词"
        assert screen.query_one(HitList).option_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_newer_query_replaces_an_older_one(search_locations: Locations) -> None:
    app = build_app(search_locations)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(pilot, "")
        screen.run_query("阅读")
        screen.run_query("reading")
        for _ in range(100):
            await pilot.pause(0.05)  # not settle(): waiting on a cancelled worker raises
            if screen.shown:
                break
        hits = screen.query_one(HitList).hits
        assert hits and all("reading" in h.match.casefold() for h in hits)
        assert screen.shown == "reading"


async def test_the_palette_opens_the_search(search_locations: Locations) -> None:
    app = build_app(search_locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Search all materials")
        await settle(pilot)  # the palette gathers its matches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_a_screen_opened_with_a_query_runs_it_once(
    search_locations: Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The query box filled in on opening does not start the same search again after the
    typing pause (it would redraw the hits under a learner who already moved to them)."""
    started: list[str] = []
    run_query = SearchScreen.run_query

    def counted(self: SearchScreen, text: str) -> None:
        started.append(text)
        run_query(self, text)

    monkeypatch.setattr(SearchScreen, "run_query", counted)
    app = build_app(search_locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.app.push_screen(SearchScreen("复习"))
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.shown == "复习")
        assert isinstance(screen, SearchScreen)
        assert started == ["复习"]
        assert screen.timer is None  # and no typing pause is counting down to a second one
