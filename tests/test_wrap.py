"""CJK-aware wrapping by terminal cells, with kinsoku rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.core.wrap import CLOSING, OPENING, can_break_before, text_width, wrap

PIECES = st.sampled_from(
    [*"学习计划读书班调研问题清单目标，。、；：？！（）「」“”", "word", "SQ3R", " ", "2026", "x"]
)
TEXTS = st.lists(PIECES, max_size=80).map("".join)


def _lines(text: str, width: int) -> list[str]:
    return [text[a:b] for a, b in wrap(text, width)]


def test_chinese_lines_fill_the_width_and_avoid_closing_punctuation_at_the_start() -> None:
    text = "不少单位都搞过读书活动：年初发一份书单，年中开一次座谈会，年底每人交一篇心得。"
    lines = _lines(text, 20)
    assert lines[0] == "不少单位都搞过读书活"
    assert all(text_width(line) <= 20 for line in lines)
    assert all(line[0] not in CLOSING for line in lines)
    assert "".join(lines) == text


def test_a_closing_mark_pulls_the_previous_character_down() -> None:
    assert _lines("一二三四。五六", 8) == ["一二三", "四。五六"]


def test_english_breaks_at_spaces_and_cuts_only_overlong_words() -> None:
    lines = _lines("spaced repetition works well Supercalifragilistic", 12)
    assert lines == ["spaced ", "repetition ", "works well ", "Supercalifra", "gilistic"]


def test_newlines_always_end_a_line() -> None:
    assert _lines("ab\ncd", 80) == ["ab", "cd"]


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=4, max_value=60))
def test_wrap_properties(text: str, width: int) -> None:
    spans = wrap(text, width)
    assert "".join(text[a:b] for a, b in spans) == text
    for start, end in spans:
        line = text[start:end]
        assert text_width(line.rstrip()) <= width or len(line.rstrip()) == 1
    for start, end in spans[:-1]:
        legal = can_break_before(text, end) or text[end - 1].isspace()
        assert legal or not any(can_break_before(text, i) for i in range(start + 1, end))
        if legal and text[end - 1] not in " ":
            assert text[end] not in CLOSING and text[end - 1] not in OPENING
