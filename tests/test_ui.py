"""Pilot tests of the TUI shell: library, material viewer, literal text, language, theme."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.ui.screens.home import HomeScreen
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.conftest import fixed_clock
from tests.db_rows import rows
from tests.ui_helpers import build_app, rendered_text, screen_text, settle, wait_until

TRICKY = (
    "# Tricky [bold]title[/]\n\n"
    "Closing tag alone: [/] and [bold]x and C[i] = A[i] + B[i].\n\n"
    "A click: [@click=app.quit]quit[/] and colour \x1b[31mred\x1b[0m text.\n\n"
    "- list [i]item[/i]\n"
)


def _import(locations: Locations, *files: Path) -> None:
    service = StudyService.open(locations, fixed_clock)
    report = service.import_paths(list(files))
    assert not report.refused, report.refused
    service.close()


async def test_home_lists_the_bundled_library(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count >= 5
        assert table.get_cell_at((0, 0)).plain == "学习活动组织指南"
        status = rendered_text(app.screen.query_one("#status", Static))
        assert "5 materials" in status and "sample materials added" in status


async def test_open_material_and_move_between_sections(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.material.id == "study-campaign-guide"
        toc = screen.query_one("#toc", OptionList)
        assert toc.option_count == len(screen.sections) > 10
        first = rendered_text(screen.query_one(ReaderView))
        assert first.startswith("学习活动组织指南")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert toc.highlighted == 1 and screen.current_section() == 1
        second = rendered_text(screen.query_one(ReaderView))
        assert second.startswith("一、为什么要系统地组织学习活动")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert toc.highlighted == 0
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_material_text_with_markup_and_escapes_is_shown_literally(
    locations: Locations, tmp_path: Path
) -> None:
    tricky = tmp_path / "tricky.md"
    tricky.write_text(TRICKY, encoding="utf-8")
    _import(locations, tricky)
    app = build_app(locations, import_bundled=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.get_cell_at((0, 0)).plain == "Tricky [bold]title[/]"
        await pilot.press("enter")
        await settle(pilot)
        text = rendered_text(app.screen.query_one(ReaderView))
        assert "Tricky [bold]title[/]" in text
        assert "Closing tag alone: [/] and [bold]x and C[i] = A[i] + B[i]." in text
        assert "A click: [@click=app.quit]quit[/] and colour red text." in text
        assert "list [i]item[/i]" in text
        assert "\x1b" not in text
        assert app.is_running  # the @click did not quit


async def test_switching_language_rebuilds_the_screens_in_chinese(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[:2] == ["标题", "语言"]
        footer = screen_text(pilot).splitlines()[-1]
        assert "打开" in footer and "退出" in footer
    assert 'language = "zh_CN"' in locations.config_file.read_text()


async def test_theme_toggle_is_remembered(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
    again = build_app(locations)
    assert again.theme == "textual-light"


async def test_a_newer_database_shows_a_clear_message(locations: Locations) -> None:
    StudyService.open(locations, fixed_clock).close()
    rows(locations, "UPDATE alembic_version SET version_num = 'ffff'")
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        status = rendered_text(app.screen.query_one("#status", Static))
        assert "newer studyapp" in status


async def test_command_palette_opens_a_material(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        from textual.command import CommandPalette

        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Open: Deliberate")
        await settle(pilot)  # the palette gathers its matches in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.material.id == "deliberate-reading"
