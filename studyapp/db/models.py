"""SQLModel tables. Rows stay inside ``studyapp.db``; callers get core objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from studyapp.db.types import CurrentLearner, UTCDateTime


def _fk(target: str, ondelete: str = "CASCADE", nullable: bool = False) -> Any:
    kind = String if target.startswith(("material.", "question.")) else Integer
    return Column(kind, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


def _owner() -> Any:
    """The learner who owns the row: the connecting role on PostgreSQL (row-level
    security shows each learner only their own rows), the default learner on SQLite.
    The ORM never sets it; the server default does. Learner-owned tables whose key
    includes the owner keep the learner's view of the key as the mapper's key."""
    return Column(String, nullable=False, server_default=CurrentLearner())


LEARNER_TABLES = (
    "reading_position",
    "reading_session",
    "section_progress",
    "note",
    "plan",
    "plan_item",
    "quiz_answer",
    "review_card",
    "review_log",
    "challenge_run",
)
"""Tables whose rows belong to one learner; the others (materials, sections, questions,
imports) are shared."""


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model, for queries that skip the ORM."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass
    return table


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
    hash: str  # not indexed: nothing looks a paragraph up by it (migration 0011)
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


class ReadingPositionRow(SQLModel, table=True):
    """Where the learner stopped in a material: a block of the reading layout and an offset."""

    __tablename__ = "reading_position"
    __table_args__ = (PrimaryKeyConstraint("owner", "material_id"),)
    __mapper_args__ = {"primary_key": ["material_id"]}

    owner: str | None = Field(default=None, sa_column=_owner())
    material_id: str = Field(
        sa_column=Column(String, ForeignKey("material.id", ondelete="CASCADE"), nullable=False)
    )
    section: str
    paragraph: int  # -1 for the section heading
    offset: int
    updated_at: dt.datetime = Field(sa_type=UTCDateTime)


class ReadingSessionRow(SQLModel, table=True):
    """One stretch of reading; ``active_seconds`` grows as the session is flushed."""

    __tablename__ = "reading_session"

    owner: str | None = Field(default=None, sa_column=_owner())
    id: int | None = Field(default=None, primary_key=True)
    material_id: str = Field(sa_column=_fk("material.id"))
    first_section: str
    last_section: str
    started_at: dt.datetime = Field(sa_type=UTCDateTime)
    ended_at: dt.datetime = Field(sa_type=UTCDateTime)
    active_seconds: float = 0.0
    chars_read: int = 0
    han_read: int = 0
    words_read: int = 0
    language: str = "zh"
    local_day: dt.date = Field(index=True)


class SectionProgressRow(SQLModel, table=True):
    """How far the learner got in a section, and when they marked it done."""

    __tablename__ = "section_progress"
    __table_args__ = (PrimaryKeyConstraint("owner", "material_id", "section"),)
    __mapper_args__ = {"primary_key": ["material_id", "section"]}

    owner: str | None = Field(default=None, sa_column=_owner())
    material_id: str = Field(
        sa_column=Column(String, ForeignKey("material.id", ondelete="CASCADE"), nullable=False)
    )
    section: str
    furthest_paragraph: int = -1
    done_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_day: dt.date | None = Field(default=None, index=True)
    active_seconds: float = 0.0
    """Active reading seconds spent with this section holding the reading position."""
    read_paragraph: int = -1
    """The last paragraph read by the rule of :mod:`studyapp.core.read_rule`."""
    read_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When the whole section came to count as read by that rule."""
    unconfirmed: bool = False
    """Counted as read by scrolling before the rule existed; cleared once read or marked."""


class NoteRow(SQLModel, table=True):
    """The learner's note (学习心得) on a section."""

    __tablename__ = "note"
    __table_args__ = (PrimaryKeyConstraint("owner", "material_id", "section"),)
    __mapper_args__ = {"primary_key": ["material_id", "section"]}

    owner: str | None = Field(default=None, sa_column=_owner())
    material_id: str = Field(
        sa_column=Column(String, ForeignKey("material.id", ondelete="CASCADE"), nullable=False)
    )
    section: str
    text: str
    updated_at: dt.datetime = Field(sa_type=UTCDateTime)


