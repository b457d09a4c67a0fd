"""Stable identifiers: material slugs (ASCII, pinyin for Chinese) and section anchors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ANCHOR = re.compile(r"[^\w\- ]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
MAX_SLUG = 60


def material_slug(name: str) -> str:
    """An ASCII slug for a material, from its file name; Chinese becomes pinyin by word.

    ``学习方法`` gives ``xuexi-fangfa``, ``Deep Work (2nd ed.)`` gives ``deep-work-2nd-ed``.
    """
    if _HAN.search(name):
        name = _pinyin_words(name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "material"


def _pinyin_words(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # imported on demand: ~0.1 s

    from studyapp.core.segment import cut

    words = []
    for word in cut(text):
        words.append("".join(lazy_pinyin(word, style=Style.NORMAL)) if _HAN.search(word) else word)
    return " ".join(words)


def section_anchor(title: str) -> str:
    """A GitHub-style anchor: lower case, punctuation dropped, spaces as hyphens, CJK kept."""
    text = unicodedata.normalize("NFKC", title).lower()
    text = _NOT_ANCHOR.sub("", text).strip().replace(" ", "-")
    return re.sub(r"-{2,}", "-", text)[:80].strip("-")


def unique(base: str, taken: Iterable[str] | set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken`` yet."""
    seen = taken if isinstance(taken, set) else set(taken)
    if base not in seen:
        return base
    n = 2
    while f"{base}-{n}" in seen:
        n += 1
    return f"{base}-{n}"


def anchors_for(titles: Iterable[str]) -> list[str]:
    """Unique anchors for a material's section titles, in order."""
    taken: set[str] = set()
    anchors = []
    for index, title in enumerate(titles, start=1):
        anchor = unique(section_anchor(title) or f"section-{index}", taken)
        taken.add(anchor)
        anchors.append(anchor)
    return anchors
