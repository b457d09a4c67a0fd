"""``studyapp read ID``: the TUI opened straight into a material (when the fast
launcher in ``studyapp.launch`` did not open it itself)."""

from __future__ import annotations

import click

from studyapp.cli.checks import check_material_and_section
from studyapp.cli.common import Context
from studyapp.cli.tui import exit_after


@click.command("read")
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
    exit_after(app)
