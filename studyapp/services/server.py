"""A reading-class server: ``server init`` and ``server add-learner`` on PostgreSQL.

On PostgreSQL a learner is the role they connect as; row-level security keeps each
learner's record to themselves (:mod:`studyapp.db.server_roles`). SQLite has no roles:
these steps refuse there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError, ProgrammingError

from studyapp.core.plans import ReadingSpeed, day_status, unit_done
from studyapp.db.class_repo import LearnerRecord, class_records, create_class_functions
from studyapp.db.engine import make_engine
from studyapp.db.group_sql import create_group_functions
from studyapp.db.migrate import SchemaError, ensure_schema
from studyapp.db.models import LEARNER_TABLES
from studyapp.db.postgres import is_postgres, protect_learner_rows
from studyapp.db.server_roles import (
    add_learner,
    grant_learners,
    is_organiser,
    may_administer,
    valid_role_name,
)
from studyapp.db.shared_guard import guard_shared_rows
from studyapp.i18n import _
from studyapp.locations import Locations
from studyapp.services.plans import done_keys


class ServerError(RuntimeError):
    """The server step cannot be done; the message says why in one line."""


@dataclass(frozen=True)
class LearnerAdded:
    """What ``add-learner`` did."""

    role: str
    created: bool
    organiser: bool


def require_server(locations: Locations) -> None:
    if not is_postgres(locations.db_url):
        raise ServerError(
            _(
                "this command needs a PostgreSQL server (--db postgresql://…); on SQLite "
                "learners are a convenience, not a security boundary"
            )
        )


def _reason(error: DBAPIError) -> str:
    return " ".join(str(error.orig or error).split())


def init_server(locations: Locations, now: dt.datetime) -> str:
    """Bring the database to this version's schema, protect the learners' rows and
    grant the learners' group what the app needs. Run once by the database owner.

    Returns:
        The schema revision.
    """
    require_server(locations)
    engine = make_engine(locations.db_url)
    try:
        with engine.connect() as connection:
            if not may_administer(connection):
                raise ServerError(
                    _("server init must be run by the database's owner (or a superuser)")
                )
        status = ensure_schema(engine, locations.backup_dir, now)
        with engine.begin() as connection:
            protect_learner_rows(connection, LEARNER_TABLES)
            grant_learners(connection)
            create_class_functions(connection)
            guard_shared_rows(connection)
            create_group_functions(connection)
    except SchemaError as error:
        raise ServerError(str(error)) from None
    except DBAPIError as error:
        raise ServerError(_("server init failed: {reason}").format(reason=_reason(error))) from None
    finally:
        engine.dispose()
    return status.revision


def add_learner_role(
    locations: Locations, role: str, password: str | None, organiser: bool
) -> LearnerAdded:
    """Create (if needed) and grant the role ``role`` as a learner of this database."""
    require_server(locations)
    if not valid_role_name(role):
        raise ServerError(
            _(
                "{role!r} is not a usable role name: use lower-case letters, digits and _, "
                "starting with a letter"
            ).format(role=role)
        )
    engine = make_engine(locations.db_url)
    try:
        with engine.begin() as connection:
            created = add_learner(connection, role, password, organiser)
    except DBAPIError as error:
        raise ServerError(
            _("could not add the learner {role}: {reason}").format(
                role=role, reason=_reason(error)
            )
        ) from None
    finally:
        engine.dispose()
    return LearnerAdded(role, created, organiser)


def connected_as_organiser(locations: Locations) -> bool:
    """Whether the connecting role is an organiser (``False`` on SQLite)."""
    if not is_postgres(locations.db_url):
        return False
    engine = make_engine(locations.db_url)
    try:
        with engine.connect() as connection:
            return is_organiser(connection)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class PlanStanding:
    """One plan of one learner: units read by the one read rule, and days overdue."""

    name: str
    units_done: int
    units_total: int
    days_overdue: int


@dataclass(frozen=True)
class LearnerStanding:
    """A learner's plans; ``behind`` when a past day of a plan is not read yet."""

    learner: str
    plans: tuple[PlanStanding, ...]

    @property
    def behind(self) -> bool:
        return any(plan.days_overdue for plan in self.plans)

    def to_json(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "behind": self.behind,
            "plans": [asdict(plan) for plan in self.plans],
        }


def class_progress(locations: Locations, today: dt.date) -> list[LearnerStanding]:
    """Every learner's plan progress, for an organiser (refused to anyone else)."""
    require_server(locations)
    engine = make_engine(locations.db_url)
    refusal = _("group progress is for organisers (server add-learner ROLE --organiser)")
    try:
        with engine.connect() as connection:
            if not is_organiser(connection):
                raise ServerError(refusal)
        records = class_records(engine, ReadingSpeed())
    except ProgrammingError as error:  # the database's own refusal
        if getattr(error.orig, "sqlstate", None) == "42501":
            raise ServerError(refusal) from None
        raise ServerError(_reason(error)) from None
    except DBAPIError as error:
        raise ServerError(_reason(error)) from None
    finally:
        engine.dispose()
    return [_standing(record, today) for record in records]


def _standing(record: LearnerRecord, today: dt.date) -> LearnerStanding:
    keys = done_keys(record.progress)
    plans = []
    for plan in record.plans:
        units = [u for a in plan.assignments for u in a.units]
        statuses = [day_status(a, keys, today) for a in plan.assignments]
        plans.append(
            PlanStanding(
                plan.name,
                sum(1 for u in units if unit_done(u, keys)),
                len(units),
                statuses.count("overdue"),
            )
        )
    return LearnerStanding(record.learner, tuple(plans))
