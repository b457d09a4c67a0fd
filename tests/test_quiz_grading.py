"""Grading: normalisation, pinyin, near misses, numbers, choices, order and true/false."""

from __future__ import annotations

import pytest

from studyapp.core.quiz import Grade, Question, SourceRef, grade, normalise_answer
from studyapp.core.quiz.builders import number_forms
from studyapp.core.quiz.figures import figures_en, figures_zh
from studyapp.core.quiz.numerals import parse_number, parse_zh_integer, to_zh

SOURCE = SourceRef("m", "s", 0, 20, "每天写读书笔记不少于40分钟。")


def question(
    kind: str, answer: tuple[str, ...], options: tuple[str, ...] = (), **extra
) -> Question:
    return Question("q", kind, "prompt ____", options, answer, SOURCE, "zh", **extra)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("读书班。", "读书班"),
        ("ＡＢＣ１２３", "abc123"),
        ("Retrieval  Practice!", "retrievalpractice"),
        ("“问题清单”", "问题清单"),
        ("85％", "85%"),
        ("a\u200bb\u200dc\ufeff", "abc"),
        ("x\u202ey\u2066z", "xyz"),
        ("（一）、…", "一"),
        ("e\u0301", "é"),
        ("  Spaced\tRepetition\n", "spacedrepetition"),
    ],
)
def test_normalise_answer(text: str, expected: str) -> None:
    assert normalise_answer(text) == expected


@pytest.mark.parametrize(
    ("typed", "verdict", "pinyin"),
    [
        ("读书笔记", "right", False),
        ("读书笔记。", "right", False),
        (" 读 书 笔 记 ", "right", False),
        ("dushubiji", "right", True),
        ("Du Shu Bi Ji", "right", True),
        ("ｄｕｓｈｕｂｉｊｉ", "right", True),
        ("读书", "wrong", False),
        ("dushu", "wrong", False),
        ("", "wrong", False),
    ],
)
def test_cloze_typed_answers(typed: str, verdict: str, pinyin: bool) -> None:
    result = grade(question("cloze", ("读书笔记",)), typed)
    assert (result.verdict, result.via_pinyin) == (verdict, pinyin)


@pytest.mark.parametrize("typed", ["lvse", "luse", "lüse", "LÜ SE", "lu:se"])
def test_pinyin_u_umlaut_as_v_or_u(typed: str) -> None:
    assert grade(question("cloze", ("绿色",)), typed).via_pinyin


def test_pinyin_accepts_other_readings_of_a_polyphone() -> None:
    assert grade(question("cloze", ("银行",)), "yinhang").verdict == "right"
    assert grade(question("cloze", ("银行",)), "yinxing").verdict == "right"


def test_one_character_off_in_a_long_answer_is_almost_with_a_diff() -> None:
    result = grade(question("cloze", ("读书笔记",)), "读书笔迹")
    assert result.verdict == "almost"
    assert result.diff == "读书笔迹 → 读书笔记"


def test_one_character_off_in_a_short_answer_is_wrong() -> None:
    assert grade(question("cloze", ("读书班",)), "读书会").verdict == "wrong"


def test_english_near_miss_and_case() -> None:
    q = question("cloze", ("retrieval practice",))
    assert grade(q, "Retrieval Practice").verdict == "right"
    assert grade(q, "retreival practice").verdict == "wrong"  # two edits
    assert grade(q, "retrieval practise").verdict == "almost"


def test_accepted_alternatives_count_as_right() -> None:
    q = question("cloze", ("SQ3R",), accepted=("SQ3R阅读法",))
    assert grade(q, "sq3r阅读法").verdict == "right"


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("40", "right"),
        ("四十", "right"),
        ("４０", "right"),
        ("40分钟", "right"),
        ("四十分钟", "right"),
        ("40 分钟", "right"),
        ("41", "wrong"),
        ("40小时", "wrong"),
        ("forty", "wrong"),
    ],
)
def test_numbers_with_or_without_unit(typed: str, verdict: str) -> None:
    q = question("number", ("40",), accepted=("40分钟", "四十", "四十分钟"))
    assert grade(q, typed).verdict == verdict


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("85%", "right"),
        ("85", "right"),
        ("百分之八十五", "right"),
        ("８５％", "right"),
        ("80%", "wrong"),
    ],
)
def test_percentages(typed: str, verdict: str) -> None:
    q = question("number", ("85%",), accepted=("85", "百分之八十五"))
    assert grade(q, typed).verdict == verdict


def test_thousands_separators() -> None:
    q = question("number", ("3,000",), accepted=("3,000字", "三千"))
    assert [grade(q, t).verdict for t in ("3000", "3,000", "三千", "3,000字")] == ["right"] * 4


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("〇", 0),
        ("十", 10),
        ("十五", 15),
        ("四十", 40),
        ("一百零五", 105),
        ("两百", 200),
        ("一千零一", 1001),
        ("两万", 20000),
        ("二〇二六", 2026),
        ("一万二千三百四十五", 12345),
        ("九万九千九百九十九", 99999),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_zh_integer(text) == value


@pytest.mark.parametrize("text", ["三四十", "万", "十十", "abc", ""])
def test_malformed_chinese_numerals(text: str) -> None:
    assert parse_zh_integer(text) is None


