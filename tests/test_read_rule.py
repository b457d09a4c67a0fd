"""The one definition of read: a pure rule (property tests) and what the reader records."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.read_rule import (
    DONE,
    READ,
    UNCONFIRMED,
    SectionRecord,
    finished_at,
    read_through,
    section_read,
    section_state,
    session_counts,
)

minutes = st.floats(min_value=0.0, max_value=30.0, allow_nan=False)
paragraph_lists = st.lists(minutes, min_size=1, max_size=12).map(
    lambda ms: [(i, m) for i, m in enumerate(ms)]
)
shares = st.floats(min_value=0.05, max_value=1.0)
seconds = st.floats(min_value=0.0, max_value=20_000.0, allow_nan=False)


@given(paragraph_lists, seconds, shares)
def test_nothing_is_read_without_reaching_it(paragraphs, active, share) -> None:  # type: ignore[no-untyped-def]
    assert read_through(-1, active, paragraphs, share) == -1
    assert not section_read(-1, active, paragraphs, share)


@given(paragraph_lists, st.integers(-1, 12), shares)
def test_scrolling_alone_reads_nothing_that_takes_time(paragraphs, furthest, share) -> None:  # type: ignore[no-untyped-def]
    last = read_through(furthest, 0.0, paragraphs, share)
    # with no active time only paragraphs that need (next to) no time at all can count
    assert sum(m for p, m in paragraphs if p <= last) * share * 60 <= 1e-9


@given(paragraph_lists, st.integers(-1, 12), seconds, seconds, shares)
def test_more_time_never_reads_less(paragraphs, furthest, a, b, share) -> None:  # type: ignore[no-untyped-def]
    low, high = sorted((a, b))
    assert read_through(furthest, low, paragraphs, share) <= read_through(
        furthest, high, paragraphs, share
    )


@given(paragraph_lists, st.integers(-1, 12), st.integers(-1, 12), seconds, shares)
def test_reaching_further_never_reads_less(paragraphs, f1, f2, active, share) -> None:  # type: ignore[no-untyped-def]
    low, high = sorted((f1, f2))
    assert read_through(low, active, paragraphs, share) <= read_through(
        high, active, paragraphs, share
    )


@given(paragraph_lists, shares)
def test_enough_time_and_the_end_read_the_section(paragraphs, share) -> None:  # type: ignore[no-untyped-def]
    needed = share * sum(m for _p, m in paragraphs) * 60
    assert section_read(len(paragraphs) - 1, needed, paragraphs, share)
    if needed > 1:
        assert not section_read(len(paragraphs) - 1, needed * 0.9, paragraphs, share)
    assert not section_read(len(paragraphs) - 2, needed * 10 + 1, paragraphs, share) or (
        len(paragraphs) == 1
    )


def test_bad_share_is_refused() -> None:
    with pytest.raises(ValueError):
        read_through(0, 1.0, [(0, 1.0)], 0.0)
    with pytest.raises(ValueError):
        session_counts(1.0, 1.0, 1.5)


@given(seconds, st.floats(min_value=0.01, max_value=100), shares)
def test_skimming_sessions_do_not_count(active, expected, share) -> None:  # type: ignore[no-untyped-def]
    assert session_counts(active, expected, share) == (active >= share * expected * 60 - 1e-9)


def test_states_and_finished_moment() -> None:
    t1 = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    t2 = t1 + dt.timedelta(hours=1)
    assert section_state(SectionRecord(marked_at=t2, read_at=t1)) == DONE
    assert finished_at(SectionRecord(marked_at=t2, read_at=t1)) == t1
    assert section_state(SectionRecord(read_at=t1)) == READ
    assert section_state(SectionRecord(read_paragraph=3, unconfirmed=True)) == UNCONFIRMED
    assert finished_at(SectionRecord(read_paragraph=3, unconfirmed=True)) is None


def test_migration_keeps_scrolled_sections_as_unconfirmed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from studyapp.db.engine import make_engine
    from studyapp.db.migrate import HEAD, migrate_to
    from studyapp.db.progress_repo import ProgressRepository
    from studyapp.services.plans import done_keys, unconfirmed_sections

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    migrate_to(engine, "0007")
    with sqlite3.connect(tmp_path / "old.sqlite") as connection:
        connection.execute(
            "INSERT INTO material (id, title, tags, language, required, source, encoding, "
            "file_hash, chars, section_count, imported_at, updated_at) VALUES ('m', 'M', '[]', "
            "'zh', 0, 's', 'utf-8', 'h', 1, 2, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        connection.execute(
            "INSERT INTO section_progress (material_id, section, furthest_paragraph) "
            "VALUES ('m', 'scrolled', 4), ('m', 'opened', -1)"
        )
    migrate_to(engine, HEAD)
    progress = ProgressRepository(engine).section_progress("m")
    by_section = {p.section: p for p in progress}
    assert by_section["scrolled"].state == UNCONFIRMED
    assert by_section["scrolled"].read_paragraph == 4
    assert by_section["opened"].state == "unread"
    assert done_keys(progress) == {"m#scrolled:0-4"}
    assert unconfirmed_sections(progress) == {"m#scrolled"}
    engine.dispose()


def test_skimming_sessions_do_not_raise_the_measured_speed(service) -> None:  # type: ignore[no-untyped-def]
    from studyapp.core.plans import ReadingSpeed, TextSize
    from studyapp.services.plans import reading_speed

    service.import_bundled_if_new()
    before = reading_speed(service)
    assert before == ReadingSpeed()
    start = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    for n in range(5):  # 30 000 characters in two minutes, five times: skimming
        at = start + dt.timedelta(hours=n)
        session = service.progress.open_session("study-campaign-guide", "s", at, at.date(), "zh")
        service.progress.update_session(session, "s", at, 120.0, TextSize(30_000, 30_000, 0))
    assert reading_speed(service) == before
    at = start + dt.timedelta(days=1)  # 2 000 characters in ten minutes: reading
    session = service.progress.open_session("study-campaign-guide", "s", at, at.date(), "zh")
    service.progress.update_session(session, "s", at, 600.0, TextSize(2_000, 2_000, 0))
    assert reading_speed(service).zh_chars_per_minute != before.zh_chars_per_minute
