"""kill -9 at random moments: a first start and quiz answers are whole or absent.

A first start used to commit the tables and then stamp them in a second
transaction (a kill between left a file every later start refused); a quiz
answer and its review card were two transactions (a kill between left a missed
question never scheduled).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studyapp.core.quiz.serial import question_to_dict
from studyapp.db.migrate import HEAD
from studyapp.locations import Locations, resolve_locations
from studyapp.services import StudyService, quiz
from tests.conftest import fixed_clock
from tests.db_rows import rows

ROOT = Path(__file__).parent.parent
FIRST_RUN_KILLS = 16
QUIZ_KILLS = 20
PER_ROUND = 9  # 180 questions: the bundled materials give about 200 that pass


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.txn_worker", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )


def _kill_after(process: subprocess.Popen[str], signal_line: str, delay: float) -> list[str]:
    """Wait for ``signal_line``, sleep ``delay``, kill -9; the lines printed, in order."""
    assert process.stdout is not None
    lines = []
    while (line := process.stdout.readline()) and line.strip() != signal_line:
        lines.append(line.strip())
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    out, _ = process.communicate()
    return [*lines, signal_line, *(line.strip() for line in out.splitlines())]


def _kill_between_acks(process: subprocess.Popen[str], acks: int, rng: random.Random) -> list[str]:
    """Read ``acks`` acknowledgements, then kill -9 within the next answer.

    The delay after the last read acknowledgement is drawn from the interval
    between the last two, so the kill lands inside an answer on any machine
    speed (a fixed window let a fast machine finish the whole round first).
    """
    assert process.stdout is not None
    lines: list[str] = []
    stamps: list[float] = []
    while len(stamps) <= acks and (line := process.stdout.readline()):
        lines.append(line.strip())
        if line.startswith(("answering", "ack")):
            stamps.append(time.monotonic())
    time.sleep(rng.uniform(0, stamps[-1] - stamps[-2]) if len(stamps) > 1 else 0)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    out, _ = process.communicate()
    return [*lines, *(line.strip() for line in out.splitlines())]


def _opened_time(data: Path) -> float:
    """Seconds from ``ready`` to ``opened`` of an uninterrupted first start."""
    process = _worker("open", str(data))
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    started = time.monotonic()
    assert process.stdout.readline().strip() == "opened"
    elapsed = time.monotonic() - started
    process.communicate()
    return elapsed


def _check_opens(where: Path | Locations) -> None:
    if isinstance(where, Path):
        where = resolve_locations(where, environ={})
    service = StudyService.open(where, fixed_clock)
    try:
        assert service.schema.revision == HEAD
        assert [c.name for c in service.doctor() if not c.ok] == []
    finally:
        service.close()


def test_kill_9_during_first_start_never_bricks_the_data_dir(tmp_path: Path) -> None:
    window = _opened_time(tmp_path / "measure")
    rng = random.Random(20261207)
    interrupted = 0
    for round_ in range(FIRST_RUN_KILLS):
        data = tmp_path / f"data-{round_}"
        lines = _kill_after(_worker("open", str(data)), "ready", rng.uniform(0, window * 1.2))
        killed_mid_start = "opened" not in lines and (data / "studyapp.sqlite").exists()
        interrupted += killed_mid_start
        _check_opens(data)  # raised "not a studyapp database" before the fix
    print(f"first start: {interrupted} of {FIRST_RUN_KILLS} kills landed inside it")
    assert interrupted >= FIRST_RUN_KILLS // 4


def _prepare_quiz(locations: Locations, questions_file: Path) -> int:
    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    pool = [
        q for m in service.library() for q in quiz.questions(service, m.id, count=None, seed=11)
    ]
    service.close()
    assert len(pool) >= PER_ROUND * QUIZ_KILLS, "the material yields too few questions"
    questions_file.write_text(json.dumps([question_to_dict(q) for q in pool]), encoding="utf-8")
    return len(pool)


def _answers_without_card(locations: Locations) -> tuple[int, int]:
    [(missed, orphans)] = rows(
        locations,
        "SELECT count(*), sum(CASE WHEN c.card_id IS NULL THEN 1 ELSE 0 END) FROM quiz_answer a"
        " LEFT JOIN review_card c ON c.question_id = a.question_id"
        " WHERE a.verdict != 'right'",
    )
    return int(missed), int(orphans or 0)


def test_kill_9_during_quiz_answers_never_leaves_a_missed_question_without_a_card(
    locations: Locations, tmp_path: Path
) -> None:
    data, every = locations.data_dir, tmp_path / "all.json"
    _prepare_quiz(locations, every)
    pool = json.loads(every.read_text(encoding="utf-8"))
    rng = random.Random(17)
    acked: set[str] = set()
    cut_short = 0
    for round_ in range(QUIZ_KILLS):
        batch = tmp_path / f"round-{round_}.json"
        batch.write_text(json.dumps(pool[round_ * PER_ROUND : (round_ + 1) * PER_ROUND]))
        acks = rng.randrange(1, PER_ROUND - 1)
        worker = _worker("quiz", str(data), str(batch), locations.db_url)
        lines = _kill_between_acks(worker, acks, rng)
        done = {line.split()[1] for line in lines if line.startswith("ack")}
        acked |= done
        cut_short += len(done) < PER_ROUND
        missed, orphans = _answers_without_card(locations)
        assert orphans == 0, f"round {round_}: {orphans} missed answers have no card"
    stored = {row[0] for row in rows(locations, "SELECT question_id FROM quiz_answer")}
    assert acked <= stored  # every acknowledged answer is on disk
    print(f"quiz: {cut_short} of {QUIZ_KILLS} kills cut a quiz short; {missed} answers, 0 orphans")
    assert cut_short >= QUIZ_KILLS // 2
    _check_opens(locations)


def test_a_quiz_answer_and_its_card_are_stored_together_or_not_at_all(
    service: StudyService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import studyapp.db.quiz_repo as quiz_repo

    service.import_bundled_if_new()
    question = quiz.questions(service, service.library()[0].id, count=1, seed=3)[0]

    def dies(*_args: object) -> bool:
        raise KeyboardInterrupt  # the process stops between the answer and its card

    monkeypatch.setattr(quiz_repo, "insert_card", dies)
    with pytest.raises(KeyboardInterrupt):
        quiz.answer(service, question, "zzz", seconds=3.0)
    assert service.quiz.answers() == [] and service.reviews.cards() == []
    monkeypatch.undo()
    quiz.answer(service, question, "zzz", seconds=3.0)
    assert len(service.quiz.answers()) == 1
    assert [c.question_id for c in service.reviews.cards()] == [question.id]
