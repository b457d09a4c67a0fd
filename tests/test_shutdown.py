"""Closing the terminal or SIGTERM ends studyapp, and what it logged as saved is on disk."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.pty_app import LIBRARY_SHOWN, PtyApp, missing_saves

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pty")

CTRL_T = "\x14"  # toggles the theme: every press repaints the whole screen
PTY_BUFFER = 4096  # what a Linux pty master holds for reading (N_TTY_BUF_SIZE)


def _stuck_output(app: PtyApp, seconds: float = 1.5, timeout: float = 30.0) -> int:
    """Make the app write more than the pty holds while nobody reads; the bytes waiting.

    Once the pty's read buffer is full, ``seconds`` more of repaints fill the
    kernel's buffers behind it and then Textual's queue of 30 writes.
    """
    deadline = time.monotonic() + timeout
    full_since: float | None = None
    while full_since is None or time.monotonic() - full_since < seconds:
        assert time.monotonic() < deadline, "the app's output never backed up"
        app.send(CTRL_T)
        time.sleep(0.02)
        if full_since is None and app.unread_output() >= PTY_BUFFER - 1:
            full_since = time.monotonic()
    return app.unread_output()


def test_closing_the_terminal_while_output_is_stuck_ends_the_app(tmp_path: Path) -> None:
    """The hang from the issue, forced: the writer is blocked, its queue full, then the
    terminal closes before any shutdown write. Textual's own writer hangs here for ever."""
    app = PtyApp(tmp_path / "data")
    try:
        app.read_until(LIBRARY_SHOWN)
        assert _stuck_output(app) >= PTY_BUFFER - 1  # the pty is full: the app's writes block
        app.send("\r")  # open the first material: a reading session starts
        app.close_terminal()
        elapsed = app.wait(10)
        assert elapsed is not None, "studyapp still runs 10 s after its terminal closed"
    finally:
        app.kill()
    assert missing_saves(app) == []


# -- closes and SIGTERMs at random moments ----------------------------------------------
CLOSES = 50
SIGTERMS = 10
AT_ONCE = 4  # processes running together (2 shared cores)
DESIGN_BOUND = 2.0  # seconds: the shutdown's own bound after the state is saved
ESC = "\x1b"
# What the learner does, as (keys, seconds to wait after them), after the library is shown.
SCENARIOS: dict[str, list[tuple[str, float]]] = {
    "start-up": [],  # closed while starting: the library loads (first run imports it)
    "backup": [("\x10", 0.3), ("Back up now", 0.3), ("\r", 1.0)],  # a worker copies the DB
    "reading": [("\r", 0.6), ("jjj", 0.2), (" ", 0.2), (ESC, 0.4), ("\r", 0.6), ("jj ", 0.6)],
    "quiz": [("q", 1.0), ("1", 0.3), ("\r", 0.3), ("2", 0.5)],
}


def _template(root: Path) -> Path:
    """A data dir with the bundled materials imported, copied for each run."""
    from studyapp.locations import resolve_locations
    from studyapp.services import StudyService
    from tests.conftest import fixed_clock

    data = root / "template"
    service = StudyService.open(resolve_locations(data, environ={}), fixed_clock)
    service.import_bundled_if_new()
    service.close()
    return data


def _steps_until(app: PtyApp, steps: list[tuple[str, float]], cut: float) -> None:
    """Play the learner's steps until ``cut`` seconds have passed."""
    start = time.monotonic()
    for keys, pause in [*steps, ("", 10.0)]:
        app.send(keys)
        while time.monotonic() - start < cut and pause > 0:
            app.read(min(0.05, pause))
            pause -= 0.05
        if time.monotonic() - start >= cut:
            return


def _one_run(root: Path, template: Path, number: int, seed: int) -> tuple[str, float | None, list]:
    """One run; (how/scenario:exit status, seconds to exit or None, saves missing)."""
    import random
    import shutil

    rng = random.Random(seed)
    scenario = list(SCENARIOS)[number % len(SCENARIOS)]
    how = "sigterm" if number % 6 == 5 else "close"
    data = root / f"run-{number}"
    if scenario != "start-up":
        shutil.copytree(template, data)
    app = PtyApp(data)
    try:
        if scenario == "start-up":
            _steps_until(app, [], rng.uniform(0.0, 2.5))
        else:
            app.read_until(LIBRARY_SHOWN)
            steps = SCENARIOS[scenario]
            _steps_until(app, steps, rng.uniform(0.0, sum(p for _, p in steps)))
        if how == "close":
            app.close_terminal()
        else:
            os.kill(app.pid, signal.SIGTERM)
        elapsed = app.wait(10)
    finally:
        app.kill()
    kind = f"{how}/{scenario}:{_ending(app.status)}"
    return kind, elapsed, missing_saves(app) if data.exists() else []


def _ending(status: int | None) -> str:
    """``exit N`` or the signal that ended the process (SIGALRM: the backstop fired)."""
    if status is None:
        return "running"
    if os.WIFSIGNALED(status):
        return signal.Signals(os.WTERMSIG(status)).name
    return f"exit {os.WEXITSTATUS(status)}"


def test_random_closes_and_sigterms_end_the_app_and_keep_what_was_saved(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    template = _template(tmp_path)
    runs = CLOSES + SIGTERMS
    numbers = _numbers(runs)
    with ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(lambda n: _one_run(tmp_path, template, n, 1000 + n), numbers))
    stuck = [kind for kind, elapsed, _ in results if elapsed is None]
    lost = [(kind, missing) for kind, _, missing in results if missing]
    times = sorted(elapsed for _, elapsed, _ in results if elapsed is not None)
    _report(results)
    assert sum(kind.startswith("close") for kind, _, _ in results) >= CLOSES
    assert stuck == [], f"still running 10 s after the close or SIGTERM: {stuck}"
    assert lost == [], f"logged as saved but not in the database: {lost}"
    assert max(times) < 10


def _numbers(runs: int) -> list[int]:
    """Run numbers giving exactly CLOSES closes and SIGTERMS SIGTERMs (every sixth is a kill)."""
    numbers: list[int] = []
    closes = kills = 0
    candidate = 0
    while len(numbers) < runs:
        kill = candidate % 6 == 5
        if (kill and kills < SIGTERMS) or (not kill and closes < CLOSES):
            numbers.append(candidate)
            kills, closes = kills + kill, closes + (not kill)
        candidate += 1
    return numbers


def _report(results: list[tuple[str, float | None, list]]) -> None:
    """Print the exit times against the design bound (pytest -s shows it)."""
    for how in ("close", "sigterm"):
        times = sorted(e for k, e, _ in results if k.startswith(how) and e is not None)
        if times:
            over = sum(t > DESIGN_BOUND for t in times)
            print(
                f"\n{how}: n={len(times)} min={times[0]:.2f}s median={times[len(times) // 2]:.2f}s"
                f" p90={times[int(len(times) * 0.9)]:.2f}s max={times[-1]:.2f}s"
                f" over {DESIGN_BOUND:.0f}s: {over}"
            )
    for kind, elapsed, _ in sorted(results, key=lambda r: -(r[1] or 99))[:8]:
        print(f"  slowest: {kind} {elapsed}")
