"""Two windows or terminals at once: no answer overwrites another, daily limits hold.

Before: a review wrote the card as it was when the queue was loaded, so a
second answer to the same card replaced the first (reps 1, two log rows) and
both counted as new cards; two quizzes creating the same card crashed on
``UNIQUE constraint failed: review_card.question_id``.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading

from studyapp.core.review import Rating
from studyapp.locations import Locations
from studyapp.services import Clock, StudyService, quiz, utc_now
from studyapp.services import review as review_service
from tests.conftest import fixed_clock
from tests.db_rows import rows

MATERIAL = "study-campaign-guide"
NEW_PER_DAY, REVIEWS_PER_DAY = 15, 60


def _open(
    locations: Locations,
    new: int = NEW_PER_DAY,
    total: int = REVIEWS_PER_DAY,
    clock: Clock = utc_now,
) -> StudyService:
    locations.data_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(
        f"[review]\nnew_cards_per_day = {new}\nreviews_per_day = {total}\n", encoding="utf-8"
    )
    service = StudyService.open(locations, clock)
    service.import_bundled_if_new()
    return service


def _make_cards(service: StudyService, count: int, matured: int = 0) -> None:
    """``count`` new cards from missed answers; the first ``matured`` reviewed Easy once."""
    for question in quiz.questions(service, MATERIAL, count=count, seed=5):
        quiz.answer(service, question, "zzz", seconds=3.0)
    for card in service.reviews.cards()[:matured]:
        question = service.quiz.questions_by_id([card.question_id])[card.question_id]
        item = review_service.ReviewItem(card, question)
        review_service.answer(service, item, "zzz", seconds=3.0, rating=Rating.Easy)


def _rows(locations: Locations, sql: str) -> list[tuple]:
    return rows(locations, sql)  # the SQLite file, or the PostgreSQL database


def _lost_updates(locations: Locations) -> int:
    """Cards whose review count differs from their number of log rows."""
    return _rows(
        locations,
        "SELECT count(*) FROM review_card c WHERE c.reps !="
        " (SELECT count(*) FROM review_log l WHERE l.card_id = c.card_id)",
    )[0][0]


def _plain_review(locations: Locations) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studyapp",
            "--data-dir",
            str(locations.data_dir),
            "review",
            "--plain",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_prompt(process: subprocess.Popen[bytes]) -> bytes:
    """Read until the first question's prompt: the process has loaded its queue."""
    assert process.stdout is not None
    seen = b""
    while b"> " not in seen:
        chunk = os.read(process.stdout.fileno(), 4096)
        assert chunk, "the review ended before asking anything"
        seen += chunk
    return seen


