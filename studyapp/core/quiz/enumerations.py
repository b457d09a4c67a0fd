"""Enumerations in a section: 一是…二是…, 首先…其次…最后, First… Second…, and lists."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from studyapp.core.materials import TEXT_KINDS, Paragraph
from studyapp.core.quiz.tagging import language_of
from studyapp.core.quiz.units import SectionText

ZH_NUMERALS = "一二三四五六七八九十"
EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
SEQUENCE_MIDDLE = ("其次", "再次", "然后", "接着", "第三")
MAX_LABEL_ZH = 20
MAX_LABEL_EN = 12
MIN_ITEMS = 3
MAX_ITEMS = 8
_CLAUSE_START = '，。；：、,;:！？!?　 （(“"\n'
# Each Chinese marker with its family and rank (1, 2, 3…; 50 for 其次, 然后…; 99 for 最后).
ZH_MARKERS = (
    {f"{n}是": ("shi", rank) for rank, n in enumerate(ZH_NUMERALS, 1)}
    | {f"第{n}": ("di", rank) for rank, n in enumerate(ZH_NUMERALS, 1)}
    | {f"其{n}": ("qi", rank) for rank, n in enumerate(ZH_NUMERALS, 1)}
    | {"首先": ("seq", 1), "其次": ("seq", 50), "再次": ("seq", 50)}
    | {"然后": ("seq", 50), "接着": ("seq", 50), "最后": ("seq", 99)}
)
# 第一 and 其一 count only before a comma or colon. Every alternative starts with a
# plain character, so the regex engine skips straight to the characters that can start one.
_ZH_MARKER = re.compile(
    "|".join(
        marker + ("(?=[，、：,:])" if family in ("di", "qi") else "")
        for marker, (family, _) in ZH_MARKERS.items()
    )
)
_EN_MARKER = re.compile(
    r"\b(?P<word>First|Second|Third|Fourth|Fifth|Sixth|Seventh|Finally|Lastly),"
)
_EN_THE_MARKER = re.compile(
    r"\bThe (?P<word>first|second|third|fourth|fifth|sixth|seventh) (?:is|was|are|were)\b\s*"
)
_ORDERED_MARKER = re.compile(r"^\(?\d+[.)、]?$")
_LABEL_END_ZH = re.compile(r"[，。；：！？,;:!?]")
_LABEL_END_EN = re.compile(r"[,.;:!?—–]")
_PARENTHETICAL = re.compile(r"[（(][^（）()]*[）)]")
_TRAILING = "，。；：、,.;:!? \u3000"
_ORDINAL_PREFIX = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[遍步次个条点章节部分]*|[一二三四五六七八九十]是|"
    r"(?:First|Second|Third|Fourth|Fifth|Finally|Lastly)\b)[，、：:,\s]*"
)
_COLON_LIST = re.compile(
    r"(?P<count>[两二三四五六七八九十]|\d+)\s*(?:个|种|条|项|点|类|件|大|部分)?"
    r"(?P<noun>[^：:，,。；！？\s]{0,6}?)\s*[：:](?P<items>[^：:。；！？]+)"
)
_STEP_WORDS = ("步", "阶段", "环节", "流程", "程序", "顺序")
MAX_INLINE_ITEM = 12


@dataclass(frozen=True, slots=True)
class Item:
    """One enumerated item: a short ``label`` and the item's span in the section text."""

    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Items a section lists, in the text's order; ``ordered`` when the order is the point."""

    items: tuple[Item, ...]
    ordered: bool
    intro: str
    language: str
    start: int
    end: int
    labels: tuple[str, ...] = field(init=False, repr=False, compare=False)  # items' labels

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", tuple(item.label for item in self.items))


@dataclass(frozen=True, slots=True)
class _Marker:
    paragraph: int
    start: int  # marker start in the paragraph
    end: int  # marker end in the paragraph
    family: str
    rank: int  # 1, 2, 3…; 99 for 最后 / Finally


def find_enumerations(section: SectionText) -> list[Enumeration]:
    """All enumerations of a section with three to eight usable items.

    Args:
        section: the section with its paragraph offsets.

    Returns:
        Enumerations in reading order: inline and paragraph-initial markers, then lists.
    """
    found = [e for e in _marked(section) if e is not None]
    found += [e for e in _lists(section) if e is not None]
    found += [e for e in _colon_lists(section) if e is not None]
    unique: dict[frozenset[str], Enumeration] = {}
    for enumeration in sorted(found, key=lambda e: e.start):
        unique.setdefault(frozenset(enumeration.labels), enumeration)
    return list(unique.values())


