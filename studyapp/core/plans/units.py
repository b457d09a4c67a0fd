"""Reading units: sections, with long ones cut into balanced parts of paragraphs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.core.materials import Section
from studyapp.core.plans.partition import _greedy_count, _linear_partition, _tolerance
from studyapp.core.plans.speed import ReadingSpeed, TextSize, _check_language, measure


@dataclass(frozen=True)
class ReadingUnit:
    """One thing to read in one sitting: a section, or a part of a long section.

    ``first_paragraph`` and ``last_paragraph`` are inclusive paragraph positions
    in the section; a whole section runs from 0 to its last paragraph and has
    ``part`` false. ``chars`` counts non-space characters, ``han`` Han
    characters and ``words`` Latin words.
    """

    material_id: str
    section: str
    title: str
    first_paragraph: int
    last_paragraph: int
    chars: int
    words: int
    language: str
    required: bool
    han: int = 0
    part: bool = False

    def __post_init__(self) -> None:
        _check_language(self.language)
        if not 0 <= self.first_paragraph <= self.last_paragraph:
            raise ValueError("a unit needs 0 <= first_paragraph <= last_paragraph")

    @property
    def section_key(self) -> str:
        """The section's public id, ``material#anchor``."""
        return f"{self.material_id}#{self.section}"

    @property
    def key(self) -> str:
        """``material#anchor`` for a whole section, ``material#anchor:3-7`` for a part."""
        if not self.part:
            return self.section_key
        return f"{self.section_key}:{self.first_paragraph}-{self.last_paragraph}"

    def minutes(self, speed: ReadingSpeed) -> float:
        """Minutes needed to read this unit at ``speed``."""
        return TextSize(self.chars, self.han, self.words).minutes(speed, self.language)


def units_for(
    material_id: str,
    language: str,
    required: bool,
    sections: Sequence[Section],
    speed: ReadingSpeed,
    max_minutes: float = 30.0,
) -> list[ReadingUnit]:
    """Cut a material's sections into reading units of at most about ``max_minutes``.

    Each section with text gives one unit. A section longer than ``max_minutes``
    is cut into the fewest parts that fit, on paragraph boundaries (never
    inside a paragraph, so never inside a sentence), with the parts as equal as
    the paragraphs allow. A single paragraph longer than ``max_minutes`` stays
    whole and forms a part of its own.

    Args:
        material_id: the material the sections belong to.
        language: the material's language (``zh``, ``en``, ``mixed``).
        required: whether the material is required reading.
        sections: the sections in reading order, with their paragraphs loaded.
        speed: the reading speed used to size the units.
        max_minutes: the longest sitting.

    Returns:
        The units in reading order.

    Raises:
        ValueError: on a bad ``max_minutes`` or language, a section of another
            material, or a section with characters but no paragraphs loaded.
    """
    _check_language(language)
    if not (math.isfinite(max_minutes) and max_minutes > 0):
        raise ValueError("max_minutes must be a positive number")
    units: list[ReadingUnit] = []
    for section in sections:
        if section.material_id != material_id:
            raise ValueError(f"section {section.ref} is not part of {material_id!r}")
        if not section.paragraphs:
            if section.chars > 0:
                raise ValueError(f"section {section.ref} was loaded without its paragraphs")
            continue
        sizes = [measure(paragraph.text) for paragraph in section.paragraphs]
        if sum(size.chars for size in sizes) == 0:
            continue
        weights = [size.minutes(speed, language) for size in sizes]
        ranges = _merge_empty(_section_parts(weights, max_minutes), sizes)
        for start, stop in ranges:
            part = sizes[start:stop]
            units.append(
                ReadingUnit(
                    material_id=material_id,
                    section=section.anchor,
                    title=section.title,
                    first_paragraph=section.paragraphs[start].position,
                    last_paragraph=section.paragraphs[stop - 1].position,
                    chars=sum(size.chars for size in part),
                    words=sum(size.words for size in part),
                    language=language,
                    required=required,
                    han=sum(size.han for size in part),
                    part=len(ranges) > 1,
                )
            )
    return units


def _section_parts(weights: list[float], cap: float) -> list[tuple[int, int]]:
    """Half-open paragraph ranges: oversized paragraphs alone, the rest balanced under ``cap``.

    The isolation is needed: balancing alone would let a paragraph just over
    ``cap`` share a part with a neighbour whenever a bigger paragraph elsewhere
    sets the maximum load.
    """
    if sum(weights) <= cap + _tolerance(cap):
        return [(0, len(weights))]
    ranges: list[tuple[int, int]] = []
    run_start = 0
    for index, weight in enumerate(weights):
        if weight > cap + _tolerance(cap):
            ranges.extend(_balanced_run(weights, run_start, index, cap))
            ranges.append((index, index + 1))
            run_start = index + 1
    ranges.extend(_balanced_run(weights, run_start, len(weights), cap))
    return ranges


def _balanced_run(weights: list[float], start: int, stop: int, cap: float) -> list[tuple[int, int]]:
    """The fewest parts under ``cap`` for ``weights[start:stop]``, balanced."""
    if start >= stop:
        return []
    run = weights[start:stop]
    parts = _greedy_count(run, cap)
    return [(start + a, start + b) for a, b in _linear_partition(run, parts)]


def _merge_empty(ranges: list[tuple[int, int]], sizes: list[TextSize]) -> list[tuple[int, int]]:
    """Fold ranges without any text into a neighbour, so no unit is empty."""
    merged: list[tuple[int, int]] = []
    pending_start: int | None = None
    for start, stop in ranges:
        if pending_start is not None:
            start, pending_start = pending_start, None
        if sum(size.chars for size in sizes[start:stop]) == 0:
            if merged:
                merged[-1] = (merged[-1][0], stop)
            else:
                pending_start = start
            continue
        merged.append((start, stop))
    return merged
