"""What re-importing a revised file kept of the learner's history, as text and JSON."""

from __future__ import annotations

from typing import Any

from studyapp.cli.common import safe
from studyapp.core.reanchor import Revision
from studyapp.i18n import _, ngettext


def revision_json(revision: Revision) -> dict[str, Any]:
    """The public ``revision`` object of ``import --json`` (see the README)."""
    position = revision.position
    return {
        "paragraphs": dict(revision.paragraphs),
        "sections": {
            "kept": revision.sections_kept,
            "renamed": [{"from": old, "to": new} for old, new in revision.renamed],
            "dropped": [{"anchor": a, "title": t} for a, t in revision.dropped_sections],
        },
        "notes": {
            "kept": revision.notes_kept,
            "moved": [{"from": title, "to": anchor} for title, anchor in revision.notes_moved],
        },
        "cards": {"kept": revision.cards_kept, "retired": revision.cards_retired},
        "position": (
            {"section": position[0], "paragraph": position[1], "same": position[2]}
            if position
            else None
        ),
    }


def revision_lines(revision: Revision) -> list[str]:
    """One line for the paragraphs, then one for each thing renamed, moved or dropped."""
    counts = revision.paragraphs
    lines = [
        _("revised paragraphs: {kept} kept, {edited} edited, {added} new, {dropped} gone").format(
            **counts
        )
    ]
    for old, new in revision.renamed:
        lines.append(_("section renamed: {old} → {new}").format(old=safe(old), new=safe(new)))
    for _anchor, title in revision.dropped_sections:
        lines.append(_("section gone: {title}").format(title=safe(title)))
    for title, anchor in revision.notes_moved:
        line = _("the note on the gone section {title} was moved to {section}")
        lines.append(line.format(title=safe(title), section=anchor))
    if revision.cards_retired:
        line = ngettext(
            "{n} review card retired: its passage is gone or was changed",
            "{n} review cards retired: their passages are gone or were changed",
            revision.cards_retired,
        )
        lines.append(line.format(n=revision.cards_retired))
    if revision.position is not None and not revision.position[2]:
        lines.append(_("reading position moved back to the nearest paragraph still there"))
    return lines
