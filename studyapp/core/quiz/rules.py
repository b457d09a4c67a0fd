"""Quality rules, one function each, applied to every question as a final filter."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence

from studyapp.core.quiz.distractors import too_close
from studyapp.core.quiz.model import BLANK, FALSE, TRUE, Question
from studyapp.core.quiz.normalise import is_punctuation, normalise_answer
from studyapp.core.quiz.numerals import leading_number, parse_number
from studyapp.core.quiz.stopwords import FUNCTION_CHARS, is_stop
from studyapp.core.quiz.tagging import tag_zh

BLANKED = frozenset({"cloze", "single", "number"})
OPTION_COUNTS = {"single": (4, 4), "multiple": (4, 6), "true_false": (2, 2)}
_QUOTED = re.compile(r"“([^”]*)”")
Boundaries = Collection[int]


def _figure(answer: str) -> bool:
    split = leading_number(answer)
    return split is not None and parse_number(split[0]) is not None


def count_in(text: str, answer: str) -> int:
    """Occurrences of ``answer`` in ``text``; a number must stand alone (``3`` is not in ``13``)."""
    if answer[:1].isdigit():
        pattern = rf"(?<![\d.,]){re.escape(answer)}(?!\d|[.,]\d)"
        return len(re.findall(pattern, text))
    return text.count(answer)


def answer_once_in_source(question: Question) -> bool:
    """A blanked answer occurs exactly once in its sentence, so the blank is unambiguous."""
    if question.type not in BLANKED:
        return True
    return count_in(question.source.text, question.answer[0]) == 1


def blank_not_stop_word(question: Question) -> bool:
    """A blank is never a stop word, punctuation, a function character or one lone character.

    A single character is allowed only as a number (``5``, ``七``) or a number with its unit.
    """
    if question.type not in BLANKED:
        return True
    answer = question.answer[0].strip()
    if not answer or is_punctuation(answer) or is_stop(answer) or answer in FUNCTION_CHARS:
        return False
    spoken = question.type == "number" and _figure(answer)
    return len(normalise_answer(answer)) > 1 or answer[:1].isdigit() or spoken


def blank_is_whole_word(question: Question, boundaries: Boundaries | None = None) -> bool:
    """A blank starts and ends on word boundaries (jieba words in Chinese).

    Args:
        question: the question.
        boundaries: the sentence's word boundaries when known; computed otherwise.
    """
    if question.type not in BLANKED:
        return True
    text, answer = question.source.text, question.answer[0]
    start = _position(text, answer)
    if start < 0:
        return False
    end = start + len(answer)
    if question.language != "zh":
        return not (_word_char(text, start - 1) or _word_char(text, end))
    cuts = boundaries if boundaries is not None else word_boundaries(text)
    if question.type == "number" and not answer[:1].isdigit() and _figure(answer):
        return start in cuts  # 七|匹: jieba keeps a Chinese numeral with its measure word
    return start in cuts and end in cuts


def _position(text: str, answer: str) -> int:
    if answer[:1].isdigit():
        match = re.search(rf"(?<![\d.,]){re.escape(answer)}(?!\d|[.,]\d)", text)
        return match.start() if match else -1
    return text.find(answer)


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] in "'’-")


def word_boundaries(text: str) -> frozenset[int]:
    """Offsets where jieba's words start or end in a Chinese sentence."""
    tagged = tag_zh(text)
    return frozenset(tagged.starts) | {len(text)}


def prompt_hides_answer(question: Question) -> bool:
    """The prompt does not show the answer, and a hint shows at most its first character."""
    prompt = normalise_answer(question.prompt)
    if question.type in BLANKED:
        answer = question.answer[0]
        if BLANK not in question.prompt or count_in(question.prompt, answer) > 0:
            return False
        if not _figure(answer) and normalise_answer(answer) in prompt:
            return False
    if question.type == "multiple":
        return not any(normalise_answer(item) in prompt for item in question.answer)
    return _hint_ok(question)


def _hint_ok(question: Question) -> bool:
    if not question.hint:
        return True
    answer = question.answer[0]
    if normalise_answer(answer) in normalise_answer(question.hint):
        return False
    return all(shown in ("", answer[:1]) for shown in _QUOTED.findall(question.hint))


def options_distinct(question: Question) -> bool:
    """Options differ from each other after normalisation, and every answer is an option."""
    folded = [normalise_answer(option) for option in question.options]
    if len(set(folded)) != len(folded) or not all(folded):
        return False
    if question.type in ("single", "multiple", "order"):
        return all(item in question.options for item in question.answer)
    return True


def options_well_formed(question: Question) -> bool:
    """The right number of options for the type; order shows its items out of order."""
    kind, options, answer = question.type, question.options, question.answer
    if kind in ("cloze", "number"):
        return not options and len(answer) == 1
    if kind == "order":
        return sorted(options) == sorted(answer) and tuple(options) != tuple(answer)
    low, high = OPTION_COUNTS[kind]
    if not low <= len(options) <= high:
        return False
    if kind == "single":
        return len(answer) == 1
    if kind == "multiple":
        return 1 <= len(answer) < len(options)
    return answer in ((TRUE,), (FALSE,))


def distractors_fair(question: Question) -> bool:
    """No wrong option could also be right: none contains, is contained in or largely shares
    the answer, and none already appears in the sentence. Numbers must differ in value."""
    if question.type != "single":
        return True
    answer = question.answer[0]
    for option in question.options:
        if option == answer:
            continue
        if count_in(question.source.text, option) > 0:
            return False
        if _figure(answer) and _figure(option):
            if _value(option) == _value(answer):
                return False
        elif too_close(answer, option):
            return False
    return True


def _value(text: str) -> float | None:
    split = leading_number(text)
    parsed = parse_number(split[0]) if split else None
    return parsed[0] if parsed else None


def statement_matches_answer(question: Question) -> bool:
    """A true statement is the sentence as written; a false one is changed."""
    if question.type != "true_false":
        return True
    unchanged = question.prompt == question.source.text
    return unchanged == (question.answer == (TRUE,))


Rule = Callable[[Question], bool]
RULES: tuple[Rule, ...] = (
    answer_once_in_source,
    blank_not_stop_word,
    blank_is_whole_word,
    prompt_hides_answer,
    options_distinct,
    options_well_formed,
    distractors_fair,
    statement_matches_answer,
)


def violations(question: Question, boundaries: Boundaries | None = None) -> list[str]:
    """The names of the rules ``question`` breaks (empty when it is fine).

    Args:
        question: the question to check.
        boundaries: word boundaries of its sentence, when the caller has them.

    Returns:
        Rule function names.
    """
    broken = []
    for rule in RULES:
        ok = rule(question, boundaries) if rule is blank_is_whole_word else rule(question)
        if not ok:
            broken.append(rule.__name__)
    return broken


def duplicates(questions: Sequence[Question]) -> list[int]:
    """Indexes of questions that repeat an earlier one's id or prompt."""
    ids: set[str] = set()
    prompts: set[str] = set()
    repeated = []
    for index, question in enumerate(questions):
        if question.id in ids or question.prompt in prompts:
            repeated.append(index)
        ids.add(question.id)
        prompts.add(question.prompt)
    return repeated


def apply_rules(questions: Iterable[Question]) -> list[Question]:
    """Keep the questions that break no rule, dropping repeats of an earlier id or prompt."""
    kept: list[Question] = []
    ids: set[str] = set()
    prompts: set[str] = set()
    for question in questions:
        if question.id in ids or question.prompt in prompts or violations(question):
            continue
        ids.add(question.id)
        prompts.add(question.prompt)
        kept.append(question)
    return kept
