"""A material read once: sentences, key-term scores, lazily found blanks, enumerations."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter

from studyapp.core.materials import Section
from studyapp.core.quiz.distractors import TermPool, build_pool
from studyapp.core.quiz.enumerations import Enumeration, find_enumerations
from studyapp.core.quiz.figures import Figure, figures_en, figures_zh
from studyapp.core.quiz.phrases import Gram, accept_phrases, count_grams, token_grams
from studyapp.core.quiz.spans import (
    blankable_zh,
    english_nouns,
    phrase_prefixes,
    term_spans,
    zh_kind,
)
from studyapp.core.quiz.stats import TermStats, in_dictionary, specificity
from studyapp.core.quiz.stopwords import EN_GENERIC, ZH_GENERIC
from studyapp.core.quiz.tagging import language_of, tag_sentence
from studyapp.core.quiz.terms import (
    NOUN_POS,
    PHRASE_POS,
    TermSpan,
    en_phrase_candidates,
    repeated_phrases,
)
from studyapp.core.quiz.units import SectionText, Unit, read_section

KEY_TERM_SHARE = 0.08  # a key term scores at least this share of the material's best
REFERENCE_SCORE = 1.0  # ...or of this, in a short text where even the best word is weak
MAX_BLANKS_PER_SENTENCE = 2
LABEL_SHARE = 0.5
SECOND_BLANK_SHARE = 0.6  # a second blank in a sentence must be nearly as good as the first
POS_WEIGHT = {"person": 1.2, "place": 1.2, "org": 1.2, "phrase": 1.2, "vn": 0.6, "latin": 0.6}
POS_WEIGHT |= {"j": 0.8, "l": 0.7, "an": 0.6, "name": 1.1}
FIGURE_WEIGHT = {"percent": 0.9, "count": 0.8, "year": 0.6, "ordinal": 0.4}
GUESSED_ONCE = 0.3  # weight of a word jieba's HMM made up, seen once: 新入(职)
_HAN_START = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")  # with 百分之, a hint of a figure
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_DEICTIC = ("这", "那", "它", "其", "此", "他", "她", "This ", "These ", "It ", "They ", "That ")


@dataclass(frozen=True, slots=True)
class Blank:
    """A place in a sentence worth blanking: a key term or a figure."""

    unit: Unit
    start: int
    end: int
    text: str
    kind: str  # distractor kind: term, person, place, org, latin, name, or figure
    score: float
    figure: Figure | None = None


@dataclass(frozen=True)
class Terms:
    """The material's term scores (0..1), kinds, and per word the best term it is part of."""

    scores: Mapping[str, float]
    kinds: Mapping[str, str]
    bound: Mapping[str, float]
    phrases: frozenset[str]
    english: Mapping[int, list[TermSpan]]  # English sentences' spans, by id(unit)


class BlankStream:
    """The material's blanks, best first, worked out one sentence at a time on demand.

    Every sentence is tagged and counted up front (words and noun-phrase n-grams, in
    C), so term scores cover the whole material; but the blanks themselves are found
    lazily. Sentences wait in a heap, by an upper bound on their best blank; a blank is
    handed out once no waiting sentence could beat it, so the order is exactly by
    score, and a ten-question quiz from a long book looks closely at few sentences.
    """

    def __init__(self, waiting: Waiting, make: Callable[[Unit, float], list[Blank]]) -> None:
        """``waiting`` holds ``(-bound, sequence, sentence, quality)``; it becomes the heap."""
        heapq.heapify(waiting)
        self._waiting = waiting
        self._make = make
        self._heap: list[tuple[float, int, int, Blank]] = []
        self._ready: list[Blank] = []

    def __iter__(self) -> Iterator[Blank]:
        index = 0
        while index < len(self._ready) or self._more():
            yield self._ready[index]
            index += 1

    def all(self) -> tuple[Blank, ...]:
        """Every blank, best first."""
        return tuple(self)

    def _more(self) -> bool:
        waiting, heap = self._waiting, self._heap
        while True:
            bound = -waiting[0][0] if waiting else -1.0
            if heap and -heap[0][0] >= bound:
                self._ready.append(heapq.heappop(heap)[3])
                return True
            if bound < 0:
                return False
            _, sequence, unit, quality = heapq.heappop(waiting)
            for blank in self._make(unit, quality):
                heapq.heappush(heap, (-blank.score, sequence, blank.start, blank))


