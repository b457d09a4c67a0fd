"""``studyapp backup`` and ``studyapp restore``: copies of the learner's whole record."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.common import Context, dump, fail, open_service, ready_parent, safe
from studyapp.i18n import _

if TYPE_CHECKING:
    from studyapp.services.backup import BackupFile, DatabaseSummary


@click.command("backup")
@click.argument("out", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--list", "list_only", is_flag=True, help="List the backups instead of making one.")
@click.option("--parents", is_flag=True, help="Create missing parent folders of OUT.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.pass_obj
def backup_command(
    context: Context, out: Path | None, list_only: bool, parents: bool, as_json: bool
) -> None:
    """Copy the database to OUT (default: a dated file in the backups folder).

    Safe while studyapp is running in another terminal. On a PostgreSQL server, OUT is
    the connecting learner's record as JSON (the format of export json).
    """
    from studyapp.services.backup import BackupError, list_backups, refuse_damaged
    from studyapp.services.record_io import list_record_backups, on_server

    if list_only:
        listing = list_record_backups if on_server(context.locations) else list_backups
        _print_backups(listing(context.locations), as_json)
        return
    if out is not None:
        ready_parent(out, parents)
    if on_server(context.locations):  # the learner's record as JSON
        from studyapp.cli.record import backup_on_server

        backup_on_server(context, out, as_json)
        return
    try:
        refuse_damaged(context.locations)  # before opening: a damaged file cannot be opened
    except BackupError as error:
        fail(_("backup failed: {reason}").format(reason=error))
    service = open_service(context)
    try:
        made = service.backup(out)
    except BackupError as error:
        fail(_("backup failed: {reason}").format(reason=error))
    except OSError as error:  # the target could not be written: a file problem, exit 1
        fail(_("backup failed: {reason}").format(reason=error), 1)
    finally:
        service.close()
    if as_json:
        dump(backup_json(made))
    else:
        click.echo(
            _("Backed up to {path} ({size}).").format(
                path=safe(str(made.path)), size=human_size(made.size)
            )
        )
        click.echo("  " + _summary_line(made.summary))


@click.command("restore")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.pass_obj
def restore_command(context: Context, source: Path, yes: bool, as_json: bool) -> None:
    """Replace the database with the backup SOURCE, after checking it.

    The current database is kept in the backups folder first. Quit studyapp before
    restoring. On a PostgreSQL server, SOURCE is a JSON record and replaces only the
    connecting learner's record, in one transaction.
    """
    from studyapp.services.backup import BackupError, current_summary, describe, restore
    from studyapp.services.record_io import looks_like_record, on_server

    if on_server(context.locations):  # a JSON record replaces the learner's rows
        from studyapp.cli.record import restore_on_server

        restore_on_server(context, source, yes, as_json)
        return
    if looks_like_record(source):
        from studyapp.cli.record import refuse_record_on_sqlite

        refuse_record_on_sqlite(source)
    try:
        backup = describe(source, schema=True)
        current = current_summary(context.locations)
    except BackupError as error:
        fail(_("cannot restore: {reason}. Nothing was changed.").format(reason=error))
    if not yes:
        _explain(backup, current)
        if not confirmed(_("Replace the current record with this backup?")):
            click.echo(_("Nothing was changed."), err=True)
            sys.exit(1)
    try:
        result = restore(context.locations, source, dt.datetime.now(dt.UTC))
    except BackupError as error:
        fail(_("cannot restore: {reason}. Nothing was changed.").format(reason=error))
    except OSError as error:
        fail(_("restore failed: {reason}").format(reason=error))
    if as_json:
        dump(
            {
                "restored": backup_json(result.restored),
                "previous": str(result.previous) if result.previous else None,
                "upgraded": result.upgraded,
            }
        )
        return
    click.echo(_("Restored {name}.").format(name=safe(source.name)))
    if result.previous:
        click.echo(
            _("The replaced database was kept as {path}.").format(path=safe(str(result.previous)))
        )


def confirmed(question: str) -> bool:
    """Ask yes/no (default no); an answer read from a pipe is echoed so the transcript reads."""
    answer = click.confirm(question, default=False)
    if not sys.stdin.isatty():
        click.echo("y" if answer else "n")
    return answer


def backup_json(made: BackupFile) -> dict[str, Any]:
    """The public JSON shape of one checked backup file."""
    return {
        "path": str(made.path),
        "bytes": made.size,
        "revision": made.summary.revision,
        "counts": made.summary.counts,
        "last_activity": _utc_text(made.summary.last_activity),
    }


def _print_backups(paths: list[Path], as_json: bool) -> None:
    stats = [(p, p.stat()) for p in paths]
    rows = [(p, st.st_size, dt.datetime.fromtimestamp(st.st_mtime)) for p, st in stats]
    if as_json:
        dump([{"path": str(p), "bytes": n, "modified": t.isoformat()} for p, n, t in rows])
        return
    if not rows:
        click.echo(_("No backups yet."))
    for path, size, modified in rows:
        click.echo(f"{modified:%Y-%m-%d %H:%M}  {human_size(size):>9}  {safe(str(path))}")


def _explain(backup: BackupFile, current: DatabaseSummary | None) -> None:
    click.echo(_("Backup:  {line}").format(line=_summary_line(backup.summary)))
    if current is None:
        click.echo(_("Current: no readable database"))
    else:
        click.echo(_("Current: {line}").format(line=_summary_line(current)))
    click.echo(_("The current database will be kept in the backups folder first."))


def counts_line(counts: dict[str, int]) -> str:
    """What a backup or a record holds, in one line."""
    return _(
        "{materials} materials, {sessions} reading sessions, {notes} notes, "
        "{answers} quiz answers, {cards} review cards"
    ).format(
        materials=counts.get("material", 0),
        sessions=counts.get("reading_session", 0),
        notes=counts.get("note", 0),
        answers=counts.get("quiz_answer", 0),
        cards=counts.get("review_card", 0),
    )


def _summary_line(summary: DatabaseSummary) -> str:
    line = counts_line(summary.counts)
    last = _local_text(summary.last_activity)
    if last is None:
        return line
    return _("{counts}; last activity {when}").format(counts=line, when=last)


def _utc_text(stored: str | None) -> str | None:
    """A stored naive-UTC timestamp as ISO 8601 with its zone."""
    if stored is None:
        return None
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC).isoformat()


def _local_text(stored: str | None) -> str | None:
    if stored is None:
        return None
    moment = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC).astimezone()
    return f"{moment:%Y-%m-%d %H:%M}"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"
