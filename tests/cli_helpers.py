"""Running the real ``studyapp`` command in a subprocess on a test data dir."""

from __future__ import annotations

import subprocess
import sys

from studyapp.locations import Locations


def run_cli(locations: Locations, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m studyapp --data-dir DIR ARGS...`` with ``stdin`` piped in; output captured."""
    return subprocess.run(
        [sys.executable, "-m", "studyapp", "--data-dir", str(locations.data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
