"""Materials for the search tests: Chinese text, and text that looks like markup or formulas."""

from __future__ import annotations

from pathlib import Path

TRICKY = """特殊字符的材料

第一节 方括号

他写下了 [bold]不是粗体[/bold] 和 [/] 以及 [link=x]，都要原样显示。

第二节 网页与表格

<script>alert("学习")</script> 与 &amp; 都要原样显示。

公式 =HYPERLINK("http://example.com","点我") 不应执行。
"""

GUIDE = """---
title: 读书班指南
required: true
---
# 读书班指南

## 第一章 为什么读书

读书班的成员每天阅读一小时。坚持阅读的人，记忆更牢固。

阅读之后写下笔记，笔记是复习的依据。Spaced Repetition helps too.

## 第二章 怎样复习

复习的时候先回忆，再看笔记。间隔复习比集中复习效果好。
"""

NOTES = """# English notes

## Reading

Reading aloud is slow. READING silently is faster; reading with notes is best.
"""


def write_search_materials(folder: Path) -> list[Path]:
    """Three small materials: a required Chinese guide, English notes and the tricky one."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"guide.md": GUIDE, "notes.md": NOTES, "tricky.txt": TRICKY}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def section_text(service, material: str, anchor: str) -> str:  # type: ignore[no-untyped-def]
    """The section text the reader's offsets refer to."""
    section = service.section(material, anchor)
    return "\n\n".join(p.text for p in section.paragraphs)
