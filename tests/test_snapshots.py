"""Snapshots of the key screens (Textual is pinned, so the SVGs are stable)."""

from __future__ import annotations

from textual.pilot import Pilot

from studyapp.locations import Locations
from tests.ui_helpers import build_app, settle, wait_until


def test_home_screen_english_80x24(snap_compare, locations: Locations) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(build_app(locations), terminal_size=(80, 24), run_before=settle)


def test_home_screen_chinese_light(snap_compare, locations: Locations) -> None:  # type: ignore[no-untyped-def]
    app = build_app(locations, language="zh_CN")
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(100, 24), run_before=settle)


def test_material_screen_chinese_100x30(snap_compare, locations: Locations) -> None:  # type: ignore[no-untyped-def]
    async def open_second_section(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)

    app = build_app(locations, language="zh_CN")
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_second_section)


def test_search_screen_chinese_text_80x24(snap_compare, locations: Locations) -> None:  # type: ignore[no-untyped-def]
    async def search_for_a_word(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"读书班")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "shown", None) == "读书班")
        pilot.app.screen.query_one("#search-query").cursor_blink = False  # no blink phase

    assert snap_compare(build_app(locations), terminal_size=(80, 24), run_before=search_for_a_word)
