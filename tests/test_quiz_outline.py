"""The order of a text's own numbered headings is asked once, on its outermost run."""

from __future__ import annotations

import random

import pytest

from studyapp.core.quiz.grading import grade
from studyapp.core.quiz.outline import find_outlines, scrambled
from studyapp.core.quiz.units import read_section
from tests.quiz_helpers import ask, sections_of

BODY = "本章规定的事项，由各级学习办公室负责落实，落实情况每季度报告一次。\n\n"
RULES = "# 读书会管理办法\n\n" + "".join(
    f"## {heading}\n\n{BODY}"
    for heading in ("第一章 总则", "第二章 会员", "第三章 活动", "第四章 经费", "第五章 附则")
)


def _outlines(markdown: str) -> list:
    return find_outlines([read_section(s) for s in sections_of(markdown)])


def test_numbered_chapters_are_asked_in_order() -> None:
    questions = [q for q in ask(RULES, count=None, types=["order"]) if q.kind == "heading"]
    assert len(questions) == 1
    question = questions[0]
    assert question.prompt == "请按原文顺序排列《读书会管理办法》的各章："
    assert question.answer == ("总则", "会员", "活动", "经费", "附则")
    assert sorted(question.options) == sorted(question.answer)
    assert list(question.options) != list(question.answer)
    assert question.option_kinds == ("heading",) * 5
    assert "第一章 总则" in question.source.text
    assert grade(question, list(question.answer)).verdict == "right"


def test_english_parts_are_asked_with_their_noun() -> None:
    text = "# Field Manual\n\n" + "".join(
        f"## Part {n}. {name}\n\nEach unit keeps its own records of this.\n\n"
        for n, name in (("I", "Marches"), ("II", "Camps"), ("III", "Outposts"))
    )
    ((_, outline),) = _outlines(text)
    assert outline.labels == ("Marches", "Camps", "Outposts")
    questions = [q for q in ask(text, count=None, types=["order"]) if q.kind == "heading"]
    wanted = "Put the parts of “Field Manual” in the order the text gives them:"
    assert questions[0].prompt == wanted


@pytest.mark.parametrize(
    "headings",
    [
        ("总则", "会员", "活动", "附则"),  # not numbered: the order is no fact to learn
        ("第一章 总则", "第三章 活动", "第四章 附则"),  # not one after the other
        ("第一章 总则", "第二章 会员"),  # too few
        ("第一章 2026年安排", "第二章 会员", "第三章 附则"),  # a figure in a label
    ],
)
def test_headings_that_are_not_a_numbered_run_are_not_asked(headings: tuple[str, ...]) -> None:
    text = "# 办法\n\n" + "".join(f"## {h}\n\n{BODY}" for h in headings)
    assert _outlines(text) == []


def test_only_the_outermost_run_is_asked() -> None:
    subsections = "".join(f"### {sub}\n\n{BODY}" for sub in ("（一）甲", "（二）乙", "（三）丙"))
    text = "# 指南\n\n" + "".join(
        f"## {top}\n\n{BODY}{subsections}" for top in ("一、准备", "二、实施", "三、总结")
    )
    ((parent, outline),) = _outlines(text)
    assert outline.labels == ("准备", "实施", "总结")
    assert parent.section.title == "指南"


@pytest.mark.parametrize("size", [2, 3, 4, 6])
def test_an_order_question_leaves_no_item_in_its_place(size: int) -> None:
    labels = [f"第{n}项" for n in range(size)]
    for seed in range(50):
        shown = scrambled(labels, random.Random(seed))
        assert sorted(shown) == sorted(labels)
        assert all(a != b for a, b in zip(shown, labels, strict=True))
