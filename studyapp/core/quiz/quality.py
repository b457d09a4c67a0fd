"""Hard rules on what a question may be about: sentences that state something, specific
targets. Applied to every candidate before ranking; a rule broken here is never shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from studyapp.core.quiz.analysis import Blank
from studyapp.core.quiz.english import penn_tags
from studyapp.core.quiz.frequency import phrase_zipf, zipf
from studyapp.core.quiz.leads import opens_list, points_back
from studyapp.core.quiz.spans import NAME_KINDS
from studyapp.core.quiz.stopwords import EN_GENERIC, ZH_GENERIC
from studyapp.core.quiz.tagging import tag_zh
from studyapp.core.quiz.units import Unit

# Zipf frequency (log10 uses per billion words) from which a word is too general to test.
GENERAL_ZH = 4.6
GENERAL_EN = 4.3
GENERAL_EN_PHRASE = 5.0  # the rarest word of a phrase (bird song, sea ice)
_ENDS = ("。", "！", "!", ".", "；", ";", "…")
_CLOSERS = "”’\"')）」』】"
_LEAD_LABEL = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、)])"
)
_ITEM_MARKER_ZH = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])")
_QUESTION = ("？", "?")
_SUPPOSE = re.compile(
    r"^(?:如果|假如|假设|倘若|要是|若|设想|(?:Suppose|Imagine|If|Unless|Assume|Let's say)\b)", re.I
)
_COMMAND = re.compile(
    r"^(?:请|让我们|我们要"
    r"|(?:Let us|Let's|Let|Please|Do not|Don't|Never|Remember|Consider|Note)\b)",
    re.I,
)
_GREETING = re.compile(
    r"(?:谢谢|感谢|同志们|朋友们|女士们|先生们|Thank|Ladies and|My fellow|Dear )", re.I
)
_DEICTIC = re.compile(
    r"^(?:这|那|它|其|此|他|她|该|上述|前者|后者"
    r"|(?:They|It|This|These|That|Those|He|She|We|I|Their|Its|His|Her|Such|Both|Then)\b"
    r"|The (?:first|second|third|fourth|fifth|latter|former|same|other)\b)"
)
_QUOTED = re.compile(r"[“\"「『][^”\"」』]*[”\"」』]")
# A statement that guesses (也许…罢, perhaps) asserts nothing a reader could check.
_HEDGE = re.compile(
    r"(?:也许|或许|恐怕|大概|大约|似乎|未必|仿佛|罢[。！]?$"
    r"|\b(?:perhaps|maybe|probably|possibly|might|seems?|seemed)\b)",
    re.I,
)
# An opening that carries the argument on from the sentence before (至于…, So …).
_LINKED = re.compile(
    r"^(?:至于|但是|但|然而|可是|所以|因此|于是|况且|何况|虽然|虽"
    r"|(?:So|Thus|Hence|And|But|Yet|For|Therefore|Now|Nor|Or|However|Still|Instead|Moreover"
    r"|Furthermore|Besides|Meanwhile|Nevertheless|Nonetheless|Otherwise|Likewise|Similarly"
    r"|Consequently|Indeed|Also)\b)"
)
# 这样叫喊, 那些人, 外祖母和母亲也相信 (also, as someone else did): what they point at is
# in another sentence; 传闻说: a claim the text reports (and may refute), not its own.
_POINTS_BACK_ZH = re.compile(r"[这那](?:样|些|种)|^[^，。；：！？]{1,6}也(?!许)")
_HEARSAY_ZH = re.compile(r"传闻|据说|听说|有人说|传说")
# Words that point back to something the statement does not name (this purpose, them).
_POINTS_BACK_EN = re.compile(
    r"\b(?:this|these|those|such) (?!is\b|was\b|are\b|were\b)[a-z]+|\b(?:they|them)\b", re.I
)


def ends_as_sentence(text: str) -> bool:
    """Whether the text ends like a finished sentence or clause (not a label or a lead-in)."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_ENDS)


def quoted_share(text: str) -> float:
    """The share of the text inside quotation marks (dialogue, others' words)."""
    inside = sum(len(m.group()) for m in _QUOTED.finditer(text))
    opened = text.count("“") > text.count("”") or text.lstrip().startswith(("“", '"'))
    return 1.0 if opened else inside / max(len(text), 1)


def askable(unit: Unit) -> bool:
    """A sentence worth asking about at all: finished, complete in itself, not a question,
    not dialogue, not an item cut from a list, not leaning on the sentence before."""
    return complete(unit) and not points_back(unit)


