"""Duplicates: the same text from another file, whatever its encoding or format."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from studyapp.core.duplicates import display_titles, text_fingerprint
from studyapp.core.materials import Material
from studyapp.locations import Locations
from tests.cli_helpers import run_cli

TEXT = "复习的方法\n\n读完一节就合上书，试着说出要点。说不出来的地方再读一遍。\n"
FORMATS = Path(__file__).parent / "formats" / "files"


def test_fingerprint_ignores_white_space_and_composition() -> None:
    assert text_fingerprint(["a b", "c"]) == text_fingerprint(["ab\nc"])
    assert text_fingerprint(["e\u0301"]) == text_fingerprint(["\u00e9"])
    assert text_fingerprint(["学习"]) != text_fingerprint(["學習"])  # another script, another text


def test_utf8_gbk_and_copied_files_are_one_material(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b_gbk.txt").write_bytes(TEXT.encode("gbk"))
    shutil.copy(tmp_path / "a.txt", tmp_path / "c.txt")
    report = service.import_paths([tmp_path])
    assert [(Path(o.path).name, o.status, o.material_id) for o in report.outcomes] == [
        ("a.txt", "imported", "a"),
        ("b_gbk.txt", "duplicate", "a"),
        ("c.txt", "duplicate", "a"),
    ]
    assert [m.id for m in service.library()] == ["a"]


def test_reimporting_the_same_path_is_an_update(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    service.import_paths([path])
    path.write_text(TEXT + "\n再加一段新的内容。\n", encoding="utf-8")
    again = service.import_paths([path])
    assert [(o.status, o.material_id) for o in again.outcomes] == [("imported", "a")]


def test_allow_duplicate_imports_anyway(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    report = service.import_paths([tmp_path], allow_duplicate=True)
    assert [o.status for o in report.outcomes] == ["imported", "imported"]


def test_same_book_as_epub_and_docx_is_a_duplicate(service) -> None:  # type: ignore[no-untyped-def]
    report = service.import_paths([FORMATS / "bridges_en.docx", FORMATS / "bridges_en.epub"])
    assert [o.status for o in report.outcomes] == ["imported", "duplicate"]


def test_json_lists_duplicates_and_library_tells_same_titles_apart(
    tmp_path: Path, locations: Locations
) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(TEXT.replace("一遍", "两遍"), encoding="utf-8")
    done = run_cli(locations, "import", "--json", str(tmp_path))
    report = json.loads(done.stdout)
    assert done.returncode == 0
    assert report["duplicates"] == [{"path": str(tmp_path / "b.txt"), "id": "a"}]
    plain = run_cli(locations, "import", str(tmp_path / "b.txt")).stdout
    assert "duplicate of a" in plain
    library = json.loads(run_cli(locations, "library", "--json").stdout)
    ids = sorted(m["id"] for m in library)
    listing = run_cli(locations, "library").stdout
    for ident in ids:  # same title and same file name: the id tells them apart
        assert f"复习的方法 ({ident})" in listing


def material(ident: str, title: str, source: str) -> Material:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return Material(ident, title, None, (), "zh", False, None, source, "utf-8", 1, 1, now, now)


def test_display_titles_only_change_collisions() -> None:
    shown = display_titles([material("x", "T", "/a/x.md"), material("y", "T", "/b/y.md"),
                            material("z", "U", "/c/z.md")])
    assert shown == {"x": "T (x.md)", "y": "T (y.md)", "z": "U"}
