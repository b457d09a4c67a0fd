"""Sentence splitting for Chinese, English and mixed paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from studyapp.core.sentences import Span, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天下雨了。我们没有出门。", ["今天下雨了。", "我们没有出门。"]),
        ("真的吗？真的！", ["真的吗？", "真的！"]),
        ("先读书；再写字。", ["先读书；", "再写字。"]),
        ("他想了很久……终于开口了。", ["他想了很久……", "终于开口了。"]),
        ("等一等⋯⋯好了。", ["等一等⋯⋯", "好了。"]),
        ("什么？！不可能。", ["什么？！", "不可能。"]),
        ("半角也行?是的!", ["半角也行?", "是的!"]),
        ("没有句号的结尾", ["没有句号的结尾"]),
    ],
)
def test_chinese_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他问：“你去吗？”她说：“去！”", ["他问：“你去吗？”", "她说：“去！”"]),
        ("她说「好」。然后走了。", ["她说「好」。", "然后走了。"]),
        ("老师说：「溫故知新。」大家都点头。", ["老师说：「溫故知新。」", "大家都点头。"]),
        ("（这是括号里的话。）后面还有。", ["（这是括号里的话。）", "后面还有。"]),
        ("书名是《论语》。", ["书名是《论语》。"]),
        ("‘单引号。’结束。", ["‘单引号。’", "结束。"]),
    ],
)
def test_closing_quotes_and_brackets_stay_with_their_sentence(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained. We stayed in.", ["It rained.", "We stayed in."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ("Dr. Smith arrived. He sat down.", ["Dr. Smith arrived.", "He sat down."]),
        (
            "We use e.g. tea or i.e. green tea. Done.",
            ["We use e.g. tea or i.e. green tea.", "Done."],
        ),
        (
            "She moved to the U.S. in May. Then back.",
            ["She moved to the U.S. in May.", "Then back."],
        ),
        ("The U.K. and the U.S. agreed. Good.", ["The U.K. and the U.S. agreed.", "Good."]),
        (
            "Mr. and Mrs. Li met Prof. Wang. They talked.",
            ["Mr. and Mrs. Li met Prof. Wang.", "They talked."],
        ),
        ("It costs 2.5 dollars. Cheap.", ["It costs 2.5 dollars.", "Cheap."]),
        ("Pi is 3.14159 or so. Round it.", ["Pi is 3.14159 or so.", "Round it."]),
        ("See fig. 3 and vol. 2 today. Next.", ["See fig. 3 and vol. 2 today.", "Next."]),
        (
            "They met at Sault Ste. Marie (see the map, Pl. II) in June. Then rain.",
            ["They met at Sault Ste. Marie (see the map, Pl. II) in June.", "Then rain."],
        ),
        ("J. R. Tolkien wrote it. Read it.", ["J. R. Tolkien wrote it.", "Read it."]),
        ("Class ends at 3 p.m. on Friday. Lunch.", ["Class ends at 3 p.m. on Friday.", "Lunch."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("It works (mostly). Next one.", ["It works (mostly).", "Next one."]),
        ("Chapter 2. 3 things matter.", ["Chapter 2.", "3 things matter."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("lower case. after a dot stays joined", ["lower case. after a dot stays joined"]),
        ("No space.After the dot", ["No space.After the dot"]),
    ],
)
def test_english_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I like it. 我也喜欢。", ["I like it.", "我也喜欢。"]),
        (
            "中文句子，English words inside. 下一句。",
            ["中文句子，English words inside.", "下一句。"],
        ),
        ("Prices rose 2.5% in 2024. 涨幅不大。", ["Prices rose 2.5% in 2024.", "涨幅不大。"]),
        ("English; not a break here. Okay.", ["English; not a break here.", "Okay."]),
        ("学习 Python 很有趣！Let us start.", ["学习 Python 很有趣！", "Let us start."]),
    ],
)
def test_mixed_text(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_trimmed_offsets_into_the_paragraph() -> None:
    text = "  First one.   Second one.  "
    assert split_sentences(text) == [Span(2, 12), Span(15, 26)]


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_paragraph_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


sentence_text = st.lists(
    st.one_of(
        st.sampled_from([*"。！？；…⋯”」』）》.!?;\"' ()\n", "Dr", "U.S", "2.5", "e.g", "A"]),
        st.characters(),
    ),
    max_size=120,
).map("".join)


@given(sentence_text)
@example("Dr. A. 2.5. ……”。 ")
@example("。。。")
def test_spans_are_ordered_disjoint_trimmed_and_cover_every_non_space(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered: set[int] = set()
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        covered.update(range(span.start, span.end))
        previous_end = span.end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@given(st.lists(st.sampled_from(["今天下雨了。", "真的吗？", "好的！", "然后呢……"]), max_size=8))
def test_joined_chinese_sentences_split_back_apart(parts: list[str]) -> None:
    assert sentences("".join(parts)) == parts


@given(st.integers(0, 10**6), st.integers(0, 999))
def test_a_decimal_point_never_ends_a_sentence(whole: int, fraction: int) -> None:
    text = f"It costs {whole}.{fraction} yuan. Next one."
    assert sentences(text) == [f"It costs {whole}.{fraction} yuan.", "Next one."]
