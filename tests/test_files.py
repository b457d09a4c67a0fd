"""Atomic writes: the target is whole or untouched, and no temporary file is left behind."""

from pathlib import Path

import pytest

from studyapp.services.files import atomic_write, atomic_write_text


def test_writes_text_with_bom_when_asked(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "out" / "记录.csv", "学习,时间\n", encoding="utf-8-sig")
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert target.read_text(encoding="utf-8-sig") == "学习,时间\n"


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("{}", encoding="utf-8")
    atomic_write_text(target, '{"新": 1}')
    assert target.read_text(encoding="utf-8") == '{"新": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
