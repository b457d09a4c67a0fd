"""Hostile and broken files, generated on the fly for the format tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FILES = Path(__file__).parent / "files"
CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
OPF = (
    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
    "</metadata><manifest>"
    '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
    '</manifest><spine><itemref idref="c1"/></spine></package>'
)
CHAPTER = (
    '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
    "<body><h1>第一课</h1><p>{body}</p></body></html>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def epub(parts: dict[str, str | bytes], title: str = "测试书") -> bytes:
    """An EPUB zip with the given extra or replaced parts."""
    members: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": OPF.format(title=title),
        "OEBPS/c1.xhtml": CHAPTER.format(body="读书要专心，也要常常复习。"),
    }
    members.update(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(megabytes: int = 40) -> bytes:
    """A DOCX-shaped zip whose document.xml is ``megabytes`` of zeros (about 1000:1)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as handle,
    ):
        chunk = b"0" * (1 << 20)
        for _ in range(megabytes):
            handle.write(chunk)
    return buffer.getvalue()


def docx_with_document(document: str) -> bytes:
    """The committed DOCX with its document.xml replaced."""
    source = zipfile.ZipFile(FILES / "bridges_en.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = document.encode() if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


XXE_DOCUMENT = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)
LAUGHS_CHAPTER = LAUGHS + '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p></body></html>'

LOOP_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /Resources 3 0 R /Contents 3 0 R >> endobj
trailer << /Root 1 0 R /Size 4 >>
%%EOF
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


def write_hostile(folder: Path) -> dict[str, str]:
    """Write every hostile file into ``folder``; name -> expected refusal code."""
    real = (FILES / "water_zh.epub").read_bytes()
    files: dict[str, tuple[bytes, str]] = {
        "bomb.docx": (zip_bomb(), "zip_bomb"),
        "xxe.docx": (docx_with_document(XXE_DOCUMENT), "xml_entities"),
        "laughs.epub": (epub({"OEBPS/c1.xhtml": LAUGHS_CHAPTER}), "xml_entities"),
        "laughs_opf.epub": (epub({"OEBPS/content.opf": LAUGHS + "<package/>"}), "xml_entities"),
        "truncated.epub": (real[: len(real) // 2], "corrupt"),
        "picture.epub": (PNG, "wrong_type"),
        "loop.pdf": (LOOP_PDF, "corrupt"),
        "drm.epub": (epub({"META-INF/encryption.xml": _encryption(
            "http://www.w3.org/2001/04/xmlenc#aes128-cbc", "OEBPS/c1.xhtml")}), "drm"),
        "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "legacy_word"),
    }
    for name, (data, _code) in files.items():
        (folder / name).write_bytes(data)
    return {name: code for name, (_data, code) in files.items()}


def _encryption(algorithm: str, target: str) -> str:
    return (
        '<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
        ' xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        f'<enc:EncryptionMethod Algorithm="{algorithm}"/>'
        f'<enc:CipherData><enc:CipherReference URI="{target}"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )


def font_obfuscated_epub() -> bytes:
    """A book whose encryption.xml only obfuscates an embedded font: not DRM."""
    return epub({
        "META-INF/encryption.xml": _encryption(
            "http://www.idpf.org/2008/embedding", "OEBPS/font.otf"),
        "OEBPS/font.otf": bytes(64),
    })
