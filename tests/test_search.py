"""Cross-material search: query parsing, snippets, the trigram index, the scan fallback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.search import (
    ELLIPSIS,
    find_spans,
    fit_cells,
    fts_expression,
    make_snippet,
    parse_query,
)
from studyapp.core.wrap import text_width
from studyapp.db import search_index
from studyapp.db.engine import make_engine
from studyapp.db.migrate import ensure_schema, migrate_to
from studyapp.locations import Locations
from studyapp.services import StudyService
from tests.conftest import FIXED_NOW, fixed_clock
from tests.search_helpers import section_text, write_search_materials

NASTY = ("[/]", "[bold]", "<script>", "&amp;", '=HYPERLINK("http', "[link=x]")


@pytest.fixture
def library(service: StudyService, tmp_path: Path) -> StudyService:
    """The service with the three search materials imported."""
    report = service.import_paths(write_search_materials(tmp_path / "materials"))
    assert not report.refused
    return service


def _db(locations: Locations) -> sqlite3.Connection:
    return sqlite3.connect(locations.data_dir / "studyapp.sqlite")


# -- the pure part ------------------------------------------------------------------------
def test_queries_are_trimmed_folded_and_split_into_terms() -> None:
    query = parse_query("  ＡＢＣ１２３\u3000学习，（一）  学 abc ")
    assert query.terms == ("ABC123", "学习，（一）")  # 学 and abc are inside longer terms
    assert query.long_terms == query.terms and query.short_terms == ()
    assert parse_query("读书 班").short_terms == ("读书", "班")
    assert parse_query(" \t ").terms == ()
    assert parse_query("a\x1b[31mb").terms == ("ab",)  # control sequences never get through


@pytest.mark.parametrize("raw", ['"', '""', "*", "AND", "NEAR(", "-", "(", "a OR b", "x:y", "^a"])
def test_fts_expressions_quote_every_term(raw: str) -> None:
    expression = fts_expression(parse_query(raw).terms)
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    connection.execute("INSERT INTO t VALUES (?)", (f"before {raw} after",))
    found = connection.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,))
    assert found.fetchone() == (1 if all(len(t) >= 3 for t in parse_query(raw).terms) else 0,)


def test_spans_are_case_insensitive_and_need_every_term() -> None:
    text = "Reading aloud; READING silently; 阅读"
    assert find_spans(text, ("reading",)) == [(0, 7), (15, 22)]
    assert find_spans(text, ("reading", "阅读")) == [(0, 7), (15, 22), (33, 35)]
    assert find_spans(text, ("reading", "书")) is None
    assert find_spans("a [/] b", ("[/]",)) == [(2, 5)]


def test_a_snippet_centres_the_match_and_fits_the_cells() -> None:
    text = "前" * 100 + "关键词" + "后" * 100
    snippet = make_snippet(text, [(100, 103)], 40)
    assert snippet.text.startswith(ELLIPSIS) and snippet.text.endswith(ELLIPSIS)
    assert text_width(snippet.text) <= 40
    start, end = snippet.marks[0]
    assert snippet.text[start:end] == "关键词"
    assert 4 <= text_width(snippet.text[:start]) <= 16  # about a third of the room before it


def test_a_snippet_collapses_white_space_and_keeps_short_text_whole() -> None:
    snippet = make_snippet("a\n\n  [/]\tb", [(5, 8)], 40)
    assert snippet.text == "a [/] b" and snippet.marks == ((2, 5),)
    assert make_snippet("x" * 10, [(0, 1)], 10).text == "x" * 10


@given(
    st.text(alphabet=st.sampled_from("ab 学习\n[/]…"), min_size=1, max_size=200),
    st.integers(8, 100),
    st.data(),
)
def test_snippets_never_exceed_their_cells(text: str, cells: int, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    snippet = make_snippet(text, [(start, end)], cells)
    assert text_width(snippet.text) <= cells
    assert all(0 <= a < b <= len(snippet.text) for a, b in snippet.marks)


def test_fit_cells_cuts_by_terminal_cells() -> None:
    assert fit_cells("学习活动组织指南", 9) == "学习活动…"
    assert fit_cells("short", 9) == "short"


# -- the index and the service ----------------------------------------------------------------
@pytest.mark.sqlite_only("the FTS5 table and its triggers")
def test_a_new_database_has_the_index_and_triggers(service: StudyService) -> None:
    with service.engine.connect() as connection:
        assert search_index.present(connection)


def test_long_terms_use_the_index_and_hits_locate_the_section_text(library: StudyService) -> None:
    results = library.search("笔记是复习")
    assert results.indexed and not results.truncated
    [hit] = results.hits
    assert (hit.material_id, hit.section, hit.paragraph) == ("guide", "第一章-为什么读书", 1)
    assert section_text(library, "guide", hit.section)[hit.start : hit.end] == "笔记是复习"
    assert hit.material_title == "读书班指南" and hit.section_title == "第一章 为什么读书"


@pytest.mark.parametrize("query", ["阅读", "复", "读 班", "阅读之后 笔"])
def test_short_terms_are_found_too(library: StudyService, query: str) -> None:
    results = library.search(query)
    assert results.hits
    assert results.indexed == bool(parse_query(query).long_terms)
    for hit in results.hits:
        text = section_text(library, hit.material_id, hit.section)
        paragraph = text.split("\n\n")[hit.paragraph]
        assert all(term in paragraph for term in parse_query(query).terms)
        assert text[hit.start : hit.end] == hit.match


def test_hits_come_in_library_order_then_section_then_paragraph(library: StudyService) -> None:
    assert [(h.section, h.paragraph) for h in library.search("阅读").hits] == [
        ("第一章-为什么读书", 0),
        ("第一章-为什么读书", 1),
    ]
    keys = [(h.material_id, h.section, h.paragraph) for h in library.search("习").hits]
    assert keys == [
        ("guide", "第一章-为什么读书", 1),
        ("guide", "第二章-怎样复习", 0),
        ("tricky", "第二节-网页与表格", 0),
    ]


def test_case_is_ignored_in_both_paths(library: StudyService) -> None:
    assert [h.match for h in library.search("rEaDiNg").hits] == ["Reading"]
    assert library.search("spaced REPETITION").hits[0].material_id == "guide"
    assert library.search("ＲＥＡＤＩＮＧ").hits[0].material_id == "notes"


@pytest.mark.parametrize("query", ['"', "*", "AND", "NEAR(", "-", "(", 'x" OR "y', "NOT 学"])
def test_operators_typed_by_the_user_never_break_the_query(
    library: StudyService, query: str
) -> None:
    results = library.search(query)
    for hit in results.hits:
        assert hit.match.casefold() in {t.casefold() for t in results.query.terms}


@pytest.mark.parametrize("needle", NASTY)
def test_markup_lookalikes_are_found_literally(library: StudyService, needle: str) -> None:
    [hit] = library.search(needle).hits
    assert hit.material_id == "tricky" and hit.match == needle
    assert needle in hit.snippet.text


def test_limit_truncates_and_material_filters(library: StudyService) -> None:
    results = library.search("习", limit=1)
    assert len(results.hits) == 1 and results.truncated
    only = library.search("习", material="tricky")
    assert [h.material_id for h in only.hits] == ["tricky"] and not only.truncated
    assert library.search("习", material="nope").hits == ()


def test_the_scan_finds_what_the_index_finds(library: StudyService) -> None:
    queries = ["阅读之后", "reading", "=HYPERLINK(", "间隔复习 效果", "&amp;"]
    indexed = {q: library.search(q) for q in queries}
    with library.engine.begin() as connection:
        search_index.drop_search_index(connection)
    for query in queries:
        scanned = library.search(query)
        assert indexed[query].indexed and not scanned.indexed
        assert scanned.hits == indexed[query].hits


def test_reimport_and_removal_keep_the_index_in_sync(library: StudyService, tmp_path: Path) -> None:
    (tmp_path / "materials" / "notes.md").write_text(
        "# English notes\n\n## Reading\n\nSkimming replaced it.\n", encoding="utf-8"
    )
    library.import_paths([tmp_path / "materials" / "notes.md"])
    assert library.search("reading").hits == ()
    assert [h.material_id for h in library.search("skimming").hits] == ["notes"]
    assert library.materials.remove("notes")
    assert library.search("skimming").hits == ()
    with library.engine.connect() as connection:
        assert search_index.in_sync(connection) == []
    assert all(check.ok for check in library.doctor())


@pytest.mark.sqlite_only("FTS5 triggers")
def test_doctor_notices_a_stale_index_and_reindex_repairs_it(library: StudyService) -> None:
    with library.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER paragraph_fts_update")
        connection.exec_driver_sql("UPDATE paragraph SET text = 'changed behind its back'")
    failed = [c.name for c in library.doctor() if not c.ok]
    assert "sqlite_search_index" in failed
    assert library.rebuild_search_index()
    assert all(c.ok for c in library.doctor() if c.name == "sqlite_search_index")
    assert library.search("behind its back").indexed


@pytest.mark.sqlite_only("FTS5 triggers")
def test_a_lost_trigger_is_rebuilt_at_start_up(library: StudyService, locations) -> None:  # type: ignore[no-untyped-def]
    with library.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER paragraph_fts_insert")
    reopened = StudyService.open(locations, fixed_clock)
    try:
        with reopened.engine.connect() as connection:
            assert search_index.present(connection)
            assert search_index.in_sync(connection) == []
    finally:
        reopened.close()


@pytest.mark.sqlite_only("builds an old SQLite file")
def test_an_upgraded_database_gets_a_filled_index(tmp_path: Path, library: StudyService) -> None:
    source = library.database_file()
    assert source is not None
    old = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{old}")
    migrate_to(engine, "0005")
    with sqlite3.connect(source) as src, sqlite3.connect(old) as dst:
        for table in ("material", "section", "paragraph"):
            names = ", ".join(row[1] for row in src.execute(f"PRAGMA table_info({table})"))
            rows = src.execute(f"SELECT {names} FROM {table}").fetchall()
            marks = ",".join("?" * len(rows[0]))
            dst.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    status = ensure_schema(engine, tmp_path / "backups", FIXED_NOW)
    assert status.action == "upgraded"
    with engine.connect() as connection:
        assert search_index.present(connection) and search_index.in_sync(connection) == []
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM paragraph_fts WHERE paragraph_fts MATCH '\"原样显示\"'"
        ).scalar()
    assert found == 2
    engine.dispose()


@pytest.mark.sqlite_only("FTS5 support probe")
def test_without_fts5_the_schema_still_builds_and_search_scans(
    locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "supported", lambda _connection: False)
    service = StudyService.open(locations, fixed_clock)
    try:
        service.import_paths(write_search_materials(tmp_path / "materials"))
        with service.engine.connect() as connection:
            assert not search_index.present(connection)
        results = service.search("原样显示")
        assert not results.indexed and len(results.hits) == 2
        assert all(c.ok for c in service.doctor())
    finally:
        service.close()


def test_an_empty_query_finds_nothing(library: StudyService) -> None:
    results = library.search("   ")
    assert results.hits == () and not results.truncated
