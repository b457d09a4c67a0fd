"""``studyapp stats``: reading minutes, streaks, reading speed and plan progress."""

from __future__ import annotations

import click

from studyapp.cli.common import Context, dump, open_service, safe
from studyapp.i18n import _


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_obj
def stats_command(context: Context, as_json: bool) -> None:
    """Reading minutes per day, streaks, sections finished, reading speed, plan progress."""
    service = open_service(context, check=True)
    view = service.stats_view()
    data = view.to_json()
    if as_json:
        dump(data)
        return
    click.echo(
        _(
            "Total {minutes:.0f} min · streak {streak} days (best {best}) · "
            "{sections} sections finished"
        ).format(
            minutes=data["total_minutes"],
            streak=data["streak"],
            best=data["best_streak"],
            sections=data["sections_finished"],
        )
    )
    speed = data["reading_speed"]
    click.echo(
        _("Reading speed: {zh:.0f} Chinese characters or {en:.0f} English words a minute").format(
            zh=speed["zh_chars_per_minute"], en=speed["en_words_per_minute"]
        )
    )
    for plan in data["plans"]:
        click.echo(f"  {safe(plan['name'])}: {plan['units_done']}/{plan['units_total']}")
