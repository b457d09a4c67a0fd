"""``studyapp search``: JSON shape, plain lines shown literally, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from studyapp.cli.main import main
from studyapp.locations import Locations
from tests.search_helpers import write_search_materials

FIELDS = {
    "material",
    "title",
    "section",
    "section_title",
    "paragraph",
    "start",
    "end",
    "match",
    "snippet",
    "marks",
}


@pytest.fixture
def data(locations: Locations, tmp_path: Path) -> Path:
    """A data dir holding the three search materials (and no bundled ones)."""
    folder = locations.data_dir
    paths = write_search_materials(tmp_path / "materials")
    result = _invoke(folder, "import", *map(str, paths))
    assert result.exit_code == 0, result.output
    return folder


def _invoke(data: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(data), "--lang", "en", *args])


def test_json_has_the_documented_shape(data: Path) -> None:
    result = _invoke(data, "search", "--json", "笔记是复习")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"query", "terms", "count", "truncated", "results"}
    assert report["query"] == "笔记是复习" and report["count"] == 1 and not report["truncated"]
    [hit] = report["results"]
    assert set(hit) == FIELDS
    assert hit["material"] == "guide" and hit["title"] == "读书班指南"
    assert hit["section"] == "第一章-为什么读书" and hit["section_title"] == "第一章 为什么读书"
    assert hit["paragraph"] == 1 and hit["match"] == "笔记是复习"
    start, end = hit["marks"][0]
    assert hit["snippet"][start:end] == "笔记是复习"


def test_query_words_are_joined_and_limit_truncates(data: Path) -> None:
    result = _invoke(data, "search", "--json", "--limit", "1", "复习")
    report = json.loads(result.stdout)
    assert report["count"] == 1 and report["truncated"] is True
    both = json.loads(_invoke(data, "search", "--json", "间隔", "效果").stdout)
    assert both["terms"] == ["间隔", "效果"] and both["count"] == 1


@pytest.mark.parametrize(
    "needle", ["[/]", "[bold]不是粗体[/bold]", "<script>", "&amp;", '=HYPERLINK("http']
)
def test_plain_output_shows_markup_lookalikes_literally(data: Path, needle: str) -> None:
    result = _invoke(data, "search", needle)
    assert result.exit_code == 0, result.output
    assert needle in result.stdout
    assert "\x1b" not in result.stdout  # no styling when stdout is not a terminal
    assert "特殊字符的材料" in result.stdout and "1 result." in result.stdout


def test_nothing_found_exits_1_and_errors_exit_2(data: Path) -> None:
    none = _invoke(data, "search", "没有这个词")
    assert none.exit_code == 1 and "No results for 没有这个词." in none.stdout
    empty = json.loads(_invoke(data, "search", "--json", "zzz").stdout)
    assert empty["count"] == 0 and empty["results"] == [] and empty["truncated"] is False
    assert _invoke(data, "search", " ").exit_code == 2
    unknown = _invoke(data, "search", "--material", "nope", "复习")
    assert unknown.exit_code == 2 and "no material nope" in unknown.stderr
    assert _invoke(data, "search", "--limit", "0", "复习").exit_code == 2


def test_material_option_and_reindex(data: Path) -> None:
    result = _invoke(data, "search", "--json", "--material", "tricky", "习")
    assert [h["material"] for h in json.loads(result.stdout)["results"]] == ["tricky"]
    rebuilt = _invoke(data, "search", "--reindex")
    assert rebuilt.exit_code == 0 and "rebuilt" in rebuilt.stderr
    assert _invoke(data, "search", "--reindex", "原样显示").exit_code == 0
