"""Import limits (issue 11 items 6, 7, 10, 11): deep nesting, odd names, caps, clean answers."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from studyapp.core.frontmatter import split_front_matter
from studyapp.core.md_nesting import MAX_LIST_DEPTH, flatten_nesting
from studyapp.core.parse_markdown import parse_markdown
from studyapp.core.planfile import MAX_PLAN_BYTES, PlanFileError, load_plan
from studyapp.core.text import strip_controls
from studyapp.services import StudyService


def _texts(body: str) -> tuple[list[str], list[str]]:
    warnings: list[str] = []
    _title, sections = parse_markdown(body, "fallback", warnings)
    return [s.title for s in sections] + [b.text for s in sections for b in s.blocks], warnings


@pytest.mark.parametrize("levels", [10, 14, 40, 300])
def test_deep_lists_keep_every_line_and_the_later_sections(levels: int) -> None:
    body = "".join("  " * i + f"- level {i}\n" for i in range(levels)) + "\n# Later\n\nlater text\n"
    texts, warnings = _texts(body)
    for i in range(levels):
        assert f"level {i}" in texts
    assert "Later" in texts and "later text" in texts
    assert len(warnings) == 1 and f"{levels} levels deep" in warnings[0]
    assert f"line {MAX_LIST_DEPTH + 1}" in warnings[0]


def test_deep_quotes_and_chained_markers_keep_their_text() -> None:
    quotes = "".join("> " * i + f"q{i}\n" for i in range(1, 30)) + "\nafter\n"
    texts, warnings = _texts(quotes)
    assert all(any(f"q{i}" in t for t in texts) for i in range(1, 30)) and "after" in texts
    assert warnings and "quotes nested 29 levels deep" in warnings[0]
    chained = "- " * 200 + "deep\n\nafter\n"
    texts, warnings = _texts(chained)
    assert "deep" in texts and "after" in texts and warnings


def test_shallow_markdown_is_untouched() -> None:
    body = "- a\n  - b\n    - c\n\n```\n" + "                      code\n" * 3 + "```\n"
    assert flatten_nesting(body) == (body, [])


def test_a_folder_with_a_non_utf8_name_imports_every_file(
    service: StudyService, tmp_path: Path
) -> None:
    folder = tmp_path / "unzipped"
    folder.mkdir()
    names = [b"a.md", "读书".encode("gbk") + b".md", b"\xff\xfez.md", b"c.md"]
    for number, raw in enumerate(names):  # different texts: the same one is a duplicate
        with open(os.path.join(os.fsencode(folder), raw), "wb") as handle:
            handle.write(b"# T\n\nsome text %d\n" % number)
    report = service.import_paths([folder])
    assert [o.status for o in report.outcomes] == ["imported"] * 4
    ids = {o.material_id for o in report.outcomes}
    assert "dushu" in ids
    assert any("GB18030" in w for o in report.outcomes for w in o.warnings)
    for outcome in report.outcomes:
        outcome.path.encode("utf-8")  # storable and printable
    assert "\\xff\\xfez.md" in " ".join(o.path for o in report.outcomes)


def test_nested_front_matter_is_ignored_fast_and_the_text_imports() -> None:
    started = time.monotonic()
    front, body = split_front_matter("---\ntitle: " + "[" * 30_000 + "]" * 30_000 + "\n---\nbody\n")
    assert time.monotonic() - started < 1.0
    assert front.title is None and "nested too deeply" in front.warnings[0]
    assert body.strip() == "body"


@pytest.mark.parametrize("kind", ["fifo", "zero device", "too large"])
def test_plan_files_are_regular_and_small(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "plan.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero device":
        if os.geteuid() != 0:
            pytest.skip("mknod needs root")
        node = tmp_path / "zero"
        os.mknod(node, 0o20666, os.makedev(1, 5))
        path.symlink_to(node)
    else:
        path.write_bytes(b"#" * (MAX_PLAN_BYTES + 1))
    started = time.monotonic()
    with pytest.raises(PlanFileError, match=r"regular file|too large"):
        load_plan(path)
    assert time.monotonic() - started < 1.0


def test_typed_answers_are_stored_without_controls(service: StudyService) -> None:
    from studyapp.services.quiz import clean_answer

    assert clean_answer("a\x1b]0;x\x07b\x00c") == "abc"
    assert clean_answer(["x\x1b[31m", "y"]) == ["x", "y"]
    assert strip_controls("name\udcff") == "name\ufffd"


@pytest.mark.parametrize("kind", ["fifo", "too large"])
def test_a_config_file_that_is_not_small_and_regular_is_ignored(tmp_path: Path, kind: str) -> None:
    from studyapp.config import MAX_CONFIG_BYTES, load_settings

    path = tmp_path / "config.toml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_text("# padding\n" * (MAX_CONFIG_BYTES // 10 + 1), encoding="utf-8")
    started = time.monotonic()
    settings = load_settings(path)
    assert time.monotonic() - started < 1.0
    assert settings.warnings and "ignored" in settings.warnings[0]


def test_the_importer_speaks_the_callers_language_and_the_core_english(
    service: StudyService, tmp_path: Path
) -> None:
    from studyapp.core.importing import Refused, prepare
    from studyapp.i18n import set_language

    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    set_language("zh_CN")
    try:
        refused = service.import_paths([empty]).refused
        with pytest.raises(Refused) as core:
            prepare(empty, empty.read_bytes())
    finally:
        set_language("en")
    assert [o.reason for o in refused] == ["空文件"]  # the service passes the UI language
    assert str(core.value) == "empty file"  # the core alone reads no process language
