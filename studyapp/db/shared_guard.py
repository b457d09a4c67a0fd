"""Shared rows that other learners' records hang on: the database refuses to delete them.

Materials and questions are shared by every learner of a server. Deleting one would
cascade into every learner's notes, progress, answers and review cards, and foreign-key
actions bypass row-level security: one learner (even with ``psql``) could wipe the
whole class's record. A trigger on each shared table asks a SECURITY DEFINER function,
which sees every learner's rows, whether anyone but the deleting learner (the session's
role: a cascade runs as the table's owner) holds a row on it;
if so the delete is refused with ``insufficient_privilege``. A material only the
deleting learner has used may still go.
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlmodel import SQLModel

from studyapp.db.models import LEARNER_TABLES
from studyapp.db.server_roles import LEARNER_GROUP

GUARD_FUNCTION = "studyapp_in_others_records"
TRIGGER_FUNCTION = "studyapp_guard_shared_row"
TRIGGER = "studyapp_guard_shared_row"
# Shared table -> the column learners' rows point at it with.
SHARED = {"material": "material_id", "question": "question_id"}
REFUSED_STATE = "42501"  # insufficient_privilege, as row-level security refuses


def _holders(column: str) -> list[str]:
    """Learner-owned tables with a column naming a row of a shared table."""
    tables = SQLModel.metadata.tables
    return [name for name in LEARNER_TABLES if name in tables and column in tables[name].c]


def _held_by_others(shared: str, column: str) -> str:
    """SQL: whether a learner other than ``learner`` holds a row on ``shared`` row ``key``."""
    checks = [
        f"EXISTS (SELECT 1 FROM {table} WHERE {column} = key AND owner <> learner)"
        for table in _holders(column)
    ]
    if shared == "material":  # its questions' answers and cards
        checks += [
            f"EXISTS (SELECT 1 FROM {table} JOIN question ON question.id = {table}.question_id "
            f"WHERE question.material_id = key AND {table}.owner <> learner)"
            for table in _holders("question_id")
        ]
    return " OR ".join(checks) or "false"


def guard_shared_rows(connection: Connection) -> None:
    """(Re)create the guard function and the delete triggers; run by the database owner.

    Idempotent. Does nothing on SQLite, which has one learner.
    """
    if connection.dialect.name != "postgresql":
        return
    cases = " ".join(
        f"WHEN '{shared}' THEN ({_held_by_others(shared, column)})"
        for shared, column in SHARED.items()
    )
    connection.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {GUARD_FUNCTION}(kind text, key text, learner text) "
        "RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public "
        f"AS $$ SELECT CASE kind {cases} ELSE false END $$"
    )
    connection.exec_driver_sql(
        f"REVOKE ALL ON FUNCTION {GUARD_FUNCTION}(text, text, text) FROM PUBLIC"
    )
    connection.exec_driver_sql(
        f"GRANT EXECUTE ON FUNCTION {GUARD_FUNCTION}(text, text, text) TO {LEARNER_GROUP}"
    )
    connection.exec_driver_sql(
        f"CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger "
        "LANGUAGE plpgsql SET search_path = public AS $$ BEGIN "
        f"IF {GUARD_FUNCTION}(TG_TABLE_NAME, OLD.id, session_user) THEN "
        f"RAISE EXCEPTION USING ERRCODE = '{REFUSED_STATE}', MESSAGE = TG_TABLE_NAME || ' ' "
        "|| OLD.id || ' is in other learners'' records: only a row no one else uses may be "
        "deleted'; END IF; RETURN OLD; END $$"
    )
    for shared in SHARED:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {shared}")
        connection.exec_driver_sql(
            f"CREATE TRIGGER {TRIGGER} BEFORE DELETE ON {shared} "
            f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER_FUNCTION}()"
        )
