"""Command line: ``studyapp`` opens the TUI; subcommands import, list and check the library."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from studyapp import __version__
from studyapp.i18n import _, set_language
from studyapp.locations import Locations, resolve_locations

if TYPE_CHECKING:
    from studyapp.services import StudyService
    from studyapp.services.imports import ImportReport

PROGRESS_DELAY = 1.0


@dataclass(frozen=True)
class Context:
    """Options shared by every command."""

    locations: Locations
    language: str


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir", type=click.Path(file_okay=False), help="Data folder (or STUDYAPP_HOME)."
)
@click.option("--db", "db_url", help="SQLAlchemy database URL (or STUDYAPP_DB).")
@click.option("--lang", type=click.Choice(["en", "zh", "zh_CN", "zh-CN"]), help="UI language.")
@click.version_option(__version__, prog_name="studyapp")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, db_url: str | None, lang: str | None) -> None:
    """studyapp: study plans, reading, generated quizzes and spaced review in the terminal."""
    language = set_language(lang)
    ctx.obj = Context(resolve_locations(data_dir, db_url), language)
    if ctx.invoked_subcommand is None:
        _run_tui(ctx.obj)


def _run_tui(context: Context) -> None:
    from studyapp.ui.app import make_app

    app = make_app(context.locations, language=context.language)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


def _open(context: Context) -> StudyService:
    from studyapp.db.migrate import SchemaError
    from studyapp.services import StudyService

    try:
        service = StudyService.open(context.locations)
    except SchemaError as error:
        _fail(str(error))
    for warning in service.settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    return service


def _fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"studyapp: {message}", err=True)
    sys.exit(code)


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _safe(text: str) -> str:
    """Text from files or the DB, with terminal control sequences removed."""
    from studyapp.core.text import strip_controls

    return strip_controls(text)


# -- import -------------------------------------------------------------------------
@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--encoding", help="Force this encoding instead of detecting one.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.pass_obj
def import_command(context: Context, paths: tuple[Path, ...], encoding: str | None, as_json: bool):
    """Import .md, .markdown and .txt files, and folders of them."""
    service = _open(context)
    with _ProgressBar() as bar:
        report = service.import_paths(list(paths), encoding, progress=bar.update)
    if as_json:
        _dump(import_json(report))
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
            }
            for o in report.by_status("imported")
        ],
        "unchanged": [{"path": o.path, "id": o.material_id} for o in report.by_status("unchanged")],
        "refused": [
            {"path": o.path, "reason": o.reason, "code": o.code}
            for o in report.by_status("refused")
        ],
    }


def _print_import(report: ImportReport) -> None:
    for o in report.outcomes:
        path = _safe(o.path)
        if o.status == "imported":
            click.echo(
                _("imported   {path} → {id} ({encoding})").format(
                    path=path, id=o.material_id, encoding=o.encoding
                )
            )
        elif o.status == "unchanged":
            click.echo(_("unchanged  {path} → {id}").format(path=path, id=o.material_id))
        else:
            click.echo(_("refused    {path}: {reason}").format(path=path, reason=o.reason))
        for warning in o.warnings:
            click.echo(_("  warning: {warning}").format(warning=_safe(warning)))
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
        self.progress.update(self.task, completed=done, description=_safe(path.name)[:30])

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


# -- library ------------------------------------------------------------------------
@main.command("library")
@click.option("--json", "as_json", is_flag=True, help="Print the library as JSON on stdout.")
@click.pass_obj
def library_command(context: Context, as_json: bool) -> None:
    """List the materials in the library."""
    service = _open(context)
    service.import_bundled_if_new()
    materials = service.library()
    if as_json:
        _dump([_material_json(m) for m in materials])
    else:
        _print_library(materials)
    service.close()


def _material_json(material: Any) -> dict[str, Any]:
    from studyapp.services import source_path

    return {
        "id": material.id,
        "title": material.title,
        "path": str(source_path(material.source)),
        "language": material.language,
        "chars": material.chars,
        "sections": material.section_count,
        "required": material.required,
        "author": material.author,
        "tags": list(material.tags),
        "description": material.description,
    }


def _print_library(materials: list[Any]) -> None:
    from rich.cells import cell_len, set_cell_size

    if not materials:
        click.echo(_("The library is empty. Add files with: studyapp import PATH"))
        return
    rows = [
        (
            m.id,
            _safe(m.title),
            m.language,
            str(m.section_count),
            str(m.chars),
            _("required") if m.required else "",
        )
        for m in materials
    ]
    header = (_("id"), _("title"), _("language"), _("sections"), _("chars"), "")
    widths = [min(max(cell_len(r[i]) for r in [header, *rows]), 40) for i in range(6)]
    for row in [header, *rows]:
        cells = [set_cell_size(cell, width) for cell, width in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())


# -- doctor and locate -----------------------------------------------------------------
@main.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON on stdout.")
@click.pass_obj
def doctor_command(context: Context, as_json: bool) -> None:
    """Check the database: SQLite integrity, foreign keys and studyapp's own invariants."""
    service = _open(context)
    checks = service.doctor()
    healthy = all(c.ok for c in checks)
    if as_json:
        _dump(
            {
                "ok": healthy,
                "checks": [
                    {"name": c.name, "ok": c.ok, "problems": list(c.problems)} for c in checks
                ],
            }
        )
    else:
        for check in checks:
            click.echo(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}")
            for problem in check.problems:
                click.echo(f"      {_safe(problem)}")
        click.echo(_("All checks passed.") if healthy else _("Problems found."))
    service.close()
    sys.exit(0 if healthy else 1)


@main.command("locate")
@click.option("--json", "as_json", is_flag=True, help="Print the locations as JSON on stdout.")
@click.pass_obj
def locate_command(context: Context, as_json: bool) -> None:
    """Show where studyapp keeps its data, database and settings."""
    from studyapp.locations import bundled_materials_dir

    places = {
        "data_dir": str(context.locations.data_dir),
        "database": context.locations.db_url,
        "config": str(context.locations.config_file),
        "backups": str(context.locations.backup_dir),
        "log": str(context.locations.log_file),
        "bundled_materials": str(bundled_materials_dir()),
    }
    if as_json:
        _dump(places)
        return
    for key, value in places.items():
        click.echo(f"{key:18} {value}")


def run() -> None:
    """Entry point that turns an unexpected error into one line instead of a traceback."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
