"""Quiz quality report: the question engine on the dev set and the bundled materials.

    python bench/quiz_quality.py [--show N] [--repeats N]

Prints figures; never asserts (the tests do that). Figures:

- dev set: the share of acceptable cloze/single questions (definition printed below),
  and the share whose blank a teacher listed in ``good_blanks``;
- bundled materials: questions per type, questions per 300 non-space characters,
  and structural-rule violations (must be 0);
- speed: generating over a 300,000-character book vs rjieba's tagging of it, and
  10 questions from a 5,000-character section.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from corpus import long_chinese_text

from studyapp.core.importing import prepare
from studyapp.core.materials import Paragraph, Section, Sentence
from studyapp.core.quiz import QUESTION_TYPES, Question, build_index, generate
from studyapp.core.quiz import rules as quiz_rules
from studyapp.core.quiz.normalise import normalise_answer
from studyapp.core.quiz.sections import sections_from_draft
from studyapp.core.quiz.stopwords import EN_GENERIC, ZH_GENERIC, is_stop
from studyapp.core.quiz.tagging import tag_zh
from studyapp.core.sentences import split_sentences
from studyapp.core.text import content_hash, count_chars

ROOT = Path(__file__).parent.parent
DEVSET = ROOT / "tests" / "devset"
MATERIALS = ROOT / "materials"
NOUN_TAGS = frozenset({"n", "nz", "nr", "ns", "nt", "vn", "j", "l", "eng", "nrt", "nrfg"})
DEFINITION = """\
A cloze or single-choice question on a dev sentence is ACCEPTABLE when its blank
(the typed answer, or the right option) is
  (a) in the sentence's good_blanks, or
  (b) not in its bad_blanks, on word boundaries (jieba words in Chinese, \\b in
      English), not a stop word or on the generic-noun lists, and either a figure
      (it holds a digit) or a noun: in Chinese its last jieba word is tagged
      n/nz/nr/ns/nt/vn/j/l/eng; in English any such whole word or phrase.
