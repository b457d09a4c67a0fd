"""Re-anchoring a revised text: which old paragraph and section is which new one.

A material re-imported from an edited file keeps the learner's history on the parts
that are still there. Paragraphs are matched by content, never by position:

1. exact: the normalised content hash (:func:`studyapp.core.text.content_hash`),
   aligned in order by :class:`difflib.SequenceMatcher` over the two hash lists;
2. lightly edited: inside each stretch the alignment could not match, an old paragraph
   takes the most similar unmatched new one (rapidfuzz ``ratio`` of the normalised
   texts >= :data:`FUZZY_MIN`), keeping the order;
3. moved: an old paragraph still unmatched takes a new one with the same hash that
   is itself unmatched (a paragraph moved to another section).

Sections are matched by title when it occurs once in each version, then by content (the
free new section that received most of an old one's paragraphs: a renamed section, or
one of several with the same title such as 小结), then the rest by title in order.
Pure functions: the database layer applies the result.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from studyapp.core.text import content_hash

FUZZY_MIN = 70.0
"""Similarity (0-100) from which an edited paragraph counts as the same one."""
FUZZY_MAX_PAIRS = 40_000
"""Unmatched stretches larger than this (old x new paragraphs) are not compared pairwise."""

Block = tuple[int, int]
"""(section position, paragraph position) in one version of the text."""


@dataclass(frozen=True)
class TextSection:
    """One section of one version: its anchor, title and paragraph texts."""

    anchor: str
    title: str
    paragraphs: tuple[str, ...]
    hashes: tuple[str, ...] | None = None  # content hashes of the paragraphs, if known

    def content_keys(self) -> list[str]:
        """The paragraphs' content hashes (computed when not stored)."""
        return (
            list(self.hashes)
            if self.hashes is not None
            else [content_hash(text) for text in self.paragraphs]
        )


@dataclass
class Reanchoring:
    """Where each old block and section went in the new text."""

    old: list[TextSection]
    new: list[TextSection]
    blocks: dict[Block, Block] = field(default_factory=dict)
    edited: set[Block] = field(default_factory=set)  # old blocks matched by similarity
    sections: dict[int, int] = field(default_factory=dict)  # old position -> new position
    _index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index = {section.anchor: i for i, section in enumerate(self.old)}

    def section_anchor(self, old_anchor: str) -> str | None:
        """The new anchor of an old section, or None when it was dropped."""
        index = self._old_index(old_anchor)
        if index is None or index not in self.sections:
            return None
        return self.new[self.sections[index]].anchor

    def anchor_map(self) -> dict[str, str]:
        """Old anchor -> new anchor for every section that is still there."""
        return {self.old[o].anchor: self.new[n].anchor for o, n in self.sections.items()}

    def dropped_sections(self) -> list[TextSection]:
        """Old sections matched to no new one, in order."""
        return [s for i, s in enumerate(self.old) if i not in self.sections]

    def block(self, anchor: str, paragraph: int) -> tuple[str, int] | None:
        """The new (anchor, paragraph) of an old paragraph, or None if it is gone."""
        index = self._old_index(anchor)
        found = self.blocks.get((index, paragraph)) if index is not None else None
        return (self.new[found[0]].anchor, found[1]) if found else None

    def at_or_before(self, anchor: str, paragraph: int) -> tuple[str, int, bool] | None:
        """The new place of an old paragraph (-1: the heading), else of the nearest one
        before it that is still there; the flag says whether it is the paragraph itself.
        None when nothing before it survived (nor the old section's heading)."""
        index = self._old_index(anchor)
        if index is None:
            return None
        exact = True
        for section in range(index, -1, -1):
            last = paragraph if section == index else len(self.old[section].paragraphs) - 1
            for position in range(last, -2, -1):
                place = self._place(section, position)
                if place is not None:
                    return (*place, exact)
                exact = False
        return None

    def last_mapped(self, anchor: str, paragraph: int) -> int:
        """For a count within one section: the new index of the last old paragraph up to
        ``paragraph`` that is still in the section's new match; -1 if none."""
        index = self._old_index(anchor)
        if index is None or index not in self.sections:
            return -1
        target = self.sections[index]
        found = [
            self.blocks[(index, p)][1]
            for p in range(min(paragraph, len(self.old[index].paragraphs) - 1) + 1)
            if self.blocks.get((index, p), (-1, -1))[0] == target
        ]
        return max(found, default=-1)

    def counts(self) -> dict[str, int]:
        """Paragraph counts: kept (same text), edited, dropped and added."""
        total_old = sum(len(s.paragraphs) for s in self.old)
        total_new = sum(len(s.paragraphs) for s in self.new)
        matched = len(self.blocks)
        return {
            "kept": matched - len(self.edited),
            "edited": len(self.edited),
            "dropped": total_old - matched,
            "added": total_new - matched,
        }

    def _place(self, section: int, position: int) -> tuple[str, int] | None:
        if position == -1:
            target = self.sections.get(section)
            return (self.new[target].anchor, -1) if target is not None else None
        found = self.blocks.get((section, position))
        return (self.new[found[0]].anchor, found[1]) if found else None

    def _old_index(self, anchor: str) -> int | None:
        return self._index.get(anchor)


