"""Plain text to sections: heading lines, a title line, hard-wrapped paragraphs."""

from __future__ import annotations

import pytest

from studyapp.core.materials import Block, SectionDraft, TextParagraphs
from studyapp.core.parse_text import parse_plain_text

HANDOUT = """时间管理讲义

第一章 认识时间
时间是每个人都拥有的资源，区别在于怎样使用它。

一、记录一周的时间
连续七天，把每半小时做的事写下来。

（一）工作日
工作日的记录要尽量详细。

（二）周末
周末可以记录得粗略一些。

二、找出浪费的时间
把记录分成三类：必要的、有用的、可以省掉的。

第二章 制定计划
计划要具体，最好写清楚什么时间做什么事。
"""


def outline(text: str, fallback: str = "fallback") -> list[tuple[str, int, list[str]]]:
    _title, sections = parse_plain_text(text, fallback)
    return [(s.title, s.level, [b.text for b in s.blocks]) for s in sections]


def test_chinese_heading_hierarchy() -> None:
    title, sections = parse_plain_text(HANDOUT, "fallback")
    assert title == "时间管理讲义"
    assert [(s.title, s.level) for s in sections] == [
        ("时间管理讲义", 1),
        ("第一章 认识时间", 1),
        ("一、记录一周的时间", 2),
        ("（一）工作日", 3),
        ("（二）周末", 3),
        ("二、找出浪费的时间", 2),
        ("第二章 制定计划", 1),
    ]
    assert sections[3].blocks[0].text == "工作日的记录要尽量详细。"
    assert all(b.kind == "paragraph" for s in sections for b in s.blocks)


def test_all_heading_ranks_in_order() -> None:
    text = (
        "第一编 总论\n导言。\n\n第一章 起源\n内容一。\n\n第一节 早期\n内容二。\n\n"
        "一、要点\n内容三。\n\n（一）细节\n内容四。\n"
    )
    assert [(t, level) for t, level, _ in outline(text)] == [
        ("第一编 总论", 1),
        ("第一章 起源", 2),
        ("第一节 早期", 3),
        ("一、要点", 4),
        ("（一）细节", 5),
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "第十二章 复习",
        "第１２章 全角数字",
        "第3讲 记忆",
        "第二课 朗读",
        "第一单元 阅读",
        "Chapter 1 Basics",
        "CHAPTER IV The Return",
        "Lesson 12 Review",
        "Part 2",
        "十一、补充说明",
        "(三)半角括号",
    ],
)
def test_heading_patterns(heading: str) -> None:
    text = f"{heading}\n正文的一句话。\n"
    assert outline(text) == [(heading, 1, ["正文的一句话。"])]


@pytest.mark.parametrize(
    "line",
    [
        "一、首先，我们要明确目标，然后再动手。",  # a numbered sentence, not a heading
        "（一）这里有逗号，所以是正文",
        "第一章写得很好。",  # ends a sentence
        "What is memory?",
        "We met at noon.",
    ],
)
def test_lines_that_look_numbered_or_short_but_are_body(line: str) -> None:
    text = f"前言部分的第一段文字写在这里。\n\n{line}\n\n后面还有一段正文。\n"
    assert [t for t, _level, _blocks in outline(text)] == ["fallback"]
    assert line in outline(text)[0][2]


def test_heading_needs_body_after_it() -> None:
    assert outline("第一章 只有标题\n第二章 也是标题\n") == [
        ("fallback", 1, ["第一章 只有标题", "第二章 也是标题"])
    ]


def test_short_standalone_line_is_a_heading() -> None:
    text = "Meeting notes\n\nAgenda\n\nWe went through the plan for the term, item by item.\n"
    title, sections = parse_plain_text(text, "f")
    assert title == "Meeting notes"
    assert [s.title for s in sections] == ["Meeting notes", "Agenda"]


