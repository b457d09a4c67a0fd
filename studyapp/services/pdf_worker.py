"""Child process that extracts a PDF's text with PDFium: bytes on stdin, JSON on stdout.

Run as a script (``python -I pdf_worker.py SECONDS MEGABYTES``), never imported by the
app: it sets its own CPU-time and address-space limits before PDFium sees the file,
so a hostile PDF can only kill this process. It imports nothing from studyapp.
"""

from __future__ import annotations

import json
import resource
import sys
from typing import Any


def _limit(seconds: int, megabytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    size = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def extract(data: bytes) -> dict[str, Any]:
    """Lines with font sizes per page, the outline and the title, or an error code."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = "encrypted" if "password" in str(error).lower() else "corrupt"
        return {"error": code}
    try:
        return _read(pdf, raw)
    except pdfium.PdfiumError:
        return {"error": "corrupt"}


def _read(pdf: Any, raw: Any) -> dict[str, Any]:
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        lines = []
        at = 0
        for line in text.split("\r\n"):
            stripped = line.strip()
            size = 0.0
            if stripped:
                first = at + line.index(stripped[0])
                size = raw.FPDFText_GetFontSize(textpage.raw, first)
                lines.append([line, round(size, 1)])
            at += len(line) + 2
        pages.append(lines)
        textpage.close()
        page.close()
    outline = []
    for item in pdf.get_toc(max_depth=8):
        dest = item.get_dest()
        page_index = dest.get_index() if dest is not None else None
        if page_index is not None and page_index >= 0:
            outline.append([item.get_title(), item.level + 1, page_index])
    title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    return {"pages": pages, "outline": outline, "title": title}


def main() -> None:
    _limit(int(sys.argv[1]), int(sys.argv[2]))
    data = sys.stdin.buffer.read()
    json.dump(extract(data), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
