"""The text fingerprints of stored materials, for recognising a duplicate import."""

from __future__ import annotations

from itertools import groupby

from sqlalchemy import Engine
from sqlmodel import col, select

from studyapp.core.duplicates import text_fingerprint
from studyapp.db.engine import read_session
from studyapp.db.models import ParagraphRow, SectionRow


def stored_fingerprints(engine: Engine) -> dict[str, str]:
    """Fingerprint -> material id for every material in the library (the oldest wins)."""
    query = (
        select(SectionRow.material_id, ParagraphRow.text)
        .join(ParagraphRow, col(ParagraphRow.section_id) == col(SectionRow.id))
        .order_by(col(SectionRow.material_id), col(SectionRow.position),
                  col(ParagraphRow.position))
    )
    found: dict[str, str] = {}
    with read_session(engine) as session:
        rows = session.exec(query)
        for material_id, group in groupby(rows, key=lambda row: row[0]):
            found.setdefault(text_fingerprint(text for _id, text in group), material_id)
    return found
