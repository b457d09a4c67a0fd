"""Named reading classes on a real server: the issue's "Done when" scenario end to end.

An owner runs ``server init`` and adds an organiser (A) and a member (B); A creates a
group, adds B and sets a plan whose past days A has read and B has not. B sees only
their own copy and progress; A's ``group progress NAME --json`` shows both with B
behind; B's ``group progress`` is refused by the app and, as raw SQL, by the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import psycopg
import pytest

from studyapp.locations import resolve_locations
from studyapp.services import StudyService, quiz
from tests import test_postgres_roles as roles
from tests.test_postgres_roles import MATERIAL, ClassServer, _cli

class_server = roles.class_server  # the fixture: an owner, an organiser and a member

GROUP = "周三读书班"


def _as(server: ClassServer, tmp: Path, role: str, *args: str) -> tuple[int, str, str]:
    done = _cli(tmp / role, server.url(role), *args)
    return done.returncode, done.stdout, done.stderr


def _read_and_answer(server: ClassServer, tmp: Path, role: str, read: bool, right: bool) -> None:
    """``role`` answers one question (right or wrong) and, with ``read``, reads the plan."""
    locations = resolve_locations(tmp / role, db_url=server.url(role), environ={})
    service = StudyService.open(locations)
    try:
        (question,) = quiz.questions(service, MATERIAL, count=1, seed=5)
        quiz.answer(service, question, list(question.answer) if right else "zzz", seconds=2.0)
        if read:
            now = service.clock()
            for plan in service.all_plans():
                for unit in (u for day in plan.assignments for u in day.units):
                    service.progress.set_done(unit.material_id, unit.section, now, now.date())
    finally:
        service.close()


def _set_up_class(server: ClassServer, tmp: Path) -> None:
    organiser, member = server.organiser, server.member
    code, out, err = _as(server, tmp, organiser, "group", "create", GROUP)
    assert code == 0 and GROUP in out, err
    code, out, err = _as(server, tmp, organiser, "group", "add", GROUP, member)
    assert code == 0 and member in out, err
    today = dt.date.today()
    code, out, err = _as(
        server, tmp, organiser, "group", "plan", GROUP, MATERIAL,
        "--start", (today - dt.timedelta(days=6)).isoformat(),
        "--finish-by", (today + dt.timedelta(days=1)).isoformat(),
    )  # fmt: skip
    assert code == 0, err
    assert "1" in out  # given to the one other member
    _read_and_answer(server, tmp, organiser, read=True, right=True)
    _read_and_answer(server, tmp, member, read=False, right=False)


def test_the_organiser_sees_both_members_and_the_one_who_has_not_read_is_behind(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    code, out, err = _as(
        class_server, tmp_path, class_server.organiser, "group", "progress", GROUP, "--json"
    )
    assert code == 0, err
    shown = json.loads(out)
    assert shown["group"] == GROUP
    members = {entry["learner"]: entry for entry in shown["members"]}
    assert set(members) == {class_server.organiser, class_server.member}
    alice, bob = members[class_server.organiser], members[class_server.member]
    assert alice["units_total"] == bob["units_total"] > 0  # the same plan for both
    assert alice["units_done"] == alice["units_total"] and not alice["behind"]
    assert bob["units_done"] == 0 and bob["behind"] and bob["days_overdue"] >= 1
    assert (alice["answered"], alice["accuracy"]) == (1, 1.0)
    assert (bob["answered"], bob["accuracy"]) == (1, 0.0)
    assert set(alice) >= {"minutes_this_week", "reviews_due"}
    code, out, err = _as(class_server, tmp_path, class_server.organiser, "group", "progress", GROUP)
    lines = {line.split(":")[0] for line in out.splitlines()}
    assert code == 0 and lines == {class_server.organiser, f"{class_server.member} (behind)"}


def test_the_member_sees_only_their_own_copy_and_progress(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    code, out, err = _as(class_server, tmp_path, class_server.member, "plan", "list", "--json")
    assert code == 0, err
    (plan,) = json.loads(out)
    assert plan["name"] == GROUP and plan["units_done"] == 0  # A's reading is not B's
    with class_server.connect(class_server.member) as bob:
        owners = bob.execute("SELECT DISTINCT owner FROM plan_item").fetchall()
        assert owners == [(class_server.member,)]  # B's own rows, owned by B
        assert bob.execute("SELECT member FROM group_member").fetchall() == [
            (class_server.member,)
        ]  # not the other members
        assert bob.execute("SELECT count(*) FROM group_plan").fetchone() == (1,)


def test_the_members_group_progress_is_refused_by_the_app_and_the_database(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    member = class_server.member
    for args in (("progress", GROUP), ("plan", GROUP, MATERIAL, "--finish-by", "2030-01-01")):
        code, _out, err = _as(class_server, tmp_path, member, "group", *args)
        assert code == 2 and err.count("\n") == 1 and "organiser" in err
    code, _out, err = _as(
        class_server, tmp_path, class_server.organiser,
        "group", "plan", GROUP, "no-such-material", "--finish-by", "2030-01-01",
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1
    code, _out, err = _as(class_server, tmp_path, member, "group", "progress", "其他班")
    assert code == 2 and "no group" in err
    for statement in (
        "SELECT * FROM studyapp_group_plans(%s)",
        "SELECT * FROM studyapp_group_section_progress(%s)",
        "SELECT * FROM studyapp_group_activity(%s, '2026-01-01', now()::timestamp)",
        f"SELECT studyapp_group_add(%s, '{member}')",
        "SELECT studyapp_group_plan(%s, 'x')",
    ):
        with (
            class_server.connect(member) as bob,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            bob.execute(statement, (GROUP,))
    with class_server.connect(member) as bob, pytest.raises(psycopg.errors.InsufficientPrivilege):
        bob.execute(
            "INSERT INTO group_member (group_name, member, added_at) VALUES (%s, 'eve', now())",
            (GROUP,),
        )
    with class_server.connect(member) as bob:
        assert bob.execute("DELETE FROM group_member").rowcount == 0


def test_only_organisers_create_groups_and_a_late_member_gets_the_plans(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    code, _out, err = _as(class_server, tmp_path, class_server.member, "group", "create", "x")
    assert code == 2 and err.count("\n") == 1 and "organiser" in err
    with class_server.connect(class_server.member) as bob, pytest.raises(psycopg.errors.Error):
        bob.execute(
            "INSERT INTO study_group (name, organiser, created_at) "
            "VALUES ('x', current_user, now())"
        )
    code, _out, err = _as(class_server, tmp_path, class_server.organiser, "group", "create", GROUP)
    assert code == 2 and "exists" in err
    code, _out, err = _as(
        class_server, tmp_path, class_server.organiser, "group", "add", GROUP, "nobody_here"
    )
    assert code == 2 and err.count("\n") == 1 and "not a learner" in err
    late, organiser = f"carol_{class_server.database}", class_server.organiser
    code, _out, err = _as(class_server, tmp_path, class_server.owner, "server", "add-learner", late)
    assert code == 0, err
    code, out, err = _as(class_server, tmp_path, organiser, "group", "add", GROUP, late)
    assert code == 0 and "1" in out, err
    code, out, err = _as(class_server, tmp_path, late, "plan", "list", "--json")
    assert [plan["name"] for plan in json.loads(out)] == [GROUP], err


def test_group_commands_refuse_sqlite_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.sqlite'}"
    for args in (("group", "create", "g"), ("group", "progress", "g"), ("group", "add", "g", "b")):
        done = _cli(tmp_path, url, *args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "PostgreSQL" in done.stderr


def test_the_organiser_removes_a_member_who_keeps_their_own_plan(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    organiser, member = class_server.organiser, class_server.member
    code, out, err = _as(class_server, tmp_path, member, "group", "remove", GROUP, organiser)
    assert code == 2 and err.count("\n") == 1  # a member may not remove anyone
    code, out, err = _as(class_server, tmp_path, organiser, "group", "remove", GROUP, organiser)
    assert code == 2 and "organises" in err  # a group keeps its organiser
    code, out, err = _as(class_server, tmp_path, organiser, "group", "remove", GROUP, member)
    assert code == 0 and member in out, err
    code, out, err = _as(class_server, tmp_path, organiser, "group", "remove", GROUP, member)
    assert code == 0 and "was not in" in out, err
    code, out, err = _as(class_server, tmp_path, organiser, "group", "progress", GROUP, "--json")
    assert [entry["learner"] for entry in json.loads(out)["members"]] == [organiser]
    code, out, err = _as(class_server, tmp_path, member, "plan", "list", "--json")
    assert code == 0 and [plan["name"] for plan in json.loads(out)] == [GROUP]