GOOD = (a) alone. Figures compare on the number: "40分钟" counts as "40"."""


def dev_sections(text: str, index: int) -> list[Section]:
    """One dev sentence as a one-paragraph section."""
    sentences = tuple(
        Sentence(i, s.start, s.end, text[s.start : s.end])
        for i, s in enumerate(split_sentences(text))
    )
    paragraph = Paragraph(0, "paragraph", text, content_hash(text), sentences=sentences)
    return [Section(f"dev-{index}", "s", 0, "", 1, count_chars(text), (paragraph,))]


def load_devset(name: str) -> list[dict]:
    """The lines of ``tests/devset/NAME.jsonl``."""
    lines = (DEVSET / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def blank_of(question: Question) -> str:
    """The blanked text of a cloze or single question."""
    return question.answer[0]


def _variants(blank: str) -> set[str]:
    folded = normalise_answer(blank)
    number = "".join(ch for ch in folded if ch.isdigit() or ch in ".,%")
    return {folded, number} if number else {folded}


def in_list(blank: str, terms: list[str]) -> bool:
    """Whether a blank is one of ``terms`` (figures compare on their number)."""
    wanted = {normalise_answer(t) for t in terms}
    return bool(_variants(blank) & wanted)


def lenient_ok(question: Question, entry: dict) -> bool:
    """Part (b) of the definition."""
    blank = blank_of(question)
    if in_list(blank, entry.get("bad_blanks", [])):
        return False
    if quiz_rules.violations(question):
        return False
    if is_stop(blank) or blank in ZH_GENERIC or blank.casefold() in EN_GENERIC:
        return False
    if any(ch.isdigit() for ch in blank):
        return True
    if question.language != "zh":
        return True
    tagged = tag_zh(blank)
    return bool(tagged.tags) and tagged.tags[-1] in NOUN_TAGS


def run_devset(stats, show: int) -> dict[str, float]:
    """Acceptable and good shares of cloze/single questions on the dev set."""
    figures: dict[str, float] = {}
    for name in ("zh", "en"):
        entries = load_devset(name)
        total = acceptable = good = covered = 0
        bad_examples = []
        for index, entry in enumerate(entries):
            questions = generate(
                dev_sections(entry["text"], index),
                material_id=f"dev-{index}",
                stats=stats,
                rng=random.Random(index),
                types=("cloze", "single"),
            )
            covered += bool(questions)
            for question in questions:
                total += 1
                is_good = in_list(blank_of(question), entry["good_blanks"])
                good += is_good
                ok = is_good or lenient_ok(question, entry)
                acceptable += ok
                if not ok:
                    bad_examples.append(f"{blank_of(question)!r} in {entry['text']}")
        figures[f"dev_{name}_questions"] = total
        figures[f"dev_{name}_acceptable"] = acceptable / total if total else 0.0
        figures[f"dev_{name}_good"] = good / total if total else 0.0
        figures[f"dev_{name}_sentences_covered"] = covered / len(entries)
        print(
            f"  {name}: {len(entries)} sentences, {total} cloze/single questions, "
            f"acceptable {acceptable / max(total, 1):.1%}, good {good / max(total, 1):.1%}, "
            f"sentences with a question {covered / len(entries):.0%}"
        )
        for example in bad_examples[:show]:
            print(f"      not acceptable: {example}")
    return figures


def material_sections(path: Path) -> list[Section]:
    """A bundled material as sections, the way the library would store it."""
    draft = prepare(path, path.read_bytes()).draft
    return list(sections_from_draft(path.stem, draft))


def run_materials(stats, show: int) -> dict[str, float]:
    """Per-type counts, questions per 300 characters and rule violations per material."""
    figures: dict[str, float] = {}
    totals: Counter[str] = Counter()
    for path in sorted(MATERIALS.glob("*.md")) + sorted(MATERIALS.glob("*.txt")):
        sections = material_sections(path)
        chars = sum(count_chars(p.text) for s in sections for p in s.paragraphs)
        questions = generate(sections, material_id=path.stem, stats=stats, rng=random.Random(7))
        kinds = Counter(q.type for q in questions)
        totals.update(kinds)
        broken = sum(bool(quiz_rules.violations(q)) for q in questions)
        broken += len(quiz_rules.duplicates(questions))
        per_300 = len(questions) / chars * 300
        figures[f"{path.stem}_per_300_chars"] = per_300
        figures[f"{path.stem}_violations"] = broken
        counts = " ".join(f"{k}={kinds.get(k, 0)}" for k in QUESTION_TYPES)
        print(
            f"  {path.name:32} {chars:6d} chars  {len(questions):4d} questions  "
            f"{per_300:5.2f} per 300 chars  violations {broken}\n      {counts}"
        )
        for question in questions[:show]:
            print(f"      [{question.type}] {question.prompt} -> {question.answer}")
    print("  all materials: " + " ".join(f"{k}={totals.get(k, 0)}" for k in QUESTION_TYPES))
    return figures


def _medians(actions: dict, repeats: int) -> dict[str, float]:
    """Median seconds of each action, run in turn ``repeats`` times (interleaved, so a
    busy moment on the machine hits them alike)."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def run_speed(stats, repeats: int) -> dict[str, float]:
    """Generation over the 300k book and on one 5,000-character section vs rjieba.tag."""
    import rjieba

    text = long_chinese_text()
    path = Path("long-chinese-text.md")
    sections = list(sections_from_draft("long", prepare(path, text.encode("utf-8")).draft))
    section = _five_thousand(text)
    rjieba.tag("预热")
    generate(sections[:2], material_id="long", stats=None, rng=random.Random(1))
    made: list[int] = []

    def everything() -> None:
        made.append(len(generate(sections, material_id="long", stats=stats, rng=random.Random(1))))

    def quiz(size: int):
        return lambda: generate(
            sections, material_id="long", stats=stats, rng=random.Random(1), count=size
        )

    figures = _medians(
        {
            "tag": lambda: rjieba.tag(text),
            "ten": quiz(10),
            "fifty": quiz(50),
            "small": lambda: generate(
                section, material_id="s", stats=stats, rng=random.Random(1), count=10
            ),
        },
        repeats,
    )
    figures |= _medians({"tag_again": lambda: rjieba.tag(text), "all": everything}, 1)
    tag = figures["tag"]
    print(
        f"  300k book: rjieba.tag {tag:.3f} s; generate 10 {figures['ten']:.3f} s = "
        f"{figures['ten'] / tag:.1f}x; generate 50 {figures['fifty']:.3f} s = "
        f"{figures['fifty'] / tag:.1f}x"
    )
    print(
        f"  300k book, every question ({made[-1]}): {figures['all']:.3f} s = "
        f"{figures['all'] / figures['tag_again']:.1f}x rjieba.tag"
    )
    print(f"  5,000-character section: 10 questions in {figures['small'] * 1000:.0f} ms")
    return figures


def _five_thousand(text: str) -> list[Section]:
    body = "\n\n".join(p for p in text.split("\n\n") if not p.startswith("#"))
    cut = body[:5000]
    path = Path("five-thousand.md")
    return list(sections_from_draft("s", prepare(path, ("# 五千字\n\n" + cut).encode()).draft))


def main(argv: list[str] | None = None) -> None:
    """Run the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N examples per part")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per speed figure")
    parser.add_argument("--skip-speed", action="store_true", help="no timing")
    args = parser.parse_args(argv)
    library = [p.read_text(encoding="utf-8") for p in sorted(MATERIALS.glob("*.md"))]
    library += [p.read_text(encoding="utf-8") for p in sorted(MATERIALS.glob("*.txt"))]
    dev_texts = [e["text"] for name in ("zh", "en") for e in load_devset(name)]
    stats = build_index(library + dev_texts)
    print(DEFINITION)
    print("\nDev set (each sentence a one-paragraph section, library stats):")
    run_devset(stats, args.show)
    print("\nBundled materials (count=None, library stats):")
    run_materials(stats, args.show)
    if not args.skip_speed:
        print("\nSpeed (medians):")
        run_speed(None, args.repeats)


if __name__ == "__main__":
    main()
