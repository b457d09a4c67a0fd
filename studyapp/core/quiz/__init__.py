"""The question engine: key terms and enumerations to quizzes, and grading of answers.

Names are loaded on first use: the engine pulls in the segmenter and friends
(~0.2 s), which the model and the storage of questions do not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyapp.core.quiz.engine import generate
    from studyapp.core.quiz.grading import grade
    from studyapp.core.quiz.model import QUESTION_TYPES, Grade, Question, SourceRef
    from studyapp.core.quiz.normalise import normalise_answer
    from studyapp.core.quiz.sections import sections_from_draft
    from studyapp.core.quiz.stats import TermStats, build_index

_WHERE = {
    "generate": "engine",
    "grade": "grading",
    "QUESTION_TYPES": "model",
    "Grade": "model",
    "Question": "model",
    "SourceRef": "model",
    "normalise_answer": "normalise",
    "sections_from_draft": "sections",
    "TermStats": "stats",
    "build_index": "stats",
}

__all__ = [
    "QUESTION_TYPES",
    "Grade",
    "Question",
    "SourceRef",
    "TermStats",
    "build_index",
    "generate",
    "grade",
    "normalise_answer",
    "sections_from_draft",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` when it is first asked for."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"studyapp.core.quiz.{_WHERE[name]}"), name)
