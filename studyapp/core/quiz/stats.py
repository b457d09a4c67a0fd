"""Term statistics over the learner's library: document frequencies and known phrases."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from studyapp.core.quiz.phrases import gram_text, grams, repeated_phrases_zh
from studyapp.core.quiz.tagging import Tagged, language_of, tag_sentence
from studyapp.core.quiz.terms import NOUN_POS, en_phrase_candidates, kind_of, repeated_phrases
from studyapp.core.sentences import split_sentences

STATS_VERSION = 1
JIEBA_TOTAL = 60_101_967  # sum of the frequencies in jieba's dictionary
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of words and phrases, the phrases found, and term kinds."""

    documents: int
    df: Mapping[str, int] = field(default_factory=dict)
    phrases: frozenset[str] = frozenset()
    kinds: Mapping[str, str] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency: ``log((1 + N) / (1 + df)) + 1``."""
        return math.log((1 + self.documents) / (1 + self.df.get(term, 0))) + 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for caching."""
        return {
            "version": STATS_VERSION,
            "documents": self.documents,
            "df": dict(self.df),
            "phrases": sorted(self.phrases),
            "kinds": dict(self.kinds),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermStats:
        """Rebuild stats from :meth:`to_dict` output.

        Raises:
            ValueError: data from another version of this format.
        """
        if data.get("version") != STATS_VERSION:
            raise ValueError(f"term stats version {data.get('version')!r} is not supported")
        return cls(
            int(data["documents"]),
            {str(k): int(v) for k, v in data["df"].items()},
            frozenset(data["phrases"]),
            {str(k): str(v) for k, v in data["kinds"].items()},
        )


def build_index(documents: Iterable[str]) -> TermStats:
    """Count, for each word and noun phrase, how many documents use it.

    Args:
        documents: one text per material (or per section); Markdown headings allowed.

    Returns:
        The statistics, with the phrases each document repeats and noun kinds.
    """
    df: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    phrases: set[str] = set()
    count = 0
    for document in documents:
        count += 1
        tagged = tag_document(document)
        df.update(document_terms(tagged))
        phrases |= document_phrases(tagged)
        _count_kinds(tagged, kinds)
    best = {term: counter.most_common(1)[0][0] for term, counter in kinds.items()}
    return TermStats(count, dict(df), frozenset(phrases), best)


def tag_document(document: str) -> list[tuple[str, Tagged, bool]]:
    """Tag a raw document sentence by sentence: ``(language, tagged, is_heading)``."""
    tagged = []
    for line in document.splitlines():
        heading = _HEADING.match(line.strip())
        text = heading.group(1) if heading else line
        for span in split_sentences(text):
            sentence = text[span.start : span.end]
            language = language_of(sentence)
            tagged.append((language, tag_sentence(sentence, language), bool(heading)))
    return tagged


def document_phrases(tagged: Sequence[tuple[str, Tagged, bool]]) -> frozenset[str]:
    """The phrases one document repeats, Chinese and English."""
    zh_body = [t for lang, t, heading in tagged if lang == "zh" and not heading]
    zh_heads = [t for lang, t, heading in tagged if lang == "zh" and heading]
    en_body = [
        en_phrase_candidates(t) for lang, t, heading in tagged if lang == "en" and not heading
    ]
    en_heads = [en_phrase_candidates(t) for lang, t, heading in tagged if lang == "en" and heading]
    joined = "\n".join("".join(t.words) for t in zh_body)
    found = repeated_phrases_zh(zh_body, joined, zh_heads)
    return found | repeated_phrases(en_body, "en", en_heads)


def document_terms(tagged: Iterable[tuple[str, Tagged, bool]]) -> set[str]:
    """The words and phrase candidates one document uses (each once).

    Args:
        tagged: the document's sentences as ``(language, tagged, is_heading)``.

    Returns:
        Chinese words as they are, English words case folded, and the phrases.
    """
    terms: set[str] = set()
    for language, sentence, _ in tagged:
        if language == "zh":
            terms.update(sentence.words)
            terms.update(filter(None, map(gram_text, grams(sentence))))
        else:
            terms.update(w.casefold() for w in sentence.words)
            terms.update(p for p, _ in en_phrase_candidates(sentence))
    return terms


def _count_kinds(
    tagged: Iterable[tuple[str, Tagged, bool]], kinds: dict[str, Counter[str]]
) -> None:
    for language, sentence, _ in tagged:
        if language != "zh":
            continue
        for word, pos in zip(sentence.words, sentence.tags, strict=True):
            if pos in NOUN_POS and len(word) > 1:
                kind = kind_of(word, pos, general_frequency(word))
                kinds.setdefault(word, Counter())[kind] += 1


@cache
def general_frequency(word: str) -> int:
    """How often jieba's general-Chinese dictionary has seen ``word`` (1 when never)."""
    import rjieba  # already loaded by segmentation

    return max(1, int(rjieba.suggest_freq(word)))


@cache
def in_dictionary(word: str) -> bool:
    """Whether ``word`` is in jieba's dictionary (words jieba guessed with its HMM are not)."""
    import rjieba

    return bool(rjieba.has_word(word))


def specificity(word: str) -> float:
    """0 for the commonest words, 1 for words general Chinese never uses."""
    frequency = min(general_frequency(word), JIEBA_TOTAL)
    return 1 - math.log(frequency) / math.log(JIEBA_TOTAL)
