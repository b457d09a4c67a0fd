"""The ``studyapp`` click group: global options, the TUI when no command is given, and
every subcommand registered from its own module (``studyapp plan add`` lives in
``studyapp.cli.plan``; ``import`` in ``import_``, ``restore`` next to ``backup``)."""

from __future__ import annotations

import sys

import click

from studyapp import __version__
from studyapp.cli.backup import backup_command, restore_command
from studyapp.cli.common import Context
from studyapp.cli.doctor import doctor_command
from studyapp.cli.errors import guarded, remember_log_file
from studyapp.cli.export import export_group
from studyapp.cli.group import group_group
from studyapp.cli.import_ import import_command
from studyapp.cli.library import library_command
from studyapp.cli.locate import locate_command
from studyapp.cli.plan import plan_group
from studyapp.cli.quiz import quiz_command
from studyapp.cli.read import read_command
from studyapp.cli.review import review_command
from studyapp.cli.search import search_command
from studyapp.cli.serve import serve_command
from studyapp.cli.server import server_group
from studyapp.cli.stats import stats_command
from studyapp.cli.today import today_command
from studyapp.cli.transfer import transfer_command
from studyapp.cli.tui import exit_after
from studyapp.config import configured_language
from studyapp.i18n import set_language
from studyapp.locations import BadLearner, resolve_locations


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir", type=click.Path(file_okay=False), help="Data folder (or STUDYAPP_HOME)."
)
@click.option("--db", "db_url", help="SQLAlchemy database URL (or STUDYAPP_DB).")
@click.option("--lang", type=click.Choice(["en", "zh", "zh_CN", "zh-CN"]), help="UI language.")
@click.option(
    "--learner",
    help="Study as this learner: a profile with its own record (SQLite; or STUDYAPP_LEARNER).",
)
@click.version_option(__version__, prog_name="studyapp")
@click.pass_context
def main(
    ctx: click.Context,
    data_dir: str | None,
    db_url: str | None,
    lang: str | None,
    learner: str | None,
) -> None:
    """studyapp: study plans, reading, generated quizzes and spaced review in the terminal."""
    try:
        locations = resolve_locations(data_dir, db_url, learner=learner)
    except BadLearner as error:
        raise click.UsageError(str(error)) from None
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
    exit_after(app)


# -- every subcommand, one module each (one line each) --------------------------------
main.add_command(import_command)
main.add_command(library_command)
main.add_command(locate_command)
main.add_command(plan_group)
main.add_command(today_command)
main.add_command(stats_command)
main.add_command(read_command)
main.add_command(quiz_command)
main.add_command(review_command)
main.add_command(export_group)
main.add_command(backup_command)
main.add_command(transfer_command)
main.add_command(doctor_command)
main.add_command(restore_command)
main.add_command(search_command)
main.add_command(serve_command)
main.add_command(server_group)
main.add_command(group_group)


def run() -> None:
    """The click CLI's entry point; ``studyapp.launch`` hands it every command line the
    fast launcher does not open as the TUI itself.

    First the UI language is settled from the raw arguments (``--lang``, then config.toml,
    then the locale; a bad ``--data-dir`` or ``--db`` is left for the command to report),
    click's own words and every command's help are translated, then the group runs in
    non-standalone mode inside ``cli.errors.guarded``: an exception (a usage error, a
    database or file error, a bug) becomes one line on stderr and an exit code, with the
    traceback of an unexpected one in the log file. ``SystemExit`` passes through: commands
    that refuse (``cli.common.fail``) have printed their own line. The language setup
    before the guard is not guarded.
    """
    from studyapp.cli.language import early_language, localise_help, translate_click

    early_language(sys.argv[1:])
    translate_click()
    localise_help(main)
    guarded(lambda: main(standalone_mode=False))
