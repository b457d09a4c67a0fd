"""Learners as PostgreSQL roles: row-level security keeps each learner's record their own.

The cluster comes from :mod:`tests.pg_fixtures` (skipped without the server binaries,
failing instead with ``STUDYAPP_REQUIRE_POSTGRES=1``). A database owner who is not a
superuser runs ``server init`` and adds learners A and B; A plans and answers; B's own
connection, and B's ``studyapp``, see none of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from studyapp.locations import resolve_locations
from studyapp.services import StudyService, quiz
from tests.conftest import fixed_clock
from tests.pg_server import Cluster

MATERIAL = "study-campaign-guide"
OWNED = ("plan", "plan_item", "quiz_answer", "review_card", "reading_position", "note")


@dataclass(frozen=True)
class ClassServer:
    """A database set up for a reading class; ``url(role)`` connects as ``role``."""

    cluster: Cluster
    database: str
    owner: str
    organiser: str
    member: str

    def url(self, role: str) -> str:
        return f"postgresql://{role}@/{self.database}?host={self.cluster.root}"

    def connect(self, role: str) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host=str(self.cluster.root), user=role, dbname=self.database)


def _cli(tmp: Path, url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "studyapp", "--data-dir", str(tmp), "--db", url, *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


@pytest.fixture
def class_server(pg_cluster: Cluster, tmp_path: Path) -> Iterator[ClassServer]:
    """An empty database owned by a non-superuser, initialised, with learners A and B."""
    suffix = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"  # unique however the module is imported
    url = pg_cluster.new_database(empty=True)
    database = str(make_url(url).database)
    owner = f"owner_{suffix}"
    pg_cluster.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE")
    pg_cluster.execute(f"ALTER DATABASE {database} OWNER TO {owner}")
    server = ClassServer(pg_cluster, database, owner, f"alice_{suffix}", f"bob_{suffix}")
    init = _cli(tmp_path, server.url(owner), "server", "init")
    assert init.returncode == 0, init.stderr
    for role, extra in ((server.organiser, ["--organiser"]), (server.member, [])):
        added = _cli(tmp_path, server.url(owner), "server", "add-learner", role, *extra)
        assert added.returncode == 0, added.stderr
        assert role in added.stdout
    yield server
    pg_cluster.drop_database(url)


def _learner_a_studies(server: ClassServer, tmp: Path) -> None:
    locations = resolve_locations(tmp / "a", db_url=server.url(server.organiser), environ={})
    service = StudyService.open(locations, fixed_clock)
    try:
        service.import_bundled_if_new()
        section = service.material(MATERIAL).sections[0].anchor  # type: ignore[union-attr]
        service.save_note(MATERIAL, section, "A 的笔记")
        right, wrong = quiz.questions(service, MATERIAL, count=2, seed=5)
        quiz.answer(service, right, list(right.answer), seconds=2.0)
        quiz.answer(service, wrong, "zzz", seconds=2.0)  # a miss makes a review card
    finally:
        service.close()
    added = _cli(
        tmp / "a", server.url(server.organiser), "plan", "add", MATERIAL,
        "--start", "2026-03-02", "--finish-by", "2026-03-08",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def _count(connection: psycopg.Connection[tuple[object, ...]], table: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(str(row[0]))


def test_a_learner_cannot_see_or_change_another_learners_rows(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(class_server, tmp_path)
    with class_server.connect(class_server.organiser) as alice:
        mine = {table: _count(alice, table) for table in OWNED}
        assert all(mine[table] >= 1 for table in ("plan", "plan_item", "quiz_answer", "note"))
        assert mine["review_card"] >= 1
    with class_server.connect(class_server.member) as bob:
        assert {table: _count(bob, table) for table in OWNED} == dict.fromkeys(OWNED, 0)
        assert _count(bob, "material") >= 1  # materials are shared
        for table in OWNED:
            assert bob.execute(f"UPDATE {table} SET owner = owner").rowcount == 0
            assert bob.execute(f"DELETE FROM {table}").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # WITH CHECK: not as A
            bob.execute(
                "INSERT INTO note (owner, material_id, section, text, updated_at) "
                "VALUES (%s, %s, 'x', 'forged', now())",
                (class_server.organiser, MATERIAL),
            )
    with class_server.connect(class_server.organiser) as alice:
        assert {table: _count(alice, table) for table in OWNED} == mine


def test_the_other_learners_stats_show_nothing_of_a(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(class_server, tmp_path)
    a_stats = _cli(tmp_path / "a", class_server.url(class_server.organiser), "stats", "--json")
    b_stats = _cli(tmp_path / "b", class_server.url(class_server.member), "stats", "--json")
    assert a_stats.returncode == 0 and b_stats.returncode == 0, b_stats.stderr
    assert json.loads(a_stats.stdout)["plans"]
    b_data = json.loads(b_stats.stdout)
    assert b_data["plans"] == [] and b_data["sections_finished"] == 0
    listed = _cli(tmp_path / "b", class_server.url(class_server.member), "plan", "list", "--json")
    assert json.loads(listed.stdout) == []


def test_each_learner_has_their_own_card_and_note_for_the_same_question(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(class_server, tmp_path)
    locations = resolve_locations(
        tmp_path / "b", db_url=class_server.url(class_server.member), environ={}
    )
    service = StudyService.open(locations, fixed_clock)
    try:
        section = service.material(MATERIAL).sections[0].anchor  # type: ignore[union-attr]
        service.save_note(MATERIAL, section, "B 的笔记")
        assert service.note(MATERIAL, section).text == "B 的笔记"  # type: ignore[union-attr]
        for question in quiz.questions(service, MATERIAL, count=2, seed=5):
            quiz.answer(service, question, "zzz", seconds=2.0)
    finally:
        service.close()
    with class_server.connect(class_server.organiser) as alice:
        row = alice.execute("SELECT text FROM note").fetchone()
        assert row == ("A 的笔记",)
    with class_server.connect(class_server.member) as bob:
        assert _count(bob, "review_card") >= 1


def test_only_the_owner_may_init_and_learners_may_not_migrate(
    class_server: ClassServer, tmp_path: Path
) -> None:
    again = _cli(tmp_path, class_server.url(class_server.member), "server", "init")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "owner" in again.stderr
    with (
        class_server.connect(class_server.member) as bob,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        bob.execute("UPDATE alembic_version SET version_num = '9999'")


def test_server_commands_refuse_sqlite_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.sqlite'}"
    for args in (("server", "init"), ("server", "add-learner", "bob")):
        done = _cli(tmp_path, url, *args)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "PostgreSQL" in done.stderr


def test_a_bad_role_name_is_refused_in_one_line(class_server: ClassServer, tmp_path: Path) -> None:
    done = _cli(tmp_path, class_server.url(class_server.owner), "server", "add-learner", "Bob;--")
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_the_organiser_sees_every_learners_progress_and_a_member_is_refused(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _learner_a_studies(class_server, tmp_path)  # A (the organiser) plans from 2026-03-02
    added = _cli(
        tmp_path / "b", class_server.url(class_server.member), "plan", "add", MATERIAL,
        "--start", "2026-03-02", "--finish-by", "2026-03-08", "--name", "B 的计划",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    shown = _cli(tmp_path / "a", class_server.url(class_server.organiser), "group", "progress",
                 "--json")  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    learners = {entry["learner"]: entry for entry in json.loads(shown.stdout)["learners"]}
    assert set(learners) == {class_server.organiser, class_server.member}
    member = learners[class_server.member]
    assert [plan["name"] for plan in member["plans"]] == ["B 的计划"]
    assert member["plans"][0]["units_done"] == 0 and member["behind"]  # past days unread
    refused = _cli(tmp_path / "b", class_server.url(class_server.member), "group", "progress")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "organiser" in refused.stderr
    with (
        class_server.connect(class_server.member) as bob,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        bob.execute("SELECT * FROM studyapp_class_plans()")


_OLD_ROWS = (
    "INSERT INTO material (id, title, tags, language, required, source, encoding, file_hash, "
    "chars, section_count, imported_at, updated_at) VALUES ('m', 'M', '[]', 'zh', false, 's', "
    "'utf-8', 'h', 10, 1, now(), now())",
    "INSERT INTO plan VALUES (1, '读书计划', '2026-01-01', NULL, 20, now())",
    "INSERT INTO plan_item (id, plan_id, position, day, material_id, section, title, "
    "first_paragraph, last_paragraph, chars, words, han, part, language, required) VALUES "
    "(1, 1, 0, '2026-01-01', 'm', 's1', 'S', 0, 2, 10, 0, 10, false, 'zh', false)",
    "INSERT INTO question (id, material_id, section, type, payload, created_at) VALUES "
    "('q', 'm', 's1', 'choice', '{}', now())",
    "INSERT INTO review_card (card_id, question_id, material_id, state, due, reps, lapses, "
    "suspended, leech, format, created_at) VALUES ('q', 'q', 'm', 'new', now(), 0, 0, false, "
    "false, 'choice', now())",
    "INSERT INTO review_log (id, card_id, question_id, rating, reviewed_at, local_day, cram, "
    "previous_state, payload) VALUES (1, 'q', 'q', 3, now(), '2026-01-03', false, 'new', '{}')",
)


def test_an_old_server_database_upgrades_keeping_its_rows_owned_by_the_upgrader(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    from studyapp.core.plans import ReadingSpeed
    from studyapp.db.class_repo import class_records
    from studyapp.db.engine import make_engine
    from studyapp.db.migrate import HEAD, migrate_to
    from studyapp.db.models import GROUP_TABLES, LEARNER_TABLES
    from studyapp.services.server import init_server
    from tests.conftest import FIXED_NOW

    url = pg_cluster.new_database(empty=True)
    engine = make_engine(url)
    try:
        migrate_to(engine, "0008")
        with engine.begin() as connection:
            for statement in _OLD_ROWS:
                connection.exec_driver_sql(statement)
        locations = resolve_locations(tmp_path / "data", db_url=url, environ={})
        assert init_server(locations, FIXED_NOW) == HEAD  # upgrades, as the owner
        with engine.connect() as connection:
            for table in ("plan", "plan_item", "review_card", "review_log"):
                owners = connection.exec_driver_sql(f"SELECT owner FROM {table}").scalars().all()
                assert owners == ["postgres"], table
            secured = connection.exec_driver_sql(
                "SELECT relname FROM pg_class WHERE relrowsecurity"
            ).scalars()
            assert set(secured) == {*LEARNER_TABLES, *GROUP_TABLES}
        (record,) = class_records(engine, ReadingSpeed())  # columns by name, not position
        assert record.learner == "postgres"
        assert [(p.name, len(p.assignments)) for p in record.plans] == [("读书计划", 1)]
    finally:
        engine.dispose()
        pg_cluster.drop_database(url)


def test_add_learner_asks_for_a_password_and_an_existing_role_is_only_granted(
    class_server: ClassServer, tmp_path: Path
) -> None:
    owner_url = class_server.url(class_server.owner)
    role = f"carol_{os.getpid()}"
    added = _cli(
        tmp_path, owner_url, "server", "add-learner", role, "--password", stdin="s3cr%t\n" * 2
    )
    assert added.returncode == 0, added.stderr
    again = _cli(tmp_path, owner_url, "server", "add-learner", role)
    assert again.returncode == 0 and "now a learner" in again.stdout
    with class_server.connect("postgres") as admin:
        row = admin.execute(
            "SELECT rolcanlogin, rolpassword IS NOT NULL FROM pg_authid WHERE rolname = %s",
            (role,),
        ).fetchone()
    assert row == (True, True)
