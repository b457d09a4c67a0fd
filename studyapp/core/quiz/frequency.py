"""How common a word is in general language: wordfreq's lists, read without its tokenizers.

wordfreq ships frequency lists for Chinese and English built from many corpora
(subtitles, news, Wikipedia, books, the web). Its ``word_frequency(…, "zh")`` would
import jieba (0.8 s, 92 MiB) to re-segment the word; the lists themselves are plain
dictionaries, so they are read once, on the first question, and looked up directly.
"""

from __future__ import annotations

import math
from functools import cache

# Zipf scale: log10 of uses per billion words. 7 is "the", 3 a word met once in a while.
NEVER = 0.0


@cache
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # the data ships inside the package

    return get_frequency_dict("zh" if language == "zh" else "en", wordlist="large")


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
