"""The question engine: key terms and enumerations to quizzes, and grading of answers."""

from studyapp.core.quiz.engine import generate
from studyapp.core.quiz.grading import grade
from studyapp.core.quiz.model import QUESTION_TYPES, Grade, Question, SourceRef
from studyapp.core.quiz.normalise import normalise_answer
from studyapp.core.quiz.sections import sections_from_draft
from studyapp.core.quiz.stats import TermStats, build_index

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
