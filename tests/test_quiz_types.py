"""Each question type on crafted Chinese and English texts."""

from __future__ import annotations

import random
import re

import pytest
from quiz_helpers import ask, of_type, sections_of

from studyapp.core.quiz import QUESTION_TYPES, generate
from studyapp.core.quiz.distractors import TermPool, too_close
from studyapp.core.quiz.english import noun_phrase
from studyapp.core.quiz.figure_options import wrong_values
from studyapp.core.quiz.figures import figures_en, figures_zh
from studyapp.core.quiz.model import BLANK
from studyapp.core.quiz.phrases import repeated_phrases_zh
from studyapp.core.quiz.tagging import tag_zh
from studyapp.core.quiz.units import section_text

GUIDE = """\
# 读书班手册

## 一、读书班的安排

读书班是学习活动的主阵地。每个读书班每周集中学习1次，每次90分钟左右。\
每位成员每天个人自学不少于40分钟，并在个人学习计划中写明进度。问题清单要写清每项任务的责任人、完成期限和验收标准。\
活动结束时，问题清单的按期销号率达到85%以上就算不错。个人学习计划最好控制在一页纸以内。\
领读人要提前一周准备导读提纲，读书班上由领读人先做导读。

## 二、调研怎么开展

调研可以按照五个步骤推进：

首先，**明确调研问题**。把课题拆成几个子问题。

其次，**设计调研方案**。确定调研对象和方式。

再次，**开展实地调研**。访谈控制在30到45分钟。

然后，**分析整理材料**。找出共性的问题。

最后，**形成调研成果**。撰写调研报告。

## 三、好的学习活动

一次好的学习活动通常具备下面几个特征：

- **目标具体**：读完12本必读书目。
- **节奏稳定**：每周有固定的学习时间。
- **人人有事**：每个人都是领读人。
- **过程可见**：进度随时查到。

## 四、遗忘的规律

德国心理学家艾宾浩斯发现，遗忘在学习之后立刻开始。1885年，艾宾浩斯出版了关于记忆的研究。\
间隔复习和检索练习是对付遗忘的两种办法。
"""
STEPS = ("明确调研问题", "设计调研方案", "开展实地调研", "分析整理材料", "形成调研成果")
FEATURES = ("目标具体", "节奏稳定", "人人有事", "过程可见")

ENGLISH = """\
# Deliberate reading

## Before you read

First, decide why you are reading. Second, survey the material. Third, turn the headings \
into questions. Finally, estimate the time.

## Reviewing

Spaced repetition means reviewing material at increasing intervals. A reading class meets \
once a week for about 90 minutes. Retrieval practice beats rereading, and spaced repetition \
beats cramming. Hermann Ebbinghaus tested his memory on lists of nonsense syllables. \
A success rate of roughly 70% is a comfortable target. Many learners try an index card \
system, and an index card holds one idea. The reading class keeps a shared question list.
"""


@pytest.fixture(scope="module")
def guide() -> list:
    return ask(GUIDE, seed=3)


@pytest.fixture(scope="module")
def english() -> list:
    return ask(ENGLISH, seed=3)


def test_every_type_appears(guide: list) -> None:
    assert {q.type for q in guide} == set(QUESTION_TYPES)


def test_cloze_blanks_one_whole_key_term(guide: list) -> None:
    clozes = of_type(guide, "cloze")
    assert {"问题清单", "艾宾浩斯"} <= {q.answer[0] for q in clozes}
    # 每个读书班每周集中学习1次: where a sentence has a figure, the figure is asked, not
    # a term beside it; a name (1885年，艾宾浩斯…) still may be
    assert not any(q.answer[0] == "读书班" and "1次" in q.prompt for q in clozes)
    for q in clozes:
        answer = q.answer[0]
        assert q.prompt == q.source.text.replace(answer, BLANK)
        assert q.options == ()
        starts = set(tag_zh(q.source.text).starts) | {len(q.source.text)}
        assert q.source.text.index(answer) in starts
        assert q.source.text.index(answer) + len(answer) in starts


def test_cloze_hint_gives_first_character_and_length(guide: list) -> None:
    q = next(q for q in of_type(guide, "cloze") if q.answer == ("艾宾浩斯",))
    assert q.hint == "首字“艾”，共4个字"


def test_repeated_noun_phrases_are_blanked_whole() -> None:
    text = (
        "每人提交一份个人学习计划。组长审阅个人学习计划和问题清单。"
        "问题清单的每一条都写明责任人。读书班每周一次，读书班的成员轮流领读。"
    )
    sentences = [tag_zh(s + "。") for s in text.split("。") if s]
    phrases = repeated_phrases_zh(sentences, text)
    assert {"个人学习计划", "问题清单"} <= phrases
    assert "学习计划" not in phrases  # always inside 个人学习计划
    assert "读书班" in {w for t in sentences for w in t.words}  # one jieba word already