@dataclass(frozen=True)
class Blanks:
    """Term blanks and figure blanks, each best first, and both together."""

    terms: BlankStream
    figures: BlankStream

    def __iter__(self) -> Iterator[Blank]:
        return heapq.merge(self.terms, self.figures, key=lambda blank: -blank.score)

    def all(self) -> tuple[Blank, ...]:
        """Every blank, best first."""
        return tuple(self)


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
    sections: Sequence[Section], material_id: str, stats: TermStats | None
) -> Reading:
    """Tag every sentence once, score the terms, and line up blanks and enumerations.

    Args:
        sections: the material's sections.
        material_id: its id.
        stats: library statistics, or ``None`` to use the material's own sections.

    Returns:
        The material, read; its blanks are found as they are asked for.
    """
    texts = tuple(read_section(section) for section in sections)
    units = [unit for text in texts for unit in text.units]
    terms = score_terms(texts, units, sections, stats)
    prefixes = phrase_prefixes(terms.phrases)
    # A span below this share never becomes a blank, so only key terms are looked at.
    key = frozenset(term for term, score in terms.scores.items() if score >= KEY_TERM_SHARE)

    def term_blanks(unit: Unit, quality: float) -> list[Blank]:
        spans = terms.english.get(id(unit))
        if spans is None:
            spans = term_spans(unit, terms.phrases, prefixes, key)
        return _term_blanks(unit, spans, terms.scores, quality)

    term_waiting, figure_waiting = _waiting(units, terms)
    blanks = Blanks(
        BlankStream(term_waiting, term_blanks), BlankStream(figure_waiting, _figure_blanks)
    )
    pool = TermPool(build_pool(_key_terms(terms.scores), terms.kinds), _library_pool(stats, terms))
    enumerations = tuple((text, e) for text in texts for e in find_enumerations(text))
    full_text = "\n".join(unit.text for unit in units)
    return Reading(material_id, texts, blanks, enumerations, pool, terms.scores, full_text)


# -- scores -----------------------------------------------------------------------------


