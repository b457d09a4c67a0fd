"""The shortcuts quiz generation takes on a long book give the blanks the rules would.

The cloze queue reads the term blanks less those on a term that is cut at every use
(:func:`~studyapp.core.quiz.quality.always_cut`), and never works out a sentence with
nothing else. If a rule change made such a blank askable, these tests say so.
"""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path

import pytest
from quiz_helpers import BUNDLED, file_sections

from bench.corpus import long_chinese_text
from bench.quality import sections, texts
from studyapp.core.importing import parse_material
from studyapp.core.quiz import sections_from_draft
from studyapp.core.quiz.analysis import Blank, Reading, read_material
from studyapp.core.quiz.engine import fit_for
from studyapp.core.quiz.quality import always_cut, cut_inside


@cache
def _book() -> Reading:
    """A 60,000-character book that repeats its terms, as the speed benchmark's does."""
    text = long_chinese_text(chars=60_000)
    return read_material(
        sections_from_draft("book", parse_material(text, Path("book.md"), [])), "book", None
    )


def _readings() -> list[Reading]:
    found = [_book()]
    found += [read_material(file_sections(path), path.stem, None) for path in BUNDLED]
    zh = [t for t in texts() if t.language == "zh"]
    found += [read_material(sections(t.path), t.id, None) for t in zh]
    return found


def _rejected(reading: Reading, blank: Blank) -> bool:
    return blank.unit.language == "zh" and always_cut(reading.full_text, blank.text)


@pytest.mark.parametrize("reading", _readings(), ids=lambda r: r.material_id)
def test_the_cloze_stream_is_the_term_stream_less_the_terms_always_cut(
    reading: Reading,
) -> None:
    every = reading.blanks.terms.all()
    kept = list(reading.blanks.terms_without(partial(always_cut, reading.full_text)))
    assert kept == [blank for blank in every if not _rejected(reading, blank)]


@pytest.mark.parametrize("reading", _readings(), ids=lambda r: r.material_id)
def test_a_term_always_cut_never_makes_a_cloze(reading: Reading) -> None:
    for blank in reading.blanks.terms.all():
        if _rejected(reading, blank):
            unit = blank.unit
            assert cut_inside(unit.text, blank.start, blank.end, reading.full_text)
            assert not fit_for("cloze", blank, reading.full_text)


def test_on_a_book_that_repeats_its_terms_most_are_left_out_unread() -> None:
    reading = _book()
    rejected = partial(always_cut, reading.full_text)
    every = reading.blanks.terms.all()
    kept = list(reading.blanks.terms_without(rejected))
    assert len(kept) * 4 < len(every)  # the shortcut matters here
    units = [unit for text in reading.sections for unit in text.units]
    barren = [unit for unit in units if reading.blanks.key.only(unit, rejected)]
    assert len(barren) * 2 > len(units)
    kept_units = {id(blank.unit) for blank in kept}
    assert not kept_units & {id(unit) for unit in barren}
