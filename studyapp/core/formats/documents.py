"""Which reader handles which suffix, and the one shape they all return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from studyapp.core.formats.pdf import PdfText, build_pdf
from studyapp.core.materials import SectionDraft
from studyapp.core.refusal import Refused
from studyapp.core.translate import Plural, Translate, untranslated, untranslated_plural

EPUB_SUFFIXES = frozenset({".epub"})
DOCX_SUFFIXES = frozenset({".docx"})
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".mhtml", ".mht"})
PDF_SUFFIXES = frozenset({".pdf"})
CONTAINER_SUFFIXES = EPUB_SUFFIXES | DOCX_SUFFIXES | PAGE_SUFFIXES | PDF_SUFFIXES
LEGACY_SUFFIXES = frozenset({".doc", ".wps"})
PdfExtractor = Callable[[bytes], PdfText]
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class Found:
    """A document read by one of the format readers."""

    title: str | None
    sections: list[SectionDraft]
    encoding: str
    warnings: list[str]
    author: str | None = None


def read_container(
    suffix: str,
    data: bytes,
    fallback_title: str,
    pdf: PdfExtractor | None,
    encoding: str | None = None,
    _: Translate = untranslated,
    ngettext: Plural = untranslated_plural,
) -> Found:
    """Read an EPUB, DOCX, web page or PDF by its suffix (``encoding`` overrides a web
    page's declared charset; ``_`` and ``ngettext`` translate refusals and warnings,
    English without them).

    Raises:
        Refused: with the reader's code and reason.
    """
    if suffix in LEGACY_SUFFIXES:
        raise Refused("legacy_word", _("old Word or WPS format; save it as DOCX and import that"))
    if suffix in EPUB_SUFFIXES and not data.startswith(_ZIP):
        raise Refused("wrong_type", _("not an EPUB book: the file is no ZIP container"))
    if suffix in DOCX_SUFFIXES and not data.startswith(_ZIP):
        raise Refused("wrong_type", _("not a DOCX document: the file is no ZIP container"))
    if suffix in EPUB_SUFFIXES:
        from studyapp.core.formats.epub import read_epub

        book = read_epub(data, fallback_title, _, ngettext)
        return Found(book.title, book.sections, "epub", book.warnings, book.author)
    if suffix in DOCX_SUFFIXES:
        from studyapp.core.formats.docx import read_docx

        document = read_docx(data, fallback_title, _)
        return Found(document.title, document.sections, "docx", document.warnings)
    if suffix in PAGE_SUFFIXES:
        from studyapp.core.formats.html import read_page

        page = read_page(data, fallback_title, suffix in (".mhtml", ".mht"), encoding, _)
        return Found(page.title, page.sections, page.encoding, page.warnings)
    if not data.startswith(b"%PDF-"):
        raise Refused("wrong_type", _("not a PDF file"))
    if pdf is None:
        raise Refused("unsupported", _("PDF import is not available here"))
    built = build_pdf(pdf(data), fallback_title, _)
    return Found(built.title, built.sections, "pdf", built.warnings)
