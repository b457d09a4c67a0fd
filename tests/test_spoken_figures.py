"""Counts written in Chinese numerals (七匹马, 二十四岁) are figures a quiz can ask."""

from __future__ import annotations

import pytest
from quiz_helpers import ask, of_type

from studyapp.core.quiz.figures import figures_zh


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

东二道街上还有两家学堂，一个在南头，一个在北头。
"""


def test_a_spoken_count_is_asked_and_graded_in_digits_too() -> None:
    questions = ask(TOWN, count=20)
    asked = {q.answer[0] for q in of_type(questions, "number")}
    asked |= {q.answer[0] for q in of_type(questions, "single")}
    assert asked & {"七", "七匹", "两", "两家"}
    assert not asked & {"十", "十字", "五", "五次"}  # inside 十字街 and 三番五次: not counts
    typed = of_type(ask(TOWN, count=20, types=("number",)), "number")
    seven = next(q for q in typed if q.answer == ("七",))
    assert seven.prompt.startswith("____匹马")
    assert {"7", "7匹", "七匹"} <= set(seven.accepted)
