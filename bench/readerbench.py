"""Part (c): the reader on a 300,000-character material vs a 3,000-character one.

Every figure comes from a fresh process, ``python bench/readerchild.py MODE``: ``bare``
(a plain Textual app, the memory baseline), ``small`` and ``big`` (studyapp opening the
3k or the 300k material straight into the reader). Rounds are interleaved and rotated, as
in part (a); one untimed round comes first.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from common import Say, profile_report
from corpus import long_chinese_text, short_chinese_text
from startup import CHILD_TIMEOUT, child_env

CHILD = Path(__file__).with_name("readerchild.py")
MODES = ("bare", "small", "big")
MATERIALS = ("small", "big")
LABELS = {"small": "3k", "big": "300k"}
KIB_PER_MIB = 1024
# The reader's first frame, split by the child's own clock: (name, from stamp, to stamp).
PHASES = (
    ("interpreter start", "spawn", "started"),
    ("imports", "started", "imported"),
    ("build app", "imported", "built"),
    ("run to on_mount", "built", "mount"),
    ("library loaded", "mount", "loaded"),
    ("reader data in", "loaded", "data"),
    ("_show()", "data", "show done"),
    ("to painted text", "show done", "shown"),
)
# What each child measures after the first frame: (figure, from stamp, to stamp).
ACTIONS = (("jump_end", "jump", "jumped"), ("resize", "resize", "resized"))
SPENT_PHASES = ("open", "jump", "resize")  # as the child splits its function timings
Figures = dict[str, float | int]


@dataclass(frozen=True)
class ReaderSetup:
    """One imported material: its folder (``data`` as imported), its id and its size."""

    folder: Path
    material_id: str
    chars: int

    def fresh_data_dir(self) -> Path:
        """A copy of the data dir as imported, for one run (replacing the previous copy).

        Every run starts from the same state: no reading position or session left by
        an earlier child (a child that was killed, or ran past the reader's 15 s flush).
        """
        run_dir = self.folder / "run"
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.copytree(self.folder / "data", run_dir)
        return run_dir


@dataclass(frozen=True)
class ReaderRun:
    """One child process: milestones (seconds since spawn), peak RSS, time per function."""

    marks: dict[str, float]
    rss_kib: dict[str, int]
    spent: dict[str, dict[str, float]]  # phase -> function -> seconds
    facts: dict[str, int]

    def between(self, start: str, end: str) -> float:
        """Seconds from milestone ``start`` to milestone ``end``."""
        return self.marks[end] - self.marks[start]

    def rss_mib(self, milestone: str) -> float:
        """Peak resident set size up to ``milestone``, in MiB."""
        return self.rss_kib[milestone] / KIB_PER_MIB


@dataclass
class ReaderRuns:
    """Every child run, by mode, in the order they ran."""

    runs: dict[str, list[ReaderRun]] = field(default_factory=lambda: {m: [] for m in MODES})

    def median(self, mode: str, value: Callable[[ReaderRun], float]) -> float:
        """Median of ``value(run)`` over ``mode``'s runs."""
        return median(value(run) for run in self.runs[mode])

    def span(self, mode: str, start: str, end: str) -> float:
        """Median seconds from milestone ``start`` to milestone ``end``."""
        return median(run.between(start, end) for run in self.runs[mode])

    def spent(self, mode: str, phase: str) -> dict[str, float]:
        """Median seconds per instrumented function in ``phase`` (0 in runs that skip it)."""
        spent = [run.spent.get(phase, {}) for run in self.runs[mode]]
        labels = dict.fromkeys(label for seconds in spent for label in seconds)
        return {label: median(seconds.get(label, 0.0) for seconds in spent) for label in labels}


# -- setup --------------------------------------------------------------------------------


def prepare_materials(root: Path, say: Say) -> dict[str, ReaderSetup]:
    """Write the 3k and the 300k material and import each into its own data dir (untimed)."""
    texts = {"small": short_chinese_text(), "big": long_chinese_text()}
    setups = {}
    for name, text in texts.items():
        say(f"reader: importing the {LABELS[name]} material ({len(text):,} characters)")
        setups[name] = import_material(root / name, text)
    return setups


def import_material(folder: Path, text: str) -> ReaderSetup:
    """Write ``text`` to ``folder/material.md`` and import it into ``folder/data``."""
    from studyapp.locations import resolve_locations
    from studyapp.services import StudyService

    folder.mkdir(parents=True)
    path = folder / "material.md"
    path.write_text(text, encoding="utf-8")
    service = StudyService.open(resolve_locations(folder / "data", environ={}))
    try:
        imported = service.import_paths([path]).by_status("imported")
    finally:
        service.close()
    if len(imported) != 1 or imported[0].material_id is None:
        raise RuntimeError(f"could not import {path}")
    return ReaderSetup(folder, imported[0].material_id, len(text))


# -- children -----------------------------------------------------------------------------


def run_reader_child(
    mode: str, setups: dict[str, ReaderSetup], extra_env: dict[str, str] | None = None
) -> ReaderRun:
    """Start ``readerchild.py`` for ``mode`` and read its report."""
    setup = setups["small" if mode == "bare" else mode]  # bare ignores its data dir
    arguments = ["bare"] if mode == "bare" else ["reader", setup.material_id]
    command = [sys.executable, str(CHILD), *arguments]
    # one bytecode cache for all three kinds, written by the untimed round
    pycache = {"PYTHONPYCACHEPREFIX": str(setup.folder.parent / "pycache")}
    env = child_env(setup.fresh_data_dir(), pycache | (extra_env or {}))
    spawn = time.time()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=CHILD_TIMEOUT
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        failure = f"reader {mode} child failed ({done.returncode})"
        raise RuntimeError(f"{failure}:\n{done.stderr[-2000:]}")
    report = json.loads(lines[-1])
    if "failed" in report["stamps"]:
        raise RuntimeError(f"reader {mode} child missed a milestone:\n{done.stderr[-2000:]}")
    marks = {name: at - spawn for name, at in report["stamps"].items()}
    return ReaderRun({"spawn": 0.0, **marks}, report["rss_kib"], report["spent"], report["facts"])


def measure_reader(setups: dict[str, ReaderSetup], repeats: int, say: Say) -> ReaderRuns:
    """Run bare, small and big children ``repeats`` times each, interleaved and rotated."""
    for mode in MODES:
        run_reader_child(mode, setups)
    result = ReaderRuns()
    for round_number in range(repeats):
        shift = round_number % len(MODES)
        for mode in MODES[shift:] + MODES[:shift]:
            result.runs[mode].append(run_reader_child(mode, setups))
        say(f"  round {round_number + 1}/{repeats}: " + _round_line(result))
    return result


def _round_line(result: ReaderRuns) -> str:
    bare = result.runs["bare"][-1].marks["frame"]
    shown = (f"{name} {result.runs[name][-1].marks['shown']:.3f} s" for name in MATERIALS)
    return f"bare {bare:.3f} s, " + ", ".join(shown)


# -- figures ------------------------------------------------------------------------------


def reader_figures(runs: ReaderRuns, setups: dict[str, ReaderSetup]) -> Figures:
    """Medians, the size ratio, peak memory and the phase split, as flat figures."""
    figures: Figures = {
        "reader_first_frame_bare_s": runs.median("bare", lambda run: run.marks["frame"]),
        "reader_rss_bare_mib": runs.median("bare", lambda run: run.rss_mib("frame")),
        "reader_runs_per_mode": len(runs.runs["bare"]),
    }
    for name in MATERIALS:
        figures |= _material_figures(runs, name, setups[name])
    figures["reader_first_frame_ratio"] = (
        figures["reader_first_frame_big_s"] / figures["reader_first_frame_small_s"]
    )
    return figures


def _material_figures(runs: ReaderRuns, name: str, setup: ReaderSetup) -> Figures:
    figures: Figures = {
        f"reader_{name}_chars": setup.chars,
        f"reader_first_frame_{name}_s": runs.median(name, lambda run: run.marks["shown"]),
        f"reader_rss_{name}_mib": runs.median(name, lambda run: run.rss_mib("jumped")),
        f"reader_rss_{name}_resized_mib": runs.median(name, lambda run: run.rss_mib("resized")),
        f"reader_lines_{name}": runs.runs[name][-1].facts["lines"],
        f"reader_lines_{name}_resized": runs.runs[name][-1].facts["lines_resized"],
    }
    for action, start, end in ACTIONS:
        figures[f"reader_{action}_{name}_s"] = runs.span(name, start, end)
    for phase, start, end in PHASES:
        figures[f"reader_phase_{name}_{_key(phase)}_s"] = runs.span(name, start, end)
    for phase in SPENT_PHASES:
        for label, seconds in runs.spent(name, phase).items():
            figures[f"reader_spent_{name}_{phase}_{_key(label)}_s"] = seconds
    return figures


def _key(label: str) -> str:
    """``"  reader_data (worker)"`` → ``"reader_data_worker"``, ``"_show()"`` → ``"show"``."""
    words = "".join(ch if ch.isalnum() or ch == "_" else " " for ch in label).split()
    return "_".join(word.strip("_") for word in words).lower()


def format_phases(runs: ReaderRuns) -> str:
    """Where each material's time to the reader's first frame goes (medians)."""
    lines = [f"  {'phase (median)':<22}{'3k':>9}{'300k':>9}{'diff':>9}"]
    for phase, start, end in PHASES:
        lines.append(_ms_line(phase, runs.span("small", start, end), runs.span("big", start, end)))
    return "\n".join(lines)


def format_spent(runs: ReaderRuns) -> str:
    """Seconds in the instrumented studyapp functions and in the GC, per phase (medians)."""
    lines = [f"  {'function (median)':<22}{'3k':>9}{'300k':>9}{'diff':>9}"]
    for phase in SPENT_PHASES:
        small, big = runs.spent("small", phase), runs.spent("big", phase)
        lines.append(f"  [{phase}]")
        for label in dict.fromkeys([*big, *small]):
            lines.append(_ms_line(label, small.get(label, 0.0), big.get(label, 0.0)))
    return "\n".join(lines)


def _ms_line(label: str, small: float, big: float) -> str:
    return f"  {label:<22}{small * 1000:7.0f}ms{big * 1000:7.0f}ms{(big - small) * 1000:+7.0f}ms"


# -- the section ------------------------------------------------------------------------


def run_reader(root: Path, repeats: int, profile: bool, say: Say) -> Figures:
    """Part (c): import both materials, time the children, optionally profile the big one."""
    setups = prepare_materials(root / "reader", say)
    say(f"reader: {repeats} rounds of {', '.join(MODES)} (after one untimed round)")
    runs = measure_reader(setups, repeats, say)
    say("reader first frame, split by the child's own clock:")
    say(format_phases(runs))
    say("time in studyapp functions and the GC (open: to the first frame; jump: G; resize):")
    say(format_spent(runs))
    if profile:
        say(profile_reader(setups))
    return reader_figures(runs, setups)


def profile_reader(setups: dict[str, ReaderSetup], top: int = 15) -> str:
    """cProfile the main thread of one ``big`` child (the library worker is not included)."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        stats_file = Path(folder) / "reader.prof"
        run_reader_child("big", setups, {"BENCH_PROFILE": str(stats_file)})
        title = "reader 300k child, main thread, from the imports to the resize"
        return profile_report(str(stats_file), top, title)
