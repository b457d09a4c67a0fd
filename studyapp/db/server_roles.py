"""Learners as PostgreSQL roles: the grants ``server init`` gives, the roles
``server add-learner`` makes, and who is an organiser.

Two group roles hold the privileges: every learner is a member of ``studyapp_learner``
(read and write every table, the learner-owned ones only through row-level security),
organisers of ``studyapp_organiser`` as well. Role names are the cluster's, so two
studyapp databases on one server share the groups; a learner still needs CONNECT on
each database, which ``add-learner`` grants for the database it runs on.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

LEARNER_GROUP = "studyapp_learner"
ORGANISER_GROUP = "studyapp_organiser"
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def valid_role_name(role: str) -> bool:
    """Whether ``role`` is a plain, lower-case PostgreSQL identifier (no quoting needed)."""
    return ROLE_NAME.fullmatch(role) is not None


def may_administer(connection: Connection) -> bool:
    """Whether the connecting role owns the database (or is a superuser)."""
    query = (
        "SELECT rolsuper OR pg_has_role(current_user, datdba, 'MEMBER') "
        "FROM pg_roles, pg_database WHERE rolname = current_user "
        "AND datname = current_database()"
    )
    return bool(connection.exec_driver_sql(query).scalar())


def _ensure_group(connection: Connection, group: str) -> None:
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM pg_roles WHERE rolname = %(name)s", {"name": group}
    ).first()
    if exists is None:
        connection.exec_driver_sql(f"CREATE ROLE {group} NOLOGIN")


def grant_learners(connection: Connection) -> None:
    """Create the two groups if needed and grant the learners' group what the app uses.

    Tables created later by the database owner (a future upgrade) get the same grants.
    The schema version is read-only for learners: only the owner migrates.
    """
    _ensure_group(connection, LEARNER_GROUP)
    _ensure_group(connection, ORGANISER_GROUP)
    group = LEARNER_GROUP
    statements = (
        f"GRANT USAGE ON SCHEMA public TO {group}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {group}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {group}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {group}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {group}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {group}",
    )
    for statement in statements:
        connection.exec_driver_sql(statement)


def add_learner(
    connection: Connection, role: str, password: str | None, organiser: bool
) -> bool:
    """Make ``role`` a learner of this database (and an organiser with ``organiser``).

    The role is created with LOGIN when missing (with ``password``, or none for peer or
    trust authentication); an existing role keeps its password unless one is given.

    Returns:
        Whether the role was created.
    """
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM pg_roles WHERE rolname = %(name)s", {"name": role}
    ).first()
    verb = "ALTER" if exists is not None else "CREATE"
    if password is not None:
        hashed = _scram_verifier(connection, role, password)
        connection.exec_driver_sql(f"{verb} ROLE {role} LOGIN PASSWORD '{hashed}'")
    elif exists is None:
        connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
    connection.exec_driver_sql(f"GRANT {LEARNER_GROUP} TO {role}")
    if organiser:
        connection.exec_driver_sql(f"GRANT {ORGANISER_GROUP} TO {role}")
    database = connection.exec_driver_sql("SELECT current_database()").scalar_one()
    quoted = connection.exec_driver_sql("SELECT quote_ident(%(d)s)", {"d": database}).scalar_one()
    connection.exec_driver_sql(f"GRANT CONNECT ON DATABASE {quoted} TO {role}")
    return exists is None


def _scram_verifier(connection: Connection, role: str, password: str) -> str:
    """The password as the server stores it (SCRAM-SHA-256), hashed here by libpq, so the
    plain password never travels in SQL text (server logs, ``pg_stat_activity``)."""
    driver = connection.connection.driver_connection
    pgconn = driver.pgconn  # type: ignore[union-attr]  # psycopg 3: the libpq connection
    hashed = pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    verifier = bytes(hashed).decode("ascii")
    if "'" in verifier or not verifier.startswith("SCRAM-SHA-256$"):
        raise ValueError("unexpected password hash")  # never interpolate anything else
    return verifier


def is_organiser(connection: Connection) -> bool:
    """Whether the connecting role belongs to the organisers' group."""
    query = (
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %(group)s) "
        "THEN pg_has_role(current_user, %(group)s, 'MEMBER') ELSE false END"
    )
    return bool(connection.exec_driver_sql(query, {"group": ORGANISER_GROUP}).scalar())