@pytest.mark.parametrize("line", ["2024年3月1日", "2024-03-01", "Dear all:", "同学们："])
def test_dates_and_salutations_are_not_headings(line: str) -> None:
    text = f"开头是一段正文，说明材料的来源。\n\n{line}\n\n接下来是正文内容，写得比较长一些。\n"
    assert [t for t, _level, _blocks in outline(text)] == ["fallback"]


def test_english_short_sentences_are_paragraphs_not_headings() -> None:
    text = (
        "Hello there.\n\nI wrote this short note.\n\n"
        "It has a few lines of text, and some of them are longer than others.\n\nSee you soon!\n"
    )
    title, sections = parse_plain_text(text, "letter")
    assert title is None
    assert [s.title for s in sections] == ["letter"]
    assert len(sections[0].blocks) == 4


def test_title_line_is_first_short_line_without_punctuation() -> None:
    assert parse_plain_text("读书笔记\n\n正文第一句。\n", "f")[0] == "读书笔记"
    assert parse_plain_text("第一句话就结束了。\n正文。\n", "f")[0] is None
    assert parse_plain_text("这是，带逗号的行\n正文。\n", "f")[0] is None
    assert parse_plain_text("第一章 总论\n正文。\n", "f")[0] is None  # a heading, not a title
    assert parse_plain_text("Only one line", "f")[0] is None


def test_hard_wrapped_chinese_joins_without_space() -> None:
    text = "这是一段很长的中文文本，编辑器在固定宽度处把它\n折行了，所以这里是同一段的继续。\n"
    assert outline(text) == [
        (
            "fallback",
            1,
            ["这是一段很长的中文文本，编辑器在固定宽度处把它折行了，所以这里是同一段的继续。"],
        )
    ]


def test_hard_wrapped_english_joins_with_a_space() -> None:
    text = (
        "Chapter 1 Basics\nThis is a line that has been wrapped by an editor at a fixed\n"
        "width, so it continues here.\n"
    )
    assert outline(text)[0][2] == [
        "This is a line that has been wrapped by an editor at a fixed width, so it continues here."
    ]


def test_lines_after_a_sentence_end_or_a_short_line_start_new_paragraphs() -> None:
    text = "第一行是完整的一句话，到这里结束了。\n第二行另起一段。\n短行\n第四行接在短行后面。\n"
    assert outline(text)[0][2] == [
        "第一行是完整的一句话，到这里结束了。",
        "第二行另起一段。",
        "短行",
        "第四行接在短行后面。",
    ]


def test_indented_lines_start_paragraphs() -> None:
    text = (
        "　　第一段缩进的文字，这一行写得很长很长，超过了二十个字的界限\n"
        "　　第二段也缩进了，应当单独成段。\n"
    )
    assert len(outline(text)[0][2]) == 2


def test_text_without_headings_is_one_section() -> None:
    assert outline("第一段。\n\n第二段。\n", "notes") == [("notes", 1, ["第一段。", "第二段。"])]


def test_blank_text_gives_a_section_without_blocks() -> None:
    title, sections = parse_plain_text("\n \n\n", "empty")
    assert title is None
    assert [(s.title, s.blocks) for s in sections] == [("empty", ())]


def test_long_lines_are_never_headings() -> None:
    line = "第一章" + "很长的标题" * 10
    assert outline(f"{line}\n正文。\n")[0][0] == "fallback"


def test_plain_paragraphs_are_kept_as_strings_and_equal_their_blocks() -> None:
    _title, sections = parse_plain_text("One.\n\nTwo.\n\nThree.\n", "f")
    blocks = sections[0].blocks
    assert isinstance(blocks, TextParagraphs) and blocks.texts == ("One.", "Two.", "Three.")
    expected = tuple(Block("paragraph", t) for t in ("One.", "Two.", "Three."))
    assert blocks == expected and expected == blocks and list(blocks) == list(expected)
    assert blocks[1] == expected[1] and blocks[1:] == expected[1:] and len(blocks) == 3
    assert hash(sections[0]) == hash(SectionDraft(sections[0].title, 1, expected))
    assert blocks != expected[:2]
