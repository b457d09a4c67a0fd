"""Deterministic test material: a library of small mixed files and one long Chinese text.

Everything comes from ``random.Random(seed)`` over sentence fragments written here,
so two runs of the benchmark import exactly the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

LONG_TEXT_CHARS = 300_000
SHORT_TEXT_CHARS = 3_000
LONG_TEXT_CHAPTERS = 60
SMALL_FILE_BYTES = (2_000, 4_500)  # the last block may add ~600 bytes

_ZH_OPENERS = (
    "",
    "",
    "首先，",
    "其次，",
    "另外，",
    "在第{n}天，",
    "根据统计，",
    "总的来说，",
    "值得注意的是，",
    "到了{y}年，",
    "在课堂上，",
    "复习的时候，",
)
_ZH_SUBJECTS = (
    "学习者",
    "我们",
    "这位老师",
    "研究小组",
    "每个学生",
    "读书会的成员",
    "图书馆的管理员",
    "这门课程",
    "作者",
    "大多数读者",
    "年轻的工程师",
    "历史学家",
)
_ZH_PREDICATES = (
    "认真阅读了",
    "重新整理了",
    "仔细比较了",
    "每天复习",
    "系统地总结了",
    "反复讨论了",
    "详细记录了",
    "尝试翻译了",
    "客观地评估了",
    "用简单的话解释了",
    "重点分析了",
    "逐步掌握了",
)
_ZH_OBJECTS = (
    "第{n}章的主要观点",
    "这份材料中的关键概念",
    "历史背景和社会变化",
    "{n}个常见的错误",
    "课堂笔记里的难点",
    "数学证明的基本思路",
    "经济发展的长期趋势",
    "古代诗歌的韵律",
    "实验数据的变化规律",
    "城市交通的规划问题",
    "科学方法的基本步骤",
    "语言学习中的记忆技巧",
)
_ZH_TAILS = (
    "。",
    "，并且写下了自己的理解。",
    "，发现其中有不少值得思考的地方。",
    "，大约花了{n}分钟。",
    "，然后在周末进行了小测验。",
    "，准确率提高到了百分之{p}。",
    "，因此对后面的内容更有信心。",
    "，可是仍然有{n}个问题没有解决！",
    "，这是不是最好的办法？",
    "；同时也参考了{y}年出版的教材。",
)
_ZH_TOPICS = (
    "学习方法",
    "阅读与笔记",
    "记忆的规律",
    "时间管理",
    "古代历史",
    "现代经济",
    "自然科学",
    "语言与文化",
    "城市与交通",
    "数学思维",
)
_EN_OPENERS = ("", "", "First, ", "Then ", "In week {n}, ", "By {y}, ", "Overall, ", "Still, ")
_EN_SUBJECTS = (
    "the learner",
    "our reading group",
    "the teacher",
    "every student",
    "the author",
    "a careful reader",
)
_EN_PREDICATES = (
    "reviewed",
    "summarised",
    "compared",
    "translated",
    "questioned",
    "explained",
    "wrote down",
)
_EN_OBJECTS = (
    "the main argument of chapter {n}",
    "{n} common mistakes",
    "the key terms of this unit",
    "the historical background",
    "the data from the experiment",
    "the notes from class",
)
_EN_TAILS = (
    ".",
    " in about {n} minutes.",
    ", and the score rose to {p} percent.",
    " before the quiz on Friday.",
    "; it took longer than expected.",
    " with the help of a dictionary!",
)


def _fill(rng: random.Random, template: str) -> str:
    return template.format(n=rng.randint(1, 99), p=rng.randint(40, 99), y=rng.randint(1900, 2024))


def zh_sentence(rng: random.Random) -> str:
    """One plausible Chinese sentence built from the fragment pools."""
    parts = (_ZH_OPENERS, _ZH_SUBJECTS, _ZH_PREDICATES, _ZH_OBJECTS, _ZH_TAILS)
    return "".join(_fill(rng, rng.choice(pool)) for pool in parts)


def en_sentence(rng: random.Random) -> str:
    """One plausible English sentence built from the fragment pools."""
    opener, subject, predicate, obj, tail = (
        _fill(rng, rng.choice(pool))
        for pool in (_EN_OPENERS, _EN_SUBJECTS, _EN_PREDICATES, _EN_OBJECTS, _EN_TAILS)
    )
    sentence = f"{opener}{subject} {predicate} {obj}{tail}"
    return sentence[0].upper() + sentence[1:]


def _paragraph(rng: random.Random, sentence: Callable[[random.Random], str], joiner: str) -> str:
    return joiner.join(sentence(rng) for _ in range(rng.randint(3, 7)))


def _mixed_sentence(rng: random.Random) -> str:
    return zh_sentence(rng) if rng.random() < 0.6 else en_sentence(rng)


def _list_block(rng: random.Random, sentence: Callable[[random.Random], str]) -> str:
    ordered = rng.random() < 0.5
    items = [sentence(rng) for _ in range(rng.randint(3, 6))]
    return "\n".join(
        f"{i}. {item}" if ordered else f"- {item}" for i, item in enumerate(items, start=1)
    )


# -- the 1,000-material library ---------------------------------------------------


def small_material(rng: random.Random, index: int) -> str:
    """A 2–5 KB Markdown file in mixed Chinese and English with a few sections."""
    target = rng.randint(*SMALL_FILE_BYTES)
    topic = rng.choice(_ZH_TOPICS)
    lines = [f"# {topic} · Study notes {index}", ""]
    if rng.random() < 0.3:
        front = f"---\ntitle: {topic} {index}\ntags: [bench, notes]\nauthor: Bench\n---\n"
        lines.insert(0, front)
    size = len("\n".join(lines).encode())
    section, blocks = 0, 0
    while size < target:
        if section == 0 or (blocks >= 2 and rng.random() < 0.3):
            section, blocks = section + 1, -1
            block = f"## {section}. {rng.choice(_ZH_TOPICS)} / part {section}"
        elif rng.random() < 0.3:
            block = _list_block(rng, _mixed_sentence)
        else:
            block = _paragraph(rng, _mixed_sentence, " ")
        lines += [block, ""]
        size += len(block.encode()) + 2
        blocks += 1
    return "\n".join(lines)


def write_library(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` small materials into ``folder``; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        path = folder / f"material-{index:04d}.md"
        path.write_text(small_material(rng, index), encoding="utf-8")
        paths.append(path)
    return paths


# -- the 300,000-character Chinese text ----------------------------------------------


def _chapter(rng: random.Random, number: int, target: int) -> str:
    lines = [f"## 第{number}章 {rng.choice(_ZH_TOPICS)}与{rng.choice(_ZH_TOPICS)}", ""]
    subsection = 0
    while len("\n".join(lines)) < target:
        if rng.random() < 0.15:
            subsection += 1
            lines += [f"### 第{subsection}节 {rng.choice(_ZH_TOPICS)}", ""]
        if rng.random() < 0.2:
            lines += [_list_block(rng, zh_sentence), ""]
        else:
            lines += [_paragraph(rng, zh_sentence, ""), ""]
    return "\n".join(lines) + "\n"


def long_chinese_text(seed: int = 2, chars: int = LONG_TEXT_CHARS) -> str:
    """A Markdown text of exactly ``chars`` characters: ~60 chapters, paragraphs, lists."""
    rng = random.Random(seed)
    parts = ["# 长篇学习材料：方法、历史与科学\n\n"]
    per_chapter = chars // LONG_TEXT_CHAPTERS
    for number in range(1, LONG_TEXT_CHAPTERS + 1):
        parts.append(_chapter(rng, number, per_chapter - 60))
    text = "".join(parts)
    while len(text) < chars:  # top up the last chapter
        text += _paragraph(rng, zh_sentence, "") + "\n\n"
    text = text[: chars - 1].rstrip()
    return text + "。" * (chars - 1 - len(text)) + "\n"


def short_chinese_text(seed: int = 2, chars: int = SHORT_TEXT_CHARS) -> str:
    """The first ``chars`` characters of :func:`long_chinese_text` (the last one a newline).

    The same kind of text as the long one: the ``#`` title, the first ``##`` chapter
    heading, a ``###`` subsection or two, paragraphs and lists.
    """
    return long_chinese_text(seed)[: chars - 1] + "\n"


def write_long_text(path: Path, seed: int = 2) -> Path:
    """Write :func:`long_chinese_text` to ``path`` as UTF-8."""
    path.write_text(long_chinese_text(seed), encoding="utf-8")
    return path
