"""The library table's columns: on a narrow terminal the title keeps at least half the width
(short labels, a bare ★ for required materials); a wide one keeps the full labels."""

from __future__ import annotations

import pytest

from studyapp.locations import Locations
from studyapp.ui.widgets.fast_cells import plain_cell_lines
from studyapp.ui.widgets.library_table import LibraryTable
from tests.ui_helpers import build_app, screen_text, settle

FULL = ["Title", "Language", "Sections", "Characters", "Required"]
SHORT = ["Title", "Lang.", "Sect.", "Chars", "★"]


@pytest.mark.parametrize(
    ("size", "labels"),
    [((60, 20), SHORT), ((80, 24), SHORT), ((100, 30), FULL), ((120, 40), FULL)],
)
async def test_the_title_keeps_half_the_width(
    locations: Locations, size: tuple[int, int], labels: list[str]
) -> None:
    app = build_app(locations)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LibraryTable)
        columns = list(table.columns.values())
        assert [str(column.label) for column in columns] == labels
        assert columns[0].width >= (size[0] - 2) // 2
        text = screen_text(pilot)
        assert "Deliberate Reading for Adult" in text  # 28 cells of a title, uncut
        required_rows = [line for line in text.splitlines() if "学习活动组织指南" in line]
        assert required_rows and required_rows[0].rstrip().endswith(
            "★" if labels is SHORT else "★ required"
        )


async def test_very_narrow_drops_columns_before_the_title(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot)
        columns = list(app.screen.query_one(LibraryTable).columns.values())
        assert [str(column.label) for column in columns] == ["Title", "Sect.", "Chars"]
        assert columns[0].width >= 19


@pytest.mark.parametrize("size", [(60, 20), (120, 40)])
async def test_fast_cells_equal_textuals_rendering(
    locations: Locations, size: tuple[int, int]
) -> None:
    """Every body cell, with and without cursor and hover: the fast path's segments, once
    merged as the table merges a row, are Textual's own."""
    from rich.style import Style
    from textual.strip import Strip
    from textual.widgets import DataTable

    app = build_app(locations)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(LibraryTable)
        base = Style.parse("on #101010")
        compared = 0
        for row in range(table.row_count):
            for column, spec in enumerate(table.ordered_columns):
                width = spec.get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    fast = table._render_cell(row, column, base, width, cursor, hover)
                    table._cell_render_cache.clear()
                    slow = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                    cell = table._get_row_renderables(row).cells[column]
                    assert plain_cell_lines(cell, width, 1, base, None) is not None  # no fallback
                    assert len(fast) == len(slow) == 1
                    assert list(Strip(fast[0]).simplify()) == list(Strip(slow[0]).simplify())
                    compared += 1
        assert compared == table.row_count * len(table.ordered_columns) * 3
