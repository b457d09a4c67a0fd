"""A material read once: sentences, key-term scores, lazily found blanks, enumerations."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from threading import Lock

from studyapp.core.materials import Section
from studyapp.core.quiz.distractors import TermPool, build_pool
from studyapp.core.quiz.enumerations import Enumeration, find_enumerations
from studyapp.core.quiz.figures import Figure, figures_in, is_spoken
from studyapp.core.quiz.keyterms import LABEL_SHARE, SECOND_BLANK_SHARE, KeyTerms
from studyapp.core.quiz.numerals_en import SPELLED
from studyapp.core.quiz.outline import find_outlines
from studyapp.core.quiz.scoring import Terms, score_terms
from studyapp.core.quiz.spans import (
    NAME_KINDS,
    QUOTED_KINDS,
    phrase_prefixes,
    quoted_spans,
    term_spans,
)
from studyapp.core.quiz.stats import TermStats, specificity
from studyapp.core.quiz.stopwords import ZH_GENERIC
from studyapp.core.quiz.streams import Blank, Blanks, BlankStream, Waiting, tightened
from studyapp.core.quiz.terms import (
    TermSpan,
)
from studyapp.core.quiz.units import SectionText, Unit, read_section

__all__ = ["Blank", "Reading", "counted", "read_material"]

KEY_TERM_SHARE = 0.08  # a key term scores at least this share of the material's best
MAX_BLANKS_PER_SENTENCE = 2
QUOTED_SCORE = 0.6  # a title or quoted term: the author marked it, whatever its frequency
_QUOTE_MARKS = ("“", "《")
FIGURE_WEIGHT = {"percent": 0.9, "count": 0.8, "year": 0.6, "ordinal": 0.4}
_DIGIT = re.compile(r"\d")  # with 百分之, a hint of a figure
_SPOKEN = re.compile("[两三四五六七八九十][^。！？]?[个匹条岁年里家位名天人只头座所间本]")  # 七匹马
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_DEICTIC = ("这", "那", "它", "其", "此", "他", "她", "This ", "These ", "It ", "They ", "That ")


@dataclass(frozen=True)
class Reading:
    """Everything the question builders need to know about one material."""

    material_id: str
    sections: tuple[SectionText, ...]
    blanks: Blanks = field(compare=False)
    enumerations: tuple[tuple[SectionText, Enumeration], ...]
    pool: TermPool
    scores: Mapping[str, float]
    full_text: str = field(default="", compare=False, repr=False)  # every sentence, joined


def read_material(
    sections: Sequence[Section], material_id: str, stats: TermStats | None, *, tight: bool = True
) -> Reading:
    """Tag every sentence once, score the terms, and line up blanks and enumerations.

    The reading is kept for the next quiz on the same text with the same library
    statistics (a learner's second quiz, another section's): only the streams of
    blanks start afresh.

    Args:
        sections: the material's sections.
        material_id: its id.
        stats: library statistics, or ``None`` to use the material's own sections.
        tight: term blanks from tight bounds (:class:`TightStream`; the same blanks in
            the same order, from fewer sentences worked out).

    Returns:
        The material, read; its blanks are found as they are asked for.
    """
    read = _analysed(sections, material_id, stats)
    blanks = Blanks(
        (tight and tightened(list(read.term_waiting), read.term_blanks, read.key_terms))
        or BlankStream(list(read.term_waiting), read.term_blanks),
        BlankStream(list(read.figure_waiting), read.figure_blanks),
        read.key_terms,
    )
    return Reading(
        material_id,
        read.texts,
        blanks,
        read.enumerations,
        read.pool,
        read.terms.scores,
        read.full_text,
    )


@dataclass
class _Analysis:
    """What a quiz needs of a material before any blank is asked for; kept between quizzes.

    The blanks of each sentence are kept too, once worked out (by ``id`` of the sentence,
    which the analysis holds): two streams, or two quizzes, read one sentence.
    """

    texts: tuple[SectionText, ...]
    terms: Terms
    term_waiting: tuple[tuple[float, int, Unit, float], ...]
    figure_waiting: tuple[tuple[float, int, Unit, float], ...]
    key_terms: KeyTerms
    pool: TermPool
    enumerations: tuple[tuple[SectionText, Enumeration], ...]
    full_text: str
    phrase_starts: frozenset[str]
    key: frozenset[str]
    worked_out: dict[int, list[Blank]] = field(default_factory=dict)
    figures_found: dict[int, list[Blank]] = field(default_factory=dict)

    def term_blanks(self, unit: Unit, quality: float) -> list[Blank]:
        """A sentence's term blanks, worked out once."""
        found = self.worked_out.get(id(unit))
        if found is not None:
            return found
        terms = self.terms
        spans = terms.english.get(id(unit))
        if spans is None:
            spans = term_spans(unit, terms.phrases, self.phrase_starts, self.key)
            spans += quoted_spans(unit.text)
        found = self.worked_out[id(unit)] = _term_blanks(unit, spans, terms.scores, quality)
        return found

    def figure_blanks(self, unit: Unit, quality: float) -> list[Blank]:
        """A sentence's figure blanks, worked out once."""
        found = self.figures_found.get(id(unit))
        if found is None:
            found = self.figures_found[id(unit)] = _figure_blanks(unit, quality)
        return found


