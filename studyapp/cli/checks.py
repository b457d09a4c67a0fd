"""Checks the CLI makes before it opens the TUI: a bad id or section is one line, exit 2."""

from __future__ import annotations

from studyapp.cli.common import Context, fail, open_service
from studyapp.core.materials import find_section
from studyapp.i18n import _


def check_material_and_section(context: Context, material: str, section: str | None) -> None:
    """Refuse an unknown material or section with one line and the usage exit code."""
    service = open_service(context)
    try:
        service.import_bundled_if_new()
        found = service.material(material)
        if found is None:
            fail(_("no material {id} (see: studyapp library)").format(id=material))
        if section is not None and find_section(found.sections, section) is None:
            fail(
                _("{id} has no section {section} (it has {count})").format(
                    id=material, section=section, count=len(found.sections)
                )
            )
    finally:
        service.close()
