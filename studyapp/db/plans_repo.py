"""Study plans and their daily reading units."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, delete, insert
from sqlmodel import Session, col, select

from studyapp.core.plans import Assignment, ReadingSpeed, ReadingUnit
from studyapp.core.reading import StoredPlan
from studyapp.db.engine import read_session, write_session
from studyapp.db.models import PlanItemRow, PlanRow
from studyapp.db.retry import retried


class PlanExists(ValueError):
    """A plan with that name already exists."""


class PlanRepository:
    """Plans: created whole, replaced whole on reschedule, one transaction each."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @retried()
    def create(
        self,
        name: str,
        assignments: Sequence[Assignment],
        *,
        finish_by: dt.date | None,
        minutes_per_day: float | None,
        now: dt.datetime,
    ) -> int:
        """Store a new plan; returns its id.

        Raises:
            PlanExists: the name is taken.
        """
        with write_session(self.engine, "learner") as session:
            taken = session.exec(select(PlanRow.id).where(PlanRow.name == name)).first()
            if taken is not None:
                raise PlanExists(name)
            row = PlanRow(
                name=name,
                start=assignments[0].day,
                finish_by=finish_by,
                minutes_per_day=minutes_per_day,
                created_at=now,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            _insert_items(session, row.id, assignments)
            return row.id

    @retried()
    def replace(
        self, plan_id: int, assignments: Sequence[Assignment], finish_by: dt.date | None
    ) -> None:
        """Replace a plan's days (a reschedule), keeping its id and name."""
        with write_session(self.engine, "learner") as session:
            row = session.get(PlanRow, plan_id)
            if row is None:
                raise KeyError(plan_id)
            row.finish_by = finish_by if finish_by is not None else row.finish_by
            session.add(row)
            session.execute(delete(PlanItemRow).where(col(PlanItemRow.plan_id) == plan_id))
            _insert_items(session, plan_id, assignments)

    def all(self, speed: ReadingSpeed) -> list[StoredPlan]:
        """Every plan, oldest first, with minutes estimated at ``speed``."""
        with read_session(self.engine) as session:
            plans = session.exec(select(PlanRow).order_by(col(PlanRow.id))).all()
            items = session.exec(
                select(PlanItemRow).order_by(col(PlanItemRow.plan_id), col(PlanItemRow.position))
            ).all()
        by_plan: dict[int, list[PlanItemRow]] = defaultdict(list)
        for item in items:
            by_plan[item.plan_id].append(item)
        return [_plan(row, by_plan[row.id or 0], speed) for row in plans]

    def count(self) -> int:
        """How many plans exist."""
        with read_session(self.engine) as session:
            return len(session.exec(select(PlanRow.id)).all())

    @retried()
    def remove(self, plan_id: int) -> None:
        """Delete a plan (reading records stay)."""
        with write_session(self.engine, "learner") as session:
            row = session.get(PlanRow, plan_id)
            if row is not None:
                session.delete(row)


def _insert_items(session: Session, plan_id: int, assignments: Sequence[Assignment]) -> None:
    rows: list[dict[str, Any]] = []
    for assignment in assignments:
        for unit in assignment.units:
            rows.append(_item_values(plan_id, len(rows), assignment.day, unit))
    if rows:
        session.execute(insert(PlanItemRow), rows)


def _item_values(plan_id: int, position: int, day: dt.date, unit: ReadingUnit) -> dict[str, Any]:
    return {
        "plan_id": plan_id,
        "position": position,
        "day": day,
        "material_id": unit.material_id,
        "section": unit.section,
        "title": unit.title,
        "first_paragraph": unit.first_paragraph,
        "last_paragraph": unit.last_paragraph,
        "chars": unit.chars,
        "words": unit.words,
        "han": unit.han,
        "part": unit.part,
        "language": unit.language,
        "required": unit.required,
    }


def _plan(row: PlanRow, items: list[PlanItemRow], speed: ReadingSpeed) -> StoredPlan:
    days: dict[dt.date, list[ReadingUnit]] = defaultdict(list)
    for item in items:
        days[item.day].append(_unit(item))
    assignments = tuple(
        Assignment(day, tuple(units), sum(u.minutes(speed) for u in units))
        for day, units in sorted(days.items())
    )
    assert row.id is not None
    return StoredPlan(
        row.id, row.name, row.start, row.finish_by, row.minutes_per_day, row.created_at, assignments
    )


def _unit(item: PlanItemRow) -> ReadingUnit:
    return ReadingUnit(
        material_id=item.material_id,
        section=item.section,
        title=item.title,
        first_paragraph=item.first_paragraph,
        last_paragraph=item.last_paragraph,
        chars=item.chars,
        words=item.words,
        language=item.language,
        required=item.required,
        han=item.han,
        part=item.part,
    )
