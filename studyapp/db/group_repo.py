"""Reading classes on a server: create a group, add members, give every member a plan,
and read the members' progress as the group's organiser.

The writes go through the policies and definer functions of :mod:`studyapp.db.group_sql`;
a learner who does not organise the group gets the database's refusal
(:class:`sqlalchemy.exc.ProgrammingError` with SQLSTATE 42501).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from studyapp.core.plans import ReadingSpeed
from studyapp.db.class_repo import LearnerRecord, assemble, read_rows
from studyapp.db.models import PlanItemRow, PlanRow, SectionProgressRow


@dataclass(frozen=True)
class Activity:
    """One member's reading since a day, answers and due cards."""

    learner: str
    read_seconds: float
    answered: int
    answered_right: int
    cards_due: int


@dataclass(frozen=True)
class GroupRecord:
    """A group's members: their copies of the group's plans, progress and activity."""

    records: list[LearnerRecord]
    activity: dict[str, Activity]


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def create_group(connection: Connection, name: str, now: dt.datetime) -> None:
    """Create ``name`` organised by the connecting learner, who is its first member."""
    at = _naive_utc(now)
    connection.execute(
        text(
            "INSERT INTO study_group (name, organiser, created_at) "
            "VALUES (:name, current_user, :at)"
        ),
        {"name": name, "at": at},
    )
    connection.execute(
        text(
            "INSERT INTO group_member (group_name, member, added_at) "
            "VALUES (:name, current_user, :at)"
        ),
        {"name": name, "at": at},
    )


def organiser_of(connection: Connection, name: str) -> str | None:
    """The group's organiser, or ``None`` if there is no such group the learner can see."""
    query = text("SELECT organiser FROM study_group WHERE name = :name")
    found = connection.execute(query, {"name": name}).scalar()
    return None if found is None else str(found)


def organised_groups(connection: Connection) -> list[str]:
    """The names of the groups the connecting learner organises."""
    query = text("SELECT name FROM study_group WHERE organiser = current_user ORDER BY name")
    return [str(name) for name in connection.execute(query).scalars()]


def add_member(connection: Connection, name: str, role: str) -> int:
    """Add ``role`` to the group; returns how many group plans it was given."""
    query = text("SELECT studyapp_group_add(:name, :role)")
    return int(connection.execute(query, {"name": name, "role": role}).scalar_one())


def remove_member(connection: Connection, name: str, role: str) -> bool:
    """Take ``role`` out of the group (the policy lets only its organiser); whether it was in.

    The member's copies of the group's plans are their own record and stay."""
    query = text("DELETE FROM group_member WHERE group_name = :name AND member = :role")
    return bool(connection.execute(query, {"name": name, "role": role}).rowcount)


def delete_group(connection: Connection, name: str) -> None:
    """Delete the group with its members and plan list (the members' plans are theirs)."""
    connection.execute(text("SELECT studyapp_group_delete(:name)"), {"name": name})


def rename_group(connection: Connection, name: str, new: str) -> None:
    """Rename the group; a name taken raises the database's unique violation."""
    query = text("SELECT studyapp_group_rename(:name, :new)")
    connection.execute(query, {"name": name, "new": new})


def share_plan(connection: Connection, name: str, plan: str) -> int:
    """Copy the organiser's plan ``plan`` to every member; returns how many got it."""
    query = text("SELECT studyapp_group_plan(:name, :plan)")
    return int(connection.execute(query, {"name": name, "plan": plan}).scalar_one())


def group_record(
    engine: Engine, name: str, speed: ReadingSpeed, since: dt.date, now: dt.datetime
) -> GroupRecord:
    """Every member's copies of the group's plans, section progress and activity."""
    params: dict[str, object] = {"g": name}
    with engine.connect() as connection:
        activity = {
            str(row[0]): Activity(str(row[0]), float(row[1]), int(row[2]), int(row[3]), int(row[4]))
            for row in connection.execute(
                text("SELECT * FROM studyapp_group_activity(:g, :since, :now)"),
                {"g": name, "since": since, "now": _naive_utc(now)},
            )
        }
        plans = read_rows(connection, "studyapp_group_plans(:g)", PlanRow, params)
        items = read_rows(connection, "studyapp_group_plan_items(:g)", PlanItemRow, params)
        progress = read_rows(
            connection, "studyapp_group_section_progress(:g)", SectionProgressRow, params
        )
    records = assemble(plans, items, progress, speed, tuple(activity))
    return GroupRecord(records, activity)
