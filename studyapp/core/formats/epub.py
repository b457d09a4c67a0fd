"""EPUB 2 and 3: metadata title, spine order, sections from nav.xhtml or toc.ncx, else headings.

Ruby readings are dropped (see :mod:`~studyapp.core.formats.blocks`). A book whose
``META-INF/encryption.xml`` encrypts anything but fonts is DRM-protected and refused;
font obfuscation (IDPF or Adobe) only hides embedded fonts and is ignored.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from studyapp.core.formats.blocks import Heading, Walk, local, parse_xhtml, to_sections, walk
from studyapp.core.formats.limits import SafeZip, refuse_entities
from studyapp.core.refusal import Refused
from studyapp.core.text import collapse_spaces
from studyapp.core.translate import Plural, Translate, untranslated, untranslated_plural

_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
_CONTENT_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


@dataclass(frozen=True)
class Book:
    """What the EPUB reader found."""

    title: str | None
    author: str | None
    language: str | None
    sections: list[Any]
    warnings: list[str]


def read_epub(
    data: bytes,
    fallback_title: str,
    _: Translate = untranslated,
    ngettext: Plural = untranslated_plural,
) -> Book:
    """Read an EPUB's bytes (``_`` and ``ngettext`` translate; English without them).

    Raises:
        Refused: ``drm``, ``zip_bomb``, ``xml_entities``, ``corrupt`` or ``empty``.
    """
    archive = SafeZip(data, None, _)
    if not archive.has("META-INF/container.xml"):
        raise Refused("corrupt", _("not an EPUB: META-INF/container.xml is missing"))
    _refuse_drm(archive)
    opf_path = _rootfile(archive.xml("META-INF/container.xml"), _)
    package = archive.xml(opf_path)
    base = posixpath.dirname(opf_path)
    manifest = _manifest(package, base)
    spine = _spine(package, manifest)
    if not spine:
        raise Refused("empty", _("the book has no readable chapters"))
    toc = _toc(archive, package, manifest)
    title = _meta(package, "title")
    out = Walk()
    for path in spine:
        marks = [entry for entry in toc if entry[0] == path]
        out.marks = {frag: Heading(text, level) for _p, frag, text, level in marks if frag}
        for _p, frag, text, level in marks:
            if not frag:
                out.items.append(Heading(text, level))
        content = archive.read(path)
        refuse_entities(content, _)
        body = next((e for e in parse_xhtml(content, _).iter() if local(e.tag) == "body"), None)
        if body is not None:
            walk(body, out)
        out.items.extend(out.marks.values())  # anchors that were never met
    warnings = []
    if out.skipped:
        warnings.append(ngettext("{n} image or script ignored", "{n} images or scripts ignored",
                                 out.skipped).format(n=out.skipped))
    sections = to_sections(out.items, title or fallback_title)
    # A title page repeating the book's title holds nothing to read.
    sections = [s for s in sections if s.blocks or s.title != title] or sections
    return Book(title, _meta(package, "creator"), _meta(package, "language"), sections, warnings)


def _refuse_drm(archive: SafeZip) -> None:
    _ = archive.translate
    if archive.has("META-INF/rights.xml"):
        raise Refused("drm", _("DRM-protected book; remove the protection you are entitled to"))
    if not archive.has("META-INF/encryption.xml"):
        return
    root = archive.xml("META-INF/encryption.xml")
    for method in root.iter():
        algorithm = method.get("Algorithm", "")
        if local(method.tag) == "encryptionmethod" and algorithm not in _FONT_OBFUSCATION:
            raise Refused(
                "drm", _("DRM-protected book; remove the protection you are entitled to")
            )


def _rootfile(container: Element, _: Translate) -> str:
    for element in container.iter():
        if local(element.tag) == "rootfile" and element.get("full-path"):
            return unquote(element.get("full-path", ""))
    raise Refused("corrupt", _("not an EPUB: no package document"))


def _manifest(package: Element, base: str) -> dict[str, tuple[str, str, str]]:
    """id -> (path in the zip, media type, properties)."""
    items = {}
    for element in package.iter():
        if local(element.tag) == "item" and element.get("id") and element.get("href"):
            path = posixpath.normpath(posixpath.join(base, unquote(element.get("href", ""))))
            items[element.get("id", "")] = (
                path, element.get("media-type", ""), element.get("properties", "")
            )
    return items


def _spine(package: Element, manifest: dict[str, tuple[str, str, str]]) -> list[str]:
    paths = []
    for element in package.iter():
        if local(element.tag) == "itemref" and element.get("linear", "yes") != "no":
            item = manifest.get(element.get("idref", ""))
            if item and item[1] in _CONTENT_TYPES and "nav" not in item[2].split():
                paths.append(item[0])
    return paths


def _meta(package: Element, name: str) -> str | None:
    for element in package.iter():
        if local(element.tag) == name and (element.text or "").strip():
            return collapse_spaces(element.text or "")
    return None


def _toc(archive: SafeZip, package: Element, manifest: dict[str, tuple[str, str, str]]
         ) -> list[tuple[str, str, str, int]]:
    """(path, fragment, title, level) from the EPUB 3 nav document, else the EPUB 2 NCX."""
    for path, _media, properties in manifest.values():
        if "nav" in properties.split() and archive.has(path):
            entries = _nav_entries(archive.read(path), posixpath.dirname(path), archive.translate)
            if entries:
                return entries
    for path, media, _properties in manifest.values():
        if media == "application/x-dtbncx+xml" and archive.has(path):
            return _ncx_entries(archive.xml(path), posixpath.dirname(path))
    return []


def _nav_entries(data: bytes, base: str, _: Translate) -> list[tuple[str, str, str, int]]:
    refuse_entities(data, _)
    root = parse_xhtml(data, _)
    for nav in root.iter():
        if local(nav.tag) == "nav" and "toc" in (nav.get("epub:type") or nav.get("type") or
                                                 _any_type(nav)):
            entries: list[tuple[str, str, str, int]] = []
            _nav_list(nav, base, 0, entries)
            return entries
    return []


def _any_type(element: Any) -> str:
    return " ".join(v for k, v in element.attrib.items() if str(k).endswith("type"))


def _nav_list(element: Any, base: str, depth: int, out: list[tuple[str, str, str, int]]) -> None:
    for child in element:
        tag = local(child.tag)
        if tag == "a" and child.get("href"):
            path, frag = _target(base, child.get("href", ""))
            text = collapse_spaces("".join(child.itertext()))
            if text:
                out.append((path, frag, text, max(depth, 1)))
        elif tag == "ol":
            _nav_list(child, base, depth + 1, out)
        else:
            _nav_list(child, base, depth, out)


def _ncx_entries(root: Element, base: str) -> list[tuple[str, str, str, int]]:
    out: list[tuple[str, str, str, int]] = []

    def visit(element: Element, depth: int) -> None:
        for point in element:
            if local(point.tag) != "navpoint":
                continue
            label = next((e for e in point.iter() if local(e.tag) == "text"), None)
            content = next((e for e in point if local(e.tag) == "content"), None)
            if label is not None and content is not None and content.get("src"):
                path, frag = _target(base, content.get("src", ""))
                text = collapse_spaces(label.text or "")
                if text:
                    out.append((path, frag, text, depth))
            visit(point, depth + 1)

    for nav_map in root.iter():
        if local(nav_map.tag) == "navmap":
            visit(nav_map, 1)
    return out


def _target(base: str, href: str) -> tuple[str, str]:
    path, _sep, frag = href.partition("#")
    return posixpath.normpath(posixpath.join(base, unquote(path))), unquote(frag)
