"""``studyapp locate``: where the data, database, settings and logs are."""

from __future__ import annotations

import click

from studyapp.cli.common import Context, dump


@click.command("locate")
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
