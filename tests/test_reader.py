"""The reader: resume, active time with an idle cutoff, done marks, notes, search."""

from __future__ import annotations

import signal

from textual.widgets import Input, OptionList, TextArea

from studyapp.locations import Locations
from studyapp.ui.screens.confirm import ConfirmScreen
from studyapp.ui.screens.note import NoteScreen
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.conftest import FIXED_NOW
from tests.db_rows import rows as _rows
from tests.ui_helpers import ManualClock, build_app, settle, wait_until


async def _open_first(pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_reader_resumes_where_it_was_left_after_a_restart(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_first(pilot)
        await pilot.press("space", "space", "space", "j", "j")
        await pilot.pause()
        left_at = screen.query_one(ReaderView).top
        assert left_at[0] > 3
        await pilot.press("escape")
        await pilot.pause()
    again = build_app(locations)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await _open_first(pilot)
        assert screen.query_one(ReaderView).top == left_at


async def test_resume_survives_a_different_terminal_width(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open_first(pilot)
        await pilot.press("space", "space", "space")
        await pilot.pause()
        block, _offset = screen.query_one(ReaderView).top
        await pilot.press("ctrl+q")  # quitting from inside the reader keeps the position too
    narrow = build_app(locations)
    async with narrow.run_test(size=(80, 24)) as pilot:
        screen = await _open_first(pilot)
        assert screen.query_one(ReaderView).top[0] == block


async def test_active_time_stops_at_the_idle_cutoff(locations: Locations) -> None:
    clock = ManualClock(FIXED_NOW)
    app = build_app(locations, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_first(pilot)
        for gap in (10, 10, 500):  # the last gap is idle: only 120 s of it count
            clock.advance(gap)
            await pilot.press("j")
        clock.advance(1)
        await pilot.press("escape")
        await pilot.pause()
    [(active,)] = _rows(locations, "SELECT active_seconds FROM reading_session")
    assert active == 10 + 10 + 120 + 1


async def test_time_away_on_another_screen_does_not_count(locations: Locations) -> None:
    clock = ManualClock(FIXED_NOW)
    app = build_app(locations, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_first(pilot)
        clock.advance(30)
        await pilot.press("j")
        await pilot.press("n")  # the note editor covers the reader
        await pilot.pause()
        clock.advance(600)
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(5)
        await pilot.press("j")
        await pilot.press("escape")
        await pilot.pause()
    [(active,)] = _rows(locations, "SELECT active_seconds FROM reading_session")
    assert active == 30 + 5


async def test_mark_done_is_stored_and_shown_in_the_contents(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_first(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        anchor = screen.sections[1].anchor
        assert _rows(
            locations, "SELECT section FROM section_progress WHERE done_at IS NOT NULL"
        ) == [(anchor,)]
        prompt = screen.query_one("#toc", OptionList).get_option_at_index(1).prompt
        assert str(prompt).startswith("✓")
        await pilot.press("m")  # un-marking asks first; n keeps the mark
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert _rows(
            locations, "SELECT count(*) FROM section_progress WHERE done_at IS NOT NULL"
        ) == [(1,)]
        await pilot.press("m", "y")
        await pilot.pause()
        assert _rows(
            locations, "SELECT count(*) FROM section_progress WHERE done_at IS NOT NULL"
        ) == [(0,)]


async def test_note_is_saved_after_a_pause_and_on_close(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_first(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one(TextArea).insert("读书要[有]计划")
        saved = [("读书要[有]计划",)]
        await wait_until(pilot, lambda: _rows(locations, "SELECT text FROM note") == saved)
        app.screen.query_one(TextArea).insert("，也要有总结。")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert _rows(locations, "SELECT text FROM note") == [("读书要[有]计划，也要有总结。",)]


async def test_search_jumps_to_the_next_hit(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_first(pilot)
        view = screen.query_one(ReaderView)
        await pilot.press("slash")
        await pilot.press(*"问题清单", "enter")
        await pilot.pause()
        assert view.match is not None
        first = view.match
        assert screen.blocks[first[0]].text[first[1] : first[2]] == "问题清单"
        assert view.top[0] == first[0]
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert view.match is not None and view.match > first
        assert screen.query_one("#search", Input).has_class("hidden")


async def test_sigterm_flushes_the_open_reading_session(locations: Locations) -> None:
    clock = ManualClock(FIXED_NOW)
    app = build_app(locations, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_first(pilot)
        clock.advance(40)
        await pilot.press("space")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        block, offset = screen.query_one(ReaderView).top
        expected = (screen.blocks[block].paragraph, offset)
        app.shut_down(signal.SIGTERM)  # what the SIGTERM/SIGHUP handler schedules
        await pilot.pause()
        [(active,)] = _rows(locations, "SELECT active_seconds FROM reading_session")
        assert active == 40
        assert _rows(locations, 'SELECT paragraph, "offset" FROM reading_position') == [expected]
        assert expected != (-1, 0)
