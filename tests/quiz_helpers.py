"""Helpers for the quiz tests: sections from Markdown text or bundled files."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from studyapp.core.importing import prepare
from studyapp.core.materials import Section
from studyapp.core.quiz import Question, generate, sections_from_draft

MATERIALS = Path(__file__).parent.parent / "materials"
BUNDLED = tuple(sorted(MATERIALS.glob("*.md")) + sorted(MATERIALS.glob("*.txt")))


def sections_of(markdown: str, material_id: str = "m", name: str = "notes.md") -> list[Section]:
    """Sections of a Markdown (or, by name, plain) text, as the library would store them."""
    draft = prepare(Path(name), markdown.encode("utf-8")).draft
    return list(sections_from_draft(material_id, draft))


def file_sections(path: Path) -> list[Section]:
    """Sections of a file on disk."""
    return list(sections_from_draft(path.stem, prepare(path, path.read_bytes()).draft))


@cache
def bundled_questions(name: str, seed: int = 7) -> tuple[Question, ...]:
    """Every question for a bundled material (cached: several tests look at them)."""
    path = MATERIALS / name
    return tuple(
        generate(file_sections(path), material_id=path.stem, stats=None, rng=random.Random(seed))
    )


def ask(markdown: str, seed: int = 1, **options: object) -> list[Question]:
    """Questions for a Markdown text."""
    return generate(
        sections_of(markdown),
        material_id="m",
        stats=options.pop("stats", None),  # type: ignore[arg-type]
        rng=random.Random(seed),
        **options,  # type: ignore[arg-type]
    )


def of_type(questions: list[Question] | tuple[Question, ...], kind: str) -> list[Question]:
    """The questions of one type."""
    return [q for q in questions if q.type == kind]
