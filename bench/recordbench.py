"""Peak memory and time of ``backup`` and ``restore`` on PostgreSQL (the streamed JSON record).

```
python bench/recordbench.py [--logs 100000]
```

On a throwaway cluster (``tests/pg_server.py``), two records are built with
``reviewbench.build`` (cards reviewed five times each): one with ``--logs`` review logs and
one with a tenth of them. For each, three commands run in their own process and their
peak resident memory (``ru_maxrss``) is read: ``library`` (the app's own floor, the
baseline), ``backup OUT`` and ``restore OUT --yes`` (which first writes the learner's
current record to ``backups/`` as well). Streaming shows as the same peak for both
sizes; a record held in memory would grow ten times.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reviewbench

from studyapp.locations import resolve_locations
from studyapp.services import StudyService
from tests.pg_server import Cluster

_PROBE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak(command: list[str]) -> tuple[float, float]:
    """Peak RSS in MiB of ``command`` (run alone in a fresh probe process) and its seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *command], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{command[-3:]} failed: {done.stderr.strip()[-400:]}")
    return int(done.stdout.split()[-1]) / 1024, time.perf_counter() - started


def build(url: str, folder: Path, logs: int) -> None:
    reviewbench.CARDS = max(1, logs // reviewbench.LOGS_PER_CARD)
    service = StudyService.open(resolve_locations(folder, db_url=url, environ={}))
    try:
        service.import_bundled_if_new()
        reviewbench.build(service)
    finally:
        service.close()


def measure(cluster: Cluster, root: Path, logs: int) -> dict[str, float]:
    name = f"record{logs}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    url = cluster.url(name)
    folder = root / name
    build(url, folder, logs)
    app = [sys.executable, "-m", "studyapp", "--data-dir", str(folder), "--db", url]
    out = root / f"{name}.json"
    figures: dict[str, float] = {}
    for label, args in (
        ("library", ["library"]),
        ("backup", ["backup", str(out)]),
        ("restore", ["restore", str(out), "--yes"]),
    ):
        figures[f"{label}_mib"], figures[f"{label}_s"] = peak([*app, *args])
    figures["file_mib"] = out.stat().st_size / 1024 / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="studyapp-recordbench-") as folder:
        cluster = Cluster().start()
        try:
            small = measure(cluster, Path(folder), args.logs // 10)
            large = measure(cluster, Path(folder), args.logs)
        finally:
            cluster.stop()
    print(f"{'':>8} {'logs':>8} {'file MiB':>9} {'library':>9} {'backup':>16} {'restore':>16}")
    for logs, f in ((args.logs // 10, small), (args.logs, large)):
        print(
            f"{'':>8} {logs:>8,} {f['file_mib']:>9.1f} {f['library_mib']:>7.0f} M "
            f"{f['backup_mib']:>5.0f} M {f['backup_s']:>6.1f} s "
            f"{f['restore_mib']:>5.0f} M {f['restore_s']:>6.1f} s"
        )
    for label in ("backup", "restore"):
        over = large[f"{label}_mib"] / large["library_mib"]
        print(
            f"{label}: peak over the library baseline x{over:.2f}"
            f" (10x the rows: peak x{large[f'{label}_mib'] / small[f'{label}_mib']:.2f}, "
            f"time x{large[f'{label}_s'] / small[f'{label}_s']:.1f})"
        )


if __name__ == "__main__":
    main()
