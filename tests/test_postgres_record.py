"""Backups as JSON records on PostgreSQL, restoring them, and ``transfer --to`` a server.

The cluster comes from :mod:`tests.pg_fixtures` (skipped without the server binaries).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from studyapp.locations import Locations, resolve_locations
from tests.pg_server import Cluster
from tests.record_helpers import cli, stats_json, study_for_days

LEARNER_TABLES = ("reading_session", "note", "plan", "quiz_answer", "review_card", "review_log")


@pytest.fixture
def server(tmp_path: Path, pg_url: str) -> Locations:
    """A data dir whose database is the test's own on the throwaway server."""
    return resolve_locations(tmp_path / "server", db_url=pg_url, environ={})


def _counts(url: str, owner: str | None = None) -> dict[str, int]:
    parsed = make_url(url)
    where = f" WHERE owner = '{owner}'" if owner else ""
    with psycopg.connect(
        host=parsed.query["host"], user=parsed.username, dbname=parsed.database
    ) as connection:
        found = {}
        for table in LEARNER_TABLES:
            row = connection.execute(f"SELECT count(*) FROM {table}{where}").fetchone()
            found[table] = int(row[0]) if row else 0
        return found


def _one_line(done: object) -> str:
    lines = done.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, done.stderr  # type: ignore[attr-defined]
    return str(lines[0])


def test_backup_writes_the_record_and_restore_brings_it_back(
    server: Locations, tmp_path: Path
) -> None:
    study_for_days(server, days=3)
    before = stats_json(server)
    counts = _counts(server.db_url)
    target = tmp_path / "record.json"
    made = cli(server, "backup", str(target), "--json")
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # private notes
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["format"] == "studyapp-record"
    assert json.loads(made.stdout)["counts"]["review_log"] == counts["review_log"] > 0
    dated = json.loads(cli(server, "backup", "--json").stdout)["path"]
    assert Path(dated).parent == server.backup_dir and dated.endswith(".json")
    listed = json.loads(cli(server, "backup", "--list", "--json").stdout)
    assert [entry["path"] for entry in listed] == [dated]
    assert cli(server, "plan", "remove", "study-campaign-guide").returncode in (0, 1)
    study_for_days(server, days=1)  # more rows that the restore must take away
    assert _counts(server.db_url) != counts
    restored = cli(server, "restore", str(target), "--yes", "--json")
    assert restored.returncode == 0, restored.stderr
    assert Path(json.loads(restored.stdout)["previous"]).name.startswith("before-restore-")
    assert _counts(server.db_url) == counts
    assert stats_json(server) == before


