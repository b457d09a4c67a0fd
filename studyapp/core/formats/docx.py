"""DOCX read from its XML: headings by style or outline level, lists, tables, footnotes.

python-docx is not used for reading: it drops tracked insertions and footnotes. Here
the text is taken as if every tracked change were accepted: insertions (``w:ins``)
kept, deletions (``w:del``, ``w:moveFrom``) left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from studyapp.core.formats.blocks import Heading, Item, to_sections
from studyapp.core.formats.limits import SafeZip
from studyapp.core.materials import Block, SectionDraft
from studyapp.core.refusal import Refused
from studyapp.core.text import clean_text, collapse_spaces
from studyapp.core.translate import Translate, untranslated

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_SKIP = frozenset({f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText",
                   f"{W}footnotes", f"{W}drawing", f"{W}pict", f"{W}object"})
_NUMBERED = ((re.compile(r"^[一二三四五六七八九十]+、"), 1),
             (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2))
_SENTENCE_END = tuple("。！？；.!?")
_NOTE = "\ue000"  # a footnote reference, numbered once the paragraph is read


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)  # id -> lower-case name
    outline: dict[str, int] = field(default_factory=dict)  # id -> outline level 0-8
    numbered: set[str] = field(default_factory=set)  # ids of styles carrying numPr
    formats: dict[tuple[str, str], str] = field(default_factory=dict)  # (numId, ilvl) -> fmt


@dataclass(frozen=True)
class Document:
    """What the DOCX reader found."""

    title: str | None
    sections: list[SectionDraft]
    warnings: list[str]


def read_docx(data: bytes, fallback_title: str, _: Translate = untranslated) -> Document:
    """Read a DOCX's bytes (``_`` translates refusals; English without it).

    Raises:
        Refused: ``zip_bomb``, ``xml_entities``, ``corrupt`` or ``empty``.
    """
    archive = SafeZip(data, None, _)
    if not archive.has("word/document.xml"):
        raise Refused("corrupt", _("not a Word document: word/document.xml is missing"))
    styles = _styles(archive)
    notes = _footnotes(archive)
    body = archive.xml("word/document.xml").find(f"{W}body")
    if body is None:
        raise Refused("empty", _("no readable text"))
    items: list[Item] = []
    title = _core_title(archive)
    counters: dict[tuple[str, str], int] = {}
    numbers: dict[str, int] = {}
    for element in _blocks(body):
        if element.tag == f"{W}tbl":
            rows = [" │ ".join(_cell_text(c) for c in r.iter(f"{W}tc"))
                    for r in element.iter(f"{W}tr")]
            rows = [row for row in rows if row.replace("│", "").strip()]
            if rows:
                items.append(Block("table", "\n".join(rows)))
            continue
        text, refs = _paragraph_text(element)
        if not text:
            continue
        for ref in refs:
            number = numbers.setdefault(ref, len(numbers) + 1)
            text = text.replace(_NOTE, f"[{number}]", 1)
        style = _style_id(element)
        name = styles.names.get(style, "")
        level = _outline_level(element, style, styles)
        if name == "title":
            title = title or text
        elif level is not None:
            items.append(Heading(text, level))
        else:
            items.append(_list_item(element, style, text, styles, counters))
        items.extend(
            Block("paragraph", f"[{numbers[ref]}] {notes[ref]}") for ref in refs if ref in notes
        )
    if not any(isinstance(item, Heading) for item in items):
        items = _numbered_headings(items)
    if title is None:
        title = next((item.title for item in items if isinstance(item, Heading)), None)
    return Document(title, to_sections(items, title or fallback_title), [])


def _blocks(body: Element) -> list[Element]:
    found: list[Element] = []
    for child in body:
        if child.tag in (f"{W}p", f"{W}tbl"):
            found.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}customXml"):
            found.extend(_blocks(child))
    return found


def _paragraph_text(paragraph: Element) -> tuple[str, list[str]]:
    parts: list[str] = []
    refs: list[str] = []

    def visit(element: Element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                parts.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}footnoteReference":
                refs.append(child.get(f"{W}id", ""))
                parts.append(_NOTE)  # numbered in reading order by the caller
            else:
                visit(child)

    visit(paragraph)
    lines = [collapse_spaces(line) for line in clean_text("".join(parts)).split("\n")]
    return "\n".join(line for line in lines if line), refs


def _cell_text(cell: Element) -> str:
    return " ".join(_paragraph_text(p)[0] for p in cell.iter(f"{W}p")).strip()


def _style_id(paragraph: Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _outline_level(paragraph: Element, style: str, styles: _Styles) -> int | None:
    own = paragraph.find(f"{W}pPr/{W}outlineLvl")
    if own is not None:
        value = int(own.get(f"{W}val", "9") or 9)
        return value + 1 if value < 9 else None
    name = styles.names.get(style, "")
    match = re.fullmatch(r"heading\s*([1-9])", name)
    if match:
        return int(match.group(1))
    if style in styles.outline:
        return styles.outline[style] + 1
    return None


def _list_item(paragraph: Element, style: str, text: str, styles: _Styles,
               counters: dict[tuple[str, str], int]) -> Block:
    num = paragraph.find(f"{W}pPr/{W}numPr")
    if num is None and style not in styles.numbered:
        return Block("paragraph", text)
    num_id = ilvl = "0"
    if num is not None:
        num_id = _val(num.find(f"{W}numId"), "0")
        ilvl = _val(num.find(f"{W}ilvl"), "0")
    if num_id == "0" and style not in styles.numbered:
        return Block("paragraph", text)
    depth = int(ilvl) + 1 if ilvl.isdigit() else 1
    fmt = styles.formats.get((num_id, ilvl), "bullet" if num is None else "decimal")
    if fmt == "bullet":
        return Block("list_item", text, depth=depth, marker="•")
    key = (num_id, ilvl)
    counters[key] = counters.get(key, 0) + 1
    for other in [k for k in counters if k[0] == num_id and k[1] > ilvl]:
        del counters[other]
    return Block("list_item", text, depth=depth, marker=f"{counters[key]}.")


def _val(element: Element | None, default: str) -> str:
    return element.get(f"{W}val", default) if element is not None else default


def _styles(archive: SafeZip) -> _Styles:
    found = _Styles()
    if archive.has("word/styles.xml"):
        for style in archive.xml("word/styles.xml").iter(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            found.names[sid] = _val(style.find(f"{W}name"), "").lower()
            level = style.find(f"{W}pPr/{W}outlineLvl")
            if level is not None and _val(level, "9").isdigit() and int(_val(level, "9")) < 9:
                found.outline[sid] = int(_val(level, "9"))
            if style.find(f"{W}pPr/{W}numPr") is not None:
                found.numbered.add(sid)
    if archive.has("word/numbering.xml"):
        _numbering(archive.xml("word/numbering.xml"), found)
    return found


def _numbering(root: Element, styles: _Styles) -> None:
    abstract: dict[str, dict[str, str]] = {}
    for element in root.iter(f"{W}abstractNum"):
        levels = {lvl.get(f"{W}ilvl", "0"): _val(lvl.find(f"{W}numFmt"), "decimal")
                  for lvl in element.iter(f"{W}lvl")}
        abstract[element.get(f"{W}abstractNumId", "")] = levels
    for num in root.iter(f"{W}num"):
        levels = abstract.get(_val(num.find(f"{W}abstractNumId"), ""), {})
        for ilvl, fmt in levels.items():
            styles.formats[(num.get(f"{W}numId", ""), ilvl)] = fmt


def _footnotes(archive: SafeZip) -> dict[str, str]:
    if not archive.has("word/footnotes.xml"):
        return {}
    notes = {}
    for note in archive.xml("word/footnotes.xml").iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_paragraph_text(p)[0] for p in note.iter(f"{W}p")).strip()
        if text:
            notes[note.get(f"{W}id", "")] = text
    return notes


def _core_title(archive: SafeZip) -> str | None:
    if not archive.has("docProps/core.xml"):
        return None
    element = archive.xml("docProps/core.xml").find(_DC_TITLE)
    text = collapse_spaces(element.text or "") if element is not None else ""
    return text or None


def _numbered_headings(items: list[Item]) -> list[Item]:
    """Without heading styles, short 一、 and （一） paragraphs are headings."""
    result: list[Item] = []
    for item in items:
        if not _short_paragraph(item):
            result.append(item)
            continue
        assert isinstance(item, Block)
        level = next((lv for pattern, lv in _NUMBERED if pattern.match(item.text)), None)
        result.append(Heading(item.text, level) if level else item)
    return result


def _short_paragraph(item: Item) -> bool:
    return (
        isinstance(item, Block)
        and item.kind == "paragraph"
        and len(item.text) <= 40
        and not item.text.endswith(_SENTENCE_END)
    )
