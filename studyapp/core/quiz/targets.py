"""Target rules that look past the word itself: tagger slips around a Chinese blank, the
word a whole material is about, and English describing phrases."""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.core.quiz.english import penn_tags
from studyapp.core.quiz.quality import FUNCTION_ZH, occurrences, uses_en
from studyapp.core.quiz.units import Unit

_SLIP_TAGS = frozenset({"zg", "ng", "g", "x"})  # a lone character jieba could not place
_PREPOSITIONS_ZH = tuple("于在从向对自")
_DEMONSTRATIVES_ZH = tuple("那这哪该此其")
_ADVERBS_ZH = tuple("才就也都又还便")
_LOCATIVES_ZH = tuple("里上中内外边")
_DISTANCES_ZH = ("公里", "千里", "万里", "英里", "海里")


def tokenizer_slip(unit: Unit, start: int, end: int, material: str = "") -> bool:
    """Whether a Chinese blank stands on a tagger slip: a name glued to its preposition
    (``于北魏``), a demonstrative or an adverb (``那马``, ``马才``), a place to its locative
    (``祖师庙里`` where the material says ``祖师庙``), or cut from characters jieba left
    unplaced (``鹤见|祐|辅氏``)."""
    text = unit.text[start:end]
    if len(text) > 2 and text.startswith(_PREPOSITIONS_ZH):
        return True
    if text.startswith("之"):  # 平民|之音: the particle binds to the word before the blank
        return True
    if text.startswith(_DEMONSTRATIVES_ZH) or text.endswith(_ADVERBS_ZH):
        return True
    if len(text) > 2 and text.endswith(_LOCATIVES_ZH) and _said_without(material, text):
        return True
    tagged = unit.tagged
    for word, tag, at in zip(tagged.words, tagged.tags, tagged.starts, strict=True):
        touches = at + len(word) == start or at == end
        if touches and word.isalnum() and (tag in _SLIP_TAGS or _glued_modifier(word, tag)):
            return True
    return False


_MODIFIER_TAGS = frozenset({"n", "a", "b", "ng", "nr", "ns"})


def _glued_modifier(word: str, tag: str) -> bool:
    """A one-character noun or adjective against the blank (``木|箱子``, ``泥坑|子``), or
    a bare numeral (``八|公公``, a name; a count would have its measure word between): part
    of the same word, which the blank then cuts."""
    if len(word) != 1:
        return False
    if tag == "m" and word in _BARE_NUMERALS:
        return True
    return tag in _MODIFIER_TAGS and word not in FUNCTION_ZH


_BARE_NUMERALS = frozenset("一二三四五六七八九十两")


def _said_without(material: str, text: str) -> bool:
    """Whether the material never uses the term but as the place it is in: ``祖师庙`` only
    ever in ``祖师庙里``, or more often alone. Distances (公里, 英里) are words."""
    if text.endswith(_DISTANCES_ZH):
        return False
    return len(occurrences(material, text[:-1])) >= len(occurrences(material, text))


TOPIC_SHARE = 0.75  # a term in this share of the material's sentences is its topic
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.;])\s")


def topic_of(material: str, term: str) -> bool:
    """Whether ``term`` is what nearly every sentence of the material is about (NASA in a
    NASA notice): the default guess for any blank, so it tests nothing."""
    sentences = _sentences(material)
    needed = TOPIC_SHARE * len(sentences)
    if len(sentences) < 8 or len(occurrences(material, term)) < needed:
        return False
    return sum(term in sentence for sentence in sentences) >= needed


@lru_cache(maxsize=4)
def _sentences(material: str) -> tuple[str, ...]:
    return tuple(part for part in _SENTENCE_END.split(material) if len(part.strip()) > 3)


# Adjectives that classify (civil liberties, medical care, divine idea) make a term; ones
# that describe (immediate improvement, ready cash, stimulating effort) make a phrase any
# near-synonym completes. English marks the classifying ones by these endings.
_CLASSIFYING = ("al", "ic", "ine", "an", "ary", "ory", "il", "ile", "ese", "ish")