_KEPT_READINGS = 2  # the materials read last: a book's analysis is some megabytes
_READINGS: dict[tuple[str, str], tuple[TermStats | None, _Analysis]] = {}
_READINGS_LOCK = Lock()


def _analysed(sections: Sequence[Section], material_id: str, stats: TermStats | None) -> _Analysis:
    """The kept analysis of these sections with these statistics, or a new one."""
    key = (material_id, _fingerprint(sections))
    with _READINGS_LOCK:
        kept = _READINGS.get(key)
    if kept is not None and kept[0] is stats:
        return kept[1]
    analysis = _analyse(sections, stats)
    with _READINGS_LOCK:
        _READINGS.pop(key, None)
        while len(_READINGS) >= _KEPT_READINGS:
            del _READINGS[next(iter(_READINGS))]
        _READINGS[key] = (stats, analysis)
    return analysis


def _fingerprint(sections: Sequence[Section]) -> str:
    """What the analysis depends on: every section's anchor, title, level and text."""
    digest = hashlib.blake2b(digest_size=16)
    for section in sections:
        digest.update(f"\x1d{section.anchor}\x1f{section.title}\x1f{section.level}".encode())
        for paragraph in section.paragraphs:
            digest.update(f"\x1e{paragraph.kind}\x1f{paragraph.depth}\x1f{paragraph.text}".encode())
            digest.update(repr(paragraph.spans).encode())
    return digest.hexdigest()


def _analyse(sections: Sequence[Section], stats: TermStats | None) -> _Analysis:
    texts = tuple(read_section(section) for section in sections)
    units = [unit for text in texts for unit in text.units]
    terms = score_terms(texts, units, sections, stats)
    # A span below this share never becomes a blank, so only key terms are looked at.
    key = frozenset(term for term, score in terms.scores.items() if score >= KEY_TERM_SHARE)
    term_waiting, figure_waiting = _waiting(units, terms)
    return _Analysis(
        texts=texts,
        terms=terms,
        term_waiting=tuple(term_waiting),
        figure_waiting=tuple(figure_waiting),
        key_terms=KeyTerms.of(terms.scores, key, terms.phrases, terms.bound),
        pool=TermPool(
            build_pool(_key_terms(terms.scores), terms.kinds), _library_pool(stats, terms)
        ),
        enumerations=(
            *find_outlines(texts),
            *((text, e) for text in texts for e in find_enumerations(text)),
        ),
        full_text=_canonical("\n".join(unit.text for unit in units)),
        phrase_starts=phrase_prefixes(terms.phrases),
        key=key,
    )


_TEXTS: dict[str, str] = {}  # the material texts read lately, each as one object
_KEPT_TEXTS = 4
_TEXTS_LOCK = Lock()  # quizzes may be made in two workers at once


def _canonical(text: str) -> str:
    """The object already made for this text, if any: the checks cache their findings
    per material text, and a cache hit on an equal text of another object compares all
    of it, a book's worth of characters at every lookup of every candidate."""
    with _TEXTS_LOCK:
        kept = _TEXTS.get(text)
        if kept is not None:
            return kept
        if len(_TEXTS) >= _KEPT_TEXTS:
            del _TEXTS[next(iter(_TEXTS))]
        _TEXTS[text] = text
        return text


# -- blanks -----------------------------------------------------------------------------


def _waiting(units: Sequence[Unit], terms: Terms) -> tuple[Waiting, Waiting]:
    """Sentences that may hold a term blank, and those that may hold a figure, each with
    an upper bound on the score of its best blank of that sort (negated, for a heap)."""
    bound, english = terms.bound, terms.english
    bounded = bound.keys()  # a sentence's best is that of its words found here (or 0)
    for_terms: Waiting = []
    for_figures: Waiting = []
    for sequence, unit in enumerate(units):
        quality = sentence_quality(unit)
        if quality <= 0:
            continue
        if unit.language != "zh":
            found = bounded & {span.text.casefold() for span in english.get(id(unit), ())}
        else:
            found = bounded & unit.words
        best = max(map(bound.__getitem__, found)) if found else 0.0
        if unit.language == "zh" and any(mark in unit.text for mark in _QUOTE_MARKS):
            best = max(best, QUOTED_SCORE)
        if best >= KEY_TERM_SHARE:
            for_terms.append((-(best * quality), sequence, unit, quality))
        text = unit.text
        spoken = _SPOKEN if unit.language == "zh" else SPELLED
        if "百分之" in text or _DIGIT.search(text) or spoken.search(text):
            for_figures.append((-(_figure_bound(text) * quality), sequence, unit, quality))
    return for_terms, for_figures


def _figure_bound(text: str) -> float:
    if "%" in text or "％" in text or "百分之" in text:
        return FIGURE_WEIGHT["percent"]
    return FIGURE_WEIGHT["count"]