@pytest.mark.parametrize("value", [0, 7, 10, 12, 40, 105, 110, 1001, 2026, 20000, 99999])
def test_chinese_numerals_round_trip(value: int) -> None:
    assert parse_zh_integer(to_zh(value)) == value


def test_parse_number_forms() -> None:
    assert parse_number("一点五") == (1.5, False)
    assert parse_number("百分之七十") == (70.0, True)
    assert parse_number("40分钟") is None


def test_single_choice_by_text_letter_or_number() -> None:
    q = question("single", ("读书班",), ("问题清单", "读书班", "调研课题", "必读书目"))
    assert grade(q, "读书班").verdict == "right"
    assert grade(q, "B").verdict == "right"
    assert grade(q, "b").verdict == "right"
    assert grade(q, "2").verdict == "right"
    assert grade(q, "A").verdict == "wrong"


def test_multiple_is_right_only_when_fully_right_and_tells_each_option() -> None:
    options = ("目标具体", "自由讨论", "节奏稳定", "过程可见")
    q = question("multiple", ("目标具体", "节奏稳定", "过程可见"), options)
    assert grade(q, ["目标具体", "节奏稳定", "过程可见"]).verdict == "right"
    assert grade(q, "A, C, D").verdict == "right"
    assert grade(q, "ACD").verdict == "right"
    partial = grade(q, ["目标具体", "自由讨论"])
    assert partial.verdict == "wrong"
    assert partial.items == (True, False, False, False)


def test_order_is_right_only_in_full_order_and_tells_each_position() -> None:
    labels = ("浏览", "提问", "阅读", "复述", "复习")
    q = question("order", labels, ("阅读", "复习", "浏览", "提问", "复述"))
    assert grade(q, list(labels)).verdict == "right"
    assert grade(q, "3 4 1 5 2").verdict == "right"  # option numbers in order
    swapped = grade(q, ["提问", "浏览", "阅读", "复述", "复习"])
    assert swapped.verdict == "wrong"
    assert swapped.items == (False, False, True, True, True)
    assert grade(q, ["浏览", "提问"]).items == (True, True, False, False, False)


@pytest.mark.parametrize(
    ("typed", "truth", "verdict"),
    [
        ("true", "true", "right"),
        ("对", "true", "right"),
        ("T", "true", "right"),
        ("正确", "true", "right"),
        ("false", "false", "right"),
        ("错", "false", "right"),
        ("×", "false", "right"),
        ("true", "false", "wrong"),
        ("maybe", "true", "wrong"),
    ],
)
def test_true_false(typed: str, truth: str, verdict: str) -> None:
    q = question("true_false", (truth,), ("对", "错"))
    assert grade(q, typed).verdict == verdict


def test_grade_is_a_frozen_value() -> None:
    result = grade(question("cloze", ("读书班",)), "读书班")
    assert isinstance(result, Grade)
    assert result.right
    with pytest.raises(AttributeError):
        result.verdict = "wrong"  # type: ignore[misc]


def test_order_and_multiple_accept_packed_digits_and_letters() -> None:
    from studyapp.core.quiz.model import Question, SourceRef

    source = SourceRef("m", "s", 0, 1, "x")
    order = Question(
        "o", "order", "p", ("丙", "甲", "丁", "乙"), ("甲", "乙", "丙", "丁"), source, "zh"
    )
    assert grade(order, "2413").verdict == "right"
    assert grade(order, "2 4 1 3").verdict == "right"
    assert grade(order, "BDAC").verdict == "right"
    assert grade(order, "2431").items == (True, True, False, False)
    multiple = Question("m", "multiple", "p", ("a1", "b2", "c3", "d4"), ("a1", "c3"), source, "en")
    assert grade(multiple, "13").verdict == "right"
    assert grade(multiple, "AC").verdict == "right"
    assert grade(multiple, "1").verdict == "wrong"


@pytest.mark.parametrize(
    ("answer", "typed", "verdict"),
    [
        ("traditions", "tradition", "right"),  # the singular of a plural blank
        ("children", "child", "right"),  # an irregular plural
        ("analyses", "analysis", "right"),
        ("tradition", "traditions", "right"),  # the plural of a singular blank
        ("an iron string", "iron string", "right"),  # an article left off
        ("iron string", "the iron string", "right"),  # or put in
        ("human populations", "human population", "right"),
        ("glass", "glas", "almost"),  # a misspelling, not a singular
        ("rivers", "lakes", "wrong"),
        ("iron string", "iron strings attached", "wrong"),  # another phrase
    ],
)
def test_english_blanks_accept_the_other_number_and_articles(
    answer: str, typed: str, verdict: str
) -> None:
    blank = Question("q", "cloze", "prompt ____", (), (answer,), SOURCE, "en")
    assert grade(blank, typed).verdict == verdict


def test_chinese_blanks_are_not_read_as_english_words() -> None:
    assert grade(question("cloze", ("读书班",)), "读书").verdict == "wrong"


def test_a_number_s_other_forms_keep_an_english_unit_apart() -> None:
    (english,) = figures_en("Gauges stood at approximately 1,000 locations around the globe.")
    assert "1,000 locations" in number_forms(english, "en")  # not "1,000locations"
    (chinese,) = figures_zh("每人每天自学时间不少于40分钟。")
    assert "40分钟" in number_forms(chinese, "zh")
