"""``studyapp import``: files and folders into the library, with a progress bar."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.common import Context, dump, fail, open_service, safe
from studyapp.cli.revision import revision_json, revision_lines
from studyapp.i18n import _, ngettext

if TYPE_CHECKING:
    from studyapp.services.imports import ImportReport

PROGRESS_DELAY = 1.0


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--encoding", help="Force this encoding instead of detecting one.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.option(
    "--allow-duplicate", is_flag=True, help="Import a text the library already holds."
)
@click.option(
    "--replace",
    metavar="ID",
    help="Make the one FILE the new text of material ID, keeping its history.",
)
@click.pass_obj
def import_command(
    context: Context,
    paths: tuple[Path, ...],
    encoding: str | None,
    as_json: bool,
    allow_duplicate: bool,
    replace: str | None,
) -> None:
    """Import .md, .txt, .epub, .docx, .pdf, .html and .mhtml files, and folders of them."""
    from studyapp.services.import_replace import ReplaceError

    service = open_service(context)
    try:
        with _ProgressBar() as bar:
            report = service.import_paths(
                list(paths),
                encoding,
                progress=bar.update,
                allow_duplicate=allow_duplicate,
                replace=replace,
            )
    except ReplaceError as error:
        service.close()
        fail(str(error), error.code)
    if as_json:
        dump(import_json(report))
    else:
        _print_import(report)
    service.close()
    sys.exit(1 if report.refused else 0)


def import_json(report: ImportReport) -> dict[str, list[dict[str, Any]]]:
    """The public ``import --json`` shape."""
    return {
        "imported": [
            {
                "path": o.path,
                "id": o.material_id,
                "title": o.title,
                "encoding": o.encoding,
                "warnings": list(o.warnings),
                "revision": revision_json(o.revision) if o.revision else None,
            }
            for o in report.by_status("imported")
        ],
        "unchanged": [{"path": o.path, "id": o.material_id} for o in report.by_status("unchanged")],
        "duplicates": [
            {"path": o.path, "id": o.material_id} for o in report.by_status("duplicate")
        ],
        "refused": [
            {"path": o.path, "reason": o.reason, "code": o.code}
            for o in report.by_status("refused")
        ],
    }


def _print_import(report: ImportReport) -> None:
    for o in report.outcomes:
        path = safe(o.path)
        if o.status == "imported":
            click.echo(
                _("imported   {path} → {id} ({encoding})").format(
                    path=path, id=o.material_id, encoding=o.encoding
                )
            )
        elif o.status == "unchanged":
            click.echo(_("unchanged  {path} → {id}").format(path=path, id=o.material_id))
        elif o.status == "duplicate":
            line = _("duplicate  {path}: duplicate of {id}")
            click.echo(line.format(path=path, id=o.material_id))
        else:
            click.echo(_("refused    {path}: {reason}").format(path=path, reason=o.reason))
        for warning in o.warnings:
            click.echo(_("  warning: {warning}").format(warning=safe(warning)))
        if o.revision is not None:
            for line in revision_lines(o.revision):
                click.echo("  " + line)
    duplicates = len(report.by_status("duplicate"))
    if duplicates:
        message = ngettext(
            "{n} file holds a text already in the library (--allow-duplicate imports it).",
            "{n} files hold texts already in the library (--allow-duplicate imports them).",
            duplicates,
        )
        click.echo(message.format(n=duplicates))
    click.echo(
        _("{imported} imported, {unchanged} unchanged, {refused} refused.").format(
            imported=len(report.by_status("imported")),
            unchanged=len(report.by_status("unchanged")),
            refused=len(report.refused),
        )
    )


class _ProgressBar:
    """A rich progress bar on stderr that only appears once an import takes over a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> _ProgressBar:
        return self

    def update(self, done: int, total: int, path: Path) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < PROGRESS_DELAY or done >= total:
                return
            self._start(total)
        self.progress.update(self.task, completed=done, description=safe(path.name)[:30])

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task("", total=total)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
