"""Telling the same text apart from a different one, and same-titled materials apart."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePath

from studyapp.core.materials import Material, MaterialDraft

_SPACE = re.compile(r"\s+")


def text_fingerprint(blocks: Iterable[str]) -> str:
    """A hash of a material's text: NFC, white space removed, whatever the file format.

    Section titles are left out (an EPUB takes them from its table of contents, a
    text file from its lines), so the same book as EPUB, PDF or text matches. A
    Simplified and a Traditional copy are different texts.
    """
    digest = hashlib.sha256()
    for block in blocks:
        digest.update(_SPACE.sub("", unicodedata.normalize("NFC", block)).encode("utf-8"))
    return digest.hexdigest()


def draft_fingerprint(draft: MaterialDraft) -> str:
    """The :func:`text_fingerprint` of a parsed file."""
    return text_fingerprint(block.text for section in draft.sections for block in section.blocks)


def display_titles(materials: list[Material]) -> dict[str, str]:
    """Titles to show per material id: a title shared by several materials gains the
    source file's name, or the id when the file names are the same too."""
    titles = Counter(m.title for m in materials)
    shown = {m.id: m.title for m in materials}
    shared = [m for m in materials if titles[m.title] > 1]  # file names only for these
    names = Counter((m.title, PurePath(m.source).name) for m in shared)
    for material in shared:
        name = PurePath(material.source).name
        tail = name if names[(material.title, name)] == 1 else material.id
        shown[material.id] = f"{material.title} ({tail})"
    return shown
