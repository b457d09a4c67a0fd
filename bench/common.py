"""Small shared pieces: the progress callback type, a timer and a cProfile report."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Callable

Say = Callable[[str], None]


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, by ``time.perf_counter``."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def profile_report(source: cProfile.Profile | str, top: int = 15, title: str = "") -> str:
    """The ``top`` functions of a profile (or a stats file) by own and by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(source, stream=out).strip_dirs()
    suffix = f" ({title})" if title else ""
    out.write(f"--- top {top} by own time (tottime){suffix} ---\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write(f"--- top {top} by cumulative time{suffix} ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()
