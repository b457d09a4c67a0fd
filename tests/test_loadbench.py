"""A short run of the load test (bench/loadbench.py): several learner roles at once lose nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.pg_server import Cluster

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import loadbench


def test_a_short_load_run_on_postgresql_loses_no_acknowledged_event(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    args = argparse.Namespace(seconds=2.0, learners=4, processes=1)
    figures = loadbench.postgres_phase(tmp_path, args, pg_cluster)
    assert figures["events"] > 0
    assert figures["by_kind"]["reads"] > 0 and figures["by_kind"]["answers"] > 0
    assert figures["lost"] == 0 and figures["unhandled"] == 0, figures
