"""Command line: ``studyapp`` opens the TUI; subcommands import, list and check the library."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studyapp import __version__
from studyapp.commands.backup import backup_command, restore_command
from studyapp.commands.checks import check_material_and_section
from studyapp.commands.common import Context, dump, fail, open_service, parse_day, safe
from studyapp.commands.doctor import doctor_command
from studyapp.commands.errors import guarded, remember_log_file, report
from studyapp.commands.export import export_group
from studyapp.commands.search import search_command
from studyapp.commands.serve import serve_command
from studyapp.config import configured_language
from studyapp.i18n import _, ngettext, set_language
from studyapp.locations import resolve_locations

if TYPE_CHECKING:
    from studyapp.services import StudyService
    from studyapp.services.imports import ImportReport

PROGRESS_DELAY = 1.0


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
    locations = resolve_locations(data_dir, db_url)
    language = set_language(lang or configured_language(locations))
    remember_log_file(locations.log_file)
    ctx.obj = Context(locations, language)
    if ctx.invoked_subcommand is None:
        _run_tui(ctx.obj)


def _run_tui(context: Context) -> None:
    from studyapp.ui.app import make_app
    from studyapp.ui.shutdown import run_app

    app = make_app(context.locations, language=context.language)
    run_app(app, app.guard)
    _exit_after(app)


def _exit_after(app: Any) -> None:
    """After the TUI: an error that ended it becomes the one line; else its return code."""
    if app.failure is not None:
        sys.exit(report(app.failure))
    if app.return_code:
        sys.exit(app.return_code)


# -- import -------------------------------------------------------------------------
@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--encoding", help="Force this encoding instead of detecting one.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@click.option(
    "--allow-duplicate", is_flag=True, help="Import a text the library already holds."
)
@click.pass_obj
def import_command(
    context: Context,
    paths: tuple[Path, ...],
    encoding: str | None,
    as_json: bool,
    allow_duplicate: bool,
):
    """Import .md, .txt, .epub, .docx, .pdf, .html and .mhtml files, and folders of them."""
    service = open_service(context)
    with _ProgressBar() as bar:
        report = service.import_paths(
            list(paths), encoding, progress=bar.update, allow_duplicate=allow_duplicate
        )
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


# -- library ------------------------------------------------------------------------
@main.command("library")
@click.option("--json", "as_json", is_flag=True, help="Print the library as JSON on stdout.")
@click.pass_obj
def library_command(context: Context, as_json: bool) -> None:
    """List the materials in the library."""
    service = open_service(context, check=True)
    service.import_bundled_if_new()
    materials = service.library()
    if as_json:
        dump([_material_json(m) for m in materials])
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
    from studyapp.core.duplicates import display_titles

    titles = display_titles(materials)
    rows = [
        (
            m.id,
            safe(titles[m.id]),
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


# -- locate -------------------------------------------------------------------------
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
        "exports": str(context.locations.export_dir),
        "log": str(context.locations.log_file),
        "bundled_materials": str(bundled_materials_dir()),
    }
    if as_json:
        dump(places)
        return
    for key, value in places.items():
        click.echo(f"{key:18} {value}")


# -- plans, today, stats, read ---------------------------------------------------------
@main.group("plan")
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
    from studyapp.services import plans

    service = open_service(context)
    service.import_bundled_if_new()
    try:
        if plan_file is not None:
            plan = plans.add_plan_from_file(service, plan_file)
        elif not materials:
            fail(_("name at least one material, or give --file PLAN.toml"))
        else:
            plan = plans.add_plan(
                service,
                list(materials),
                name=name,
                start=parse_day(start, "--start"),
                finish_by=parse_day(finish_by, "--finish-by"),
                minutes_per_day=minutes_per_day,
            )
    except plans.PlanError as error:
        fail(str(error), 1)
    _show_plan(service, plan, as_json)


@plan_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the plans as JSON.")
@click.pass_obj
def plan_list(context: Context, as_json: bool) -> None:
    """List the study plans with their progress."""
    from studyapp.services import plans

    service = open_service(context)
    rows = [
        plans.plan_progress(service, p) for p in service.plans.all(plans.reading_speed(service))
    ]
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
    from studyapp.services import plans

    service = open_service(context)
    try:
        _show_plan(service, plans.find_plan(service, plan), as_json)
    except plans.PlanError as error:
        fail(str(error), 1)


@plan_group.command("remove")
@click.argument("plan")
@click.pass_obj
def plan_remove(context: Context, plan: str) -> None:
    """Delete a plan (reading records are kept)."""
    from studyapp.services import plans

    service = open_service(context)
    try:
        found = plans.find_plan(service, plan)
    except plans.PlanError as error:
        fail(str(error), 1)
    service.plans.remove(found.id)
    click.echo(_("Removed plan {name}.").format(name=safe(found.name)))


@plan_group.command("reschedule")
@click.argument("plan", required=False)
@click.option("--finish-by", help="New last day (YYYY-MM-DD); default: keep the plan's end.")
@click.option("--json", "as_json", is_flag=True, help="Print the new plan as JSON.")
@click.pass_obj
def plan_reschedule(context: Context, plan: str | None, finish_by: str | None, as_json: bool):
    """Spread what is left (overdue included) over the remaining days, from today."""
    from studyapp.services import plans

    service = open_service(context)
    try:
        found = plans.reschedule_plan(service, plan, parse_day(finish_by, "--finish-by"))
    except plans.PlanError as error:
        fail(str(error), 1)
    _show_plan(service, found, as_json)


def _unit_json(unit: Any, minutes: float, done: bool) -> dict[str, Any]:
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
    from studyapp.services import plans

    progress = plans.plan_progress(service, plan)
    section_progress = service.progress.section_progress()
    keys = plans.done_keys(section_progress)
    unconfirmed = plans.unconfirmed_sections(section_progress)
    speed = plans.reading_speed(service)
    days = [
        {
            "date": a.day.isoformat(),
            "status": status,
            "minutes": round(a.minutes, 1),
            "units": [
                _unit_json(u, u.minutes(speed), unit_done(u, keys))
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
        click.echo(f"{day['date']}  {_status_label(day['status']):6}  {minutes:>8}")
        for unit in day["units"]:
            mark = "✓" if unit["done"] else "·"
            note = ""
            if unit["unconfirmed"]:
                mark, note = "?", "  " + _("(scrolled past, not confirmed as read)")
            click.echo(f"    {mark} {safe(unit['title'])}  ({unit['material']}){note}")


def _status_label(status: str) -> str:
    return {
        "done": _("done"),
        "today": _("today"),
        "overdue": _("overdue"),
        "upcoming": _("later"),
        "reread": _("re-read"),
    }.get(status, status)


@main.command("today")
@click.option("--json", "as_json", is_flag=True, help="Print today's list as JSON.")
@click.pass_obj
def today_command(context: Context, as_json: bool) -> None:
    """Today's reading (and overdue reading), daily goal, streak and reviews due."""
    from studyapp.services import plans

    service = open_service(context, check=True)
    view = plans.today_view(service)
    data = {
        "date": view.date.isoformat(),
        "goal_minutes": view.goal_minutes,
        "minutes_today": round(view.minutes_today, 1),
        "streak": view.streak,
        "reviews_due": view.reviews_due,
        "items": [
            _unit_json(i.unit, i.minutes, i.done)
            | {"plan": i.plan, "date": i.day.isoformat(), "status": i.status}
            for i in view.items
        ],
    }
    if as_json:
        dump(data)
        return
    click.echo(
        _(
            "{date}: {minutes:.0f} of {goal:.0f} minutes read · streak {streak} days · "
            "{reviews} reviews due"
        ).format(
            date=data["date"],
            minutes=view.minutes_today,
            goal=view.goal_minutes,
            streak=view.streak,
            reviews=view.reviews_due,
        )
    )
    if not view.items:
        click.echo(_("Nothing assigned for today."))
    for item in data["items"]:
        mark = "✓" if item["done"] else ("!" if item["status"] == "overdue" else "·")
        click.echo(
            f"  {mark} {safe(item['title'])}  ({item['material']}#{item['section']})"
            f"  {_('{minutes:.0f} min').format(minutes=item['minutes'])}"
            f"  {_status_label(item['status'])}"
        )


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_obj
def stats_command(context: Context, as_json: bool) -> None:
    """Reading minutes per day, streaks, sections finished, reading speed, plan progress."""
    from studyapp.services.stats import stats_view

    service = open_service(context, check=True)
    view = stats_view(service)
    data = view.to_json()
    if as_json:
        dump(data)
        return
    click.echo(
        _(
            "Total {minutes:.0f} min · streak {streak} days (best {best}) · "
            "{sections} sections finished"
        ).format(
            minutes=data["total_minutes"],
            streak=data["streak"],
            best=data["best_streak"],
            sections=data["sections_finished"],
        )
    )
    speed = data["reading_speed"]
    click.echo(
        _("Reading speed: {zh:.0f} Chinese characters or {en:.0f} English words a minute").format(
            zh=speed["zh_chars_per_minute"], en=speed["en_words_per_minute"]
        )
    )
    for plan in data["plans"]:
        click.echo(f"  {safe(plan['name'])}: {plan['units_done']}/{plan['units_total']}")


