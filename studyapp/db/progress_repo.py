"""Reading positions, sessions, finished sections and notes; one transaction per event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from studyapp.core.plans import TextSize
from studyapp.core.reading import Note, ReadingPosition, ReadingSession, SectionProgress
from studyapp.db.engine import read_session, write_session
from studyapp.db.models import (
    NoteRow,
    ReadingPositionRow,
    ReadingSessionRow,
    SectionProgressRow,
)
from studyapp.db.retry import retried


class ProgressRepository:
    """Everything the reader records. Each write method commits its own transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- position -------------------------------------------------------------------
    def position(self, material_id: str) -> ReadingPosition | None:
        """Where the material was left, if it was opened before."""
        with read_session(self.engine) as session:
            row = session.get(ReadingPositionRow, material_id)
            if row is None:
                return None
            return ReadingPosition(row.material_id, row.section, row.paragraph, row.offset)

    @retried()
    def save_position(self, position: ReadingPosition, now: dt.datetime) -> None:
        """Remember where the material was left."""
        with write_session(self.engine, "learner") as session:
            row = session.get(ReadingPositionRow, position.material_id) or ReadingPositionRow(
                material_id=position.material_id,
                section=position.section,
                paragraph=position.paragraph,
                offset=position.offset,
                updated_at=now,
            )
            row.section, row.paragraph, row.offset = (
                position.section,
                position.paragraph,
                position.offset,
            )
            row.updated_at = now
            session.add(row)

    # -- sessions -------------------------------------------------------------------
    @retried()
    def open_session(
        self, material_id: str, section: str, now: dt.datetime, day: dt.date, language: str
    ) -> int:
        """Start a reading session; returns its id."""
        with write_session(self.engine, "learner") as session:
            row = ReadingSessionRow(
                language=language,
                material_id=material_id,
                first_section=section,
                last_section=section,
                started_at=now,
                ended_at=now,
                local_day=day,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id

    @retried()
    def update_session(
        self, session_id: int, section: str, now: dt.datetime, active: float, read: TextSize
    ) -> None:
        """Store a session's running totals (absolute values, so a repeated write is harmless)."""
        with write_session(self.engine, "learner") as session:
            row = session.get(ReadingSessionRow, session_id)
            if row is None:
                return
            row.last_section, row.ended_at, row.active_seconds = section, now, active
            row.chars_read, row.han_read, row.words_read = read.chars, read.han, read.words
            session.add(row)

    def sessions(
        self,
        since: dt.date | None = None,
        material_id: str | None = None,
        until: dt.date | None = None,
    ) -> list[ReadingSession]:
        """Reading sessions, oldest first, optionally by local day (inclusive) or material."""
        query = select(ReadingSessionRow).order_by(col(ReadingSessionRow.started_at))
        if since is not None:
            query = query.where(ReadingSessionRow.local_day >= since)
        if until is not None:
            query = query.where(ReadingSessionRow.local_day <= until)
        if material_id is not None:
            query = query.where(ReadingSessionRow.material_id == material_id)
        with read_session(self.engine) as session:
            return [_session(row) for row in session.exec(query).all()]

    def seconds_by_day(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> dict[dt.date, float]:
        """Active reading seconds per local day (the day a session started), days inclusive."""
        query = select(col(ReadingSessionRow.local_day), func.sum(ReadingSessionRow.active_seconds))
        if since is not None:
            query = query.where(ReadingSessionRow.local_day >= since)
        if until is not None:
            query = query.where(ReadingSessionRow.local_day <= until)
        with read_session(self.engine) as session:
            rows = session.exec(query.group_by(col(ReadingSessionRow.local_day))).all()
            return {day: float(total or 0) for day, total in rows}

    # -- sections -------------------------------------------------------------------
    def section_progress(self, material_id: str | None = None) -> list[SectionProgress]:
        """Progress rows, for one material or all."""
        query = select(SectionProgressRow)
        if material_id is not None:
            query = query.where(SectionProgressRow.material_id == material_id)
        with read_session(self.engine) as session:
            return [_progress(row) for row in session.exec(query).all()]

    @retried()
    def advance(self, material_id: str, section: str, paragraph: int) -> None:
        """Record that the learner reached ``paragraph`` of a section (only ever grows)."""
        with write_session(self.engine, "learner") as session:
            row = _progress_row(session, material_id, section)
            if paragraph > row.furthest_paragraph:
                row.furthest_paragraph = paragraph
                session.add(row)

    @retried()
    def record_reading(
        self,
        material_id: str,
        section: str,
        seconds: float,
        rule: Callable[[int, float], tuple[int, bool]],
        now: dt.datetime,
    ) -> None:
        """Add active seconds to a section and apply the read rule to its new totals.

        ``rule(furthest_paragraph, active_seconds)`` gives the last paragraph read and
        whether the whole section is read; what was read stays read.
        """
        with write_session(self.engine, "learner") as session:
            row = _progress_row(session, material_id, section)
            row.active_seconds = (row.active_seconds or 0.0) + max(seconds, 0.0)
            paragraph, whole = rule(row.furthest_paragraph, row.active_seconds)
            if paragraph > row.read_paragraph or (whole and row.unconfirmed):
                row.read_paragraph = max(paragraph, row.read_paragraph)
                row.unconfirmed = row.unconfirmed and not whole
            if whole and row.read_at is None:
                row.read_at = now
            session.add(row)

    @retried()
    def set_done(
        self, material_id: str, section: str, now: dt.datetime | None, day: dt.date | None
    ) -> None:
        """Mark a section done at ``now`` (or not done, with ``None``)."""
        with write_session(self.engine, "learner") as session:
            row = _progress_row(session, material_id, section)
            row.done_at, row.done_day = now, day
            if now is not None:
                row.unconfirmed = False
            session.add(row)

    def done_by_day(self) -> dict[dt.date, int]:
        """Sections finished per local day."""
        query = (
            select(col(SectionProgressRow.done_day), func.count())
            .where(col(SectionProgressRow.done_day).is_not(None))
            .group_by(col(SectionProgressRow.done_day))
        )
        with read_session(self.engine) as session:
            return {day: int(n) for day, n in session.exec(query).all() if day is not None}

    # -- notes ------------------------------------------------------------------------
    def note(self, material_id: str, section: str) -> Note | None:
        """The note on a section, if any."""
        with read_session(self.engine) as session:
            row = session.get(NoteRow, (material_id, section))
            return Note(row.material_id, row.section, row.text, row.updated_at) if row else None

    @retried()
    def save_note(self, material_id: str, section: str, text: str, now: dt.datetime) -> None:
        """Save (or, when empty, delete) the note on a section."""
        with write_session(self.engine, "learner") as session:
            row = session.get(NoteRow, (material_id, section))
            if not text.strip():
                if row is not None:
                    session.delete(row)
                return
            row = row or NoteRow(
                material_id=material_id, section=section, text=text, updated_at=now
            )
            row.text, row.updated_at = text, now
            session.add(row)

    def notes(self, material_id: str | None = None) -> list[Note]:
        """All notes, oldest change first."""
        query = select(NoteRow).order_by(col(NoteRow.updated_at))
        if material_id is not None:
            query = query.where(NoteRow.material_id == material_id)
        with read_session(self.engine) as session:
            return [
                Note(r.material_id, r.section, r.text, r.updated_at)
                for r in session.exec(query).all()
            ]


def _progress_row(session: Session, material_id: str, section: str) -> SectionProgressRow:
    row = session.get(SectionProgressRow, (material_id, section))
    return row or SectionProgressRow(material_id=material_id, section=section)


def _progress(row: SectionProgressRow) -> SectionProgress:
    return SectionProgress(
        row.material_id,
        row.section,
        row.furthest_paragraph,
        row.done_at,
        row.active_seconds or 0.0,
        row.read_paragraph,
        row.read_at,
        bool(row.unconfirmed),
    )


def _session(row: ReadingSessionRow) -> ReadingSession:
    assert row.id is not None
    return ReadingSession(
        row.id,
        row.material_id,
        row.first_section,
        row.last_section,
        row.started_at,
        row.ended_at,
        row.active_seconds,
        row.chars_read,
        row.local_day,
        row.han_read,
        row.words_read,
        row.language,
    )
