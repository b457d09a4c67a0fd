"""``studyapp library``: the materials in the library, as a table or JSON."""

from __future__ import annotations

from typing import Any

import click

from studyapp.cli.common import Context, dump, open_service, safe
from studyapp.i18n import _


@click.command("library")
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
