"""The first useful frame: rows from the read-only fast path, before the ORM loads.

The fast path's rows must equal the service's; when it steps aside (another URL, an old
schema, no database yet) the slow path still opens the library and says what it does.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from studyapp.core.materials import Material
from studyapp.core.reading import ReadingPosition
from studyapp.db import firstscreen
from studyapp.db.engine import make_engine
from studyapp.db.migrate import HEAD, migrate_to
from studyapp.launch import TuiRequest, parse_tui
from studyapp.locations import Locations, resolve_locations
from studyapp.services import StudyService, plans
from studyapp.ui.widgets.library_table import LibraryTable
from tests.conftest import FIXED_NOW, SQLITE_FAST_PATH, fixed_clock
from tests.ui_helpers import build_app, rendered_text, settle

TODAY = FIXED_NOW.date()


def _library(locations: Locations, with_plan: bool = False) -> StudyService:
    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    if with_plan:
        plans.add_plan(
            service,
            ["plain-text-handout"],
            name="week",
            start=TODAY - dt.timedelta(days=1),
            finish_by=TODAY + dt.timedelta(days=5),
            minutes_per_day=None,
        )
    return service


def test_the_fast_path_reads_the_schema_this_version_writes() -> None:
    assert firstscreen.SCHEMA_REVISION == HEAD


@SQLITE_FAST_PATH
def test_fast_rows_equal_the_services(locations: Locations) -> None:
    service = _library(locations, with_plan=True)
    try:
        sections = service.materials.full_text("plain-text-handout")
        service.progress.set_done("plain-text-handout", sections[0].anchor, FIXED_NOW, TODAY)
        where = ReadingPosition("plain-text-handout", sections[1].anchor, 1, 3)
        service.progress.save_position(where, FIXED_NOW)
        snapshot = firstscreen.first_screen(locations.db_url, service.local_day())
        assert snapshot.state == firstscreen.READY and snapshot.has_plans
        assert snapshot.materials == service.library()  # same rows, same order
        view = plans.today_view(service)
        expected = [(i.plan, i.day, i.status, i.unit, i.done) for i in view.items]
        assert [(i.plan, i.day, i.status, i.unit, i.done) for i in snapshot.today] == expected
        assert expected  # an overdue and a today assignment
        for material in service.library():
            quick = firstscreen.reader_data(locations.db_url, material.id)
            full = service.reader_data(material.id)
            assert quick is not None
            assert (quick.material, quick.sections, quick.position, quick.progress) == (
                full.material,
                full.sections,
                full.position,
                full.progress,
            )
    finally:
        service.close()


@SQLITE_FAST_PATH
def test_the_fast_path_steps_aside(locations: Locations, tmp_path: Path) -> None:
    today = TODAY
    assert firstscreen.first_screen(locations.db_url, today).state == firstscreen.MISSING
    other = f"sqlite+pysqlite:///{tmp_path / 'x.sqlite'}"
    assert firstscreen.first_screen(other, today).state == firstscreen.OTHER
    assert firstscreen.first_screen("postgresql://host/db", today).state == firstscreen.OTHER
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"\x00not a database" * 100)
    assert firstscreen.first_screen(f"sqlite:///{damaged}", today).state == firstscreen.OTHER
    assert firstscreen.reader_data(f"sqlite:///{damaged}", "x") is None


async def test_a_url_the_fast_path_does_not_read_opens_on_the_slow_path(tmp_path: Path) -> None:
    data = tmp_path / "data"
    locations = resolve_locations(data, f"sqlite+pysqlite:///{data / 'other.sqlite'}", environ={})
    _library(locations).close()
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.materials is None  # nothing from the fast path
        await settle(pilot)
        assert app.service is not None
        assert app.screen.query_one(LibraryTable).row_count == 5


@SQLITE_FAST_PATH
async def test_an_old_schema_is_migrated_before_the_library_and_the_status_says_so(
    locations: Locations,
) -> None:
    locations.data_dir.mkdir(parents=True)
    engine = make_engine(locations.db_url)
    migrate_to(engine, "0005")
    engine.dispose()
    assert firstscreen.first_screen(locations.db_url, TODAY).state == firstscreen.OLD
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.materials is None
        assert app.start_note is not None and "Upgrading the database" in app.start_note
        await settle(pilot)
        assert app.service is not None and app.service.schema.action == "upgraded"
        status = rendered_text(app.screen.query_one("#status", Static))
        assert "database upgraded" in status
        assert app.screen.query_one(LibraryTable).row_count == 5


@SQLITE_FAST_PATH
async def test_the_first_start_says_what_it_does(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.start_note is not None and app.start_note.startswith("First start")
        await settle(pilot)
        assert app.screen.query_one(LibraryTable).row_count == 5


async def test_today_shows_its_rows_then_the_full_view(locations: Locations) -> None:
    _library(locations, with_plan=True).close()
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert len(app.screen_stack) == 3  # Today above the library, pushed once
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0
        assert "reviews due" in rendered_text(app.screen.query_one("#today-summary", Static))


PROBE = textwrap.dedent(
    """
    import asyncio, json, sys
    from studyapp.locations import resolve_locations
    from studyapp.ui.app import StudyApp, make_app
    from textual.widgets import DataTable

    HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "rjieba", "pypinyin", "studyapp.services")
    seen = {}
    original = StudyApp.start_service

    def start_service(self):
        if not seen:
            seen["screen"] = type(self.screen).__name__
            seen["rows"] = self.screen.query_one(DataTable).row_count
            seen["heavy"] = [name for name in HEAVY if name in sys.modules]
        original(self)

    StudyApp.start_service = start_service

    async def main():
        app = make_app(resolve_locations(sys.argv[1], environ={}), language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            seen["service"] = app.service is not None

    asyncio.run(main())
    print(json.dumps(seen))
    """
)


@pytest.mark.parametrize("with_plan", [False, True], ids=["library", "today"])
@SQLITE_FAST_PATH
def test_the_first_frame_has_rows_before_the_orm_is_imported(
    locations: Locations, with_plan: bool
) -> None:
    _library(locations, with_plan).close()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(locations.data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screen"] == ("TodayScreen" if with_plan else "HomeScreen")
    assert seen["rows"] > 0 and seen["heavy"] == []
    assert seen["service"]  # and the service opened after that frame


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], TuiRequest()),
        (["--lang", "zh", "--data-dir=/d"], TuiRequest(data_dir="/d", lang="zh")),
        (["--db", "sqlite:///x", "read", "m"], TuiRequest(db_url="sqlite:///x", material="m")),
        (["read", "m", "--section", "2"], TuiRequest(material="m", section="2")),
        (["read", "m", "--section=a"], TuiRequest(material="m", section="a")),
        (["--learner", "小明", "read", "m"], TuiRequest(learner="小明", material="m")),
        (["library"], None),
        (["--help"], None),
        (["--lang", "fr"], None),
        (["--data-dir"], None),
        (["read"], None),
        (["read", "m", "--bogus"], None),
        (["read", "m", "--section"], None),
        (["--lang", "en", "--lang", "zh"], None),
    ],
)
def test_the_launcher_opens_the_tui_itself_and_leaves_the_rest_to_click(
    argv: list[str], expected: TuiRequest | None
) -> None:
    assert parse_tui(argv) == expected


async def test_read_id_shows_the_text_at_the_resume_point_then_tracks_reading(
    locations: Locations,
) -> None:
    from studyapp.ui.app import make_app
    from studyapp.ui.screens.reader import ReaderScreen
    from studyapp.ui.widgets.reader_view import ReaderView

    service = _library(locations)
    sections = service.materials.full_text("plain-text-handout")
    section = next(s for s in sections[1:] if s.paragraphs)
    where = ReadingPosition("plain-text-handout", section.anchor, 0, 0)
    service.progress.save_position(where, FIXED_NOW)
    service.close()
    app = make_app(locations, language="en", clock=fixed_clock, open_material="plain-text-handout")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.first_reader is None  # taken by the reader in its on_mount
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        shown = rendered_text(app.screen.query_one(ReaderView))
        assert section.paragraphs[0].text[:8] in shown
        assert app.screen.tracker is not None  # recording started once the service opened


async def test_a_long_library_shows_every_row_in_library_order(
    locations: Locations, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(70):
        (folder / f"note-{n:02}.md").write_text(f"# Note {n:02}\n\nText {n}.\n", encoding="utf-8")
    service = _library(locations)
    service.import_paths([folder])
    service.close()
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(LibraryTable)
        for _ in range(50):
            if table.row_count == 75:
                break
            await pilot.pause(0.05)
        assert [str(key.value) for key in table.rows][:1] == [app.materials[0].id]
        assert table.row_count == 75
        await settle(pilot)


async def test_each_library_row_is_built_once(
    locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows' cells are made as rows are added, once: no layout of the whole library
    before the first frame, and no second one when the first resize confirms the width."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(45):
        (folder / f"note-{n:02}.md").write_text(f"# Note {n:02}\n\nText {n}.\n", encoding="utf-8")
    service = _library(locations)
    service.import_paths([folder])
    service.close()
    built: list[str] = []
    cells = LibraryTable._cells

    def counted(table: LibraryTable, material: Material) -> list[Text]:
        built.append(material.id)
        return cells(table, material)

    monkeypatch.setattr(LibraryTable, "_cells", counted)
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LibraryTable)
        assert table.row_count == 50
        assert sorted(built) == sorted(m.id for m in app.materials or [])


@SQLITE_FAST_PATH  # the slow path builds the library first, as before
async def test_the_library_under_today_is_built_when_it_is_shown(locations: Locations) -> None:
    from studyapp.ui.screens.home import HomeScreen

    _library(locations, with_plan=True).close()
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        home = app.screen_stack[1]
        assert isinstance(home, HomeScreen) and not home.built
        assert not home.query(LibraryTable)  # nothing composed beneath Today
        app.action_show_library()
        await settle(pilot)
        assert app.screen is home and home.built
        assert home.query_one(LibraryTable).row_count == 5
        assert "5 materials" in rendered_text(home.query_one("#status", Static))
