"""Sentences that do not stand alone: those that lean on the one before them (asked
with it), and those a semicolon cuts from the list a colon announced.

"That's 18% of the global discharge…" or 但外国银行的钞票这时就等于现银… says little
alone: what it speaks of is in the sentence before. Read with that sentence, it is a
fair place for a blank.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from studyapp.core.quiz.units import SectionText, Unit

_EN_PRONOUN = re.compile(
    r"^(?:Ah, )?(?:that )?(?:he|she|they|it|his|her|their|its)\b|^(?:So|Thus|Hence|Therefore)\b",
    re.I,
)
_EN_POINTS_BACK_START = re.compile(
    r"^(?:That['’]s|Such)\b|^The (?:same|latter|former)\b"
    r"|^(?:This|That|These|Those) (?:is|was|are|were|has|have|had|means|meant|shows)\b"
)
# A later sentence of a paragraph opening like this leans on the one before it.
_CONTINUES_ZH = re.compile(r"^(?:没有|对|但|并|其中|此外|同时|因此|所以|而|且|又|也|则|否则)")


def points_back(unit: Unit) -> bool:
    """Whether what the sentence speaks of is in the one before it."""
    text = unit.text.strip()
    if unit.language == "zh":
        return unit.index > 0 and bool(_CONTINUES_ZH.match(text))
    return bool(_EN_PRONOUN.match(text) or _EN_POINTS_BACK_START.match(text))


def previous(sections: tuple[SectionText, ...], unit: Unit) -> Unit | None:
    """The sentence before ``unit`` in its paragraph, if it has one."""
    if unit.index == 0:
        return None
    for section in sections:
        if section.anchor != unit.anchor:
            continue
        units = section.units
        at = bisect_left(units, unit.offset, key=attrgetter("offset"))
        if at == 0 or at >= len(units) or units[at].offset != unit.offset:
            return None
        before = units[at - 1]
        return before if before.paragraph == unit.paragraph else None
    return None


def joined(lead: Unit, unit: Unit) -> tuple[Unit, int]:
    """The two sentences as one unit, and how far ``unit``'s text moved in it."""
    gap = "" if unit.language == "zh" else " "
    shift = len(lead.text) + len(gap)
    starts = None
    if lead.starts is not None or unit.starts is not None or gap:
        own = lead.tagged.starts, unit.tagged.starts
        starts = own[0] + tuple(start + shift for start in own[1])
    emphasis = lead.emphasis + tuple((a + shift, b + shift) for a, b in unit.emphasis)
    combined = lead._replace(
        text=lead.text + gap + unit.text,
        words=lead.words + unit.words,
        tags=lead.tags + unit.tags,
        emphasis=emphasis,
        starts=starts,
    )
    return combined, shift


def opens_list(text: str) -> bool:
    """A colon that announces a list the semicolon cuts after its first item: 提出如下
    建议：把…；, 时事：例如…；"""
    return bool(_ANNOUNCED_LIST.search(text))


# 如下建议：…, 以下内容：…, the following: …; or a colon the first item opens (例如, 一是).
_ANNOUNCED_LIST = re.compile(
    r"(?:(?:如下|以下|下列|the following|as follows)[^：:，,。]{0,6}[：:]"
    r"|[：:]\s*(?:例如|比如|一是|一、|（一）|first\b|for example\b))[^“”\"]*$",
    re.I,
)
