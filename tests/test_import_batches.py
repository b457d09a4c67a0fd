"""Folder imports written in batches: one transaction for many files, each file on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.db import material_rows, search_index
from studyapp.db.material_rows import TextRows
from studyapp.services import imports


def _write_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"note-{index:03d}.md"
        body = "\n\n".join(f"Paragraph {p} of note {index}, word{index}x{p}." for p in range(4))
        path.write_text(f"# Note {index}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_many_files_go_in_batches_and_stay_searchable(service, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "BATCH_FILES", 60)  # 240 paragraphs: indexed in bulk
    monkeypatch.setattr(imports, "BATCH_SECONDS", 60.0)  # batches by count alone here
    bulk: list[tuple[int, int]] = []
    real_index = material_rows.index_paragraphs

    def index(connection, first: int, last: int) -> None:  # type: ignore[no-untyped-def]
        bulk.append((first, last))
        real_index(connection, first, last)

    monkeypatch.setattr(material_rows, "index_paragraphs", index)
    paths = _write_files(tmp_path / "notes", 130)
    seen: list[tuple[int, int, str]] = []
    report = service.import_paths(
        [tmp_path / "notes"], progress=lambda done, total, p: seen.append((done, total, p.name))
    )
    assert [o.status for o in report.outcomes] == ["imported"] * 130
    assert seen == [(i + 1, 130, p.name) for i, p in enumerate(paths)]
    assert len(service.library()) == 130
    if service.engine.dialect.name == "sqlite":
        assert bulk == [(1, 240), (241, 480)]  # the last 10 files: trigger by trigger
    hits = service.search("word77x2").hits
    assert [h.material_id for h in hits] == ["note-077"]
    with service.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert search_index.present(connection)  # the insert trigger is back
            assert search_index.in_sync(connection) == []
    log = service.materials.import_log(limit=200)
    assert len(log) == 130 and {r.status for r in log} == {"imported"}
    assert {r.material_id for r in log} == {m.id for m in service.library()}


def test_a_file_that_cannot_be_written_is_refused_alone(service, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _write_files(tmp_path / "notes", 12)
    real_add = TextRows.add

    def add(self, material_id, draft, ids):  # type: ignore[no-untyped-def]
        if material_id == "note-005":
            raise ValueError("cannot store this one")
        real_add(self, material_id, draft, ids)

    monkeypatch.setattr(TextRows, "add", add)
    report = service.import_paths([tmp_path / "notes"])
    statuses = {Path(o.path).name: o.status for o in report.outcomes}
    assert statuses.pop("note-005.md") == "refused"
    assert set(statuses.values()) == {"imported"} and len(statuses) == 11
    refused = report.refused[0]
    assert refused.code == "error" and "ValueError" in (refused.reason or "")
    assert sorted(m.id for m in service.library()) == [
        f"note-{i:03d}" for i in range(12) if i != 5
    ]
    assert "note-005" not in {r.material_id for r in service.materials.import_log()}


def test_the_same_file_twice_in_one_command_is_stored_once(service, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (path,) = _write_files(tmp_path / "notes", 1)
    report = service.import_paths([path, path])
    assert [(o.status, o.material_id) for o in report.outcomes] == [
        ("imported", "note-000"),
        ("unchanged", "note-000"),
    ]
    assert [m.id for m in service.library()] == ["note-000"]


@pytest.mark.parametrize("changed", [False, True])
def test_a_second_import_updates_in_a_batch(service, tmp_path, changed: bool) -> None:  # type: ignore[no-untyped-def]
    paths = _write_files(tmp_path / "notes", 5)
    service.import_paths([tmp_path / "notes"])
    if changed:
        paths[2].write_text("# Note 2\n\nA new text for the second note, wholly rewritten.\n")
    report = service.import_paths([tmp_path / "notes"])
    expected = ["unchanged"] * 5
    if changed:
        expected[2] = "imported"
    assert [o.status for o in report.outcomes] == expected
    assert len(service.library()) == 5
    assert bool(service.search("wholly rewritten").hits) is changed
    assert bool(service.search("word2x3").hits) is not changed
