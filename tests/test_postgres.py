"""studyapp on a real PostgreSQL server: schema, library, plans, reading, quizzes, review, search.

Each test gets its own database copied from a template at studyapp's schema; the cluster
is started once per session by :mod:`tests.pg_fixtures` (skipped without the binaries).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from studyapp.core.reading import ReadingPosition
from studyapp.db.engine import make_engine, shorten_busy_timeout, write_session
from studyapp.db.migrate import HEAD, SchemaError, current_revision, ensure_schema, migrate_to
from studyapp.db.search_index import include_name
from studyapp.locations import Locations, resolve_locations
from studyapp.services import StudyService, quiz
from studyapp.services import review as review_service
from tests.conftest import fixed_clock
from tests.pg_server import Cluster

MATERIAL = "study-campaign-guide"


@pytest.fixture
def pg_locations(tmp_path: Path, pg_url: str) -> Locations:
    """A data dir for settings and logs, with the database on the server."""
    return resolve_locations(tmp_path / "data", db_url=pg_url, environ={})


@pytest.fixture
def pg_service(pg_locations: Locations) -> Iterator[StudyService]:
    """An open library on the test's database, the bundled materials imported."""
    service = StudyService.open(pg_locations, fixed_clock)
    service.import_bundled_if_new()
    yield service
    service.close()