# -- markers: 一是…二是…, 首先…其次…最后, First… Second… -------------------------------


def _marked(section: SectionText) -> Iterable[Enumeration | None]:
    markers = [m for i, p in enumerate(section.paragraphs) for m in _markers(i, p)]
    for run in _runs(markers):
        yield _from_markers(section, run)


def _markers(index: int, paragraph: Paragraph) -> list[_Marker]:
    if paragraph.kind not in TEXT_KINDS:
        return []
    text = paragraph.text
    found = []
    for match in _ZH_MARKER.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in _CLAUSE_START:
            family, rank = ZH_MARKERS[match.group()]
            found.append(_Marker(index, start, match.end(), family, rank))
    for match in _EN_THE_MARKER.finditer(text):  # The first is…, The second is…
        rank = EN_ORDINALS.index(match.group("word").lower()) + 1
        found.append(_Marker(index, match.start(), match.end(), "the", rank))
    if "," not in text:
        return sorted(found, key=lambda m: m.start)
    for match in _EN_MARKER.finditer(text):
        word = match.group("word").lower()
        rank = EN_ORDINALS.index(word) + 1 if word in EN_ORDINALS else 99
        found.append(_Marker(index, match.start(), match.end(), "en", rank))
    return sorted(found, key=lambda m: m.start)


def _runs(markers: Sequence[_Marker]) -> Iterable[list[_Marker]]:
    run: list[_Marker] = []
    for marker in markers:
        if run and _follows(run[-1], marker):
            run.append(marker)
            continue
        if len(run) >= MIN_ITEMS:
            yield run
        run = [marker] if marker.rank == 1 else []
    if len(run) >= MIN_ITEMS:
        yield run


def _follows(previous: _Marker, marker: _Marker) -> bool:
    if marker.family != previous.family or previous.rank == 99:
        return False
    same_or_next = marker.paragraph in (previous.paragraph, previous.paragraph + 1)
    if marker.paragraph != previous.paragraph and marker.start != 0:
        return False
    if marker.family == "seq" or marker.rank == 99:
        return same_or_next and marker.rank >= max(previous.rank, 2)
    return same_or_next and marker.rank == previous.rank + 1


def _from_markers(section: SectionText, run: list[_Marker]) -> Enumeration | None:
    items = []
    for position, marker in enumerate(run):
        following = run[position + 1] if position + 1 < len(run) else None
        items.append(_marked_item(section, marker, following))
    first = section.paragraphs[run[0].paragraph]
    intro = _intro_before(first.text, run[0].start) or _previous_text(section, run[0].paragraph)
    return _enumeration(items, True, intro, language_of(first.text))


def _marked_item(section: SectionText, marker: _Marker, following: _Marker | None) -> Item:
    paragraph = section.paragraphs[marker.paragraph]
    text = paragraph.text
    if following is not None and following.paragraph == marker.paragraph:
        end = following.start
    elif following is None and marker.start > 0:
        end = _sentence_end(text, marker.end)
    else:
        end = len(text)
    offset = section.offsets[marker.paragraph]
    label = make_label(text, marker.end, end, paragraph)
    return Item(label, offset + marker.start, offset + end)


def _sentence_end(text: str, start: int) -> int:
    match = re.compile(r"[。！？!?]|\.(?:\s|$)").search(text, start)
    return match.end() if match else len(text)


def _intro_before(text: str, start: int) -> str:
    before = text[:start].rstrip()
    if not before:
        return ""
    cut = max(before.rfind(ch, 0, len(before) - 1) for ch in "。！？")
    return before[cut + 1 :].strip()


def _previous_text(section: SectionText, paragraph: int) -> str:
    if paragraph == 0:
        return ""
    previous = section.paragraphs[paragraph - 1]
    return previous.text if previous.kind == "paragraph" else ""


# -- lists: runs of list items at one depth -----------------------------------------------


def _lists(section: SectionText) -> Iterable[Enumeration | None]:
    run: list[int] = []
    for index, paragraph in enumerate([*section.paragraphs, None]):
        if paragraph is not None and paragraph.kind == "list_item":
            if run and paragraph.depth > section.paragraphs[run[0]].depth:
                continue  # a nested item belongs to the item above it
            if run and paragraph.depth == section.paragraphs[run[0]].depth:
                run.append(index)
                continue
        if len(run) >= MIN_ITEMS:
            yield _from_list(section, run)
        run = [index] if paragraph is not None and paragraph.kind == "list_item" else []


