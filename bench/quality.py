"""The judged quality corpus: texts, the questions the app makes on them, verdicts.

Texts live in ``tests/quality/texts`` (their sources and the tuning / held-out split in
``SOURCES.toml``); verdicts of an independent reviewer in ``tests/quality/verdicts``, one
JSON-lines file per text: ``{"hash", "type", "verdict", "criteria", "reason"}``.
"""

from __future__ import annotations

import hashlib
import json
import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from studyapp.core.importing import prepare
from studyapp.core.materials import Section
from studyapp.core.quiz import Question, build_index, generate, sections_from_draft
from studyapp.core.quiz.stats import TermStats

ROOT = Path(__file__).resolve().parent.parent
QUALITY = ROOT / "tests" / "quality"
TEXTS = QUALITY / "texts"
VERDICTS = QUALITY / "verdicts"
SECOND = QUALITY / "second"  # a second reviewer on questions already judged
MATERIALS = ROOT / "materials"
# What is judged: the quiz a learner gets from `studyapp quiz ID --count 30 --seed 7`;
# its first 20 are `--count 20`.
EVAL_COUNT = 30
EVAL_SEED = 7
QUIZ_COUNT = 20


@dataclass(frozen=True)
class Text:
    """One corpus text and what SOURCES.toml says of it."""

    id: str
    path: Path
    language: str
    genre: str
    split: str
    characters: int


def texts(split: str | None = None) -> list[Text]:
    """The corpus texts, in id order; ``split`` is ``tuning``, ``held-out`` or ``None``."""
    sources = tomllib.loads((TEXTS / "SOURCES.toml").read_text(encoding="utf-8"))
    found = []
    for ident, entry in sorted(sources.items()):
        text = Text(
            ident,
            TEXTS / f"{ident}.md",
            entry["language"],
            entry["genre"],
            entry["split"],
            int(entry.get("characters", 0)),
        )
        if split is None or text.split == split:
            found.append(text)
    return found


def sections(path: Path) -> list[Section]:
    """A file's sections, as the library stores them."""
    return list(sections_from_draft(path.stem, prepare(path, path.read_bytes()).draft))


@cache
def _bundled_documents() -> tuple[str, ...]:
    files = sorted(MATERIALS.glob("*.md")) + sorted(MATERIALS.glob("*.txt"))
    return tuple(p.read_text(encoding="utf-8") for p in files)


def library_stats(path: Path) -> TermStats:
    """Library statistics of a fresh install that imported this one text."""
    return build_index([*_bundled_documents(), path.read_text(encoding="utf-8")])


def quiz(text: Text, count: int = EVAL_COUNT, seed: int = EVAL_SEED) -> list[Question]:
    """The questions `studyapp quiz` gives on the text."""
    return generate(
        sections(text.path),
        material_id=text.id,
        stats=library_stats(text.path),
        rng=random.Random(seed),
        count=count,
    )


def question_hash(question: Question) -> str:
    """What a verdict is about: type, prompt, options, answer and source passage."""
    key = json.dumps(
        [question.type, question.prompt, question.options, question.answer, question.source.text],
        ensure_ascii=False,
    )
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def for_judge(question: Question) -> dict:
    """A question as the reviewer sees it: nothing of the engine's reasons; the other
    writings the grader accepts (17 for 十七) when there are any, as `quiz --json` gives."""
    return {
        "id": question_hash(question),
        "type": question.type,
        "prompt": question.prompt,
        "options": list(question.options),
        "answer": list(question.answer),
        "source": {"text": question.source.text},
    } | ({"also_accepted": list(question.accepted)} if question.accepted else {})


def verdicts(text_id: str) -> dict[str, dict]:
    """The committed verdicts on a text's questions, by question hash."""
    path = VERDICTS / f"{text_id}.jsonl"
    if not path.exists():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {row["hash"]: row for row in rows}


def parse_judgement(lines: Iterator[str]) -> Iterator[tuple[str, str, list[str], str]]:
    """``id | ACCEPT or REJECT | criteria | reason`` lines from a reviewer's answer."""
    for line in lines:
        parts = [part.strip() for part in line.strip().strip("`").split("|")]
        if len(parts) < 3 or parts[1].upper() not in ("ACCEPT", "REJECT"):
            continue
        criteria = [c for c in parts[2].replace(",", " ").split() if c.isdigit()]
        reason = " | ".join(parts[3:]) if len(parts) > 3 else ""
        yield parts[0], parts[1].upper(), criteria, reason
