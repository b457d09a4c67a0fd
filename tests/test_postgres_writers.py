"""Writers on a real server: learners do not wait for each other, one learner's concurrent
writers lose no update, and a deadlock the server breaks, or a unique violation from two
learners storing the same new question, is retried as a whole unit.

The cluster and the reading-class server (an owner, learners A and B) come from
:mod:`tests.test_postgres_roles`; these skip without PostgreSQL's binaries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from studyapp.db.engine import shorten_busy_timeout, write_session
from studyapp.db.postgres import LEARNER_LOCK_CLASS
from studyapp.locations import resolve_locations
from studyapp.services import StudyService, quiz
from studyapp.services import review as review_service
from tests import test_postgres_roles as roles
from tests.pg_server import SUPERUSER
from tests.test_postgres_roles import MATERIAL, ClassServer

class_server = roles.class_server  # the fixture: an owner, an organiser (A) and a member (B)
LEARNER_LOCK = f"SELECT pg_advisory_xact_lock({LEARNER_LOCK_CLASS}, hashtext(%s))"


def _open(server: ClassServer, folder: Path, role: str) -> StudyService:
    locations = resolve_locations(folder, db_url=server.url(role), environ={})
    return StudyService.open(locations)


@pytest.fixture
def services(class_server: ClassServer, tmp_path: Path) -> Iterator[Callable[[str], StudyService]]:
    """Opens services (each with its own engine) as a role; all closed at the end."""
    opened: list[StudyService] = []

    def open_as(role: str) -> StudyService:
        service = _open(class_server, tmp_path / f"{role}-{len(opened)}", role)
        opened.append(service)
        return service

    first = open_as(class_server.organiser)
    first.import_bundled_if_new()
    yield open_as
    for service in opened:
        service.close()


def _superuser(server: ClassServer) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(host=str(server.cluster.root), user=SUPERUSER, dbname=server.database)


def _wait_for_lock_waiters(server: ClassServer, count: int, timeout: float = 30.0) -> None:
    """Return once ``count`` backends of the database wait for a lock (fail after ``timeout``)."""
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    with _superuser(server) as watcher:
        watcher.autocommit = True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = watcher.execute(query).fetchone()
            if row is not None and int(str(row[0])) >= count:
                return
            time.sleep(0.01)
    raise AssertionError(f"{count} lock waiters never appeared")


def _section(service: StudyService) -> str:
    material = service.material(MATERIAL)
    assert material is not None
    return material.sections[0].anchor


def test_another_learner_writes_while_one_holds_a_write_transaction(
    class_server: ClassServer, services: Callable[[str], StudyService]
) -> None:
    alice, alice_elsewhere = services(class_server.organiser), services(class_server.organiser)
    bob = services(class_server.member)
    section = _section(alice)
    for other in (bob, alice_elsewhere):
        shorten_busy_timeout(other.engine, 2.0)  # a writer stuck behind A fails, not hangs
    with write_session(alice.engine, "learner") as session:
        session.connection().exec_driver_sql("SELECT 1")  # A's transaction is open, locks held
        bob.save_note(MATERIAL, section, "B 的笔记")  # commits meanwhile, no lock timeout
        with pytest.raises(DBAPIError) as waited:  # A's own second writer does wait
            alice_elsewhere.save_note(MATERIAL, section, "A 在别处")
        assert getattr(waited.value.orig, "sqlstate", None) == "55P03"  # lock_timeout
    assert bob.note(MATERIAL, section) is not None
    assert alice.note(MATERIAL, section) is None  # B's note is B's; A's second write failed


def test_two_reviews_of_one_card_at_once_lose_no_update(
    class_server: ClassServer, services: Callable[[str], StudyService]
) -> None:
    first, second = services(class_server.organiser), services(class_server.organiser)
    (question,) = quiz.questions(first, MATERIAL, count=1, seed=5)
    quiz.answer(first, question, "zzz", seconds=2.0)  # a miss makes a card, due now
    (item,) = review_service.queue(first)  # both windows hold the same queued card
    results: list[object] = []

    def review(service: StudyService) -> None:
        results.append(review_service.answer(service, item, "zzz", seconds=3.0))

    with _superuser(class_server) as blocker:  # holds A's lock: both reviews must queue
        blocker.execute(LEARNER_LOCK, (class_server.organiser,))
        threads = [threading.Thread(target=review, args=(s,)) for s in (first, second)]
        for thread in threads:
            thread.start()
        _wait_for_lock_waiters(class_server, 2)
        blocker.commit()
        for thread in threads:
            thread.join(timeout=60)
    assert len(results) == 2
    (card,) = first.reviews.cards()
    assert card.reps == 2  # the second review built on the first
    assert len(first.reviews.logs()) == 2


def test_a_deadlock_is_retried_as_a_whole_unit_and_succeeds(
    class_server: ClassServer, services: Callable[[str], StudyService]
) -> None:
    alice = services(class_server.organiser)
    section = _section(alice)
    broken: list[str | None] = []  # SQLSTATEs of the errors A's engine saw
    event.listen(alice.engine, "handle_error", lambda c: broken.append(_sqlstate(c)))
    ready = threading.Event()
    failure: list[BaseException] = []

    def block() -> None:
        """Hold the note table, wait until A's save waits for it, then want A's lock."""
        try:
            with _superuser(class_server) as blocker:
                blocker.execute("SET deadlock_timeout = '60s'")  # A's backend detects it
                blocker.execute("LOCK TABLE note IN EXCLUSIVE MODE")
                ready.set()
                _wait_for_lock_waiters(class_server, 1)
                blocker.execute(LEARNER_LOCK, (class_server.organiser,))  # granted after A aborts
        except BaseException as error:  # shown by the main thread
            failure.append(error)
            ready.set()

    thread = threading.Thread(target=block)
    thread.start()
    ready.wait(timeout=30)
    alice.save_note(MATERIAL, section, "死锁之后")  # deadlocks once, then is re-run
    thread.join(timeout=60)
    assert failure == []
    note = alice.note(MATERIAL, section)
    assert note is not None and note.text == "死锁之后"
    assert broken == ["40P01"]  # the server broke one deadlock; the second run went through


def _sqlstate(context: ExceptionContext) -> str | None:
    return getattr(context.original_exception, "sqlstate", None)


def test_two_learners_storing_one_new_question_at_once_both_keep_their_answers(
    class_server: ClassServer, services: Callable[[str], StudyService]
) -> None:
    alice, bob = services(class_server.organiser), services(class_server.member)
    (question,) = quiz.questions(alice, MATERIAL, count=1, seed=11)  # stored by neither yet
    inserted = threading.Event()
    broken: list[str | None] = []
    event.listen(bob.engine, "handle_error", lambda c: broken.append(_sqlstate(c)))

    def hold_commit(_connection: object) -> None:
        """A's question row is inserted, not committed: wait until B's insert waits for it."""
        inserted.set()
        _wait_for_lock_waiters(class_server, 1)

    event.listen(alice.engine, "commit", hold_commit, once=True)
    first = threading.Thread(
        target=quiz.answer, args=(alice, question, "zzz"), kwargs={"seconds": 2.0}
    )
    first.start()
    assert inserted.wait(timeout=30)
    quiz.answer(bob, question, list(question.answer), seconds=2.0)  # 23505 once, then re-run
    first.join(timeout=60)
    assert broken == ["23505"]
    for service in (alice, bob):
        assert len(service.quiz.answers()) == 1  # each learner's own answer, none lost
