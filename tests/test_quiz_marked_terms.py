"""Targets the text marks itself (titles, quoted terms) and the rules that keep figures,
English names and back-pointing sentences fair: each on sentences that pass and break it."""

from __future__ import annotations

import random

import pytest

from studyapp.core.quiz import generate
from studyapp.core.quiz.false_figures import false_value
from studyapp.core.quiz.figure_options import wrong_values
from studyapp.core.quiz.figures import figures_en, figures_zh
from studyapp.core.quiz.prompts import topic_of
from studyapp.core.quiz.quality import askable, statement
from studyapp.core.quiz.reversal import reversed_claim
from studyapp.core.quiz.spans import quoted_spans, term_spans
from studyapp.core.quiz.tagging import tag_sentence
from studyapp.core.quiz.targets import conversion_to_drop, converted, cuts_name_en
from studyapp.core.quiz.units import Unit, read_section
from tests.quiz_helpers import sections_of


def _unit(text: str, language: str = "zh") -> Unit:
    tagged = tag_sentence(text, language)
    starts = None if language == "zh" else tagged.starts
    return Unit("s", 0, 0, 0, text, language, tagged.words, tagged.tags, "p", (), starts)


def _blank(text: str, answer: str) -> tuple[str, int, int]:
    start = text.index(answer)
    return text, start, start + len(answer)


def test_titles_and_quoted_terms_are_whole_targets() -> None:
    spans = quoted_spans("他们的口号其一就是“整理国故”，常读《鉴略》。")
    assert [(s.text, s.kind) for s in spans] == [("整理国故", "quoted"), ("鉴略", "work")]
    text = "他们的口号其一就是“整理国故”。"
    (span,) = quoted_spans(text)
    assert text[span.start : span.end] == "整理国故"


@pytest.mark.parametrize(
    "text",
    [
        "他不回答，对柜里说，“温两碗酒，要一碟茴香豆。”",  # speech: punctuation inside
        "他们又是喝彩，“噢噢”地又叫了几声。",  # a cry
        "大家笑得“哈哈哈哈”。",
        "“整理国故”和“整理国故”说了两次。",  # twice in the sentence: which one is blank?
    ],
)
def test_speech_cries_and_repeated_quotes_are_not_targets(text: str) -> None:
    assert quoted_spans(text) == []


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("California’s Death Valley, the driest place, has hosted a lake.", "Valley"),
        ("Data from the international Surface Water and Ocean Topography mission helped.", "Ocean"),
        (
            "The team measures with the Ka-band Radar Interferometer (KaRIn) instrument.",
            "Radar Interferometer",
        ),
        ("Better estimates have been hard to come by, David said, due to a lack of data.", "David"),
        ("They used maps of NASA’s Shuttle Radar Topography Mission.", "Shuttle Radar Topography"),
    ],
)
def test_an_english_blank_never_takes_part_of_a_name_or_a_speaker(text: str, answer: str) -> None:
    assert cuts_name_en(*_blank(text, answer))


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("We ascribe to Moses, Plato and Milton that they set books at naught.", "Milton"),
        ("The river divides the State of Minnesota into two parts.", "Minnesota"),
        ("In my Budget Message I shall recommend a greater portion be paid.", "Budget Message"),
        ("They used NASA’s Shuttle Radar Topography Mission.", "Shuttle Radar Topography Mission"),
    ],
)
def test_whole_names_and_list_members_stay_targets(text: str, answer: str) -> None:
    assert not cuts_name_en(*_blank(text, answer))


def test_a_figure_beside_its_conversion_is_not_asked() -> None:
    text = "The depths ranged from about 3 feet (1 meter) to less than 1.5 feet."
    assert converted(*_blank(text, "3 feet"))
    assert converted(*_blank(text, "1 meter"))  # the other side gives it away too
    assert not converted(*_blank(text, "1.5 feet"))
    assert not converted(*_blank("黑土地面积约103万平方公里（据调查）。", "103万平方公里"))