@lru_cache(maxsize=65536)
def complete(unit: Unit) -> bool:
    """A finished sentence of a fair size that is not a question, dialogue, a list item or
    the middle of a sentence; it may still point back (:func:`points_back`)."""
    text = unit.text.strip()
    if not ends_as_sentence(text) or text.rstrip(_CLOSERS).endswith(_QUESTION):
        return False
    size = len(text) if unit.language == "zh" else len(text.split())
    low, high = (12, 120) if unit.language == "zh" else (7, 60)
    if not low <= size <= high or not balanced(text) or _dialogue(text, unit.language):
        return False
    if unit.spoken:
        return False  # a later sentence of someone's speech: dialogue too
    if text.endswith(("；", ";")) and (_item(text) or _leans_back(text) or opens_list(text)):
        return False  # （二）未将合格的…的； an item of a list; 虽然…却还有的； half a thought
    if unit.language == "zh":
        return True
    if not text[:1].isupper() and not text[:1].isdigit():
        return False  # "and not minors…": the middle of a sentence cut at a semicolon
    return not _open_single_quote(text)


_SAID_ZH = re.compile(r"(?:说|道|问|喊|叫|嚷|答)[，：:]“")  # 掌柜取下粉板说，“…”


def _dialogue(text: str, language: str) -> bool:
    """Mostly others' words. A Chinese sentence that says who speaks (掌柜说，“孔乙己还欠
    十九个钱呢！”) reports what was said, a fact of the story: its blanks may be asked
    (never as true or false: :func:`statement` wants the author's own words)."""
    share = quoted_share(text)
    if share < 0.5:
        return False
    return not (language == "zh" and share < 1.0 and _SAID_ZH.search(text))


