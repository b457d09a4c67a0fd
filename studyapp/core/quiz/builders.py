"""One builder per question type: from a blank or an enumeration to a :class:`Question`."""

from __future__ import annotations

import random
import re
from typing import Any

from studyapp.core.quiz.analysis import Blank, Reading
from studyapp.core.quiz.distractors import too_close
from studyapp.core.quiz.enumerations import Enumeration
from studyapp.core.quiz.false_figures import false_value, qualifier
from studyapp.core.quiz.figure_options import wrong_values
from studyapp.core.quiz.figures import Figure, figures_in, is_spoken
from studyapp.core.quiz.model import (
    BLANK,
    FALSE,
    TRUE,
    TRUE_FALSE_LABELS,
    Question,
    QuestionType,
    SourceRef,
    question_id,
)
from studyapp.core.quiz.numerals import parse_number, to_zh
from studyapp.core.quiz.outline import Outline, outline_order, scrambled
from studyapp.core.quiz.prompts import (
    clean_title,
    cloze_hint,
    multiple_prompt,
    order_prompt,
    topic_of,
)
from studyapp.core.quiz.reversal import reversed_claim
from studyapp.core.quiz.targets import conversion_to_drop
from studyapp.core.quiz.units import SectionText, Unit, section_text

MULTIPLE_OPTIONS = (4, 6)
MAX_LABEL = {"zh": 14, "en": 12}
SHORT_TITLE = 8
_WEEKDAY = re.compile(r"^(?:周[一二三四五六日天]|星期.|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)")
_WEAK_END = tuple("的了上后时中是在和")
_DIGITS = re.compile(r"\d")
_LIST_LABEL = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、)])\s*"
)


def unit_source(reading: Reading, unit: Unit) -> SourceRef:
    """The :class:`SourceRef` of a sentence."""
    return SourceRef(
        reading.material_id, unit.anchor, unit.offset, unit.offset + len(unit.text), unit.text
    )


def blanked(unit: Unit, start: int, end: int, drop: tuple[int, int] | None = None) -> str:
    """The sentence with ``text[start:end]`` replaced by the blank; an article before it
    stays as written (``a(n) ____`` reads as a broken sentence), a list label such as
    ``（二）`` before the sentence is left out, and so is ``text[drop]`` (a figure's
    conversion, which would give it away)."""
    label = _LIST_LABEL.match(unit.text)
    begin = label.end() if label and label.end() <= start else 0
    text = unit.text
    rest = text[end:] if drop is None else text[end : drop[0]] + text[drop[1] :]
    return text[begin:start] + BLANK + rest


def _figure_blanked(unit: Unit, figure: Figure, start: int, end: int) -> str:
    """A figure's sentence blanked, its conversion left out (``____ miles long``)."""
    measured = figure.end + len(figure.unit)
    return blanked(unit, start, end, conversion_to_drop(unit.text, figure.start, measured))


def _question(
    reading: Reading, unit: Unit, question_type: QuestionType, item: str, **fields: Any
) -> Question:
    ident = question_id(reading.material_id, unit.anchor, unit.text, question_type, item)
    return Question(
        id=ident,
        type=question_type,
        source=unit_source(reading, unit),
        language=unit.language,
        **fields,
    )


# -- sentence questions -----------------------------------------------------------------


def cloze(reading: Reading, blank: Blank, rng: random.Random) -> Question | None:
    """The sentence with its key term blanked; the hint gives the first character and length."""
    if blank.figure is not None:
        return None
    unit = blank.unit
    return _question(
        reading,
        unit,
        "cloze",
        blank.text,
        prompt=blanked(unit, blank.start, blank.end),
        options=(),
        answer=(blank.text,),
        hint=cloze_hint(blank.text, unit.language),
        kind=blank_kind(blank),
    )


def number(reading: Reading, blank: Blank, rng: random.Random) -> Question | None:
    """A figure to type: ``每天学习时间不少于____分钟。``, the unit accepted or left off."""
    figure = blank.figure
    if figure is None:
        return None
    unit = blank.unit
    prompt = _figure_blanked(unit, figure, figure.start, figure.end)
    return _question(
        reading,
        unit,
        "number",
        figure.number,
        prompt=prompt,
        options=(),
        answer=(figure.number,),
        accepted=number_forms(figure, unit.language),
        kind=blank_kind(blank),
    )


