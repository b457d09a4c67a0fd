"""Saved web pages (.html, .htm, .xhtml, .mhtml): the article's text through readability-lxml.

The page is decoded with its declared charset (``<meta charset>`` or the MHTML part's
``Content-Type``) before the extractor sees it; the title comes from the article's
``<h1>``, else ``og:title``, else ``<title>``, with a site suffix such as
"_新闻频道" or " | Site" removed.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import logging
import re
from dataclasses import dataclass
from typing import Any

from studyapp.core.encoding import DecodeError, decode_bytes
from studyapp.core.formats.blocks import Walk, inline_text, local, parse_html, to_sections, walk
from studyapp.core.formats.limits import refuse_entities
from studyapp.core.materials import SectionDraft
from studyapp.core.refusal import Refused
from studyapp.core.text import collapse_spaces
from studyapp.core.translate import Translate, untranslated

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I
)
_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*[^_|｜]{1,30}$")
_MIN_TITLE = 4


@dataclass(frozen=True)
class Page:
    """What the web-page reader found."""

    title: str | None
    sections: list[SectionDraft]
    encoding: str
    warnings: list[str]


def read_page(
    data: bytes,
    fallback_title: str,
    mhtml: bool = False,
    forced: str | None = None,
    _: Translate = untranslated,
) -> Page:
    """Read a saved page's bytes; ``forced`` (``--encoding``) overrides the declared charset.
    ``_`` translates refusals and warnings (``studyapp.i18n._``); English without it.

    Raises:
        Refused: ``undecodable``, ``xml_entities``, ``corrupt`` or ``empty``.
    """
    if mhtml:
        data, declared = _mhtml_part(data, _)
    else:
        declared = _declared_charset(data)
    warnings: list[str]
    if forced:
        try:
            text, encoding, warnings = decode_bytes(data, forced, _).text, forced, []
        except DecodeError as error:
            raise Refused("undecodable", _("undecodable: {error}").format(error=error)) from error
    else:
        text, encoding, warnings = _decode(data, declared, _)
    refuse_entities(text[:1_000_000].encode("utf-8", "replace"), _)
    page = parse_html(text.encode("utf-8"), "utf-8", _)
    title = _title(page)
    article = _article(text, _)
    out = Walk()
    body = article.find(".//body") if local(article.tag) == "html" else article
    walk(body if body is not None else article, out)
    if title:
        out.items = [i for i in out.items if getattr(i, "title", None) != title or
                     getattr(i, "level", 0) != 1]
    sections = to_sections(out.items, title or fallback_title)
    return Page(title, sections, encoding, warnings)


def _decode(data: bytes, declared: str | None, _: Translate) -> tuple[str, str, list[str]]:
    if declared:
        try:
            name = codecs.lookup(declared).name
            if name in ("gb2312", "gbk"):
                name = "gb18030"  # a superset: pages labelled gb2312 use GBK characters
            return data.decode(name), name, []
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        decoded = decode_bytes(data, None, _)
    except DecodeError as error:
        raise Refused("undecodable", _("undecodable: {error}").format(error=error)) from error
    return decoded.text, decoded.encoding, list(decoded.warnings)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _mhtml_part(data: bytes, _: Translate) -> tuple[bytes, str | None]:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset() or _declared_charset(payload)
    raise Refused("corrupt", _("the MHTML file holds no HTML page"))


def _title(page: Any) -> str | None:
    for element in page.iter():
        if local(element.tag) == "h1":
            text = inline_text(element)
            if text:
                return text
    for meta in page.iter("meta"):
        if meta.get("property") == "og:title" and meta.get("content", "").strip():
            return strip_site_suffix(collapse_spaces(meta.get("content", "")))
    for element in page.iter("title"):
        text = collapse_spaces(element.text_content() or "")
        if text:
            return strip_site_suffix(text)
    return None


def strip_site_suffix(title: str) -> str:
    """Remove trailing "_频道", " | Site" or " - Site" parts while a real title remains."""
    while True:
        trimmed = _SUFFIX.sub("", title)
        if trimmed == title or len(trimmed) < _MIN_TITLE:
            return title
        title = trimmed


def _article(text: str, _: Translate) -> Any:
    from readability import Document  # imported here: it is slow to load

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        summary = Document(text).summary(html_partial=True)
    except Exception as error:  # readability raises its own Unparseable and lxml errors
        raise Refused("empty", _("no article text found in the page")) from error
    return parse_html(summary.encode("utf-8"), "utf-8", _)