def describing_phrase(term: str, material: str) -> bool:
    """Whether an English two-word blank is a describing adjective or participle on a
    noun, used once in the material: no term, just words a reader could vary."""
    words = tuple(term.split())
    if len(words) != 2 or uses_en(material, term.casefold()) >= 2:
        return False
    first = penn_tags(words)[0]
    if first in ("VBG", "VBN"):
        return True
    return first == "JJ" and not words[0].casefold().endswith(_CLASSIFYING)


_CAPITAL_WORD = re.compile(r"[A-Z][\w’'-]*")
_WORD_BEFORE = re.compile(r"([\w’'-]+)[ -]$")
_WORDS_BEFORE_JOINED = re.compile(r"[A-Z][\w’'-]* [A-Z][\w’'-]* (?:and|&) $")  # Surface Water and
_WORD_AFTER = re.compile(r"[ -]([\w’'-]+)")
_ACRONYM_AFTER = re.compile(r" ?\([A-Z][A-Za-z]*[A-Z]\)")
_SAYS = re.compile(r"^,? (?:said|says|added|explained|noted|told)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|according to)[ ,]*$")


_SHORT_FORM = re.compile(r",? or (?:the )?([A-Z][A-Za-z]+)\b")


def _short_form_after(answer: str, after: str) -> bool:
    """``____, or Mastcam``: the short form the text gives right after spells the answer's
    start (or is its acronym)."""
    match = _SHORT_FORM.match(after)
    if match is None:
        return False
    short = match.group(1)
    initials = "".join(word[:1] for word in answer.split()).upper()
    if short.isupper():
        return short == initials
    return short[:3].casefold() == answer[:3].casefold()


def _name_word(word: str) -> bool:
    """A capitalised word that may be part of the same name (not ``I``, not ``NASA’s``)."""
    return bool(_CAPITAL_WORD.fullmatch(word)) and word != "I" and not word.endswith(("’s", "'s"))


def cuts_name_en(text: str, start: int, end: int) -> bool:
    """Whether an English blank takes part of a name (``Death ____``, ``Surface Water and
    ____``), the words an acronym or short form after it spells out (``____ (KaRIn)``,
    ``____, or Mastcam``), or only the
    speaker of a quotation (``…, ____ said``): the rest of the name or the acronym gives
    it away, and a speaker tag tests nothing."""
    before, after = text[:start], text[end:]
    previous = _WORD_BEFORE.search(before)
    if previous and previous.start() > 0 and _name_word(previous.group(1)):
        return True
    if text[start:end][:1].isupper() and _WORDS_BEFORE_JOINED.search(before):
        return True
    following = _WORD_AFTER.match(after)
    if following and _name_word(following.group(1)):
        return True
    if _ACRONYM_AFTER.match(after) or _short_form_after(text[start:end], after):
        return True
    return bool(_SAYS.match(after) or _SAID_BEFORE.search(before))


# Up to three words of a unit may stand between a figure and its conversion: 176
# billion tons (160 billion metric tons), 5.8 million square miles (15.01 …).
_UNIT_WORDS = r"(?:\s*[^\s()（）\d，。；：、,;:]{1,20}){0,3}?"
_CONVERSION_AFTER = re.compile(_UNIT_WORDS + r"\s*[（(]\s*(?:about|around|roughly|or|约)?\s*\d")
_CONVERSION_AROUND = re.compile(
    r"\d[\d.,]*" + _UNIT_WORDS + r"\s*[（(]\s*(?:about|or|约)?\s*$"
)


_CONVERSION = re.compile(
    _UNIT_WORDS + r"(\s*[（(]\s*(?:about|around|roughly|or|约)?\s*\d[^()（）]*[)）])"
)


def conversion_to_drop(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where a figure's value in other units stands right after it, ``6 miles (10
    kilometers)``, to leave out of the prompt when the figure is asked; None when there is
    none, or the figure is itself the conversion."""
    if _CONVERSION_AROUND.search(text[:start]):
        return None
    match = _CONVERSION.match(text, end)
    return match.span(1) if match else None


def converted(text: str, start: int, end: int) -> bool:
    """Whether a figure's value stands beside it in other units, ``3 feet (1 meter)``:
    asked, the conversion gives it away; changed, the two no longer agree."""
    return bool(_CONVERSION_AFTER.match(text, end) or _CONVERSION_AROUND.search(text[:start]))
