"""The answer box and the plain prompt mention pinyin only where pinyin can answer."""

from __future__ import annotations

from studyapp.cli.plain_quiz import _instructions
from studyapp.core.quiz.model import Question, SourceRef
from studyapp.ui.screens.quiz import _answer_placeholder


def _cloze(language: str) -> Question:
    text = "读书班每周三晚上开。" if language == "zh" else "The reading class meets weekly."
    source = SourceRef("m", "s", 0, len(text), text)
    return Question("q", "cloze", text, (), ("x",), source, language)


def test_pinyin_is_offered_for_chinese_blanks_only() -> None:
    assert "pinyin" in _answer_placeholder(_cloze("zh"))
    assert "pinyin" in _instructions(_cloze("zh"))
    english = _answer_placeholder(_cloze("en"))
    assert "pinyin" not in english and "hint" in english
    assert "pinyin" not in _instructions(_cloze("en"))
