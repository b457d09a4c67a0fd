"""The library table's columns: on a narrow terminal the title keeps at least half the width
(short labels, a bare ★ for required materials); a wide one keeps the full labels."""

from __future__ import annotations

import pytest

from studyapp.locations import Locations
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