LAKE = (
    "# Lake\n\nRight after the storms in early February, the temporary lake was about"
    " 6 miles (10 kilometers) long and 3 miles wide.\n"
)


@pytest.mark.parametrize("seed", range(4))
def test_a_figure_is_asked_with_its_conversion_left_out(seed: int) -> None:
    quiz = generate(sections_of(LAKE), material_id="m", stats=None, rng=random.Random(seed))
    figures = [q for q in quiz if q.type in ("number", "single") and "6" in q.answer[0]]
    assert figures, [q.prompt for q in quiz]
    for question in figures:
        assert "kilometers" not in question.prompt and "(" not in question.prompt
        assert question.prompt.startswith("Right after") and "____" in question.prompt
    statements = [q for q in quiz if q.type == "true_false" and q.answer == ("false",)]
    assert not [q for q in statements if "6 miles" not in q.prompt and "10 kilometers" in q.prompt]


def test_the_conversion_itself_is_never_left_to_ask() -> None:
    text = "The depths ranged from about 3 feet (1 meter) to less than 1.5 feet."
    after = len("The depths ranged from about 3 feet")
    assert conversion_to_drop(*_blank(text, "3 feet")) == (after, text.index(")") + 1)
    assert conversion_to_drop(*_blank(text, "1 meter")) is None
    assert conversion_to_drop(*_blank(text, "1.5 feet")) is None


def test_english_units_of_two_words_stay_whole() -> None:
    (figure,) = [f for f in figures_en("The basin holds 1,629 cubic miles of water.")]
    assert figure.unit.strip() == "cubic miles"
    (counted,) = figures_en("The datasets tracked 236,328 glacier edges in all.")
    assert counted.unit.strip() == "glacier edges"  # not "236,328 glacier" as an option
    (plain,) = figures_en("The lake was 6 miles long.")
    assert plain.unit.strip() == "miles"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("That’s 18% of the global discharge to the ocean, which averaged more each year.", False),
        ("The same basin also discharges the most water to the ocean every year.", False),
        ("This is the reason the study matters for water managers everywhere.", False),
        ("This tribe is, strictly speaking, a timber people of the northern woods.", True),
    ],
)
def test_an_english_sentence_that_points_back_is_not_asked(text: str, ok: bool) -> None:
    assert askable(_unit(text, "en")) is ok


def test_a_list_item_cut_from_its_list_is_not_asked() -> None:
    item = "三是加大农村产权制度改革力度，推进土地流转，加快永久基本农田的划定；"
    assert not askable(_unit(item))
    assert askable(_unit("加大农村产权制度改革力度，推进土地流转，加快永久基本农田的划定。"))


def test_a_list_opened_by_a_colon_and_cut_at_its_first_item_is_not_asked() -> None:
    cut = "大会秘书处提出如下建议：把审议代表议案与服务工作大局紧密结合起来；"
    assert not askable(_unit(cut))
    assert askable(_unit(cut.replace("；", "。")))
    assert askable(_unit("他提出三条建议，把审议代表议案与服务工作大局紧密结合起来；"))
    assert not askable(_unit("因此很知道些时事：例如什么地方，雷公劈死了蜈蚣精；"))
    assert askable(_unit("我素不知道天下有这许多新鲜事：海边有如许五色的贝壳；"))  # no list


def _values(options: list[str]) -> list[float]:
    return [float(option.rstrip("%").replace(",", "")) for option in options]


def test_wrong_values_are_as_round_as_the_answer() -> None:
    (figure,) = figures_zh("东北黑土地面积103万平方公里。")
    values = _values(wrong_values(figure, random.Random(3), set(), 3))
    assert len(values) == 3 and all(v % 5 for v in values)  # not 80, 100, 120 beside 103
    assert min(values) < 103 < max(values)


