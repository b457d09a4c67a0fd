"""Figures in sentences (numbers with units, percentages, years) and plausible wrong ones."""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, replace

from studyapp.core.quiz.numerals import format_like, parse_zh_integer, to_zh
from studyapp.core.quiz.numerals_en import SPELLED, parse_spelled, spell

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
ZH_UNITS = sorted(
    """
    个工作日 个小时 个月 工作日 周年 分钟 小时 个 本 次 人 名 位 页 字 张 条 项 份 种 道 篇 岁 元 块
    遍 章 节 号 倍 周 天 年 秒 件 组 句 段 步 类 所 家 场 届 期 门 题 盒 万 千 亿 厘米 米 公里
    千克 克 课时 美元 元 吨 户 列 辆 台 架 艘 座 颗 所 公顷 亩 平方公里 千米 千瓦 斤 里 尺 寸 丈
    间 棵 株 头 匹 只 双 套 批 轮 起 处 例 宗 枚 首 部 集 辈 代 世纪 多年 多人
    """.split(),
    key=len,
    reverse=True,
)
_ZH_UNIT = re.compile(
    "(?:多|余)?(?:[万亿千百]+(?:多|余)?)?(?:" + "|".join(map(re.escape, ZH_UNITS)) + ")|[万亿]+"
)
EN_UNITS = frozenset(
    """
    minute minutes hour hours day days week weeks month months year years page pages book books
    card cards chapter chapters question questions session sessions box boxes title titles
    people members percent seconds second words lines times
    """.split()
)
_ZH_FIGURE = re.compile(
    rf"(?P<ord>第)?(?P<num>{_NUM})(?P<pct>[%％])?"
    rf"|百分之(?P<zhpct>[零〇一二两三四五六七八九十百]+)"
    r"|(?<![第零〇一二两三四五六七八九十百千万几数这那哪前后头])"
    r"(?P<spoken>(?:[一二](?=[十百千万])|[两三四五六七八九十])[零〇一二三四五六七八九十百千万]*)"
)
# 五六里, 十六七岁, 两三年: two digits side by side say "about", not a figure to ask
_APPROXIMATE = re.compile("[一二两三四五六七八九]{2}")
# 1000元以上5000元以下: two figures bounding one amount.
_FLOOR_CEILING = re.compile(r"\D{0,3}以上[、，,]?(?:并处)?\|\D{0,3}以下.*")
_RANGE = re.compile(rf"\s*(?:到|至|~|～|-|–|—|to)\s*(?:第)?{_NUM}")
_EN_FIGURE = re.compile(rf"(?<![\w./]){_NUM}(?P<pct>%)?(?![\w./]\d)")
_NEIGHBOUR_BAD = "∶:/／.-–~～"
_DATE_TAIL = ("月", "日", "点", "分", "号")
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


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in a sentence: ``sentence[start:end]`` is ``number`` (with ``%``)."""

    start: int
    end: int
    number: str
    value: float
    unit: str
    kind: str  # percent, year, ordinal, count
    low: float = 0.0  # a wrong value must lie above this (the start of a range it ends)
    high: float = math.inf  # and below this (the end of a range it starts)

    @property
    def with_unit(self) -> str:
        """The number and its unit as written: ``40分钟``, ``85%``."""
        return self.number + self.unit


def figures_zh(text: str) -> list[Figure]:
    """Question-worthy figures of a Chinese sentence (dates, clock times and ratios left out).

    Args:
        text: one sentence.

    Returns:
        The figures in order.
    """
    found = []
    for match in _ZH_FIGURE.finditer(text):
        figure = _zh_figure(text, match)
        if figure is not None:
            found.append(figure)
    return _bounded(text, found)


def _bounded(text: str, figures: list[Figure]) -> list[Figure]:
    """Give the two ends of a range (``6到8人``) bounds, so a wrong value keeps it a range."""
    result = list(figures)
    for i in range(len(figures) - 1):
        first, second = result[i], result[i + 1]
        between = text[first.end : second.start]
        ranged = _RANGE.fullmatch(between + second.number.rstrip("%"))
        ranged = ranged or _FLOOR_CEILING.fullmatch(between + "|" + text[second.end :][:8])
        if ranged and first.kind == second.kind:
            result[i] = replace(first, high=second.value)
            result[i + 1] = replace(second, low=first.value)
    return result


def _zh_figure(text: str, match: re.Match[str]) -> Figure | None:
    if match.group("zhpct"):
        value = parse_zh_integer(match.group("zhpct"))
        if value is None:
            return None
        return Figure(match.start(), match.end(), match.group(), value, "", "percent")
    if match.group("spoken"):
        return _spoken_figure(text, match)
    start, end = match.start("num"), match.end()
    if _bad_neighbours(text, start, end):
        return None
    number = text[start:end]
    amount = float(match.group("num").replace(",", ""))
    if match.group("pct"):
        return Figure(start, end, number, amount, "", "percent")
    unit = _unit_after(text, end)
    return _classified(text, start, end, number, amount, unit, bool(match.group("ord")))


def _spoken_figure(text: str, match: re.Match[str]) -> Figure | None:
    """A count in Chinese numerals before its measure word: ``七匹马``, ``二十四岁``.

    Only two and up (一 is mostly an article: 一个例子), never an approximate pair of
    digits; the caller checks the words around it (十字街 and 三番五次 are not counts).
    """
    number = match.group("spoken")
    value = parse_zh_integer(number)
    unit = _ZH_UNIT.match(text, match.end())
    about = unit is not None and unit.group()[0] in "万亿多余"  # 十多个, 三十余年: about
    if value is None or unit is None or about or _APPROXIMATE.search(number):
        return None
    if unit.group() == "年" and not _spoken_years(text, match.start(), unit.end()):
        return None
    return Figure(match.start(), match.end(), number, value, unit.group(), "count")


def _spoken_years(text: str, start: int, end: int) -> bool:
    """``三百年前``, ``过了七年`` count years; ``昭公七年`` names one (a reign's year)."""
    before = text[start - 1] if start else ""
    after = text[end : end + 1]
    counting = not before or before in "了过有近约达满经隔花用，、"
    return counting or bool(after and after in "前后来间里多")


def is_spoken(figure: Figure) -> bool:
    """Whether a figure is written in Chinese numerals (七, 二十四), not digits."""
    return not figure.number[:1].isdigit() and not figure.number.startswith("百分之")


def _classified(
    text: str, start: int, end: int, number: str, value: float, unit: str, ordinal: bool
) -> Figure | None:
    if not unit or unit in _DATE_TAIL or _is_date_part(text, start):
        return None
    if ordinal:
        return Figure(start, end, number, value, unit, "ordinal")
    kind = "year" if unit == "年" and len(number) == 4 else "count"
    return Figure(start, end, number, value, unit, kind)


def _bad_neighbours(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(before and before in _NEIGHBOUR_BAD) or bool(after and after in _NEIGHBOUR_BAD)


def _is_date_part(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in "年月"


def _unit_after(text: str, end: int) -> str:
    tail = _RANGE.match(text, end)
    unit = _ZH_UNIT.match(text, tail.end() if tail else end)
    return unit.group() if unit else ""


def figures_en(text: str) -> list[Figure]:
    """Figures of an English sentence: a number before a unit word, or a percentage.

    Args:
        text: one sentence.

    Returns:
        The figures in order.
    """
    found = []
    for match in _EN_FIGURE.finditer(text):
        number = match.group()
        value = float(number.rstrip("%").replace(",", ""))
        if match.group("pct"):
            found.append(Figure(match.start(), match.end(), number, value, "", "percent"))
            continue
        unit = _en_unit(text, match.end())
        if unit == " ":
            found.append(Figure(match.start(), match.end(), number, value, "", "year"))
        elif unit:
            found.append(Figure(match.start(), match.end(), number, value, unit, "count"))
    found += _spelled_figures(text)
    return _bounded(text, sorted(found, key=lambda figure: figure.start))


# four or five, two to three: about, not a figure to ask
_OR_NUMBER = re.compile(rf"\s+(?:or|to)\s+(?:{SPELLED.pattern}|\d)", re.I)
_NUMBER_OR = re.compile(rf"(?:{SPELLED.pattern}|\d)\s+(?:or|to)\s+$", re.I)


def _spelled_figures(text: str) -> list[Figure]:
    """Counts spelled out before what they count: ``four freedoms``, ``two hundred men``."""
    found = []
    for match in SPELLED.finditer(text):
        value = parse_spelled(match.group())
        unit = _en_unit(text, match.end())
        approximate = _OR_NUMBER.match(text, match.end()) or _NUMBER_OR.search(
            text[: match.start()]
        )
        if value is not None and unit.strip() and not approximate and text[match.end()] != "-":
            found.append(Figure(match.start(), match.end(), match.group(), value, unit, "count"))
    return found


def _en_unit(text: str, end: int) -> str:
    """The unit after an English number: a listed unit word or any content word."""
    tail = _RANGE.match(text, end)
    position = tail.end() if tail else end
    word = re.match(r"\s+(?:(?:cubic|square|nautical)\s+)?([a-z][a-z-]+)", text[position:])
    if word and (word.group(1) in EN_UNITS or _content_word(word.group(1))):
        return text[end : position + word.end()] if not tail else " " + word.group(1)
    if _EN_YEAR_BEFORE.search(text[: end - 4]) and re.fullmatch(
        r"1[5-9]\d\d|20\d\d", text[end - 4 : end]
    ):
        return " "  # a year: "in 1994"
    return ""


_EN_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_EN_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|of|from|until|to|before|after)\s+$", re.I)
_EN_NOT_UNITS = frozenset(
    "and or the a an of in on at to by for with from than that which who is are was were be "
    "more less other per each".split()
)


def _content_word(word: str) -> bool:
    return len(word) >= 3 and word not in _EN_NOT_UNITS


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
    if len(pool) < count or not _round(value):  # 5.31 or 103 among 80, 100, 120 stands out
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
    if figure.kind == "percent" and figure.value <= 100 < value:
        return False  # 百分之九十九 among 百分之一百零一: a share above the whole
    return value != figure.value and value not in avoid and figure.low < value < figure.high


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
        steps = (-5, -3, -2, -1, 1, 2, 3, 5) if figure.kind == "year" else (-2, -1, 1, 2, 3)
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
