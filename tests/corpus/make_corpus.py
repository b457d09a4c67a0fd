"""Write the import corpus: tests/corpus/good/, tests/corpus/bad/ and README.md.

Every file is small (well under 20 KB) and every sentence in it was written for
this corpus. Run it again to regenerate the files byte for byte:

    python tests/corpus/make_corpus.py            # into tests/corpus/
    python tests/corpus/make_corpus.py OUT_DIR    # somewhere else

The expected outcome of each file is listed in CASES (and so in README.md);
tests/test_import_corpus.py checks the import against its own copy of them.
"""

from __future__ import annotations

import codecs
import io
import random
import sqlite3
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SIZE_LIMIT_MB = 0.01  # the corpus test's [import] max_file_mb: 10 485 bytes


@dataclass(frozen=True)
class Case:
    """One corpus file: its path, how to make its bytes, what importing it should do."""

    path: str
    make: Callable[[], bytes]
    outcome: str  # "imported", "imported + warning" or "refused: CODE"
    why: str


# -- text written for the corpus ------------------------------------------------------

GBK_NOTES = """读书笔记

第一章 早起的习惯
每天早上六点起床，先喝一杯温水，再读二十分钟的书。坚持一个月以后，我发现自己白天的精神好了很多。

第二章 复习的节奏
新学的内容要在当天晚上复习一次，三天后再看一遍，一周后做几道练习题。这样安排，忘得就慢多了。
"""

BIG5_NOTES = """閱讀計畫

第一章 為什麼要寫筆記
寫筆記能讓我們放慢速度，把讀到的想法用自己的話說一遍。說得出來，才算真的懂了。

第二章 怎樣安排時間
每週留出兩個晚上整理筆記，把零散的句子連成段落。老師常說：「溫故知新。」
"""

UTF16_LOG = """Study Log

Monday: I read the first two chapters and wrote a short summary of each one.

Tuesday: I reviewed the word list again. 复习了生词表，感觉比上周熟练多了。

Wednesday: a rest day, with a long walk instead of a long book.
"""

FRONT_MATTER_ZH = """---
title: 专注力练习
author: 王老师
tags: [专注, 习惯]
language: zh
required: true
order: 2
---

# 专注力练习

## 番茄工作法

把一个小时分成两段，每段二十五分钟，中间休息五分钟。休息的时候不要看手机。

- 准备一个计时器
- 关掉消息提醒
- 记下每一段完成了什么

## 小结

> 专注不是天生的，而是练出来的。
"""

FRONT_MATTER_BOM = """---
title: Notes behind a byte order mark
author: A. Reader
tags: [encoding]
---

# A heading the title must not come from

The byte order mark sits in front of the front matter. It has to be removed
before the front matter is read, or the title above would be lost.
"""

CHINESE_HEADINGS = """时间管理讲义

第一章 认识时间
时间是每个人都拥有的资源，区别在于怎样使用它。

一、记录一周的时间
连续七天，把每半小时做的事写下来。

（一）工作日
工作日的记录要尽量详细。

（二）周末
周末可以记录得粗略一些。

二、找出浪费的时间
把记录分成三类：必要的、有用的、可以省掉的。

第二章 制定计划
计划要具体，最好写清楚什么时间做什么事。
"""

MARKUP_AND_ESCAPES = (
    "Markup that is only text\n"
    "\n"
    "These must be shown literally: [/] and [bold]x and C[i] = A[i] and [@click=app.quit]x[/].\n"
    "\n"
    "This line had colour codes: \x1b[31mred\x1b[0m and a title change \x1b]0;pwned\x07done.\n"
    "\n"
    "A bidi override \u202egnirts\u202c and a DEL\x7f character are removed as well.\n"
)

CP1252_NOTE = (
    "A note from an old laptop\r\n"
    "\r\n"
    "My teacher said \u201cread slowly\u201d and I didn\u2019t listen \u2014 not at first.\r\n"
    "\r\n"
    "Now I keep a caf\u00e9 notebook for every chapter I finish.\r\n"
)

# Every UTF-16 code unit here has two bytes below 0x80, so the bytes are valid
# UTF-8 as well: only the NUL pattern tells the truth.
UTF16_NO_BOM = """Reading list

First, a short book about habits. Then a longer one about memory.

The third book is in Chinese: 学习 (study). I will read it last.
"""

