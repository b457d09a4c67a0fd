"""Make the format test files with real tools; the made files are committed.

Run from the repository root: ``python tests/formats/make_files.py``. It needs pandoc
(Debian package ``pandoc``), the Python packages ebooklib, python-docx, fpdf2 and
opencc-python-reimplemented (the ``make-test-files`` extra), and the Debian package
``fonts-wqy-microhei`` (a CJK font embedded, subset, in the PDFs).
All texts are written for these tests.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

HERE = Path(__file__).parent / "files"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

ZH_MD = """---
title: 水的旅行
---

# 第一章 蒸发

太阳照在湖面上，水慢慢变成看不见的水汽，升到空中。这个过程叫作蒸发。

- 温度越高，蒸发越快。
- 风也会加快蒸发。

# 第二章 凝结

水汽升到高处遇冷，聚成小水滴，形成云。[^1]

| 过程 | 结果 |
|------|------|
| 蒸发 | 水汽 |
| 凝结 | 云 |

[^1]: 云里的水滴非常小，要很多聚在一起才会落下。
"""

EN_MD = """---
title: A Short Guide to Bridges
---

# Beams

A beam bridge rests on piers at each end. It is the simplest kind of bridge.

# Arches

An arch carries its load outward to the supports at both ends.

1. Stone arches last for centuries.
2. Steel arches span wider rivers.
"""


def pandoc(source: str, name: str) -> None:
    """Convert Markdown text to ``name`` with pandoc."""
    target = HERE / name
    subprocess.run(["pandoc", "-f", "markdown", "-o", str(target)], input=source.encode(),
                   check=True)


def ebooklib_epub() -> None:
    """An EPUB 3 with CJK text, ruby, an image, a script and a nav document."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("studyapp-test-ruby")
    book.set_title("汉字的读音")
    book.set_language("zh")
    one = epub.EpubHtml(title="声调", file_name="c1.xhtml", lang="zh")
    one.content = (
        "<html><body><h1>声调</h1><p>普通话有四个<ruby>声<rt>shēng</rt></ruby>"
        "<ruby>调<rt>diào</rt></ruby>，读错声调意思就变了。</p>"
        "<p><img src='pic.png' alt='图'/>看图说话。</p><script>var x = 1;</script></body></html>"
    )
    two = epub.EpubHtml(title="多音字", file_name="c2.xhtml", lang="zh")
    two.content = (
        "<html><body><h1>多音字</h1><p>一个字有几种读音，要看它在词里的意思。</p>"
        "<blockquote><p>长大的长和长短的长读音不同。</p></blockquote></body></html>"
    )
    book.add_item(one)
    book.add_item(two)
    book.toc = (epub.Link("c1.xhtml", "声调", "c1"), epub.Link("c2.xhtml", "多音字", "c2"))
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", one, two]
    epub.write_epub(str(HERE / "ruby_zh.epub"), book)


