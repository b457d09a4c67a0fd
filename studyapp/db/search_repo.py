"""Searching every paragraph: the trigram index for long terms, a scan for short ones.

Hits come back in library order (then section and paragraph), verified and located
in Python, as core :class:`~studyapp.core.search.SearchHit` objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, column, func, or_, select, table, text
from sqlalchemy.sql.elements import ColumnElement

from studyapp.core.script import spellings
from studyapp.core.search import (
    SearchHit,
    SearchQuery,
    SearchResults,
    find_spans,
    fts_expression,
    make_snippet,
)
from studyapp.db import postgres, search_index
from studyapp.db.materials_repo import STAGING_PREFIX, library_order
from studyapp.db.models import MaterialRow, ParagraphRow, SectionRow, table_of

FIRST_BATCH = 16  # materials scanned first; each later batch is twice as large

_PARAGRAPH = table_of(ParagraphRow)
_SECTION = table_of(SectionRow)
_MATERIAL = table_of(MaterialRow)
_INDEX = table(search_index.TABLE, column("rowid"))


class _Entry(NamedTuple):
    """What library order needs of a material (duck-types ``Material`` for ``library_order``)."""

    id: str
    title: str
    required: bool
    order: int | None


class _Candidate(NamedTuple):
    paragraph_id: int
    material_id: str
    section_position: int
    paragraph_position: int


class SearchRepository:
    """Finds paragraphs holding every term of a query."""

    def __init__(self, engine: Engine, use_index: bool = True) -> None:
        self.engine = engine
        self.use_index = use_index  # False: always scan (the benchmark's baseline)

    def search(
        self, query: SearchQuery, *, material: str | None, limit: int, cells: int
    ) -> SearchResults:
        """The first ``limit`` hits of ``query``, optionally in one material.

        Args:
            query: a parsed query with at least one term.
            material: search only this material's id.
            limit: most hits to return; ``truncated`` says whether there were more.
            cells: terminal cells each snippet may take.
        """
        with self.engine.connect() as connection:
            entries = _library(connection, material)
            titles = {e.id: e.title for e in entries}
            indexed = self.use_index and bool(query.long_terms) and _index_present(connection)
            conditions = _conditions(connection, query, indexed)
            candidates = _candidates(connection, conditions, [e.id for e in entries])
            hits = _resolve(connection, query, candidates, titles, limit + 1, cells)
        return SearchResults(query, tuple(hits[:limit]), len(hits) > limit, indexed)


def _library(connection: Connection, material: str | None) -> list[_Entry]:
    """Materials to search, in library order."""
    statement = select(
        _MATERIAL.c.id, _MATERIAL.c.title, _MATERIAL.c.required, _MATERIAL.c.sort_order
    )
    if material is not None:
        statement = statement.where(_MATERIAL.c.id == material)
    statement = statement.where(~_MATERIAL.c.id.startswith(STAGING_PREFIX))
    entries = [_Entry(*row) for row in connection.execute(statement)]
    return sorted(entries, key=library_order)


def _index_present(connection: Connection) -> bool:
    """SQLite's FTS5 table, or PostgreSQL's pg_trgm index (which serves ILIKE itself)."""
    if connection.dialect.name == "postgresql":
        return postgres.trigram_index_present(connection)
    return search_index.present(connection)


def _short_filters(connection: Connection, terms: Sequence[str]) -> list[ColumnElement[bool]]:
    """LIKE conditions for terms the index cannot answer (SQLite's LIKE ignores ASCII case);
    a Chinese term in either script."""
    column = _PARAGRAPH.c.text
    if connection.dialect.name == "sqlite":
        return [
            or_(*(column.contains(form, autoescape=True) for form in spellings(term)))
            for term in terms
        ]
    return [
        or_(*(column.icontains(form, autoescape=True) for form in spellings(term)))
        for term in terms
    ]


def _conditions(connection: Connection, query: SearchQuery, indexed: bool) -> list[Any]:
    """WHERE conditions on paragraphs: the index for long terms when used, LIKE for the rest."""
    if not indexed or connection.dialect.name == "postgresql":
        return _short_filters(connection, query.terms)
    matching = select(_INDEX.c.rowid).where(
        text(f"{search_index.TABLE} MATCH :match").bindparams(
            match=fts_expression(query.long_terms)
        )
    )
    return [_PARAGRAPH.c.id.in_(matching), *_short_filters(connection, query.short_terms)]


def _candidates(
    connection: Connection, conditions: list[Any], order: list[str]
) -> Iterator[_Candidate]:
    """Matching paragraphs, material batch by batch in library order.

    The first batch is small, so a common term shows its first page after a few
    materials; a rare one ends up reading the whole index (or text) once per batch.
    """
    start, size = 0, FIRST_BATCH
    while start < len(order):
        batch = order[start : start + size]
        rank = {ident: index for index, ident in enumerate(batch)}
        rows = connection.execute(
            select(
                _PARAGRAPH.c.id, _SECTION.c.material_id, _SECTION.c.position, _PARAGRAPH.c.position
            )
            .join(_SECTION, _SECTION.c.id == _PARAGRAPH.c.section_id)
            .where(_SECTION.c.material_id.in_(batch), *conditions)
        ).all()
        found = [_Candidate(*row) for row in rows]
        found.sort(key=lambda c: (rank[c.material_id], c.section_position, c.paragraph_position))
        yield from found
        start, size = start + size, size * 2


def _resolve(
    connection: Connection,
    query: SearchQuery,
    candidates: Iterator[_Candidate],
    titles: dict[str, str],
    wanted: int,
    cells: int,
) -> list[SearchHit]:
    """Load, verify and locate candidates in order until ``wanted`` hits are found."""
    hits: list[SearchHit] = []
    chunk: list[_Candidate] = []
    for candidate in candidates:
        chunk.append(candidate)
        if len(chunk) >= max(wanted - len(hits), 8):
            hits.extend(_located(connection, query, chunk, titles, cells))
            chunk = []
            if len(hits) >= wanted:
                return hits[:wanted]
    hits.extend(_located(connection, query, chunk, titles, cells))
    return hits[:wanted]


def _located(
    connection: Connection,
    query: SearchQuery,
    chunk: list[_Candidate],
    titles: dict[str, str],
    cells: int,
) -> list[SearchHit]:
    """Hits for the candidates whose text really holds every term (case folded as Python does)."""
    if not chunk:
        return []
    earlier = _PARAGRAPH.alias("earlier")
    offset = (
        select(func.coalesce(func.sum(func.length(earlier.c.text) + 2), 0))
        .where(
            earlier.c.section_id == _PARAGRAPH.c.section_id,
            earlier.c.position < _PARAGRAPH.c.position,
        )
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            _PARAGRAPH.c.id,
            _PARAGRAPH.c.text,
            _PARAGRAPH.c.position,
            _SECTION.c.material_id,
            _SECTION.c.anchor,
            _SECTION.c.title,
            offset,
        )
        .join(_SECTION, _SECTION.c.id == _PARAGRAPH.c.section_id)
        .where(_PARAGRAPH.c.id.in_([c.paragraph_id for c in chunk]))
    ).all()
    by_id: dict[int, Any] = {row[0]: row for row in rows}
    hits = []
    for candidate in chunk:
        row = by_id.get(candidate.paragraph_id)
        spans = find_spans(row[1], query.terms) if row is not None else None
        if row is None or spans is None:
            continue
        _ident, body, position, material_id, anchor, section_title, base = row
        first_start, first_end = spans[0]
        hits.append(
            SearchHit(
                material_id=material_id,
                material_title=titles[material_id],
                section=anchor,
                section_title=section_title,
                paragraph=position,
                start=int(base) + first_start,
                end=int(base) + first_end,
                match=body[first_start:first_end],
                snippet=make_snippet(body, spans, cells),
            )
        )
    return hits
