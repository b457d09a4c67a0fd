"""Counts written in Chinese numerals (七匹马, 二十四岁) are figures a quiz can ask."""

from __future__ import annotations

from random import Random

import pytest
from quiz_helpers import ask, of_type

from studyapp.core.quiz.figure_options import wrong_values
from studyapp.core.quiz.figures import figures_en, figures_zh
from studyapp.core.quiz.numerals_en import parse_spelled


def numbers(sentence: str) -> list[tuple[str, str]]:
    return [(f.number, f.unit) for f in figures_zh(sentence)]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("七匹马拉着一辆大车，在旷野上跑。", [("七", "匹")]),
        ("竟有二十四岁的学生来上高等小学。", [("二十四", "岁")]),
        ("这座古城已有三百年前的城墙。", [("三百", "年")]),
        ("一百二十个人挤在屋里。", [("一百二十", "个")]),
        ("这两条街是从南到北的。", []),  # 这两条: pointing back, not a count
        ("这条街大概五六里长。", []),  # two digits side by side: about, not a figure
        ("我们已经有十多个年头没见了。", []),  # 十多个: about (八多个 is not Chinese)
        ("昭公七年离现在已很辽远。", []),  # a reign's year, not seven years
        ("第二十四条 本条例自公布之日起施行。", []),  # an article number
        ("他跑了一个来回。", []),  # 一 alone is mostly an article
    ],
)
def test_counts_in_chinese_numerals_are_figures(sentence: str, found: list) -> None:
    assert numbers(sentence) == found


TOWN = """# 小城

小城里有一条十字街，街上很热闹。

七匹马拉着一辆大车，在旷野上成串地跑，车上装满了粮食。

他三番五次地劝说邻居，邻居总也不肯听他的话。

高等小学里竟有二十四岁的学生，在私学馆里已经教过书了。

东二道街上还有两家学堂，一个在南头，一个在北头。
"""


def test_a_spoken_count_is_asked_from_ten_up_and_graded_in_digits_too() -> None:
    questions = ask(TOWN, count=20)
    asked = {q.answer[0] for q in of_type(questions, "number")}
    asked |= {q.answer[0] for q in of_type(questions, "single")}
    assert asked & {"二十四", "二十四岁"}
    assert not asked & {"七", "七匹", "两", "两家"}  # under ten: incidental detail
    assert not asked & {"十", "十字", "五", "五次"}  # inside 十字街 and 三番五次: not counts
    typed = of_type(ask(TOWN, count=20, types=("number",)), "number")
    age = next(q for q in typed if q.answer == ("二十四",))
    assert "竟有____岁的学生" in age.prompt
    assert {"24", "24岁", "二十四岁"} <= set(age.accepted)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("We look forward to a world founded upon four essential human freedoms.", ["four"]),
        ("He led two hundred men across the river.", ["two hundred"]),
        ("Twenty-five students came, and one teacher.", ["Twenty-five"]),  # not "one"
        ("One babe commonly makes four or five out of the adults.", []),  # about, not a figure
        ("The two of them left.", []),  # no counted noun
    ],
)
def test_spelled_english_counts_are_figures(sentence: str, found: list) -> None:
    assert [f.number for f in figures_en(sentence)] == found


def test_wrong_spelled_counts_are_spelled_alike() -> None:
    four = figures_en("Four freedoms were named.")[0]
    hundreds = figures_en("He led two hundred men.")[0]
    for seed in range(5):
        wrong = wrong_values(four, Random(seed), set())
        assert wrong and all(w[0].isupper() and parse_spelled(w) for w in wrong)
        for wrong in wrong_values(hundreds, Random(seed), set()):
            assert wrong.endswith(" hundred") and parse_spelled(wrong) is not None


def test_a_spelled_count_is_graded_as_a_digit_too() -> None:
    text = "# Report\n\nMore than ever, twenty-five nations signed the treaty in the hall.\n"
    typed = of_type(ask(text, count=5, types=("number",)), "number")
    assert typed and typed[0].answer == ("twenty-five",) and "25" in typed[0].accepted