@main.command("read")
@click.argument("material")
@click.option("--section", help="Open at this section (its anchor or number).")
@click.pass_obj
def read_command(context: Context, material: str, section: str | None) -> None:
    """Open the TUI straight into a material."""
    from studyapp.ui.app import make_app
    from studyapp.ui.shutdown import run_app

    check_material_and_section(context, material, section)
    app = make_app(
        context.locations, language=context.language, open_material=material, open_section=section
    )
    run_app(app, app.guard)
    _exit_after(app)


# -- quiz -----------------------------------------------------------------------------------
@main.command("quiz")
@click.argument("material")
@click.option("--section", help="Only this section (anchor or number).")
@click.option("--count", type=int, default=10, show_default=True, help="How many questions.")
@click.option(
    "--types", help="Comma-separated types: cloze,single,multiple,true_false,order,number."
)
@click.option("--seed", type=int, help="Seed: the same seed gives the same questions.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON.")
@click.option("--plain", is_flag=True, help="Ask in plain text, one answer per line from stdin.")
@click.pass_obj
def quiz_command(
    context: Context,
    material: str,
    section: str | None,
    count: int,
    types: str | None,
    seed: int | None,
    as_json: bool,
    plain: bool,
) -> None:
    """Questions generated from a material: print them (--json) or answer them (--plain)."""
    from studyapp.core.quiz.serial import question_to_dict
    from studyapp.services import quiz

    if count < 1:
        fail(_("--count must be at least 1, not {count}").format(count=count))
    service = open_service(context)
    service.import_bundled_if_new()
    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else None
    try:
        questions, available = quiz.quiz_with_available(
            service, material, section=section, count=count, types=wanted, seed=seed
        )
    except quiz.QuizError as error:
        fail(str(error), 1)
    if as_json or not plain:
        shown = [question_to_dict(q) for q in questions]
        dump({"material": material, "available": available, "questions": shown})
        return
    from studyapp.ui.plain_quiz import quiz_answer, run_plain_quiz

    stdin = click.get_text_stream("stdin")
    out = click.get_text_stream("stdout")
    run_plain_quiz(questions, quiz_answer(service), stdin.readline, out, echo=not stdin.isatty())


