"""``studyapp plan add|list|show|remove|reschedule``: study plans, day by day."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.common import Context, dump, fail, open_service, parse_day, safe
from studyapp.i18n import _

if TYPE_CHECKING:
    from studyapp.services import StudyService


@click.group("plan")
def plan_group() -> None:
    """Study plans: what to read on which day."""


@plan_group.command("add")
@click.argument("materials", nargs=-1)
@click.option(
    "--file",
    "plan_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Create the plan from a TOML plan file.",
)
@click.option("--finish-by", help="Last day (YYYY-MM-DD): the reading is spread evenly.")
@click.option("--minutes-per-day", type=float, help="Reading minutes a day.")
@click.option("--start", help="First day (YYYY-MM-DD); default today.")
@click.option("--name", help="The plan's name; default from the materials' titles.")
@click.option("--json", "as_json", is_flag=True, help="Print the new plan as JSON.")
@click.pass_obj
def plan_add(
    context: Context,
    materials: tuple[str, ...],
    plan_file: Path | None,
    finish_by: str | None,
    minutes_per_day: float | None,
    start: str | None,
    name: str | None,
    as_json: bool,
) -> None:
    """Cut MATERIALS (ids, or id#section) into daily assignments, or load a plan file."""
    from studyapp.services.plans import PlanError

    service = open_service(context)
    service.import_bundled_if_new()
    try:
        if plan_file is not None:
            plan = service.add_plan_from_file(plan_file)
        elif not materials:
            fail(_("name at least one material, or give --file PLAN.toml"))
        else:
            plan = service.add_plan(
                list(materials),
                name=name,
                start=parse_day(start, "--start"),
                finish_by=parse_day(finish_by, "--finish-by"),
                minutes_per_day=minutes_per_day,
            )
    except PlanError as error:
        fail(str(error), 1)
    _show_plan(service, plan, as_json)


@plan_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the plans as JSON.")
@click.pass_obj
def plan_list(context: Context, as_json: bool) -> None:
    """List the study plans with their progress."""
    service = open_service(context)
    rows = [service.plan_progress(p) for p in service.all_plans()]
    if as_json:
        dump([_plan_summary(row) for row in rows])
        return
    if not rows:
        click.echo(_("No plans yet. Create one with: studyapp plan add MATERIAL --finish-by DATE"))
    for row in rows:
        summary = _plan_summary(row)
        click.echo(
            _("{id}  {name}  {start} → {end}  {done}/{total} done, {overdue} days overdue").format(
                id=row.plan.id,
                name=safe(row.plan.name),
                start=summary["start"],
                end=summary["end"],
                done=row.units_done,
                total=row.units_total,
                overdue=summary["overdue_days"],
            )
        )


@plan_group.command("show")
@click.argument("plan", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_obj
def plan_show(context: Context, plan: str | None, as_json: bool) -> None:
    """Show a plan day by day (PLAN is a name or id; optional with a single plan)."""
    from studyapp.services.plans import PlanError

    service = open_service(context)
    try:
        _show_plan(service, service.find_plan(plan), as_json)
    except PlanError as error:
        fail(str(error), 1)


@plan_group.command("remove")
@click.argument("plan")
@click.pass_obj
def plan_remove(context: Context, plan: str) -> None:
    """Delete a plan (reading records are kept)."""
    from studyapp.services.plans import PlanError

    service = open_service(context)
    try:
        found = service.find_plan(plan)
    except PlanError as error:
        fail(str(error), 1)
    service.remove_plan(found.id)
    click.echo(_("Removed plan {name}.").format(name=safe(found.name)))


@plan_group.command("reschedule")
@click.argument("plan", required=False)
@click.option("--finish-by", help="New last day (YYYY-MM-DD); default: keep the plan's end.")
@click.option("--json", "as_json", is_flag=True, help="Print the new plan as JSON.")
@click.pass_obj
def plan_reschedule(
    context: Context, plan: str | None, finish_by: str | None, as_json: bool
) -> None:
    """Spread what is left (overdue included) over the remaining days, from today."""
    from studyapp.services.plans import PlanError

    service = open_service(context)
    try:
        found = service.reschedule_plan(plan, parse_day(finish_by, "--finish-by"))
    except PlanError as error:
        fail(str(error), 1)
    _show_plan(service, found, as_json)


def unit_json(unit: Any, minutes: float, done: bool) -> dict[str, Any]:
    return {
        "material": unit.material_id,
        "section": unit.section,
        "title": unit.title,
        "paragraphs": [unit.first_paragraph, unit.last_paragraph],
        "minutes": round(minutes, 1),
        "done": done,
        "required": unit.required,
    }


def _plan_summary(progress: Any) -> dict[str, Any]:
    plan = progress.plan
    return {
        "id": plan.id,
        "name": plan.name,
        "start": plan.assignments[0].day.isoformat() if plan.assignments else None,
        "end": plan.assignments[-1].day.isoformat() if plan.assignments else None,
        "finish_by": plan.finish_by.isoformat() if plan.finish_by else None,
        "minutes_per_day": plan.minutes_per_day,
        "days": len(plan.assignments),
        "units_done": progress.units_done,
        "units_total": progress.units_total,
        "overdue_days": progress.statuses.count("overdue"),
    }


def _show_plan(service: StudyService, plan: Any, as_json: bool) -> None:
    from studyapp.core.plans import unit_done
    from studyapp.services.plans import done_keys, unconfirmed_sections

    progress = service.plan_progress(plan)
    section_progress = service.section_progress()
    keys = done_keys(section_progress)
    unconfirmed = unconfirmed_sections(section_progress)
    speed = service.reading_speed()
    days = [
        {
            "date": a.day.isoformat(),
            "status": status,
            "minutes": round(a.minutes, 1),
            "units": [
                unit_json(u, u.minutes(speed), unit_done(u, keys))
                | {"unconfirmed": u.section_key in unconfirmed}
                for u in a.units
            ],
        }
        for a, status in zip(plan.assignments, progress.statuses, strict=True)
    ]
    if as_json:
        dump(_plan_summary(progress) | {"schedule": days})
        return
    click.echo(_("Plan {id}: {name}").format(id=plan.id, name=safe(plan.name)))
    for day in days:
        minutes = _("{minutes:.0f} min").format(minutes=day["minutes"])
        click.echo(f"{day['date']}  {status_label(day['status']):6}  {minutes:>8}")
        for unit in day["units"]:
            mark = "✓" if unit["done"] else "·"
            note = ""
            if unit["unconfirmed"]:
                mark, note = "?", "  " + _("(scrolled past, not confirmed as read)")
            click.echo(f"    {mark} {safe(unit['title'])}  ({unit['material']}){note}")


def status_label(status: str) -> str:
    return {
        "done": _("done"),
        "today": _("today"),
        "overdue": _("overdue"),
        "upcoming": _("later"),
        "reread": _("re-read"),
    }.get(status, status)
