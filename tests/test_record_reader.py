"""The streamed reader of JSON records: the same rows as ``json.load``, a buffer at a time."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from studyapp.core.export import record_reader
from studyapp.core.export.record import build_record
from studyapp.core.export.record_reader import NewerRecord, NotARecord, RecordError, read_record

AT = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)


def _record() -> dict[str, object]:
    tables = {
        "material": [{"id": "m1", "title": '读书 "引号" \\ 反斜杠', "tags": ["a", "b"]}],
        "reading_session": [
            {"id": n, "active_seconds": 12.5 * n, "local_day": dt.date(2026, 3, n % 28 + 1)}
            for n in range(1, 200)
        ],
        "review_log": [{"id": 1, "payload": {"nested": [1, 2.5, None, True]}, "rating": 3}],
    }
    return build_record(
        tables, exported_at=AT, schema_revision="0009", app_version="x", timezone="UTC"
    )


def _read_all(text: str) -> tuple[dict[str, object], dict[str, list[object]]]:
    header, tables = read_record(io.StringIO(text))
    return header, {name: list(rows) for name, rows in tables}


@pytest.mark.parametrize("indent", [None, 1, 4])
@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_streamed_rows_equal_json_load(
    monkeypatch: pytest.MonkeyPatch, indent: int | None, chunk: int
) -> None:
    monkeypatch.setattr(record_reader, "CHUNK", chunk)
    record = _record()
    text = json.dumps(record, ensure_ascii=False, indent=indent)
    header, tables = _read_all(text)
    expected = json.loads(text)
    assert tables == {k: v for k, v in expected["tables"].items()}
    assert header == {k: v for k, v in expected.items() if k != "tables"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", NotARecord),
        ("[1, 2]", NotARecord),
        ('{"format": "other", "version": 1, "tables": {}}', NotARecord),
        ('{"format": "studyapp-record", "version": 99, "tables": {}}', NewerRecord),
        ('{"format": "studyapp-record", "version": 1}', NotARecord),
    ],
)
def test_what_is_not_a_record_is_refused_before_any_row(
    text: str, reason: type[RecordError]
) -> None:
    with pytest.raises(reason):
        read_record(io.StringIO(text))


def test_a_cut_record_fails_while_reading_its_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_reader, "CHUNK", 64)
    text = json.dumps(_record(), indent=1)
    with pytest.raises(RecordError, match=r"broken JSON|expected"):
        _read_all(text[: len(text) // 2])
    with pytest.raises(RecordError, match="unknown table"):
        _read_all(text.replace('"reading_session"', '"secret_table"'))
