"""The service facade: first-run import, library order, sections, doctor."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from studyapp.core.text import count_chars
from studyapp.services import StudyService, source_path


def test_first_run_imports_the_bundled_materials_once(service: StudyService, bundled: Path) -> None:
    report = service.import_bundled_if_new()
    assert report is not None
    expected = sorted(p.name for p in bundled.iterdir() if p.suffix in (".md", ".txt"))
    assert sorted(Path(o.path).name for o in report.by_status("imported")) == expected
    assert len(service.library()) >= 4
    assert service.import_bundled_if_new() is None


def test_bundled_materials_are_big_enough_and_in_both_languages(
    service: StudyService,
) -> None:
    service.import_bundled_if_new()
    materials = service.library()
    assert sum(m.chars for m in materials) >= 20_000
    languages = {m.language for m in materials}
    assert {"zh", "en"} <= languages
    assert sum(1 for m in materials if m.language == "zh") >= 2


def test_library_lists_required_materials_first(service: StudyService) -> None:
    service.import_bundled_if_new()
    flags = [m.required for m in service.library()]
    assert flags == sorted(flags, reverse=True)
    assert flags[0] is True


def test_removed_materials_do_not_come_back(service: StudyService) -> None:
    service.import_bundled_if_new()
    for material in service.library():
        assert service.materials.remove(material.id)
    assert service.import_bundled_if_new() is None
    assert service.library() == []


def test_sections_hold_paragraphs_and_sentences_that_match(service: StudyService) -> None:
    service.import_bundled_if_new()
    material = service.material("study-campaign-guide")
    assert material is not None and material.section_count == len(material.sections)
    total = 0
    for summary in material.sections:
        section = service.section(material.id, summary.anchor)
        assert section is not None
        assert section.chars == sum(count_chars(p.text) for p in section.paragraphs)
        total += section.chars
        for paragraph in section.paragraphs:
            for sentence in paragraph.sentences:
                assert paragraph.text[sentence.start : sentence.end] == sentence.text
    assert total == material.chars


def test_material_keeps_its_id_when_the_file_changes(service: StudyService, tmp_path: Path) -> None:
    file = tmp_path / "读书笔记.md"
    file.write_text("# 第一章\n\n读书要有计划。\n", encoding="utf-8")
    first = service.import_paths([file]).by_status("imported")[0]
    file.write_text(
        "# 第一章\n\n读书要有计划，也要有总结。\n\n# 第二章\n\n新的一章。\n", encoding="utf-8"
    )
    second = service.import_paths([file]).by_status("imported")[0]
    assert first.material_id == second.material_id == "dushubiji"
    material = service.material(first.material_id)
    assert material is not None and [s.anchor for s in material.sections] == ["第一章", "第二章"]
    assert service.import_paths([file]).by_status("unchanged")[0].material_id == "dushubiji"


def test_two_files_with_the_same_name_get_distinct_ids(
    service: StudyService, tmp_path: Path
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notes.md").write_text(f"# {folder}\n\ntext {folder}.\n")
    report = service.import_paths([tmp_path / "a", tmp_path / "b"])
    assert [o.material_id for o in report.by_status("imported")] == ["notes", "notes-2"]


def test_source_path_of_bundled_material_points_into_the_package(bundled: Path) -> None:
    assert source_path("bundled:reading-and-notes.md") == bundled / "reading-and-notes.md"
    assert source_path("/x/y.md") == Path("/x/y.md")


def test_doctor_passes_on_a_fresh_library(service: StudyService) -> None:
    service.import_bundled_if_new()
    assert [c.name for c in service.doctor() if not c.ok] == []


@pytest.mark.sqlite_only("tampers with the file through sqlite3")
def test_doctor_finds_tampered_text_and_missing_sections(service: StudyService) -> None:
    service.import_bundled_if_new()
    database = service.database_file()
    assert database is not None
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE paragraph SET text = text || '改' WHERE id = 3")
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute(
            "DELETE FROM section WHERE material_id = 'plain-text-handout' AND position = 2"
        )
    failed = {c.name: c.problems for c in service.doctor() if not c.ok}
    assert "paragraphs" in failed and any("hash" in p for p in failed["paragraphs"])
    assert "material_totals" in failed
    assert "positions" in failed
    assert "sqlite_foreign_keys" in failed
