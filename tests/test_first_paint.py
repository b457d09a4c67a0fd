"""The first frame reaches the terminal whole, once, and the rest of a long library after it.

Textual (8.2.8) mounts the app inside a batch update, renders the top screen there and drops
that frame; the app skips that render and repaints the whole screen when Ready comes
(``FirstFrame.holds_frame``). These tests fail if a Textual upgrade changes that.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from studyapp.launch import _run_tui, parse_tui
from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.ui.widgets.library_table import LibraryTable
from tests.conftest import SQLITE_FAST_PATH, fixed_clock
from tests.ui_helpers import build_app, settle


def _library(locations: Locations, tmp_path: Path, extra: int = 0) -> None:
    service = StudyService.open(locations, fixed_clock)
    try:
        service.import_bundled_if_new()
        if extra:
            folder = tmp_path / "many"
            folder.mkdir()
            for n in range(extra):
                text = f"# Note {n:03}\n\nText {n}.\n"
                (folder / f"note-{n:03}.md").write_text(text, encoding="utf-8")
            service.import_paths([folder])
    finally:
        service.close()


def _record_frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str, int]]:
    """Every frame the app renders: (batch depth, update kind, library rows then)."""
    frames: list[tuple[int, str, int]] = []
    display = App._display

    def record(app: App[Any], screen: Any, renderable: Any) -> None:
        if renderable is not None:
            tables = screen.query(LibraryTable)
            rows = tables.first().row_count if tables else -1
            frames.append((app._batch_count, type(renderable).__name__, rows))
        display(app, screen, renderable)

    monkeypatch.setattr(App, "_display", record)
    return frames


@SQLITE_FAST_PATH
async def test_the_first_frame_is_rendered_once_whole_with_the_rows(
    locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(locations, tmp_path)
    frames = _record_frames(monkeypatch)
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert frames, "nothing was rendered"
    assert [batch for batch, _kind, _rows in frames] == [0] * len(frames)  # none dropped
    assert frames[0][1:] == ("LayoutUpdate", 5)  # the whole screen, with the library


@SQLITE_FAST_PATH
async def test_the_rest_of_a_long_library_follows_the_first_frame(
    locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(locations, tmp_path, extra=600)
    frames = _record_frames(monkeypatch)
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LibraryTable)
        assert table.row_count == 605
        assert [str(key.value) for key in table.rows] == [m.id for m in app.materials or []]
    first_rows = frames[0][2]
    assert 0 < first_rows < 605  # a screenful first, the rest after that frame
    row_counts = [rows for _batch, _kind, rows in frames]
    assert len(set(row_counts)) <= 4  # in a few batches: each repaints the visible rows


@SQLITE_FAST_PATH
def test_the_launcher_collects_no_garbage_until_the_first_frame(
    locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(locations, tmp_path)
    seen: dict[str, bool] = {}

    def run_app(app: App[Any], _guard: object) -> None:
        seen["at start"] = gc.isenabled()
        app.start_service()  # type: ignore[attr-defined]  # what the first frame calls
        seen["after the first frame"] = gc.isenabled()

    monkeypatch.setattr("studyapp.ui.app.StudyApp.load_library", lambda self: None)
    monkeypatch.setattr("studyapp.ui.shutdown.run_app", run_app)
    request = parse_tui(["--data-dir", str(locations.data_dir), "--lang", "en"])
    assert request is not None
    try:
        _run_tui(request, locations)
    finally:
        gc.enable()
    assert seen == {"at start": False, "after the first frame": True}
