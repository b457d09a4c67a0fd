"""What every quiz holds, on real texts (the tuning half of tests/quality) and the bundled
materials: options of one kind, each sentence once, about as many false as true."""

from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path

import pytest
from quiz_helpers import BUNDLED, file_sections

from bench.quality import texts
from studyapp.core.quiz import Question, generate
from studyapp.core.quiz.analysis import Blank
from studyapp.core.quiz.false_figures import false_value, qualifier
from studyapp.core.quiz.figure_options import wrong_values
from studyapp.core.quiz.figures import figures_en, figures_zh
from studyapp.core.quiz.quality import (
    askable,
    cut_inside,
    recurs_or_rare,
    specific,
    statement,
)
from studyapp.core.quiz.tagging import tag_sentence
from studyapp.core.quiz.targets import describing_phrase, tokenizer_slip, topic_of
from studyapp.core.quiz.units import Unit
from studyapp.locations import Locations
from tests.cli_helpers import run_cli

TUNING = [text.path for text in texts("tuning")]
PATHS = TUNING + list(BUNDLED)
_FIGURE = re.compile(r"^(?:百分之)?[\d.,零〇一二两三四五六七八九十百千万亿]+")


@cache
def quiz(path: Path, count: int | None = 30) -> tuple[Question, ...]:
    sections = file_sections(path)
    return tuple(
        generate(sections, material_id=path.stem, stats=None, rng=random.Random(7), count=count)
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_single_choice_options_are_figures_of_the_answers_unit(path: Path) -> None:
    for question in quiz(path):
        if question.type != "single":
            continue
        units = {_FIGURE.sub("", option).strip() for option in question.options}
        assert len(units) == 1, question.options  # 900元, 1000元… never 公安机关 among them
        assert all(_FIGURE.match(option) for option in question.options)
        assert question.kind.startswith("figure")
        assert question.option_kinds == (question.kind,) * len(question.options)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_no_sentence_is_used_twice_in_a_quiz(path: Path) -> None:
    spans: dict[str, list[tuple[int, int]]] = {}
    for question in quiz(path):
        source = question.source
        for start, end in spans.get(source.section, []):
            assert source.end <= start or end <= source.start, question.prompt
        spans.setdefault(source.section, []).append((source.start, source.end))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_no_term_is_asked_twice_in_a_quiz(path: Path) -> None:
    asked = [q.answer[0] for q in quiz(path) if q.type == "cloze"]
    assert len(asked) == len(set(asked)), sorted(a for a in asked if asked.count(a) > 1)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_quiz_of_n_is_the_first_n_of_every_question(path: Path) -> None:
    every = quiz(path, None)
    assert quiz(path, 12) == every[:12]


def test_about_as_many_false_statements_as_true_ones() -> None:
    answers = [q.answer for path in PATHS for q in quiz(path) if q.type == "true_false"]
    falses = answers.count(("false",))
    assert len(answers) >= 20
    assert 0.35 <= falses / len(answers) <= 0.65


def test_a_text_with_lists_and_figures_gets_five_types() -> None:
    guide = next(p for p in BUNDLED if p.stem == "study-campaign-guide")
    assert len({q.type for q in quiz(guide)}) >= 5


def _unit(text: str, language: str = "zh", index: int = 0) -> Unit:
    tagged = tag_sentence(text, language)
    starts = None if language == "zh" else tagged.starts
    return Unit("s", 0, index, 0, text, language, tagged.words, tagged.tags, "p", (), starts)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Suppose you make two cards per chapter and read four chapters a week.", "en"),
        ("Let us say to the democracies that we stand with them in this hour.", "en"),
        ("Thank you all for coming to the reading class this evening, friends.", "en"),
        ("They did not wait for Norway or Belgium to commit an act of war.", "en"),
        ("如果每章做两张卡片，每周读四章，一个月就有三十多张卡片。", "zh"),
        ("请大家在每次读书班之前把问题清单交给组长。", "zh"),
        ("（二）坚持以供给侧结构性改革为主线，着力培育壮大新动能。", "zh"),
        ("至于读书班改在周四，则也许另有缘故罢。", "zh"),
        ("这一年全区新建图书室四十二个，借阅量增长两成；", "zh"),
        ("但是多数学员仍然坚持每天阅读一个小时以上。", "zh"),
        ("So the committee approved the library budget for the coming year.", "en"),
        ("The new reading room will probably open before the spring term begins.", "en"),
        ("In pursuit of this purpose the council doubled the grant for rural schools.", "en"),
        ("The council told the schools that they must keep their libraries open.", "en"),
        ("Keep a notebook beside the book and write down every question you meet.", "en"),
    ],
)
def test_suppositions_commands_greetings_pronouns_and_heading_items_are_no_statements(
    text: str, language: str
) -> None:
    assert not statement(_unit(text, language))


def test_a_line_without_an_ending_or_a_continuation_is_not_askable() -> None:
    assert not askable(_unit("2000年2月3日 中华人民共和国国务院令第280号发布"))
    assert not askable(_unit("没有违法所得的，处2万元以上20万元以下的罚款。", index=1))
    assert askable(_unit("没有违法所得的，处2万元以上20万元以下的罚款。", index=0))
    assert not askable(_unit("大风时候的沙尘，都不能抹去这支那生活的魅力。”"))  # quote closed
    clause = "and not cowards at the back of the hall, but readers who argue every page of it."
    assert not askable(_unit(clause, "en"))  # the middle of a sentence, cut at its semicolon
    opened = "Why should I not answer the visitor at the door, 'Go home and read your book;"
    assert not askable(_unit(opened, "en"))


