"""PDF text, as extracted page by page, to sections: the pure half of the PDF reader.

The extraction itself (PDFium, in a child process with time and memory limits) lives
in :mod:`studyapp.services.pdf_extract`; this module only sees lines and font sizes.
Lines repeated at the top or bottom of most pages (running heads, footers, page
numbers) are removed; hyphenated English line ends are joined; CJK lines are joined
without a space; sections come from the outline, else from larger-font lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from studyapp.core.formats.blocks import Heading, Item, to_sections
from studyapp.core.materials import Block, SectionDraft
from studyapp.core.refusal import Refused
from studyapp.core.text import clean_text, collapse_spaces
from studyapp.core.translate import Translate, untranslated

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[-–—\s]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = tuple("。！？：；.!?:;”」")
_EDGE = 2  # lines at the top and the bottom of a page checked for repeats
_MAX_HEADING = 60


@dataclass(frozen=True)
class PdfLine:
    """One extracted line with the font size of its first character."""

    text: str
    size: float = 0.0


@dataclass(frozen=True)
class PdfText:
    """What the extractor returns: lines per page, the outline and the metadata title."""

    pages: list[list[PdfLine]]
    outline: list[tuple[str, int, int]] = field(default_factory=list)  # title, level, page
    title: str | None = None


@dataclass(frozen=True)
class PdfDocument:
    """A PDF turned into sections."""

    title: str | None
    sections: list[SectionDraft]
    warnings: list[str]


def build_pdf(
    extracted: PdfText, fallback_title: str, _: Translate = untranslated
) -> PdfDocument:
    """Sections from extracted PDF text (``_`` translates refusals; English without it).

    Raises:
        Refused: ``scanned`` without a text layer, ``garbled`` when the fonts have no
        Unicode mapping.
    """
    pages = [[PdfLine(clean_text(line.text).strip(), line.size) for line in page]
             for page in extracted.pages]
    pages = [[line for line in page if line.text] for page in pages]
    _refuse_unreadable(pages, _)
    pages = _drop_repeats(pages)
    outline = [(t, lv, p) for t, lv, p in extracted.outline if collapse_spaces(t)]
    items = _with_outline(pages, outline) if outline else _with_font_sizes(pages)
    title = extracted.title or next((i.title for i in items if isinstance(i, Heading)), None)
    return PdfDocument(title, to_sections(items, title or fallback_title), [])


def _refuse_unreadable(pages: list[list[PdfLine]], _: Translate) -> None:
    text = "".join(line.text for page in pages for line in page)
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < max(20, 5 * len(pages)):
        raise Refused("scanned", _("no text layer (scanned PDF); OCR is not supported"))
    bad = sum(1 for ch in visible if _garbage(ch))
    if bad > 0.2 * len(visible):
        raise Refused(
            "garbled", _("the PDF's fonts have no Unicode mapping; the text would be garbage")
        )


def _garbage(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch == "\ufffd" or category in ("Co", "Cn", "Cc", "Cs")


def _key(text: str) -> str:
    return _DIGITS.sub("#", collapse_spaces(text))


def _drop_repeats(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    counts: Counter[str] = Counter()
    for page in pages:
        edges = {_key(line.text) for line in page[:_EDGE] + page[-_EDGE:]}
        counts.update(edges)
    threshold = max(3, (len(pages) + 1) // 2)
    repeated = {key for key, n in counts.items() if n >= threshold}
    cleaned = []
    for page in pages:
        keep = []
        for index, line in enumerate(page):
            at_edge = index < _EDGE or index >= len(page) - _EDGE
            if at_edge and (_key(line.text) in repeated or _PAGE_NUMBER.match(line.text)):
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned


def _with_outline(pages: list[list[PdfLine]], outline: list[tuple[str, int, int]]) -> list[Item]:
    by_page: dict[int, list[tuple[str, int]]] = {}
    for title, level, at in outline:
        by_page.setdefault(at, []).append((collapse_spaces(title), max(level, 1)))
    items: list[Item] = []
    lines: list[str] = []
    for number, page in enumerate(pages):
        pending = by_page.get(number, [])
        on_page = {_squash(line.text) for line in page}
        for heading in [h for h in pending if _squash(h[0]) not in on_page]:
            _emit(lines, items)  # a bookmark to the page, not to a line on it
            items.append(Heading(*heading))
        wanted = {_squash(h[0]): h for h in pending if _squash(h[0]) in on_page}
        for line in page:
            found = wanted.pop(_squash(line.text), None)
            if found:
                _emit(lines, items)
                items.append(Heading(*found))
            else:
                lines.append(line.text)
    _emit(lines, items)
    return items


def _with_font_sizes(pages: list[list[PdfLine]]) -> list[Item]:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.size)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0
    larger = sorted({round(line.size) for page in pages for line in page
                     if body and round(line.size) >= body * 1.2}, reverse=True)[:3]
    items: list[Item] = []
    lines: list[str] = []
    for page in pages:
        for line in page:
            size = round(line.size)
            if size in larger and len(line.text) <= _MAX_HEADING:
                _emit(lines, items)
                items.append(Heading(line.text, larger.index(size) + 1))
            else:
                lines.append(line.text)
    _emit(lines, items)
    return items


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _emit(lines: list[str], items: list[Item]) -> None:
    """Join buffered lines into paragraphs and append them; the buffer is emptied."""
    if not lines:
        return
    longest = max(len(line) for line in lines)
    paragraph = ""
    for line in lines:
        paragraph = join_lines(paragraph, line) if paragraph else line
        if line.endswith(_SENTENCE_END) and len(line) < 0.8 * longest:
            items.append(Block("paragraph", paragraph))
            paragraph = ""
    if paragraph:
        items.append(Block("paragraph", paragraph))
    lines.clear()


def join_lines(before: str, after: str) -> str:
    """Join two wrapped lines: hyphens rejoined, no space between CJK, else one space."""
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha() and after[:1].islower():
        return before[:-1] + after
    if _wide(before[-1:]) or _wide(after[:1]):
        return before + after
    return before + " " + after


def _wide(ch: str) -> bool:
    return bool(ch) and ord(ch) >= 0x2E80