def number_forms(figure: Figure, language: str) -> tuple[str, ...]:
    """Other ways to write a figure's answer: with its unit, in Chinese numerals, as ``85``."""
    forms = [figure.number + figure.unit.rstrip()] if figure.unit else []  # 1,000 locations
    parsed = parse_number(figure.number)
    value = parsed[0] if parsed else figure.value
    if figure.kind == "percent":
        forms.append(_plain(value))
        forms.append(f"{_plain(value)}%")
    if is_spoken(figure):
        forms += [_plain(value), _plain(value) + figure.unit]  # 七匹: 7 or 7匹; four: 4
    if language == "zh" and value == int(value) and 0 <= value <= 99999:
        spoken = ("百分之" if figure.kind == "percent" else "") + to_zh(int(value))
        forms += [spoken, spoken + figure.unit] if figure.unit else [spoken]
    return tuple(dict.fromkeys(f for f in forms if f != figure.number))


def blank_kind(blank: Blank) -> str:
    """What a blank is: ``figure:<unit>`` (``figure:%``, ``figure:year``), or its term kind."""
    figure = blank.figure
    if figure is None:
        return blank.kind
    if figure.kind in ("percent", "year", "ordinal"):
        return f"figure:{ {'percent': '%'}.get(figure.kind, figure.kind) }"
    return f"figure:{figure.unit.strip()}"


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def single(reading: Reading, blank: Blank, rng: random.Random) -> Question | None:
    """Four options for a figure: the right one and three of the same unit and magnitude."""
    unit = blank.unit
    if blank.figure is None:
        return None
    end, right, wrong = _figure_options(blank.figure, unit, rng)
    if len(wrong) < 3:
        return None
    options = [right, *wrong]
    rng.shuffle(options)
    return _question(
        reading,
        unit,
        "single",
        blank.text,
        prompt=_figure_blanked(unit, blank.figure, blank.start, end),
        options=tuple(options),
        answer=(right,),
        kind=blank_kind(blank),
        option_kinds=(blank_kind(blank),) * len(options),
    )


def _figure_options(figure: Figure, unit: Unit, rng: random.Random) -> tuple[int, str, list[str]]:
    avoid = _numbers_in(unit.text)
    approximate = qualifier(unit.text, figure) == "about"
    wrong = wrong_values(figure, rng, avoid, 3, approximate)
    if figure.unit and unit.text.startswith(figure.unit, figure.end):
        end = figure.end + len(figure.unit)
        return end, figure.number + figure.unit, [w + figure.unit for w in wrong]
    return figure.end, figure.number, wrong


def _numbers_in(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text)}


def true_false(
    reading: Reading, blank: Blank, rng: random.Random, truth: bool | None = None
) -> Question | None:
    """The sentence as written (true) or changed by one type-safe change (false).

    Args:
        truth: which to make; ``None`` to let ``rng`` decide. A false item that cannot
            be made fairly gives ``None``, never a true one in its place.
    """
    unit = blank.unit
    if unit.text.endswith(("：", ":", "？", "?")):
        return None  # a lead-in or a question is neither true nor false
    labels = TRUE_FALSE_LABELS[unit.language]
    if truth is None:
        truth = rng.random() < 0.5
    statement = unit.text
    if not truth:
        change = _false_change(reading, blank, rng)
        if change is None:
            return None
        start, end, replacement = change
        statement = unit.text[:start] + replacement + unit.text[end:]
    return _question(
        reading,
        unit,
        "true_false",
        blank.text,
        prompt=statement,
        options=labels,
        answer=(TRUE if truth else FALSE,),
        kind="statement",
    )


def _false_change(
    reading: Reading, blank: Blank, rng: random.Random
) -> tuple[int, int, str] | None:
    """The blank's figure changed; else, in English, the main clause negated."""
    swapped = _swapped(reading, blank, rng)
    if swapped is not None:
        return blank.start, blank.end, swapped
    return reversed_claim(blank.unit) if blank.unit.language == "en" else None


def _swapped(reading: Reading, blank: Blank, rng: random.Random) -> str | None:
    """A figure moved past what its qualifier allows: the one change judged fair every
    time (a swapped term or an antonym mostly gave itself away in Chinese)."""
    unit = blank.unit
    if blank.figure is None:
        return None
    others = figures_in(unit.text, unit.language)
    return false_value(blank.figure, unit.text, rng, others)


# -- enumeration questions --------------------------------------------------------------


