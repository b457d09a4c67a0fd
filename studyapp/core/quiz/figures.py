"""Figures in sentences: numbers with units, percentages, years (their wrong values are
in :mod:`studyapp.core.quiz.figure_options`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from studyapp.core.quiz.numerals import parse_zh_integer
from studyapp.core.quiz.numerals_en import SPELLED, parse_spelled

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


# The parts of a number spelled with two scales or "and": two hundred | and | eighty.
_COMPOUND_BEFORE = re.compile(r"\b(?:hundred|thousand|million)(?:\s+and)?\s+$", re.I)
_COMPOUND_AFTER = re.compile(rf"\s+(?:(?:and\s+)?(?:{SPELLED.pattern})|hundred|thousand)", re.I)
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
        if _COMPOUND_BEFORE.search(text[: match.start()]) or _COMPOUND_AFTER.match(
            text, match.end()
        ):
            continue  # two hundred and eighty: a part of a number, not one
        if value is not None and unit.strip() and not approximate and text[match.end()] != "-":
            found.append(Figure(match.start(), match.end(), match.group(), value, unit, "count"))
    return found


def _en_unit(text: str, end: int) -> str:
    """The unit after an English number: a listed unit word or any content word."""
    tail = _RANGE.match(text, end)
    position = tail.end() if tail else end
    word = re.match(r"\s+(?:(?:cubic|square|nautical)\s+)?([a-z][a-z-]+)", text[position:])
    if word and (word.group(1) in EN_UNITS or _content_word(word.group(1))):
        head = _compound_head(text, position + word.end(), word.group(1))
        return text[end : position + word.end() + head] if not tail else " " + word.group(1)
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


def _compound_head(text: str, end: int, word: str) -> int:
    """How far a counted noun runs on past a singular modifier: ``236,328 glacier
    edges`` counts edges (the unit is ``glacier edges``, not ``glacier``)."""
    if word in EN_UNITS or word.endswith("s"):
        return 0
    head = re.match(r"\s[a-z][a-z-]+s\b", text[end:])
    return head.end() if head and _content_word(head.group().strip()) else 0


def _content_word(word: str) -> bool:
    return len(word) >= 3 and word not in _EN_NOT_UNITS


@lru_cache(maxsize=65536)
def figures_in(text: str, language: str) -> tuple[Figure, ...]:
    """The figures of a sentence in its language (found once a sentence)."""
    return tuple(figures_zh(text) if language == "zh" else figures_en(text))
