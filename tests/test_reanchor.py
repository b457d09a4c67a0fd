"""Re-anchoring two versions of a text: paragraphs by content, sections by title then content."""

from __future__ import annotations

from studyapp.core.reanchor import TextSection, reanchor, section_changes

A = "读书班每周活动一次，由领读人准备导读提纲。"
B = "每位学员至少担任一次领读人，并提交读书笔记。"
C = "Attendance must be at least eighty-five percent of all sessions."
D = "Each member leads the discussion at least once per term."


def _section(anchor: str, *paragraphs: str, title: str | None = None) -> TextSection:
    return TextSection(anchor, title or anchor, paragraphs)


def test_an_inserted_paragraph_shifts_the_others_which_keep_their_identity() -> None:
    old = [_section("s", A, B)]
    new = [_section("s", "新增的一段说明。", A, B)]
    result = reanchor(old, new)
    assert result.block("s", 0) == ("s", 1)
    assert result.block("s", 1) == ("s", 2)
    assert result.counts() == {"kept": 2, "edited": 0, "dropped": 0, "added": 1}


def test_a_lightly_edited_paragraph_is_matched_as_edited_a_rewritten_one_is_not() -> None:
    old = [_section("s", A, B, C)]
    edited = B.replace("至少", "最少")
    new = [_section("s", A, edited, "Something else entirely, nothing like before.")]
    result = reanchor(old, new)
    assert result.block("s", 1) == ("s", 1)
    assert (0, 1) in result.edited
    assert result.block("s", 2) is None
    assert result.counts() == {"kept": 1, "edited": 1, "dropped": 1, "added": 1}


def test_spacing_width_and_case_changes_are_not_edits() -> None:
    old = [_section("s", C)]
    new = [_section("s", "  " + C.upper().replace(" ", "  "))]
    result = reanchor(old, new)
    assert result.block("s", 0) == ("s", 0)
    assert not result.edited


def test_a_paragraph_moved_to_another_section_follows_it() -> None:
    old = [_section("a", A, B), _section("b", C, D)]
    new = [_section("a", A), _section("b", C, B, D)]
    result = reanchor(old, new)
    assert result.block("a", 1) == ("b", 1)


def test_repeated_paragraphs_are_matched_in_order() -> None:
    old = [_section("s", A, B, A, B)]
    new = [_section("s", A, B, C, A, B)]
    result = reanchor(old, new)
    assert [result.block("s", p) for p in range(4)] == [("s", 0), ("s", 1), ("s", 3), ("s", 4)]


def test_a_renamed_section_is_matched_by_its_paragraphs() -> None:
    old = [_section("one", A, B, title="第一章"), _section("two", C, D, title="第二章")]
    new = [_section("one", A, B, title="第一章"), _section("new", C, D, title="第二章 要求")]
    result = reanchor(old, new)
    assert result.anchor_map() == {"one": "one", "two": "new"}
    assert section_changes(result).renamed == (("第二章", "第二章 要求"),)


def test_a_section_keeps_its_title_match_even_when_its_text_was_replaced() -> None:
    old = [_section("x", A, title="Rules")]
    new = [_section("x", D, title="Rules")]
    result = reanchor(old, new)
    assert result.section_anchor("x") == "x"
    assert result.block("x", 0) is None


def test_a_deleted_section_is_dropped_and_a_position_in_it_goes_back() -> None:
    old = [_section("a", A, B), _section("b", C), _section("c", D)]
    new = [_section("a", A, B), _section("c", D)]
    result = reanchor(old, new)
    assert [s.anchor for s in result.dropped_sections()] == ["b"]
    assert result.at_or_before("b", 0) == ("a", 1, False)
    assert result.at_or_before("c", 0) == ("c", 0, True)
    assert result.at_or_before("c", -1) == ("c", -1, True)


def test_nothing_before_the_position_survived() -> None:
    result = reanchor([_section("a", A)], [_section("z", D, title="Other")])
    assert result.at_or_before("a", 0) is None
    assert result.counts() == {"kept": 0, "edited": 0, "dropped": 1, "added": 1}


def test_progress_counts_the_last_read_paragraph_still_in_the_section() -> None:
    old = [_section("s", A, B, C)]
    new = [_section("s", D, A, C)]  # B gone, D inserted first
    result = reanchor(old, new)
    assert result.last_mapped("s", 1) == 1  # A (now 1) was the last read one still there
    assert result.last_mapped("s", 2) == 2


def test_repeated_titles_follow_their_paragraphs_when_a_chapter_before_them_goes() -> None:
    old = [
        _section("one", A, title="Chapter 1"),
        _section("sum", B, title="Summary"),
        _section("two", C, title="Chapter 2"),
        _section("sum-2", D, title="Summary"),
    ]
    new = [
        _section("two", C, title="Chapter 2"),
        _section("sum", D, title="Summary"),
    ]
    result = reanchor(old, new)
    assert result.anchor_map() == {"two": "two", "sum-2": "sum"}
    assert [s.anchor for s in result.dropped_sections()] == ["one", "sum"]


def test_repeated_titles_whose_text_was_replaced_pair_in_order() -> None:
    old = [_section("s", A, title="Summary"), _section("s-2", B, title="Summary")]
    new = [_section("s", C, title="Summary"), _section("s-2", D, title="Summary")]
    assert reanchor(old, new).anchor_map() == {"s": "s", "s-2": "s-2"}