def test_two_plain_reviews_of_the_same_due_cards_lose_no_update(locations: Locations) -> None:
    service = _open(locations, new=100, total=1000, clock=fixed_clock)  # cards made on a past day
    _make_cards(service, 50, matured=25)
    service.close()
    service = _open(locations)
    today = service.local_day()
    service.close()
    _rows(locations, "UPDATE review_card SET due = '2000-01-01 00:00:00'")  # all due now
    before = _rows(locations, "SELECT count(*) FROM review_log")[0][0]
    processes = [_plain_review(locations) for _ in range(2)]
    for process in processes:
        _wait_for_prompt(process)  # both queues are loaded before anyone answers
    answers = b"1\n" * 80  # gradable by every question type ("zzz" names no option)
    results: list[tuple[bytes, bytes]] = [(b"", b"")] * 2

    def feed(index: int) -> None:
        results[index] = processes[index].communicate(answers, timeout=120)

    threads = [threading.Thread(target=feed, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for process, (_out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err.decode()
    [(new, total)] = _rows(
        locations,
        "SELECT sum(CASE WHEN previous_state = 'new' THEN 1 ELSE 0 END), count(*)"
        " FROM review_log"
        f" WHERE local_day = '{today.isoformat()}'",
    )
    assert _lost_updates(locations) == 0
    assert new <= NEW_PER_DAY and total == REVIEWS_PER_DAY  # 2 × 40 answers asked, 60 allowed
    assert _rows(locations, "SELECT count(*) FROM review_log")[0][0] == before + total


def test_an_answer_from_a_stale_queue_builds_on_the_other_one(locations: Locations) -> None:
    first, second = _open(locations), _open(locations)
    _make_cards(first, 1)
    [item] = review_service.queue(first)
    assert review_service.queue(second) == [item]
    one = review_service.answer(first, item, "zzz", seconds=3.0)
    two = review_service.answer(second, item, "zzz", seconds=3.0)  # second's queue is stale
    assert one.applied and two.applied
    assert two.entry is not None and two.entry.previous == one.card
    assert two.card.reps == 2 and _lost_updates(locations) == 0
    assert review_service.queue(second) == []  # the card is in learning, due later
    for service in (first, second):
        service.close()


def test_an_answer_past_the_daily_new_card_limit_is_graded_not_stored(
    locations: Locations,
) -> None:
    service = _open(locations, new=2)
    _make_cards(service, 4)
    queue = review_service.queue(service)
    assert len(queue) == 2
    late = next(c for c in service.reviews.cards() if c not in [i.card for i in queue])
    question = service.quiz.questions_by_id([late.question_id])[late.question_id]
    for item in queue:
        assert review_service.answer(service, item, "zzz", seconds=3.0).applied
    result = review_service.answer(
        service, review_service.ReviewItem(late, question), "zzz", seconds=3.0
    )
    assert not result.applied and result.entry is None and result.card == late
    assert result.grade.verdict == "wrong"
    assert service.reviews.done_on(service.local_day()) == (2, 2)
    service.close()


def test_rerating_or_undoing_a_review_another_window_built_on_changes_nothing(
    locations: Locations,
) -> None:
    first, second = _open(locations), _open(locations)
    _make_cards(first, 1)
    [item] = review_service.queue(first)
    mine = review_service.answer(first, item, "zzz", seconds=3.0)
    again = review_service.rerate(first, item, mine, Rating.Good)  # one transaction
    assert again.applied and again.rating is Rating.Good and again.card.reps == 1
    theirs = review_service.answer(second, item, "zzz", seconds=3.0)
    assert review_service.rerate(first, item, again, Rating.Easy) == again
    assert review_service.undo_last(first, again) is None
    assert _rows(locations, "SELECT count(*), max(rating) FROM review_log") == [(2, 3)]
    assert second.reviews.card_for_question(item.card.question_id) == theirs.card
    assert review_service.undo_last(second, theirs) == again.card
    assert _lost_updates(locations) == 0
    for service in (first, second):
        service.close()


def test_two_quizzes_missing_the_same_questions_at_once_keep_every_answer(
    locations: Locations,
) -> None:
    services = [_open(locations), _open(locations)]
    questions = quiz.questions(services[0], MATERIAL, count=30, seed=9)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def take(service: StudyService) -> None:
        try:
            for question in questions:
                barrier.wait(timeout=30)
                quiz.answer(service, question, "zzz", seconds=3.0)
        except BaseException as error:  # reported below, with the thread's failure
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=take, args=(s,)) for s in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _rows(locations, "SELECT count(*) FROM quiz_answer") == [(2 * len(questions),)]
    assert _rows(locations, "SELECT count(*) FROM review_card") == [(len(questions),)]
    for service in services:
        service.close()


def test_storing_a_card_twice_keeps_the_first(locations: Locations) -> None:
    service = _open(locations)
    _make_cards(service, 1)
    [card] = service.reviews.cards()
    other = dataclasses.replace(card, reps=9)
    assert service.reviews.add(other, MATERIAL, service.clock()) is False
    assert service.reviews.cards() == [card]
    service.close()
