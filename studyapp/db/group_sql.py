"""The database's side of the reading classes: policies on the group tables and the
SECURITY DEFINER functions an organiser uses (``server init`` creates them as the
database owner, who bypasses row-level security).

A function knows its caller as ``session_user`` (inside a definer function
``current_user`` is the owner); a learner logs in as themselves, so the two agree.
Every function checks that the caller organises the named group and otherwise raises
SQLSTATE 42501 (insufficient privilege): the database refuses, not only the app.
"""

from __future__ import annotations

from sqlalchemy import Connection

from studyapp.db.server_roles import LEARNER_GROUP, ORGANISER_GROUP

_DEFINER = "SECURITY DEFINER SET search_path = public"
_REFUSE = (
    "IF NOT studyapp_organises(g) THEN RAISE EXCEPTION USING ERRCODE = '42501', "
    "MESSAGE = 'only the organiser of group ' || g || ' may do this'; END IF;"
)
_PLAN_COLUMNS = (
    "position, day, material_id, section, title, first_paragraph, last_paragraph, "
    "chars, words, han, part, language, required"
)
_NOW = "(now() AT TIME ZONE 'UTC')"

# name(arguments) -> (returns, language, body); granted to every learner unless internal.
FUNCTIONS: dict[str, tuple[str, str, str]] = {
    "studyapp_organises(g text)": (
        "boolean",
        "sql STABLE",
        "SELECT EXISTS (SELECT 1 FROM study_group WHERE name = g AND organiser = session_user)",
    ),
    "studyapp_belongs_to(g text)": (
        "boolean",
        "sql STABLE",
        "SELECT EXISTS (SELECT 1 FROM group_member WHERE group_name = g AND member = session_user)",
    ),
    "studyapp_copy_plan(o text, p text, m text)": (
        "boolean",
        "plpgsql",
        f"""DECLARE src integer; dst integer;
        BEGIN
          SELECT id INTO src FROM plan WHERE owner = o AND name = p;
          IF src IS NULL OR o = m THEN RETURN false; END IF;
          INSERT INTO plan (owner, name, start, finish_by, minutes_per_day, created_at)
            SELECT m, name, start, finish_by, minutes_per_day, {_NOW} FROM plan WHERE id = src
            ON CONFLICT (owner, name) DO NOTHING RETURNING id INTO dst;
          IF dst IS NULL THEN RETURN false; END IF;
          INSERT INTO plan_item (owner, plan_id, {_PLAN_COLUMNS})
            SELECT m, dst, {_PLAN_COLUMNS} FROM plan_item WHERE plan_id = src;
          RETURN true;
        END""",
    ),
    "studyapp_group_add(g text, m text)": (
        "integer",
        "plpgsql",
        f"""DECLARE copied integer := 0; p text;
        BEGIN
          {_REFUSE}
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = m)
             OR NOT pg_has_role(m, '{LEARNER_GROUP}', 'MEMBER') THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
              MESSAGE = m || ' is not a learner here (server add-learner ' || m || ')';
          END IF;
          INSERT INTO group_member (group_name, member, added_at) VALUES (g, m, {_NOW})
            ON CONFLICT DO NOTHING;
          FOR p IN SELECT plan_name FROM group_plan WHERE group_name = g LOOP
            IF studyapp_copy_plan(session_user::text, p, m) THEN copied := copied + 1; END IF;
          END LOOP;
          RETURN copied;
        END""",
    ),
    "studyapp_group_plan(g text, p text)": (
        "integer",
        "plpgsql",
        f"""DECLARE given integer := 0; m text;
        BEGIN
          {_REFUSE}
          INSERT INTO group_plan (group_name, plan_name, created_at) VALUES (g, p, {_NOW})
            ON CONFLICT DO NOTHING;
          FOR m IN SELECT member FROM group_member WHERE group_name = g LOOP
            IF studyapp_copy_plan(session_user::text, p, m) THEN given := given + 1; END IF;
          END LOOP;
          RETURN given;
        END""",
    ),
    "studyapp_group_delete(g text)": (
        "void",
        "plpgsql",
        f"""BEGIN {_REFUSE}
          DELETE FROM study_group WHERE name = g;  -- members and group plans cascade
        END""",
    ),
    "studyapp_group_rename(g text, n text)": (
        "void",
        "plpgsql",
        f"""BEGIN {_REFUSE}
          PERFORM 1 FROM study_group WHERE name = g FOR UPDATE;  -- a concurrent add waits
          INSERT INTO study_group (name, organiser, created_at)
            SELECT n, organiser, created_at FROM study_group WHERE name = g;
          UPDATE group_member SET group_name = n WHERE group_name = g;
          UPDATE group_plan SET group_name = n WHERE group_name = g;
          DELETE FROM study_group WHERE name = g;
        END""",
    ),
    "studyapp_group_plans(g text)": (
        "SETOF plan",
        "plpgsql STABLE",
        f"""BEGIN {_REFUSE}
          RETURN QUERY SELECT * FROM plan WHERE owner IN
            (SELECT member FROM group_member WHERE group_name = g)
            AND name IN (SELECT plan_name FROM group_plan WHERE group_name = g);
        END""",
    ),
    "studyapp_group_plan_items(g text)": (
        "SETOF plan_item",
        "plpgsql STABLE",
        f"""BEGIN {_REFUSE}
          RETURN QUERY SELECT * FROM plan_item WHERE plan_id IN
            (SELECT id FROM studyapp_group_plans(g));
        END""",
    ),
    "studyapp_group_section_progress(g text)": (
        "SETOF section_progress",
        "plpgsql STABLE",
        f"""BEGIN {_REFUSE}
          RETURN QUERY SELECT * FROM section_progress WHERE owner IN
            (SELECT member FROM group_member WHERE group_name = g);
        END""",
    ),
    "studyapp_group_activity(g text, since date, due_by timestamp)": (
        "TABLE (learner text, read_seconds float8, answered bigint, answered_right bigint, "
        "cards_due bigint)",
        "plpgsql STABLE",
        f"""BEGIN {_REFUSE}
          RETURN QUERY SELECT gm.member::text,
            (SELECT coalesce(sum(s.active_seconds), 0)::float8 FROM reading_session s
              WHERE s.owner = gm.member AND s.local_day >= since),
            (SELECT count(*) FROM quiz_answer a WHERE a.owner = gm.member),
            (SELECT count(*) FROM quiz_answer a WHERE a.owner = gm.member AND a.correct),
            (SELECT count(*) FROM review_card c WHERE c.owner = gm.member
              AND c.due <= due_by AND NOT c.suspended)
          FROM group_member gm WHERE gm.group_name = g ORDER BY gm.member;
        END""",
    ),
}
INTERNAL = ("studyapp_copy_plan(o text, p text, m text)",)

