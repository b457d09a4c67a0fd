"""A sentence that points back ("That's 18%…", 但…) is asked only with the sentence
before it, only as a blank, and only once nothing else is left: the pair uses both."""

from __future__ import annotations

import random

import pytest

from studyapp.core.quiz import generate
from studyapp.core.quiz.leads import points_back
from studyapp.core.quiz.model import Question
from studyapp.core.quiz.retire import retirement_reason
from studyapp.core.quiz.tagging import tag_sentence
from studyapp.core.quiz.units import Unit
from tests.quiz_helpers import sections_of

EN = """# River survey

Last spring a team went out to see how much water was left in the streams.
That's when they found that the reservoirs held only 18% of the fresh water in the valley.
"""
ZH = """# 水情调查

去年春天，我们一起去看了看河里还剩多少水。但水库里的水只占全区淡水的百分之十八，比从前少了一半。
"""
LEADS = {
    "en": "Last spring a team went out to see how much water was left in the streams. ",
    "zh": "去年春天，我们一起去看了看河里还剩多少水。",
}


def _quiz(text: str, seed: int = 1, **more: object) -> list[Question]:
    return generate(
        sections_of(text), material_id="m", stats=None, rng=random.Random(seed), **more  # type: ignore[arg-type]
    )


def _unit(text: str, language: str, index: int = 1) -> Unit:
    tagged = tag_sentence(text, language)
    starts = tagged.starts if language != "zh" else None
    words, tags = tagged.words, tagged.tags
    return Unit("a", 0, index, 0, text, language, words, tags, "paragraph", (), starts)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("That's 18% of the global discharge to the ocean.", "en", True),
        ("The same basin also discharges the most water.", "en", True),
        ("The basin discharges the most water to the ocean.", "en", False),
        ("但外国银行的钞票这时就等于现银。", "zh", True),
        ("外国银行的钞票这时就等于现银。", "zh", False),
    ],
)
def test_which_sentences_point_back(text: str, language: str, expected: bool) -> None:
    assert points_back(_unit(text, language)) is expected


def test_a_chinese_paragraph_s_first_sentence_never_points_back() -> None:
    assert not points_back(_unit("但外国银行的钞票这时就等于现银。", "zh", index=0))


@pytest.mark.parametrize(("text", "language"), [(EN, "en"), (ZH, "zh")])
def test_a_sentence_that_points_back_is_asked_after_the_one_before(
    text: str, language: str
) -> None:
    quiz = _quiz(text, count=10)
    led = [q for q in quiz if q.prompt.startswith(LEADS[language].strip())]
    assert led, [q.prompt for q in quiz]
    question = led[0]
    assert question.type in ("cloze", "single", "number")
    assert question.source.text.startswith(LEADS[language].strip())
    assert question.prompt.replace("____", question.answer[0]) == question.source.text
    assert "18" in question.answer[0] or "十八" in question.answer[0]


@pytest.mark.parametrize(("text", "language"), [(EN, "en"), (ZH, "zh")])
def test_a_pair_is_never_a_true_or_false_statement(text: str, language: str) -> None:
    for seed in range(6):
        for question in _quiz(text, seed=seed, types=["true_false"]):
            assert not question.source.text.startswith(LEADS[language].strip())


@pytest.mark.parametrize(("text", "language"), [(EN, "en"), (ZH, "zh")])
def test_a_stored_pair_breaks_no_rule(text: str, language: str) -> None:
    led = [q for q in _quiz(text, count=10) if q.prompt.startswith(LEADS[language].strip())]
    assert led and retirement_reason(led[0]) is None


def test_the_sentence_before_is_not_asked_again_in_the_same_quiz() -> None:
    text = EN.replace("Last spring a team", "Last spring the Delta Survey team")
    quiz = _quiz(text, count=10)
    sources = [q.source.text for q in quiz]
    firsts = [s for s in sources if s.startswith("Last spring")]
    assert len(firsts) <= 1, sources


def test_no_pair_across_paragraphs() -> None:
    text = EN.replace("streams.\nThat's", "streams.\n\nThat's")
    assert not [q for q in _quiz(text, count=10) if q.prompt.startswith("Last spring")]


def test_a_pair_comes_only_once_the_sentences_standing_alone_are_used() -> None:
    text = EN + "\nThe valley reservoirs hold 42% of the snowmelt in a wet year like 2011.\n"
    quiz = _quiz(text, count=10)
    alone = [i for i, q in enumerate(quiz) if "42%" in q.source.text]
    paired = [i for i, q in enumerate(quiz) if q.prompt.startswith("Last spring")]
    assert alone and paired and max(alone) < min(paired)
