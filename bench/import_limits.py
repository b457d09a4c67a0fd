"""Large imports and exports: wall time, peak memory, and how long other writers wait.

    python bench/import_limits.py [MB ...]        (default: 2.6 26)
    python bench/import_limits.py --runs 3 --baseline SRC [MB ...]
    python bench/import_limits.py --export-json MB

``--runs N`` imports each size N times and prints medians; ``--baseline SRC`` also runs
the studyapp package found in the folder SRC (another checkout, e.g. a ``git worktree``
of the previous commit, put first on ``PYTHONPATH``), interleaved with the current one,
so both are measured under the same load.

For each size a plain-text file of short paragraphs (the issue's worst case: about 1.2
million for 26 MB) is generated, imported by ``studyapp import`` in a subprocess on a
fresh data dir, while this process tries a one-row write transaction (``BEGIN
IMMEDIATE``) every 0.2 s with a 30 s busy timeout and records how long each waited.
Peak memory is the child's ``VmHWM``, read from ``/proc`` every 20 ms until it exits
(the high-water mark only grows), or ``ru_maxrss`` without ``/proc``. ``--export-json``
instead grows a database to about MB megabytes of learner history and measures
``studyapp export json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

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


def _studyapp(
    data: Path, *args: str, source: str | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run studyapp (from ``source`` when given); return (seconds, peak MiB, result)."""
    env = dict(os.environ)
    if source:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    child = subprocess.Popen(  # cwd: ``-m`` puts the working folder first on sys.path
        [sys.executable, "-m", "studyapp", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=data.parent,
    )
    peak_kib = _watch_peak(child)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if not peak_kib:  # no /proc: ru_maxrss (may include this process's own peak)
        peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    result = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    return seconds, peak_kib / 1024, result


def _watch_peak(child: subprocess.Popen[str]) -> int:
    """The child's last VmHWM in KiB, read every 20 ms until it exits (0 without /proc)."""
    status, peak = Path(f"/proc/{child.pid}/status"), 0
    while child.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    return peak


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


def bench_import(megabytes: float, source: str | None = None) -> dict[str, float]:
    """Import a generated file of ``megabytes``; the figures for the README note."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        data = Path(folder) / "data"
        text = Path(folder) / f"book-{megabytes}mb.txt"
        paragraphs = make_text(text, megabytes)
        _studyapp(data, "library", source=source)  # create the database first
        waits: list[float] = []
        stop = threading.Event()
        probe = threading.Thread(
            target=_probe_writes, args=(data / "studyapp.sqlite", stop, waits), daemon=True
        )
        probe.start()
        seconds, peak, result = _studyapp(data, "import", str(text), source=source)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=float, default=[2.6, 26])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--baseline", help="a folder holding the studyapp package to compare")
    args = parser.parse_args(argv)
    kinds = {"current": None} | ({"baseline": args.baseline} if args.baseline else {})
    results: dict[tuple[str, float], list[dict[str, float]]] = {}
    for round_ in range(args.runs):
        order = list(kinds.items())
        for name, source in order if round_ % 2 == 0 else reversed(order):
            for size in args.sizes:
                result = bench_import(size, source)
                print(name, result, flush=True)
                results.setdefault((name, size), []).append(result)
    for name in kinds:
        _summary(name, args.sizes, results)


def _summary(
    name: str, sizes: list[float], results: dict[tuple[str, float], list[dict[str, float]]]
) -> None:
    medians = {}
    for size in sizes:
        runs = results[(name, size)]
        medians[size] = {k: median(r[k] for r in runs) for k in FIGURES}
        line = ", ".join(f"{k} {v:g}" for k, v in medians[size].items())
        print(f"{name:<9} {size:g} MB, median of {len(runs)}: {line}")
    if len(sizes) == 2:
        small, big = (medians[size]["seconds"] for size in sizes)
        print(f"{name:<9} time ratio {sizes[1]:g} MB / {sizes[0]:g} MB: {big / small:.1f}x")


FIGURES = ("seconds", "peak_mib", "longest_writer_wait_s")


if __name__ == "__main__":
    main(sys.argv[1:])
