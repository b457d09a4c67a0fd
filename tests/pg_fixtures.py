"""Pytest fixtures over :mod:`tests.pg_server`: one cluster per session, a database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pg_server import REQUIRE_VARIABLE, Cluster, Unavailable


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A running throwaway cluster with a template database; skips (or fails) without one."""
    try:
        cluster = Cluster().start()
    except Unavailable as error:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"PostgreSQL is required here ({REQUIRE_VARIABLE}=1): {error}")
        pytest.skip(f"no PostgreSQL server to test against: {error}")
    try:
        cluster.make_template()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A database of the test's own, already at studyapp's schema (copied from the template)."""
    url = pg_cluster.new_database()
    yield url
    pg_cluster.drop_database(url)
