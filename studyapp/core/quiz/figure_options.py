"""Wrong values for a figure, written like it: the options of a figure question."""

from __future__ import annotations

import math
import random

from studyapp.core.quiz.figures import Figure, is_spoken
from studyapp.core.quiz.numerals import format_like, to_zh
from studyapp.core.quiz.numerals_en import parse_spelled, spell

GRIDS = {
    "分钟": (5, 10, 15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 120, 150, 180),
    "minutes": (5, 10, 15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 120, 150, 180),
    "小时": (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 48, 60, 80, 100, 120),
    "hours": (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 48, 60, 80, 100, 120),
    "天": (1, 2, 3, 4, 5, 6, 7, 10, 14, 15, 20, 21, 30, 45, 60, 90),
    "days": (1, 2, 3, 4, 5, 6, 7, 10, 14, 15, 20, 21, 30, 45, 60, 90),
    "周": (1, 2, 3, 4, 5, 6, 8, 10, 12, 13, 16, 20, 24, 26, 52),
    "weeks": (1, 2, 3, 4, 5, 6, 8, 10, 12, 13, 16, 20, 24, 26, 52),
    "个月": (1, 2, 3, 4, 6, 9, 12, 18, 24, 36),
    "周年": (5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100),  # round anniversaries
    "months": (1, 2, 3, 4, 6, 9, 12, 18, 24, 36),
}
GRIDS["小时"] = GRIDS["hours"]
_NICE = sorted(
    {round(m * 10**e, 6) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9) for e in range(-1, 6)}
    | set(range(1, 13))
)


def wrong_values(
    figure: Figure,
    rng: random.Random,
    avoid: set[float],
    count: int = 3,
    approximate: bool = False,
) -> list[str]:
    """Plausible wrong numbers for ``figure``, written like it: same unit and magnitude.

    ``40`` minutes gives values such as 30, 45, 60; ``85%`` gives 75%, 80%, 90%;
    years stay within a few years; ordinals move by one or two.

    Args:
        figure: the right figure.
        rng: the source of randomness.
        avoid: values that must not be offered (numbers elsewhere in the sentence).
        count: how many to return.
        approximate: the sentence says "about" (约, roughly): wrong values keep a
            distance a reader can tell from rounding (not 37% against roughly 38%).

    Returns:
        Up to ``count`` numbers as text (with ``%`` for percentages, without unit).
    """
    value = figure.value
    pool = [v for v in _neighbours(figure, approximate) if _allowed(v, figure, avoid)]
    if figure.kind != "year" and (len(pool) < count or not _round(value)):
        # 5.31 or 103 among 80, 100, 120 stands out; a year keeps within a few years
        pool += [v for v in _small_steps(value) if _allowed(v, figure, avoid)]
    if approximate:
        pool = [v for v in pool if abs(v - value) >= APPROXIMATE_GAP * value]
    pool = _as_round(pool, value, count)
    pool.sort(key=lambda v: abs(math.log(v / value)) if v > 0 and value > 0 else 9)
    chosen = sorted(_both_sides(pool, value, rng, count))
    template = figure.number.rstrip("%％").removeprefix("百分之")
    percent = figure.kind == "percent" and figure.number.endswith(("%", "％"))
    suffix = figure.number[-1] if percent else ""  # 30％ is offered among 20％, not 20%
    return [_write(v, template, figure) + suffix for v in chosen]


YEAR_STEPS = (-5, -3, -2, -1, 1, 2, 3, 5)  # a wrong year is a few years off
APPROXIMATE_GAP = 0.09  # wrong values at least this share away from an "about" figure


def _round(value: float) -> bool:
    """One significant digit, or two ending in 5: 7, 80, 85, 1500 (not 103, 12000, 5.31)."""
    digits = _significant(value)
    return len(digits) <= 1 or (len(digits) == 2 and digits[1] == "5")


def _as_round(pool: list[float], value: float, count: int) -> list[float]:
    """Wrong values as round as the answer, where there are enough: 1000元 among 800元,
    900元, and 103 among 93, 113, not among 80, 100, 120; the same number of significant
    digits too where that still leaves values on both sides."""
    same = [v for v in pool if _round(v) == _round(value)]
    pool = same if len(same) >= count else pool
    alike = [v for v in pool if _digits(v) == _digits(value)]
    if len(alike) >= count and min(alike) < value < max(alike):
        return alike
    return pool