def test_an_about_figure_gets_wrong_values_beyond_rounding() -> None:
    text = "The basin holds roughly 38% of the global estimate."
    (figure,) = figures_en(text)
    values = _values(wrong_values(figure, random.Random(1), set(), 3, approximate=True))
    assert values and all(abs(v - 38) >= 3.4 for v in values)  # never 37% or 39%
    exact = _values(wrong_values(figure, random.Random(1), set(), 3))
    assert any(abs(v - 38) < 3.4 for v in exact)  # an exact figure may be close


@pytest.mark.parametrize("seed", range(8))
def test_an_english_unit_keeps_its_number(seed: int) -> None:
    (figure,) = figures_en("Mount Sharp stands 3 miles above the crater floor.")
    assert 1.0 not in _values(wrong_values(figure, random.Random(seed), set(), 3))  # "1 miles"
    (one,) = figures_en("The ridge rises 1 mile above the floor of the crater.")
    assert wrong_values(one, random.Random(seed), set(), 3) == []  # "2 mile" is no option


def test_chinese_counts_keep_their_largest_unit() -> None:
    (figure,) = [f for f in figures_zh("东莞有外资企业超过一万家。") if f.number == "一万"]
    options = wrong_values(figure, random.Random(2), set(), 3)
    assert options and all("万" in option for option in options)  # not 九千 beside 一万


@pytest.mark.parametrize(
    ("intro", "topic"),
    [
        ("一些委员建议，黑土地保护主要采取五项具体举措：", "举措"),
        ("读书有三个好处：", "好处"),
        ("分五个步骤推进：", "步骤"),
        ("常见的毛病大致有四种：", "毛病"),
    ],
)
def test_a_list_question_names_what_its_intro_counts(intro: str, topic: str) -> None:
    assert topic_of(intro, "zh") == topic


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("到后来，连并非批评家也这样叫喊了，他是听来的。", False),  # 这样: said where?
        ("近段时间，却有传闻说，外资企业大量关厂、撤资。", False),  # a rumour it refutes
        ("东莞2014年新增外资企业465家，投资额43亿美元。", True),
    ],
)
def test_a_chinese_statement_must_stand_on_its_own(text: str, ok: bool) -> None:
    assert statement(_unit(text)) is ok


def test_only_whole_auxiliaries_are_negated() -> None:
    assert reversed_claim(_unit("Another issue has been the lack of gauges.", "en")) is None
    assert reversed_claim(_unit("Each pixel represents an area of open water.", "en")) is None
    assert reversed_claim(_unit("The lake is shallow in spring.", "en")) == (9, 11, "is not")


def test_the_tail_of_a_quotation_is_not_asked() -> None:
    assert not askable(_unit("Thy love afar is spite at home.'", "en"))
    assert askable(_unit("Thy love afar is spite at home, he said to the bigot.", "en"))


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("到了年关，掌柜取下粉板说，“孔乙己还欠十九个钱呢！”", True),  # who said it is named
        ("“孔乙己还欠十九个钱呢！”掌柜又说了一遍。", False),  # it opens on the quotation
        ("篇幅不是关键，少说“受益匪浅”“收获很大”之类的套话。", True),  # little quoted
        ("他们都说“这回可真是吃了大亏了，下回再也不来了”。", False),  # mostly words, no one named
    ],
)
def test_reported_speech_may_be_asked_but_is_never_a_statement(text: str, asked: bool) -> None:
    unit = _unit(text)
    assert askable(unit) is asked
    assert not statement(unit)


def test_a_later_sentence_of_someone_s_speech_is_not_asked() -> None:
    paragraph = (
        "九斤老太便对赵七爷说，“现在的长毛，只是剪人家的辫子。从前的长毛是整匹的红缎子裹头，"
        "一直拖到脚跟。我活到七十九岁了，活够了。”赵七爷没有理会，只是把辫子盘在顶上。"
    )
    (section,) = sections_of("# 风波\n\n" + paragraph + "\n")
    units = {unit.text[:3]: unit for unit in read_section(section).units}
    inside = units["从前的"]  # whole and balanced, but 九斤老太's words
    assert inside.spoken and not askable(inside) and not statement(inside)
    assert not units["九斤老"].spoken and not units["赵七爷"].spoken
    assert askable(units["赵七爷"])


