"""Records of reading: where the learner stopped, sessions, finished sections, notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from studyapp.core.read_rule import SectionRecord, finished_at, section_state

if TYPE_CHECKING:  # for the checker only: this module stays light at run time
    from studyapp.core.plans import Assignment

TodayStatus = Literal["today", "overdue", "reread"]
"""Why a unit is on today's list: assigned today, overdue, or a passage to re-read."""


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
    active_seconds: float = 0.0
    read_paragraph: int = -1
    read_at: dt.datetime | None = None
    unconfirmed: bool = False

    @property
    def done(self) -> bool:
        """Whether the learner marked the section done."""
        return self.done_at is not None

    @property
    def record(self) -> SectionRecord:
        """The section as the read rule sees it."""
        return SectionRecord(self.done_at, self.read_at, self.read_paragraph, self.unconfirmed)

    @property
    def finished_at(self) -> dt.datetime | None:
        """When the section was finished (marked or read by the rule), if it was."""
        return finished_at(self.record)

    @property
    def state(self) -> str:
        """``done``, ``read``, ``unconfirmed``, ``partly`` or ``unread``."""
        return section_state(self.record)


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
    assignments: tuple[Assignment, ...]
