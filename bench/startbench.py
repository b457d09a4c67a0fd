"""The start benchmark: real processes in a real terminal (tmux), until a marker text shows.

    python bench/startbench.py [--runs N] [--json FILE] [--modes M,M] [--baseline SRC]

Times, interleaved and rotated, at least 7 runs each (after one untimed round):

- ``bare``: a bare Textual app (Header, Static, Footer), until ``bare app ready`` shows;
- ``library-5`` / ``library-1000``: ``studyapp`` on the bundled 5 materials / 1,005
  materials, until the first library row's title shows;
- ``today``: ``studyapp`` with a plan that starts today, until the assignment row shows;
- ``read``: ``studyapp read ID`` on a 3,000-character material left in its second
  section, until the paragraph it was left at shows;
- ``first-start``: ``studyapp`` on an empty data dir, until the first-start status shows.

Every data dir holds 100,000 reading and review events (see ``startdata.py``) and is
copied afresh for every run (untimed, then ``os.sync()`` so its writeback does not compete
with the timed run), so no run sees what an earlier one wrote. Each
run is ``tmux new-session -d -x 120 -y 40 CMD`` on a private tmux server, then
``capture-pane -p`` every few milliseconds until the marker appears; the time is from
just before ``new-session`` to the capture that shows the marker. The peak memory is the
process's ``VmHWM`` read at that moment, its CPU time (user + system, all threads) too:
on a shared machine the CPU seconds vary far less than the wall time. Prints medians,
interquartile ranges and the ratio of each median to the bare app's median of the same
run. Never asserts.

``--baseline SRC`` also runs each studyapp mode with the package found in the folder SRC
(another checkout, e.g. ``git archive`` of an older commit, first on ``PYTHONPATH``),
interleaved with this one, as ``MODE@base``; ``--modes`` picks some modes (bare always runs).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median, quantiles

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from startdata import Prepared, library_dir, read_dir, today_dir

SOCKET = f"studyapp-startbench-{os.getpid()}"
SIZE = ("120", "40")
POLL_SECONDS = 0.005
TIMEOUT = 30.0
RATIO_TARGET = 1.5
MEMORY_TARGET_MIB = 60.0
FIRST_START_MARKER = "First start"
BARE_MARKER = "bare app ready"
MODES = ("bare", "library-5", "library-1000", "today", "read", "first-start")


@dataclass
class Results:
    """Seconds and peak MiB per mode, in run order."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    mib: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, mode: str, seconds: float, mib: float, cpu: float) -> None:
        """One timed run of ``mode``."""
        for table, value in ((self.seconds, seconds), (self.mib, mib), (self.cpu, cpu)):
            table.setdefault(mode, []).append(value)


def _tmux(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *arguments], capture_output=True, text=True, check=False
    )


