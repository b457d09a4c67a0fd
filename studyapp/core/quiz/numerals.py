"""Numbers as people type them: Arabic, full width, Chinese numerals and percentages."""

from __future__ import annotations

import re
import unicodedata

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
ZH_DIGITS |= {"七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "十百千万"
_ARABIC = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?")
_ZH_NUMBER = re.compile(rf"[{ZH_NUMERAL_CHARS}]+(?:点[{''.join(ZH_DIGITS)}]+)?")
_DIGIT_NAMES = "零一二三四五六七八九"


def parse_zh_integer(text: str) -> int | None:
    """Read a Chinese numeral from 0 to 99,999: ``四十``, ``一百零五``, ``两万``, ``二〇二六``.

    Args:
        text: the numeral alone, without unit.

    Returns:
        The value, or ``None`` when ``text`` is not a well-formed numeral.
    """
    if not text or any(ch not in ZH_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in ZH_DIGITS for ch in text):
        return int("".join(str(ZH_DIGITS[ch]) for ch in text))  # 二〇二六, 五
    head, _, tail = text.partition("万")
    if "万" in tail:
        return None
    if "万" in text:
        high = _below_10000(head) if head else None
        low = _below_10000(tail) if tail else 0
        return None if high is None or low is None else high * 10000 + low
    return _below_10000(text)


def _below_10000(text: str) -> int | None:
    total, digit, last_unit = 0, None, 10000
    for ch in text:
        if ch in ZH_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 三四十
            digit = ZH_DIGITS[ch]
        else:
            unit = ZH_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def parse_number(text: str) -> tuple[float, bool] | None:
    """Read a whole answer as a number: ``40``, ``４０``, ``四十``, ``85%``, ``百分之八十五``.

    Args:
        text: the answer, possibly with spaces and thousands separators.

    Returns:
        ``(value, is_percent)``, or ``None`` when ``text`` is not just a number.
    """
    text = unicodedata.normalize("NFKC", text).replace(" ", "").strip()
    percent = text.startswith("百分之") or text.endswith("%")
    text = text.removeprefix("百分之").removesuffix("%")
    value = _plain_number(text)
    return None if value is None else (value, percent)


def _plain_number(text: str) -> float | None:
    if _ARABIC.fullmatch(text):
        return float(text.replace(",", ""))
    whole, dot, fraction = text.partition("点")
    value = parse_zh_integer(whole)
    if value is None or (dot and not fraction):
        return None
    if fraction:
        if any(ch not in ZH_DIGITS for ch in fraction):
            return None
        return float(f"{value}.{''.join(str(ZH_DIGITS[ch]) for ch in fraction)}")
    return float(value)


def leading_number(text: str) -> tuple[str, str] | None:
    """Split ``40分钟`` into ``("40", "分钟")``: a number at the start and the rest.

    Args:
        text: an answer that may carry a unit.

    Returns:
        The number text and the remainder, or ``None`` when it does not start with one.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if text.startswith("百分之"):
        match = _ZH_NUMBER.match(text, 3) or _ARABIC.match(text, 3)
        return (text[: match.end()], text[match.end() :]) if match else None
    match = _ARABIC.match(text) or _ZH_NUMBER.match(text)
    if not match:
        return None
    end = match.end() + (1 if text[match.end() : match.end() + 1] == "%" else 0)
    return text[:end], text[end:]


def to_zh(value: int) -> str:
    """Write 0–99,999 the usual Chinese way: 40 → 四十, 105 → 一百零五, 12 → 十二.

    Args:
        value: a whole number from 0 to 99,999.

    Returns:
        The numeral.
    """
    if value < 0 or value > 99999:
        raise ValueError(value)
    if value == 0:
        return "零"
    text = _digits_with_units(value)
    return text[1:] if text.startswith("一十") else text


def _digits_with_units(value: int) -> str:
    parts: list[str] = []
    zero = False
    for unit, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, value = divmod(value, unit)
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(_DIGIT_NAMES[digit] + name)
            zero = False
        else:
            zero = True
    return "".join(parts)


def to_zh_digits(value: int) -> str:
    """Write a year digit by digit: 2026 → 二〇二六."""
    return "".join("〇" if ch == "0" else _DIGIT_NAMES[int(ch)] for ch in str(value))


def format_like(value: float, template: str) -> str:
    """Write ``value`` the way ``template`` writes its number (decimals, thousands commas).

    Args:
        value: the number to write.
        template: an Arabic number such as ``3,000`` or ``1.5``.

    Returns:
        The formatted number.
    """
    decimals = len(template.partition(".")[2])
    text = f"{value:,.{decimals}f}" if "," in template else f"{value:.{decimals}f}"
    return text
