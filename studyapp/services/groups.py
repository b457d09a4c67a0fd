"""Named reading classes (读书班) on a PostgreSQL server: ``studyapp group`` and the
Group screen.

An organiser creates a group, adds learners and sets plans; every member gets their own
copy of a group plan (plan rows they own). Only the group's organiser reads the members'
progress, through definer functions that check it (:mod:`studyapp.db.group_sql`); the
app checks first to give a clear line, and the database refuses anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from studyapp.core.plans import day_status, unit_done
from studyapp.db import group_repo
from studyapp.db.postgres import is_postgres
from studyapp.db.retry import retried
from studyapp.db.server_roles import is_organiser, valid_role_name
from studyapp.i18n import N_, _
from studyapp.services.plans import PlanError, done_keys, reading_speed
from studyapp.services.server import ServerError, _reason, require_server

if TYPE_CHECKING:
    from studyapp.core.reading import StoredPlan
    from studyapp.db.class_repo import LearnerRecord
    from studyapp.db.group_repo import Activity
    from studyapp.services import StudyService

MAX_NAME = 80
_T = TypeVar("_T")


@dataclass(frozen=True)
class MemberStanding:
    """One member of a group as its organiser sees them."""

    learner: str
    minutes_this_week: float
    units_done: int
    units_total: int
    days_overdue: int
    answered: int
    accuracy: float | None
    reviews_due: int

    @property
    def behind(self) -> bool:
        """A past day of a group plan is not read yet."""
        return self.days_overdue > 0

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "behind": self.behind}


def _refused(name: str) -> ServerError:
    return ServerError(_("only the organiser of the group {name} may do this").format(name=name))


def _run(
    service: StudyService, name: str, step: Callable[[Connection], _T], taken: str | None = None
) -> _T:
    """Run ``step`` in one transaction, turning the database's refusals into one line
    (``taken``: the name a unique violation means is taken; ``name`` by default)."""
    require_server(service.locations)
    try:
        return _transaction(service.engine, step)
    except IntegrityError:
        raise ServerError(
            _("a group named {name} exists already").format(name=taken or name)
        ) from None
    except DBAPIError as error:
        code = getattr(error.orig, "sqlstate", None)
        if code == "42501":
            raise _refused(name) from None
        if code == "42883":  # a server initialised by an older studyapp
            raise ServerError(_(_OUTDATED)) from None
        raise ServerError(_reason(error)) from None


@retried()
def _transaction(engine: Engine, step: Callable[[Connection], _T]) -> _T:
    """One transaction around ``step``, re-run whole after a deadlock or serialization failure."""
    with engine.begin() as connection:
        return step(connection)


_OUTDATED = N_(
    "this server lacks the group functions of this studyapp version; its owner runs "
    "'studyapp server init' again"
)


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > MAX_NAME or not name.isprintable():
        raise ServerError(_("a group name is 1 to {n} printable characters").format(n=MAX_NAME))


def _require_organiser_of(connection: Connection, name: str) -> None:
    organiser = group_repo.organiser_of(connection, name)
    if organiser is None:
        raise ServerError(_("there is no group named {name}").format(name=name))
    user = connection.exec_driver_sql("SELECT current_user").scalar_one()
    if organiser != user:
        raise _refused(name)


def create_group(service: StudyService, name: str) -> None:
    """Create the group ``name``; the connecting learner organises it and is a member."""
    _check_name(name)

    def step(connection: Connection) -> None:
        if not is_organiser(connection):
            hint = "server add-learner ROLE --organiser"
            raise ServerError(
                _("creating a group needs the organiser grant ({hint})").format(hint=hint)
            )
        group_repo.create_group(connection, name, service.clock())

    _run(service, name, step)


def add_members(service: StudyService, name: str, roles: Sequence[str]) -> dict[str, int]:
    """Add learners to the group; returns how many group plans each was given."""
    for role in roles:
        if not valid_role_name(role):
            raise ServerError(_("{role!r} is not a usable role name").format(role=role))

    def step(connection: Connection) -> dict[str, int]:
        _require_organiser_of(connection, name)
        return {role: group_repo.add_member(connection, name, role) for role in roles}

    return _run(service, name, step)


def remove_members(service: StudyService, name: str, roles: Sequence[str]) -> dict[str, bool]:
    """Take learners out of the group; per role, whether it was a member. The organiser
    stays (a group needs one); the removed keep their copies of its plans."""

    def step(connection: Connection) -> dict[str, bool]:
        _require_organiser_of(connection, name)
        organiser = group_repo.organiser_of(connection, name)
        if organiser in roles:
            raise ServerError(
                _("{role} organises {name} and stays in it").format(role=organiser, name=name)
            )
        return {role: group_repo.remove_member(connection, name, role) for role in roles}

    return _run(service, name, step)


def require_organiser(service: StudyService, name: str) -> None:
    """Raise ``ServerError`` unless ``name`` exists and the learner organises it."""
    _run(service, name, lambda connection: _require_organiser_of(connection, name))


def delete_group(service: StudyService, name: str) -> None:
    """Delete the group; every member keeps their own copies of its plans."""

    def step(connection: Connection) -> None:
        _require_organiser_of(connection, name)
        group_repo.delete_group(connection, name)

    _run(service, name, step)


def rename_group(service: StudyService, name: str, new: str) -> None:
    """Rename the group ``name`` to ``new`` (members and plans stay)."""
    _check_name(new)

    def step(connection: Connection) -> None:
        _require_organiser_of(connection, name)
        group_repo.rename_group(connection, name, new)

    _run(service, name, step, taken=new)


def set_group_plan(
    service: StudyService,
    name: str,
    refs: Sequence[str],
    *,
    plan_name: str | None,
    start: dt.date | None,
    finish_by: dt.date,
) -> tuple[StoredPlan, int]:
    """Plan ``refs`` for the organiser and copy the plan to every other member.

    Returns:
        The organiser's plan and how many members got a copy.

    Raises:
        ServerError: not the organiser, no such group; PlanError: as ``plan add``.
    """
    require_organiser(service, name)
    plan = service.add_plan(
        refs, name=plan_name or name, start=start, finish_by=finish_by, minutes_per_day=None
    )
    try:
        given = _run(service, name, lambda c: group_repo.share_plan(c, name, plan.name))
    except ServerError:
        service.remove_plan(plan.id)
        raise
    return plan, given


def organised_groups(service: StudyService) -> list[str]:
    """The groups the connecting learner organises (none on SQLite)."""
    if not is_postgres(service.locations.db_url):
        return []
    return _run(service, "", group_repo.organised_groups)


def organiser_here(service: StudyService) -> bool:
    """Whether the learner is connected to a server as an organiser (never on SQLite)."""
    if not is_postgres(service.locations.db_url):
        return False
    try:
        with service.engine.connect() as connection:
            return is_organiser(connection)
    except DBAPIError:
        return False


def group_progress(service: StudyService, name: str) -> list[MemberStanding]:
    """Every member's standing in the group's plans, for its organiser only."""
    _run(service, name, lambda connection: _require_organiser_of(connection, name))
    today = service.local_day()
    monday = today - dt.timedelta(days=today.weekday())
    try:
        record = group_repo.group_record(
            service.engine, name, reading_speed(service), monday, service.clock()
        )
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == "42501":
            raise _refused(name) from None
        raise ServerError(_reason(error)) from None
    return [_standing(r, record.activity[r.learner], today) for r in record.records
            if r.learner in record.activity]  # fmt: skip


def _standing(record: LearnerRecord, activity: Activity, today: dt.date) -> MemberStanding:
    keys = done_keys(record.progress)
    units = [u for plan in record.plans for a in plan.assignments for u in a.units]
    overdue = [day_status(a, keys, today) for plan in record.plans for a in plan.assignments].count(
        "overdue"
    )
    answered = activity.answered
    return MemberStanding(
        learner=record.learner,
        minutes_this_week=round(activity.read_seconds / 60, 1),
        units_done=sum(1 for u in units if unit_done(u, keys)),
        units_total=len(units),
        days_overdue=overdue,
        answered=answered,
        accuracy=round(activity.answered_right / answered, 3) if answered else None,
        reviews_due=activity.cards_due,
    )


__all__ = [
    "MemberStanding",
    "PlanError",
    "ServerError",
    "add_members",
    "create_group",
    "delete_group",
    "group_progress",
    "organised_groups",
    "organiser_here",
    "rename_group",
    "require_organiser",
    "set_group_plan",
]
