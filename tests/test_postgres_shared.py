"""Shared rows on a class server: no learner can delete what another learner's record
hangs on (foreign-key cascades bypass row-level security), and passwords never travel
in SQL text. Skipped without the server binaries, as the other PostgreSQL tests."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event

from studyapp.db.engine import make_engine
from studyapp.db.server_roles import add_learner
from tests.test_postgres_roles import (  # noqa: F401  # the fixture, used by name
    MATERIAL,
    ClassServer,
    _count,
    _learner_a_studies,
    class_server,
)

A_OWNS = ("note", "quiz_answer", "review_card", "plan_item")


@pytest.fixture
def server(class_server: ClassServer) -> ClassServer:  # noqa: F811  # the roles module's
    return class_server


def test_a_learner_cannot_delete_a_material_another_learner_studies(
    server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(server, tmp_path)
    with server.connect(server.organiser) as alice:
        before = {table: _count(alice, table) for table in A_OWNS}
    with server.connect(server.member) as bob:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="other learners"):
            bob.execute("DELETE FROM material WHERE id = %s", (MATERIAL,))
        bob.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bob.execute(  # a question A answered: its cascade would take A's card and answers
                "DELETE FROM question WHERE material_id = %s", (MATERIAL,)
            )
        bob.rollback()
        assert _count(bob, "material") >= 2
    with server.connect(server.organiser) as alice:
        assert {table: _count(alice, table) for table in A_OWNS} == before


def test_a_material_no_one_else_uses_may_still_be_deleted(
    server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(server, tmp_path)
    with server.connect(server.member) as bob:
        row = bob.execute("SELECT id FROM material WHERE id <> %s LIMIT 1", (MATERIAL,)).fetchone()
        assert row is not None
        assert bob.execute("DELETE FROM material WHERE id = %s", row).rowcount == 1


def test_a_learners_own_material_goes_with_their_own_rows(
    server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(server, tmp_path)  # only A has rows on MATERIAL
    with server.connect(server.organiser) as alice:
        assert alice.execute("DELETE FROM material WHERE id = %s", (MATERIAL,)).rowcount == 1
        assert _count(alice, "note") == 0


def test_a_password_is_hashed_before_it_reaches_the_server(server: ClassServer) -> None:
    engine = make_engine(server.url(server.owner))
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(str(args[2])))
    secret = "s3cr%t'; DROP TABLE note; --"
    role = f"dora_{os.getpid()}"
    try:
        with engine.begin() as connection:
            assert add_learner(connection, role, secret, organiser=False)
    finally:
        engine.dispose()
    assert sent and not any("s3cr" in statement for statement in sent)
    with server.connect("postgres") as admin:
        row = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,))
        stored = row.fetchone()
    assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$")
    with server.connect(server.owner) as owner:
        assert _count(owner, "note") == 0  # and nothing of the password ran as SQL
