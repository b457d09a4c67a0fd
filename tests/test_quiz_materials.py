"""The engine on every bundled material and on the dev set."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from quiz_helpers import BUNDLED, bundled_questions, file_sections

from studyapp.core.materials import Paragraph, Section, Sentence
from studyapp.core.quiz import QUESTION_TYPES, build_index, generate, normalise_answer
from studyapp.core.quiz import rules as quiz_rules
from studyapp.core.quiz.units import section_text
from studyapp.core.sentences import split_sentences
from studyapp.core.text import content_hash, count_chars

DEVSET = Path(__file__).parent / "devset"
NAMES = [path.name for path in BUNDLED]


def characters(name: str) -> int:
    sections = file_sections(Path(__file__).parent.parent / "materials" / name)
    return sum(count_chars(p.text) for s in sections for p in s.paragraphs)


def test_there_are_bundled_materials() -> None:
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_a_bundled_material_gives_a_quiz_of_ten(name: str) -> None:
    # Fewer, better: only questions that pass every rule; still a quiz's worth each.
    assert len(bundled_questions(name)) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_five_types_appear(name: str) -> None:
    # Every bundled material has figures and lists; an ordered list is asked as an
    # order question, so "choose all" needs an unordered one.
    assert len({q.type for q in bundled_questions(name)}) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_no_rule_is_broken(name: str) -> None:
    questions = list(bundled_questions(name))
    assert [q for q in questions if quiz_rules.violations(q)] == []
    assert quiz_rules.duplicates(questions) == []


@pytest.mark.parametrize("name", NAMES)
def test_sources_point_into_their_sections(name: str) -> None:
    path = Path(__file__).parent.parent / "materials" / name
    sections = {s.anchor: s for s in file_sections(path)}
    titles = {s.title for s in sections.values()}
    for question in bundled_questions(name):
        if question.kind == "heading":  # the order of the headings under this section
            assert question.source.section in sections
            assert set(question.source.text.split("\n")) <= titles
            continue
        text = section_text(sections[question.source.section])
        assert text[question.source.start : question.source.end] == question.source.text


def test_a_ten_question_quiz_mixes_types() -> None:
    path = BUNDLED[0].parent / "study-campaign-guide.md"
    quiz = generate(
        file_sections(path), material_id="g", stats=None, rng=random.Random(1), count=10
    )
    assert len(quiz) == 10
    assert len({q.type for q in quiz}) == len(QUESTION_TYPES)


def dev_section(text: str, index: int) -> list[Section]:
    spans = split_sentences(text)
    sentences = tuple(
        Sentence(i, s.start, s.end, text[s.start : s.end]) for i, s in enumerate(spans)
    )
    paragraph = Paragraph(0, "paragraph", text, content_hash(text), sentences=sentences)
    return [Section(f"dev{index}", "s", 0, "", 1, count_chars(text), (paragraph,))]


def load(name: str) -> list[dict]:
    lines = (DEVSET / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_devset_is_big_enough_and_well_formed() -> None:
    zh, en = load("zh"), load("en")
    assert len(zh) >= 40 and len(en) >= 20
    for entry in zh + en:
        assert entry["text"] and entry["good_blanks"]
        for term in entry["good_blanks"] + entry.get("bad_blanks", []):
            digits = "".join(ch for ch in term if ch.isdigit())
            text = entry["text"].casefold()
            assert term.casefold() in text or (digits and digits in text.replace(",", ""))


@pytest.mark.parametrize("name", ["zh", "en"])
def test_devset_blanks_are_never_bad_and_mostly_good(name: str) -> None:
    entries = load(name)
    library = [path.read_text(encoding="utf-8") for path in BUNDLED]
    stats = build_index(library + [e["text"] for n in ("zh", "en") for e in load(n)])
    total = good = 0
    for index, entry in enumerate(entries):
        questions = generate(
            dev_section(entry["text"], index),
            material_id=f"d{index}",
            stats=stats,
            rng=random.Random(index),
            types=("cloze", "single"),
        )
        bad = {normalise_answer(t) for t in entry.get("bad_blanks", [])}
        wanted = {normalise_answer(t) for t in entry["good_blanks"]}
        for question in questions:
            blank = normalise_answer(question.answer[0])
            assert blank not in bad, (blank, entry["text"])
            total += 1
            good += blank in wanted or blank.rstrip("个本次分钟周页字人年%") in wanted
    # One-sentence texts: a sentence without a specific target gets no question.
    assert total >= len(entries) * 0.5
    assert good / total >= 0.75
