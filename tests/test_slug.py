"""Material slugs (ASCII, pinyin by word) and unique section anchors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.slug import MAX_SLUG, anchors_for, material_slug, section_anchor, unique


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("学习方法", "xuexi-fangfa"),
        ("时间管理讲义", "shijian-guanli-jiangyi"),
        ("第一章 学习方法", "diyizhang-xuexi-fangfa"),
        ("学习 Python 入门", "xuexi-python-rumen"),
        ("重庆", "chongqing"),  # the word reading, not zhong4 for 重 alone
        ("银行", "yinhang"),
        ("Deep Work (2nd ed.)", "deep-work-2nd-ed"),
        ("Café Notes", "cafe-notes"),
        ("ＡＢＣ", "abc"),
        ("  spaced__out  ", "spaced-out"),
        ("!!!", "material"),
        ("", "material"),
    ],
)
def test_material_slug(name: str, slug: str) -> None:
    assert material_slug(name) == slug


def test_material_slug_is_cut_without_a_trailing_hyphen() -> None:
    slug = material_slug("长" * 80)
    assert len(slug) <= MAX_SLUG
    assert not slug.endswith("-")
    assert material_slug("a" * 100) == "a" * MAX_SLUG


@given(st.text(max_size=40))
def test_material_slug_is_always_a_nonempty_ascii_slug(name: str) -> None:
    slug = material_slug(name)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= MAX_SLUG


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("Hello, World!", "hello-world"),
        ("第一章 总论", "第一章-总论"),
        ("第一章：总论", "第一章总论"),
        ("（一）时间安排", "一时间安排"),
        ("ＡＢＣ Test", "abc-test"),
        ("  A  --  B  ", "a-b"),
        ("snake_case stays", "snake_case-stays"),
        ("!!!", ""),
    ],
)
def test_section_anchor(title: str, anchor: str) -> None:
    assert section_anchor(title) == anchor


def test_section_anchor_is_limited_in_length() -> None:
    assert len(section_anchor("x" * 200)) == 80


def test_unique() -> None:
    assert unique("a", set()) == "a"
    assert unique("a", {"a"}) == "a-2"
    assert unique("a", ["a", "a-2"]) == "a-3"
    assert unique("a", iter(["a", "a-3"])) == "a-2"


def test_anchors_for_repeated_and_empty_titles() -> None:
    assert anchors_for(["Intro", "Intro", "intro", "", "!!", "Intro-2", "第一章"]) == [
        "intro",
        "intro-2",
        "intro-3",
        "section-4",
        "section-5",
        "intro-2-2",
        "第一章",
    ]


def test_anchor_of_a_section_does_not_depend_on_later_sections() -> None:
    titles = ["总论", "方法", "总论", "附录"]
    assert anchors_for(titles)[:3] == anchors_for(titles[:3])


@given(
    st.lists(st.sampled_from(["A", "a", "A-2", "", "第一章", "第一章 ", "!", "x y"]), max_size=12)
)
def test_anchors_are_unique_and_one_per_title(titles: list[str]) -> None:
    anchors = anchors_for(titles)
    assert len(anchors) == len(titles)
    assert len(set(anchors)) == len(anchors)
    assert all(anchors)
