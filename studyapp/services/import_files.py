"""The core's file reading and parsing, its refusals and warnings in the UI language."""

from __future__ import annotations

from pathlib import Path

from studyapp.core import importing
from studyapp.core.formats.documents import PdfExtractor
from studyapp.core.importing import Prepared
from studyapp.i18n import _, ngettext


def read_file(path: Path, size_limit: int = importing.DEFAULT_SIZE_LIMIT) -> bytes:
    """:func:`studyapp.core.importing.read_file`, refusing in the UI language."""
    return importing.read_file(path, size_limit, _)


def prepare(
    path: Path, data: bytes, encoding: str | None = None, pdf: PdfExtractor | None = None
) -> Prepared:
    """:func:`studyapp.core.importing.prepare`, refusing and warning in the UI language."""
    return importing.prepare(path, data, encoding, pdf, _, ngettext)