# Mostly everyday characters, plus a few rare ones (in GBK, not in GB2312).
GB18030_UNSURE = (
    "课堂笔记\n\n今天我们学习了新的课文，老师讲得很清楚，大家都听懂了。"
    "课后要把生字写三遍，丂丄丅丆丏这几个字不常见，可以先跳过。\n"
)

TOO_LARGE_PARAGRAPHS = (
    "A long file can still be a good file; it is only refused here because the corpus"
    " test lowers the size limit to ten kilobytes. This paragraph repeats so that the"
    " file is a little larger than that limit and well below twenty kilobytes.\n\n"
)

BROKEN_BODY = "\n# Still readable\n\nThe front matter above is broken, but this body must import.\n"

RTF_DOCUMENT = r"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard A rich text file.\par}" + "\n"


# -- byte makers ------------------------------------------------------------------------


def encoded(text: str, codec: str, bom: bytes = b"", crlf: bool = False) -> Callable[[], bytes]:
    """A maker for ``text`` in ``codec``, optionally with a BOM and CRLF line ends."""

    def make() -> bytes:
        body = text.replace("\n", "\r\n") if crlf else text
        return bom + body.encode(codec)

    return make


def raw(data: bytes) -> Callable[[], bytes]:
    """A maker for fixed bytes."""
    return lambda: data


def random_bytes() -> bytes:
    """Seeded noise without NUL bytes, so it is not caught as binary first."""
    rng = random.Random(20240229)
    return bytes(
        rng.randrange(0x80, 0x100) if i % 3 else rng.randrange(1, 0x100) for i in range(3000)
    )


