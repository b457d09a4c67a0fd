"""Records of reading: where the learner stopped, sessions, finished sections, notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReadingPosition:
    """Where a material was left: a paragraph of a section and a character offset in it.

    ``paragraph`` is -1 for the section's heading.
    """

    material_id: str
    section: str
    paragraph: int
    offset: int


@dataclass(frozen=True)
class ReadingSession:
    """A stretch of reading with its active seconds (idle time excluded)."""

    id: int
    material_id: str
    first_section: str
    last_section: str
    started_at: dt.datetime
    ended_at: dt.datetime
    active_seconds: float
    chars_read: int
    local_day: dt.date
    han_read: int = 0
    words_read: int = 0
    language: str = "zh"


@dataclass(frozen=True)
class SectionProgress:
    """How far a section was read, and when it was marked done (if it was)."""

    material_id: str
    section: str
    furthest_paragraph: int
    done_at: dt.datetime | None

    @property
    def done(self) -> bool:
        """Whether the section is finished."""
        return self.done_at is not None


@dataclass(frozen=True)
class Note:
    """A learner's note (学习心得) on a section."""

    material_id: str
    section: str
    text: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class StoredPlan:
    """A study plan as stored: its settings and its days (``Assignment`` from core.plans)."""

    id: int
    name: str
    start: dt.date
    finish_by: dt.date | None
    minutes_per_day: float | None
    created_at: dt.datetime
    assignments: tuple  # tuple[Assignment, ...]; untyped here to keep this module light
