"""Export formatting without a database: escaping, CSV cells, Anki fields, report Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from studyapp.core.export.anki import cloze_field, deck_id, deck_name, note_for, tag
from studyapp.core.export.escape import html_text, markdown_cell, markdown_text, neutralise_cell
from studyapp.core.export.record import RECORD_TABLES, build_record
from studyapp.core.export.report import ReportData, minutes_text, percent_text, render_report
from studyapp.core.export.tables import CSV_COLUMNS, cell, csv_text
from studyapp.core.quiz.model import BLANK, Question, SourceRef
from tests.export_helpers import NASTY, questions


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", NASTY[NASTY.index("=") :]]
)
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


def test_plain_and_chinese_cells_stay_as_they_are() -> None:
    assert neutralise_cell("学习 = 思考") == "学习 = 思考"
    assert cell(-3) == "-3" and cell(2.345) == "2.35" and cell(True) == "true" and cell(None) == ""
    assert cell(["=a", "b"]) == "'=a | b"
    moment = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert cell(moment) == "2026-03-02 01:00:00"


def test_csv_text_reads_back_with_quotes_newlines_and_cjk() -> None:
    text = csv_text(("a", "b"), [{"a": 'x,"y"\n第二行', "b": "=HYPERLINK(1)"}, {"a": 1}])
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows == [{"a": 'x,"y"\n第二行', "b": "'=HYPERLINK(1)"}, {"a": "1", "b": ""}]
    assert text.startswith("a,b\r\n")
    assert set(CSV_COLUMNS) == {"reading_sessions", "quiz_answers", "reviews", "notes"}


def test_markdown_text_cannot_link_tag_or_list() -> None:
    assert markdown_text("[x](y)") == r"\[x\](y)"
    assert markdown_text("<script>&amp;") == r"\<script\>\&amp;"
    assert markdown_text("- a\n+ b\n1. c\n# d") == "\\- a\n\\+ b\n1\\. c\n\\# d"
    assert markdown_text("a\x1b[31mred\x07") == "ared"
    assert markdown_cell("a | b\nc") == r"a \| b c"


def test_html_text_escapes_tags_entities_and_braces() -> None:
    assert html_text("<script>") == "&lt;script&gt;"
    assert html_text("&amp;") == "&amp;amp;"
    assert html_text("{{c1::x}}\n下") == "&#123;&#123;c1::x&#125;&#125;<br>下"


def test_cloze_field_has_exactly_one_cloze_whatever_the_text() -> None:
    cloze = next(q for q in questions("m", "s") if q.type == "cloze")
    field = cloze_field(cloze)
    assert field.count("{{") == 1 and field.count("}}") == 1 and field.count("::") == 1
    assert field.startswith("读书班每周组织{{c1::两次}}集中学习")
    assert "&lt;script&gt;" in field and "&amp;amp;" in field
    odd = Question(
        "q", "cloze", f"a{BLANK}b", (), ("x::y}}",), SourceRef("m", "s", 0, 1, "t"), "en"
    )
    assert cloze_field(odd) == "a{{c1::x&#58;&#58;y&#125;&#125;}}b"


def test_notes_for_each_type() -> None:
    notes = {q.type: note_for(q, "指南 :: 一", "第一节") for q in questions("m", "s")}
    assert notes["cloze"].kind == "cloze" and len(notes["cloze"].fields) == 2
    single = notes["single"].fields
    assert single[1] == '<ol type="A"><li>每周</li><li>&lt;b&gt;每月&lt;/b&gt;</li></ol>'
    assert single[2] == "A. 每周"
    assert notes["multiple"].fields[2] == "A. [提问](x)<br>B. &amp;amp;"
    assert notes["true_false"].fields[2] == "错"
    assert notes["order"].fields[2] == "<ol><li>第一</li><li>第二</li></ol>"
    assert notes["number"].fields[1:3] == ("", "90")
    assert notes["single"].deck == "studyapp::指南 : 一"
    assert notes["single"].tags == ("m", "single")
    assert "<small>指南 :: 一 · 第一节</small>" in notes["single"].fields[3]


def test_deck_ids_and_tags_are_stable_and_valid() -> None:
    assert deck_id("guide") == deck_id("guide") != deck_id("other")
    assert 1 << 30 <= deck_id("guide") < 1 << 31
    assert tag('a b"c') == "a_b_c"
    assert deck_name("  ", "guide") == "studyapp::guide"


def test_minutes_round_half_up_with_one_decimal() -> None:
    assert [minutes_text(m) for m in (12.25, 12.24, 0.05, 7, 1050 / 60)] == [
        "12.3", "12.2", "0.1", "7.0", "17.5",
    ]  # fmt: skip
    assert percent_text(1, 3) == "33%" and percent_text(1, 8) == "13%" and percent_text(0, 0) == "–"


def test_empty_report_says_so() -> None:
    day = dt.date(2026, 3, 2)
    text = render_report(ReportData(day, day, day, {}, 30))
    assert "Nothing was recorded in this period." in text and "## Summary" not in text


def test_report_labels_come_from_the_translator_passed_not_the_process_language() -> None:
    from studyapp.i18n import _, ngettext, set_language

    day = dt.date(2026, 3, 2)
    data = ReportData(day, day, day, {day: 12.0}, 30)
    set_language("zh_CN")
    try:
        untranslated = render_report(data)
        translated = render_report(data, _, ngettext)
    finally:
        set_language("en")
    assert untranslated.startswith("# Study record\n") and "Longest streak: 0 days" in untranslated
    assert translated.startswith("# 学习记录\n") and "Study record" not in translated


def test_record_document_shape() -> None:
    moment = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    record = build_record(
        {"note": [{"text": "学", "updated_at": moment, "day": moment.date()}]},
        exported_at=moment,
        schema_revision="0005",
        app_version="1",
        timezone="UTC",
    )
    assert record["format"] == "studyapp-record" and record["version"] == 1
    assert list(record["tables"]) == list(RECORD_TABLES)
    assert record["tables"]["note"] == [
        {"text": "学", "updated_at": "2026-03-02T00:00:00+00:00", "day": "2026-03-02"}
    ]
    assert record["counts"]["note"] == 1 and record["counts"]["plan"] == 0


def test_the_streamed_record_is_byte_for_byte_the_dumped_one() -> None:
    import datetime as dt
    import json

    from studyapp.core.export.record import (
        RECORD_TABLES,
        build_record,
        record_header,
        stream_record,
    )

    moment = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
    tables = {
        "material": [{"id": "a", "title": '学习\n"计划"', "tags": ["x"]}, {"id": "b", "tags": []}],
        "note": [{"id": 1, "day": dt.date(2026, 3, 1), "at": moment, "text": None}],
    }
    fields = {
        "exported_at": moment,
        "schema_revision": "0007",
        "app_version": "1.0",
        "timezone": "Asia/Shanghai",
    }
    expected = json.dumps(build_record(tables, **fields), ensure_ascii=False, indent=1) + "\n"
    pieces: list[str] = []
    counts = {name: len(tables.get(name, [])) for name in RECORD_TABLES}
    header = record_header(counts, **fields)  # type: ignore[arg-type]
    stream_record(pieces.append, header, ((n, tables.get(n, [])) for n in RECORD_TABLES))
    assert "".join(pieces) == expected