def reanchor(old: list[TextSection], new: list[TextSection]) -> Reanchoring:
    """Match the paragraphs, then the sections, of two versions of a text."""
    result = Reanchoring(old, new)
    old_blocks, new_blocks = _flatten(old), _flatten(new)
    old_keys = [key for section in old for key in section.content_keys()]
    new_keys = [key for section in new for key in section.content_keys()]
    taken: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                result.blocks[old_blocks[i][0]] = new_blocks[j][0]
                taken.add(j)
        elif tag == "replace" and (i2 - i1) * (j2 - j1) <= FUZZY_MAX_PAIRS:
            _fuzzy(result, old_blocks[i1:i2], new_blocks, range(j1, j2), taken)
    _moved(result, old_blocks, old_keys, new_blocks, new_keys, taken)
    _match_sections(result)
    return result


def _flatten(sections: list[TextSection]) -> list[tuple[Block, str]]:
    return [
        ((s, p), text)
        for s, section in enumerate(sections)
        for p, text in enumerate(section.paragraphs)
    ]


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _fuzzy(
    result: Reanchoring,
    old_part: list[tuple[Block, str]],
    new_blocks: list[tuple[Block, str]],
    candidates: range,
    taken: set[int],
) -> None:
    """Pair lightly edited paragraphs in one unmatched stretch, keeping their order."""
    normal_new = {j: _normal(new_blocks[j][1]) for j in candidates}
    start = candidates.start
    for block, text in old_part:
        normal = _normal(text)
        best, score = None, FUZZY_MIN - 0.001
        for j in range(start, candidates.stop):
            similarity = fuzz.ratio(normal, normal_new[j])
            if similarity > score:
                best, score = j, similarity
        if best is not None:
            result.blocks[block] = new_blocks[best][0]
            result.edited.add(block)
            taken.add(best)
            start = best + 1


def _moved(
    result: Reanchoring,
    old_blocks: list[tuple[Block, str]],
    old_keys: list[str],
    new_blocks: list[tuple[Block, str]],
    new_keys: list[str],
    taken: set[int],
) -> None:
    """An unmatched old paragraph takes an unmatched new one with the same text."""
    free: dict[str, list[int]] = defaultdict(list)
    for j, key in enumerate(new_keys):
        if j not in taken:
            free[key].append(j)
    for i, key in enumerate(old_keys):
        block = old_blocks[i][0]
        if block not in result.blocks and free.get(key):
            result.blocks[block] = new_blocks[free[key].pop(0)][0]


def _match_sections(result: Reanchoring) -> None:
    """A title found once in each version pairs first; then an old section takes the free
    new one that received most of its paragraphs (a same title breaks ties); last, old
    sections left pair in order with free new ones of the same title (text replaced)."""
    old_titles = Counter(_normal(s.title) for s in result.old)
    new_by_title: dict[str, list[int]] = defaultdict(list)
    for n, section in enumerate(result.new):
        new_by_title[_normal(section.title)].append(n)
    used: set[int] = set()

    def pair(old: int, new: int) -> None:
        result.sections[old] = new
        used.add(new)

    for o, section in enumerate(result.old):
        title = _normal(section.title)
        if old_titles[title] == 1 and len(new_by_title.get(title, ())) == 1:
            pair(o, new_by_title[title][0])
    for o, counts in sorted(_votes(result).items()):
        title = _normal(result.old[o].title)
        ranked = sorted(
            (-count, _normal(result.new[n].title) != title, n)
            for n, count in counts.items()
            if n not in used
        )
        if ranked:
            pair(o, ranked[0][2])
    for o, section in enumerate(result.old):
        free = [n for n in new_by_title.get(_normal(section.title), ()) if n not in used]
        if o not in result.sections and free:
            pair(o, free[0])


def _votes(result: Reanchoring) -> dict[int, Counter[int]]:
    """For each old section not yet matched: how many of its paragraphs each new one holds."""
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    for (old, _paragraph), (new, _at) in result.blocks.items():
        if old not in result.sections:
            votes[old][new] += 1
    return votes


@dataclass(frozen=True)
class Revision:
    """What a re-import of a revised file kept and dropped of the learner's history."""

    paragraphs: dict[str, int]  # kept, edited, dropped, added
    sections_kept: int
    renamed: tuple[tuple[str, str], ...]  # (old title, new title)
    dropped_sections: tuple[tuple[str, str], ...]  # (old anchor, title)
    notes_kept: int = 0
    notes_moved: tuple[tuple[str, str], ...] = ()  # (removed section's title, new anchor)
    cards_kept: int = 0
    cards_retired: int = 0
    position: tuple[str, int, bool] | None = None  # new anchor, paragraph, same block?


def section_changes(result: Reanchoring) -> Revision:
    """The section part of a :class:`Revision` (the learner's rows are counted later)."""
    renamed = tuple(
        (result.old[o].title, result.new[n].title)
        for o, n in sorted(result.sections.items())
        if _normal(result.old[o].title) != _normal(result.new[n].title)
    )
    dropped = tuple((s.anchor, s.title) for s in result.dropped_sections())
    return Revision(result.counts(), len(result.sections), renamed, dropped)
