"""A Chinese blank accepts the other forms of its noun that the material itself uses
(泥坑子 / 泥坑 / 大泥坑), never a shorter head that changes the term (猪肉 for 瘟猪肉)."""

from __future__ import annotations

import pytest

from studyapp.core.quiz.grading import grade
from studyapp.core.quiz.tagging import tag_sentence
from studyapp.core.quiz.units import Unit
from studyapp.core.quiz.variants import material_variants
from tests.quiz_helpers import ask


def _units(*sentences: str) -> list[Unit]:
    found = []
    for text in sentences:
        tagged = tag_sentence(text, "zh")
        found.append(Unit("s", 0, 0, 0, text, "zh", tagged.words, tagged.tags, "p", (), None))
    return found


def _variants(answer: str, *sentences: str) -> tuple[str, ...]:
    return material_variants(answer, "\n".join(sentences), _units(*sentences), "zh")


PIT = (
    "城东有一个大泥坑，一下雨就满是泥浆。",
    "车夫赶着马从泥坑边上绕过去。",
    "有一年旱了三个月，那泥坑子才干了底。",
)


def test_the_materials_own_forms_of_a_noun_are_accepted() -> None:
    assert set(_variants("泥坑", *PIT)) == {"泥坑子", "大泥坑"}
    assert _variants("泥坑子", *PIT)[0] == "泥坑"


@pytest.mark.parametrize(
    ("answer", "sentences"),
    [
        ("瘟猪肉", ("街上卖的瘟猪肉便宜。", "猪肉谁都爱吃。")),  # a head is not the term
        ("新动能", ("要壮大新动能。", "新动能加快成长。")),  # 大 ends 壮大
        ("金融机构", ("支持中小金融机构发展。", "金融机构应当依法经营。")),  # 中小
        ("车子", ("他把车子停在门口。", "一辆车开过去。")),  # 车 is too short to stand for it
        ("皮帽子", ("他戴着一顶皮帽子。",)),  # 皮帽 is never used alone
    ],
)
def test_other_words_are_not_taken_for_forms_of_the_answer(
    answer: str, sentences: tuple[str, ...]
) -> None:
    assert _variants(answer, *sentences) == ()


def test_english_blanks_accept_no_shortened_form() -> None:
    text = "Land runoff is hard to measure. Runoff carries sediment."
    assert material_variants("land runoff", text, [], "en") == ()


def test_a_quiz_grades_the_materials_other_form_as_right() -> None:
    text = "# 泥坑\n\n" + "".join(PIT * 2) + "\n\n大家都说这泥坑子填不平，谁也不去填它。\n"
    blanks = [q for q in ask(text, count=None, types=["cloze"]) if q.answer == ("泥坑",)]
    assert blanks, "the quiz asks about the pit"
    question = blanks[0]
    assert "泥坑子" in question.accepted
    assert grade(question, "泥坑子").verdict == "right"
    assert grade(question, "大坑").verdict == "wrong"
