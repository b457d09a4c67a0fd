"""Markdown to sections and blocks: headings, lists, quotes, code, tables, inline spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.materials import Block, InlineSpan, SectionDraft
from studyapp.core.parse_markdown import parse_markdown


def blocks(markdown: str) -> list[Block]:
    _title, sections = parse_markdown(markdown, "fallback")
    return [block for section in sections for block in section.blocks]


def only(markdown: str) -> Block:
    found = blocks(markdown)
    assert len(found) == 1, found
    return found[0]


def styled(block: Block) -> list[tuple[str, str]]:
    return [(span.style, block.text[span.start : span.end]) for span in block.spans]


# -- sections ------------------------------------------------------------------------------


def test_headings_make_sections_and_text_before_them_gets_the_fallback_title() -> None:
    title, sections = parse_markdown(
        "Before any heading.\n\n# One\n\nA.\n\n## Two\n\nB.\n\n### Three\n\nC.\n", "notes"
    )
    assert title == "One"
    assert [(s.title, s.level) for s in sections] == [
        ("notes", 1),
        ("One", 1),
        ("Two", 2),
        ("Three", 3),
    ]
    texts = [[b.text for b in s.blocks] for s in sections]
    assert texts == [["Before any heading."], ["A."], ["B."], ["C."]]


def test_empty_leading_section_is_dropped() -> None:
    title, sections = parse_markdown("# Only\n\nText.\n", "fallback")
    assert title == "Only"
    assert sections == [SectionDraft("Only", 1, (Block("paragraph", "Text."),))]


def test_no_heading_gives_one_section_with_the_fallback_title() -> None:
    title, sections = parse_markdown("Just a paragraph.\n", "my-file")
    assert title is None
    assert [s.title for s in sections] == ["my-file"]


def test_heading_text_is_plain_and_an_empty_heading_gets_an_ellipsis() -> None:
    _title, sections = parse_markdown("# *Em* and `code`\n\nx\n\n#\n\ny\n", "f")
    assert [s.title for s in sections] == ["Em and code", "…"]


def test_setext_headings() -> None:
    _title, sections = parse_markdown("Big\n===\n\ntext\n\nSmall\n-----\n\nmore\n", "f")
    assert [(s.title, s.level) for s in sections] == [("Big", 1), ("Small", 2)]


def test_headings_only_give_sections_without_blocks() -> None:
    _title, sections = parse_markdown("# A\n\n## B\n", "f")
    assert all(not s.blocks for s in sections)


# -- blocks --------------------------------------------------------------------------------


def test_bullet_list_items_with_depth_and_marker() -> None:
    items = blocks("- apples\n- pears\n  - green ones\n- plums\n")
    assert [(b.kind, b.text, b.depth, b.marker) for b in items] == [
        ("list_item", "apples", 1, "•"),
        ("list_item", "pears", 1, "•"),
        ("list_item", "green ones", 2, "•"),
        ("list_item", "plums", 1, "•"),
    ]


def test_ordered_list_counts_from_its_start_number() -> None:
    items = blocks("5. five\n6. six\n7. seven\n")
    assert [b.marker for b in items] == ["5.", "6.", "7."]


def test_ordered_list_nested_in_bullets_counts_on_its_own() -> None:
    items = blocks("- a\n  1. x\n  2. y\n- b\n")
    assert [(b.text, b.marker, b.depth) for b in items] == [
        ("a", "•", 1),
        ("x", "1.", 2),
        ("y", "2.", 2),
        ("b", "•", 1),
    ]


def test_second_paragraph_of_an_item_has_no_marker() -> None:
    items = blocks("- first para\n\n  second para\n- next\n")
    assert [(b.text, b.marker) for b in items] == [
        ("first para", "•"),
        ("second para", ""),
        ("next", "•"),
    ]


def test_quotes_with_depth() -> None:
    found = blocks("> outer line\n> continues\n>\n> > inner\n")
    assert [(b.kind, b.text, b.depth) for b in found] == [
        ("quote", "outer line continues", 1),
        ("quote", "inner", 2),
    ]


def test_list_inside_a_quote_is_deeper() -> None:
    found = blocks("> - quoted item\n")
    assert [(b.kind, b.depth) for b in found] == [("list_item", 2)]


def test_fenced_and_indented_code_are_code_blocks() -> None:
    found = blocks("```python\nprint('hi')\n\nx = 1\n```\n\n    indented code\n")
    assert [(b.kind, b.text) for b in found] == [
        ("code", "print('hi')\n\nx = 1"),
        ("code", "indented code"),
    ]


def test_code_keeps_markdown_characters_but_loses_escapes() -> None:
    found = only("~~~\n*not em* [/] \x1b[2Jcleared\n~~~\n")
    assert found.text == "*not em* [/] cleared"


def test_table_rows_and_cells() -> None:
    found = only("| 名称 | 说明 |\n|:--|--:|\n| *a* | `b` |\n| c | d |\n")
    assert found.kind == "table"
    assert found.text.split("\n") == ["名称 │ 说明", "a │ b", "c │ d"]


def test_html_block_is_kept_as_code_text() -> None:
    found = blocks("<div>\nraw html\n</div>\n\nAfter.\n")
    assert [(b.kind, b.text) for b in found] == [
        ("code", "<div>\nraw html\n</div>"),
        ("paragraph", "After."),
    ]


def test_thematic_break_and_blank_lines_add_nothing() -> None:
    assert [b.text for b in blocks("One.\n\n---\n\n\n\nTwo.\n")] == ["One.", "Two."]


# -- inline text ---------------------------------------------------------------------------


def test_emphasis_spans_point_at_the_styled_text() -> None:
    found = only("Plain *em* **strong** `code` [link](http://example.com) ~~gone~~ end")
    assert found.text == "Plain em strong code link gone end"
    assert styled(found) == [
        ("em", "em"),
        ("strong", "strong"),
        ("code", "code"),
        ("link", "link"),
        ("strike", "gone"),
    ]


def test_nested_emphasis() -> None:
    found = only("***both*** and **bold *inner* bold**")
    assert ("strong", "both") in styled(found) and ("em", "both") in styled(found)
    assert ("em", "inner") in styled(found)
    assert ("strong", "bold inner bold") in styled(found)


def test_spans_shift_with_stripped_leading_space_and_stay_in_bounds() -> None:
    found = only("&#32;&#32;lead *em*")
    assert found.text == "lead em"
    assert styled(found) == [("em", "em")]


def test_cjk_spans() -> None:
    found = only("这是**重点**内容。")
    assert found.text == "这是重点内容。"
    assert found.spans == (InlineSpan(2, 4, "strong"),)


def test_unclosed_emphasis_is_literal_text() -> None:
    assert only("**unclosed").text == "**unclosed"


def test_image_becomes_its_alt_text() -> None:
    assert only("![a diagram](d.png) below").text == "a diagram below"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("第一行\n第二行", "第一行第二行"),
        ("中文句子，\n接着写。", "中文句子，接着写。"),
        ("English\nline", "English line"),
        ("English\n中文", "English 中文"),
        ("Hard  \nbreak", "Hard\nbreak"),
    ],
)
def test_soft_breaks_join_cjk_without_spaces_and_latin_with_one(
    markdown: str, expected: str
) -> None:
    assert only(markdown).text == expected


@pytest.mark.parametrize(
    "markup", ["[/]", "[bold]x", "C[i] = A[i]", "[@click=app.quit]x[/]", "[link=http://x]y[/link]"]
)
def test_markup_like_text_is_kept_literally(markup: str) -> None:
    assert only(f"Before {markup} after").text == f"Before {markup} after"


def test_inline_html_is_text_and_escapes_are_removed() -> None:
    found = only("a <span>b</span> \x1b[31mred\x1b[0m \u202eflip")
    assert found.text == "a <span>b</span> red flip"


@given(st.text(alphabet=st.sampled_from(list("ab 中文*_`[]()#>-|\n~!.1")), max_size=80))
def test_spans_always_lie_inside_their_block(markdown: str) -> None:
    for block in blocks(markdown):
        assert block.text == block.text.strip() or block.kind in ("code", "table")
        for span in block.spans:
            assert 0 <= span.start < span.end <= len(block.text)
