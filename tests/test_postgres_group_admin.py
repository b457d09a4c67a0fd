"""``group rename`` and ``group delete`` on a real server: the organiser's only, refused to
a member by the app and by the database; deleting asks first and leaves every member
their own copies of the group's plans."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from tests import test_postgres_roles as roles
from tests.test_postgres_groups import GROUP, _as, _set_up_class
from tests.test_postgres_roles import ClassServer, _cli

class_server = roles.class_server  # the fixture: an owner, an organiser and a member
NEW = "周四读书班"


def _plan_names(server: ClassServer, tmp: Path, role: str) -> list[str]:
    code, out, err = _as(server, tmp, role, "plan", "list", "--json")
    assert code == 0, err
    return [plan["name"] for plan in json.loads(out)]


def test_a_member_may_not_rename_or_delete_the_group(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    member = class_server.member
    for args in (("rename", GROUP, "x"), ("delete", GROUP, "--yes"), ("delete", GROUP)):
        code, _out, err = _as(class_server, tmp_path, member, "group", *args)
        assert code == 2 and err.count("\n") == 1 and "organiser" in err, err
    for statement in ("SELECT studyapp_group_delete(%s)", "SELECT studyapp_group_rename(%s, 'x')"):
        with (
            class_server.connect(member) as bob,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            bob.execute(statement, (GROUP,))
    with class_server.connect(member) as bob:  # the policies leave a member no row to change
        assert bob.execute("DELETE FROM study_group").rowcount == 0
        assert bob.execute("UPDATE study_group SET name = 'x'").rowcount == 0
    code, out, err = _as(
        class_server, tmp_path, class_server.organiser, "group", "progress", GROUP, "--json"
    )
    assert code == 0 and len(json.loads(out)["members"]) == 2, err


def test_the_organiser_renames_the_group_and_members_and_plans_stay(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    organiser, member = class_server.organiser, class_server.member
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "create", "其他班")
    assert code == 0, err
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "rename", GROUP, "其他班")
    assert code == 2 and err.count("\n") == 1 and "exists" in err  # a name taken
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "rename", GROUP, " ")
    assert code == 2 and err.count("\n") == 1 and "printable" in err
    code, out, err = _as(class_server, tmp_path, organiser, "group", "rename", GROUP, NEW)
    assert code == 0 and NEW in out, err
    code, out, err = _as(class_server, tmp_path, organiser, "group", "progress", NEW, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert {entry["learner"] for entry in shown["members"]} == {organiser, member}
    assert all(entry["units_total"] > 0 for entry in shown["members"])  # the plan still counts
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "progress", GROUP)
    assert code == 2 and "no group" in err
    with class_server.connect(member) as bob:
        assert bob.execute("SELECT group_name FROM group_member").fetchall() == [(NEW,)]


def test_the_organiser_deletes_the_group_after_confirming_and_members_keep_their_plans(
    class_server: ClassServer, tmp_path: Path
) -> None:
    _set_up_class(class_server, tmp_path)
    organiser, member = class_server.organiser, class_server.member
    asked = _cli(tmp_path / organiser, class_server.url(organiser), "group", "delete", GROUP,
                 stdin="n\n")  # fmt: skip
    assert asked.returncode == 1 and "Nothing was changed" in asked.stderr
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "progress", GROUP)
    assert code == 0, err  # still there
    done = _cli(tmp_path / organiser, class_server.url(organiser), "group", "delete", GROUP,
                stdin="y\n")  # fmt: skip
    assert done.returncode == 0 and f"Deleted the group {GROUP}." in done.stdout, done.stderr
    with class_server.connect(member) as bob:
        assert bob.execute("SELECT count(*) FROM group_member").fetchone() == (0,)
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "progress", GROUP)
    assert code == 2 and "no group" in err
    assert _plan_names(class_server, tmp_path, member) == [GROUP]  # the member's own copy
    assert _plan_names(class_server, tmp_path, organiser) == [GROUP]
    code, _out, err = _as(class_server, tmp_path, organiser, "group", "delete", GROUP, "--yes")
    assert code == 2 and err.count("\n") == 1 and "no group" in err


def test_rename_and_delete_refuse_sqlite_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'one.sqlite'}"
    for args in (("group", "rename", "g", "h"), ("group", "delete", "g", "--yes")):
        done = _cli(tmp_path, url, *args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "PostgreSQL" in done.stderr
