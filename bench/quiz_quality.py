"""Question quality as an independent reviewer judged it, on real texts nobody here wrote.

    python bench/quiz_quality.py [--held-out]    # the report, from the committed verdicts
    python bench/quiz_quality.py pending DIR [--split tuning|held-out]
                                                 # unjudged questions, one JSON file a text
    python bench/quiz_quality.py record TEXT_ID ANSWER.txt
                                                 # store a reviewer's lines as verdicts
    python bench/quiz_quality.py agreement TEXT_ID ANSWER.txt
                                                 # a second reviewer against the stored ones

The questions judged are today's output: `studyapp quiz ID --count 30 --seed 7` on each
text of tests/quality/texts (a fresh library holding the bundled materials and that text).
A share is printed only where at least 95% of those questions have a verdict. Tuning and
held-out texts are reported apart; held-out texts are never used to choose rules, lists or
weights. The reviewer's brief is tests/quality/JUDGING.md. Never asserts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.quality import (
    QUIZ_COUNT,
    SECOND,
    VERDICTS,
    for_judge,
    parse_judgement,
    question_hash,
    quiz,
    texts,
    verdicts,
)
from studyapp.core.quiz import QUESTION_TYPES

MIN_COVERAGE = 0.95
MIN_JUDGED_FOR_TYPE = 30


class Tally:
    """Accepted and judged counts, with how many questions there were."""

    def __init__(self) -> None:
        self.accepted = Counter[str]()
        self.judged = Counter[str]()
        self.total = Counter[str]()

    def add(self, key: str, verdict: dict | None) -> None:
        self.total[key] += 1
        if verdict is not None:
            self.judged[key] += 1
            self.accepted[key] += verdict["verdict"] == "ACCEPT"

    def share(self, key: str) -> str:
        total, judged = self.total[key], self.judged[key]
        if not total:
            return "—"
        coverage = judged / total
        if coverage < MIN_COVERAGE:
            return f"coverage {coverage:.0%}, no share"
        return f"{self.accepted[key] / judged:.0%} ({self.accepted[key]}/{judged})"


def report(split: str) -> None:
    """Print one split's shares per text, type and language, and the quiz-of-20 check."""
    tally = Tally()
    print(f"\n== {split} texts ==")
    for text in texts(split):
        questions = quiz(text)
        judged = verdicts(text.id)
        kinds: Counter[str] = Counter()
        accepted_in_20 = 0
        types_in_20: set[str] = set()
        for index, question in enumerate(questions):
            verdict = judged.get(question_hash(question))
            for key in ("all", text.id, text.language, question.type):
                tally.add(key, verdict)
            kinds[question.type] += 1
            if index < QUIZ_COUNT and verdict is not None and verdict["verdict"] == "ACCEPT":
                accepted_in_20 += 1
                types_in_20.add(question.type)
        mix = " ".join(f"{k}={kinds[k]}" for k in QUESTION_TYPES if kinds[k])
        print(f"  {text.id:34} {text.language} {text.characters:6d} chars  {tally.share(text.id)}")
        print(
            f"      {mix}; quiz of {QUIZ_COUNT}: {accepted_in_20} accepted, "
            f"{len(types_in_20)} types"
        )
    for language in ("zh", "en"):
        print(f"  language {language}: {tally.share(language)}")
    for kind in QUESTION_TYPES:
        small = " (fewer than 30 judged)" if tally.judged[kind] < MIN_JUDGED_FOR_TYPE else ""
        print(f"  type {kind:10}: {tally.share(kind)}{small}")
    print(f"  overall: {tally.share('all')}")


def pending(out: Path, split: str | None) -> None:
    """Write each text's unjudged questions to ``out/TEXT_ID.json``."""
    out.mkdir(parents=True, exist_ok=True)
    for text in texts(split):
        judged = verdicts(text.id)
        todo = [for_judge(q) for q in quiz(text) if question_hash(q) not in judged]
        if todo:
            target = out / f"{text.id}.json"
            target.write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{target.name}: {len(todo)} questions")


def record(text_id: str, answer: Path) -> None:
    """Append a reviewer's verdicts; the questions are those of the JSON file the reviewer
    was given (``ANSWER`` with the suffix ``.json``), else the text's current quiz."""
    given = answer.with_suffix(".json")
    if given.exists():
        by_hash = {q["id"]: q for q in json.loads(given.read_text(encoding="utf-8"))}
    else:
        by_hash = {
            question_hash(q): for_judge(q) for t in texts() if t.id == text_id for q in quiz(t)
        }
    known = verdicts(text_id)
    rows = []
    for ident, verdict, criteria, reason in parse_judgement(iter(answer.read_text().splitlines())):
        question = by_hash.get(ident)
        if question is None or ident in known:
            continue
        row = {"hash": ident, "type": question["type"], "verdict": verdict}
        rows.append(row | {"criteria": criteria, "reason": reason})
        known[ident] = row
    VERDICTS.mkdir(parents=True, exist_ok=True)
    with (VERDICTS / f"{text_id}.jsonl").open("a", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{text_id}: {len(rows)} verdicts recorded")


def agreement(text_id: str, answer: Path) -> None:
    """How a second reviewer's verdicts on already judged questions agree with the stored
    ones: the judging's own noise, to read the shares against. The second verdicts are kept
    apart (``tests/quality/second/``); the report uses the first ones only."""
    known = verdicts(text_id)
    lines = parse_judgement(iter(answer.read_text().splitlines()))
    seconds = [row for row in lines if row[0] in known]
    pairs = [(known[ident]["verdict"], verdict) for ident, verdict, _, _ in seconds]
    SECOND.mkdir(parents=True, exist_ok=True)
    with (SECOND / f"{text_id}.jsonl").open("a", encoding="utf-8") as file:
        for ident, verdict, criteria, reason in seconds:
            row = {"hash": ident, "type": known[ident]["type"], "verdict": verdict}
            row |= {"criteria": criteria, "reason": reason}
            file.write(json.dumps(row, ensure_ascii=False) + "\n")
    same = sum(first == second for first, second in pairs)
    flips = Counter(f"{first}->{second}" for first, second in pairs if first != second)
    stored = sum(first == "ACCEPT" for first, _ in pairs)
    again = sum(second == "ACCEPT" for _, second in pairs)
    print(
        f"{text_id}: {same}/{len(pairs)} verdicts agree; accepted {stored} first, {again} now; "
        + (", ".join(f"{key} {n}" for key, n in sorted(flips.items())) or "no changes")
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    pend = sub.add_parser("pending")
    pend.add_argument("out", type=Path)
    pend.add_argument("--split", choices=("tuning", "held-out"))
    rec = sub.add_parser("record")
    rec.add_argument("text_id")
    rec.add_argument("answer", type=Path)
    agree = sub.add_parser("agreement")
    agree.add_argument("text_id")
    agree.add_argument("answer", type=Path)
    parser.add_argument(
        "--held-out", action="store_true", help="also the held-out texts (when the work is done)"
    )
    args = parser.parse_args(argv)
    if args.command == "pending":
        pending(args.out, args.split)
    elif args.command == "record":
        record(args.text_id, args.answer)
    elif args.command == "agreement":
        agreement(args.text_id, args.answer)
    else:
        report("tuning")
        if args.held_out:
            report("held-out")


if __name__ == "__main__":
    main()