def _term_blanks(
    unit: Unit, spans: Iterable[TermSpan], scores: Mapping[str, float], quality: float
) -> list[Blank]:
    get = scores.get
    if unit.language == "zh":
        scored = [(_zh_score(get(span.text, 0.0), span), span) for span in spans]
    else:
        scored = [(get(span.text.casefold(), 0.0) * span.fit, span) for span in spans]
    scored = [(_as_label(unit, span, score), span) for score, span in scored]
    scored = [pair for pair in scored if pair[0] >= KEY_TERM_SHARE]
    scored.sort(key=itemgetter(0), reverse=True)
    chosen: list[Blank] = []
    for score, span in scored:
        if len(chosen) >= MAX_BLANKS_PER_SENTENCE or score < scored[0][0] * SECOND_BLANK_SHARE:
            break
        if unit.text.count(span.text) != 1 or any(_overlap(span, b) for b in chosen):
            continue
        score *= _one_answer(span, unit.language)
        chosen.append(Blank(unit, span.start, span.end, span.text, span.kind, score * quality))
    return chosen


def _zh_score(score: float, span: TermSpan) -> float:
    if span.kind in QUOTED_KINDS:
        return max(score, QUOTED_SCORE)
    return score * span.fit


SHORT_WORD = 0.6  # two Chinese characters or one English word: other words often fit too


def _one_answer(span: TermSpan, language: str) -> float:
    """How likely a blank has one right answer: names and longer terms leave less room for
    a synonym (judged on the tuning texts: 现银 or 银元, devotion or loyalty)."""
    if span.kind in NAME_KINDS:
        return 1.0
    short = len(span.text) <= 2 if language == "zh" else " " not in span.text
    return SHORT_WORD if short else 1.0


def _as_label(unit: Unit, span: TermSpan, score: float) -> float:
    """Half the score for a term used as a lead label (``小组备注：…``): a weak blank."""
    labelled = span.start == 0 and unit.text[span.end : span.end + 1] in ("：", ":")
    return score * LABEL_SHARE if labelled else score


def _overlap(span: TermSpan, blank: Blank) -> bool:
    return span.start < blank.end and blank.start < span.end


def _figure_blanks(unit: Unit, quality: float) -> list[Blank]:
    found = figures_in(unit.text, unit.language)
    if not found:
        return []
    numbers = _NUMBER.findall(unit.text)
    best = None
    for figure in found:
        if is_spoken(figure):
            if figure.value < SPOKEN_MIN or unit.text.count(figure.number) != 1:
                continue
            if not counted(unit, figure):
                continue
        elif numbers.count(figure.number.rstrip("%％")) != 1 and not figure.number.startswith("百"):
            continue
        score = FIGURE_WEIGHT[figure.kind] * quality
        if best is None or score > best.score:
            best = Blank(unit, figure.start, figure.end, figure.number, "figure", score, figure)
    return [best] if best else []


_COUNT_TAGS = frozenset({"m", "mq", "q"})
# Counts under ten written in words were incidental detail on the tuning texts (七匹马,
# 八岁, five minutes' walk: 5 of 6 rejected); 二十四岁, 三百年前 were kept.
SPOKEN_MIN = 10


def counted(unit: Unit, figure: Figure) -> bool:
    """Whether the tagger reads a figure in Chinese numerals as a count: its words start
    where it starts and are numerals or measure words (十字街 and 三番五次 are not)."""
    if unit.language != "zh":
        return True  # a spelled English count is matched on word boundaries
    tagged = unit.tagged
    for start, word, tag in zip(tagged.starts, tagged.words, tagged.tags, strict=True):
        if start == figure.start:
            return tag in _COUNT_TAGS and start + len(word) <= figure.end + len(figure.unit)
        if start > figure.start:
            break
    return False


def sentence_quality(unit: Unit) -> float:
    """How good a sentence is to ask about, from 0 (never) to about 1.

    Too short or too long sentences, questions, lead-ins ending in a colon, and
    sentences that lean on the one before (``这``, ``它``…) score lower; the first
    sentence of a paragraph a little higher.
    """
    text = unit.text
    size = len(text) if unit.language == "zh" else len(text.split()) * 2
    if size < 8 or size > 220:
        return 0.0
    quality = 1.0 if 12 <= size <= 80 else 0.8 if size <= 130 else 0.55
    if text.rstrip("”\"')）").endswith(("？", "?")):
        quality *= 0.35
    if text.endswith(("：", ":")):
        quality *= 0.5
    if text.startswith(_DEICTIC):
        quality *= 0.75
    if unit.index > 0:
        quality *= 0.92
    return quality


def _key_terms(scores: Mapping[str, float]) -> dict[str, float]:
    return {term: score for term, score in scores.items() if score >= KEY_TERM_SHARE / 2}


def _library_pool(stats: TermStats | None, terms: Terms) -> dict[str, tuple[str, ...]]:
    if stats is None:
        return {}
    candidates = {
        term: stats.df.get(term, 0) * specificity(term)
        for term in stats.kinds
        if term not in terms.scores and term not in ZH_GENERIC and specificity(term) > 0.55
    }
    return build_pool(candidates, stats.kinds)
