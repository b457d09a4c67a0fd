"""Sections read for questioning: each sentence with its tokens, language and offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from studyapp.core.materials import TEXT_KINDS, Paragraph, Section
from studyapp.core.quiz.tagging import (
    Tagged,
    Token,
    has_latin,
    language_of,
    tag_en,
    word_starts,
    zh_words,
)
from studyapp.core.sentences import split_sentences

PARAGRAPH_JOIN = "\n\n"
_EMPHASIS = frozenset({"strong", "em"})
_HAN = re.compile(r"[\u3400-\u9fff]")  # as language_of: Chinese when Han and no Latin


class Unit(NamedTuple):
    """One sentence of a section, ready to be asked about.

    A named tuple, not a dataclass: a long book has tens of thousands of sentences.
    Chinese words spell their sentence, so their offsets are worked out only for the
    few sentences a quiz looks at closely (``starts`` is ``None`` then).
    """

    anchor: str
    paragraph: int  # index of the paragraph in the section
    index: int  # type: ignore[assignment]  # the sentence's number; shadows tuple.index, unused
    offset: int  # start of the sentence in the section text
    text: str
    language: str
    words: tuple[str, ...]
    tags: tuple[str, ...]
    kind: str  # the paragraph's kind
    emphasis: tuple[tuple[int, int], ...] = ()  # emphasised runs, as sentence offsets
    starts: tuple[int, ...] | None = None  # where the words start; None: they spell the text
    spoken: bool = False  # inside a quotation opened in an earlier sentence: someone's words

    @property
    def tagged(self) -> Tagged:
        """The sentence's words, tags and offsets."""
        starts = word_starts(self.words) if self.starts is None else self.starts
        return Tagged(self.words, self.tags, starts)

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The tagged words as tokens."""
        return self.tagged.tokens()


@dataclass(frozen=True, slots=True)
class SectionText:
    """A section with the section-text offset of each paragraph and its sentence units."""

    section: Section
    offsets: tuple[int, ...]
    units: tuple[Unit, ...]

    @property
    def anchor(self) -> str:
        """The section anchor."""
        return self.section.anchor

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The section's paragraphs."""
        return self.section.paragraphs


def section_text(section: Section) -> str:
    """The text that :class:`SourceRef` offsets point into."""
    return PARAGRAPH_JOIN.join(p.text for p in section.paragraphs)


def paragraph_offsets(section: Section) -> tuple[int, ...]:
    """Where each paragraph starts in :func:`section_text`."""
    offsets, start = [], 0
    for paragraph in section.paragraphs:
        offsets.append(start)
        start += len(paragraph.text) + len(PARAGRAPH_JOIN)
    return tuple(offsets)


def read_section(section: Section) -> SectionText:
    """Split a section into sentence units and tag each sentence once.

    Args:
        section: a stored section; paragraphs without sentences are split here.

    Returns:
        The section with its units, in reading order.
    """
    offsets = paragraph_offsets(section)
    units: list[Unit] = []
    for number, (paragraph, offset) in enumerate(zip(section.paragraphs, offsets, strict=True)):
        if paragraph.kind in TEXT_KINDS:
            units += _units(section.anchor, number, paragraph, offset)
    return SectionText(section, offsets, tuple(units))


def _units(anchor: str, number: int, paragraph: Paragraph, offset: int) -> list[Unit]:
    """A paragraph's sentences, each tagged on its own.

    jieba splits its input at punctuation anyway, so a sentence gets the words it gets
    inside its paragraph (see :func:`~studyapp.core.quiz.tagging.tag_zh_sentences`);
    tagging sentence by sentence needs no cutting, and costs no more.
    """
    text, kind = paragraph.text, paragraph.kind
    chinese = not has_latin(text) and _HAN.search(text) is not None  # language_of is zh
    units = []
    spans = [(s.start, s.end) for s in paragraph.sentences or split_sentences(text)]
    numbered = [(index, span) for index, span in enumerate(spans)]
    if not chinese:  # a long English sentence's clauses share its number
        numbered = [(i, part) for i, (start, end) in numbered for part in clauses(text, start, end)]
    for index, (start, end) in numbered:
        sentence = text[start:end]
        language = "zh" if chinese else language_of(sentence)
        if language == "zh":
            words, tags = zh_words(sentence)
            starts = None
        else:
            words, tags, starts = tag_en(sentence)
        emphasis = _emphasis(paragraph, start, end) if paragraph.spans else ()
        units.append(
            Unit(
                anchor,
                number,
                index,
                offset + start,
                sentence,
                language,
                words,
                tags,
                kind,
                emphasis,
                starts,
                _inside_quotation(text[:start]),
            )
        )
    return units


def _inside_quotation(before: str) -> bool:
    """Whether a quotation opened earlier in the paragraph is still open: “这真是一代不如
    一代！我活到七十九岁了，…” — the second sentence is the speaker's, not the author's."""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


LONG_EN = 45  # words: an English sentence longer than this is asked clause by clause
_CLAUSE_END = re.compile(r";\s+")
MIN_CLAUSE = 7  # words


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long English sentence's clauses, cut after its semicolons (as Chinese sentences
    are cut after ；); a clause too short to stand alone stays with the next one."""
    if len(text[start:end].split()) <= LONG_EN:
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    begin = start
    for match in _CLAUSE_END.finditer(text, start, end):
        if len(text[begin : match.start()].split()) >= MIN_CLAUSE:
            parts.append((begin, match.start() + 1))
            begin = match.end()
    if parts and len(text[begin:end].split()) < MIN_CLAUSE:
        parts[-1] = (parts[-1][0], end)  # a short tail joins the clause before it
    else:
        parts.append((begin, end))
    return parts


def sentence_spans(paragraph: Paragraph) -> list[tuple[int, int]]:
    """The paragraph's sentences as ``(start, end)``, split here when none are stored."""
    if paragraph.sentences:
        return [(s.start, s.end) for s in paragraph.sentences]
    return [(s.start, s.end) for s in split_sentences(paragraph.text)]


def _emphasis(paragraph: Paragraph, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(
        (max(span.start, start) - start, min(span.end, end) - start)
        for span in paragraph.spans
        if span.style in _EMPHASIS and span.start < end and span.end > start
    )
