"""Traditional and Simplified Chinese: a character-for-character Simplified copy.

The mapping is OpenCC's own character table (``TSCharacters.txt``, shipped by the
opencc-python-reimplemented package), first choice only, one character for one, so
a Simplified copy has the same length as its original and offsets found in the copy
(search hits, highlights) point at the same characters in the original. OpenCC's
phrase tables are used only to spell a search term in Traditional characters.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    source = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for line in source.read_text(encoding="utf-8").splitlines():
        traditional, _tab, simplified = line.partition("\t")
        first = simplified.split(" ")[0]
        if len(traditional) == 1 and len(first) == 1 and first != traditional:
            table[ord(traditional)] = first
    return table


def simplified(text: str) -> str:
    """``text`` with every Traditional character replaced by its Simplified form.

    The result always has the same length as ``text``.
    """
    return text.translate(_table())


def traditional_share(text: str) -> float:
    """The share of Han characters in ``text`` that are Traditional-only forms."""
    table = _table()
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    return sum(1 for ch in han if ord(ch) in table) / len(han)


@cache
def _to_traditional() -> Any:  # opencc ships no types
    from opencc import OpenCC

    return OpenCC("s2t")


def spellings(term: str) -> tuple[str, ...]:
    """A search term as typed, in Simplified and in Traditional characters (no repeats)."""
    if not any("\u3400" <= ch <= "\u9fff" for ch in term):
        return (term,)
    converter = _to_traditional()
    forms = (term, simplified(term), converter.convert(simplified(term)))
    return tuple(dict.fromkeys(forms))
