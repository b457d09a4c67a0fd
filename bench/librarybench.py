"""Importing 1,000 small Markdown files against parsing the same files, in one run.

    python bench/librarybench.py [--runs N] [--files N] [--profile]

``corpus.write_library`` writes the files (2-5 KB of mixed Chinese/English Markdown,
a third with front matter). Each round times, in this process and interleaved:

- ``parse only``: ``read_file`` + ``prepare`` of every file (read, decode, front matter,
  Markdown, language), what the import does before it touches the database;
- ``store+parse``: ``StudyService.import_paths([folder])`` into a fresh, empty data dir
  (opening that data dir is timed apart), so parsing, duplicate detection, the rows, the
  search index (SQLite triggers) and the commits.

Prints the medians and the ratio store+parse / parse only (target <= 3x). One untimed
round warms the caches first. Prints, never asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from common import profile_report
from corpus import write_library

from studyapp.core.importing import find_files, prepare, read_file
from studyapp.locations import resolve_locations
from studyapp.services import StudyService

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _clock() -> dt.datetime:
    return NOW


def parse_only(folder: Path) -> float:
    """Seconds to read and parse every file under ``folder``."""
    started = time.perf_counter()
    for path, _explicit in find_files([folder]):
        prepare(path, read_file(path))
    return time.perf_counter() - started


def store_and_parse(folder: Path, expected: int, profile: cProfile.Profile | None = None) -> float:
    """Seconds to import every file under ``folder`` into a new data dir."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as data:
        service = StudyService.open(resolve_locations(data, environ={}), _clock)
        try:
            started = time.perf_counter()
            if profile:
                profile.enable()
            report = service.import_paths([folder])
            if profile:
                profile.disable()
            seconds = time.perf_counter() - started
        finally:
            service.close()
    imported = len(report.by_status("imported"))
    if imported != expected:
        raise RuntimeError(f"only {imported} of {expected} files were imported")
    return seconds


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="cProfile one more import")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as root:
        folder = Path(root) / "materials"
        count = len(write_library(folder, args.files))
        parse_only(folder)  # warm-up: imports, regexes, the page cache
        store_and_parse(folder, count)
        parsed, stored = [], []
        for round_ in range(args.runs):
            pair = [("parse", lambda: parse_only(folder)),
                    ("store", lambda: store_and_parse(folder, count))]
            for name, run in pair if round_ % 2 == 0 else reversed(pair):
                (parsed if name == "parse" else stored).append(run())
        parse_s, store_s = median(parsed), median(stored)
        print(f"files            {count}")
        print(f"parse only       {parse_s:7.2f} s  (runs: {_list(parsed)})")
        print(f"store+parse      {store_s:7.2f} s  (runs: {_list(stored)})")
        print(f"ratio            {store_s / parse_s:7.2f}x  (target <= 3x)")
        if args.profile:
            profile = cProfile.Profile()
            store_and_parse(folder, count, profile)
            print(profile_report(profile, title="import of the library"))


def _list(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main(sys.argv[1:])
