"""``studyapp transfer --to URL``: the local record copied into a PostgreSQL server."""

from __future__ import annotations

import click

from studyapp.cli.backup import counts_line
from studyapp.cli.common import Context, dump, fail, open_service, safe
from studyapp.i18n import _


@click.command("transfer")
@click.option("--to", "url", required=True, help="The server: postgresql://ROLE@HOST/DATABASE.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.pass_obj
def transfer_command(context: Context, url: str, as_json: bool) -> None:
    """Copy this (SQLite) record into a PostgreSQL server as the connecting learner.

    Materials the server lacks are copied too. Refused if the server already holds a
    record for that learner, so running it twice never doubles anything.
    """
    from studyapp.services.record_io import RecordIOError

    service = open_service(context)
    try:
        done = service.transfer_record(url)
    except RecordIOError as error:
        fail(_("transfer refused: {reason}. Nothing was changed.").format(reason=error))
    finally:
        service.close()
    if as_json:
        dump({"counts": done.counts, "materials_copied": list(done.materials_copied)})
        return
    click.echo(_("Copied to the server: {line}.").format(line=counts_line(done.counts)))
    if done.materials_copied:
        click.echo(
            _("Materials added to the server's library: {ids}").format(
                ids=safe(", ".join(done.materials_copied))
            )
        )
