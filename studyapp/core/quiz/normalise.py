"""Answer normalisation: width folding, no punctuation, spaces or invisible characters."""

from __future__ import annotations

import unicodedata

from studyapp.core.script import simplified

# Zero-width characters, the BOM, the soft hyphen, and bidi marks, embeddings,
# overrides and isolates: always dropped.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\ufeff\u00ad\u061c"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
)
_KEEP_SYMBOLS = frozenset("%‰")


class _DropTable(dict[int, int | None]):
    """A ``str.translate`` table that maps dropped characters to ``None``, built lazily."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        value = None if _dropped(ch) else code
        self[code] = value
        return value


def _dropped(ch: str) -> bool:
    if ch in _KEEP_SYMBOLS:
        return False
    if ch in INVISIBLE or ch.isspace():
        return True
    return unicodedata.category(ch)[0] in "PZC"


_DROP = _DropTable()


def normalise_answer(text: str) -> str:
    """Fold an answer to the form answers are compared in.

    NFC, then NFKC (full-width letters and digits become half width), case folded,
    Traditional characters made Simplified (an answer counts in either script);
    punctuation (Chinese and English), white space, zero-width characters and bidi
    controls removed. ``%`` and ``‰`` are kept: they change what a number means.

    Args:
        text: what the learner typed, or an expected answer.

    Returns:
        The folded text.
    """
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFC", text)).casefold()
    return simplified(text.translate(_DROP))


def is_punctuation(text: str) -> bool:
    """Tell whether ``text`` holds nothing but punctuation, symbols and spaces."""
    return all(unicodedata.category(ch)[0] in "PSZC" for ch in text)
