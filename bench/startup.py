"""Part (a): cold start to the first frame, bare Textual vs studyapp, as whole processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from common import Say

CHILD = Path(__file__).with_name("child.py")
MODES = ("bare", "studyapp", "library")
CHILD_TIMEOUT = 120.0
# In-process phases, as (name, from stamp, to stamp); "spawn" is the parent's clock.
PHASES = (
    ("interpreter start", "spawn", "started"),
    ("imports", "started", "imported"),
    ("build app", "imported", "built"),
    ("run to on_mount", "built", "mount"),
    ("on_mount to frame", "mount", "frame"),
)


@dataclass(frozen=True)
class ChildRun:
    """One child process: its wall time and its milestones, relative to the spawn."""

    wall: float
    marks: dict[str, float]
    stderr: str = ""


@dataclass
class StartupRuns:
    """Every child run, by mode, in the order they ran."""

    runs: dict[str, list[ChildRun]] = field(default_factory=lambda: {m: [] for m in MODES})

    def wall(self, mode: str) -> float:
        """Median wall time of ``mode``'s processes."""
        return median(run.wall for run in self.runs[mode])

    def mark(self, mode: str, name: str) -> float:
        """Median time from spawn to the milestone ``name``."""
        return median(run.marks[name] for run in self.runs[mode])

    def phases(self, mode: str) -> dict[str, float]:
        """Median duration of each phase of ``mode``'s start."""
        return {
            name: median(run.marks[end] - run.marks.get(start, 0.0) for run in self.runs[mode])
            for name, start, end in PHASES
        }


def child_env(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child: the temp data dir, nothing from the user's setup.

    Bytecode goes to a private cache next to the data dir (``PYTHONPYCACHEPREFIX``), written
    by the untimed first round: every timed child loads compiled modules, as an installed
    app does, whatever ``PYTHONDONTWRITEBYTECODE`` says or whoever edits the sources.
    """
    dropped = ("STUDYAPP_", "TEXTUAL", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env["STUDYAPP_HOME"] = str(data_dir)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir.parent / "pycache")
    return env | (extra or {})


def run_child(
    mode: str,
    data_dir: Path,
    flags: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
    variant: str = "",
) -> ChildRun:
    """Start a fresh interpreter on ``child.py MODE [VARIANT]`` and time it."""
    command = [sys.executable, *flags, str(CHILD), mode, *([variant] if variant else [])]
    env = child_env(data_dir, extra_env)
    spawn = time.time()
    start = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=CHILD_TIMEOUT
    )
    wall = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    stamps: dict[str, float] = json.loads(lines[-1])
    if "failed" in stamps or "returned" in stamps:
        raise RuntimeError(f"{mode} child never reached its milestone:\n{done.stderr[-2000:]}")
    marks = {name: at - spawn for name, at in stamps.items()}
    return ChildRun(wall, marks, done.stderr)


def run_python(arguments: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGUMENTS`` in the children's environment (for diagnoses)."""
    command = [sys.executable, *arguments]
    return subprocess.run(
        command, env=child_env(data_dir), capture_output=True, text=True, check=True
    )


def measure_startup(data_dir: Path, repeats: int, say: Say) -> StartupRuns:
    """Run bare, studyapp and library children ``repeats`` times each, interleaved.

    Each round rotates the order, so every mode meets the same machine noise. One
    untimed round first writes the bytecode caches and warms the OS file cache.
    """
    for mode in MODES:
        run_child(mode, data_dir)
    result = StartupRuns()
    for round_number in range(repeats):
        shift = round_number % len(MODES)
        for mode in MODES[shift:] + MODES[:shift]:
            run = run_child(mode, data_dir)
            result.runs[mode].append(run)
        say(
            f"  round {round_number + 1}/{repeats}: "
            + ", ".join(f"{m} {result.runs[m][-1].wall:.3f} s" for m in MODES)
        )
    return result
