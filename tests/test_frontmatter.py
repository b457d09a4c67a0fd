"""Front matter: valid fields read, broken blocks dropped with a warning, body kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from studyapp.core.frontmatter import MAX_TAGS, split_front_matter
from studyapp.core.importing import parse_material

BODY = "\n# Heading\n\nThe body is still here.\n"

BROKEN = {
    "bad_yaml": ("---\ntitle: [never closed\nauthor: x\n---\n", "invalid YAML"),
    "bad_indent": ("---\ntitle: a\n  author: b\n---\n", "invalid YAML"),
    "list": ("---\n- one\n- two\n---\n", "not a mapping"),
    "scalar": ("---\njust a sentence\n---\n", "not a mapping"),
    "invalid_date": ("---\ntitle: x\ndate: 2024-13-45\n---\n", "invalid value"),
    "invalid_day": ("---\ndate: 2023-02-30\n---\n", "invalid value"),
    "python_tag": ("---\ntitle: !!python/object/apply:os.system ['true']\n---\n", "invalid YAML"),
    "alias": ("---\nbase: &b hello\ntitle: *b\n---\n", "aliases are not allowed"),
    "billion_laughs": (
        "---\n"
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "---\n",
        "aliases are not allowed",
    ),
    "merge_key": ("---\nbase: &b {title: x}\nother:\n  <<: *b\n---\n", "aliases are not allowed"),
}


def test_valid_front_matter_fields() -> None:
    text = (
        "---\ntitle: 学习指南\nauthor: 李老师\ndescription: 一份简短的说明\n"
        "tags: [阅读, notes, 阅读]\nlanguage: zh-CN\nrequired: 是\norder: 3\n---\n正文。\n"
    )
    front, body = split_front_matter(text)
    assert front.title == "学习指南"
    assert front.author == "李老师"
    assert front.description == "一份简短的说明"
    assert front.tags == ("阅读", "notes")  # duplicates dropped, order kept
    assert front.language == "zh"
    assert front.required is True
    assert front.order == 3
    assert front.warnings == []
    assert body.strip() == "正文。"


def test_no_front_matter_returns_the_text_unchanged() -> None:
    text = "# Title\n\nNo front matter --- here.\n"
    front, body = split_front_matter(text)
    assert body == text
    assert front.title is None and front.warnings == []


def test_unclosed_front_matter_is_left_in_the_body() -> None:
    text = "---\ntitle: never closed\n\nBody.\n"
    front, body = split_front_matter(text)
    assert front.title is None
    assert body == text


def test_empty_front_matter_is_fine() -> None:
    front, body = split_front_matter("---\n---\nBody.\n")
    assert front.warnings == [] and body.strip() == "Body."


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_front_matter_is_dropped_with_one_warning_and_body_kept(case: str) -> None:
    block, expected = BROKEN[case]
    front, body = split_front_matter(block + BODY)
    assert len(front.warnings) == 1
    assert expected in front.warnings[0]
    assert "\n" not in front.warnings[0]
    assert front.title is None and front.tags == ()
    assert body == BODY


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_front_matter_still_imports_the_body(case: str) -> None:
    block, expected = BROKEN[case]
    draft = parse_material(block + BODY, Path("broken-notes.md"), [])
    assert draft.title == "Heading"
    assert [b.text for s in draft.sections for b in s.blocks] == ["The body is still here."]
    assert any(expected in warning for warning in draft.warnings)


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    front, _body = split_front_matter(BROKEN["billion_laughs"][0] + BODY)
    assert time.perf_counter() - started < 1.0
    assert front.warnings


def test_oversized_front_matter_is_ignored() -> None:
    block = "---\n" + "".join(f"key{i}: {'x' * 60}\n" for i in range(1200)) + "---\n"
    front, body = split_front_matter(block + BODY)
    assert front.warnings == ["front matter ignored: larger than 64 KB"]
    assert body == BODY


def test_wrong_field_types_warn_per_field_and_keep_the_rest() -> None:
    text = (
        "---\ntitle: {nested: map}\nauthor: Ann\nrequired: maybe\norder: 1.5\n"
        "language: klingon\ntags: 5\n---\nBody.\n"
    )
    front, _body = split_front_matter(text)
    assert front.author == "Ann"
    assert (front.title, front.required, front.order, front.language) == (None, False, None, None)
    assert front.tags == ()
    flagged = {w.split("'")[1] for w in front.warnings}
    assert flagged == {"title", "required", "order", "language", "tags"}


def test_boolean_title_is_a_wrong_type_but_a_date_title_is_text() -> None:
    assert split_front_matter("---\ntitle: yes\n---\nx\n")[0].title is None
    assert split_front_matter("---\ntitle: 2024-01-02\n---\nx\n")[0].title == "2024-01-02"
    assert split_front_matter("---\ntitle: 1984\n---\nx\n")[0].title == "1984"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh", "zh"),
        ("zh_TW", "zh"),
        ("中文", "zh"),
        ("en-GB", "en"),
        ("English", "en"),
        ("bilingual", "mixed"),
        ("zh-en", "mixed"),
        ("en_zh", "mixed"),
        ("Mixed", "mixed"),
    ],
)
def test_language_spellings(value: str, expected: str) -> None:
    assert split_front_matter(f"---\nlanguage: {value}\n---\nx\n")[0].language == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("no", False), ("必读", True), ("否", False)]
)
def test_required_spellings(value: str, expected: bool) -> None:
    assert split_front_matter(f"---\nrequired: {value}\n---\nx\n")[0].required is expected


def test_tags_as_a_comma_string_with_full_width_commas() -> None:
    front, _ = split_front_matter("---\ntags: 阅读，笔记, 复习,\n---\nx\n")
    assert front.tags == ("阅读", "笔记", "复习")


def test_too_many_tags_are_ignored() -> None:
    tags = ", ".join(f"t{i}" for i in range(MAX_TAGS + 1))
    front, _ = split_front_matter(f"---\ntags: [{tags}]\n---\nx\n")
    assert front.tags == () and front.warnings


def test_order_from_a_numeric_string_and_huge_numbers_refused() -> None:
    assert split_front_matter("---\norder: '-4'\n---\nx\n")[0].order == -4
    huge = split_front_matter("---\norder: 10000000000\n---\nx\n")[0]
    assert huge.order is None and huge.warnings


def test_long_title_is_cut() -> None:
    front, _ = split_front_matter(f"---\ntitle: {'长' * 800}\n---\nx\n")
    assert front.title == "长" * 500


def test_front_matter_title_wins_over_the_heading() -> None:
    draft = parse_material(
        "---\ntitle: From YAML\n---\n# From heading\n\nText.\n", Path("f.md"), []
    )
    assert draft.title == "From YAML"


def test_plain_text_files_have_no_front_matter() -> None:
    text = "---\ntitle: Not parsed\n---\n\nThe dashes are text in a .txt file.\n"
    draft = parse_material(text, Path("notes.txt"), [])
    assert draft.title != "Not parsed"
    assert draft.warnings == ()


def test_warnings_come_from_the_translator_passed_not_the_process_language() -> None:
    from studyapp.i18n import _, set_language

    text = "---\ntitle: [1, 2]\n---\nx\n"
    set_language("zh_CN")
    try:
        plain = split_front_matter(text)[0].warnings
        translated = split_front_matter(text, _)[0].warnings
    finally:
        set_language("en")
    assert plain == ["front matter field 'title' ignored: wrong type"]
    assert translated != plain and "title" in translated[0]
