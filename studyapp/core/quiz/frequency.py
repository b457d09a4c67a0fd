"""How common a word is in general language: wordfreq's lists, read without its tokenizers.

wordfreq ships frequency lists for Chinese and English built from many corpora
(subtitles, news, Wikipedia, books, the web). Its ``word_frequency(…, "zh")`` would
import jieba (0.8 s, 92 MiB) to re-segment the word; the lists themselves are plain
dictionaries, so they are read once, on the first question, and looked up directly.
"""

from __future__ import annotations

import gzip
import math
from functools import cache
from importlib.util import find_spec
from itertools import chain, repeat
from pathlib import Path
from typing import Any

# Zipf scale: log10 of uses per billion words. 7 is "the", 3 a word met once in a while.
NEVER = 0.0


@cache
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's large list as its ``get_frequency_dict`` gives it, built in C a band at
    a time from the file the package ships: importing wordfreq itself loads its
    tokenizers and language tables (about 0.2 s), none of which a lookup needs."""
    bands = _bands("zh" if language == "zh" else "en")
    values = (repeat(10 ** (-index / 100), len(band)) for index, band in enumerate(bands))
    # 10 ** (cB / 100) is its cB_to_freq; a word in two bands keeps the later, as there
    return dict(zip(chain.from_iterable(bands), chain.from_iterable(values), strict=True))


def _bands(language: str) -> list[list[str]]:
    """The words of wordfreq's ``large_<language>`` list, one band a centibel of
    frequency, commonest first (its cBpack format: a header, then the bands)."""
    import msgpack  # type: ignore[import-untyped]  # wordfreq's, to read its lists

    spec = find_spec("wordfreq")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq")
    data = Path(next(iter(spec.submodule_search_locations)), "data")
    with gzip.open(data / f"large_{language}.msgpack.gz", "rb") as packed:
        pack: list[Any] = msgpack.load(packed, raw=False)
    header = pack[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"unexpected wordfreq list header: {header!r}")
    return pack[1:]


def zipf(word: str, language: str) -> float:
    """The Zipf frequency of one word (``NEVER`` when the lists do not know it).

    Args:
        word: a word as written (English is case folded).
        language: ``zh`` or ``en``.

    Returns:
        0 to about 8: 6+ is an everyday function word, 4–5 common, below 3 rare.
    """
    key = word if language == "zh" else word.casefold().replace("’", "'")
    frequency = _frequencies(language).get(key, 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else NEVER


def phrase_zipf(words: list[str], language: str) -> float:
    """A phrase's commonness: the whole phrase when listed, else its rarest word's."""
    whole = zipf(("" if language == "zh" else " ").join(words), language)
    if whole > NEVER:
        return whole
    return min((zipf(w, language) for w in words), default=NEVER)
