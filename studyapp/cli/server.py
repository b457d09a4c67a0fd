"""``studyapp server init`` and ``studyapp server add-learner``: a reading-class server."""

from __future__ import annotations

import datetime as dt

import click

from studyapp.cli.common import Context, fail
from studyapp.i18n import _


@click.group("server")
def server_group() -> None:
    """Set up a PostgreSQL server where each learner is a database role."""


@server_group.command("init")
@click.pass_obj
def init_command(context: Context) -> None:
    """Migrate the database, protect each learner's rows and grant learners access.

    Run once, as the database's owner; run again after upgrading studyapp.
    """
    from studyapp.services.server import ServerError, init_server

    try:
        revision = init_server(context.locations, dt.datetime.now(dt.UTC))
    except ServerError as error:
        fail(str(error))
    click.echo(
        _("Server ready: schema {revision}, each learner sees only their own record.").format(
            revision=revision
        )
    )


@server_group.command("add-learner")
@click.argument("role")
@click.option("--organiser", is_flag=True, help="The learner may see the class's progress.")
@click.option(
    "--password",
    prompt=True,
    prompt_required=False,
    hide_input=True,
    confirmation_prompt=True,
    default=None,
    help="The role's password; --password alone asks for it. None: peer or trust login.",
)
@click.pass_obj
def add_learner_command(
    context: Context, role: str, organiser: bool, password: str | None
) -> None:
    """Create the database role ROLE if needed and make it a learner here."""
    from studyapp.services.server import ServerError, add_learner_role

    try:
        added = add_learner_role(context.locations, role, password, organiser)
    except ServerError as error:
        fail(str(error))
    if added.created:
        message = _("Created the learner {role}.")
    else:
        message = _("The role {role} is now a learner here.")
    click.echo(message.format(role=role))
    if organiser:
        click.echo(_("{role} is an organiser.").format(role=role))
