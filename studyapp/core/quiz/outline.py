"""The order of a text's own numbered headings: 第一章 总则 … 第六章 附则, Part I, Part II…

A regulation's chapters or a report's numbered parts are its structure, which a teacher
asks about ("按顺序排列本条例的各章"). Only headings the text numbers itself, one after
the other under one parent, are asked: the numbers show the order is the author's.
Unnumbered headings (a news programme's items) are not: their order is no fact to learn.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.core.quiz.enumerations import Enumeration, Item
from studyapp.core.quiz.model import Question, SourceRef, question_id
from studyapp.core.quiz.numerals import parse_number
from studyapp.core.quiz.units import SectionText

MIN_PARTS = 3
MAX_PARTS = 6
MAX_LABEL = {"zh": 14, "en": 8}  # characters, words: a heading, not a sentence
_NUMBERED = re.compile(
    r"^\s*(?:第(?P<di>[一二三四五六七八九十\d]+)(?P<unit>[章节编部分]+)"
    r"|(?P<dun>[一二三四五六七八九十]+)、"
    r"|[（(](?P<paren>[一二三四五六七八九十]+)[)）]"
    r"|(?P<word>Part|Chapter|Book|Section)\s+(?P<en>[IVXLC]+|\d+)\b\.?:?"
    r"|(?P<arabic>\d+)\.(?!\d))\s*",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ZH_PARTS = {"章": "各章", "节": "各节", "编": "各编"}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Outline(Enumeration):
    """Numbered sibling headings in the text's order, as an ordered enumeration whose
    labels are the headings without their numbers."""

    headings: tuple[str, ...] = ()
    part: str = ""  # what the headings number: 章, 部分, parts…


def find_outlines(texts: Sequence[SectionText]) -> list[tuple[SectionText, Outline]]:
    """The text's outermost run of three or more numbered headings under one parent,
    numbered 1, 2, 3… (its first six): one question on a text's structure, not one on
    every chapter's sections.

    Returns:
        The run with the section it belongs to (the text's first when the headings are
        the outermost), or nothing.
    """
    for parent, run in sorted(_runs(texts), key=lambda found: found[1][0].section.level):
        outline = _outline(run)
        if outline is not None:
            return [(parent, outline)]
    return []


def _runs(texts: Sequence[SectionText]) -> list[tuple[SectionText, list[SectionText]]]:
    """Sibling sections: one level, one parent, each numbered in one way, in order."""
    runs: dict[tuple[int, int], tuple[SectionText, list[SectionText]]] = {}
    found: list[tuple[SectionText, list[SectionText]]] = []
    parents: list[SectionText] = []  # the open sections, shallower first
    for text in texts:
        level = text.section.level
        while parents and parents[-1].section.level >= level:
            parents.pop()
        parent = parents[-1] if parents else texts[0]
        family = _family(text.section.title)
        key = (id(parent), level)
        run = runs.get(key)
        if family is None or parent is text:
            runs.pop(key, None)
        elif run is not None and _family(run[1][-1].section.title) == family:
            run[1].append(text)
        else:
            runs[key] = (parent, [text])
            found.append(runs[key])
        parents.append(text)
    return [(parent, run) for parent, run in found if len(run) >= MIN_PARTS]


_STYLES = ("di", "dun", "paren", "en", "arabic")  # the number groups of _NUMBERED


def _numbering(title: str) -> tuple[str, str, str] | None:
    """How a heading is numbered and its number: ``("di", "章", "三")``, or None."""
    match = _NUMBERED.match(title)
    if match is None:
        return None
    style = next(name for name in _STYLES if match.group(name))
    unit = match.group("unit") or (match.group("word") or "").casefold()
    return style, unit, match.group(style)


def _family(title: str) -> tuple[str, str] | None:
    """How a heading is numbered (``("di", "章")``, ``("dun", "")``…), or None."""
    numbering = _numbering(title)
    return numbering[:2] if numbering else None


def _rank(title: str) -> int | None:
    numbering = _numbering(title)
    if numbering is None:
        return None
    number = numbering[2]
    if number.isdigit():
        return int(number)
    if number[0].casefold() in _ROMAN:
        return _roman(number.casefold())
    parsed = parse_number(number)
    return int(parsed[0]) if parsed else None


def _roman(numeral: str) -> int:
    values = [_ROMAN[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _outline(run: list[SectionText]) -> Outline | None:
    run = run[:MAX_PARTS]
    titles = tuple(text.section.title.strip() for text in run)
    ranks = [_rank(title) for title in titles]
    if None in ranks or ranks != list(range(ranks[0] or 0, (ranks[0] or 0) + len(ranks))):
        return None  # numbered one after the other, or the order is not the text's
    labels = tuple(_label(title) for title in titles)
    language = "en" if all(title.isascii() for title in titles) else "zh"
    if len(set(labels)) < len(labels) or not all(_fits(label, language) for label in labels):
        return None
    family = _family(titles[0])
    part = family[1] if family else ""
    items = tuple(Item(label, -1, -1) for label in labels)
    return Outline(items, True, "", language, -1, -1, headings=titles, part=part)


def _label(title: str) -> str:
    return _NUMBERED.sub("", title, count=1).strip().rstrip("。.:：")


def _fits(label: str, language: str) -> bool:
    size = len(label) if language == "zh" else len(label.split())
    return 0 < size <= MAX_LABEL[language] and not _DIGIT.search(label)


def outline_order(
    material_id: str, parent: SectionText, outline: Outline, title: str, rng: random.Random
) -> Question:
    """Put the headings back in the text's order; shown shuffled.

    Args:
        material_id: the material.
        parent: the section the headings belong to.
        outline: the headings.
        title: the parent's heading, cleaned, for the prompt.
        rng: shuffles the options.
    """
    labels = list(outline.labels)
    shown = scrambled(labels, rng)
    passage = "\n".join(outline.headings)
    source = SourceRef(material_id, parent.anchor, 0, 0, passage)
    item = "\x1e".join(labels)
    return Question(
        id=question_id(material_id, parent.anchor, passage, "order", item),
        type="order",
        prompt=_prompt(outline, title),
        options=tuple(shown),
        answer=tuple(labels),
        source=source,
        language=outline.language,
        kind="heading",
        option_kinds=("heading",) * len(shown),
    )


SHUFFLES = 20


def scrambled(labels: Sequence[str], rng: random.Random) -> list[str]:
    """The labels shuffled so that none stays in its place (tried a few times; else
    turned by one): a shuffle that leaves most in order asks for little."""
    shown = list(labels)
    for _ in range(SHUFFLES):
        rng.shuffle(shown)
        if all(a != b for a, b in zip(shown, labels, strict=True)):
            return shown
    return list(labels[1:]) + list(labels[:1])


def _prompt(outline: Outline, title: str) -> str:
    if outline.language == "zh":
        parts = _ZH_PARTS.get(outline.part, "各部分")
        return f"请按原文顺序排列《{title.strip('《》')}》的{parts}："
    noun = f"{outline.part}s" if outline.part else "parts"
    return f"Put the {noun} of “{title}” in the order the text gives them:"
