"""Counts spelled out in English (``four``, ``twenty-five``, ``three hundred``): read and
written, so a spelled figure can be asked and its wrong values spelled the same way."""

from __future__ import annotations

import re

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "|".join(sorted(set(_SMALL[2:]) | set(_TENS[2:]), key=len, reverse=True))
# Two and up ("one" is mostly a pronoun or an article), with one scale word at most.
SPELLED = re.compile(
    rf"\b(?:{_WORD})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s+(?:hundred|thousand|million))?\b",
    re.I,
)


def parse_spelled(text: str) -> int | None:
    """``twenty-five`` → 25, ``three hundred`` → 300; ``None`` for anything else."""
    words = text.casefold().split()
    if not 1 <= len(words) <= 2:
        return None
    tens, _, unit = words[0].partition("-")
    if tens in _SMALL and not unit:
        value = _SMALL.index(tens)
    elif tens in _TENS[2:] and (not unit or unit in _SMALL[1:10]):
        value = _TENS.index(tens) * 10 + (_SMALL.index(unit) if unit else 0)
    else:
        return None
    if len(words) == 2:
        scale = _SCALES.get(words[1])
        return None if scale is None else value * scale
    return value


def spell(value: int, like: str = "") -> str | None:
    """Write ``value`` in words as ``like`` is written (capitalised or not); ``None`` when
    it needs more than one scale word (``two thousand five hundred``)."""
    for scale_word, scale in sorted(_SCALES.items(), key=lambda item: -item[1]):
        if value >= scale:
            head, rest = divmod(value, scale)
            small = _below_100(head)
            if rest or small is None:
                return None
            return _case(f"{small} {scale_word}", like)
    small = _below_100(value)
    return None if small is None else _case(small, like)


def _below_100(value: int) -> str | None:
    if value < 0 or value >= 100:
        return None
    if value < 20:
        return _SMALL[value]
    tens, unit = divmod(value, 10)
    return _TENS[tens] + (f"-{_SMALL[unit]}" if unit else "")


def _case(text: str, like: str) -> str:
    return text[:1].upper() + text[1:] if like[:1].isupper() else text
