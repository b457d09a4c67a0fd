"""Sections straight from a parsed draft, for the CLI and tests: no database needed."""

from __future__ import annotations

from studyapp.core.materials import TEXT_KINDS, Block, MaterialDraft, Paragraph, Section, Sentence
from studyapp.core.sentences import split_sentences
from studyapp.core.slug import anchors_for
from studyapp.core.text import content_hash, count_chars


def sections_from_draft(material_id: str, draft: MaterialDraft) -> tuple[Section, ...]:
    """Build stored-style sections (anchors, hashes, sentences) from a draft.

    Args:
        material_id: the id the material has, or would have, in the library.
        draft: the parsed material.

    Returns:
        Sections as the library would return them.
    """
    anchors = anchors_for(s.title for s in draft.sections)
    sections = []
    for position, (anchor, draft_section) in enumerate(zip(anchors, draft.sections, strict=True)):
        paragraphs = tuple(_paragraph(i, block) for i, block in enumerate(draft_section.blocks))
        chars = sum(count_chars(b.text) for b in draft_section.blocks)
        sections.append(
            Section(
                material_id,
                anchor,
                position,
                draft_section.title,
                draft_section.level,
                chars,
                paragraphs,
            )
        )
    return tuple(sections)


def _paragraph(position: int, block: Block) -> Paragraph:
    spans = split_sentences(block.text) if block.kind in TEXT_KINDS else []
    sentences = tuple(
        Sentence(i, s.start, s.end, block.text[s.start : s.end]) for i, s in enumerate(spans)
    )
    return Paragraph(
        position,
        block.kind,
        block.text,
        content_hash(block.text),
        block.spans,
        block.depth,
        block.marker,
        sentences,
    )
