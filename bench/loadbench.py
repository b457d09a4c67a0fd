"""Load test: many learners reading, answering and reviewing at once, on PostgreSQL and SQLite.

```
python bench/loadbench.py [--seconds 60] [--learners 50] [--processes 4]
                          [--sqlite-writers 5] [--skip-sqlite] [--json]
```

A throwaway PostgreSQL cluster (``tests/pg_server.py``: initdb, a local socket, deleted at
the end) is set up as a reading-class server (``server init``, one learner role per
simulated learner). Each learner has its own ``StudyService`` (its own engine and
connections, as its own role) in one of ``--processes`` processes, and for ``--seconds``
does what a reader does, through the app's own write paths, one transaction per event:

- read: open a reading session, or store the current session's active time (absolute);
- answer: answer a quiz question (answer, review card and log in one transaction);
- review: answer the first due card (re-read and scheduled under the learner's lock).

A transaction that fails with a transient error (serialization failure, deadlock, lock
timeout, SQLite's "database is locked") is retried a few times; each failure is
counted, and one that is still failing after the retries is "unhandled". Afterwards,
every acknowledged event is looked up in the database: sessions by id with their last
acknowledged time, answers and reviews counted per learner; "lost" must be 0. The same
then runs with ``--sqlite-writers`` writers on one SQLite file for comparison.
Figures: events/s, p50/p99 latency of an event (its commit included, and any wait for
the lock), retries, unhandled errors, lost events, and ratios SQLite/PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadlearner import MATERIAL, LearnerSpec, run_learners
from sqlalchemy import text

from studyapp.db.engine import make_engine
from studyapp.locations import resolve_locations
from studyapp.services import StudyService, quiz
from studyapp.services.server import add_learner_role, init_server
from tests.pg_server import Cluster


def prepare_library(url: str, folder: Path) -> list[str]:
    """Import the bundled materials; return the ids of a pool of questions to answer."""
    service = StudyService.open(resolve_locations(folder, db_url=url, environ={}))
    try:
        service.import_bundled_if_new()
        asked = quiz.questions(service, MATERIAL, count=12, seed=7)
        for question in asked:  # stores the (shared) questions, for the learners to load
            quiz.answer(service, question, list(question.answer), seconds=1.0)
        return [question.id for question in asked]
    finally:
        service.close()


def run_phase(specs: list[LearnerSpec], processes: int, seconds: float) -> list[dict[str, Any]]:
    """Run the learners split over ``processes`` processes; their results, one per learner."""
    context = mp.get_context("spawn")
    ready, go, results = context.Queue(), context.Event(), context.Queue()
    groups = [specs[i::processes] for i in range(processes) if specs[i::processes]]
    workers = [
        context.Process(target=run_learners, args=(group, seconds, ready, go, results))
        for group in groups
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=600)
    go.set()
    found: list[dict[str, Any]] = []
    for _ in workers:
        found.extend(results.get(timeout=seconds + 600))
    for worker in workers:
        worker.join(60)
    return found


def verify(url: str, results: list[dict[str, Any]]) -> int:
    """How many acknowledged events the database does not hold (0 expected)."""
    engine = make_engine(url)
    lost = 0
    try:
        with engine.connect() as connection:
            for owner in {r["owner"] for r in results}:
                mine = [r for r in results if r["owner"] == owner]
                lost += _lost_counts(connection, owner, mine)
                lost += _lost_sessions(connection, owner, mine)
    finally:
        engine.dispose()
    return lost


def _lost_counts(connection: Any, owner: str, mine: list[dict[str, Any]]) -> int:
    lost = 0
    for table, key in (("quiz_answer", "answers"), ("review_log", "reviews")):
        stored = connection.execute(
            text(f"SELECT count(*) FROM {table} WHERE owner = :o"), {"o": owner}
        ).scalar_one()
        lost += max(0, sum(r[key] for r in mine) - stored)
    return lost


def _lost_sessions(connection: Any, owner: str, mine: list[dict[str, Any]]) -> int:
    stored = dict(
        connection.execute(
            text("SELECT id, active_seconds FROM reading_session WHERE owner = :o"), {"o": owner}
        ).all()
    )
    lost = 0
    for result in mine:
        for session_id, active in result["sessions"].items():
            if int(session_id) not in stored or stored[int(session_id)] < active:
                lost += 1
    return lost


def summary(name: str, results: list[dict[str, Any]], seconds: float, lost: int) -> dict[str, Any]:
    """Events/s, latency percentiles, retries and errors over all learners."""
    latencies = sorted(x for r in results for x in r["latencies"])
    events = len(latencies)

    def percentile(p: float) -> float:
        return latencies[min(events - 1, int(p * events))] * 1000 if events else float("nan")

    return {
        "backend": name,
        "learners": len(results),
        "seconds": seconds,
        "events": events,
        "events_per_s": round(events / seconds, 1),
        "p50_ms": round(percentile(0.50), 1),
        "p99_ms": round(percentile(0.99), 1),
        "max_ms": round(latencies[-1] * 1000, 1) if events else float("nan"),
        "by_kind": {k: sum(r[k] for r in results) for k in ("reads", "answers", "reviews")},
        "retries": sum(r["retries"] for r in results),
        "unhandled": sum(r["unhandled"] for r in results),
        "errors": sorted({e for r in results for e in r["errors"]})[:5],
        "lost": lost,
    }


def postgres_phase(
    root: Path, args: argparse.Namespace, cluster: Cluster | None = None
) -> dict[str, Any]:
    """The run on PostgreSQL: a cluster of its own unless one is given (the tests')."""
    own = cluster is None
    cluster = cluster or Cluster().start()
    name = f"loadbench_{os.getpid()}"
    try:
        cluster.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        url = cluster.url(name)
        owner = resolve_locations(root / "owner", db_url=url, environ={})
        init_server(owner, dt.datetime.now(dt.UTC))
        questions = prepare_library(url, root / "owner")
        roles = [f"learner_{n:02d}" for n in range(1, args.learners + 1)]
        for role in roles:
            add_learner_role(owner, role, None, False)
        specs = [
            LearnerSpec(
                f"postgresql://{role}@/{name}?host={cluster.root}",
                str(root / role),
                role,
                tuple(questions),
                n,
            )
            for n, role in enumerate(roles)
        ]
        results = run_phase(specs, args.processes, args.seconds)
        return summary("postgresql", results, args.seconds, verify(url, results))
    finally:
        if own:
            cluster.stop()
        else:
            cluster.drop_database(cluster.url(name))


def sqlite_phase(root: Path, args: argparse.Namespace) -> dict[str, Any]:
    url = f"sqlite:///{root / 'sqlite' / 'studyapp.sqlite'}"
    (root / "sqlite").mkdir()
    questions = prepare_library(url, root / "sqlite")
    specs = [
        LearnerSpec(url, str(root / f"writer{n}"), "me", tuple(questions), n)
        for n in range(args.sqlite_writers)
    ]
    results = run_phase(specs, min(args.processes, args.sqlite_writers), args.seconds)
    return summary("sqlite", results, args.seconds, verify(url, results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--sqlite-writers", type=int, default=5)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="studyapp-loadbench-") as folder:
        root = Path(folder)
        figures = [postgres_phase(root, args)]
        if not args.skip_sqlite:
            figures.append(sqlite_phase(root, args))
    _report(figures, args.json)
    return 0 if all(f["lost"] == 0 and f["unhandled"] == 0 for f in figures) else 1


def _report(figures: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, indent=1))
        return
    for f in figures:
        print(
            f"{f['backend']:>10}: {f['learners']} writers, {f['events']} events in "
            f"{f['seconds']:.0f} s = {f['events_per_s']} events/s; latency p50 {f['p50_ms']} ms, "
            f"p99 {f['p99_ms']} ms, max {f['max_ms']} ms; {f['by_kind']}; retries "
            f"{f['retries']}, unhandled {f['unhandled']}, lost {f['lost']}"
        )
        for error in f["errors"]:
            print(f"    unhandled: {error}")
    if len(figures) == 2:
        pg, lite = figures
        rate = lite["events_per_s"] / max(pg["events_per_s"], 1e-9)
        print(
            f"SQLite/PostgreSQL: events/s x{rate:.2f}"
            f", p50 x{lite['p50_ms'] / max(pg['p50_ms'], 1e-9):.2f}"
            f", p99 x{lite['p99_ms'] / max(pg['p99_ms'], 1e-9):.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