def _item(text: str) -> bool:
    """An item cut from a list: （二）…； or 三是…； read alone, a fragment."""
    return bool(_LEAD_LABEL.match(text) or _ITEM_MARKER_ZH.match(text))


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(—]))['‘]")
_SINGLE_CLOSE = re.compile(r"['’](?=$|[\s.,;:!?)—])")


def _open_single_quote(text: str) -> bool:
    """A single quotation opened and not closed (``say to him, 'Go love thy infant;``), or
    closed and not opened (``Thy love afar is spite at home.'``): part of a quotation."""
    return len(_SINGLE_OPEN.findall(text)) != len(_SINGLE_CLOSE.findall(text))


def _leans_back(text: str) -> bool:
    return bool(_LINKED.match(text) or _HEDGE.search(text) or "这样" in text)


def balanced(text: str) -> bool:
    """Quotation marks and brackets open and close inside the sentence."""
    pairs = ("“”", "《》", "（）", "()", "「」")
    even = all(text.count(pair[0]) == text.count(pair[1]) for pair in pairs)
    return even and text.count('"') % 2 == 0


def statement(unit: Unit) -> bool:
    """A proposition fit for true or false: not a heading item, supposition, command,
    greeting, quotation, guess, half sentence, or a sentence that leans on the one before
    (a pronoun subject, a linking opening, in English "this purpose" or "they")."""
    text = unit.text.strip()
    if not askable(unit) or _LEAD_LABEL.match(text):
        return False
    if _SUPPOSE.match(text) or _COMMAND.match(text) or _GREETING.search(text):
        return False
    if _DEICTIC.match(text) or quoted_share(text) >= 0.2:
        return False
    if text.endswith(("；", ";")) or _LINKED.match(text) or _HEDGE.search(text):
        return False  # half a sentence, a link in an argument, or a guess
    if unit.language == "en" and (_POINTS_BACK_EN.search(text) or _imperative(unit)):
        return False
    if unit.language == "zh" and (_POINTS_BACK_ZH.search(text) or _HEARSAY_ZH.search(text)):
        return False
    return has_verb(unit)


def _imperative(unit: Unit) -> bool:
    """An English sentence opening on a bare verb (Accept…, Speak…) is a command."""
    tags = penn_tags(unit.words[:3])
    return bool(tags) and tags[0] == "VB"


FINITE_EN = frozenset({"VBZ", "VBP", "VBD", "MD"})
VERBS_ZH = frozenset({"v", "vd", "vi", "vshi", "vyou", "vf", "vx"})


def has_verb(unit: Unit) -> bool:
    """Whether a sentence has a verb: a clause, not a caption or a list item."""
    if unit.language == "zh":
        return any(tag in VERBS_ZH for tag in unit.tags)
    inside = [m.span() for m in _BRACKETED.finditer(unit.text)]  # (all … found in …), 37%
    tagged = unit.tagged
    tags = penn_tags(unit.words)
    return any(
        tag in FINITE_EN and not any(a <= start < b for a, b in inside)
        for tag, start in zip(tags, tagged.starts, strict=True)
    )


_BRACKETED = re.compile(r"\([^()]*\)")


def specific(term: str, kind: str, language: str, tags: tuple[str, ...] | None = None) -> bool:
    """A target a teacher would test: a name, or a term rarer than everyday words.

    Args:
        term: the blanked text.
        kind: its kind (``person``, ``place``, ``term``…).
        language: ``zh`` or ``en``.
        tags: the term's words' tags in its sentence (jieba tags a word alone poorly).
    """
    if kind in NAME_KINDS:
        return True
    if language == "zh":
        return _specific_zh(term, tags)
    words = term.casefold().split()
    if term.casefold() in EN_GENERIC or not words:
        return False
    if len(words) == 1:
        return zipf(words[0], "en") < GENERAL_EN
    return phrase_zipf(words, "en") < GENERAL_EN_PHRASE


FUNCTION_ZH = frozenset("的了是在和与及或也都就对向从到于以为把被让给将各每这那其之而并")
GLUED = 3.5  # a two-character word across a blank's edge at least this common cuts a word
_OPENERS, _SHUTTERS = "“《（(「『【", "”》）)」』】"


def cut_inside(text: str, start: int, end: int, material: str) -> bool:
    """Whether ``text[start:end]`` cuts a word, a bracketed or quoted span, or a phrase the
    material always uses whole (``供给侧|结构性改革``, ``开|创新局面``).

    Args:
        text: the sentence (Chinese).
        start: the blank's start.
        end: the blank's end.
        material: the whole material's text, to count how phrases recur.
    """
    if _always_with_neighbour(text, start, end, material):
        return True  # first: a few cached strings to compare (a book's terms recur)
    if _inside_brackets(text, start, end):
        return True
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and before not in FUNCTION_ZH and zipf(before + text[start], "zh") >= GLUED:
        return True
    if after and after not in FUNCTION_ZH and zipf(text[end - 1] + after, "zh") >= GLUED:
        return True
    return after == text[end - 1] or bool(before and before == text[start])  # 沉垫|垫


def _inside_brackets(text: str, start: int, end: int) -> bool:
    """A blank inside a quoted or bracketed span must be the whole span."""
    for opener, shutter in zip(_OPENERS, _SHUTTERS, strict=True):
        left = text.rfind(opener, 0, start)
        if left < 0 or text.rfind(shutter, 0, start) > left:
            continue
        right = text.find(shutter, end)
        if right >= 0 and (left + 1, right) != (start, end):
            return True
    return False


def _always_with_neighbour(text: str, start: int, end: int, material: str) -> bool:
    left, right = _glued_neighbours(material, text[start:end])
    return any(text[max(start - len(part), 0) : start] == part for part in left) or any(
        text[end : end + len(part)] == part for part in right
    )


def always_cut(material: str, term: str) -> bool:
    """Whether :func:`cut_inside` holds at every use of ``term`` in ``material``: a
    neighbour glues onto all of them (each use is one of those counted)."""
    left, right = _glued_neighbours(material, term)
    return bool(left or right)


@lru_cache(maxsize=65536)
def _glued_neighbours(material: str, term: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The constant neighbours of a term (:func:`_constant_neighbours`) that glue onto
    it: worked out once a term, not at each of its uses."""
    left, right = _constant_neighbours(material, term)
    return tuple(sorted(p for p in left if _glued(p))), tuple(sorted(p for p in right if _glued(p)))


@lru_cache(maxsize=65536)
def _constant_neighbours(material: str, term: str) -> tuple[frozenset[str], frozenset[str]]:
    """The one to three characters every use of a recurring term has before it, and after
    it: ``供给侧`` before ``结构性改革`` when the material never says it otherwise."""
    places = occurrences(material, term)
    if len(places) < 2:
        return frozenset(), frozenset()
    stop = len(term)
    left: set[str] = set()
    right: set[str] = set()
    for size in (1, 2, 3):  # a longer neighbour is constant only if the shorter one is
        found = _constant(material[max(p - size, 0) : p] for p in places)
        if not found:
            break
        left.update(found)
    for size in (1, 2, 3):
        found = _constant(material[p + stop : p + stop + size] for p in places)
        if not found:
            break
        right.update(found)
    return frozenset(left), frozenset(right)


def _constant(parts: Iterator[str]) -> tuple[str, ...]:
    """The one value all the parts have, or none (from the first that differs on)."""
    first = next(parts)
    return (first,) if all(part == first for part in parts) else ()


@lru_cache(maxsize=65536)
def occurrences(material: str, term: str) -> tuple[int, ...]:
    """Where ``term`` starts in the material (one scan a term, then cached)."""
    found = []
    at = material.find(term)
    while at >= 0:
        found.append(at)
        at = material.find(term, at + 1)
    return tuple(found)


def _glued(neighbour: str) -> bool:
    """Word characters that are not all function characters: part of a phrase."""
    return neighbour.isalnum() and not FUNCTION_ZH.issuperset(neighbour)


NOUN_END_ZH = frozenset({"n", "nz", "nr", "ns", "nt", "nrt", "nrfg", "j", "ng", "vn", "l", "eng"})
NOT_START_ZH = frozenset({"v", "p", "c", "u", "uj", "d", "r", "m", "q", "f", "ad", "vd"})


def _specific_zh(term: str, context: tuple[str, ...] | None = None) -> bool:
    """A Chinese noun term rarer than everyday words; a phrase of everyday words
    (政府工作, 改革发展) is everyday too."""
    if term in ZH_GENERIC or len(term) < 2:
        return False
    tagged = tag_zh(term)
    tags = context if context else tagged.tags
    if tags[-1] not in NOUN_END_ZH or tags[0] in NOT_START_ZH:
        return False  # a verb (重塑), or a phrase opening with one (赞颂中国), or 于北魏
    if len(tags) == 1 and tags[0] == "vn":
        return False  # 变造, 印制: a verb used as a noun is still an action
    listed = zipf(term, "zh")
    if listed > 0 or len(tagged.words) == 1:
        return listed < GENERAL_ZH
    parts = [word for word in tagged.words if len(word) > 1] or list(tagged.words)
    return min(zipf(word, "zh") for word in parts) < GENERAL_ZH


RARE_EN = 3.5  # a word used once in the material must be at least this rare to be tested


def gives_itself_away(text: str, start: int, end: int, language: str) -> bool:
    """Whether a part of the answer stands elsewhere in the sentence (``particular ray``
    after "one ray"): the blank then tests only what is left."""
    rest = text[:start] + " " + text[end:]
    answer = text[start:end]
    if language == "zh":
        parts = [w for w in tag_zh(answer).words if len(w) > 1]
        return len(parts) > 1 and any(part in rest for part in parts)
    words = [w for w in re.findall(r"[A-Za-z]+", answer) if len(w) >= 3]
    lowered = rest.casefold()
    return len(words) > 1 and any(re.search(rf"\b{w.casefold()}\b", lowered) for w in words)


RARE_ZH = 2.8  # the same for Chinese (研究室 3.6, 乡下人 3.2 have near-synonyms that fit)


def recurs_or_rare(blank: Blank, material: str) -> bool:
    """A single-word term must recur in the material or be rare in its language: a word
    used once and common (devotion, 研究室) has synonyms that fit the blank as well."""
    if blank.kind in NAME_KINDS:
        return True
    if blank.unit.language == "zh":
        return len(occurrences(material, blank.text)) >= 2 or zipf(blank.text, "zh") < RARE_ZH
    if " " in blank.text:
        return True
    return uses_en(material, blank.text.casefold()) >= 2 or zipf(blank.text, "en") < RARE_EN


@lru_cache(maxsize=65536)
def uses_en(material: str, word: str) -> int:
    return len(re.findall(rf"\b{re.escape(word)}\b", _folded(material)))


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return text.casefold()


CONTEXT = {"zh": 10, "en": 6}  # characters / words a blank's sentence keeps around it
# A Chinese cloze, with no options or unit to narrow it, needs more: of 18 judged tuning
# blanks with under 16 characters around them, 7 were accepted (71% of the rest).
CLOZE_CONTEXT_ZH = 16


def enough_context(text: str, start: int, end: int, language: str, cloze: bool = False) -> bool:
    """Whether the sentence around a blank is long enough to pin the answer down
    (``本条例自____起施行。`` is not: any date fits; ``前面已经是____。`` is not: any
    place fits). ``cloze``: a word to type, with no options or unit to narrow it."""
    rest = text[:start] + text[end:]
    if language == "zh":
        least = CLOZE_CONTEXT_ZH if cloze else CONTEXT["zh"]
        return sum(ch.isalnum() for ch in rest) >= least
    return len(rest.split()) >= CONTEXT["en"]
