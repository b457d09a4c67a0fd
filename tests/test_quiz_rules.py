"""Each quality rule, on questions crafted to pass it and to break it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studyapp.core.quiz import Question, SourceRef
from studyapp.core.quiz import rules as r

SENTENCE = "每位学员都要参加读书班，每天学习时间不少于40分钟。"
SOURCE = SourceRef("m", "s", 0, len(SENTENCE), SENTENCE)


def cloze(answer: str, prompt: str | None = None, **extra) -> Question:
    shown = prompt if prompt is not None else SENTENCE.replace(answer, "____", 1)
    return Question("id", "cloze", shown, (), (answer,), SOURCE, "zh", **extra)


def single(answer: str, options: tuple[str, ...]) -> Question:
    return Question(
        "id", "single", SENTENCE.replace(answer, "____", 1), options, (answer,), SOURCE, "zh"
    )


def test_answer_once_in_source() -> None:
    assert r.answer_once_in_source(cloze("读书班"))
    assert not r.answer_once_in_source(cloze("每"))  # 每位, 每天
    assert not r.answer_once_in_source(cloze("足球"))  # not there at all


def test_a_number_counts_only_standing_alone() -> None:
    assert r.count_in("第13周读完3本", "3") == 1
    assert r.count_in("3,000到5,000字", "3") == 0
    assert r.count_in("3,000到5,000字", "3,000") == 1


@pytest.mark.parametrize("answer", ["都", "的", "，", "要", "学", "每天"])
def test_blank_is_never_a_stop_word_punctuation_or_lone_character(answer: str) -> None:
    assert not r.blank_not_stop_word(cloze(answer, prompt="____"))


@pytest.mark.parametrize("answer", ["读书班", "40", "5", "40分钟", "Feynman"])
def test_terms_and_numbers_may_be_blanks(answer: str) -> None:
    assert r.blank_not_stop_word(cloze(answer, prompt="____"))


def test_blank_is_a_whole_word() -> None:
    assert r.blank_is_whole_word(cloze("读书班"))
    assert not r.blank_is_whole_word(cloze("书班"))  # cuts 读书班 in two
    assert not r.blank_is_whole_word(cloze("学习时"))


def test_english_blank_is_a_whole_word() -> None:
    text = "Spaced repetition beats cramming."
    source = SourceRef("m", "s", 0, len(text), text)
    good = Question("id", "cloze", "____ beats cramming.", (), ("Spaced repetition",), source, "en")
    bad = Question("id", "cloze", "Spaced ____ beats cramming.", (), ("repet",), source, "en")
    assert r.blank_is_whole_word(good)
    assert not r.blank_is_whole_word(bad)


def test_prompt_hides_answer() -> None:
    assert r.prompt_hides_answer(cloze("读书班"))
    assert not r.prompt_hides_answer(cloze("读书班", prompt="____：读书班每周一次"))
    assert not r.prompt_hides_answer(cloze("读书班", prompt=SENTENCE))  # no blank at all


def test_hint_shows_only_the_first_character() -> None:
    assert r.prompt_hides_answer(cloze("读书班", hint="首字“读”，共3个字"))
    assert not r.prompt_hides_answer(cloze("读书班", hint="首字“读书”，共3个字"))
    assert not r.prompt_hides_answer(cloze("读书班", hint="就是读书班"))


def test_multiple_prompt_does_not_name_a_right_option() -> None:
    q = Question(
        "id",
        "multiple",
        "下列哪些是读书班的特征？",
        ("读书班", "甲", "乙", "丙"),
        ("读书班", "甲"),
        SOURCE,
        "zh",
    )
    assert not r.prompt_hides_answer(q)


def test_options_distinct_after_normalisation() -> None:
    assert r.options_distinct(single("读书班", ("读书班", "问题清单", "调研课题", "领读人")))
    assert not r.options_distinct(single("读书班", ("读书班", "问题清单", "问题清单。", "书目")))
    assert not r.options_distinct(single("读书班", ("读书会", "问题清单", "调研课题", "书目")))


def test_options_well_formed() -> None:
    assert r.options_well_formed(single("读书班", ("读书班", "问题清单", "调研课题", "领读人")))
    assert not r.options_well_formed(single("读书班", ("读书班", "问题清单", "调研课题")))
    order = Question("id", "order", "排列", ("乙", "甲", "丙"), ("甲", "乙", "丙"), SOURCE, "zh")
    assert r.options_well_formed(order)
    assert not r.options_well_formed(replace(order, options=("甲", "乙", "丙")))  # not shuffled
    assert not r.options_well_formed(replace(order, options=("甲", "乙", "丁")))
    tf = Question("id", "true_false", SENTENCE, ("对", "错"), ("true",), SOURCE, "zh")
    assert r.options_well_formed(tf)
    assert not r.options_well_formed(replace(tf, answer=("yes",)))


def test_distractors_fair() -> None:
    assert r.distractors_fair(single("读书班", ("读书班", "问题清单", "调研课题", "领读人")))
    assert not r.distractors_fair(single("读书班", ("读书班", "读书班长", "调研课题", "领读人")))
    assert not r.distractors_fair(single("读书班", ("读书班", "读书会", "调研课题", "领读人")))
    assert not r.distractors_fair(single("读书班", ("读书班", "学员", "调研课题", "领读人")))


def test_number_distractors_must_differ_in_value() -> None:
    good = single("40分钟", ("30分钟", "40分钟", "45分钟", "60分钟"))
    assert r.distractors_fair(good)
    assert not r.distractors_fair(single("40分钟", ("40.0分钟", "40分钟", "45分钟", "60分钟")))


def test_true_false_statement_matches_its_answer() -> None:
    true = Question("id", "true_false", SENTENCE, ("对", "错"), ("true",), SOURCE, "zh")
    false = replace(true, prompt=SENTENCE.replace("读书班", "问题清单"), answer=("false",))
    assert r.statement_matches_answer(true)
    assert r.statement_matches_answer(false)
    assert not r.statement_matches_answer(replace(true, answer=("false",)))
    assert not r.statement_matches_answer(replace(false, answer=("true",)))


def test_violations_names_the_broken_rules() -> None:
    assert r.violations(cloze("读书班", hint="首字“读”，共3个字")) == []
    assert "blank_not_stop_word" in r.violations(cloze("都"))


def test_apply_rules_drops_breakers_and_repeats() -> None:
    good = cloze("读书班")
    same_id = replace(cloze("40分钟"), id=good.id)
    same_prompt = replace(good, id="other")
    broken = replace(cloze("都"), id="third")
    assert r.apply_rules([good, same_id, same_prompt, broken]) == [good]
    assert r.duplicates([good, same_id, same_prompt]) == [1, 2]


def test_a_blank_needs_enough_of_its_sentence_around_it() -> None:
    from studyapp.core.quiz.quality import enough_context

    short = "读书班是学习活动的主阵地。"  # any noun of the material fits the blank
    assert not enough_context(short, 0, 3, "zh")
    longer = "问题清单要写清责任人和完成期限。"
    assert enough_context(longer, 0, 4, "zh")
    assert not enough_context("Courage is the key.", 0, 7, "en")
    assert enough_context("Courage is the first of human qualities, said Churchill.", 0, 7, "en")


def test_a_list_label_before_the_sentence_is_left_out_of_the_blank_prompt() -> None:
    from studyapp.core.quiz.builders import blanked
    from studyapp.core.quiz.units import Unit

    text = "（二）问题清单要写清责任人和完成期限。"
    unit = Unit("s1", 0, 0, 0, text, *([None] * (len(Unit._fields) - 5)))
    start = text.index("问题清单")
    assert blanked(unit, start, start + 4) == "____要写清责任人和完成期限。"