# table -> (policy, command, clause): who sees and changes the group tables.
POLICIES = (
    ("study_group", "group_seen", "SELECT",
     "USING (organiser = current_user OR studyapp_belongs_to(name))"),
    ("study_group", "group_created", "INSERT",
     f"WITH CHECK (organiser = current_user "
     f"AND pg_has_role(current_user, '{ORGANISER_GROUP}', 'MEMBER'))"),
    ("group_member", "member_seen", "SELECT",
     "USING (member = current_user OR studyapp_organises(group_name))"),
    ("group_member", "member_added", "INSERT", "WITH CHECK (studyapp_organises(group_name))"),
    ("group_member", "member_removed", "DELETE", "USING (studyapp_organises(group_name))"),
    ("group_plan", "plan_seen", "SELECT",
     "USING (studyapp_organises(group_name) OR studyapp_belongs_to(group_name))"),
    ("group_plan", "plan_set", "INSERT", "WITH CHECK (studyapp_organises(group_name))"),
)  # fmt: skip


def create_group_functions(connection: Connection) -> None:
    """(Re)create the group functions and policies; run by the database owner."""
    for signature, (returns, language, body) in FUNCTIONS.items():
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {signature} RETURNS {returns} "
            f"LANGUAGE {language} {_DEFINER} AS $fn$ {body} $fn$"
        )
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        if signature not in INTERNAL:
            connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {signature} TO {LEARNER_GROUP}")
    for table, policy, command, clause in POLICIES:
        connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        connection.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {table}")
        connection.exec_driver_sql(f"CREATE POLICY {policy} ON {table} FOR {command} {clause}")