@main.command("review")
@click.option("--due", is_flag=True, help="List the cards due now instead of reviewing.")
@click.option("--json", "as_json", is_flag=True, help="With --due: print the list as JSON.")
@click.option("--plain", is_flag=True, help="Review in plain text, one answer per line from stdin.")
@click.option(
    "--cram", "cram_material", help="Review this material's cards now (schedule untouched)."
)
@click.pass_obj
def review_command(
    context: Context, due: bool, as_json: bool, plain: bool, cram_material: str | None
) -> None:
    """Spaced review of missed questions (FSRS); the TUI's Review screen does the same."""
    from studyapp.services import review

    service = open_service(context)
    if cram_material:
        if service.materials.get(cram_material) is None:
            fail(_("no material {id} (see: studyapp library)").format(id=cram_material))
        _cram_plain(service, review.cram(service, cram_material))
        return
    items = review.queue(service)
    if due or as_json:
        from studyapp.services.quiz import retired_text

        rows = review.due_json(items, review.retired_due(service))
        if as_json:
            dump(rows)
            return
        for row in rows:
            retired = f"  {_('retired')}: {retired_text(row['retired'])}" if row["retired"] else ""
            line = f"{row['due']}  {row['state']:10} {row['type']:10} {row['question_id']}"
            click.echo(line + retired)
        return
    if not plain:
        _run_tui_screen(context, "review")
        return
    from studyapp.ui.plain_quiz import review_answer, run_plain_quiz

    if not items:
        click.echo(_("Nothing to review now."))
        return
    stdin = click.get_text_stream("stdin")
    run_plain_quiz(
        [i.question for i in items],
        review_answer(service, items),
        stdin.readline,
        click.get_text_stream("stdout"),
        echo=not stdin.isatty(),
    )


def _cram_plain(service: StudyService, items: list[Any]) -> None:
    """Cram: the material's cards, graded but not scheduled."""
    from studyapp.core.quiz import grade
    from studyapp.ui.plain_quiz import run_plain_quiz

    if not items:
        click.echo(_("This material has no review cards yet."))
        return

    def graded_only(question: Any, given: str, seconds: float, hint: bool) -> tuple[Any, str]:
        return grade(question, given), ""

    stdin = click.get_text_stream("stdin")
    run_plain_quiz(
        [i.question for i in items],
        graded_only,
        stdin.readline,
        click.get_text_stream("stdout"),
        echo=not stdin.isatty(),
    )


def _run_tui_screen(context: Context, screen: str) -> None:
    from studyapp.ui.app import make_app
    from studyapp.ui.shutdown import run_app

    app = make_app(context.locations, language=context.language, open_screen=screen)
    run_app(app, app.guard)
    _exit_after(app)


# -- subcommand groups that live in studyapp.commands (one line each) -------------
main.add_command(export_group)
main.add_command(backup_command)
main.add_command(doctor_command)
main.add_command(restore_command)
main.add_command(search_command)
main.add_command(serve_command)


def run() -> None:
    """Entry point: every failure ends as one line and an exit code (``commands.errors``),
    in the UI language (``--lang``, then config.toml, then the locale)."""
    from studyapp.commands.cli_language import early_language, localise_help, translate_click

    early_language(sys.argv[1:])
    translate_click()
    localise_help(main)
    guarded(lambda: main(standalone_mode=False))