@dataclass
class _Counts:
    """Raw counts gathered in one pass: term frequencies, tags, weights, documents."""

    tf: Counter[str] = field(default_factory=Counter)
    tags: dict[str, Counter[str]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    documents: dict[str, set[str]] = field(default_factory=dict)
    components: dict[str, set[str]] = field(default_factory=dict)
    english: dict[int, list[TermSpan]] = field(default_factory=dict)


def score_terms(
    texts: Sequence[SectionText],
    units: Sequence[Unit],
    sections: Sequence[Section],
    stats: TermStats | None,
) -> Terms:
    """TF-IDF with a specificity prior, scaled so the material's best term scores 1.

    ``tf`` counts uses in the material; ``idf`` comes from the library stats or,
    without them, from the material's sections as documents. General Chinese words
    (jieba's dictionary frequency) weigh less; phrases, names, emphasised words and
    words from headings weigh more; a word jieba's HMM made up and the text uses once
    weighs little.

    Returns:
        The scores, with kinds, per-word bounds and the phrases blanked whole.
    """
    counts = _Counts(documents={text.anchor: set() for text in texts})
    phrases = _count_zh(texts, units, sections, stats, counts)
    english = _count_en(units, sections, stats, counts)
    idf = _idf_function(counts, stats)
    marked = _marked_terms(texts)
    raw = {}
    for term, count in counts.tf.items():
        weight = counts.weights[term]
        if count == 1 and weight > 0 and _guessed(term, counts):
            weight *= GUESSED_ONCE
        raw[term] = (1 + math.log(count)) * idf(term) * weight * _mark(term, marked)
    best = max(max(raw.values(), default=1.0), REFERENCE_SCORE)
    scores = {term: value / best for term, value in raw.items()}
    bound = _bounds(scores, counts)
    return Terms(scores, counts.kinds, bound, phrases | english, counts.english)


def _count_zh(
    texts: Sequence[SectionText],
    units: Sequence[Unit],
    sections: Sequence[Section],
    stats: TermStats | None,
    counts: _Counts,
) -> frozenset[str]:
    """Count Chinese words and phrases; return the phrases to blank whole."""
    nouns: Counter[tuple[str, str]] = Counter()
    total: Counter[Gram] = Counter()
    by_section: dict[str, list[Gram]] = {}
    for anchor, words, tags in _chinese_tokens(texts):
        counts.documents[anchor].update(words)
        codes = bytes(map(_TAG_CODES.get, tags, repeat(0)))
        noun = codes.translate(_NOUN_CODES)
        nouns.update(zip(compress(words, noun), compress(tags, noun), strict=True))
        found = token_grams(words, tags, codes.translate(_PHRASE_CODES))
        total.update(found)
        by_section.setdefault(anchor, []).extend(found)
    titles = [tag_sentence(s.title, "zh") for s in sections if language_of(s.title) == "zh"]
    joined = "\n".join([u.text for u in units if u.language == "zh"])
    phrases = accept_phrases(total, count_grams(titles), joined)
    phrases |= stats.phrases if stats else frozenset()
    _count_zh_words(nouns, counts)
    _count_zh_phrases(total, by_section, phrases, counts)
    return frozenset(p for p in phrases if not p.isascii())


SEPARATOR = ("\n", "x")  # put between paragraphs: no n-gram runs across it
# A byte a tag: 1 when it may be part of a phrase, 2 when it is a noun; masks of each.
_TAG_CODES = {tag: (tag in PHRASE_POS) | 2 * (tag in NOUN_POS) for tag in PHRASE_POS | NOUN_POS}
_PHRASE_CODES = bytes(code & 1 for code in range(256))
_NOUN_CODES = bytes(code >> 1 & 1 for code in range(256))


def _chinese_tokens(
    texts: Sequence[SectionText],
) -> Iterator[tuple[str, list[str], list[str]]]:
    """Each section's Chinese words and tags, to count with a few calls a section.

    The sentences of a paragraph are put back together, and paragraphs are kept apart
    by :data:`SEPARATOR`. Sentences end in punctuation, so no n-gram runs across two
    of them, or across two paragraphs.
    """
    for text in texts:
        words: list[str] = []
        tags: list[str] = []
        paragraph = -1
        for unit in text.units:
            if unit.language != "zh":
                continue
            if unit.paragraph != paragraph and words:
                words.append(SEPARATOR[0])
                tags.append(SEPARATOR[1])
            paragraph = unit.paragraph
            words += unit.words
            tags += unit.tags
        if words:
            yield text.anchor, words, tags


def _count_zh_words(nouns: Counter[tuple[str, str]], counts: _Counts) -> None:
    for (word, tag), number in nouns.items():
        if blankable_zh(word):
            counts.tf[word] += number
            counts.tags.setdefault(word, Counter())[tag] += number
    for word, tags in counts.tags.items():
        tag = tags.most_common(1)[0][0]
        kind = zh_kind(word, tag)
        counts.kinds[word] = kind
        counts.weights[word] = _zh_weight(word, tag, kind)


def _count_zh_phrases(
    total: Counter[Gram],
    by_section: Mapping[str, list[Gram]],
    phrases: frozenset[str],
    counts: _Counts,
) -> None:
    prefixes = phrase_prefixes(phrases)
    spelled: dict[Gram, str] = {}
    for gram, number in total.items():
        if gram[0] not in prefixes:
            continue
        text = "".join(gram[0::2])
        if text in phrases:
            spelled[gram] = text
            counts.tf[text] += number
            counts.kinds[text] = "term"
            counts.weights[text] = 0.1 if text in ZH_GENERIC else POS_WEIGHT["phrase"]
            counts.components.setdefault(text, set()).update(gram[0::2])
    if not spelled:
        return
    for anchor, found in by_section.items():
        counts.documents[anchor].update(spelled[g] for g in spelled.keys() & found)


def _count_en(
    units: Sequence[Unit], sections: Sequence[Section], stats: TermStats | None, counts: _Counts
) -> frozenset[str]:
    """Count English terms (from their spans: English texts are short); return phrases."""
    en = [u for u in units if u.language == "en"]
    if not en:
        return frozenset()
    titles = [
        en_phrase_candidates(tag_sentence(s.title, "en"))
        for s in sections
        if language_of(s.title) == "en"
    ]
    found = repeated_phrases([en_phrase_candidates(u.tagged) for u in en], "en", titles)
    phrases = found | english_nouns(en) | (stats.phrases if stats else frozenset())
    for unit in en:
        unit_spans = term_spans(unit, phrases, frozenset())
        counts.english[id(unit)] = unit_spans
        spans = {span.text.casefold(): span for span in unit_spans}
        counts.tf.update(spans.keys())
        counts.documents[unit.anchor].update(w.casefold() for w in unit.tagged.words)
        for key, span in spans.items():
            counts.documents[unit.anchor].add(key)
            counts.kinds.setdefault(key, span.kind)
            counts.weights[key] = max(counts.weights.get(key, 0.0), _en_weight(span))
            counts.components.setdefault(key, set()).add(key)
    return frozenset(p for p in phrases if p.isascii())


def _zh_weight(word: str, tag: str, kind: str) -> float:
    if word in ZH_GENERIC:
        return 0.1
    weight = POS_WEIGHT.get(tag if tag in POS_WEIGHT else kind, 1.0)
    if kind == "latin" and not (word.isupper() or any(ch.isdigit() for ch in word)):
        return weight * 0.5  # an English word inside Chinese prose; SQ3R is kept
        weight *= 0.4  # a word jieba's HMM guessed: 讲清楚
    return weight * min(1.0, max(0.05, (specificity(word) - 0.35) / 0.45))


def _en_weight(span: TermSpan) -> float:
    weight = POS_WEIGHT.get(span.pos if span.pos in POS_WEIGHT else span.kind, 1.0)
    generic = 0.2 if span.text.casefold() in EN_GENERIC else 1.0
    return weight * generic * min(1.0, 0.5 + len(span.text) / 20)


def _guessed(term: str, counts: _Counts) -> bool:
    if counts.kinds.get(term) != "term" or term in counts.components:
        return False
    return bool(_HAN_START.match(term)) and not in_dictionary(term)


def _idf_function(counts: _Counts, stats: TermStats | None) -> Callable[[str], float]:
    if stats is not None and stats.documents:
        top = math.log(1 + stats.documents) + 1
        return lambda term: stats.idf(term) / top
    df: Counter[str] = Counter()
    for document in counts.documents.values():
        df.update(document)
    local = TermStats(len(counts.documents), df)
    top = math.log(1 + local.documents) + 1
    return lambda term: local.idf(term) / top


def _marked_terms(texts: Sequence[SectionText]) -> str:
    emphasised = [u.text[a:b] for t in texts for u in t.units for a, b in u.emphasis]
    headings = [text.section.title for text in texts]
    return "\x1f".join(emphasised + headings).casefold()


def _mark(term: str, marked: str) -> float:
    return 1.3 if term in marked else 1.0


def _bounds(scores: Mapping[str, float], counts: _Counts) -> dict[str, float]:
    """For each word, the best score of a term it is, or is part of."""
    bound = dict(scores)
    for phrase, words in counts.components.items():
        score = scores.get(phrase, 0.0)
        for word in words:
            if bound.get(word, 0.0) < score:
                bound[word] = score
    return bound


# -- blanks -----------------------------------------------------------------------------


Waiting = list[tuple[float, int, Unit, float]]  # (-bound, sequence, sentence, quality)


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
        if best >= KEY_TERM_SHARE:
            for_terms.append((-(best * quality), sequence, unit, quality))
        text = unit.text
        if "百分之" in text or _DIGIT.search(text):
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
        scored = [(get(span.text, 0.0) * span.fit, span) for span in spans]
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


SHORT_WORD = 0.6  # two Chinese characters or one English word: other words often fit too


def _one_answer(span: TermSpan, language: str) -> float:
    """How likely a blank has one right answer: names and longer terms leave less room for
    a synonym (judged on the tuning texts: 现银 or 银元, devotion or loyalty)."""
    if span.kind in ("person", "place", "org", "name", "work"):
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
    found = figures_zh(unit.text) if unit.language == "zh" else figures_en(unit.text)
    if not found:
        return []
    numbers = _NUMBER.findall(unit.text)
    best = None
    for figure in found:
        if numbers.count(figure.number.rstrip("%％")) != 1 and not figure.number.startswith("百"):
            continue
        score = FIGURE_WEIGHT[figure.kind] * quality
        if best is None or score > best.score:
            best = Blank(unit, figure.start, figure.end, figure.number, "figure", score, figure)
    return [best] if best else []


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