def _allowed(value: float, figure: Figure, avoid: set[float]) -> bool:
    if is_spoken(figure) and figure.number.isascii():  # spelled: whole, and spellable
        scale = parse_spelled("one " + figure.number.split()[-1]) if " " in figure.number else 1
        if value != int(value) or spell(int(value)) is None or value % (scale or 1):
            return False  # two hundred among three hundred, not among eighty
    elif is_spoken(figure) and value == int(value) and not _same_scale(value, figure):
        return False  # 一万家 among 二万家, not among 九千家
    if figure.kind == "percent" and past_the_whole(figure.value, value):
        return False  # 百分之九十九 among 百分之一百零一
    english_unit = figure.unit.strip().isascii() and figure.unit.strip()
    if english_unit and (value == 1) != (figure.value == 1):
        return False  # "1 miles" among 3 miles, "2 mile" among 1 mile: read as wrong
    return value != figure.value and value not in avoid and figure.low < value < figure.high


def past_the_whole(share: float, other: float) -> bool:
    """Whether a share offered beside one within the whole (``share``) is above it."""
    return share <= 100 < other


def _same_scale(value: float, figure: Figure) -> bool:
    """Whether a Chinese numeral is written with the answer's largest unit (万 in 一万二千)."""
    written = (to_zh(int(value)), figure.number)
    largest = [next((unit for unit in "亿万千百十" if unit in text), "") for text in written]
    return largest[0] == largest[1]


def _small_steps(value: float) -> list[float]:
    """Values a few steps of the answer's second digit away (5.31: 5.01 … 5.61)."""
    if value >= 1:
        lowest = 0 if value == int(value) else -2  # a decimal keeps its precision
        step = 10 ** max(lowest, math.floor(math.log10(value)) - 1)
    else:
        step = 0.1
    return [round(value + k * step, 6) for k in (-3, -2, -1, 1, 2, 3) if value + k * step > 0]


def _write(value: float, template: str, figure: Figure) -> str:
    if figure.number.startswith("百分之"):
        return "百分之" + to_zh(int(value))
    if is_spoken(figure) and figure.number.isascii():
        return spell(int(value), figure.number) or ""
    if is_spoken(figure):
        return to_zh(int(value))
    if value == int(value):
        template = template.partition(".")[0]
    return format_like(value, template)


def _neighbours(figure: Figure, approximate: bool = False) -> list[float]:
    value = figure.value
    if figure.kind == "percent":
        step = 10 if value % 10 == 0 else 5 if value % 5 == 0 or approximate else 1
        top = 100 if value == 100 else 99.9
        return [value + k * step for k in (-3, -2, -1, 1, 2, 3) if 0 < value + k * step <= top]
    if figure.kind in ("year", "ordinal") or (value < 10 and value == int(value)):
        steps = YEAR_STEPS if figure.kind == "year" else (-2, -1, 1, 2, 3)
        return [value + k for k in steps if value + k > 0]
    grid = GRIDS.get(figure.unit.strip(), _NICE)
    whole = value == int(value)
    return [v for v in grid if (not whole or v == int(v)) and 1 / 3 <= v / value <= 3]


def _digits(value: float) -> int:
    """Significant digits: 1000 and 2000 have 1, 1500 has 2, 7.1 has 2."""
    return len(_significant(value)) or 1


def _significant(value: float) -> str:
    """A value's significant digits, to six decimals: 1500 → ``15``, 5.31 → ``531``."""
    return f"{value:.6f}".replace(".", "").strip("0")


def _both_sides(pool: list[float], value: float, rng: random.Random, count: int) -> list[float]:
    """Wrong values from the closest few, with some above and some below the answer where
    the pool allows: three values all below it point at the answer."""
    near = pool[: count + 2]
    above = [v for v in pool if v > value][:2]
    below = [v for v in pool if v < value][:2]
    if not above or not below or count < 2:
        return rng.sample(near, min(count, len(near)))
    chosen = [rng.choice(above), rng.choice(below)]
    rest = [v for v in near + above + below if v not in chosen]
    return chosen + rng.sample(rest, min(count - 2, len(rest)))
