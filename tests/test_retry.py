"""The retry helper: transient server errors re-run the whole unit, a bounded number of
times; anything else (SQLite's errors included) is raised at once."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from studyapp.db import retry

_BACKOFF = retry.backoff  # the real one (the tests' fixture replaces it)


class _ServerError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"server says {sqlstate}")
        self.sqlstate = sqlstate


def _failing(errors: list[BaseException], calls: list[int]):  # type: ignore[no-untyped-def]
    """A unit of work that raises ``errors`` in turn, then returns how often it ran."""

    def unit() -> int:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return len(calls)

    return unit


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry, "backoff", lambda attempt: 0.0)


def _server(sqlstate: str) -> DBAPIError:
    return OperationalError("UPDATE …", {}, _ServerError(sqlstate))


def test_serialization_failures_and_deadlocks_rerun_the_unit() -> None:
    calls: list[int] = []
    unit = retry.retried()(_failing([_server("40001"), _server("40P01")], calls))
    assert unit() == 3


def test_retries_are_bounded_and_the_last_error_is_raised() -> None:
    calls: list[int] = []
    errors: list[BaseException] = [_server("40001") for _ in range(10)]
    with pytest.raises(OperationalError):
        retry.retried(attempts=4)(_failing(errors, calls))()
    assert len(calls) == 4


def test_a_unique_violation_is_retried_only_where_asked() -> None:
    race = IntegrityError("INSERT …", {}, _ServerError("23505"))
    calls: list[int] = []
    assert retry.retried(unique=True)(_failing([race], calls))() == 2
    calls.clear()
    with pytest.raises(IntegrityError):
        retry.retried()(_failing([race], calls))()
    assert len(calls) == 1


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked")),
        IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        _server("42501"),  # permission denied: the same again
        ValueError("not a database error"),
    ],
)
def test_other_errors_are_not_retried(error: BaseException) -> None:
    calls: list[int] = []
    with pytest.raises(type(error)):
        retry.retried(unique=True)(_failing([error], calls))()
    assert len(calls) == 1


def test_backoff_is_jittered_and_capped() -> None:
    waits = [_BACKOFF(20) for _ in range(200)]
    assert all(0 <= wait <= retry.MAX_DELAY for wait in waits)
    assert len(set(waits)) > 100  # jittered: concurrent retries do not collide again
    assert all(0 <= _BACKOFF(1) <= 2 * retry.BASE_DELAY for _ in range(50))