def test_everyday_words_are_not_specific_terms() -> None:
    assert not specific("工作", "term", "zh")
    assert not specific("改革发展", "term", "zh")
    assert specific("结构性改革", "term", "zh")
    assert not specific("devotion", "term", "en") or specific("munitions", "term", "en")
    assert not specific("world", "term", "en")
    assert specific("Netherlands", "name", "en")


def test_a_blank_never_cuts_a_word_or_a_recurring_phrase() -> None:
    sentence = "过去五年，强军兴军开创新局面。"
    assert cut_inside(sentence, sentence.index("创新局面"), sentence.index("。"), sentence)
    material = "推进供给侧结构性改革。深化供给侧结构性改革。"
    start = material.index("结构性改革")
    assert cut_inside(material, start, start + 5, material)


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("活动结束时，问题清单的按期销号率达到85%以上。", 1),
        ("访谈时间控制在不到45分钟。", -1),
        ("More than 600 students took part in the challenge this year.", 1),
    ],
)
def test_a_false_figure_respects_its_qualifier(sentence: str, direction: int) -> None:
    found = figures_zh(sentence) if re.search("[\u4e00-\u9fff]", sentence) else figures_en(sentence)
    figure = found[0]
    assert qualifier(sentence, figure) == ("min" if direction > 0 else "max")
    for seed in range(10):
        value = false_value(figure, sentence, random.Random(seed), found)
        assert value is not None
        assert (float(value.rstrip("%").replace(",", "")) - figure.value) * direction > 0


def test_quiz_json_says_how_many_passed_and_the_kinds(locations: Locations) -> None:
    result = run_cli(
        locations, "quiz", "study-campaign-guide", "--json", "--count", "5", "--seed", "7"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["questions"]) == 5 and data["available"] > 5
    for question in data["questions"]:
        assert question["kind"]
        assert len(question["option_kinds"]) in (0, len(question["options"]))


def test_a_blank_on_a_tagger_slip_is_left_alone() -> None:
    glued = _unit("当年的贡品先献于北魏，后来又献于金。")
    start = glued.text.index("于北魏")
    assert tokenizer_slip(glued, start, start + 3)
    unplaced = _unit("鹤见祐辅氏在《北京的魅力》中记下了这件事。")
    assert tokenizer_slip(unplaced, 0, 2)
    plain = _unit("中国人民银行是国家管理人民币的主管机关。")
    assert not tokenizer_slip(plain, 0, 6)
    horse = _unit("过了一会儿，那马又站起来了。")
    assert tokenizer_slip(horse, horse.text.index("那马"), horse.text.index("那马") + 2)
    school = _unit("一个在龙王庙里，一个在祖师庙里。")
    at = school.text.index("祖师庙里")
    assert tokenizer_slip(school, at, at + 4, school.text)
    road = _unit("这条公路全长三百平方公里。")
    at = road.text.index("平方公里")
    assert not tokenizer_slip(road, at, at + 4, road.text)


def test_the_word_every_sentence_is_about_is_no_blank() -> None:
    notice = " ".join(f"The agency opened station {n} of its network this week." for n in range(9))
    assert topic_of(notice, "agency")
    assert not topic_of(notice, "station 3")
    short = "The agency opened a station. The agency hired staff."
    assert not topic_of(short, "agency")  # too few sentences to call anything the topic


@pytest.mark.parametrize(
    ("term", "describing"),
    [
        ("immediate repairs", True),
        ("rising prices", True),
        ("civil liberties", False),
        ("medical care", False),
        ("iron bridge", False),
    ],
)
def test_a_describing_adjective_on_a_noun_makes_no_term(term: str, describing: bool) -> None:
    material = f"The town asked for {term} after the flood, and the mayor agreed."
    assert describing_phrase(term, material) is describing


def test_a_describing_phrase_the_material_repeats_is_a_term() -> None:
    material = "The board wants immediate repairs. Immediate repairs cost less than delays."
    assert not describing_phrase("immediate repairs", material)


def test_a_common_chinese_word_used_once_is_no_term_a_rare_or_recurring_one_is() -> None:
    sentence = "他每天傍晚都去研究室，把当天读过的钞票史料抄在卡片上。"
    unit = _unit(sentence)

    def blank(term: str) -> Blank:
        start = sentence.index(term)
        return Blank(unit, start, start + len(term), term, "term", 1.0)

    assert not recurs_or_rare(blank("研究室"), sentence)  # everyday, used once
    assert recurs_or_rare(blank("研究室"), sentence + "研究室里很安静。")
    assert recurs_or_rare(blank("钞票史料"), sentence)  # rare in general Chinese


@pytest.mark.parametrize(
    ("sentence", "looks_like"),
    [
        ("全年粮食产量5.31亿吨，比上年略有增加。", r"^\d\.\d\d$"),  # decimals among decimals
        ("两年内覆盖率提高到30％，超过预期。", r"^\d+％$"),  # the answer's own percent sign
        ("今年是建校60周年，全校师生都来了。", r"^\d+0$"),  # anniversaries are round
    ],
)
def test_wrong_figures_are_written_like_the_answer(sentence: str, looks_like: str) -> None:
    figure = next(f for f in figures_zh(sentence) if f.number[0].isdigit())
    for seed in range(5):
        for value in wrong_values(figure, random.Random(seed), set()):
            assert re.match(looks_like, value), (figure.number, value)
