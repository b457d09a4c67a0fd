"""HTML and XHTML element trees to blocks: shared by the EPUB and saved-web-page readers.

Ruby annotations (注音) keep their base text and drop the reading (``<rt>``, ``<rp>``),
so a search for the word finds it. Images, scripts, styles, forms and SVG are skipped
and counted, so the importer can warn about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from studyapp.core.materials import Block, SectionDraft
from studyapp.core.refusal import Refused
from studyapp.core.text import clean_text
from studyapp.core.translate import Translate, untranslated

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIPPED = frozenset({"script", "style", "img", "svg", "object", "embed", "iframe", "video",
                      "audio", "canvas", "form", "input", "button", "select", "noscript",
                      "template", "math", "picture", "image"})
_COUNTED = frozenset({"script", "img", "svg", "object", "embed", "iframe", "video", "audio",
                      "canvas", "picture", "image"})
_DROPPED_INLINE = frozenset({"rt", "rp"})
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "body", "blockquote", "ul",
                         "ol", "li", "table", "tr", "pre", "header", "footer", "aside", "nav",
                         "figure", "figcaption", "dl", "dt", "dd", "hr", "address", "details",
                         "summary", *_HEADINGS})
_SPACE = re.compile(r"[ \t\n\r\f\u00a0]+")
_BREAK = "\ue001"  # a <br>, kept apart from line breaks in the source
_SOURCE_BREAK = re.compile(r"(\S)[ \t]*\n\s*(\S)")


@dataclass(frozen=True)
class Heading:
    """A heading met in the flow: a section starts here."""

    title: str
    level: int


Item = Heading | Block


@dataclass
class Walk:
    """What a walk over one or more documents found."""

    items: list[Item] = field(default_factory=list)
    skipped: int = 0  # images, scripts and other non-text elements
    marks: dict[str, Heading] = field(default_factory=dict)  # element id -> heading to insert


def parse_html(data: bytes, encoding: str | None = None, _: Translate = untranslated) -> Any:
    """Parse HTML or XHTML bytes with libxml2's HTML parser (no DTD, no network, no entities).

    ``_`` translates the refusal (``studyapp.i18n._``); English without it.

    Raises:
        Refused: ``corrupt`` when nothing can be parsed.
    """
    parser = lxml_html.HTMLParser(encoding=encoding, no_network=True, remove_comments=True,
                                  remove_pis=True)
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except Exception as error:  # lxml raises several types for empty or broken input
        raise Refused("corrupt", _("the page cannot be parsed as HTML")) from error
    return root


def parse_xhtml(data: bytes, _: Translate = untranslated) -> Any:
    """Parse an EPUB content document as XML (self-closing ``<a id=…/>`` stays empty);
    HTML that is not well-formed XML falls back to :func:`parse_html`.

    Callers refuse entity declarations first (:func:`~studyapp.core.formats.limits.
    refuse_entities`); the XML parser also never loads a DTD, the network or entities.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return parse_html(data, "utf-8", _)


def local(tag: Any) -> str:
    """An element's tag without namespace, lower case ('' for comments and PIs)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].lower()


def walk(element: Any, out: Walk) -> None:
    """Append ``element``'s headings and blocks to ``out`` in document order."""
    _walk(element, out, list_depth=0, quote_depth=0)


def _walk(element: Any, out: Walk, list_depth: int, quote_depth: int) -> None:
    tag = local(element.tag)
    _insert_mark(element, out)
    if tag in _SKIPPED:
        out.skipped += tag in _COUNTED
        return
    if tag in _HEADINGS:
        text = inline_text(element, out)
        if text:
            out.items.append(Heading(text, _HEADINGS[tag]))
        return
    if tag == "table":
        _table(element, out)
        return
    if tag == "pre":
        text = clean_text("".join(element.itertext())).strip("\n")
        if text.strip():
            out.items.append(Block("code", text))
        return
    if tag in ("ul", "ol"):
        _list(element, out, list_depth + 1, quote_depth, ordered=tag == "ol")
        return
    if tag == "blockquote":
        quote_depth += 1
    _mixed(element, out, list_depth, quote_depth)


def _mixed(element: Any, out: Walk, list_depth: int, quote_depth: int,
           marker: str = "") -> None:
    """An element holding text and blocks: runs of inline content become paragraphs."""
    run: list[str] = [element.text or ""]
    for child in element:
        if local(child.tag) in _BLOCK_TAGS or local(child.tag) in _SKIPPED:
            marker = _flush(run, out, list_depth, quote_depth, marker)
            run = []
            _walk(child, out, list_depth, quote_depth)
        else:
            if out.marks and child.get("id") in out.marks:
                marker = _flush(run, out, list_depth, quote_depth, marker)
                run = []
                _insert_mark(child, out)
            run.append(_inline(child, out))
        run.append(child.tail or "")
    _flush(run, out, list_depth, quote_depth, marker)


