"""Key-term scores of a material: counts in one pass over its tagged sentences, weighed
by part of speech, specificity and library statistics."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat

from studyapp.core.materials import Section
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
from studyapp.core.quiz.tagging import folded, language_of, tag_sentence
from studyapp.core.quiz.terms import (
    NOUN_POS,
    PHRASE_POS,
    TermSpan,
    en_phrase_candidates,
    repeated_phrases,
)
from studyapp.core.quiz.units import SectionText, Unit

REFERENCE_SCORE = 1.0  # ...or of this, in a short text where even the best word is weak
POS_WEIGHT = {"person": 1.2, "place": 1.2, "org": 1.2, "phrase": 1.2, "vn": 0.6, "latin": 0.6}
POS_WEIGHT |= {"j": 0.8, "l": 0.7, "an": 0.6, "name": 1.1}
GUESSED_ONCE = 0.3  # weight of a word jieba's HMM made up, seen once: 新入(职)
_HAN_START = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Terms:
    """The material's term scores (0..1), kinds, and per word the best term it is part of."""

    scores: Mapping[str, float]
    kinds: Mapping[str, str]
    bound: Mapping[str, float]
    phrases: frozenset[str]
    english: Mapping[int, list[TermSpan]]  # English sentences' spans, by id(unit)


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
        counts.documents[unit.anchor].update(folded(unit.words))
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