def _peak_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (every thread), from ``/proc``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.02)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def run_once(
    command: list[str], env: dict[str, str], marker: str
) -> tuple[float, float, float]:
    """Start ``command`` in a fresh 120×40 tmux session; seconds until ``marker``, peak MiB
    and CPU seconds then."""
    name = f"run{time.monotonic_ns()}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    shell = f"exec env -i {exports} {shlex.join(command)}"
    started = time.perf_counter()
    folder = env["HOME"]  # not a checkout: ``-m`` puts the working folder first on sys.path
    _tmux("new-session", "-d", "-x", SIZE[0], "-y", SIZE[1], "-s", name, "-c", folder, shell)
    pid = int(_tmux("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip() or 0)
    try:
        while True:
            screen = _tmux("capture-pane", "-p", "-t", name).stdout
            elapsed = time.perf_counter() - started
            if marker in screen:
                return elapsed, _peak_mib(pid), _cpu_seconds(pid)
            if elapsed > TIMEOUT:
                raise RuntimeError(f"{marker!r} never appeared; the screen:\n{screen}")
            time.sleep(POLL_SECONDS)
    finally:
        _tmux("kill-session", "-t", name)
        if pid:
            _wait_gone(pid)


def prepare(root: Path) -> dict[str, Prepared]:
    """Build every data dir (untimed)."""
    say = print
    say("setup (untimed):")
    five = library_dir(root, 0, say)
    thousand = library_dir(root, 1000, say)
    empty = root / "empty"
    return {
        "library-5": five,
        "library-1000": thousand,
        "today": today_dir(root, five, say),
        "read": read_dir(root, five, say),
        "first-start": Prepared(empty, (), FIRST_START_MARKER),
    }


def _prepared(root: Path) -> dict[str, Prepared]:
    """``prepare(root)``, or what an earlier run with ``--keep root`` prepared there."""
    saved = root / "prepared.json"
    if saved.exists():
        data = json.loads(saved.read_text(encoding="utf-8"))
        return {m: Prepared(Path(d), tuple(a), marker) for m, (d, a, marker) in data.items()}
    root.mkdir(parents=True, exist_ok=True)
    prepared = prepare(root)
    rows = {m: (str(p.data_dir), list(p.arguments), p.marker) for m, p in prepared.items()}
    saved.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return prepared


def command_for(mode: str, prepared: dict[str, Prepared], run_dir: Path) -> tuple[list, str]:
    """The command line and the marker of one run; copies the mode's data dir to ``run_dir``."""
    if mode == "bare":
        return [sys.executable, str(Path(__file__).with_name("bareapp.py"))], BARE_MARKER
    source = prepared[mode]
    if run_dir.exists():
        shutil.rmtree(run_dir)
    if source.data_dir.exists():
        shutil.copytree(source.data_dir, run_dir)
        os.sync()  # the copy's writeback must not compete with the timed run
    arguments = ["--data-dir", str(run_dir), "--lang", "en", *source.arguments]
    return [sys.executable, "-m", "studyapp", *arguments], source.marker


def measure(
    prepared: dict[str, Prepared], root: Path, runs: int, modes: list[str], baseline: str | None
) -> Results:
    """One untimed round, then ``runs`` rounds, each in a rotated order."""
    env = {  # nothing from the user's setup; bytecode in a private cache (warm-up writes it)
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PYTHONPYCACHEPREFIX": str(root / "pycache"),
    }
    results = Results()
    for round_number in range(-1, runs):
        shift = max(round_number, 0) % len(modes)
        line = []
        for mode in modes[shift:] + modes[:shift]:
            name, _, base = mode.partition("@")
            command, marker = command_for(name, prepared, root / "run")
            run_env = env | {"PYTHONPATH": str(baseline)} if base and baseline else env
            seconds, mib, cpu = run_once(command, run_env, marker)
            if round_number >= 0:
                results.add(mode, seconds, mib, cpu)
            line.append(f"{mode} {seconds:.3f}s {cpu:.2f}cpu {mib:.0f}MiB")
        label = "warm-up" if round_number < 0 else f"round {round_number + 1}/{runs}"
        print(f"  {label}: " + ", ".join(line), flush=True)
    return results


def _quartiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = quantiles(values, n=4, method="inclusive")
    return q1, q3


def report(results: Results) -> dict[str, dict[str, float]]:
    """Medians, IQRs, ratios to bare and peak memory, as a table and as figures."""
    bare = median(results.seconds["bare"])
    figures: dict[str, dict[str, float]] = {}
    bare_cpu = median(results.cpu["bare"])
    print(
        f"\n{'first useful frame':<18}{'median':>9}{'IQR':>17}{'× bare':>9}"
        f"{'CPU s':>7}{'× bare':>8}{'peak MiB':>10}"
    )
    for mode, seconds in results.seconds.items():
        q1, q3 = _quartiles(seconds)
        ratio = median(seconds) / bare
        mib, cpu = median(results.mib[mode]), median(results.cpu[mode])
        figures[mode] = {"median_s": median(seconds), "q1_s": q1, "q3_s": q3, "ratio": ratio}
        figures[mode] |= {"peak_mib": mib, "peak_mib_max": max(results.mib[mode])}
        figures[mode] |= {"cpu_s": cpu, "cpu_ratio": cpu / bare_cpu}
        verdict = "" if mode == "bare" else ("  ok" if ratio <= RATIO_TARGET else "  OVER")
        memory = "" if mib <= MEMORY_TARGET_MIB else " OVER"
        print(
            f"{mode:<18}{median(seconds):8.3f}s  {q1:6.3f}–{q3:6.3f}s {ratio:7.2f}×"
            f"{cpu:7.2f}{cpu / bare_cpu:7.2f}×{mib:9.1f}{memory}{verdict}"
        )
    print(f"targets: ≤ {RATIO_TARGET}× bare, ≤ {MEMORY_TARGET_MIB:.0f} MiB at the marker")
    return figures


def main(argv: list[str] | None = None) -> None:
    """Set up, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per mode (default 7)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--keep", metavar="DIR", help="build the data dirs here once, reuse them")
    parser.add_argument("--modes", help=f"comma-separated, of {','.join(MODES[1:])}")
    parser.add_argument("--baseline", metavar="SRC", help="also run the studyapp found in SRC")
    args = parser.parse_args(argv)
    modes = ["bare", *(m for m in (args.modes or "").split(",") if m in MODES[1:])]
    modes = modes if len(modes) > 1 else list(MODES)
    if args.baseline:
        modes += [f"{mode}@base" for mode in modes[1:]]
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed")
    with tempfile.TemporaryDirectory(prefix="studyapp-startbench-") as folder:
        root = Path(folder)
        try:
            prepared = _prepared(Path(args.keep) if args.keep else root)
            results = measure(prepared, root, args.runs, modes, args.baseline)
        finally:
            _tmux("kill-server")
    figures = report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
