"""Retrying a whole unit of work when a server says a concurrent one got in the way.

PostgreSQL may abort a transaction that did nothing wrong: a serialization failure
(SQLSTATE 40001) or a deadlock (40P01); and where two writers insert the same row
(a question by its fixed id) the second one's unique violation (23505) is the same
race. :func:`retried` re-runs the decorated function — which opens and commits its
own write session — a bounded number of times, with jittered backoff; a half-done
session is never replayed (it was rolled back). SQLite errors carry no SQLSTATE and
are never retried here (SQLite waits for its lock with the busy timeout instead).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError

ATTEMPTS = 5
BASE_DELAY = 0.01  # seconds; doubled per attempt, jittered, capped
MAX_DELAY = 0.5
TRANSIENT = frozenset({"40001", "40P01"})
UNIQUE_VIOLATION = "23505"

_P = ParamSpec("_P")
_T = TypeVar("_T")


def sqlstate(error: BaseException) -> str | None:
    """The server's SQLSTATE of a DB-API error (``None`` for SQLite's and others)."""
    if not isinstance(error, DBAPIError):
        return None
    code = getattr(error.orig, "sqlstate", None)
    return code if isinstance(code, str) else None


def is_transient(error: BaseException, *, unique: bool = False) -> bool:
    """Whether re-running the unit of work may succeed: a serialization failure or a
    deadlock, and with ``unique`` a unique violation from a concurrent insert."""
    code = sqlstate(error)
    return code in TRANSIENT or (unique and code == UNIQUE_VIOLATION)


def backoff(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt + 1``: exponential, full jitter."""
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**attempt))


def retried(
    *, unique: bool = False, attempts: int = ATTEMPTS
) -> Callable[[Callable[_P, _T]], Callable[_P, _T]]:
    """Decorate a unit of work (a function running one write session) to be re-run on a
    transient failure, at most ``attempts`` times in all; the last failure is raised."""

    def decorate(unit: Callable[_P, _T]) -> Callable[_P, _T]:
        @functools.wraps(unit)
        def run(*args: _P.args, **kwargs: _P.kwargs) -> _T:
            for attempt in range(1, attempts):
                try:
                    return unit(*args, **kwargs)
                except DBAPIError as error:
                    if not is_transient(error, unique=unique):
                        raise
                time.sleep(backoff(attempt))
            return unit(*args, **kwargs)

        return run

    return decorate
