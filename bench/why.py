"""Why is a first frame slow? ``-X importtime`` and ``sys.modules`` of bare vs studyapp.

The child marks its milestones on fd 2 between the importtime lines, so each import
is placed in a phase: ``imports`` (module imports before the app is built), ``startup``
(building and running the app up to ``on_mount``) and ``first frame`` (from ``on_mount``
to the first painted frame: the time studyapp's library worker thread runs alongside).
Import lines from two threads interleave in the last phase, so there only the self
times (not the tree) are reliable.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from startup import run_child, run_python

_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")
_PHASE_AFTER = {"imported": "startup", "mount": "first frame"}
# (label, mode, variant, milestone): what-if runs, each timed from spawn to its milestone.
DIAGNOSES = (
    ("bare: first frame", "bare", "", "frame"),
    ("studyapp: first frame", "studyapp", "", "frame"),
    ("  worker switched off", "studyapp", "noworker", "frame"),
    ("  worker deferred", "studyapp", "deferred", "frame"),
    ("studyapp: library shown", "library", "", "shown"),
    ("  library, worker deferred", "library", "deferred", "shown"),
)


@dataclass(frozen=True)
class Import:
    """One ``-X importtime`` line, with the module that imported it."""

    module: str
    self_us: int
    cumulative_us: int
    depth: int
    phase: str
    parent: str | None = None


def parse_importtime(stderr: str) -> list[Import]:
    """The imports logged before the first frame, each with its phase and importer."""
    records: list[Import] = []
    phase = "imports"
    for line in stderr.splitlines():
        if line.startswith("#bench "):
            name = line.split()[1]
            if name == "frame":
                break
            phase = _PHASE_AFTER.get(name, phase)
            continue
        match = _LINE.match(line)
        if match:
            self_us, cumulative, indent, module = match.groups()
            records.append(Import(module, int(self_us), int(cumulative), len(indent) // 2, phase))
    return _with_parents(records)


def _with_parents(records: list[Import]) -> list[Import]:
    """importtime prints children before their parent: the parent is the next shallower line."""
    result = []
    for index, record in enumerate(records):
        parent = next(
            (r.module for r in records[index + 1 :] if r.depth < record.depth),
            None,
        )
        result.append(Import(**{**record.__dict__, "parent": parent}))
    return result


def top_package(module: str) -> str:
    """``textual`` for ``textual.widgets._data_table``; studyapp is split one level deeper."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "studyapp" else parts[0]


@dataclass(frozen=True)
class WhyReport:
    """What studyapp imports before its first frame that the bare app does not."""

    what_if_ms: dict[str, float]  # diagnosis label -> median spawn-to-milestone
    phase_ms: dict[tuple[str, str], float]  # (app, phase) -> self import time, all modules
    extra_modules: dict[str, int]  # top-level package -> studyapp-only modules at the frame
    extra_self_ms: dict[tuple[str, str], float]  # (phase, package) -> their self time
    own_main_thread: list[Import]  # studyapp-only imports before on_mount, by self time
    worker_imports: list[Import]  # what ``import studyapp.services`` (the worker) costs


def explain(data_dir: Path, repeats: int = 3) -> WhyReport:
    """Time the what-if variants; then log one bare and one studyapp start's imports."""
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeats):
        for label, mode, variant, milestone in DIAGNOSES:
            run = run_child(mode, data_dir, variant=variant)
            timings[label].append(run.marks[milestone] * 1000)
    logs: dict[str, list[Import]] = {}
    modules: dict[str, set[str]] = {}
    with tempfile.TemporaryDirectory(prefix="studyapp-why-") as folder:
        for mode in ("bare", "studyapp"):
            listing = Path(folder) / f"{mode}.txt"
            run = run_child(mode, data_dir, ("-X", "importtime"), {"BENCH_MODULES": str(listing)})
            logs[mode] = parse_importtime(run.stderr)
            modules[mode] = set(listing.read_text(encoding="utf-8").split())
    extra = modules["studyapp"] - modules["bare"]
    study = logs["studyapp"]
    return WhyReport(
        what_if_ms={label: median(values) for label, values in timings.items()},
        phase_ms=_phase_totals(logs),
        extra_modules=_count_packages(extra),
        extra_self_ms=_self_time_by_package(study, extra),
        own_main_thread=_by_self_time(
            [r for r in study if r.module in extra and r.phase != "first frame"]
        ),
        worker_imports=_service_imports(data_dir),
    )


def _service_imports(data_dir: Path, depth: int = 3, count: int = 15) -> list[Import]:
    """The heaviest imports of ``studyapp.services``, the worker's first line, in a fresh
    interpreter: the tree down to ``depth``, by cumulative time."""
    command = ["-X", "importtime", "-c", "import studyapp.services"]
    log = parse_importtime(run_python(command, data_dir).stderr)
    shallow = [r for r in log if r.depth <= depth and r.module != "studyapp"]
    return sorted(shallow, key=lambda r: -r.cumulative_us)[:count]


def _phase_totals(logs: dict[str, list[Import]]) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for app, log in logs.items():
        for record in log:
            totals[(app, record.phase)] += record.self_us / 1000
    return dict(totals)


def _count_packages(modules: set[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for module in modules:
        counts[top_package(module)] += 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def _self_time_by_package(log: list[Import], extra: set[str]) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for record in log:
        if record.module in extra:
            totals[(record.phase, top_package(record.module))] += record.self_us / 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _by_self_time(records: list[Import], count: int = 10) -> list[Import]:
    return sorted(records, key=lambda r: -r.self_us)[:count]


def format_report(report: WhyReport, top: int = 12) -> str:
    """The report as text."""
    lines = ["what if: spawn to milestone, median (variants patch the app in the child only):"]
    lines += [f"  {label:<28} {ms:7.0f} ms" for label, ms in report.what_if_ms.items()]
    lines.append("self import time before the first frame, by phase (under -X importtime):")
    for phase in ("imports", "startup", "first frame"):
        bare = report.phase_ms.get(("bare", phase), 0.0)
        study = report.phase_ms.get(("studyapp", phase), 0.0)
        lines.append(f"  {phase:<12} bare {bare:7.1f} ms   studyapp {study:7.1f} ms")
    packages = list(report.extra_modules.items())
    lines.append(f"modules at the first frame in studyapp, not in bare Textual (top {top}):")
    lines += [f"  {package:<28} {n:4d} modules" for package, n in packages[:top]]
    if len(packages) > top:
        rest = sum(n for _, n in packages[top:])
        lines.append(f"  {len(packages) - top} more packages      {rest:4d} modules")
    lines.append(f"self import time of those modules, by phase and package (top {top}):")
    for (phase, package), ms in list(report.extra_self_ms.items())[:top]:
        lines.append(f"  {phase:<12} {package:<28} {ms:7.1f} ms")
    lines.append("studyapp-only imports on the main thread before on_mount (self time):")
    lines += [_import_line(r, r.self_us) for r in report.own_main_thread]
    lines.append("the library worker's `import studyapp.services`, fresh process (cumulative):")
    lines += [_import_line(r, r.cumulative_us) for r in report.worker_imports]
    return "\n".join(lines)


def _import_line(record: Import, micros: int) -> str:
    return f"  {micros / 1000:7.1f} ms  {record.module:<36} imported by {record.parent or '-'}"
