"""``studyapp export``: Anki decks, CSV tables, a JSON record and a study report (学习记录)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from studyapp.cli.common import (
    Context,
    dump,
    fail,
    open_service,
    parse_day,
    ready_parent,
    safe,
)
from studyapp.i18n import _, ngettext

T = TypeVar("T")


@click.group("export")
def export_group() -> None:
    """Export quizzes to Anki, the history to CSV or JSON, or a study report."""


def _written(action: Callable[[], T], path: Path) -> T:
    """Run an export; a bad request exits 2, a file that cannot be written exits 1."""
    from studyapp.services.export import ExportError

    try:
        return action()
    except ExportError as error:
        fail(str(error))
    except OSError as error:
        fail(
            _("could not write {path}: {reason}").format(
                path=safe(str(path)), reason=safe(error.strerror or str(error))
            ),
            1,
        )


@export_group.command("anki")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--material", "materials", multiple=True, help="Only this material (repeat for more)."
)
@click.option("--parents", is_flag=True, help="Create missing parent folders.")
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON on stdout.")
@click.pass_obj
def export_anki(
    context: Context, out: Path, materials: tuple[str, ...], parents: bool, as_json: bool
) -> None:
    """Write the quiz questions you have seen (flagged ones left out) as an Anki deck OUT.apkg."""
    ready_parent(out, parents)
    service = open_service(context)
    result = _written(lambda: service.export_anki(out, list(materials) or None), out)
    service.close()
    if as_json:
        dump(
            {
                "path": str(result.path),
                "notes": result.notes,
                "cloze": result.cloze,
                "basic": result.basic,
                "materials": list(result.materials),
            }
        )
        return
    click.echo(
        _("Wrote {notes} notes ({cloze} cloze, {basic} question) to {path}").format(
            notes=result.notes, cloze=result.cloze, basic=result.basic, path=safe(str(out))
        )
    )
    if not result.notes:
        click.echo(_("No questions yet: take a quiz first (studyapp quiz MATERIAL --plain)."))


@export_group.command("csv")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--parents", is_flag=True, help="Create missing parent folders.")
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON on stdout.")
@click.pass_obj
def export_csv(context: Context, folder: Path, parents: bool, as_json: bool) -> None:
    """Write reading sessions, quiz answers, reviews and notes as CSV files into FOLDER."""
    ready_parent(folder, parents)
    service = open_service(context)
    files = _written(lambda: service.export_csv(folder), folder)
    service.close()
    if as_json:
        dump(
            {
                "directory": str(folder),
                "files": [{"table": f.table, "path": str(f.path), "rows": f.rows} for f in files],
            }
        )
        return
    for f in files:
        line = ngettext("{path}: {rows} row", "{path}: {rows} rows", f.rows)
        click.echo(line.format(path=safe(str(f.path)), rows=f.rows))


@export_group.command("json")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--parents", is_flag=True, help="Create missing parent folders.")
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON on stdout.")
@click.pass_obj
def export_json(context: Context, out: Path, parents: bool, as_json: bool) -> None:
    """Write everything needed to rebuild your record (not the materials' text) to OUT."""
    ready_parent(out, parents)
    service = open_service(context, check=True)
    result = _written(lambda: service.export_json(out), out)
    service.close()
    if as_json:
        dump({"path": str(result.path), "counts": result.counts})
        return
    click.echo(
        _("Wrote {rows} rows from {tables} tables to {path}").format(
            rows=sum(result.counts.values()), tables=len(result.counts), path=safe(str(out))
        )
    )


@export_group.command("report")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--from", "first", help="First day (YYYY-MM-DD); default the first record.")
@click.option("--to", "last", help="Last day (YYYY-MM-DD); default today.")
@click.option("--parents", is_flag=True, help="Create missing parent folders.")
@click.option("--json", "as_json", is_flag=True, help="Print a summary as JSON on stdout.")
@click.pass_obj
def export_report(
    context: Context, out: Path, first: str | None, last: str | None, parents: bool, as_json: bool
) -> None:
    """Write your study record (学习记录) for a period as Markdown, in the UI language."""
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if start and end and start > end:
        fail(_("--from {first} is after --to {last}").format(first=start, last=end))
    ready_parent(out, parents)
    service = open_service(context)
    result = _written(lambda: service.export_report(out, start, end), out)
    service.close()
    minutes = result.minutes_by_day
    if as_json:
        dump(
            {
                "path": str(result.path),
                "from": result.first.isoformat(),
                "to": result.last.isoformat(),
                "empty": result.empty,
                "total_minutes": round(sum(minutes.values()), 1),
                "days_studied": len(minutes),
                "minutes_by_day": {d.isoformat(): round(m, 2) for d, m in minutes.items()},
            }
        )
        return
    click.echo(
        _("Wrote the study record for {first} to {last} to {path}").format(
            first=result.first, last=result.last, path=safe(str(out))
        )
    )
    if result.empty:
        click.echo(_("Nothing was recorded in this period."))