def _cli(locations: Locations, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "studyapp", "--data-dir", str(locations.data_dir)]
    return subprocess.run(
        [*command, "--db", locations.db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_same_migrations_bring_an_empty_database_to_head(
    pg_cluster: Cluster,
) -> None:
    url = pg_cluster.new_database(empty=True)
    engine = make_engine(url)
    try:
        migrate_to(engine, "head")
        assert current_revision(engine) == HEAD
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()
        pg_cluster.drop_database(url)


def test_first_start_creates_the_schema_and_the_trigram_index(
    pg_cluster: Cluster,
    tmp_path: Path,
) -> None:
    url = pg_cluster.new_database(empty=True)
    engine = make_engine(url)
    try:
        status = ensure_schema(engine, tmp_path, dt.datetime.now(dt.UTC))
        assert (status.action, status.revision, status.backup) == ("created", HEAD, None)
        assert ensure_schema(engine, tmp_path, dt.datetime.now(dt.UTC)).action == "current"
        with engine.connect() as connection:
            indexes = connection.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'paragraph'")
            ).scalars()
            assert "paragraph_text_trgm" in set(indexes)
    finally:
        engine.dispose()
        pg_cluster.drop_database(url)


def test_a_plain_postgresql_url_means_psycopg_3(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


def test_a_sql_ascii_database_is_refused_with_the_reason(
    pg_cluster: Cluster,
    tmp_path: Path,
) -> None:
    url = pg_cluster.new_database(encoding="SQL_ASCII")
    try:
        locations = resolve_locations(tmp_path / "data", db_url=url, environ={})
        with pytest.raises(SchemaError, match="SQL_ASCII, not UTF8"):
            StudyService.open(locations, fixed_clock)
        refused = _cli(locations, "library")
        assert refused.returncode != 0
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1 and "SQL_ASCII" in lines[0], refused.stderr
        engine = make_engine(url)
        try:
            assert current_revision(engine) is None  # nothing was created
        finally:
            engine.dispose()
    finally:
        pg_cluster.drop_database(url)


def test_import_and_library(pg_service: StudyService, pg_locations: Locations) -> None:
    library = pg_service.library()
    assert MATERIAL in {m.id for m in library}
    assert library[0].required  # required materials first, as on SQLite
    listed = _cli(pg_locations, "library")
    assert listed.returncode == 0 and MATERIAL in listed.stdout
    again = pg_service.import_bundled_if_new()
    assert again is None or not again.imported


def test_plan_and_reading_progress(pg_service: StudyService, pg_locations: Locations) -> None:
    added = _cli(
        pg_locations, "plan", "add", MATERIAL, "--start", "2026-03-02",
        "--finish-by", "2026-03-08", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    days = json.loads(added.stdout)["schedule"]
    assert days[0]["date"] == "2026-03-02" and len(days) == 7
    section = pg_service.material(MATERIAL).sections[0].anchor  # type: ignore[union-attr]
    tracker = pg_service.start_reading(MATERIAL, section, "zh")
    tracker.moved(ReadingPosition(MATERIAL, section, 1, 0), (section, 1))
    tracker.mark_done(section, True)
    tracker.close()
    pg_service.save_note(MATERIAL, section, "笔记：先读目录")
    assert pg_service.note(MATERIAL, section).text == "笔记：先读目录"  # type: ignore[union-attr]
    data = pg_service.reader_data(MATERIAL)
    assert data.position is not None and data.position.section == section
    listed = json.loads(_cli(pg_locations, "plan", "list", "--json").stdout)
    assert listed[0]["units_done"] >= 1


def test_quiz_answer_makes_a_card_and_review_schedules_it(pg_service: StudyService) -> None:
    questions = quiz.questions(pg_service, MATERIAL, count=2, seed=11)
    assert questions
    for question in questions:
        quiz.answer(pg_service, question, "zzz", seconds=3.0)
    queue = review_service.queue(pg_service)
    assert {i.question.id for i in queue} == {q.id for q in questions}
    result = review_service.answer(pg_service, queue[0], ["zzz"], seconds=4.0)
    assert result.applied
    assert review_service.due_count(pg_service) == len(questions) - 1
    assert review_service.undo_last(pg_service, result) is not None
    assert review_service.due_count(pg_service) == len(questions)


def test_stats(pg_service: StudyService, pg_locations: Locations) -> None:
    for question in quiz.questions(pg_service, MATERIAL, count=2, seed=3):
        quiz.answer(pg_service, question, list(question.answer), seconds=2.0)
    shown = _cli(pg_locations, "stats", "--json")
    assert shown.returncode == 0, shown.stderr
    assert isinstance(json.loads(shown.stdout), dict)


@pytest.mark.parametrize(
    "query",
    ["读书", "读", "学习活动", "READING class", "reading"],
)
def test_search_finds_what_a_scan_finds(pg_service: StudyService, query: str) -> None:
    found = pg_service.search(query, limit=500)
    assert found.hits
    terms = query.casefold().split()
    for hit in found.hits:
        section = pg_service.section(hit.material_id, hit.section)
        assert section is not None
    # every paragraph holding every term is found: compare with a scan in Python
    expected = 0
    for material in pg_service.library():
        for section in pg_service.material(material.id).sections:  # type: ignore[union-attr]
            for paragraph in pg_service.section(material.id, section.anchor).paragraphs:  # type: ignore[union-attr]
                body = paragraph.text.casefold()
                expected += all(term in body for term in terms)
    assert len(found.hits) == expected
    assert found.indexed == any(len(term) >= 3 for term in terms)


def test_writers_take_turns(pg_url: str) -> None:
    """Two write sessions never overlap: the second waits for the first's commit."""
    engine = make_engine(pg_url)
    entered = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def first() -> None:
        with write_session(engine):
            order.append("first in")
            entered.set()
            release.wait(10)
            order.append("first out")

    def second() -> None:
        entered.wait(10)
        with write_session(engine):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        entered.wait(10)
        threads[1].join(0.5)
        assert order == ["first in"]
        release.set()
        for thread in threads:
            thread.join(10)
        assert order == ["first in", "first out", "second in"]
    finally:
        release.set()
        engine.dispose()


def test_a_writer_stuck_behind_another_gives_up_after_the_lock_timeout(pg_url: str) -> None:
    holder, waiter = make_engine(pg_url), make_engine(pg_url)
    shorten_busy_timeout(waiter, 0.2)
    try:
        with write_session(holder):
            started = time.monotonic()
            with pytest.raises(OperationalError, match="lock timeout"), write_session(waiter):
                pass
            assert time.monotonic() - started < 5
        with write_session(waiter):  # free again
            pass
    finally:
        holder.dispose()
        waiter.dispose()


def test_two_processes_importing_at_once_get_distinct_ids(
    pg_locations: Locations, tmp_path: Path
) -> None:
    """Ids come from max(id) + 1 under the writers' lock: two importers never collide."""
    folders = []
    for number in range(2):
        folder = tmp_path / f"set{number}"
        folder.mkdir()
        for index in range(4):
            body = "\n\n".join(f"第{n}段：读书班第{number}组材料{index}。" for n in range(30))
            (folder / f"m{number}-{index}.md").write_text(f"# 材料 {number}-{index}\n\n{body}\n")
        folders.append(folder)
    command = [sys.executable, "-m", "studyapp", "--data-dir", str(pg_locations.data_dir)]
    runs = [
        subprocess.Popen(
            [*command, "--db", pg_locations.db_url, "import", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    service = StudyService.open(pg_locations, fixed_clock)
    try:
        ids = {m.id for m in service.library()}
        assert {f"m{n}-{i}" for n in range(2) for i in range(4)} <= ids
        for material in service.library():
            assert len(service.material(material.id).sections) >= 1  # type: ignore[union-attr]
    finally:
        service.close()


def test_an_unreachable_server_is_one_line_with_the_reason(tmp_path: Path) -> None:
    url = f"postgresql://postgres@/studyapp?host={tmp_path}"  # no server on that socket
    locations = resolve_locations(tmp_path / "data", db_url=url, environ={})
    refused = _cli(locations, "library")
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 2 and len(lines) == 1, refused.stderr
    assert "cannot be reached" in lines[0] and "No such file or directory" in lines[0]
