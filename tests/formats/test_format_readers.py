"""EPUB, DOCX, saved web pages and PDF read from files made by real tools (see make_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.core.formats.html import strip_site_suffix
from studyapp.core.formats.pdf import PdfLine, PdfText, build_pdf, join_lines
from studyapp.core.importing import prepare
from studyapp.core.materials import MaterialDraft
from studyapp.core.refusal import Refused
from studyapp.services.pdf_extract import extract_pdf
from tests.formats.hostile import font_obfuscated_epub

FILES = Path(__file__).parent / "files"


def read(name: str) -> MaterialDraft:
    path = FILES / name
    return prepare(path, path.read_bytes(), None, extract_pdf).draft


def outline(draft: MaterialDraft) -> list[tuple[str, int]]:
    return [(s.title, s.level) for s in draft.sections]


def texts(draft: MaterialDraft) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for s in draft.sections for b in s.blocks]


@pytest.mark.parametrize("name", ["water_zh.epub", "water_zh.docx"])
def test_pandoc_chinese_book_has_title_sections_lists_and_table(name: str) -> None:
    draft = read(name)
    assert draft.title == "水的旅行"
    assert draft.language == "zh"
    assert outline(draft) == [("第一章 蒸发", 1), ("第二章 凝结", 1)]
    blocks = texts(draft)
    assert ("list_item", "温度越高，蒸发越快。") in blocks
    assert ("table", "过程 │ 结果\n蒸发 │ 水汽\n凝结 │ 云") in blocks
    assert any(text.startswith("水汽升到高处遇冷") and text.endswith("[1]") for _k, text in blocks)


def test_docx_footnote_follows_its_paragraph() -> None:
    blocks = texts(read("water_zh.docx"))
    at = next(i for i, (_k, text) in enumerate(blocks) if text.startswith("水汽升到高处"))
    assert blocks[at + 1] == ("paragraph", "[1] 云里的水滴非常小，要很多聚在一起才会落下。")


@pytest.mark.parametrize("name", ["bridges_en.epub", "bridges_en.docx"])
def test_pandoc_english_book(name: str) -> None:
    draft = read(name)
    assert (draft.title, draft.language) == ("A Short Guide to Bridges", "en")
    assert outline(draft) == [("Beams", 1), ("Arches", 1)]
    items = [b for s in draft.sections for b in s.blocks if b.kind == "list_item"]
    assert [(b.marker, b.text) for b in items] == [
        ("1.", "Stone arches last for centuries."),
        ("2.", "Steel arches span wider rivers."),
    ]


def test_epub3_nav_ruby_images_and_scripts() -> None:
    draft = read("ruby_zh.epub")
    assert draft.title == "汉字的读音"
    assert outline(draft) == [("声调", 1), ("多音字", 1)]  # the nav page itself is not read
    blocks = texts(draft)
    assert blocks[0] == ("paragraph", "普通话有四个声调，读错声调意思就变了。")  # readings dropped
    assert ("quote", "长大的长和长短的长读音不同。") in blocks
    assert draft.warnings == ("2 images or scripts ignored",)
    assert not any("var x" in text for _k, text in blocks)


def test_font_obfuscation_is_not_drm(tmp_path: Path) -> None:
    path = tmp_path / "font.epub"
    path.write_bytes(font_obfuscated_epub())
    draft = prepare(path, path.read_bytes()).draft
    assert draft.title == "测试书"
    assert texts(draft) == [("paragraph", "读书要专心，也要常常复习。")]


def test_docx_title_style_tracked_changes_lists_and_table() -> None:
    draft = read("notice_zh.docx")
    assert draft.title == "班级通知"
    assert outline(draft) == [("一、时间安排", 1), ("二、要带的东西", 1)]
    blocks = texts(draft)
    # The tracked insertion is kept, the tracked deletion is gone.
    assert blocks[0] == ("paragraph", "下周三下午开家长会，请准时到场。")
    assert ("list_item", "学生手册") in blocks
    assert ("table", "科目 │ 老师\n语文 │ 王老师") in blocks


def test_docx_without_heading_styles_uses_chinese_numbering() -> None:
    draft = read("numbered_zh.docx")
    assert draft.title == "社团活动安排"  # from the document properties
    assert outline(draft) == [("一、报名", 1), ("（一）截止时间", 2), ("二、活动地点", 1)]


@pytest.mark.parametrize("name", ["news_zh.html", "news_copy.mhtml"])
def test_saved_page_main_text_title_and_charset(name: str) -> None:
    path = FILES / name
    prepared = prepare(path, path.read_bytes())
    draft = prepared.draft
    assert draft.title == "社区图书角开放"
    assert prepared.encoding == ("gb18030" if name.endswith(".html") else "utf-8")
    assert [s.title for s in draft.sections] == ["社区图书角开放", "借书办法"]
    joined = "\n".join(text for _k, text in texts(draft))
    assert "图书角位于活动中心一楼，共有两千多册图书" in joined  # source line break joined
    for boilerplate in ("首页", "网友甲", "版权所有", "tracker"):
        assert boilerplate not in joined


def test_site_suffix_is_removed_from_titles() -> None:
    assert strip_site_suffix("社区图书角开放_新闻频道_示例网") == "社区图书角开放"
    assert strip_site_suffix("Bridges of the world | Example News") == "Bridges of the world"
    assert strip_site_suffix("A_B") == "A_B"  # nothing real would remain


def test_pdf_outline_sections_without_running_footer() -> None:
    draft = read("plants_zh.pdf")
    assert draft.title == "植物的一生"
    assert outline(draft) == [("种子发芽", 1), ("开花结果", 1), ("English notes", 1)]
    joined = "".join(text for _k, text in texts(draft))
    assert "植物读本" not in joined and "第 1 页" not in joined
    first = draft.sections[0].blocks[0].text
    assert first.startswith("种子吸足了水，在合适的温度下长出小根和小芽。种子吸足了水")
    assert " " not in first  # CJK lines joined without spaces
    english = draft.sections[2].blocks[0].text
    assert "chemical energy that the plant" in english


def test_pdf_without_outline_takes_sections_from_larger_fonts() -> None:
    assert outline(read("sized_zh.pdf")) == [("种子发芽", 1), ("开花结果", 1)]


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("scanned.pdf", "scanned", "no text layer (scanned PDF); OCR is not supported"),
        ("locked.pdf", "encrypted", "password-protected PDF; remove the password first"),
    ],
)
def test_pdfs_that_cannot_be_read(name: str, code: str, reason: str) -> None:
    with pytest.raises(Refused) as refusal:
        read(name)
    assert (refusal.value.code, str(refusal.value)) == (code, reason)


def test_pdf_lines_join_by_script() -> None:
    assert join_lines("an exam-", "ple of it") == "an example of it"
    assert join_lines("Part A-", "Part B") == "Part A- Part B"
    assert join_lines("学习", "方法") == "学习方法"
    assert join_lines("read", "more") == "read more"


def test_pdf_with_unmapped_fonts_is_refused_as_garbled() -> None:
    garbage = [[PdfLine("\ue012\ue013\ue014\ue015 \ue016\ue017\ue018\ue019\ue01a", 12)] * 5]
    with pytest.raises(Refused) as refusal:
        build_pdf(PdfText(garbage * 3), "x")
    assert refusal.value.code == "garbled"


def test_pdf_repeated_headers_and_page_numbers_are_dropped() -> None:
    words = ["Rivers", "carry", "sand", "downhill"]
    pages = [
        [PdfLine("Course Reader", 9), PdfLine(f"{word} appear in this body line.", 11),
         PdfLine(f"- {n} -", 9)]
        for n, word in enumerate(words, start=1)
    ]
    draft = build_pdf(PdfText(pages), "reader")
    joined = " ".join(b.text for s in draft.sections for b in s.blocks)
    assert "Course Reader" not in joined
    assert joined.startswith("Rivers appear in this body line. carry appear")
    assert not any(b.text.isdigit() for s in draft.sections for b in s.blocks)


NCX = (
    '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
    "<navMap><navPoint id='a'><navLabel><text>第一部分</text></navLabel>"
    "<content src='c1.xhtml'/><navPoint id='b'><navLabel><text>小节</text></navLabel>"
    "<content src='c1.xhtml#s2'/></navPoint></navPoint></navMap></ncx>"
)
OPF2 = (
    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>旧版书</dc:title></metadata>'
    '<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
    '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>'
    '<spine toc="ncx"><itemref idref="c1"/></spine></package>'
)


def test_epub2_sections_come_from_the_ncx(tmp_path: Path) -> None:
    from tests.formats.hostile import epub

    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>开头的一段话。</p>'
        '<p id="s2">小节里的一段话。</p></body></html>'
    )
    data = epub({"OEBPS/content.opf": OPF2, "OEBPS/toc.ncx": NCX, "OEBPS/c1.xhtml": chapter})
    path = tmp_path / "old.epub"
    path.write_bytes(data)
    draft = prepare(path, data).draft
    assert draft.title == "旧版书"
    assert [(s.title, s.level, [b.text for b in s.blocks]) for s in draft.sections] == [
        ("第一部分", 1, ["开头的一段话。"]),
        ("小节", 2, ["小节里的一段话。"]),
    ]


def test_epub_without_navigation_falls_back_to_headings(tmp_path: Path) -> None:
    from tests.formats.hostile import epub

    path = tmp_path / "plain.epub"
    path.write_bytes(epub({}))
    assert outline(prepare(path, path.read_bytes()).draft) == [("第一课", 1)]


def test_docx_outline_level_makes_a_heading(tmp_path: Path) -> None:
    from tests.formats.hostile import docx_with_document

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (
        f'<w:document xmlns:w="{w}"><w:body>'
        '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>自定义标题</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>正文内容。</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "outline.docx"
    path.write_bytes(docx_with_document(document))
    draft = prepare(path, path.read_bytes()).draft
    assert outline(draft) == [("自定义标题", 2)]


def test_forced_encoding_overrides_a_page_declared_charset(tmp_path: Path) -> None:
    page = "<html><head><meta charset='utf-8'><title>标题</title></head><body><h1>标题</h1>"
    body = "这是用简体写的一段话，内容足够长，可以当作正文来读。" * 3
    page += f"<p>{body}</p></body></html>"
    path = tmp_path / "wrong.html"
    path.write_bytes(page.encode("gb18030"))
    prepared = prepare(path, path.read_bytes(), "gb18030")
    assert prepared.encoding == "gb18030" and prepared.draft.title == "标题"


def test_self_closing_anchors_in_xhtml_do_not_swallow_text(tmp_path: Path) -> None:
    from tests.formats.hostile import epub

    chapter = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        '<body><h1>第一课</h1><p><a id="p1"/>第一段。</p><div id="empty"/>'
        "<p>第二段。</p></body></html>"
    )
    path = tmp_path / "anchors.epub"
    path.write_bytes(epub({"OEBPS/c1.xhtml": chapter}))
    assert texts(prepare(path, path.read_bytes()).draft) == [
        ("paragraph", "第一段。"),
        ("paragraph", "第二段。"),
    ]