def _flush(run: list[str], out: Walk, list_depth: int, quote_depth: int, marker: str) -> str:
    text = tidy("".join(run))
    if not text:
        return marker
    if list_depth:
        out.items.append(Block("list_item", text, depth=list_depth, marker=marker))
    elif quote_depth:
        out.items.append(Block("quote", text, depth=quote_depth))
    else:
        out.items.append(Block("paragraph", text))
    return ""


def _list(element: Any, out: Walk, depth: int, quote_depth: int, ordered: bool) -> None:
    number = 0
    for child in element:
        if local(child.tag) != "li":
            _walk(child, out, depth, quote_depth)
            continue
        number += 1
        _insert_mark(child, out)
        _mixed(child, out, depth, quote_depth, f"{number}." if ordered else "•")


def _table(element: Any, out: Walk) -> None:
    rows = []
    for row in element.iter():
        if local(row.tag) != "tr":
            continue
        cells = [inline_text(cell, out) for cell in row if local(cell.tag) in ("td", "th")]
        if any(cells):
            rows.append(" │ ".join(cells))
    if rows:
        out.items.append(Block("table", "\n".join(rows)))


def inline_text(element: Any, out: Walk | None = None) -> str:
    """The tidy text of an element, ruby readings dropped."""
    return tidy(_inline(element, out, with_tail=False))


def _inline(element: Any, out: Walk | None, with_tail: bool = False) -> str:
    tag = local(element.tag)
    if _is_backlink(element):
        return element.tail or "" if with_tail else ""
    if tag in _DROPPED_INLINE or tag in _SKIPPED:
        if out is not None and tag in _COUNTED:
            out.skipped += 1
        return element.tail or "" if with_tail else ""
    if tag == "br":
        parts = [_BREAK]
    elif _is_noteref(element):
        parts = ["[", "".join(element.itertext()).strip(), "]"]
    else:
        parts = [element.text or ""]
        parts.extend(_inline(child, out, with_tail=True) for child in element)
    if with_tail:
        parts.append(element.tail or "")
    return "".join(parts)


def _is_backlink(element: Any) -> bool:
    """A footnote's "return to text" link (pandoc's ↩︎, EPUB 3 ``doc-backlink``)."""
    if local(element.tag) != "a":
        return False
    marks = " ".join(str(v) for k, v in element.attrib.items() if str(k) in ("class", "role"))
    return "footnote-back" in marks or "backlink" in marks


def _is_noteref(element: Any) -> bool:
    """A footnote reference: shown as ``[1]`` so it does not run into the text."""
    if local(element.tag) != "a":
        return False
    marks = " ".join(str(v) for v in element.attrib.values())
    return "noteref" in marks or "footnote-ref" in marks


def _insert_mark(element: Any, out: Walk) -> None:
    if not out.marks or not isinstance(element.tag, str):
        return
    key = element.get("id")
    if key and key in out.marks:
        out.items.append(out.marks.pop(key))


def tidy(text: str) -> str:
    """Collapse HTML white space (a source line break between CJK characters joins them
    without a space); lines broken by ``<br>`` stay broken."""
    text = _SOURCE_BREAK.sub(_join_break, clean_text(text))
    lines = [_SPACE.sub(" ", line).strip() for line in text.split(_BREAK)]
    return "\n".join(line for line in lines if line)


def _join_break(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    return before + ("" if _wide(before) and _wide(after) else " ") + after


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and ch != _BREAK


def to_sections(items: list[Item], lead_title: str) -> list[SectionDraft]:
    """Group items into sections at each heading; a heading repeating its section's title
    right after it (a chapter file starting with its own ``<h1>``) is dropped."""
    sections: list[tuple[str, int, list[Block]]] = [(lead_title, 1, [])]
    for item in items:
        if isinstance(item, Heading):
            title, _level, blocks = sections[-1]
            if not blocks and _same(title, item.title) and len(sections) > 1:
                continue
            sections.append((item.title, item.level, []))
        else:
            sections[-1][2].append(item)
    if not sections[0][2] and len(sections) > 1:
        sections = sections[1:]
    return [SectionDraft(title, level, tuple(blocks)) for title, level, blocks in sections]


def _same(a: str, b: str) -> bool:
    return _SPACE.sub("", a).casefold() == _SPACE.sub("", b).casefold()
