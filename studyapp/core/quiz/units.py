"""Sections read for questioning: each sentence with its tokens, language and offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.core.materials import TEXT_KINDS, Paragraph, Section
from studyapp.core.quiz.tagging import Tagged, Token, language_of, tag_sentence, tag_zh_sentences
from studyapp.core.sentences import split_sentences

PARAGRAPH_JOIN = "\n\n"
_EMPHASIS = frozenset({"strong", "em"})
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of a section, ready to be asked about."""

    anchor: str
    paragraph: int  # index of the paragraph in the section
    index: int  # index of the sentence in the paragraph
    offset: int  # start of the sentence in the section text
    text: str
    language: str
    tagged: Tagged
    kind: str  # the paragraph's kind
    emphasis: tuple[tuple[int, int], ...] = ()  # emphasised runs, as sentence offsets

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
    text = paragraph.text
    spans = sentence_spans(paragraph)
    if language_of(text) == "zh" and not _LATIN.search(text):
        languages = ["zh"] * len(spans)
        tagged = tag_zh_sentences(text, spans)
    else:
        languages = [language_of(text[start:end]) for start, end in spans]
        tagged = [
            tag_sentence(text[a:b], lang) for (a, b), lang in zip(spans, languages, strict=True)
        ]
    units = []
    for index, (start, end) in enumerate(spans):
        emphasis = _emphasis(paragraph, start, end) if paragraph.spans else ()
        units.append(
            Unit(
                anchor,
                number,
                index,
                offset + start,
                text[start:end],
                languages[index],
                tagged[index],
                paragraph.kind,
                emphasis,
            )
        )
    return units


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
