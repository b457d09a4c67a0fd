"""The Group screen on a real server (skipped with the reason without one): the organiser
reaches it by Ctrl+G or the command palette and sees both members, the one who has not
read marked behind, in Chinese and English and on a 60x20 terminal; a member is not
offered it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from studyapp.locations import resolve_locations
from studyapp.ui.app import StudyApp
from studyapp.ui.palette import StudyCommands
from studyapp.ui.screens.group import GroupScreen
from tests import test_postgres_roles as roles
from tests.test_postgres_groups import _set_up_class
from tests.test_postgres_roles import ClassServer
from tests.ui_helpers import build_app, run_palette_command, screen_text, settle, wait_until

class_server = roles.class_server  # the fixture: an owner, an organiser and a member


def _app(server: ClassServer, tmp: Path, role: str, language: str) -> StudyApp:
    locations = resolve_locations(tmp / f"ui-{role}", db_url=server.url(role), environ={})
    return build_app(locations, language=language, clock=lambda: dt.datetime.now(dt.UTC))


def _palette_names(app: StudyApp) -> list[str]:
    return [name for name, _call, _help in StudyCommands(app.screen)._commands()]


def _rows(app: StudyApp) -> dict[str, list[str]]:
    table = app.screen.query_one(DataTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return {str(row[1]): [str(cell) for cell in row] for row in rows}


@pytest.mark.parametrize(
    ("language", "size", "behind"), [("en", (100, 24), "behind"), ("zh_CN", (60, 20), "落后")]
)
async def test_the_organiser_sees_the_members_and_who_is_behind(
    class_server: ClassServer, tmp_path: Path, language: str, size: tuple[int, int], behind: str
) -> None:
    _set_up_class(class_server, tmp_path)
    app = _app(class_server, tmp_path, class_server.organiser, language)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, app.service_ready.is_set, timeout=60)
        assert app.organiser
        await pilot.press("ctrl+g")
        await wait_until(
            pilot, lambda: isinstance(app.screen, GroupScreen) and app.screen.groups, timeout=60
        )
        rows = _rows(app)
        assert set(rows) == {class_server.organiser, class_server.member}
        assert rows[class_server.member][-1] == behind
        assert rows[class_server.organiser][-1] != behind
        text = screen_text(pilot)
        assert all(cell_len(line) <= size[0] for line in text.splitlines())
        summary = "1 behind" if language == "en" else "1 人落后"
        assert summary in text


async def test_a_member_is_not_offered_the_group_screen(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    app = _app(class_server, tmp_path, class_server.member, "en")
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, app.service_ready.is_set, timeout=60)
        assert not app.organiser
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(app.screen, GroupScreen)
        assert "Reading class" not in _palette_names(app)
        await run_palette_command(pilot, "Reading class")
        assert not isinstance(app.screen, GroupScreen)


async def test_the_palette_opens_the_group_screen_for_the_organiser(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    app = _app(class_server, tmp_path, class_server.organiser, "en")
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_until(pilot, app.service_ready.is_set, timeout=60)
        assert "Reading class" in _palette_names(app)
        await pilot.press("ctrl+p", *"Reading class")
        await wait_until(pilot, lambda: "Members of your groups" in screen_text(pilot), timeout=60)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, GroupScreen) and app.screen.groups, timeout=60
        )
        assert len(_rows(app)) == 2
