"""Cross-material search: parse the query, then let the repository find and locate hits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.core.search import SearchResults, parse_query
from studyapp.db.search_repo import SearchRepository

if TYPE_CHECKING:
    from studyapp.services import StudyService


def search(
    service: StudyService, text: str, material: str | None, limit: int, cells: int
) -> SearchResults:
    """Search every material (or one) for ``text``; see :meth:`StudyService.search`."""
    query = parse_query(text)
    if not query.terms:
        return SearchResults(query, (), truncated=False, indexed=False)
    repository = SearchRepository(service.engine)
    return repository.search(query, material=material, limit=max(limit, 1), cells=cells)