def zip_archive(members: dict[str, str]) -> bytes:
    """A stored (uncompressed) ZIP with fixed timestamps, so it is reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def epub() -> bytes:
    return zip_archive(
        {
            "mimetype": "application/epub+zip",
            "META-INF/container.xml": '<?xml version="1.0"?><container version="1.0"/>\n',
            "chapter1.xhtml": "<html><body><p>An ebook chapter.</p></body></html>\n",
        }
    )


def docx() -> bytes:
    return zip_archive(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>\n',
            "word/document.xml": "<w:document><w:body>A word document.</w:body></w:document>\n",
        }
    )


def png() -> bytes:
    """A 1×1 grey PNG; the image data is stored, not deflated, so it is reproducible."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80", 0))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """The start of a JFIF file: SOI, an APP0 segment, then filler and EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + bytes(range(32, 96)) + b"\xff\xd9"


def elf() -> bytes:
    """A 64-bit little-endian ELF header, zero padded."""
    return b"\x7fELF\x02\x01\x01" + bytes(9) + struct.pack("<HHI", 2, 62, 1) + bytes(40)


def gzip_member() -> bytes:
    """A gzip stream with a stored block and mtime 0, written by hand to be reproducible."""
    body = b"A compressed note that was renamed to .txt.\n"
    header = b"\x1f\x8b\x08\x00" + bytes(4) + b"\x00\xff"
    block = b"\x01" + struct.pack("<HH", len(body), len(body) ^ 0xFFFF) + body
    trailer = struct.pack("<II", zlib.crc32(body), len(body))
    return header + block + trailer


def sqlite_database() -> bytes:
    """A real SQLite database of two 512-byte pages."""
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA page_size = 512")
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('a row, not a study text')")
    connection.commit()
    data = connection.serialize()
    connection.close()
    return bytes(data)


def too_large() -> bytes:
    text = "Too large for the corpus test\n\n" + TOO_LARGE_PARAGRAPHS * 50
    return text.encode("utf-8")


# -- the cases ---------------------------------------------------------------------------

CASES: tuple[Case, ...] = (
    Case(
        "good/gbk_chinese_notes.txt",
        encoded(GBK_NOTES, "gbk"),
        "imported",
        "GBK bytes: not UTF-8, plausible as GB18030 (common characters only), so no warning",
    ),
    Case(
        "good/big5_traditional.txt",
        encoded(BIG5_NOTES, "big5"),
        "imported",
        "Big5 traditional Chinese: GB18030 decodes it to rare characters, Big5 to common ones",
    ),
    Case(
        "good/utf16le_bom_study_log.txt",
        encoded(UTF16_LOG, "utf-16-le", codecs.BOM_UTF16_LE, crlf=True),
        "imported",
        "UTF-16 LE with a BOM and CRLF line ends",
    ),
    Case(
        "good/front_matter_focus.md",
        encoded(FRONT_MATTER_ZH, "utf-8"),
        "imported",
        "Markdown with valid front matter (title, author, tags, language, required, order)",
    ),
    Case(
        "good/utf8_bom_front_matter.md",
        encoded(FRONT_MATTER_BOM, "utf-8", codecs.BOM_UTF8),
        "imported",
        "UTF-8 BOM before the front matter: the BOM is stripped first, the title is kept",
    ),
    Case(
        "good/chinese_headings.txt",
        encoded(CHINESE_HEADINGS, "utf-8"),
        "imported",
        "plain text with 第一章 / 一、 / （一） headings at three levels",
    ),
    Case(
        "good/markup_and_escapes.txt",
        encoded(MARKUP_AND_ESCAPES, "utf-8"),
        "imported",
        "markup-like text kept literally; ANSI colour and title sequences, bidi override"
        " and DEL removed",
    ),
    Case(
        "bad/cp1252_smart_quotes.txt",
        encoded(CP1252_NOTE, "cp1252"),
        "imported + warning",
        "Windows-1252 smart quotes: a guess, so the warning names windows-1252",
    ),
    Case(
        "bad/utf16le_no_bom.txt",
        encoded(UTF16_NO_BOM, "utf-16-le"),
        "imported + warning",
        "UTF-16 without a BOM whose bytes are also valid UTF-8: recognised by its NULs,"
        " with a warning",
    ),
    Case(
        "bad/gb18030_some_rare_characters.txt",
        encoded(GB18030_UNSURE, "gbk"),
        "imported + warning",
        "GBK with a few rare characters: below the confident threshold, so a warning names gb18030",
    ),
    Case(
        "bad/front_matter_bad_yaml.md",
        encoded("---\ntitle: [an unclosed list\nauthor: Someone\n---\n" + BROKEN_BODY, "utf-8"),
        "imported + warning",
        "invalid YAML: front matter dropped with a warning, body imported",
    ),
    Case(
        "bad/front_matter_is_a_list.md",
        encoded("---\n- first\n- second\n---\n" + BROKEN_BODY, "utf-8"),
        "imported + warning",
        "front matter that is a YAML list, not a mapping of fields",
    ),
    Case(
        "bad/front_matter_invalid_date.md",
        encoded(
            "---\ntitle: A date that does not exist\ndate: 2024-13-45\n---\n" + BROKEN_BODY, "utf-8"
        ),
        "imported + warning",
        "2024-13-45 looks like a date to YAML and fails to construct",
    ),
    Case(
        "bad/front_matter_alias_bomb.md",
        encoded(
            "---\n"
            'a: &a ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]\n'
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
            "title: Billion laughs\n"
            "---\n" + BROKEN_BODY,
            "utf-8",
        ),
        "imported + warning",
        'a "billion laughs" alias bomb: aliases are refused before loading',
    ),
    Case(
        "bad/front_matter_python_tag.md",
        encoded(
            "---\ntitle: !!python/object/apply:os.system ['echo owned']\n---\n" + BROKEN_BODY,
            "utf-8",
        ),
        "imported + warning",
        "a Python object tag: the safe loader rejects it",
    ),
    Case(
        "bad/front_matter_wrong_types.md",
        encoded(
            "---\ntitle: {nested: mapping}\nrequired: maybe\norder: 1.5\n---\n" + BROKEN_BODY,
            "utf-8",
        ),
        "imported + warning",
        "valid YAML with fields of the wrong type: each field ignored with a warning",
    ),
    Case(
        "bad/binary_nul_bytes.txt",
        raw(b"Some text\x00\x01\x02 with NUL bytes\x00 and other controls\x00\x03\x04.\n"),
        "refused: binary",
        "NUL bytes that are not UTF-16",
    ),
    Case(
        "bad/binary_pdf_renamed.md",
        raw(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n%%EOF\n"),
        "refused: binary",
        "PDF magic number",
    ),
    Case("bad/binary_epub_renamed.txt", epub, "refused: binary", "ZIP magic number (an EPUB)"),
    Case("bad/binary_docx_renamed.md", docx, "refused: binary", "ZIP magic number (a DOCX)"),
    Case("bad/binary_png_renamed.txt", png, "refused: binary", "PNG magic number"),
    Case("bad/binary_jpeg_renamed.txt", jpeg, "refused: binary", "JPEG magic number"),
    Case("bad/binary_elf_renamed.txt", elf, "refused: binary", "ELF magic number"),
    Case("bad/binary_gzip_renamed.txt", gzip_member, "refused: binary", "gzip magic number"),
    Case("bad/binary_sqlite_renamed.md", sqlite_database, "refused: binary", "SQLite magic number"),
    Case(
        "bad/undecodable_random_bytes.txt",
        random_bytes,
        "refused: undecodable",
        "seeded random bytes without NUL: no encoding is plausible",
    ),
    Case(
        "bad/undecodable_bad_utf8_after_bom.txt",
        raw(codecs.BOM_UTF8 + b"A UTF-8 BOM, then bytes that are not UTF-8: \xff\xfe\xc3\x28.\n"),
        "refused: undecodable",
        "a UTF-8 BOM is trusted: invalid UTF-8 after it is refused, not guessed",
    ),
    Case("bad/empty_zero_bytes.txt", raw(b""), "refused: empty", "0 bytes"),
    Case(
        "bad/empty_whitespace_only.txt",
        raw(b"  \n\t\n   \r\n\n"),
        "refused: empty",
        "ASCII white space only",
    ),
    Case(
        "bad/empty_ideographic_spaces.txt",
        encoded("\u3000\u3000\n\u3000\n\n", "utf-8"),
        "refused: empty",
        "full-width (ideographic) spaces only",
    ),
    Case(
        "bad/empty_bom_only.txt",
        raw(codecs.BOM_UTF8),
        "refused: empty",
        "a UTF-8 BOM and nothing else",
    ),
    Case(
        "bad/empty_utf16_bom_spaces.txt",
        encoded(" \n \n", "utf-16-le", codecs.BOM_UTF16_LE),
        "refused: empty",
        "UTF-16 BOM, then white space only",
    ),
    Case(
        "bad/empty_front_matter_only.md",
        encoded("---\ntitle: Only a header\nauthor: Nobody\n---\n", "utf-8"),
        "refused: empty",
        "front matter and no body",
    ),
    Case(
        "bad/empty_headings_only.md",
        encoded("# Chapter One\n\n## Part A\n\n## Part B\n", "utf-8"),
        "refused: empty",
        "headings without any text under them",
    ),
    Case(
        "bad/too_large.txt",
        too_large,
        "refused: too_large",
        "about 12 KB, over the 0.01 MB (10 485 byte) limit the corpus test sets in config.toml",
    ),
    Case(
        "bad/unsupported_extension.rtf",
        raw(RTF_DOCUMENT.encode("ascii")),
        "refused: unsupported",
        "only when named explicitly; a folder import skips it",
    ),
)


def write_corpus(root: Path) -> list[Path]:
    """Write every case under ``root`` and the README table; return the files written."""
    written = []
    for case in CASES:
        target = root / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = case.make()
        assert len(data) < 20_000, case.path
        target.write_bytes(data)
        written.append(target)
    (root / "README.md").write_text(readme(), encoding="utf-8")
    return written


def readme() -> str:
    """The README: what the corpus is for and a table of files and expected outcomes."""
    rows = "\n".join(f"| `{c.path}` | {c.outcome} | {c.why} |" for c in CASES)
    return f"""# Import corpus

Small files for `tests/test_import_corpus.py`, written by `make_corpus.py`
(run `python tests/corpus/make_corpus.py` to regenerate them; do not edit them by hand).

* `good/` files import cleanly.
* `bad/` files are either refused with the code shown (the `code` of
  `studyapp.core.importing.Refused`) or imported with a warning.

The corpus test writes `[import] max_file_mb = {SIZE_LIMIT_MB}` to the data dir's
`config.toml`, so `bad/too_large.txt` is over the limit there. `.rtf` is skipped
by a folder import and refused only when named on the command line. Unreadable
files (chmod 000, a FIFO) and missing paths cannot be committed; the test makes
them in a temporary folder.

| file | expected | why |
|------|----------|-----|
{rows}
"""


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in write_corpus(out):
        print(f"{path.stat().st_size:6d}  {path.relative_to(out)}")
