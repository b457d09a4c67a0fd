"""Large imports and exports: wall time, peak memory, and how long other writers wait.

    python bench/import_limits.py [MB ...]        (default: 2.6 26)
    python bench/import_limits.py --export-json MB

For each size a plain-text file of short paragraphs (the issue's worst case: about 1.2
million for 26 MB) is generated, imported by ``studyapp import`` in a subprocess on a
fresh data dir, while this process tries a one-row write transaction (``BEGIN
IMMEDIATE``) every 0.2 s with a 30 s busy timeout and records how long each waited.
Peak memory is the child's ``ru_maxrss``. ``--export-json`` instead grows a database to
about MB megabytes of learner history and measures ``studyapp export json``.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

WORDS = "reading every day builds a habit that lasts and the habit grows with time".split()


def make_text(path: Path, megabytes: float) -> int:
    """Write ``megabytes`` of short English paragraphs with a chapter heading every 2,000."""
    rng = random.Random(1)
    size = int(megabytes * 1024 * 1024)
    parts, written, count = [], 0, 0
    while written < size:
        if count % 2000 == 0:
            line = f"Chapter {count // 2000 + 1}\n\n"
        else:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
            line = words.capitalize() + ".\n\n"
        parts.append(line)
        written += len(line)
        count += 1
    path.write_text("".join(parts), encoding="utf-8")
    return count


def _studyapp(data: Path, *args: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run studyapp; return (seconds, peak MiB of the child, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, result


def _probe_writes(database: Path, stop: threading.Event, waits: list[float]) -> None:
    while not stop.is_set():
        if database.exists():
            connection = sqlite3.connect(database, timeout=30, isolation_level=None)
            try:
                started = time.perf_counter()
                connection.execute("BEGIN IMMEDIATE")
                waits.append(time.perf_counter() - started)
                connection.execute("COMMIT")
            except sqlite3.Error:
                pass
            finally:
                connection.close()
        stop.wait(0.2)


def bench_import(megabytes: float) -> dict[str, float]:
    """Import a generated file of ``megabytes``; the figures for the README note."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        data = Path(folder) / "data"
        text = Path(folder) / f"book-{megabytes}mb.txt"
        paragraphs = make_text(text, megabytes)
        _studyapp(data, "library")  # create the database first
        waits: list[float] = []
        stop = threading.Event()
        probe = threading.Thread(
            target=_probe_writes, args=(data / "studyapp.sqlite", stop, waits), daemon=True
        )
        probe.start()
        seconds, peak, result = _studyapp(data, "import", str(text))
        stop.set()
        probe.join()
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        return {
            "megabytes": megabytes,
            "paragraphs": paragraphs,
            "seconds": round(seconds, 1),
            "peak_mib": round(peak),
            "longest_writer_wait_s": round(max(waits, default=0.0), 2),
            "writes_tried": len(waits),
        }


def bench_export_json(megabytes: float) -> dict[str, float]:
    """Grow a database to about ``megabytes`` of reading sessions, then export it as JSON."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        data = Path(folder) / "data"
        _studyapp(data, "library")
        database = data / "studyapp.sqlite"
        _grow(database, megabytes)
        size = database.stat().st_size / 1024 / 1024
        seconds, peak, result = _studyapp(data, "export", "json", str(Path(folder) / "r.json"))
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        return {
            "database_mib": round(size),
            "seconds": round(seconds, 1),
            "peak_mib": round(peak),
            "json_mib": round((Path(folder) / "r.json").stat().st_size / 1024 / 1024),
        }


def _grow(database: Path, megabytes: float) -> None:
    connection = sqlite3.connect(database)
    material, section = connection.execute(
        "SELECT material_id, anchor FROM section ORDER BY id LIMIT 1"
    ).fetchone()
    start = dt.datetime(2020, 1, 1)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(reading_session)")]
    batch = 20_000
    ident = 1
    while database.stat().st_size < megabytes * 1024 * 1024:
        rows = []
        for _ in range(batch):
            moment = start + dt.timedelta(minutes=ident)
            values = {
                "id": ident,
                "material_id": material,
                "first_section": section,
                "last_section": section,
                "started_at": moment.isoformat(sep=" "),
                "ended_at": (moment + dt.timedelta(minutes=5)).isoformat(sep=" "),
                "active_seconds": 300,
                "chars_read": 1200,
                "han_read": 0,
                "words_read": 240,
                "language": "en",
                "local_day": moment.date().isoformat(),
            }
            rows.append(tuple(values.get(c) for c in columns))
            ident += 1
        marks = ", ".join("?" for _ in columns)
        with connection:
            connection.executemany(f"INSERT INTO reading_session VALUES ({marks})", rows)
    connection.close()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--export-json"]:
        print(bench_export_json(float(argv[1]) if len(argv) > 1 else 100))
        return
    sizes = [float(a) for a in argv] or [2.6, 26]
    results = [bench_import(size) for size in sizes]
    for result in results:
        print(result)
    if len(results) == 2:
        ratio = results[1]["seconds"] / max(results[0]["seconds"], 0.01)
        print(
            f"time ratio {results[1]['megabytes']} MB / {results[0]['megabytes']} MB: {ratio:.1f}x"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
