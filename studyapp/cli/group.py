"""``studyapp group``: reading classes on a PostgreSQL server.

``create``, ``add``, ``remove``, ``plan``, ``rename`` and ``delete`` are the organiser's;
``progress NAME`` shows a group's members to its organiser; ``progress`` without a
name shows every learner's plans to any organiser, as before named groups existed.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from studyapp.cli.common import Context, dump, fail, open_service, parse_day, safe
from studyapp.i18n import _

if TYPE_CHECKING:
    from studyapp.services import StudyService

_T = TypeVar("_T")


def _on_server(context: Context, action: Callable[[StudyService], _T]) -> _T:
    """Run one group action; a refusal from the server is one line and exit code 2."""
    from studyapp.services.groups import ServerError

    service = open_service(context)
    try:
        return action(service)
    except ServerError as error:
        fail(str(error))


@click.group("group")
def group_group() -> None:
    """Reading classes on a PostgreSQL server (organisers set plans and see progress)."""


@group_group.command("create")
@click.argument("name")
@click.pass_obj
def create_command(context: Context, name: str) -> None:
    """Create the group NAME; you organise it and are its first member."""
    _on_server(context, lambda service: service.create_group(name))
    click.echo(_("Created the group {name}; you organise it.").format(name=safe(name)))


@group_group.command("add")
@click.argument("name")
@click.argument("roles", nargs=-1, required=True)
@click.pass_obj
def add_command(context: Context, name: str, roles: tuple[str, ...]) -> None:
    """Add learners (database roles) to the group NAME; they get its plans."""
    given = _on_server(context, lambda service: service.add_group_members(name, roles))
    for role, plans in given.items():
        click.echo(
            _("Added {role} to {name} ({plans} group plans copied).").format(
                role=role, name=safe(name), plans=plans
            )
        )


@group_group.command("remove")
@click.argument("name")
@click.argument("roles", nargs=-1, required=True)
@click.pass_obj
def remove_command(context: Context, name: str, roles: tuple[str, ...]) -> None:
    """Take learners out of the group NAME; they keep their own copies of its plans."""
    removed = _on_server(context, lambda service: service.remove_group_members(name, roles))
    for role, was_member in removed.items():
        line = _("Removed {role} from {name}.") if was_member else _("{role} was not in {name}.")
        click.echo(line.format(role=role, name=safe(name)))


@group_group.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def delete_command(context: Context, name: str, yes: bool) -> None:
    """Delete the group NAME; its members keep their own copies of its plans."""
    from studyapp.cli.backup import confirmed
    from studyapp.services.groups import ServerError

    service = open_service(context)
    question = _("Delete the group {name}? Its members keep their copies of its plans.")
    try:
        service.require_group_organiser(name)  # refused before asking
        if not yes and not confirmed(question.format(name=safe(name))):
            click.echo(_("Nothing was changed."), err=True)
            sys.exit(1)
        service.delete_group(name)
    except ServerError as error:
        fail(str(error))
    click.echo(_("Deleted the group {name}.").format(name=safe(name)))


@group_group.command("rename")
@click.argument("name")
@click.argument("new")
@click.pass_obj
def rename_command(context: Context, name: str, new: str) -> None:
    """Rename the group NAME to NEW; members and plans stay."""
    _on_server(context, lambda service: service.rename_group(name, new))
    click.echo(_("Renamed the group {name} to {new}.").format(name=safe(name), new=safe(new)))


@group_group.command("plan")
@click.argument("name")
@click.argument("materials", nargs=-1, required=True)
@click.option("--finish-by", required=True, help="Last day (YYYY-MM-DD).")
@click.option("--start", help="First day (YYYY-MM-DD); default today.")
@click.option("--plan-name", help="The plan's name; default the group's name.")
@click.pass_obj
def plan_command(
    context: Context,
    name: str,
    materials: tuple[str, ...],
    finish_by: str,
    start: str | None,
    plan_name: str | None,
) -> None:
    """Plan MATERIALS for every member of NAME: each gets their own copy."""
    from studyapp.services.groups import PlanError, ServerError

    service = open_service(context)
    service.import_bundled_if_new()
    try:
        plan, given = service.set_group_plan(
            name,
            list(materials),
            plan_name=plan_name,
            start=parse_day(start, "--start"),
            finish_by=parse_day(finish_by, "--finish-by") or dt.date.today(),
        )
    except PlanError as error:
        fail(str(error), 1)
    except ServerError as error:
        fail(str(error))
    click.echo(
        _("Plan {plan}: {days} days, given to {members} other members.").format(
            plan=safe(plan.name), days=len(plan.assignments), members=given
        )
    )


@group_group.command("progress")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the progress as JSON.")
@click.pass_obj
def progress_command(context: Context, name: str | None, as_json: bool) -> None:
    """The members of NAME: minutes this week, group plans read, quiz accuracy, reviews due.

    Without NAME: every learner's plan progress (any organiser).
    """
    if name is None:
        _every_learner(context, as_json)
        return
    members = _on_server(context, lambda service: service.group_progress(name))
    if as_json:
        dump({"group": name, "members": [member.to_json() for member in members]})
        return
    for member in members:
        mark = _(" (behind)") if member.behind else ""
        accuracy = "-" if member.accuracy is None else f"{member.accuracy:.0%}"
        click.echo(
            _(
                "{learner}{mark}: {minutes:.0f} min this week, read {done}/{total}, "
                "accuracy {accuracy}, {due} reviews due"
            ).format(
                learner=safe(member.learner),
                mark=mark,
                minutes=member.minutes_this_week,
                done=member.units_done,
                total=member.units_total,
                accuracy=accuracy,
                due=member.reviews_due,
            )
        )


def _every_learner(context: Context, as_json: bool) -> None:
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