def test_restore_refuses_what_is_not_a_record_and_changes_nothing(
    server: Locations, tmp_path: Path
) -> None:
    study_for_days(server, days=1)
    counts = _counts(server.db_url)
    good = tmp_path / "good.json"
    assert cli(server, "backup", str(good)).returncode == 0
    text = good.read_text(encoding="utf-8")
    declined = cli(server, "restore", str(good), stdin="n\n")
    assert declined.returncode == 1 and "Nothing was changed" in declined.stderr
    assert "Replace your record on the server" in declined.stdout
    cases = {
        "plain.txt": ("hello", "not a studyapp record"),
        "other.json": ('{"format": "other", "tables": {}}', "not a studyapp record"),
        "latin1.json": (None, "not UTF-8"),
        "cut.json": (text[: len(text) * 2 // 3], "broken JSON"),
        "bad-day.json": (
            text.replace('"local_day": "2026-03-02"', '"local_day": "March"'),
            "local_day",
        ),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        if content is None:
            path.write_bytes(b'{"format": "studyapp-record", "x": "\xe9t\xe9"}')
        else:
            path.write_text(content, encoding="utf-8")
        refused = cli(server, "restore", str(path), "--yes")
        assert refused.returncode == 2, (name, refused.stderr)
        line = _one_line(refused)
        assert expected in line and "Nothing was changed" in line, (name, line)
        assert _counts(server.db_url) == counts, name


def test_restore_as_one_learner_never_touches_another_learners_rows(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    url = pg_cluster.new_database()
    database = make_url(url).database
    for role in ("ann", "ben"):
        pg_cluster.execute(f"DROP ROLE IF EXISTS {role}_r")
    try:
        pg_cluster.execute("CREATE ROLE ann_r LOGIN")
        pg_cluster.execute("CREATE ROLE ben_r LOGIN")
        pg_cluster.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO ann_r, ben_r", database)
        pg_cluster.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ann_r, ben_r", database)
        host = make_url(url).query["host"]
        ann = resolve_locations(
            tmp_path / "ann", db_url=f"postgresql://ann_r@/{database}?host={host}", environ={}
        )
        ben = resolve_locations(
            tmp_path / "ben", db_url=f"postgresql://ben_r@/{database}?host={host}", environ={}
        )
        study_for_days(ann, days=2)
        study_for_days(ben, days=1)
        bens = _counts(url, "ben_r")
        record = tmp_path / "ann.json"
        assert cli(ann, "backup", str(record)).returncode == 0, "backup"
        anns = _counts(url, "ann_r")
        restored = cli(ann, "restore", str(record), "--yes")
        assert restored.returncode == 0, restored.stderr
        assert _counts(url, "ann_r") == anns
        assert _counts(url, "ben_r") == bens
    finally:
        pg_cluster.drop_database(url)
        pg_cluster.execute("DROP ROLE IF EXISTS ann_r")
        pg_cluster.execute("DROP ROLE IF EXISTS ben_r")


def test_restore_of_a_json_record_on_sqlite_is_one_line(tmp_path: Path) -> None:
    local = resolve_locations(tmp_path / "local", environ={})
    record = tmp_path / "record.json"
    assert cli(local, "export", "json", str(record)).returncode == 0
    refused = cli(local, "restore", str(record), "--yes")
    assert refused.returncode == 2
    assert "JSON record" in _one_line(refused)


def test_transfer_gives_the_same_stats_on_the_server(server: Locations, tmp_path: Path) -> None:
    local = resolve_locations(tmp_path / "local", environ={})
    study_for_days(local, days=4)
    expected = stats_json(local)
    done = cli(local, "transfer", "--to", server.db_url, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["counts"]["review_log"] > 0 and result["counts"]["reading_session"] >= 4
    on_server = resolve_locations(local.data_dir, db_url=server.db_url, environ={})
    assert stats_json(on_server) == expected
    again = cli(local, "transfer", "--to", server.db_url)
    assert again.returncode == 2
    assert "already holds a record" in _one_line(again)
    assert stats_json(on_server) == expected


def test_transfer_copies_the_materials_the_server_lacks(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    url = pg_cluster.new_database()  # schema only: no materials
    try:
        local = resolve_locations(tmp_path / "local", environ={})
        study_for_days(local, days=2)
        folder = tmp_path / "gbk"
        folder.mkdir()
        named = folder / os.fsdecode(b"\xb6\xc1\xca\xe9.md")  # 读书 in GBK: not UTF-8
        named.write_text("# 旧文件名\n\n独一无二的段落：汉字转写测试。\n", encoding="utf-8")
        assert cli(local, "import", str(folder)).returncode == 0
        expected = stats_json(local)
        done = cli(local, "transfer", "--to", url, "--json")
        assert done.returncode == 0, done.stderr
        copied = json.loads(done.stdout)["materials_copied"]
        assert "study-campaign-guide" in copied and len(copied) >= 2
        on_server = resolve_locations(local.data_dir, db_url=url, environ={})
        assert stats_json(on_server) == expected
        found = cli(on_server, "search", "汉字转写测试")
        assert found.returncode == 0 and "旧文件名" in found.stdout, found.stdout + found.stderr
    finally:
        pg_cluster.drop_database(url)


def test_transfer_refusals_are_one_line(pg_cluster: Cluster, tmp_path: Path) -> None:
    local = resolve_locations(tmp_path / "local", environ={})
    assert cli(local, "library").returncode == 0
    empty = pg_cluster.new_database(empty=True)
    ascii_db = pg_cluster.new_database(encoding="SQL_ASCII")
    try:
        cases = {
            f"postgresql://postgres@/nothing?host={tmp_path}": "cannot be reached",
            empty: "not initialised",
            ascii_db: "SQL_ASCII",
            "sqlite:///elsewhere.sqlite": "PostgreSQL URL",
        }
        for url, expected in cases.items():
            refused = cli(local, "transfer", "--to", url)
            assert refused.returncode == 2, (url, refused.stderr)
            assert expected in _one_line(refused), url
    finally:
        pg_cluster.drop_database(empty)
        pg_cluster.drop_database(ascii_db)