class PlanRow(SQLModel, table=True):
    """A study plan (学习计划)."""

    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("owner", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str | None = Field(default=None, sa_column=_owner())
    name: str
    start: dt.date
    finish_by: dt.date | None = None
    minutes_per_day: float | None = None
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


class PlanItemRow(SQLModel, table=True):
    """One reading unit of a plan, due on ``day``."""

    __tablename__ = "plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str | None = Field(default=None, sa_column=_owner())
    plan_id: int = Field(sa_column=_fk("plan.id"))
    position: int
    day: dt.date = Field(index=True)
    material_id: str = Field(sa_column=_fk("material.id"))
    section: str
    title: str
    first_paragraph: int
    last_paragraph: int
    chars: int
    words: int
    han: int = 0
    part: bool = False
    language: str
    required: bool = False


class QuestionRow(SQLModel, table=True):
    """A question the learner has seen, stored whole so it can be asked again later."""

    __tablename__ = "question"

    id: str = Field(primary_key=True)
    material_id: str = Field(sa_column=_fk("material.id"))
    section: str
    type: str
    payload: dict[str, Any] = Field(sa_type=JSON)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    flagged_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    flag_reason: str | None = None
    retired_reason: str | None = None  # a quality rule it fails: never asked, card suspended
    rules_checked: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class QuizAnswerRow(SQLModel, table=True):
    """One answer to one question."""

    __tablename__ = "quiz_answer"

    id: int | None = Field(default=None, primary_key=True)
    owner: str | None = Field(default=None, sa_column=_owner())
    question_id: str = Field(
        sa_column=Column(String, ForeignKey("question.id", ondelete="CASCADE"), index=True)
    )
    at: dt.datetime = Field(sa_type=UTCDateTime)
    local_day: dt.date = Field(index=True)
    given: list[str] = Field(default_factory=list, sa_type=JSON)
    verdict: str
    correct: bool
    seconds: float
    hint_used: bool = False


class ReviewCardRow(SQLModel, table=True):
    """A spaced-repetition card for one question, its FSRS state in real columns."""

    __tablename__ = "review_card"
    __table_args__ = (
        PrimaryKeyConstraint("owner", "card_id"),
        UniqueConstraint("owner", "question_id"),
    )
    __mapper_args__ = {"primary_key": ["card_id"]}

    owner: str | None = Field(default=None, sa_column=_owner())
    card_id: str
    question_id: str = Field(
        sa_column=Column(String, ForeignKey("question.id", ondelete="CASCADE"))
    )
    material_id: str = Field(sa_column=_fk("material.id"))
    state: str
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    last_review: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    leech: bool = False
    format: str = "choice"
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


class ReviewLogRow(SQLModel, table=True):
    """One review of one card; ``payload`` keeps the previous state for undo."""

    __tablename__ = "review_log"
    __table_args__ = (
        ForeignKeyConstraint(
            ["owner", "card_id"], ["review_card.owner", "review_card.card_id"], ondelete="CASCADE"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner: str | None = Field(default=None, sa_column=_owner())
    card_id: str = Field(sa_column=Column(String, index=True))
    question_id: str
    rating: int
    reviewed_at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    local_day: dt.date = Field(index=True)
    duration_seconds: float | None = None
    cram: bool = False
    previous_state: str = ""
    previous_interval: float | None = None  # days, for true retention on mature cards
    payload: dict[str, Any] = Field(sa_type=JSON)


class ChallengeRunRow(SQLModel, table=True):
    """A challenge run (挑战答题): questions answered right in a row until the first miss."""

    __tablename__ = "challenge_run"

    id: int | None = Field(default=None, primary_key=True)
    owner: str | None = Field(default=None, sa_column=_owner())
    material_id: str | None = None
    streak: int
    seconds_per_question: float | None = None
    finished_at: dt.datetime = Field(sa_type=UTCDateTime)


from studyapp.db.group_models import GROUP_TABLES as GROUP_TABLES  # noqa: E402  (registers the tables)
