"""False values for a figure: moved past what its qualifier (以上, more than, 约) allows."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from studyapp.core.quiz.figure_options import (
    _allowed,
    _digits,
    _neighbours,
    _small_steps,
    _write,
)
from studyapp.core.quiz.figures import Figure, is_spoken

_AT_LEAST = re.compile(
    r"(?:以上|多|余|超过|逾|不少于|不低于|至少|高于|突破|more than|over|at least|upwards of"
    r"|in excess of|exceed)",
    re.I,
)
_AT_MOST = re.compile(
    r"(?:以下|以内|不到|不足|不满|不及|不超过|不高于|低于|少于|less than|under|fewer than"
    r"|at most|up to|within|below)",
    re.I,
)
# What one can do at most: 能连翻八十四个筋斗 stays true of eighty, so only more is false.
_ABLE = re.compile(r"(?:能|能够|可以|可达|\bcan\b|\bcould\b|able to)", re.I)
_ABOUT = re.compile(
    r"(?:约|左右|近|大约|上下|about|around|approximately|roughly|nearly|almost|some)", re.I
)


def qualifier(text: str, figure: Figure) -> str:
    """How a sentence bounds a figure: ``min`` (以上, more than, and what one can do:
    能连翻八十四个), ``max`` (以下, under), ``about`` (约, around) or ``exact``."""
    before = text[max(0, figure.start - 14) : figure.start]
    after = text[figure.end : figure.end + len(figure.unit) + 4]
    if _AT_LEAST.search(after[: len(figure.unit) + 3]) or _AT_LEAST.search(before[-12:]):
        return "min"
    if _ABLE.search(before[-8:]):
        return "min"
    if _AT_MOST.search(after[: len(figure.unit) + 3]) or _AT_MOST.search(before[-12:]):
        return "max"
    if _ABOUT.search(before[-8:]) or _ABOUT.search(after):
        return "about"
    return "exact"


def false_value(
    figure: Figure, text: str, rng: random.Random, others: Sequence[Figure]
) -> str | None:
    """A value that makes the sentence false, whatever its qualifier, and still reads right.

    ``超过30%`` only becomes false upwards, ``不到5天`` downwards, ``约40人`` only far away;
    the value stays on the same side of every other figure of its kind in the sentence
    (``从51.6%提高到58.5%`` keeps rising) and inside a range it bounds.

    Returns:
        The value written like the original (without unit), or ``None``.
    """
    bound = qualifier(text, figure)
    value = figure.value
    avoid = {other.value for other in others}
    steps = [] if figure.kind == "year" else _small_steps(value)  # not 1685 for 1985
    pool = [v for v in _neighbours(figure) + steps if _allowed(v, figure, avoid)]
    pool = [v for v in dict.fromkeys(pool) if _keeps_order(v, figure, others)]
    margin = 5 if figure.kind == "percent" else value * 0.25  # points, or a quarter
    if bound == "min":
        pool = [v for v in pool if v >= value + margin]
    elif bound == "max":
        pool = [v for v in pool if v <= value - margin]
    elif bound == "about":
        pool = [v for v in pool if v >= value * 1.5 or v <= value / 1.5]
    if figure.kind == "year" and bound != "exact":
        return None
    if is_spoken(figure):  # 六千年 becomes 八千年, not 五千七百年
        pool = [v for v in pool if _digits(v) <= _digits(value)]
    if not pool:
        return None
    chosen = rng.choice(sorted(pool)[:6] if len(pool) > 6 else pool)
    template = figure.number.rstrip("%％").removeprefix("百分之")
    suffix = figure.number[-1] if figure.number.endswith(("%", "％")) else ""
    return _write(chosen, template, figure) + suffix


def _keeps_order(value: float, figure: Figure, others: Sequence[Figure]) -> bool:
    for other in others:
        if other.start == figure.start or other.kind != figure.kind or other.unit != figure.unit:
            continue
        if (other.value < figure.value) != (other.value < value) or other.value == value:
            return False
    return True
