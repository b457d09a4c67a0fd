"""A reading-class server: ``server init`` and ``server add-learner`` on PostgreSQL.

On PostgreSQL a learner is the role they connect as; row-level security keeps each
learner's record to themselves (:mod:`studyapp.db.server_roles`). SQLite has no roles:
these steps refuse there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from studyapp.db.engine import make_engine
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
from studyapp.i18n import _
from studyapp.locations import Locations


class ServerError(RuntimeError):
    """The server step cannot be done; the message says why in one line."""


@dataclass(frozen=True)
class LearnerAdded:
    """What ``add-learner`` did."""

    role: str
    created: bool
    organiser: bool


def _require_server(locations: Locations) -> None:
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
    _require_server(locations)
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
    _require_server(locations)
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
