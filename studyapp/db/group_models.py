"""Tables of the reading classes (读书班) on a server: groups, their members, their plans.

They are shared tables, not learner-owned ones: row-level security lets a learner see a
group they organise or belong to, and only its organiser change it
(:mod:`studyapp.db.group_sql`). Each member's copy of a group plan is an ordinary plan
owned by the member.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from studyapp.db.types import UTCDateTime

GROUP_TABLES = ("study_group", "group_member", "group_plan")
"""The reading-class tables (row-level security on PostgreSQL)."""


def _group_fk() -> Column[str]:
    return Column(String, ForeignKey("study_group.name", ondelete="CASCADE"), primary_key=True)


class StudyGroupRow(SQLModel, table=True):
    """A reading class and the learner (role) who organises it."""

    __tablename__ = "study_group"

    name: str = Field(primary_key=True)
    organiser: str
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


class GroupMemberRow(SQLModel, table=True):
    """A learner in a reading class (the organiser is one too)."""

    __tablename__ = "group_member"

    group_name: str = Field(sa_column=_group_fk())
    member: str = Field(primary_key=True)
    added_at: dt.datetime = Field(sa_type=UTCDateTime)


class GroupPlanRow(SQLModel, table=True):
    """A plan the organiser set for the class; every member holds a copy by this name."""

    __tablename__ = "group_plan"

    group_name: str = Field(sa_column=_group_fk())
    plan_name: str = Field(primary_key=True)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
