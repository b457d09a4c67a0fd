"""Durability: kill -9 while recording loses nothing acknowledged; two writers never collide."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from studyapp.locations import resolve_locations
from studyapp.services import StudyService
from tests.conftest import fixed_clock

MATERIAL = "study-campaign-guide"


def _prepare(data: Path) -> None:
    service = StudyService.open(resolve_locations(data, environ={}), fixed_clock)
    service.import_bundled_if_new()
    service.close()


def _writer(data: Path, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reading_writer", str(data), MATERIAL, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )


def _acks(lines: list[str]) -> tuple[int, float, set[str]]:
    events, active, done = -1, 0.0, set()
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "ack":
            events, active = int(parts[1]), float(parts[2])
            done.update(parts[3:])
    return events, active, done


def _db(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / "studyapp.sqlite")


ENOUGH_ACKS = 7  # acks 0..6: the check below needs more than five


def test_kill_9_while_recording_keeps_every_acknowledged_event(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _prepare(data)
    rng = random.Random(7)
    for round_ in range(4):
        process = _writer(data, 100_000)
        assert process.stdout is not None
        # the writer is up and has acknowledged a few events, however slow the machine is
        first = [process.stdout.readline() for _ in range(ENOUGH_ACKS)]
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        out, _err = process.communicate()
        events, active, done = _acks([*first, *out.splitlines()])
        assert events > 5, f"round {round_}: the writer acknowledged too little to test"
        with _db(data) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = connection.execute(
                "SELECT active_seconds FROM reading_session ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
            finished = {
                row[0]
                for row in connection.execute(
                    "SELECT section FROM section_progress WHERE done_at IS NOT NULL"
                )
            }
        assert stored >= active  # every acknowledged second is on disk
        assert done <= finished  # and every acknowledged finished section
    service = StudyService.open(resolve_locations(data, environ={}), fixed_clock)
    assert [c.name for c in service.doctor() if not c.ok] == []
    service.close()


def test_two_processes_write_at_once_without_lock_errors(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _prepare(data)
    writers = [_writer(data, 150) for _ in range(2)]
    results = [w.communicate(timeout=120) for w in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err
        assert _acks(out.splitlines())[0] == 149
    with _db(data) as connection:
        sessions = connection.execute("SELECT active_seconds FROM reading_session").fetchall()
    assert len(sessions) == 2
    assert all(active >= 149 for (active,) in sessions)
