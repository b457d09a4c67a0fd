"""Importing a 300,000-character book as EPUB, DOCX and PDF against the same text as .txt.

``python bench/formatbench.py [--runs N]``. The book is bench/corpus.py's long Chinese
text with its Markdown marks taken off; the EPUB and DOCX are written here with
zipfile (the structure pandoc and Word write: one XHTML per chapter, Heading styles),
the PDF with fpdf2 and the Debian font fonts-wqy-microhei (install the project's
``make-test-files`` extra and that font; without them the PDF is left out). Each
figure is the median of N imports into a fresh data dir, PDF extraction included.
Targets: EPUB and DOCX within 3× the .txt, PDF within 10×.
"""

from __future__ import annotations

import argparse
import html
import re
import tempfile
import zipfile
from pathlib import Path
from statistics import median

from common import timed
from corpus import long_chinese_text
from importbench import fresh_service

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TARGETS = {"epub": 3.0, "docx": 3.0, "pdf": 10.0}


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) for headings ("h1", "h2", "h3"), list items ("li") and paragraphs."""
    found = []
    for chunk in re.split(r"\n\s*\n", markdown):
        for line in chunk.splitlines() if chunk.lstrip().startswith(("-", "1.")) else [chunk]:
            line = line.strip()
            if not line:
                continue
            heading = re.match(r"^(#+)\s+(.*)", line)
            if heading:
                found.append((f"h{len(heading.group(1))}", heading.group(2)))
            elif re.match(r"^(?:-|\d+\.)\s+", line):
                found.append(("li", re.sub(r"^(?:-|\d+\.)\s+", "", line)))
            else:
                found.append(("p", " ".join(line.split("\n"))))
    return found


def write_txt(items: list[tuple[str, str]], path: Path) -> None:
    path.write_text("\n\n".join(text for _kind, text in items) + "\n", encoding="utf-8")


def write_epub(items: list[tuple[str, str]], path: Path) -> None:
    chapters: list[list[str]] = [[]]
    for kind, text in items:
        if kind == "h2" and chapters[-1]:
            chapters.append([])
        tag = "p" if kind in ("p", "li") else kind
        chapters[-1].append(f"<{tag}>{html.escape(text)}</{tag}>")
    manifest = "".join(
        f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
        for i in range(len(chapters))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", (
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
            'opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>'))
        book.writestr("content.opf", (
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>长篇</dc:title>'
            f"</metadata><manifest>{manifest}</manifest><spine>{spine}</spine></package>"))
        for index, body in enumerate(chapters):
            book.writestr(f"c{index}.xhtml", (
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/'
                'xhtml"><body>' + "".join(body) + "</body></html>"))


def write_docx(items: list[tuple[str, str]], path: Path) -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraphs = []
    for kind, text in items:
        style = f"Heading{kind[1]}" if kind.startswith("h") else "Normal"
        paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>'
                          f"{html.escape(text)}</w:t></w:r></w:p>")
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        "</w:style>" for n in (1, 2, 3))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as document:
        document.writestr("[Content_Types].xml", "<Types/>")
        document.writestr("word/styles.xml", f"<w:styles {w}>{styles}</w:styles>")
        document.writestr("word/document.xml", f"<w:document {w}><w:body>"
                          + "".join(paragraphs) + "</w:body></w:document>")


def write_pdf(items: list[tuple[str, str]], path: Path) -> bool:
    try:
        from fpdf import FPDF
    except ImportError:
        return False
    if not FONT.exists():
        return False
    pdf = FPDF()
    pdf.add_font("wqy", fname=str(FONT), collection_font_number=0)
    pdf.add_page()
    for kind, text in items:
        if kind.startswith("h"):
            pdf.set_font("wqy", size=16)
            if kind == "h2":
                pdf.start_section(text)
        else:
            pdf.set_font("wqy", size=11)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return True


def import_seconds(path: Path, runs: int) -> float:
    def once() -> None:
        with fresh_service() as service:
            report = service.import_paths([path])
            if [o.status for o in report.outcomes] != ["imported"]:
                raise RuntimeError(f"{path.name}: {report.outcomes}")

    return median(timed(once) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    items = blocks(long_chinese_text())
    chars = sum(len(text) for _kind, text in items)
    with tempfile.TemporaryDirectory(prefix="studyapp-formatbench-") as folder:
        root = Path(folder)
        write_txt(items, root / "book.txt")
        write_epub(items, root / "book.epub")
        write_docx(items, root / "book.docx")
        made = ["txt", "epub", "docx"] + (["pdf"] if write_pdf(items, root / "book.pdf") else [])
        print(f"book: {chars:,} characters of text, {len(items):,} blocks")
        base = import_seconds(root / "book.txt", args.runs)
        print(f"txt   {base:6.2f} s")
        for kind in made[1:]:
            seconds = import_seconds(root / f"book.{kind}", args.runs)
            ratio = seconds / base
            verdict = "ok" if ratio <= TARGETS[kind] else "OVER TARGET"
            print(f"{kind:5} {seconds:6.2f} s  {ratio:4.1f}× the .txt "
                  f"(target ≤ {TARGETS[kind]:.0f}×) {verdict}")


if __name__ == "__main__":
    main()
