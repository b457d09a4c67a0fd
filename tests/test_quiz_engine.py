"""The engine as a whole: determinism, stable ids, the mix of types, stats, sections."""

from __future__ import annotations

import json
import pickle
import random

from quiz_helpers import ask, sections_of

from studyapp.core.quiz import TermStats, build_index, generate, sections_from_draft
from studyapp.core.quiz.analysis import read_material
from studyapp.core.quiz.units import section_text

TEXT = """\
# 学习活动

## 读书班

读书班是学习活动的主阵地。每个读书班每周集中学习1次，每次90分钟左右。\
每位成员每天个人自学不少于40分钟，并在个人学习计划中写明进度。

问题清单要写清责任人和完成期限。活动结束时，问题清单的按期销号率达到85%以上就算不错。

## 遗忘

德国心理学家艾宾浩斯发现，遗忘在学习之后立刻开始。间隔复习和检索练习是对付遗忘的两种办法。\
学习后20分钟，大约只能记住58%。
"""


def signature(questions: list) -> list:
    return [(q.id, q.type, q.prompt, q.options, q.answer) for q in questions]


def test_same_text_and_seed_give_the_same_questions() -> None:
    assert signature(ask(TEXT, seed=5)) == signature(ask(TEXT, seed=5))
    assert signature(ask(TEXT, seed=5, count=6)) == signature(ask(TEXT, seed=5, count=6))


def test_the_seed_changes_options_not_ids() -> None:
    first, second = ask(TEXT, seed=1), ask(TEXT, seed=2)
    assert {q.id for q in first} == {q.id for q in second}
    assert signature(first) != signature(second)


def _ids(text: str) -> dict[tuple[str, str, str], str]:
    """Ids by what they test: the sentence, the type and the blanked answer."""
    typed = ("cloze", "single", "number")
    return {(q.source.text, q.type, q.answer[0]): q.id for q in ask(text) if q.type in typed}


def test_ids_survive_changes_elsewhere() -> None:
    before = _ids(TEXT)
    edited = TEXT.replace("问题清单要写清责任人和完成期限。", "问题清单要写清具体目标和完成期限。")
    edited = edited.replace("# 学习活动\n", "# 学习活动\n\n新加的一段引言，讲讲读书班的由来。\n")
    after = _ids(edited)
    kept = [key for key in before if key in after]
    assert len(kept) >= 3
    assert all(before[key] == after[key] for key in kept)


def test_id_changes_with_its_sentence() -> None:
    old = {q.answer[0]: q.id for q in ask(TEXT, types=("cloze",)) if "艾宾浩斯" in q.source.text}
    new_text = TEXT.replace("遗忘在学习之后立刻开始", "遗忘在学习之后马上开始")
    new = {
        q.answer[0]: q.id for q in ask(new_text, types=("cloze",)) if "艾宾浩斯" in q.source.text
    }
    assert old and new
    assert set(old.values()).isdisjoint(new.values())


def test_ids_are_unique_and_prompts_not_repeated() -> None:
    questions = ask(TEXT)
    assert len({q.id for q in questions}) == len(questions)
    assert len({q.prompt for q in questions}) == len(questions)


def test_count_mixes_types_in_turn() -> None:
    questions = ask(TEXT, count=4)
    assert len(questions) == 4
    assert len({q.type for q in questions}) == 4


def test_one_question_per_sentence_while_there_are_sentences_left() -> None:
    questions = ask(TEXT, count=5)
    sentences = [(q.source.section, q.source.start) for q in questions]
    assert len(set(sentences)) == len(sentences)


def test_source_points_into_the_section_text() -> None:
    sections = {s.anchor: s for s in sections_of(TEXT)}
    for q in ask(TEXT):
        text = section_text(sections[q.source.section])
        assert text[q.source.start : q.source.end] == q.source.text
        assert q.source.material == "m"


def test_questions_are_frozen_and_picklable() -> None:
    question = ask(TEXT, count=1)[0]
    assert pickle.loads(pickle.dumps(question)) == question


def test_build_index_round_trips_through_json() -> None:
    stats = build_index([TEXT, "# 另一本\n\n费曼学习法的要点是讲清概念。我们常用费曼学习法。"])
    assert stats.documents == 2
    assert stats.df["读书班"] == 1
    assert "费曼学习法" in stats.phrases
    again = TermStats.from_dict(json.loads(json.dumps(stats.to_dict())))
    assert again == stats
    assert pickle.loads(pickle.dumps(stats)) == stats


def test_stats_from_another_version_are_refused() -> None:
    data = build_index([TEXT]).to_dict() | {"version": 99}
    try:
        TermStats.from_dict(data)
    except ValueError as error:
        assert "99" in str(error)
    else:
        raise AssertionError("accepted a foreign version")


def test_library_stats_lower_words_every_document_uses() -> None:
    library = [TEXT] + [f"# 第{i}篇\n\n读书班每周都开。读书班很重要。" for i in range(8)]
    stats = build_index(library)
    assert stats.idf("读书班") < stats.idf("艾宾浩斯")
    reading = read_material(sections_of(TEXT), "m", stats)
    assert reading.scores["艾宾浩斯"] > reading.scores["读书班"]
    alone = read_material(sections_of(TEXT), "m", None)
    assert alone.scores["艾宾浩斯"] / alone.scores["读书班"] < (
        reading.scores["艾宾浩斯"] / reading.scores["读书班"]
    )


def test_a_term_without_fair_distractors_is_never_padded_into_a_single_choice() -> None:
    stats = build_index([TEXT, "# 方法\n\n康奈尔笔记法、思维导图和读书卡片都是常用的笔记方法。"])
    one = "# 一句\n\n检索练习比重读更能巩固记忆，而间隔复习同样能让记忆保持得更久。"
    singles = generate(
        sections_of(one), material_id="x", stats=stats, rng=random.Random(3), types=("single",)
    )
    assert singles == []  # no other ...练习 or ...复习 term in the material: no fair options


def test_sections_from_draft_matches_the_library_form() -> None:
    from pathlib import Path

    from studyapp.core.importing import prepare

    draft = prepare(Path("notes.md"), TEXT.encode()).draft
    sections = sections_from_draft("m", draft)
    assert [s.anchor for s in sections] == ["学习活动", "读书班", "遗忘"]
    paragraph = sections[1].paragraphs[0]
    assert paragraph.sentences[0].text == "读书班是学习活动的主阵地。"
    assert all(paragraph.text[s.start : s.end] == s.text for s in paragraph.sentences)
    assert sections[1].chars == sum(len(p.text.replace(" ", "")) for p in sections[1].paragraphs)


def test_a_candidate_put_off_again_is_offered_once_per_look() -> None:
    """A true/false figure item with no fair false version goes back to the queue each
    time it is offered; offering it again in the same look looped forever."""
    from itertools import islice

    from studyapp.core.quiz.analysis import Blank
    from studyapp.core.quiz.engine import _pending, _Queue, _Seen
    from studyapp.core.quiz.figures import Figure

    figure = Figure(start=0, end=2, number="12", value=12.0, unit="人", kind="count")
    blank = Blank(unit=None, start=0, end=2, text="12", kind="figure", score=1.0, figure=figure)  # type: ignore[arg-type]
    queue = _Queue("true_false", iter(()))
    queue.later.append(blank)
    offered = []
    for candidate in islice(_pending(queue, _Seen(), base=0), 10):
        offered.append(candidate)
        queue.later.append(candidate)  # put off again, as _next does
    assert offered == [blank]
    assert list(queue.later) == [blank]
