"""``studyapp today``: today's reading, the daily goal, the streak and reviews due."""

from __future__ import annotations

import click

from studyapp.cli.common import Context, dump, open_service, safe
from studyapp.cli.plan import status_label, unit_json
from studyapp.i18n import _, ngettext


@click.command("today")
@click.option("--json", "as_json", is_flag=True, help="Print today's list as JSON.")
@click.pass_obj
def today_command(context: Context, as_json: bool) -> None:
    """Today's reading (and overdue reading), daily goal, streak and reviews due."""
    service = open_service(context, check=True)
    view = service.today_view()
    items = [
        unit_json(i.unit, i.minutes, i.done)
        | {"plan": i.plan, "date": i.day.isoformat(), "status": i.status}
        for i in view.items
    ]
    data = {
        "date": view.date.isoformat(),
        "goal_minutes": view.goal_minutes,
        "minutes_today": round(view.minutes_today, 1),
        "streak": view.streak,
        "reviews_due": view.reviews_due,
        "items": items,
    }
    if as_json:
        dump(data)
        return
    reviews = ngettext("{n} review due", "{n} reviews due", view.reviews_due)
    click.echo(
        _("{date}: {minutes:.0f} of {goal:.0f} minutes read · streak {streak} days · ").format(
            date=data["date"],
            minutes=view.minutes_today,
            goal=view.goal_minutes,
            streak=view.streak,
        )
        + reviews.format(n=view.reviews_due)
    )
    if not view.items:
        click.echo(_("Nothing assigned for today."))
    for item in items:
        mark = "✓" if item["done"] else ("!" if item["status"] == "overdue" else "·")
        click.echo(
            f"  {mark} {safe(item['title'])}  ({item['material']}#{item['section']})"
            f"  {_('{minutes:.0f} min').format(minutes=item['minutes'])}"
            f"  {status_label(item['status'])}"
        )
