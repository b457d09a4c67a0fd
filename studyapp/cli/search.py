"""``studyapp search``: find text across every material, as lines or as JSON."""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.common import Context, dump, fail, open_service, safe
from studyapp.i18n import _, ngettext

if TYPE_CHECKING:
    from studyapp.core.search import SearchHit, SearchResults

JSON_SNIPPET_CELLS = 72


@click.command("search")
@click.argument("query", nargs=-1)
@click.option("--material", "material", metavar="ID", help="Search only this material.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Most results to print.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON on stdout.")
@click.option("--reindex", is_flag=True, help="Rebuild the search index first.")
@click.pass_obj
def search_command(
    context: Context,
    query: tuple[str, ...],
    material: str | None,
    limit: int,
    as_json: bool,
    reindex: bool,
) -> None:
    """Find QUERY in every material: paragraphs holding all of its words.

    Case and full-width letters are ignored. Exit status: 0 when something was
    found, 1 when nothing was, 2 on an error.
    """
    service = open_service(context)
    try:
        if reindex:
            service.rebuild_search_index()
            if not query:
                click.echo(_("Search index rebuilt."), err=True)
                return
        if not " ".join(query).strip():
            fail(_("nothing to search for: give a word or phrase"))
        if material is not None and service.material(material) is None:
            fail(_("no material {id}").format(id=material))
        cells = JSON_SNIPPET_CELLS if as_json else _terminal_cells()
        results = service.search(" ".join(query), material=material, limit=limit, cells=cells)
    finally:
        service.close()
    if as_json:
        dump(search_json(results))
    else:
        _print_results(results)
    sys.exit(0 if results.hits else 1)


def search_json(results: SearchResults) -> dict[str, Any]:
    """The public ``search --json`` shape (field names are stable)."""
    return {
        "query": results.query.text,
        "terms": list(results.query.terms),
        "count": len(results.hits),
        "truncated": results.truncated,
        "results": [_hit_json(hit) for hit in results.hits],
    }


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "material": hit.material_id,
        "title": hit.material_title,
        "section": hit.section,
        "section_title": hit.section_title,
        "paragraph": hit.paragraph,
        "start": hit.start,
        "end": hit.end,
        "match": hit.match,
        "snippet": hit.snippet.text,
        "marks": [list(mark) for mark in hit.snippet.marks],
    }


def _terminal_cells() -> int:
    return max(shutil.get_terminal_size((80, 24)).columns - 4, 20)


def _print_results(results: SearchResults) -> None:
    query = safe(results.query.text)
    if not results.hits:
        click.echo(_("No results for {query}.").format(query=safe(query)))
        return
    for hit in results.hits:
        click.echo(
            f"{safe(hit.material_title)} · {safe(hit.section_title)}"
            f"  ({hit.material_id}#{hit.section}, ¶{hit.paragraph + 1})"
        )
        click.echo("    " + _marked(hit))
    count = len(results.hits)
    if results.truncated:
        click.echo(_("First {n} results shown; use --limit for more.").format(n=count))
    else:
        click.echo(ngettext("{n} result.", "{n} results.", count).format(n=count))


def _marked(hit: SearchHit) -> str:
    """The snippet, its matches in bold (click drops the styling when not on a terminal)."""
    text, out, last = hit.snippet.text, [], 0
    for start, end in hit.snippet.marks:
        out += [safe(text[last:start]), click.style(safe(text[start:end]), bold=True)]
        last = end
    out.append(safe(text[last:]))
    return "".join(out)