def python_docx() -> None:
    """A DOCX with a Title, headings, lists, a table and a tracked insertion; and one
    whose headings are only 一、/（一） numbering."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = Document()
    document.add_paragraph("班级通知", style="Title")
    document.add_heading("一、时间安排", level=1)
    paragraph = document.add_paragraph("下周三下午开家长会，")
    insertion = OxmlElement("w:ins")
    insertion.set(qn("w:id"), "1")
    insertion.set(qn("w:author"), "班主任")
    insertion.set(qn("w:date"), "2026-01-01T00:00:00Z")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "请准时到场。"
    run.append(text)
    insertion.append(run)
    paragraph._p.append(insertion)
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "2")
    deletion.set(qn("w:author"), "班主任")
    gone = OxmlElement("w:r")
    gone_text = OxmlElement("w:delText")
    gone_text.text = "可以迟到。"
    gone.append(gone_text)
    deletion.append(gone)
    paragraph._p.append(deletion)
    document.add_heading("二、要带的东西", level=1)
    document.add_paragraph("学生手册", style="List Bullet")
    document.add_paragraph("成绩单", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("科目", "老师"), ("语文", "王老师"))):
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    document.save(str(HERE / "notice_zh.docx"))

    plain = Document()
    plain.core_properties.title = "社团活动安排"
    for line in ("一、报名", "每位同学最多选两个社团。", "（一）截止时间",
                 "周五放学前交表。", "二、活动地点", "活动在三楼教室进行。"):
        plain.add_paragraph(line)
    plain.save(str(HERE / "numbered_zh.docx"))


def fpdf_pdfs() -> None:
    """PDFs with an embedded CJK font: one with an outline and running footers, one with
    larger-font headings only, a scanned-like one without text, and an encrypted one."""
    from fpdf import FPDF

    def new() -> FPDF:
        pdf = FPDF()
        pdf.add_font("wqy", fname=str(FONT), collection_font_number=0)
        pdf.set_font("wqy", size=12)
        return pdf

    pdf = new()
    pdf.set_title("植物的一生")
    chapters = (("种子发芽", "种子吸足了水，在合适的温度下长出小根和小芽。" * 6),
                ("开花结果", "花粉落在雌蕊上，花谢以后慢慢长成果实，里面又有新的种子。" * 6),
                ("English notes", "Photosynthesis turns light into chemical energy that "
                 "the plant stores in sugars and starch for the long winter. " * 4))
    for title, body in chapters:
        pdf.add_page()
        pdf.start_section(title)
        pdf.set_font("wqy", size=18)
        pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("wqy", size=12)
        pdf.multi_cell(0, 8, body)
        pdf.set_y(-20)
        pdf.cell(0, 8, f"植物读本  第 {pdf.page_no()} 页", align="C")
    pdf.output(str(HERE / "plants_zh.pdf"))

    sized = new()
    for title, body in chapters[:2]:
        sized.add_page()
        sized.set_font("wqy", size=20)
        sized.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
        sized.set_font("wqy", size=12)
        sized.multi_cell(0, 8, body)
    sized.output(str(HERE / "sized_zh.pdf"))

    scan = FPDF()
    scan.add_page()
    for row in range(30):
        scan.rect(20, 20 + row * 8, 150 - row * 3, 3, style="F")
    scan.output(str(HERE / "scanned.pdf"))

    locked = new()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.multi_cell(0, 8, "这份文件需要密码才能打开。")
    locked.output(str(HERE / "locked.pdf"))


NEWS_HTML = """<!DOCTYPE html>
<html><head><meta charset="gb2312">
<title>社区图书角开放_新闻频道_示例网</title>
<meta property="og:title" content="社区图书角开放_新闻频道">
<script>var tracker = 1;</script></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/sport">体育</a></div>
<div class="article">
<h1>社区图书角开放</h1>
<p>本周六上午，街道的社区图书角正式开放，居民可以免费借阅书籍。图书角位于活动中心一楼，
共有两千多册图书，其中一半是儿童读物，另一半是生活和历史类书籍。</p>
<h2>借书办法</h2>
<p>居民带上身份证登记后，每次可以借三本书，借期为两周，到期前可以续借一次。
志愿者每天下午在图书角值班，帮助老人和孩子找书。</p>
<p>管理员说，希望大家爱护书籍，按时归还，让更多邻居读到好书。今后还会定期举办读书分享会。</p>
</div>
<div class="comments"><p>网友甲：太好了！</p><p>网友乙：周末带孩子去。</p></div>
<div class="footer">版权所有 示例网 联系我们 广告服务</div>
</body></html>
"""


def saved_pages() -> None:
    """A saved news page declared as gb2312, its "complete" save folder, and an MHTML copy."""
    (HERE / "news_zh.html").write_bytes(NEWS_HTML.encode("gb18030"))
    folder = HERE / "news_zh_files"
    folder.mkdir(exist_ok=True)
    (folder / "helper.htm").write_text("<html><body><p>脚本附件</p></body></html>")
    mhtml = (
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n"
        "--B\r\nContent-Type: text/html; charset=\"utf-8\"\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
    )
    import base64

    body = base64.encodebytes(NEWS_HTML.replace("gb2312", "utf-8").encode()).decode()
    (HERE / "news_copy.mhtml").write_bytes((mhtml + body + "\r\n--B--\r\n").encode())


STUDY_MD = """# 图书馆的使用方法

## 借书

学校图书馆每天早上八点开门，晚上九点关门。学生凭学生证可以借书，每人最多借五本，借期为三十天。
逾期归还的书每天罚款一角钱。图书馆一共有三层，一楼是报刊阅览室，二楼是中文图书，三楼是外文图书。

## 查找资料

查找资料时，可以先在电脑上检索书名、作者或者关键词。检索结果会显示索书号，读者按照索书号到书架上找书。
如果图书馆没有需要的书，可以申请馆际互借，一般七天以内就能拿到。

## 阅读习惯

好的阅读习惯包括以下几点：

- 每天固定时间阅读
- 边读边做笔记
- 读完以后写一段总结

研究表明，坚持阅读的学生，写作成绩平均提高了百分之十五。阅读不仅能增长知识，还能培养耐心和专注力。
"""


def traditional_copy() -> None:
    """The study text in Traditional characters, converted by OpenCC (s2t)."""
    from opencc import OpenCC

    (HERE / "library_trad.md").write_text(OpenCC("s2t").convert(STUDY_MD), encoding="utf-8")


def main() -> None:
    HERE.mkdir(exist_ok=True)
    pandoc(ZH_MD, "water_zh.epub")
    pandoc(ZH_MD, "water_zh.docx")
    pandoc(EN_MD, "bridges_en.epub")
    pandoc(EN_MD, "bridges_en.docx")
    ebooklib_epub()
    python_docx()
    fpdf_pdfs()
    saved_pages()
    traditional_copy()


if __name__ == "__main__":
    main()
