"""SQLModel tables. Rows stay inside ``studyapp.db``; callers get core objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from studyapp.db.types import UTCDateTime


def _fk(target: str, ondelete: str = "CASCADE", nullable: bool = False) -> Any:
    kind = String if target.startswith("material.") else Integer
    return Column(kind, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class MaterialRow(SQLModel, table=True):
    """A material in the library; ``source`` identifies the file it came from."""

    __tablename__ = "material"

    id: str = Field(primary_key=True)
    title: str
    author: str | None = None
    description: str | None = None
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    language: str
    required: bool = False
    sort_order: int | None = None
    source: str = Field(unique=True)
    encoding: str
    file_hash: str
    chars: int
    section_count: int
    imported_at: dt.datetime = Field(sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(sa_type=UTCDateTime)


class SectionRow(SQLModel, table=True):
    """A section of a material, identified publicly by ``material_id#anchor``."""

    __tablename__ = "section"
    __table_args__ = (
        UniqueConstraint("material_id", "anchor"),
        UniqueConstraint("material_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    material_id: str = Field(sa_column=_fk("material.id"))
    anchor: str
    position: int
    title: str
    level: int
    chars: int


class ParagraphRow(SQLModel, table=True):
    """A block of a section; ``hash`` is the normalised content hash."""

    __tablename__ = "paragraph"
    __table_args__ = (UniqueConstraint("section_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(sa_column=_fk("section.id"))
    position: int
    kind: str
    text: str
    hash: str = Field(index=True)
    spans: list[list[Any]] | None = Field(default=None, sa_type=JSON)
    depth: int = 0
    marker: str = ""


class SentenceRow(SQLModel, table=True):
    """A sentence: ``text == paragraph.text[start:end]``."""

    __tablename__ = "sentence"
    __table_args__ = (UniqueConstraint("paragraph_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    paragraph_id: int = Field(sa_column=_fk("paragraph.id"))
    position: int
    start: int
    end: int
    text: str


class ImportRecordRow(SQLModel, table=True):
    """One file's import attempt: imported, unchanged or refused, and why."""

    __tablename__ = "import_record"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    path: str
    status: str
    material_id: str | None = Field(
        default=None, sa_column=_fk("material.id", ondelete="SET NULL", nullable=True)
    )
    encoding: str | None = None
    code: str | None = None
    reason: str | None = None
    warnings: list[str] = Field(default_factory=list, sa_type=JSON)
