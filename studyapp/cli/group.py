"""``studyapp group progress``: every learner's plan progress, for an organiser."""

from __future__ import annotations

import datetime as dt

import click

from studyapp.cli.common import Context, dump, fail, safe
from studyapp.i18n import _


@click.group("group")
def group_group() -> None:
    """The reading class on a PostgreSQL server (for organisers)."""


@group_group.command("progress")
@click.option("--json", "as_json", is_flag=True, help="Print the progress as JSON.")
@click.pass_obj
def progress_command(context: Context, as_json: bool) -> None:
    """Every learner's plan progress; those with unread past days are marked behind."""
    from studyapp.services.server import ServerError, class_progress

    try:
        standings = class_progress(context.locations, dt.date.today())
    except ServerError as error:
        fail(str(error))
    if as_json:
        dump({"learners": [standing.to_json() for standing in standings]})
        return
    for standing in standings:
        mark = _(" (behind)") if standing.behind else ""
        click.echo(f"{safe(standing.learner)}{mark}")
        for plan in standing.plans:
            click.echo(f"  {safe(plan.name)}: {plan.units_done}/{plan.units_total}")