def test_a_plural_noun_modifies_nothing() -> None:
    assert not noun_phrase(("NNS", "NNS"))  # For decades researchers have studied…
    assert noun_phrase(("NN", "NNS")) and noun_phrase(("JJ", "NN", "NN"))


def test_verb_object_pairs_are_not_phrases() -> None:
    text = "各组开展调研，然后开展调研。老师重新整理了笔记。学生重新整理了卡片。"
    sentences = [tag_zh(s) for s in re.split("(?<=[。，])", text) if s]
    phrases = repeated_phrases_zh(sentences, text)
    assert "开展调研" not in phrases
    assert not any(p.endswith("整理") for p in phrases)


def test_single_has_four_options_of_the_same_kind(guide: list) -> None:
    singles = of_type(guide, "single")
    assert singles
    for q in singles:
        assert len(q.options) == 4 and q.answer[0] in q.options
        wrong = [o for o in q.options if o != q.answer[0]]
        for option in wrong:
            assert option not in q.source.text
            if not q.answer[0][0].isdigit():
                assert not too_close(q.answer[0], option)


def test_number_distractors_keep_unit_and_magnitude() -> None:
    (figure,) = figures_zh("每天个人自学不少于40分钟。")
    assert (figure.number, figure.unit, figure.kind) == ("40", "分钟", "count")
    wrong = wrong_values(figure, random.Random(1), set(), 3)
    assert len(wrong) == 3 and "40" not in wrong
    grid = {"10", "15", "20", "25", "30", "45", "50", "60", "75", "90", "120"}
    assert all(v in grid for v in wrong)
    assert all(len(v.rstrip("0")) == 1 for v in wrong)  # as round as 40: no 45 beside it
    (percent,) = figures_zh("按期销号率达到85%以上。")
    values = wrong_values(percent, random.Random(1), set(), 3)
    assert all(v.endswith("%") and int(v[:-1]) % 5 == 0 and 70 <= int(v[:-1]) <= 95 for v in values)
    (year,) = figures_zh("1885年，艾宾浩斯出版了研究。")
    assert all(abs(int(v) - 1885) <= 5 for v in wrong_values(year, random.Random(1), set(), 3))


def test_range_ends_stay_a_range() -> None:
    low, high = figures_zh("每组6到8人。")
    assert all(int(v) < 8 for v in wrong_values(low, random.Random(2), {8.0}, 3))
    assert all(int(v) > 6 for v in wrong_values(high, random.Random(2), {6.0}, 3))


def test_dates_ratios_and_clock_times_are_not_figures() -> None:
    text = "2026年3月2日至3月8日，比例1∶5∶5∶2，早上7点20分。"
    assert [f.number for f in figures_zh(text)] == ["2026"]
    found = figures_en("It takes 10 to 15 minutes, 70% of the time, in 4/10 cases.")
    assert [f.number for f in found] == ["10", "15", "70%"]


def test_people_get_people_as_distractors() -> None:
    pool = TermPool({"person": ("艾宾浩斯", "费曼", "康奈尔"), "term": ("读书班", "问题清单")})
    picked = pool.pick("艾宾浩斯", "person", "艾宾浩斯发现了遗忘曲线。", random.Random(1), 2)
    assert sorted(picked) == ["康奈尔", "费曼"]
    assert pool.pick("读书班", "term", "读书班和问题清单", random.Random(1), 3) == []


def test_number_question_blanks_the_figure_and_keeps_the_unit(guide: list) -> None:
    numbers = of_type(guide, "number")
    assert numbers
    for q in numbers:
        assert BLANK in q.prompt and q.options == ()
        assert q.source.text.replace(q.answer[0], BLANK, 1) == q.prompt
    minutes = [q for q in numbers if q.answer == ("40",)]
    if minutes:
        assert "____分钟" in minutes[0].prompt
        assert {"40分钟", "四十"} <= set(minutes[0].accepted)


def test_number_question_from_a_figure() -> None:
    questions = ask("每位成员每天个人自学不少于40分钟。", types=("number",))
    assert [(q.prompt, q.answer) for q in questions] == [
        ("每位成员每天个人自学不少于____分钟。", ("40",))
    ]
    assert "四十分钟" in questions[0].accepted


