"""``studyapp doctor``: check the database, and name the backup to restore when it is not well."""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.common import Context, dump, open_service, safe
from studyapp.i18n import _

if TYPE_CHECKING:
    from pathlib import Path


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON on stdout.")
@click.pass_obj
def doctor_command(context: Context, as_json: bool) -> None:
    """Check the database: SQLite integrity, foreign keys and studyapp's own invariants."""
    from studyapp.services.backup import newest_good_backup

    checks = _run_checks(context)
    healthy = all(check["ok"] for check in checks)
    good = None if healthy else newest_good_backup(context.locations, check_unknown=True)
    command = f"studyapp restore {shlex.quote(str(good))}" if good else None
    if as_json:
        dump(
            {
                "ok": healthy,
                "checks": checks,
                "newest_good_backup": str(good) if good else None,
                "restore_command": command,
            }
        )
    else:
        _print(checks, healthy, good, command)
    sys.exit(0 if healthy else 1)


def _run_checks(context: Context) -> list[dict[str, Any]]:
    """The checks as JSON-ready dicts; a damaged file is one failed check, never a traceback."""
    from studyapp.services.backup import database_damage

    damage = database_damage(context.locations)
    if damage is not None:
        return [{"name": "sqlite_file", "ok": False, "problems": [damage]}]
    service = open_service(context)
    try:
        return [
            {"name": c.name, "ok": c.ok, "problems": list(c.problems)} for c in service.doctor()
        ]
    finally:
        service.close()


def _print(
    checks: list[dict[str, Any]], healthy: bool, good: Path | None, command: str | None
) -> None:
    for check in checks:
        click.echo(f"{'ok  ' if check['ok'] else 'FAIL'}  {check['name']}")
        for problem in check["problems"]:
            click.echo(f"      {safe(problem)}")
    click.echo(_("All checks passed.") if healthy else _("Problems found."))
    if healthy:
        return
    if good is None:
        click.echo("No checked backup was found in the backups folder.")
    else:
        click.echo(
            f"The newest good backup is {safe(str(good))}; to restore it, quit studyapp and run:"
        )
        click.echo(f"  {safe(command or '')}")
