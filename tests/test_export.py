"""Exports from a generated history: report minutes equal stats, CSV and JSON read back, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from studyapp.cli.main import main
from studyapp.core.export.record import RECORD_TABLES
from studyapp.core.export.report import minutes_text
from studyapp.core.export.tables import CSV_COLUMNS
from studyapp.i18n import _, set_language
from studyapp.locations import Locations
from studyapp.services.stats import stats_view
from tests.conftest import FIXED_NOW
from tests.db_rows import rows
from tests.export_helpers import NASTY, build_history, open_service
from tests.ui_helpers import ManualClock, build_app, notifications, run_palette_command, settle

DAY_ROW = re.compile(r"^\| (\d{4}-\d\d-\d\d) \| ([\d.]+) \|$", re.MULTILINE)


@pytest.fixture
def history(locations: Locations, tmp_path: Path) -> ManualClock:
    """A week of study in Shanghai time (see ``tests.export_helpers``)."""
    return build_history(locations, tmp_path / "src")


def _cli(locations: Locations, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--data-dir", str(locations.data_dir), *args])


def _sqlite_count(locations: Locations, table: str) -> int:
    return rows(locations, f"SELECT count(*) FROM {table}")[0][0]  # SQLite or PostgreSQL


def test_report_minutes_per_day_equal_the_stats(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    service = open_service(locations, history)
    stats = stats_view(service)
    result = service.export_report(tmp_path / "report.md")
    service.close()
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    reported = dict(DAY_ROW.findall(text))
    expected = {d.isoformat(): minutes_text(m) for d, m in stats.minutes_by_day.items() if m > 0}
    assert reported == expected
    assert reported == {"2026-03-02": "15.0", "2026-03-03": "30.0", "2026-03-05": "17.5"}
    assert result.minutes_by_day == {d: m for d, m in stats.minutes_by_day.items() if m > 0}
    assert (result.first, result.last) == (dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    assert f"Reading time: {minutes_text(stats.total_minutes)} min" in text
    assert "Days studied: 3 of 7" in text and "Sections finished: 2" in text
    assert "| 读书方法 \\<script\\> | 6 | 3 | 50% |" in text
    assert "| 读书方法 \\<script\\> | 2026-03-02 | 2026-03-05 | 57.0 | 3 |" in text


def test_report_escapes_learner_text_and_keeps_notes_in_order(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    service = open_service(locations, history)
    service.export_report(tmp_path / "r.md", dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    service.close()
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)[<\[\]]", text)  # every < [ ] escaped: no HTML, no links
    assert "\n- 不是列表" not in text
    assert "\\<script\\>alert" in text and "\\[点我\\]" in text and "\\&amp;" in text
    assert text.index("先读后想") < text.index("\\=1+1 @cmd")  # oldest change first
    assert re.findall(r"^\| (2026-03-0\d) \|", text, re.MULTILINE) == ["2026-03-05"] * 3
    assert "Period: 2026-03-05 to 2026-03-05" in text


def test_a_period_without_records_gives_a_report_that_says_so(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    service = open_service(locations, history)
    result = service.export_report(tmp_path / "r.md", dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    service.close()
    assert result.empty
    assert "Nothing was recorded in this period." in (tmp_path / "r.md").read_text("utf-8")


def test_csv_files_read_back_with_the_bom_and_neutralised_formulas(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    service = open_service(locations, history)
    total = stats_view(service).total_minutes
    files = {f.table: f for f in service.export_csv(tmp_path / "csv")}
    service.close()
    assert set(files) == set(CSV_COLUMNS)
    rows = {}
    for table, written in files.items():
        assert written.path.read_bytes().startswith(b"\xef\xbb\xbf")
        with written.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == list(CSV_COLUMNS[table])
            rows[table] = list(reader)
        assert len(rows[table]) == written.rows
    assert len(rows["reading_sessions"]) == _sqlite_count(locations, "reading_session") == 4
    assert len(rows["quiz_answers"]) == _sqlite_count(locations, "quiz_answer") == 6
    assert len(rows["reviews"]) == _sqlite_count(locations, "review_log") > 0
    minutes = sum(float(r["active_minutes"]) for r in rows["reading_sessions"])
    assert minutes == pytest.approx(total, abs=0.01)
    assert {r["local_day"] for r in rows["reading_sessions"]} == {
        "2026-03-02", "2026-03-03", "2026-03-05",
    }  # fmt: skip
    notes = {r["material_id"]: r for r in rows["notes"]}
    assert notes["notes-en"]["text"] == "'=1+1 @cmd -x +y"
    assert (
        NASTY in notes["guide"]["text"] and notes["guide"]["material_title"] == "读书方法 <script>"
    )
    single = next(r for r in rows["quiz_answers"] if r["type"] == "single")
    assert single["prompt"].startswith("'=HYPERLINK(")
    assert single["options"] == "每周 | <b>每月</b>" and single["correct"] in ("true", "false")
    assert all(
        not cell.startswith(("=", "+", "-", "@")) for r in rows["notes"] for cell in r.values()
    )


def test_json_record_holds_every_row_of_every_table(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    service = open_service(locations, history)
    result = service.export_json(tmp_path / "record.json")
    service.close()
    raw = (tmp_path / "record.json").read_text(encoding="utf-8")
    record = json.loads(raw)
    assert "读书方法" in raw  # Chinese unescaped
    assert record["format"] == "studyapp-record" and record["version"] == 1
    assert record["timezone"] == "Asia/Shanghai" and record["schema_revision"]
    assert list(record["tables"]) == list(RECORD_TABLES)
    for table in RECORD_TABLES:
        assert len(record["tables"][table]) == _sqlite_count(locations, table), table
        assert record["counts"][table] == result.counts[table]
    assert all(record["counts"][t] for t in RECORD_TABLES), record["counts"]
    material = record["tables"]["material"][0]
    assert {"id", "title", "source", "file_hash"} <= set(material)
    session = record["tables"]["reading_session"][0]
    assert session["started_at"].endswith("+00:00") and session["local_day"] == "2026-03-02"


# -- command line -------------------------------------------------------------------


def test_cli_exports_print_json_summaries(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    anki = _cli(
        locations,
        "export",
        "anki",
        str(out / "a.apkg"),
        "--material",
        "guide",
        "--parents",
        "--json",
    )  # out does not exist yet: --parents creates it
    assert anki.exit_code == 0, anki.output
    assert json.loads(anki.output) == {
        "path": str(out / "a.apkg"), "notes": 6, "cloze": 1, "basic": 5, "materials": ["guide"],
    }  # fmt: skip
    table = json.loads(_cli(locations, "export", "csv", str(out), "--json").output)
    assert [f["table"] for f in table["files"]] == list(CSV_COLUMNS)
    record = json.loads(_cli(locations, "export", "json", str(out / "r.json"), "--json").output)
    assert set(record["counts"]) == set(RECORD_TABLES)
    report = _cli(
        locations, "export", "report", str(out / "r.md"), "--from", "2026-03-01",
        "--to", "2026-03-07", "--json",
    )  # fmt: skip
    summary = json.loads(report.output)
    assert summary["minutes_by_day"] == {"2026-03-02": 15.0, "2026-03-03": 30.0, "2026-03-05": 17.5}
    assert (summary["from"], summary["to"], summary["days_studied"]) == (
        "2026-03-01", "2026-03-07", 3,
    )  # fmt: skip
    assert summary["total_minutes"] == 62.5 and summary["empty"] is False
    plain = _cli(locations, "export", "report", str(out / "r.md"))
    assert plain.exit_code == 0 and str(out / "r.md") in plain.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "r.md", "--from", "2026-13-01"], "--from needs a date"),
        (["report", "r.md", "--from", "2026-03-05", "--to", "2026-03-01"], "is after --to"),
        (["anki", "a.apkg", "--material", "nope"], "no material with id 'nope'"),
    ],
)
def test_cli_refuses_bad_requests_with_exit_2(
    locations: Locations, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith((".md", ".apkg")) else a for a in args]
    result = _cli(locations, "export", *args)
    assert result.exit_code == 2 and message in result.output
    assert not list(tmp_path.glob("*.md")) and not list(tmp_path.glob("*.apkg"))


def test_cli_exits_1_when_the_file_cannot_be_written(locations: Locations, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    result = _cli(locations, "export", "report", str(tmp_path / "file" / "r.md"))
    assert result.exit_code == 1 and "could not write" in result.output
    assert "Traceback" not in result.output


def test_report_in_chinese_keeps_titles_dates_and_numbers(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    result = _cli(locations, "--lang", "zh", "export", "report", str(tmp_path / "zh.md"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "zh.md").read_text(encoding="utf-8")
    assert text.startswith("# ") and "读书方法 \\<script\\>" in text
    assert dict(DAY_ROW.findall(text)) == {
        "2026-03-02": "15.0", "2026-03-03": "30.0", "2026-03-05": "17.5",
    }  # fmt: skip


def _chinese_catalog_has(message: str) -> bool:
    set_language("zh")
    try:
        return _(message) != message
    finally:
        set_language("en")


@pytest.mark.skipif(
    not _chinese_catalog_has("Study record"),
    reason="zh translations of the export strings not merged yet (notes/zh-export.tsv)",
)
def test_report_headings_in_chinese(
    locations: Locations, history: ManualClock, tmp_path: Path
) -> None:
    _cli(locations, "--lang", "zh", "export", "report", str(tmp_path / "zh.md"))
    text = (tmp_path / "zh.md").read_text(encoding="utf-8")
    assert text.startswith("# 学习记录\n")
    assert "Reading time" not in text and "Minutes" not in text


async def test_the_palette_exports_the_study_record_and_the_deck(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for command in ("Export study record", "Export Anki deck"):
            await run_palette_command(pilot, command)
        notes = notifications(app)
    day = FIXED_NOW.astimezone().date().isoformat()
    report = locations.export_dir / f"study-record-{day}.md"
    deck = locations.export_dir / f"studyapp-{day}.apkg"
    assert report.read_text(encoding="utf-8").startswith("# Study record")
    assert deck.is_file()
    assert f"Written to {report}" in notes and f"Written to {deck}" in notes
