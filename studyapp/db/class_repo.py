"""What an organiser sees of the class: every learner's plans and section progress.

Learners' rows are hidden from each other by row-level security. The organiser reads
them through SECURITY DEFINER functions that ``server init`` creates as the database
owner (who bypasses the policies) and that only the organisers' group may execute,
so the database refuses anyone else (:func:`create_class_functions`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Connection, Engine, text

from studyapp.core.plans import ReadingSpeed
from studyapp.core.reading import SectionProgress, StoredPlan
from studyapp.db.models import PlanItemRow, PlanRow, SectionProgressRow, table_of
from studyapp.db.plans_repo import _plan
from studyapp.db.progress_repo import _progress
from studyapp.db.server_roles import ORGANISER_GROUP

# The function each table is read through, all rows of every learner.
FUNCTIONS = {
    "plan": "studyapp_class_plans",
    "plan_item": "studyapp_class_plan_items",
    "section_progress": "studyapp_class_section_progress",
}


def create_class_functions(connection: Connection) -> None:
    """(Re)create the organiser's functions; run by the database owner."""
    for table, function in FUNCTIONS.items():
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS SETOF {table} "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public "
            f"AS 'SELECT * FROM {table}'"
        )
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function}() TO {ORGANISER_GROUP}")


@dataclass
class LearnerRecord:
    """One learner's plans and section progress."""

    learner: str
    plans: list[StoredPlan] = field(default_factory=list)
    progress: list[SectionProgress] = field(default_factory=list)


def class_records(engine: Engine, speed: ReadingSpeed) -> list[LearnerRecord]:
    """Every learner with a plan or progress, by name.

    Raises:
        sqlalchemy.exc.ProgrammingError: the role may not execute the functions
            (not an organiser): the database's refusal.
    """
    with engine.connect() as connection:
        plans = read_rows(connection, f"{FUNCTIONS['plan']}()", PlanRow)
        items = read_rows(connection, f"{FUNCTIONS['plan_item']}()", PlanItemRow)
        progress = read_rows(connection, f"{FUNCTIONS['section_progress']}()", SectionProgressRow)
    return assemble(plans, items, progress, speed)


def assemble(
    plans: list[PlanRow],
    items: list[PlanItemRow],
    progress: list[SectionProgressRow],
    speed: ReadingSpeed,
    learners: tuple[str, ...] = (),
) -> list[LearnerRecord]:
    """Rows of many learners as one record per learner (``learners`` first, even empty)."""
    records: dict[str, LearnerRecord] = {name: LearnerRecord(name) for name in learners}

    def record(owner: str | None) -> LearnerRecord:
        name = owner or ""
        return records.setdefault(name, LearnerRecord(name))

    by_plan: dict[int, list[PlanItemRow]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.plan_id, i.position)):
        by_plan[item.plan_id].append(item)
    for plan in sorted(plans, key=lambda p: p.id or 0):
        record(plan.owner).plans.append(_plan(plan, by_plan[plan.id or 0], speed))
    for row in progress:
        record(row.owner).progress.append(_progress(row))
    return [records[name] for name in sorted(records)]


_Row = TypeVar("_Row", PlanRow, PlanItemRow, SectionProgressRow)


def read_rows(
    connection: Connection, source: str, model: type[_Row], params: dict[str, object] | None = None
) -> list[_Row]:
    """Rows of ``model``'s table from the set-returning function call ``source``."""
    columns = list(table_of(model).c)  # named: an upgraded table has another column order
    names = ", ".join(f'"{column.name}"' for column in columns)
    query = text(f"SELECT {names} FROM {source}").columns(*columns)
    return [model(**dict(row._mapping)) for row in connection.execute(query, params or {})]
