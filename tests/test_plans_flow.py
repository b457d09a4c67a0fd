"""Plans end to end: plan commands, today, stats, and a learner's whole day in the TUI."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable

from studyapp.locations import Locations
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.screens.today import TodayScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.cli_helpers import run_cli
from tests.conftest import FIXED_NOW
from tests.ui_helpers import ManualClock, build_app, settle

MATERIAL = "study-campaign-guide"


def _json(locations: Locations, *args: str) -> object:
    result = run_cli(locations, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plan_add_spreads_every_section_over_the_days(locations: Locations) -> None:
    plan = _json(
        locations, "plan", "add", MATERIAL, "--start", "2026-03-02", "--finish-by", "2026-03-08"
    )
    assert isinstance(plan, dict)
    days = plan["schedule"]
    assert [d["date"] for d in days] == [f"2026-03-0{n}" for n in range(2, 9)]
    units = [u for d in days for u in d["units"]]
    assert len({(u["material"], u["section"], *u["paragraphs"]) for u in units}) == len(units)
    minutes = [d["minutes"] for d in days]
    assert max(minutes) - min(minutes) <= max(u["minutes"] for u in units) + 0.1
    listed = _json(locations, "plan", "list")
    assert isinstance(listed, list) and listed[0]["units_total"] == len(units)


def test_plan_by_pace_and_from_the_sample_file(locations: Locations, bundled: Path) -> None:
    paced = _json(
        locations,
        "plan",
        "add",
        "deliberate-reading",
        "--minutes-per-day",
        "20",
        "--start",
        "2026-03-02",
        "--name",
        "English",
    )
    assert isinstance(paced, dict) and paced["name"] == "English"
    assert all(d["minutes"] <= 20 * 1.5 for d in paced["schedule"])
    sample = _json(locations, "plan", "add", "--file", str(bundled / "sample-plan.toml"))
    assert isinstance(sample, dict) and sample["name"] == "秋季读书计划"
    assert {u["material"] for d in sample["schedule"] for u in d["units"]} >= {MATERIAL}


def test_plan_errors_are_one_line(locations: Locations) -> None:
    both = run_cli(
        locations, "plan", "add", MATERIAL, "--finish-by", "2026-03-08", "--minutes-per-day", "5"
    )
    assert both.returncode == 1 and "either" in both.stderr and "Traceback" not in both.stderr
    missing = run_cli(locations, "plan", "add", "no-such-book", "--finish-by", "2026-03-08")
    assert missing.returncode == 1 and "no-such-book" in missing.stderr
    bad_date = run_cli(locations, "plan", "add", MATERIAL, "--finish-by", "next week")
    assert bad_date.returncode == 2 and "2026-12-31" in bad_date.stderr


def test_overdue_days_wait_for_an_explicit_reschedule(locations: Locations) -> None:
    _json(locations, "plan", "add", MATERIAL, "--start", "2026-01-05", "--finish-by", "2026-01-10")
    shown = _json(locations, "plan", "show")
    assert isinstance(shown, dict) and shown["overdue_days"] == 6
    today = _json(locations, "today")
    assert isinstance(today, dict) and {i["status"] for i in today["items"]} == {"overdue"}
    moved = _json(locations, "plan", "reschedule", "--finish-by", "2099-01-10")
    assert isinstance(moved, dict) and moved["overdue_days"] == 0
    assert moved["units_total"] == shown["units_total"]


async def test_a_learners_day_plan_read_quit_resume_finish_stats(locations: Locations) -> None:
    added = _json(
        locations, "plan", "add", MATERIAL, "--start", "2026-03-02", "--finish-by", "2026-03-12"
    )
    assert isinstance(added, dict)
    first_unit = added["schedule"][0]["units"][0]
    clock = ManualClock(FIXED_NOW)
    app = build_app(locations, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        table = app.screen.query_one(DataTable)
        # the first row is always the reviews due, then the day's units
        assert table.row_count == 1 + len(added["schedule"][0]["units"])
        assert table.get_cell_at((0, 1)).plain == "No reviews due"
        assert table.get_cell_at((1, 1)).plain.startswith(first_unit["title"])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        for _ in range(6):
            clock.advance(20)
            await pilot.press("j")
        left_at = app.screen.query_one(ReaderView).top
        await pilot.press("ctrl+q")
    again = build_app(locations, clock=clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = again.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.query_one(ReaderView).top == left_at
        clock.advance(30)
        await pilot.press("g")  # m acts on the section being read: back to its heading
        await pilot.press("m")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(again.screen, TodayScreen)
        assert again.screen.query_one(DataTable).get_cell_at((1, 0)).plain == "✓"
    stats = _json(locations, "stats")
    assert isinstance(stats, dict)
    assert stats["minutes_by_day"]["2026-03-02"] >= 2.5
    # the marked section, plus any short section the two minutes of reading covered
    assert stats["sections_finished"] >= 1
    assert first_unit["section"] in {f["section"] for f in stats["finished"]}
