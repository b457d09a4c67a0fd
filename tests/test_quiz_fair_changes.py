"""Rules chosen on three fresh tuning texts (a story, a speech, a science release): false
items that stay true or are absurd on their face, options beyond the whole, blanks cut
from a name or a particle, short forms that give the answer away, forms of address."""

from __future__ import annotations

import random

import pytest

from studyapp.core.quiz.false_figures import false_value, qualifier
from studyapp.core.quiz.figure_options import wrong_values
from studyapp.core.quiz.figures import figures_zh
from studyapp.core.quiz.numerals import parse_number
from studyapp.core.quiz.quality import enough_context, specific, statement
from studyapp.core.quiz.reversal import reversed_claim
from studyapp.core.quiz.tagging import tag_sentence
from studyapp.core.quiz.targets import cuts_name_en, tokenizer_slip
from studyapp.core.quiz.units import Unit


def _unit(text: str, language: str = "zh") -> Unit:
    tagged = tag_sentence(text, language)
    starts = None if language == "zh" else tagged.starts
    return Unit("s", 0, 0, 0, text, language, tagged.words, tagged.tags, "p", (), starts)


def _span(text: str, answer: str) -> tuple[int, int]:
    start = text.index(answer)
    return start, start + len(answer)


def test_a_share_is_never_offered_above_the_whole() -> None:
    text = "一村的老老少少，他们也百分之九十九不识字。"
    figure = figures_zh(text)[0]
    for seed in range(30):
        for option in wrong_values(figure, random.Random(seed), set()):
            assert "一百" not in option


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("那就是有名的铁头老生，能连翻八十四个筋斗。", "min"),  # what one can do
        ("住户不满三十家，都种田，打鱼。", "max"),  # fewer than
        ("住户有三十家，都种田，打鱼。", "exact"),
    ],
)
def test_what_one_can_do_and_fewer_than_bound_a_figure(text: str, bound: str) -> None:
    figure = figures_zh(text)[0]
    assert qualifier(text, figure) == bound


@pytest.mark.parametrize(
    "text", ["那就是有名的铁头老生，能连翻八十四个筋斗。", "新建的礼堂能容纳3000人。"]
)
def test_what_one_can_do_is_made_false_only_by_more(text: str) -> None:
    figure = figures_zh(text)[0]
    made = [false_value(figure, text, random.Random(seed), [figure]) for seed in range(20)]
    values = [parse_number(value)[0] for value in made if value is not None]
    assert all(value > figure.value for value in values)
    if figure.number == "3000":
        assert values  # a false value can be had, upwards


@pytest.mark.parametrize(
    "text",
    [
        "After the channel formed, it was filled with boulders and other debris.",
        "Mount Sharp stands 3 miles above the floor of Gale Crater.",
    ],
)
def test_time_and_place_words_are_not_reversed(text: str) -> None:
    change = reversed_claim(_unit(text, "en"))
    changed = text if change is None else text[: change[0]] + change[2] + text[change[1] :]
    assert "Before the channel" not in changed and "below the floor" not in changed


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("However, debris flows could have had enough energy to chisel into the bedrock.", False),
        ("Debris flows could have had enough energy to chisel into the bedrock.", True),
    ],
)
def test_an_english_statement_opening_on_a_link_is_not_asked(text: str, ok: bool) -> None:
    assert statement(_unit(text, "en")) is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("外祖母和母亲也相信，便不再驳回，都微笑了。", False),  # also, as someone else did
        ("外祖母和母亲相信了，便不再驳回，都微笑了。", True),
    ],
)
def test_a_chinese_statement_that_says_also_leans_on_another(text: str, ok: bool) -> None:
    assert statement(_unit(text)) is ok


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("双喜所虑的是用了八公公船上的盐和柴，这老头子很细心。", "公公"),  # 八公公 is a name
        ("他们已经很愤怒，所以这时的文学每每带有愤怒之音；", "之音"),  # the particle is cut
    ],
)
def test_a_blank_cut_from_a_name_or_a_particle_is_a_slip(text: str, answer: str) -> None:
    assert tokenizer_slip(_unit(text), *_span(text, answer), text)


def test_a_short_form_after_the_blank_gives_it_away() -> None:
    text = "Engineers try to resolve an issue with the color Mast Camera, or Mastcam."
    assert cuts_name_en(text, *_span(text, "Mast Camera"))
    plain = "Engineers try to resolve an issue with the color Mast Camera on the rover."
    assert not cuts_name_en(plain, *_span(plain, "Mast Camera"))


@pytest.mark.parametrize("word", ["诸君", "各位", "同志们"])
def test_forms_of_address_are_not_targets(word: str) -> None:
    assert not specific(word, "term", "zh")


@pytest.mark.parametrize(
    ("text", "answer", "ok"),
    [
        ("我向船头一望，前面已经是平桥。", "平桥", False),  # any place fits so little
        ("我们退到后面，一个辫子很光的却来领我们到了侧面，指出一个地位来。", "辫子", True),
    ],
)
def test_a_chinese_cloze_needs_a_sentence_that_pins_it_down(
    text: str, answer: str, ok: bool
) -> None:
    start, end = _span(text, answer)
    assert enough_context(text, start, end, "zh", cloze=True) is ok
    assert enough_context(text, start, end, "zh")  # a figure or options narrow it enough