BROADCAST = """# 新闻联播 2016年3月15日

国家统计局公布的数据显示，2016年前两个月我国经济开局平稳，就业和内需都保持稳定。

规划提出，到2020年现行标准下的农村贫困人口全部实现脱贫，贫困县全部摘帽。
"""


@pytest.mark.parametrize("seed", range(3))
def test_the_year_of_the_material_s_own_title_is_not_asked(seed: int) -> None:
    rng = random.Random(seed)
    quiz = generate(sections_of(BROADCAST), material_id="m", stats=None, rng=rng)
    asked = [answer for q in quiz for answer in q.answer]
    assert any(a.startswith("2020") for a in asked)  # another year is a fact to test
    assert not any(a.startswith("2016") for a in asked), asked


def test_a_year_moves_a_few_years_in_options_and_false_items() -> None:
    text = "The analysis looks at retreat around the edges of the ice sheet from 1985 to 2022."
    found = figures_en(text)
    first = found[0]
    for seed in range(40):
        changed = false_value(first, text, random.Random(seed), found)
        assert changed is None or abs(int(changed) - 1985) <= 5  # never 1685
        options = wrong_values(first, random.Random(seed), set(), 3)
        assert options and all(abs(int(option) - 1985) <= 5 for option in options)


def _english_spans(text: str, phrases: frozenset[str]) -> list[str]:
    unit = _unit(text, "en")
    return [span.text for span in term_spans(unit, phrases, frozenset())]


def test_no_english_term_right_after_a_determiner() -> None:
    phrases = frozenset({"carbonic acid", "noun:vinegar"})
    after_of = "Chalk is a compound of carbonic acid and lime, dissolved by vinegar."
    assert {"carbonic acid", "vinegar"} <= set(_english_spans(after_of, phrases))
    after_the = "Here you see the carbonic acid in the bubbles, dissolved in the vinegar."
    assert not {"carbonic acid", "vinegar"} & set(_english_spans(after_the, phrases))


@pytest.mark.parametrize(
    "text",
    [
        "Yorkshire lies at a distance of over two hundred and eighty miles as the crow flies.",
        "The pilgrims walked two thousand five hundred miles to the coast.",
    ],
)
def test_no_part_of_a_number_spelled_in_several_words_is_a_figure(text: str) -> None:
    assert figures_en(text) == []  # not "two hundred and ____ miles" for eighty


def test_a_number_spelled_with_one_scale_is_a_figure() -> None:
    (figure,) = figures_en("The chalk lies within an oval about three thousand miles long.")
    assert (figure.number, figure.value, figure.unit.strip()) == ("three thousand", 3000, "miles")


LONG_SENTENCE = (
    "# Chalk\n\nIf all the points at which true chalk occurs in Europe and Asia were drawn"
    " on one map and joined by a single line, they would lie within an irregular oval about"
    " three thousand miles in long diameter, an area as great as that of the whole of Europe"
    " and many times the Mediterranean Sea.\n"
)


def test_a_long_english_sentence_is_asked_for_its_figure_not_a_term() -> None:
    assert 45 < len(LONG_SENTENCE.split("\n\n")[1].split()) <= 60
    for seed in range(3):
        rng = random.Random(seed)
        quiz = generate(sections_of(LONG_SENTENCE), material_id="m", stats=None, rng=rng)
        assert quiz and all(q.type != "cloze" for q in quiz)
        assert any(q.answer[0].startswith("three thousand") for q in quiz if q.type != "true_false")


def test_a_list_row_with_its_verbs_in_brackets_is_no_statement() -> None:
    row = (
        "Granite, greenstone, quartz rock (all igneous rocks, formed by volcanic heat and"
        " almost all found in the Lake mountains), 37 per cent."
    )
    assert not statement(_unit(row, "en"))
    assert statement(_unit("The glacier (which had grown for years) retreated 3 miles.", "en"))
