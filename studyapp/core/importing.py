"""From a file on disk to a :class:`MaterialDraft`, or a refusal with a one-line reason."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from studyapp.core.encoding import DecodeError, decode_bytes
from studyapp.core.formats.documents import (
    CONTAINER_SUFFIXES,
    LEGACY_SUFFIXES,
    PAGE_SUFFIXES,
    PdfExtractor,
    read_container,
)
from studyapp.core.frontmatter import FrontMatter, split_front_matter
from studyapp.core.materials import MaterialDraft
from studyapp.core.parse_markdown import parse_markdown
from studyapp.core.parse_text import parse_plain_text
from studyapp.core.refusal import Refused
from studyapp.core.text import bytes_hash, clean_text
from studyapp.core.translate import (
    N_,
    Plural,
    Translate,
    untranslated,
    untranslated_plural,
)

__all__ = ["Prepared", "Refused", "detect_language", "find_files", "prepare", "read_file"]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"})
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | CONTAINER_SUFFIXES | LEGACY_SUFFIXES
_MB = 1024 * 1024
DEFAULT_SIZE_LIMIT = 50 * _MB

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", N_("PDF document")),
    (b"PK\x03\x04", N_("ZIP archive (EPUB, DOCX…)")),
    (b"\x89PNG\r\n\x1a\n", N_("PNG image")),
    (b"\xff\xd8\xff", N_("JPEG image")),
    (b"GIF87a", N_("GIF image")),
    (b"GIF89a", N_("GIF image")),
    (b"\x7fELF", N_("ELF executable")),
    (b"\x1f\x8b", N_("gzip archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("7-Zip archive")),
    (b"Rar!\x1a\x07", N_("RAR archive")),
    (b"\xfd7zXZ\x00", N_("xz archive")),
    (b"SQLite format 3\x00", N_("SQLite database")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("Office document (DOC, XLS…)")),
    (b"\xca\xfe\xba\xbe", N_("Java class or Mach-O binary")),
    (b"\x00asm", N_("WebAssembly binary")),
    (b"ID3\x03", N_("MP3 audio")),
    (b"ID3\x04", N_("MP3 audio")),
)
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Prepared:
    """A file read, decoded and parsed, ready to store."""

    path: Path
    file_hash: str
    encoding: str
    draft: MaterialDraft


def find_files(paths: list[Path]) -> Iterator[tuple[Path, bool]]:
    """Expand the command's paths into files, folders recursively in name order.

    Yields:
        ``(path, explicit)``; ``explicit`` is true for a path named on the command
        line, which is refused rather than skipped when its type is unsupported.
    """
    for path in paths:
        if path.is_dir():
            for file in sorted(_walk(path)):
                yield file, False
        else:
            yield path, True


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        pages = {Path(name).stem for name in files if Path(name).suffix.lower() in PAGE_SUFFIXES}
        # A "complete" saved page keeps its images and scripts in NAME_files/.
        dirs[:] = [
            d for d in dirs if not d.startswith(".") and not _is_page_folder(d, pages)
        ]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root) / name


def _is_page_folder(name: str, pages: set[str]) -> bool:
    for suffix in ("_files", "_archivos", "_fichiers", "-Dateien", ".files"):
        if name.endswith(suffix) and name[: -len(suffix)] in pages:
            return True
    return False


def read_file(
    path: Path, size_limit: int = DEFAULT_SIZE_LIMIT, _: Translate = untranslated
) -> bytes:
    """Read a file's bytes after checking its type and size (``_`` translates refusals).

    Raises:
        Refused: unsupported type, missing, unreadable, too large or empty.
    """
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise Refused(
            "unsupported",
            _("unsupported file type (use .md, .txt, .epub, .docx, .pdf, .html or .mhtml)"),
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise Refused("unreadable", _("not a regular file"))
        if size > size_limit:
            raise Refused("too_large", _too_large(size, size_limit, _))
        with path.open("rb") as handle:
            data = handle.read(size_limit + 1)
    except FileNotFoundError as error:
        raise Refused("missing", _("no such file")) from error
    except OSError as error:
        raise Refused(
            "unreadable", _("cannot read: {error}").format(error=error.strerror)
        ) from error
    if len(data) > size_limit:
        raise Refused("too_large", _too_large(len(data), size_limit, _))
    return data


def _too_large(size: int, limit: int, _: Translate) -> str:
    """The refusal message, in the MB of ``max_file_mb`` (1024 × 1024 bytes)."""
    return _("too large: {size:.1f} MB, the limit is {limit:.0f} MB").format(
        size=size / _MB, limit=limit / _MB
    )


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data`` (in English: translate it to show it), or ``None``
    when it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return N_("unknown binary data") if not _looks_utf16(head) else None
    return None


def _looks_utf16(head: bytes) -> bool:
    if len(head) < 4:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) >= 0.6 * (len(head) // 2)


def prepare(
    path: Path,
    data: bytes,
    encoding: str | None = None,
    pdf: PdfExtractor | None = None,
    _: Translate = untranslated,
    ngettext: Plural = untranslated_plural,
) -> Prepared:
    """Decode and parse one file's bytes.

    Args:
        path: where the bytes came from (for the title fallback and the format).
        data: the file content.
        encoding: a forced encoding, or ``None`` to detect one.
        pdf: runs the PDF text extraction (in a child process with limits).
        _: translates refusals and warnings (``studyapp.i18n._``); English without it.
        ngettext: the plural translator going with ``_``.

    Raises:
        Refused: binary, undecodable or empty content.
    """
    if not data.strip():
        raise Refused("empty", _("empty file"))
    suffix = path.suffix.lower()
    if suffix in CONTAINER_SUFFIXES or suffix in LEGACY_SUFFIXES:
        found = read_container(suffix, data, path.stem, pdf, encoding, _, ngettext)
        text = "\n".join(b.text for s in found.sections for b in s.blocks)
        if not text.strip():
            raise Refused("empty", _("no readable text"))
        draft = MaterialDraft(
            title=found.title or path.stem,
            author=found.author,
            tags=(),
            language=detect_language(text),
            required=False,
            order=None,
            sections=tuple(found.sections),
            warnings=tuple(found.warnings),
        )
        return Prepared(path, bytes_hash(data), found.encoding, draft)
    kind = binary_kind(data)
    if kind:
        raise Refused("binary", _("binary file ({kind})").format(kind=_(kind)))
    try:
        decoded = decode_bytes(data, encoding, _)
    except DecodeError as error:
        raise Refused("undecodable", _("undecodable: {error}").format(error=error)) from error
    draft = parse_material(decoded.text, path, list(decoded.warnings), _)
    return Prepared(path, bytes_hash(data), decoded.encoding, draft)


def parse_material(
    text: str, path: Path, warnings: list[str], _: Translate = untranslated
) -> MaterialDraft:
    """Parse decoded text into a material draft (front matter, sections, language);
    ``_`` translates refusals and warnings, English without it."""
    text = clean_text(text).lstrip("\ufeff")
    stem = path.stem
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        front, body = split_front_matter(text, _)
        found_title, sections = parse_markdown(body, front.title or stem, warnings, _)
    else:
        front, body = FrontMatter(), text
        found_title, sections = parse_plain_text(body, stem)
    if not any(s.blocks for s in sections):
        raise Refused("empty", _("no readable text"))
    return MaterialDraft(
        title=front.title or found_title or stem,
        author=front.author,
        tags=front.tags,
        language=front.language or detect_language(body),
        required=front.required,
        order=front.order,
        sections=tuple(sections),
        warnings=tuple(warnings + front.warnings),
        description=front.description,
    )


def _sample(text: str, size: int = 20_000) -> str:
    """Up to ``size`` characters taken from the start, middle and end of ``text``."""
    if len(text) <= size:
        return text
    third = size // 3
    middle = len(text) // 2
    return text[:third] + text[middle : middle + third] + text[-third:]


def detect_language(text: str) -> str:
    """``zh``, ``en`` or ``mixed`` by the balance of Han characters and Latin words."""
    text = _sample(text)
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    weight = han / 1.6  # about 1.6 Han characters a word
    total = weight + words
    if total == 0:
        return "en"
    share = weight / total
    if share >= 0.85:
        return "zh"
    if share <= 0.15:
        return "en"
    return "mixed"
