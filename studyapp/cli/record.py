"""``backup``/``restore`` on a PostgreSQL server: the learner's record as JSON."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.backup import confirmed, counts_line, human_size
from studyapp.cli.common import Context, dump, fail, open_service, safe
from studyapp.i18n import _

if TYPE_CHECKING:
    from studyapp.services.record_io import RecordFile


def record_json(made: RecordFile) -> dict[str, Any]:
    """The JSON shape of a record backup (the same fields as a SQLite backup's)."""
    return {
        "path": str(made.path),
        "bytes": made.size,
        "revision": made.header.get("schema_revision"),
        "counts": made.header.get("counts", {}),
        "last_activity": None,
    }


def backup_on_server(context: Context, out: Path | None, as_json: bool) -> None:
    """``backup`` on PostgreSQL: the connecting learner's record as a JSON file."""
    from studyapp.services.record_io import RecordIOError

    service = open_service(context)
    try:
        made = service.backup_record(out)
    except RecordIOError as error:
        fail(_("backup failed: {reason}").format(reason=error))
    except OSError as error:
        fail(_("backup failed: {reason}").format(reason=error), 1)
    finally:
        service.close()
    if as_json:
        dump(record_json(made))
        return
    size = human_size(made.size)
    click.echo(_("Backed up to {path} ({size}).").format(path=safe(str(made.path)), size=size))
    click.echo("  " + counts_line(made.header["counts"]))


def restore_on_server(context: Context, source: Path, yes: bool, as_json: bool) -> None:
    """``restore`` on PostgreSQL: replace the connecting learner's record with a JSON record.

    The learner's current record is first written to ``backups/before-restore-….json``.
    """
    from studyapp.services.record_io import RecordIOError, describe_record

    try:
        backup = describe_record(source)
    except RecordIOError as error:
        fail(_("cannot restore: {reason}. Nothing was changed.").format(reason=error))
    service = open_service(context)
    try:
        if not yes:
            click.echo(_("Backup:  {line}").format(line=counts_line(backup.header["counts"])))
            click.echo(_("Your record on the server will be kept in the backups folder first."))
            if not confirmed(_("Replace your record on the server with this backup?")):
                click.echo(_("Nothing was changed."), err=True)
                sys.exit(1)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = context.locations.backup_dir
        folder.mkdir(parents=True, exist_ok=True)
        previous = service.backup_record(folder / f"before-restore-{stamp}.json")
        restored = service.restore_record(source)
    except RecordIOError as error:
        fail(_("cannot restore: {reason}. Nothing was changed.").format(reason=error))
    except OSError as error:
        fail(_("restore failed: {reason}").format(reason=error))
    finally:
        service.close()
    if as_json:
        dump({"restored": record_json(restored), "previous": str(previous.path), "upgraded": False})
        return
    click.echo(_("Restored {name}.").format(name=safe(source.name)))
    click.echo(_("Your previous record was kept as {path}.").format(path=safe(str(previous.path))))


def refuse_record_on_sqlite(source: Path) -> None:
    """A JSON record given to ``restore`` on SQLite: one line saying what to do instead."""
    fail(
        _(
            "cannot restore: {name} is a JSON record (a server's backup or export json); on a "
            "SQLite file, restore takes a .sqlite backup. Restore it on a server with "
            "--db postgresql://… restore. Nothing was changed."
        ).format(name=safe(source.name))
    )