def _from_list(section: SectionText, run: list[int]) -> Enumeration | None:
    items = []
    for index in run:
        paragraph = section.paragraphs[index]
        start = section.offsets[index]
        label = make_label(paragraph.text, 0, len(paragraph.text), paragraph)
        items.append(Item(label, start, start + len(paragraph.text)))
    markers = [section.paragraphs[i].marker for i in run]
    ordered = all(_ORDERED_MARKER.match(m) for m in markers)
    intro = _previous_text(section, run[0])
    return _enumeration(items, ordered, intro, language_of(section.paragraphs[run[0]].text))


# -- colon lists: 三个特点：小切口、真问题、够得着。 -----------------------------------------


def _colon_lists(section: SectionText) -> Iterable[Enumeration | None]:
    for index, paragraph in enumerate(section.paragraphs):
        if paragraph.kind not in TEXT_KINDS or "、" not in paragraph.text:
            continue
        for match in _COLON_LIST.finditer(paragraph.text):
            yield _from_colon_list(section, index, match)


def _from_colon_list(section: SectionText, index: int, match: re.Match[str]) -> Enumeration | None:
    parts = match.group("items").split("、")
    if len(parts) < MIN_ITEMS or _count(match.group("count")) != len(parts):
        return None
    offset = section.offsets[index] + match.start("items")
    items, start = [], offset
    for part in parts:
        label = part.strip()
        if not label or len(label) > MAX_INLINE_ITEM:
            return None
        items.append(Item(label, start, start + len(part)))
        start += len(part) + 1
    text = section.paragraphs[index].text
    clause = max(text.rfind(ch, 0, match.start()) for ch in "。！？；，")
    intro = text[clause + 1 : match.start("items")]
    ordered = any(word in intro for word in _STEP_WORDS)
    return _enumeration(items, ordered, intro, language_of(text))


def _count(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    return {"两": 2, "十": 10}.get(numeral, ZH_NUMERALS.find(numeral) + 1)


# -- labels -----------------------------------------------------------------------------


def make_label(text: str, start: int, end: int, paragraph: Paragraph) -> str:
    """A short label for the item ``text[start:end]``: its bold lead, or its first clause.

    Parenthetical asides are dropped (they often number the item); the label is
    cut to about 20 Chinese characters or 8 English words.

    Args:
        text: the paragraph text.
        start: where the item starts (after its marker).
        end: where it ends.
        paragraph: the paragraph, for its emphasis spans.

    Returns:
        The label, or ``""`` when nothing usable is left.
    """
    while start < end and text[start] in _TRAILING:
        start += 1
    body = text[start:end]
    lead = _emphasised_lead(paragraph, start, end)
    label = lead if lead else _first_clause(body)
    label = _PARENTHETICAL.sub("", label).strip(_TRAILING + "“”\"'*")
    label = _ORDINAL_PREFIX.sub("", label)  # 第一遍，泛读 -> 泛读: the order must not show
    return _shortened(label)


def _emphasised_lead(paragraph: Paragraph, start: int, end: int) -> str:
    for span in paragraph.spans:
        if span.style in ("strong", "em") and start <= span.start <= start + 1 and span.end <= end:
            return paragraph.text[span.start : span.end]
    return ""


def _first_clause(body: str) -> str:
    pattern = _LABEL_END_ZH if language_of(body) == "zh" else _LABEL_END_EN
    match = pattern.search(body)
    return body[: match.start()] if match else body


def _shortened(label: str) -> str:
    if language_of(label) == "en":
        words = label.split()
        return label if len(words) <= MAX_LABEL_EN else " ".join(words[:MAX_LABEL_EN]) + "…"
    return label if len(label) <= MAX_LABEL_ZH else label[:MAX_LABEL_ZH] + "…"


def _enumeration(items: list[Item], ordered: bool, intro: str, language: str) -> Enumeration | None:
    labels = [item.label for item in items]
    if not MIN_ITEMS <= len(items) <= MAX_ITEMS or not all(labels):
        return None
    if len(set(labels)) < len(labels):
        return None
    return Enumeration(tuple(items), ordered, intro, language, items[0].start, items[-1].end)
