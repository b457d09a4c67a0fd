"""A material's reading is kept for the next quiz on the same text and statistics: the
second quiz is the same as the first, costs no tagging, and a changed text is read anew."""

from __future__ import annotations

import random

import pytest

from studyapp.core.quiz import analysis, generate
from studyapp.core.quiz.stats import build_index
from tests.quiz_helpers import sections_of

TEXT = """# 复习方法

间隔重复把复习安排在快要遗忘的时候。检索练习要求学习者不看材料，主动回忆学过的内容。
每天复习三十分钟，坚持四周，记忆保持率可以提高到百分之八十以上。
"""


def _quiz(sections: list, stats: object = None, seed: int = 3) -> list:
    return generate(
        sections, material_id="m", stats=stats, rng=random.Random(seed), count=10  # type: ignore[arg-type]
    )


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The anchors of every section the engine reads (tags) from now on."""
    read: list[str] = []
    original = analysis.read_section

    def counting(section):  # type: ignore[no-untyped-def]
        read.append(section.anchor)
        return original(section)

    monkeypatch.setattr(analysis, "read_section", counting)
    monkeypatch.setattr(analysis, "_READINGS", {})
    return read


def test_a_second_quiz_on_the_same_text_reads_nothing_again(reads: list[str]) -> None:
    first = _quiz(sections_of(TEXT))
    tagged = len(reads)
    second = _quiz(sections_of(TEXT))  # the same text, loaded again as new objects
    assert tagged > 0 and len(reads) == tagged
    assert [q.id for q in second] == [q.id for q in first]
    assert [q.prompt for q in second] == [q.prompt for q in first]


def test_another_seed_uses_the_kept_reading_and_still_differs(reads: list[str]) -> None:
    first = _quiz(sections_of(TEXT), seed=1)
    tagged = len(reads)
    other = _quiz(sections_of(TEXT), seed=2)
    assert len(reads) == tagged
    assert {q.id for q in first} == {q.id for q in other}  # same questions, own options
    fresh = analysis._READINGS.copy()
    analysis._READINGS.clear()
    assert [q.options for q in _quiz(sections_of(TEXT), seed=2)] == [q.options for q in other]
    analysis._READINGS.update(fresh)


def test_a_changed_text_or_other_statistics_is_read_anew(reads: list[str]) -> None:
    assert any("三十分钟" in q.source.text for q in _quiz(sections_of(TEXT)))
    tagged = len(reads)
    changed = _quiz(sections_of(TEXT.replace("三十分钟", "四十分钟")))
    assert len(reads) > tagged
    assert changed and all("三十分钟" not in q.source.text for q in changed)
    again = len(reads)
    _quiz(sections_of(TEXT), stats=build_index([TEXT]))
    assert len(reads) > again
