"""The reader's status line names the section m marks (issue 12, item 2), also while the
service is still opening after ``studyapp read ID --section N``; m pressed then is kept."""

from __future__ import annotations

from studyapp.db.firstscreen import reader_data
from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.conftest import SQLITE_FAST_PATH, fixed_clock
from tests.db_rows import rows
from tests.ui_helpers import build_app, notifications, settle

MATERIAL = "deliberate-reading"  # its first section (the title's) is two short paragraphs


def _status(screen: ReaderScreen) -> str:
    return str(screen.query_one("#reader-status").render())


@SQLITE_FAST_PATH
async def test_status_and_m_agree_on_the_section_opened(locations: Locations) -> None:
    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    service.close()
    app = build_app(locations)
    app.open_at = (MATERIAL, "2")
    app.first_reader = reader_data(locations.db_url, MATERIAL)  # as the launcher hands it
    start_service = app.start_service
    app.start_service = lambda: None  # type: ignore[method-assign]  # a slow service
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.tracker is None
        view = screen.query_one(ReaderView)
        assert screen.blocks[view.top[0]].section == 1  # section 2's heading at the top
        assert screen.current_section() == 1
        assert _status(screen).startswith("Section 2/27 · at "), _status(screen)
        assert "at 100%" not in _status(screen)
        await pilot.press("m")  # before the library is open: applied once it is
        assert not notifications(app)
        start_service()
        await settle(pilot)
        assert screen.tracker is not None
        section = screen.sections[1]
        assert any(section.title in text for text in notifications(app))
        assert _status(screen).startswith("Section 2/27 · at "), _status(screen)
    done = rows(locations, "SELECT section FROM section_progress WHERE done_at IS NOT NULL")
    assert done == [(section.anchor,)]
