"""Grading typed and chosen answers: normalised, pinyin-tolerant, near misses, numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from itertools import product

from rapidfuzz.distance import Levenshtein

from studyapp.core.quiz.model import FALSE, TRUE, Grade, Question, Verdict
from studyapp.core.quiz.normalise import normalise_answer
from studyapp.core.quiz.numerals import leading_number, parse_number

ALMOST_MIN_LENGTH = 4
MAX_PINYIN_READINGS = 64
_HAN = re.compile(r"[\u3400-\u9fff]")
_TRUE_WORDS = frozenset({"true", "t", "对", "正确", "是", "yes", "y", "√", "✓", "✔", "1"})
_FALSE_WORDS = frozenset({"false", "f", "错", "错误", "否", "不对", "no", "n", "×", "✗", "✘", "0"})
_SPLIT = re.compile(r"[,，、;；\s]+")
_LETTER = re.compile(r"^[a-z]$")


def grade(question: Question, given: str | Sequence[str]) -> Grade:
    """Grade an answer to ``question``.

    Typed answers (cloze) are compared after :func:`normalise_answer`; toneless pinyin
    of a Chinese answer counts as right, and one wrong character in an answer of four
    or more is ``almost``. Numbers compare by value (``40`` = ``四十`` = ``４０``).
    Choices may be given as option texts, letters (``A``) or 1-based numbers.

    Args:
        question: the question answered.
        given: the answer: a string, or for multiple/order a sequence of choices.

    Returns:
        The grade; ``items`` tells per option (multiple) or position (order) whether
        it was right.
    """
    graders = {
        "cloze": _typed,
        "number": _number,
        "single": _single,
        "multiple": _multiple,
        "order": _order,
        "true_false": _true_false,
    }
    return graders[question.type](question, given)


def _as_tuple(given: str | Sequence[str]) -> tuple[str, ...]:
    return (given,) if isinstance(given, str) else tuple(given)


def _typed(question: Question, given: str | Sequence[str]) -> Grade:
    answers = _as_tuple(given)
    text = answers[0] if answers else ""
    expected = question.answer
    typed = normalise_answer(text)
    written = (*expected, *question.accepted)
    targets = [normalise_answer(a) for a in written]
    if typed and typed in targets:
        return Grade("right", expected, answers)
    if typed and question.language == "en" and _same_english_words(text, written):
        return Grade("right", expected, answers)  # the singular, or without a/an/the
    if typed and any(_pinyin_match(typed, target) for target in targets):
        return Grade("right", expected, answers, via_pinyin=True)
    for target, shown in zip(targets, written, strict=True):
        if len(target) >= ALMOST_MIN_LENGTH and Levenshtein.distance(typed, target) == 1:
            return Grade("almost", expected, answers, diff=f"{text.strip()} → {shown}")
    return Grade("wrong", expected, answers)


_ARTICLES = ("a", "an", "the")


def _same_english_words(text: str, targets: Sequence[str]) -> bool:
    """Whether the typed words are a target's but for a noun's number or an article:
    ``tradition`` for ``traditions``, ``child`` for ``children``, ``iron string`` for
    ``an iron string``."""
    typed = _english_forms(text)
    return bool(typed) and any(_alike(typed, _english_forms(target)) for target in targets)


def _english_forms(text: str) -> list[set[str]]:
    """Each word as written and as a singular, without a leading article."""
    from studyapp.core.quiz.english import singular  # the rules load on first use

    words = [w for w in re.split(r"[^\w'-]+", text.casefold()) if w]
    if words and words[0] in _ARTICLES:
        words = words[1:]
    return [{word, singular(word)} for word in words]


def _alike(typed: list[set[str]], target: list[set[str]]) -> bool:
    return len(typed) == len(target) and all(a & b for a, b in zip(typed, target, strict=True))


def _pinyin_match(typed: str, target: str) -> bool:
    folded = _fold_pinyin(typed)
    if not _HAN.search(target) or not folded.isascii():
        return False
    return folded in pinyin_readings(target)


def _fold_pinyin(text: str) -> str:
    return text.replace("ü", "v").replace("u:", "v").replace("v", "u")


@cache
def pinyin_readings(text: str) -> frozenset[str]:
    """Toneless pinyin spellings of ``text`` (spaces removed, ``ü`` folded to ``u``).

    The phrase reading from pypinyin comes first; polyphonic characters add their
    other readings, up to 64 spellings.
    """
    from pypinyin import Style, lazy_pinyin, pinyin  # imported on demand: ~0.1 s

    readings = {_fold_pinyin("".join(lazy_pinyin(text, style=Style.NORMAL)).lower())}
    options = [
        sorted({r for reading in pinyin(ch, style=Style.NORMAL, heteronym=True) for r in reading})
        for ch in text
    ]
    combinations = 1
    for choices in options:
        combinations *= len(choices)
    if combinations <= MAX_PINYIN_READINGS:
        readings |= {_fold_pinyin("".join(p).lower()) for p in product(*options)}
    return frozenset(normalise_answer(r) for r in readings)


def _number(question: Question, given: str | Sequence[str]) -> Grade:
    answers = _as_tuple(given)
    text = answers[0] if answers else ""
    expected = question.answer
    wanted = number_value(expected[0])
    units = {_unit_of(a) for a in (*expected, *question.accepted)} - {""}
    got = _typed_number(text, units)
    if wanted is not None and got is not None and abs(got - wanted) < 1e-9:
        return Grade("right", expected, answers)
    return Grade("wrong", expected, answers)


def number_value(text: str) -> float | None:
    """The value of a number answer (``85%`` → 85, ``四十`` → 40), or ``None``."""
    parsed = parse_number(text)
    return parsed[0] if parsed else None


def _unit_of(text: str) -> str:
    split = leading_number(text)
    return normalise_answer(split[1]) if split else ""


def _typed_number(text: str, units: set[str]) -> float | None:
    split = leading_number(text.strip())
    if split is None:
        return None
    number, rest = split
    rest = normalise_answer(rest)
    if rest and rest not in units and rest != "%":
        return None
    return number_value(number)


def _resolve(question: Question, choice: str) -> str:
    """An option text from a typed choice: the text itself, a letter, or a 1-based number."""
    folded = normalise_answer(choice)
    for option in question.options:
        if normalise_answer(option) == folded:
            return option
    if _LETTER.match(folded) and ord(folded) - 97 < len(question.options):
        return question.options[ord(folded) - 97]
    if folded.isdigit() and 1 <= int(folded) <= len(question.options):
        return question.options[int(folded) - 1]
    return choice


def _choices(question: Question, given: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(given, str):
        parts = [p for p in _SPLIT.split(given.strip()) if p]
        if len(parts) == 1 and _packed(question, parts[0]):
            parts = list(parts[0])  # "ACD" or "3142"
        given = parts
    return tuple(_resolve(question, choice) for choice in given)


def _packed(question: Question, token: str) -> bool:
    """Whether ``token`` is several letters or digits typed without separators."""
    if len(token) < 2 or not token.isascii() or normalise_answer(token) in _option_keys(question):
        return False
    if token.isalpha():
        return True
    return token.isdigit() and len(question.options) <= 9


def _option_keys(question: Question) -> set[str]:
    return {normalise_answer(option) for option in question.options}


def _single(question: Question, given: str | Sequence[str]) -> Grade:
    chosen = _choices(question, given)
    verdict: Verdict = "right" if chosen == question.answer else "wrong"
    return Grade(verdict, question.answer, chosen)


def _multiple(question: Question, given: str | Sequence[str]) -> Grade:
    chosen = set(_choices(question, given))
    right = set(question.answer)
    items = tuple((option in chosen) == (option in right) for option in question.options)
    verdict: Verdict = "right" if all(items) and chosen <= set(question.options) else "wrong"
    return Grade(verdict, question.answer, tuple(sorted(chosen, key=_position(question))), items)


def _position(question: Question) -> Callable[[str], int]:
    index = {option: i for i, option in enumerate(question.options)}
    return lambda option: index.get(option, len(index))


def _order(question: Question, given: str | Sequence[str]) -> Grade:
    chosen = _choices(question, given)
    expected = question.answer
    items = tuple(i < len(chosen) and chosen[i] == item for i, item in enumerate(expected))
    verdict: Verdict = "right" if all(items) and len(chosen) == len(expected) else "wrong"
    return Grade(verdict, expected, chosen, items)


def _true_false(question: Question, given: str | Sequence[str]) -> Grade:
    answers = _as_tuple(given)
    text = normalise_answer(answers[0]) if answers else ""
    labels = [normalise_answer(label) for label in question.options]
    value = TRUE if text in _TRUE_WORDS else FALSE if text in _FALSE_WORDS else None
    if value is None and text in labels:
        value = TRUE if labels.index(text) == 0 else FALSE
    verdict: Verdict = "right" if value is not None and (value,) == question.answer else "wrong"
    return Grade(verdict, question.answer, answers)