def usable(enumeration: Enumeration) -> bool:
    """Whether an enumeration's labels make fair options: no numbers, weekdays or stubs."""
    longest = MAX_LABEL[enumeration.language]
    for label in enumeration.labels:
        if _DIGITS.search(label) or _WEEKDAY.match(label) or label.endswith(_WEAK_END):
            return False
        size = len(label) if enumeration.language == "zh" else len(label.split())
        if label.endswith(("…", "...")) or size > longest:
            return False  # a cut label is garbled; a long one is a sentence, not an item
    return True


def _passage(section: SectionText, enumeration: Enumeration) -> tuple[str, SourceRef]:
    text = section_text(section.section)[enumeration.start : enumeration.end]
    return text, SourceRef(
        section.section.material_id, section.anchor, enumeration.start, enumeration.end, text
    )


def _list_question(
    reading: Reading,
    section: SectionText,
    enumeration: Enumeration,
    question_type: QuestionType,
    **fields: Any,
) -> Question:
    text, source = _passage(section, enumeration)
    item = "\x1e".join(enumeration.labels)
    ident = question_id(reading.material_id, section.anchor, text, question_type, item)
    return Question(
        id=ident, type=question_type, source=source, language=enumeration.language, **fields
    )


def order(
    reading: Reading, section: SectionText, enumeration: Enumeration, rng: random.Random
) -> Question | None:
    """Put an ordered enumeration's items back in the text's order; shown shuffled."""
    if isinstance(enumeration, Outline):  # the text's own numbered headings
        title = clean_title(section.section.title)
        return outline_order(reading.material_id, section, enumeration, title, rng)
    if not enumeration.ordered or not usable(enumeration):
        return None
    labels = list(enumeration.labels)
    shown = scrambled(labels, rng)
    title = context_title(reading, section)
    prompt = order_prompt(
        topic_of(enumeration.intro, enumeration.language), title, enumeration.language
    )
    return _list_question(
        reading,
        section,
        enumeration,
        "order",
        prompt=prompt,
        options=tuple(shown),
        answer=tuple(labels),
        kind="item",
        option_kinds=("item",) * len(shown),
    )


def multiple(
    reading: Reading, section: SectionText, enumeration: Enumeration, rng: random.Random
) -> Question | None:
    """Which of these does the text list? Some of the items and wrong ones from other lists.
    An ordered list (steps, stages) is asked as an order question instead."""
    if enumeration.ordered or not usable(enumeration):
        return None
    labels = list(enumeration.labels)
    right = rng.sample(labels, min(len(labels), rng.randint(2, 4)))
    size = rng.randint(*MULTIPLE_OPTIONS)
    passage, _ = _passage(section, enumeration)
    wrong = _foreign_labels(reading, enumeration, passage, rng, max(size - len(right), 1))
    if len(right) + len(wrong) < MULTIPLE_OPTIONS[0] or not wrong:
        return None
    options = right + wrong
    rng.shuffle(options)
    title = context_title(reading, section)
    prompt = multiple_prompt(
        topic_of(enumeration.intro, enumeration.language), title, enumeration.language
    )
    answer = tuple(option for option in options if option in right)
    return _list_question(
        reading,
        section,
        enumeration,
        "multiple",
        prompt=prompt,
        options=tuple(options),
        answer=answer,
        kind="item",
        option_kinds=("item",) * len(options),
    )


def context_title(reading: Reading, section: SectionText) -> str:
    """The section's heading, after its parent's when it is short: ``SQ3R · 五个步骤``."""
    title = clean_title(section.section.title)
    if len(title) > SHORT_TITLE:
        return title
    parent = None
    for other in reading.sections:
        if other is section:
            break
        if other.section.level < section.section.level:
            parent = other
    if parent is None:
        return title
    return f"{clean_title(parent.section.title)} · {title}"


def _foreign_labels(
    reading: Reading, enumeration: Enumeration, passage: str, rng: random.Random, count: int
) -> list[str]:
    own = enumeration.labels
    pool: list[str] = []
    for _, other in reading.enumerations:
        if other is enumeration or other.language != enumeration.language or not usable(other):
            continue
        if isinstance(other, Outline):
            continue  # chapter headings are no list items
        for label in other.labels:
            if label in passage or any(too_close(mine, label) for mine in own):
                continue
            if label not in pool and not any(too_close(label, taken) for taken in pool):
                pool.append(label)
    pool.sort(key=lambda label: abs(len(label) - _mean_length(own)))
    return rng.sample(pool[: count * 3], min(count, len(pool)))


def _mean_length(labels: tuple[str, ...]) -> float:
    return sum(len(label) for label in labels) / len(labels)