def test_multiple_asks_for_items_of_one_enumeration(guide: list) -> None:
    multiples = of_type(guide, "multiple")
    assert multiples
    for q in multiples:
        assert q.prompt.startswith("下列哪些是文中列出的")
        assert 4 <= len(q.options) <= 6
        own = STEPS if set(q.answer) <= set(STEPS) else FEATURES
        assert set(q.answer) <= set(own)
        assert set(q.answer) == {o for o in q.options if o in own}
        assert len(q.answer) < len(q.options)


def test_order_shows_items_shuffled_and_expects_the_text_order(guide: list) -> None:
    (order,) = [q for q in of_type(guide, "order") if set(q.answer) == set(STEPS)]
    assert order.answer == STEPS
    assert sorted(order.options) == sorted(STEPS) and order.options != STEPS
    assert order.prompt.startswith("请按文中顺序排列")
    section = next(s for s in sections_of(GUIDE) if s.anchor == order.source.section)
    assert section_text(section)[order.source.start : order.source.end] == order.source.text


def test_order_is_never_shown_in_order() -> None:
    for seed in range(20):
        for q in of_type(ask(GUIDE, seed=seed, types=("order",)), "order"):
            assert q.options != q.answer


def test_order_from_a_numbered_list_with_labels_cut_short() -> None:
    text = (
        "# 流程\n\n一次读书班活动可以参照下面的流程：\n\n"
        "1. **开场回顾（10分钟）**：主持人回顾上一次的讨论要点。\n"
        "2. **领读导读（20分钟）**：领读人介绍本次阅读章节。\n"
        "3. **自由讨论（40分钟）**：围绕讨论题逐一展开。\n"
        "4. **布置下次任务（10分钟）**：明确下次的阅读范围。\n"
    )
    (order,) = ask(text, types=("order",))
    assert order.answer == ("开场回顾", "领读导读", "自由讨论", "布置下次任务")
    assert order.prompt == "请按文中顺序排列以下流程：（流程）"


def test_inline_markers_make_an_enumeration() -> None:
    text = (
        "# 毛病\n\n常见的毛病大致有四种：一是有安排、无跟进，书单发下去就没有下文；"
        "二是有阅读、无思考，提不出问题；三是有交流、无交锋，各说各话；"
        "四是有总结、无运用，心得没人看。\n"
    )
    (order,) = ask(text, types=("order",))
    assert order.answer == ("有安排、无跟进", "有阅读、无思考", "有交流、无交锋", "有总结、无运用")
    assert order.prompt.startswith("请按文中顺序排列以下毛病")


def test_true_false_is_the_sentence_or_one_swap() -> None:
    statements = ask(GUIDE, seed=3, types=("true_false",))
    answers = [q.answer for q in statements]
    assert {("true",), ("false",)} <= set(answers)
    assert abs(answers.count(("true",)) - answers.count(("false",))) <= 1  # about half each
    for q in statements:
        assert q.options == ("对", "错")
        if q.answer == ("true",):
            assert q.prompt == q.source.text
        else:
            assert q.prompt != q.source.text
            prefix = len(_common_prefix(q.prompt, q.source.text))
            suffix = len(_common_prefix(q.prompt[::-1], q.source.text[::-1]))
            inserted = q.prompt[prefix : len(q.prompt) - suffix]
            assert inserted and inserted not in q.source.text


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def test_types_filter_and_count() -> None:
    questions = ask(GUIDE, types=("cloze", "number"), count=5)
    assert len(questions) == 5
    assert {q.type for q in questions} == {"cloze", "number"}


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="essay"):
        ask(GUIDE, types=("essay",))


def test_english_questions_blank_whole_words(english: list) -> None:
    clozes = of_type(english, "cloze") + of_type(english, "single")
    assert clozes
    for q in clozes:
        answer = q.answer[0]
        start = q.source.text.index(answer)
        end = start + len(answer)
        text = q.source.text
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()
        assert answer.casefold() not in {"the", "a", "an", "and", "of", "is"}


def test_english_article_before_a_blank_becomes_a_n() -> None:
    questions = ask(ENGLISH, types=("cloze",), count=None)
    for q in questions:
        assert not re.search(r"\ban ____", q.prompt)
        assert not re.search(r"\ba ____", q.prompt)


def test_english_first_second_finally_is_an_order(english: list) -> None:
    (order,) = of_type(english, "order")
    assert order.answer == (
        "decide why you are reading",
        "survey the material",
        "turn the headings into questions",
        "estimate the time",
    )
    assert order.prompt.startswith("Put these in the order")
    assert order.language == "en"


def test_english_true_false_labels(english: list) -> None:
    assert all(q.options == ("True", "False") for q in of_type(english, "true_false"))


def test_no_questions_from_nothing() -> None:
    assert generate([], material_id="m", stats=None, rng=random.Random(1)) == []
    assert ask(GUIDE, count=0) == []
