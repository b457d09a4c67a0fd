"""Stored questions checked against today's hard rules: which to retire, and why.

Questions asked before the rules were rebuilt are stored whole; those that break a rule
are retired (never asked again, their cards suspended), never deleted.
"""

from __future__ import annotations

import re

from studyapp.core.quiz.false_figures import qualifier
from studyapp.core.quiz.figure_options import YEAR_STEPS, past_the_whole
from studyapp.core.quiz.figures import figures_in
from studyapp.core.quiz.fitness import fair_pair
from studyapp.core.quiz.model import FALSE, Question
from studyapp.core.quiz.quality import askable, specific, statement
from studyapp.core.quiz.reversal import pairs
from studyapp.core.quiz.tagging import tag_sentence
from studyapp.core.quiz.targets import converted, cuts_name_en, describing_phrase
from studyapp.core.quiz.units import Unit

RULES_VERSION = 6  # raise when a hard rule changes: stored questions are checked again
YEAR_STEP = max(YEAR_STEPS)  # a false year moves this many years at most
REASONS = (
    "not_a_sentence",
    "generic_target",
    "options_of_another_kind",
    "unfair_false",
    "not_a_statement",
    "truncated_option",
    "part_of_a_name",
    "answer_beside_it",
    "option_misworded",
)


def retirement_reason(question: Question) -> str | None:
    """The first hard rule a stored question breaks (a key of :data:`REASONS`), or None."""
    if question.type in ("multiple", "order"):
        truncated = any(option.endswith(("…", "...")) for option in question.options)
        return "truncated_option" if truncated else None
    unit = _unit(question.source.text, question.language)
    if not askable(unit) and not _led(question.source.text, question.language):
        return "not_a_sentence"
    if question.type == "cloze" and _generic(question):
        return "generic_target"
    blank = _blank(question)
    if blank and question.language == "en" and cuts_name_en(question.source.text, *blank):
        return "part_of_a_name"
    if blank and question.type in ("number", "single") and _conversion_shown(question):
        return "answer_beside_it"
    if question.type == "single" and not _figure(question.answer[0], question.language):
        return "options_of_another_kind"
    if question.type == "single" and _beyond_the_whole(question):
        return "options_of_another_kind"
    if question.type == "single" and _misnumbered(question):
        return "option_misworded"
    if question.type == "true_false":
        if not statement(unit):
            return "not_a_statement"
        if question.answer == (FALSE,) and not _fair_change(question):
            return "unfair_false"
    return None


def _conversion_shown(question: Question) -> bool:
    """Whether a figure's prompt still shows its value in other units (3 feet (1 meter)),
    after the blank (past up to three words of its unit) or around it."""
    start = question.prompt.index("____")
    filled = question.prompt.replace("____", question.answer[0], 1)
    return converted(filled, start, start + len(question.answer[0]))


def _blank(question: Question) -> tuple[int, int] | None:
    """Where the blank's answer stands in the passage, when the prompt has a blank."""
    if "____" not in question.prompt or not question.answer:
        return None
    start = question.prompt.index("____")
    answer = question.answer[0]
    if question.source.text[start : start + len(answer)] != answer:
        return None
    return start, start + len(answer)


def _generic(question: Question) -> bool:
    """A blank on an everyday word, or (English) a describing adjective on a noun."""
    answer = question.answer[0]
    if not specific(answer, question.kind or "term", question.language):
        return True
    return question.language == "en" and describing_phrase(answer, question.source.text)


# Where a passage of two sentences may break: after a sentence's closing mark.
_SENTENCE_END = re.compile(r"[。！？；]”?|[.!?;][’”\"']?(?= )")


def _led(text: str, language: str) -> bool:
    """Whether a passage is a sentence that points back read after the one before it."""
    for end in _SENTENCE_END.finditer(text):
        rest = text[end.end() :].lstrip()
        if rest:
            follow = _unit(rest, language)._replace(index=1)
            if fair_pair(_unit(text[: end.end()], language), follow):
                return True
    return False


def _unit(text: str, language: str) -> Unit:
    tagged = tag_sentence(text, language)
    starts = tagged.starts if language != "zh" else None
    return Unit("", 0, 0, 0, text, language, tagged.words, tagged.tags, "paragraph", (), starts)


def _figure(text: str, language: str) -> bool:
    found = figures_in(text, language)
    return bool(found) and found[0].start == 0


def _beyond_the_whole(question: Question) -> bool:
    """A share offered above 100% against an answer within it (百分之一百零一 among
    百分之九十九): no share of the same kind."""
    answer = figures_in(question.answer[0], question.language)[:1]
    if not answer or answer[0].kind != "percent":
        return False
    options = (figures_in(option, question.language)[:1] for option in question.options)
    return any(past_the_whole(answer[0].value, found[0].value) for found in options if found)


def _misnumbered(question: Question) -> bool:
    """An English option whose count and unit disagree: "1 miles" among 3 miles, or
    "2 mile" among 1 mile."""
    if question.language != "en":
        return False
    one = re.fullmatch(r"1 [a-z]+", question.answer[0]) is not None
    for option in question.options:
        match = _COUNTED.fullmatch(option)
        if match and (match["number"] == "1") != one and option != question.answer[0]:
            return True
    return False


_COUNTED = re.compile(r"(?P<number>[\d,.]+) [a-z]+")


def _fair_change(question: Question) -> bool:
    """A false statement differs from its sentence by a figure, or (English) by a
    negation or an opposite from the reversal list."""
    before, after = _changed(question.source.text, question.prompt)
    if re.fullmatch(r"[\d.,%％]+", before) and re.fullmatch(r"[\d.,%％]+", after):
        return _moved_past_bound(question)
    if question.language != "en":
        return False
    old, new = _changed_words(question.source.text, question.prompt)
    if {old, new} <= {"", "not"} or {old + "not", new + "not"} & {old, new}:
        return True  # "is" -> "is not", "can" -> "cannot" and back
    return pairs("en").get(old.casefold()) == new.casefold()


def _moved_past_bound(question: Question) -> bool:
    """A changed figure moved the way its qualifier makes false: up from 超过30% or from
    what one can do (能容纳3000人), down from 不满30家; either way from an exact one."""
    text, language = question.source.text, question.language
    found = figures_in(text, language)
    changed = figures_in(question.prompt, language)
    for old, new in zip(found, changed, strict=False):
        if old.value != new.value:
            if old.kind == "year" and abs(new.value - old.value) > YEAR_STEP:
                return False  # 1985 became 1685: absurd on its face
            bound = qualifier(text, old)
            return not (bound == "min" and new.value < old.value) and not (
                bound == "max" and new.value > old.value
            )
    return True


def _changed_words(original: str, altered: str) -> tuple[str, str]:
    a, b = original.split(), altered.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return " ".join(a[start : len(a) - end]), " ".join(b[start : len(b) - end])


def _changed(original: str, altered: str) -> tuple[str, str]:
    """The differing middles of two strings, after their common start and end."""
    start = 0
    while start < min(len(original), len(altered)) and original[start] == altered[start]:
        start += 1
    end = 0
    limit = min(len(original), len(altered)) - start
    while end < limit and original[-1 - end] == altered[-1 - end]:
        end += 1
    return original[start : len(original) - end], altered[start : len(altered) - end]
