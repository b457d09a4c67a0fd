"""One process of the load test: a few simulated learners, a thread and a service each.

See ``loadbench.py``. Every event is one call into the app's own write path (one
transaction); transient failures are retried here and counted.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.exc import DBAPIError

from studyapp.core.plans.speed import TextSize
from studyapp.locations import resolve_locations
from studyapp.services import StudyService
from studyapp.services import review as review_service
from studyapp.services.quiz import answer as answer_question

MATERIAL = "study-campaign-guide"
ATTEMPTS = 5
# serialization failure, deadlock, lock timeout / lock not available
TRANSIENT_CODES = frozenset({"40001", "40P01", "55P03"})


@dataclass(frozen=True)
class LearnerSpec:
    """Who a simulated learner is and where: its URL, data dir, role and questions."""

    url: str
    folder: str
    owner: str
    questions: tuple[str, ...]
    seed: int


class Learner:
    """A learner's service, its random choices and what the database acknowledged."""

    def __init__(self, spec: LearnerSpec) -> None:
        self.spec = spec
        self.random = random.Random(spec.seed)
        locations = resolve_locations(Path(spec.folder), db_url=spec.url, environ={})
        self.service = StudyService.open(locations)
        material = self.service.material(MATERIAL)
        assert material is not None
        self.section = material.sections[0].anchor
        self.questions = self.service.quiz.questions_by_id(list(spec.questions))
        self.session: int | None = None
        self.active = 0.0
        self.counts = {"reads": 0, "answers": 0, "reviews": 0, "retries": 0, "unhandled": 0}
        self.sessions: dict[int, float] = {}
        self.latencies: list[float] = []
        self.errors: set[str] = set()

    def event(self) -> None:
        """One event, retried on transient errors; its latency kept when acknowledged."""
        roll = self.random.random()
        action = self.read if roll < 0.5 else self.answer if roll < 0.8 else self.review
        for attempt in range(ATTEMPTS):
            started = time.perf_counter()
            try:
                action()
            except Exception as error:  # counted and shown, never silently dropped
                if not _transient(error) or attempt == ATTEMPTS - 1:
                    self.counts["unhandled"] += 1
                    self.errors.add(f"{type(error).__name__}: {error}"[:200])
                    return
                self.counts["retries"] += 1
                time.sleep(0.01 * (attempt + 1) * self.random.random())
                continue
            self.latencies.append(time.perf_counter() - started)
            return

    def read(self) -> None:
        progress, now = self.service.progress, self.service.clock()
        if self.session is None or self.random.random() < 0.2:
            day = self.service.local_day(now)
            self.session = progress.open_session(MATERIAL, self.section, now, day, "zh")
            self.active = 0.0
            self.sessions[self.session] = 0.0
        else:
            self.active += 20.0
            size = TextSize(int(self.active * 7), int(self.active * 6), 0)
            progress.update_session(self.session, self.section, now, self.active, size)
            self.sessions[self.session] = self.active
        self.counts["reads"] += 1

    def answer(self) -> None:
        question = self.questions[self.random.choice(self.spec.questions)]
        given = list(question.answer) if self.random.random() < 0.6 else "zzz"
        answer_question(self.service, question, given, seconds=3.0)
        self.counts["answers"] += 1

    def review(self) -> None:
        due = review_service.queue(self.service)
        if not due:
            return self.answer()
        item = due[0]
        result = review_service.answer(self.service, item, list(item.question.answer), seconds=4.0)
        if result.applied:
            self.counts["reviews"] += 1
        return None

    def result(self) -> dict[str, Any]:
        return {
            "owner": self.spec.owner,
            **self.counts,
            "sessions": self.sessions,
            "latencies": self.latencies,
            "errors": sorted(self.errors),
        }


def _transient(error: Exception) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None)
    return code in TRANSIENT_CODES or "database is locked" in str(error.orig)


def run_learners(specs: list[LearnerSpec], seconds: float, ready: Any, go: Any, out: Any) -> None:
    """Open every learner's service, wait for ``go``, run for ``seconds``, put the results."""
    learners = [Learner(spec) for spec in specs]
    ready.put(len(learners))
    go.wait()
    deadline = time.monotonic() + seconds

    def loop(learner: Learner) -> None:
        while time.monotonic() < deadline:
            learner.event()

    threads = [threading.Thread(target=loop, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for learner in learners:
        learner.service.close()
    out.put([learner.result() for learner in learners])
