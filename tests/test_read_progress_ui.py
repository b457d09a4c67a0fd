"""Pilot tests for issue 12 items 1-2: scrolling reads nothing; m acts on the section read."""

from __future__ import annotations

import json
from pathlib import Path

from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.ui.screens.confirm import ConfirmScreen
from studyapp.ui.screens.reader import ReaderScreen
from studyapp.ui.widgets.reader_view import ReaderView
from tests.cli_helpers import run_cli
from tests.conftest import FIXED_NOW, fixed_clock
from tests.db_rows import rows as _rows
from tests.ui_helpers import ManualClock, build_app, notifications, settle

MATERIAL = "study-campaign-guide"


async def _reader(pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _nine_short_sections(tmp_path: Path, locations: Locations) -> str:
    text = "# 九节\n\n" + "\n\n".join(f"## 第{n}节\n\n短短的第{n}段。" for n in range(1, 10))
    path = tmp_path / "nine.md"
    path.write_text(text, encoding="utf-8")
    service = StudyService.open(locations, fixed_clock)
    report = service.import_paths([path])
    service.close()
    material = report.by_status("imported")[0].material_id
    assert material is not None
    return material


async def test_scrolling_to_the_end_finishes_nothing(locations: Locations) -> None:
    added = run_cli(
        locations,
        "plan",
        "add",
        MATERIAL,
        "--start",
        "2026-03-02",
        "--json",
        "--finish-by",
        "2026-03-04",
    )
    assert added.returncode == 0, added.stderr
    clock = ManualClock(FIXED_NOW)
    app = build_app(locations, clock=clock)
    app_args = {"size": (100, 30)}
    app.open_at = (MATERIAL, None)
    async with app.run_test(**app_args) as pilot:
        await _reader(pilot)
        await pilot.press("G")
        clock.advance(3)
        await pilot.press("ctrl+q")
    shown = json.loads(run_cli(locations, "plan", "show", "--json").stdout)
    units = [u for day in shown["schedule"] for u in day["units"]]
    assert not any(u["done"] for u in units)
    assert shown["units_done"] == 0
    stats = json.loads(run_cli(locations, "stats", "--json").stdout)
    assert stats["sections_finished"] == 0
    assert _rows(locations, "SELECT max(read_paragraph) FROM section_progress") == [(-1,)]


async def test_time_on_a_section_with_its_end_reached_reads_it(locations: Locations) -> None:
    clock = ManualClock(FIXED_NOW)
    app = build_app(locations, clock=clock)
    app.open_at = (MATERIAL, None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _reader(pilot)
        anchor = screen.sections[screen.current_section()].anchor
        for _ in range(20):  # twenty key presses, ten seconds apart, on the first page
            clock.advance(10)
            await pilot.press("k")
        screen.flush()
        read = _rows(locations, "SELECT section FROM section_progress WHERE read_at IS NOT NULL")
        assert (anchor,) in read
        assert "read" in str(screen.query_one("#reader-status").render())


async def test_m_after_paging_marks_the_section_being_read(locations: Locations) -> None:
    app = build_app(locations)
    app.open_at = (MATERIAL, None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reader(pilot)
        await pilot.press("space", "space", "space")
        await pilot.pause()
        view = screen.query_one(ReaderView)
        section = screen.sections[screen.blocks[view.reading_block].section]
        await pilot.press("m")
        await pilot.pause()
        assert _rows(
            locations, "SELECT section FROM section_progress WHERE done_at IS NOT NULL"
        ) == [(section.anchor,)]
        assert any(section.title in text for text in notifications(app))


async def test_the_last_of_nine_short_sections_is_reachable_and_markable(
    tmp_path: Path, locations: Locations
) -> None:
    material = _nine_short_sections(tmp_path, locations)
    app = build_app(locations)
    app.open_at = (material, None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reader(pilot)
        assert len(screen.sections) == 10  # the title's section and nine
        for _ in range(12):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current_section() == 9
        view = screen.query_one(ReaderView)
        assert screen.blocks[view.top[0]].section == 9  # its heading is at the top
        await pilot.press("m")
        await pilot.pause()
        last = screen.sections[9].anchor
        assert _rows(
            locations, "SELECT section FROM section_progress WHERE done_at IS NOT NULL"
        ) == [(last,)]
        await pilot.press("m")  # un-marking asks, with the title
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "第9节" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert _rows(
            locations, "SELECT count(*) FROM section_progress WHERE done_at IS NOT NULL"
        ) == [(1,)]
    again = build_app(locations)
    again.open_at = (material, "10")
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await _reader(pilot)
        assert screen.current_section() == 9


def test_read_refuses_an_unknown_material_or_section(tmp_path: Path, locations: Locations) -> None:
    material = _nine_short_sections(tmp_path, locations)
    unknown = run_cli(locations, "read", "no-such-id")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().count("\n") == 0 and "no-such-id" in unknown.stderr
    section = run_cli(locations, "read", material, "--section", "99")
    assert section.returncode == 2
    assert section.stderr.strip().count("\n") == 0 and "99" in section.stderr


def test_bad_counts_and_unknown_cram_material_are_refused(locations: Locations) -> None:
    for count in ("0", "-3"):
        result = run_cli(locations, "quiz", MATERIAL, "--count", count, "--json")
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().count("\n") == 0 and count in result.stderr
        assert result.stdout == ""
    cram = run_cli(locations, "review", "--cram", "unknown-id", "--plain")
    assert cram.returncode == 2
    assert cram.stderr.strip().count("\n") == 0 and "unknown-id" in cram.stderr


def test_the_configured_language_is_used_at_the_next_start(locations: Locations) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('language = "zh_CN"\n', encoding="utf-8")
    chinese = run_cli(locations, "read", "no-such-id")
    assert "没有" in chinese.stderr, chinese.stderr
    english = run_cli(locations, "--lang", "en", "read", "no-such-id")
    assert "no material" in english.stderr


def test_plain_quiz_piped_skips_unreadable_lines_and_records_nothing_for_them(
    locations: Locations,
) -> None:
    listed = json.loads(
        run_cli(locations, "quiz", MATERIAL, "--count", "3", "--seed", "9", "--json").stdout
    )
    first = listed["questions"][0]
    typo = "99" if first["options"] else ""
    result = run_cli(
        locations,
        "quiz",
        MATERIAL,
        "--plain",
        "--count",
        "3",
        "--seed",
        "9",
        stdin=f"{typo}\n\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Line 1:" in result.stdout and "Line 2:" in result.stdout
    assert "Nothing recorded" in result.stdout
    assert _rows(locations, "SELECT count(*) FROM quiz_answer") == [(0,)]
    assert _rows(locations, "SELECT count(*) FROM review_card") == [(0,)]


def test_plain_quiz_on_a_terminal_asks_again() -> None:
    import io

    from studyapp.cli.plain_quiz import run_plain_quiz
    from studyapp.core.quiz.model import Grade
    from tests.quiz_helpers import bundled_questions, of_type

    question = of_type(bundled_questions("study-campaign-guide.md"), "cloze")[0]
    lines = iter(["\n", "  \n", question.answer[0] + "\n"])
    given: list[str] = []

    def answer(q, text, seconds, hint):  # type: ignore[no-untyped-def]
        given.append(text)
        return Grade("right", q.answer, (text,)), ""

    out = io.StringIO()
    right, answered = run_plain_quiz([question], answer, lambda: next(lines, ""), out, echo=False)
    assert (right, answered) == (1, 1) and given == [question.answer[0]]
    assert out.getvalue().count("Please answer again.") == 2
