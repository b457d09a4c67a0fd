"""Reading text for questions: tagging repairs, language, enumerations, labels, topics."""

from __future__ import annotations

import pytest
from quiz_helpers import sections_of

from studyapp.core.quiz.enumerations import find_enumerations
from studyapp.core.quiz.prompts import clean_title, topic_of
from studyapp.core.quiz.stopwords import is_stop
from studyapp.core.quiz.tagging import language_of, tag_zh, tag_zh_sentences
from studyapp.core.quiz.units import read_section


def words(text: str) -> list[str]:
    return list(tag_zh(text).words)


def test_tagging_glues_suffixes_and_splits_particles() -> None:
    assert "康奈尔" in words("康奈尔笔记法是一种笔记格式。")
    assert "笔记法" in words("康奈尔笔记法是一种笔记格式。")
    assert "学习法" in words("费曼学习法很好用。")
    assert "领读人" in words("领读人要提前准备。")
    assert "必读书目" in words("要读完必读书目的大部分。")
    assert "".join(words("按期销号率达到70%以上。")) == "按期销号率达到70%以上。"


def test_tagged_offsets_match_the_text() -> None:
    text = "问题清单要写清责任人。领读人要提前准备导读提纲。"
    tagged = tag_zh(text)
    assert all(text[s : s + len(w)] == w for w, s in zip(tagged.words, tagged.starts, strict=True))


def test_a_paragraph_tagged_once_matches_sentence_by_sentence() -> None:
    text = "读书班每周一次。领读人要提前准备，组长负责联络！问题清单要写清楚？"
    spans = [(0, 8), (8, 24), (24, len(text))]
    assert tag_zh_sentences(text, spans) == [tag_zh(text[a:b]) for a, b in spans]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("读书班每周一次。", "zh"),
        ("小组备注：它说明的是一个 trend，不是一条 law。", "zh"),
        ("Spaced repetition beats cramming.", "en"),
        ("SQ3R (Survey, Question, Read, Recite, Review) 是方法。", "en"),
        ("12345", "en"),
    ],
)
def test_language_of(text: str, language: str) -> None:
    assert language_of(text) == language


def test_stop_words() -> None:
    assert all(is_stop(w) for w in ("的", "我们", "因为", "The", "however"))
    assert not any(is_stop(w) for w in ("读书班", "retrieval"))


def enumerations(markdown: str) -> list:
    return [e for s in sections_of(markdown) for e in find_enumerations(read_section(s))]


def test_first_second_markers_in_separate_paragraphs() -> None:
    text = (
        "# 批注\n\n批注的内容大致可以分为四类：\n\n第一，**概括**。用几个字概括大意。\n\n"
        "第二，**质疑**。对观点提出疑问。\n\n第三，**联系**。联系自己的经验。\n\n"
        "第四，**行动**。写下要做的事。\n"
    )
    (found,) = enumerations(text)
    assert found.labels == ("概括", "质疑", "联系", "行动")
    assert found.ordered
    assert topic_of(found.intro, "zh") == "内容"  # the noun before 四类


def test_colon_list_with_its_count() -> None:
    text = (
        "# 费曼学习法\n\n讲不清的地方就是没懂的地方。四步：选概念、讲解、找卡壳处、简化并打比方。\n"
    )
    (found,) = enumerations(text)
    assert found.labels == ("选概念", "讲解", "找卡壳处", "简化并打比方")
    assert found.ordered


def test_colon_list_count_must_match() -> None:
    assert enumerations("# 特点\n\n好的课题有三个特点：小切口、真问题。\n") == []


def test_bullets_are_an_unordered_enumeration_with_bold_labels() -> None:
    text = (
        "# 特征\n\n通常具备下面几个特征：\n\n- **目标具体**：读完书目。\n"
        "- **节奏稳定**：每周固定。\n- **人人有事**：没有旁观者。\n"
    )
    (found,) = enumerations(text)
    assert found.labels == ("目标具体", "节奏稳定", "人人有事")
    assert not found.ordered
    assert topic_of(found.intro, "zh") == "特征"


def test_labels_drop_asides_and_ordinals() -> None:
    text = (
        "# 三遍\n\n推荐三遍读法：\n\n1. **第一遍，泛读**。快速通读。\n"
        "2. **第二遍，精读**。边读边批注。\n3. **第三遍，回读**。只看笔记。\n"
    )
    (found,) = enumerations(text)
    assert found.labels == ("泛读", "精读", "回读")


def test_long_labels_are_cut() -> None:
    text = (
        "# 目标\n\n达到以下目标：一是全体参与人员在三个月之内读完全部十二本必读书目并写好读书卡片；"
        "二是形成调研报告；三是梳理问题清单。\n"
    )
    (found,) = enumerations(text)
    assert len(found.labels[0]) == 21 and found.labels[0].endswith("…")


@pytest.mark.parametrize(
    ("intro", "topic"),
    [
        ("常见的毛病大致有四种：", "毛病"),
        ("调研可以按照五个步骤推进：", "步骤"),
        ("可以参照下面的流程：", "流程"),
        ("组织者至少要做好五件事：", ""),
    ],
)
def test_topic_of_an_intro(intro: str, topic: str) -> None:
    assert topic_of(intro, "zh") == topic


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("（三）调研怎么开展", "调研怎么开展"),
        ("一、动员准备阶段（3月2日至3月8日）", "动员准备阶段"),
        ("2.1 Before you read", "Before you read"),
        ("第一章 总体要求", "总体要求"),
    ],
)
def test_clean_title(title: str, clean: str) -> None:
    assert clean_title(title) == clean
