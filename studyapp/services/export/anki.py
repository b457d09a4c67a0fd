"""``export anki``: stored questions as an Anki package (.apkg) written with genanki."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from studyapp.core.export.anki import (
    BASIC_FIELDS,
    BASIC_MODEL_ID,
    BASIC_MODEL_NAME,
    CLOZE_FIELDS,
    CLOZE_MODEL_ID,
    CLOZE_MODEL_NAME,
    GUID_NAMESPACE,
    AnkiNote,
    deck_id,
    note_for,
)
from studyapp.i18n import _
from studyapp.services.export import AnkiExport, ExportError, Titles
from studyapp.services.files import TEMP_PREFIX, atomic_write

if TYPE_CHECKING:
    from studyapp.services import StudyService

CSS = """.card { font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; font-size: 20px;
  text-align: left; line-height: 1.6; }
.cloze { font-weight: bold; color: #1565c0; }
small { color: #777; }
"""

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    CLOZE_MODEL_NAME,
    fields=[{"name": name} for name in CLOZE_FIELDS],
    templates=[
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}<hr id=answer>{{Source}}",
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)

BASIC_MODEL = genanki.Model(
    BASIC_MODEL_ID,
    BASIC_MODEL_NAME,
    fields=[{"name": name} for name in BASIC_FIELDS],
    templates=[
        {
            "name": "Question",
            "qfmt": "{{Question}}{{#Options}}<div>{{Options}}</div>{{/Options}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<br><br>{{Source}}",
        }
    ],
    css=CSS,
)


def export_anki(
    service: StudyService, target: Path, material_ids: list[str] | None = None
) -> AnkiExport:
    """Write the stored, unflagged questions of some materials (or all) as an Anki package.

    Args:
        service: the open library.
        target: the ``.apkg`` file to write (atomically).
        material_ids: only these materials; ``None`` or empty for all.

    Returns:
        What was written.

    Raises:
        ExportError: an unknown material id.
    """
    wanted = list(dict.fromkeys(material_ids or ())) or None
    unknown = [m for m in wanted or () if service.material(m) is None]
    if unknown:
        raise ExportError(_("no material with id {id!r}").format(id=unknown[0]))
    titles = Titles(service)
    notes = [
        note_for(
            q,
            titles.material(q.source.material),
            titles.section(q.source.material, q.source.section),
        )
        for q in service.quiz.stored_questions(wanted)
    ]
    package = genanki.Package(_decks(notes))
    stamp = service.clock().timestamp()
    atomic_write(target, lambda path: _write_package(package, path, stamp))
    materials = tuple(dict.fromkeys(n.material_id for n in notes))
    cloze = sum(1 for n in notes if n.kind == "cloze")
    return AnkiExport(target, cloze, len(notes) - cloze, materials)


def _decks(notes: list[AnkiNote]) -> list[genanki.Deck]:
    decks: dict[str, genanki.Deck] = {}
    for note in notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.material_id), note.deck)
        deck.add_note(_genanki_note(note))
    return list(decks.values())


def _genanki_note(note: AnkiNote) -> genanki.Note:
    return genanki.Note(
        model=CLOZE_MODEL if note.kind == "cloze" else BASIC_MODEL,
        fields=list(note.fields),
        tags=list(note.tags),
        guid=genanki.guid_for(GUID_NAMESPACE, note.question_id),
    )


_TEMPDIR_LOCK = threading.Lock()


def _write_package(package: genanki.Package, path: Path, stamp: float) -> None:
    """``write_to_file``, with genanki's scratch database in a folder removed afterwards.

    genanki makes its collection database with ``tempfile.mkstemp()`` and never deletes
    it; pointing ``tempfile`` at a private folder for the call lets us remove it.
    """
    with (
        _TEMPDIR_LOCK,
        tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=path.parent) as scratch,
    ):
        previous = tempfile.tempdir
        tempfile.tempdir = scratch
        try:
            package.write_to_file(str(path), timestamp=stamp)
        finally:
            tempfile.tempdir = previous
