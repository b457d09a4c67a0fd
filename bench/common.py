"""Small shared pieces: the progress callback type and a timer."""

from __future__ import annotations

import time
from collections.abc import Callable

Say = Callable[[str], None]


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, by ``time.perf_counter``."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start
