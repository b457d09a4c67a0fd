"""The shortcuts quiz generation takes on a long book give the blanks the rules would.

Term blanks stream from tight bounds in the order the loose bounds give. The cloze queue
reads the term blanks less those on a term that is cut at every use
(:func:`~studyapp.core.quiz.quality.always_cut`), and never works out a sentence with
nothing else. If a rule change made such a blank askable, these tests say so.
"""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from quiz_helpers import BUNDLED, file_sections

from bench.corpus import long_chinese_text
from bench.quality import library_stats, sections, texts
from studyapp.core.importing import parse_material
from studyapp.core.materials import Section
from studyapp.core.quiz import TermStats, sections_from_draft
from studyapp.core.quiz.analysis import Blank, Reading, read_material
from studyapp.core.quiz.engine import fit_for
from studyapp.core.quiz.quality import always_cut, cut_inside
from studyapp.core.quiz.streams import BlankStream, TightStream
from studyapp.core.quiz.units import Unit

Case = tuple[str, tuple[Section, ...], TermStats | None]


@cache
def _cases() -> tuple[Case, ...]:
    """A 60,000-character book that repeats its terms (as the speed benchmark's does), the
    bundled materials, and the corpus texts with a library's statistics and without."""
    book = long_chinese_text(chars=60_000)
    found = [("book", tuple(sections_from_draft("book", parse_material(book, Path("b.md"), []))))]
    found += [(path.stem, tuple(file_sections(path))) for path in BUNDLED]
    cases: list[Case] = [(name, parts, None) for name, parts in found]
    for text in texts():
        parts = tuple(sections(text.path))
        cases += [(text.id, parts, None), (text.id + "+stats", parts, library_stats(text.path))]
    return tuple(cases)


_READ: dict[tuple[str, bool], Reading] = {}


def _read(case: Case, tight: bool = True) -> Reading:
    name, parts, stats = case
    if (name, tight) not in _READ:
        _READ[name, tight] = read_material(parts, name, stats, tight=tight)
    return _READ[name, tight]


def _rejected(reading: Reading, blank: Blank) -> bool:
    return blank.unit.language == "zh" and always_cut(reading.full_text, blank.text)


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case[0])
def test_tight_bounds_give_the_blanks_the_loose_ones_give_in_their_order(case: Case) -> None:
    reading, loose = _read(case), _read(case, tight=False)
    assert not isinstance(loose.blanks.terms, TightStream)
    if case[0] == "book":  # elsewhere a phrase above its bound keeps the loose stream
        assert isinstance(reading.blanks.terms, TightStream)
    assert reading.blanks.terms.all() == loose.blanks.terms.all()
    assert reading.blanks.all() == loose.blanks.all()


@pytest.mark.parametrize("tight", [True, False])
@pytest.mark.parametrize("case", _cases(), ids=lambda case: case[0])
def test_the_cloze_stream_is_the_term_stream_less_the_terms_always_cut(
    case: Case, tight: bool
) -> None:
    reading = _read(case, tight)
    every = reading.blanks.terms.all()
    kept = list(reading.blanks.terms_without(partial(always_cut, reading.full_text)))
    assert kept == [blank for blank in every if not _rejected(reading, blank)]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case[0])
def test_a_term_always_cut_never_makes_a_cloze(case: Case) -> None:
    reading = _read(case)
    for blank in reading.blanks.terms.all():
        if _rejected(reading, blank):
            unit = blank.unit
            assert cut_inside(unit.text, blank.start, blank.end, reading.full_text)
            assert not fit_for("cloze", blank, reading.full_text)


def test_on_a_book_that_repeats_its_terms_most_are_left_out_unread() -> None:
    reading = _read(_cases()[0])
    rejected = partial(always_cut, reading.full_text)
    every = reading.blanks.terms.all()
    kept = list(reading.blanks.terms_without(rejected))
    assert len(kept) * 4 < len(every)  # the shortcut matters here
    units = [unit for text in reading.sections for unit in text.units]
    barren = [unit for unit in units if reading.blanks.key.only(unit, rejected)]
    assert len(barren) * 2 > len(units)
    assert not {id(blank.unit) for blank in kept} & {id(unit) for unit in barren}


SCORES = (0.1, 0.2, 0.3, 0.4)  # few, so that blanks tie


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(SCORES), min_size=1, max_size=3),  # its blanks' scores
            st.integers(0, 2),  # the loose bound: this many steps above the best blank
            st.integers(0, 2),  # the tight one: this many steps above the best, at most loose
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from((1.0, 0.92, 0.55)),
)
def test_a_tight_stream_gives_a_loose_streams_order_ties_and_all(
    sentences: list[tuple[list[float], int, int]], quality: float
) -> None:
    units = [
        Unit("a", 0, index, 0, "x" * 9, "zh", (), (), "paragraph")
        for index in range(len(sentences))
    ]
    made = {
        id(unit): [
            Blank(unit, start, start + 1, "t", "term", score * quality)
            for start, score in enumerate(scores)
        ]
        for unit, (scores, _, _) in zip(units, sentences, strict=True)
    }
    loose = [_above(max(scores), up) for scores, up, _ in sentences]
    tight = [_above(max(scores), min(up, down)) for scores, up, down in sentences]

    def make(unit: Unit, quality: float) -> list[Blank]:
        return made[id(unit)]

    waiting = [(-loose[unit.index] * quality, unit.index, unit, quality) for unit in units]
    entries = [
        (bound, False, sequence, unit, quality, -bound, False)
        for bound, sequence, unit, quality in waiting
    ]
    tight_stream = TightStream(entries, make, lambda unit: tight[unit.index])
    assert list(tight_stream) == list(BlankStream(waiting, make))


def _above(score: float, steps: int) -> float:
    return SCORES[min(SCORES.index(score) + steps, len(SCORES) - 1)] if steps else score
