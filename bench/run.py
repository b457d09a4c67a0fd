"""studyapp benchmarks: figures and ratios against baselines measured in the same run.

    python bench/run.py [--quick] [--json] [--profile] [--why] [--skip-startup|-import|-reader]

Prints figures; never asserts. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from common import Say, timed
from corpus import long_chinese_text, write_library
from startup import MODES, StartupRuns, measure_startup

if TYPE_CHECKING:
    from studyapp.services import ImportReport

LIBRARY_SIZE = 1_000
FIRST_FRAME_TARGET = 1.3
IMPORT_TARGET = 10.0
READER_FRAME_TARGET = 1.5
READER_RSS_TARGET_MIB = 100.0
Figures = dict[str, float | int]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs per figure instead of 7")
    parser.add_argument("--json", action="store_true", help="figures as JSON on stdout")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the 300k import and the 300k reader"
    )
    parser.add_argument("--why", action="store_true", help="explain the first frame's imports")
    parser.add_argument("--skip-startup", action="store_true", help="leave out part (a)")
    parser.add_argument("--skip-import", action="store_true", help="leave out part (b)")
    parser.add_argument("--skip-reader", action="store_true", help="leave out part (c)")
    return parser.parse_args(argv)


def make_say(stream: TextIO) -> Say:
    """Print progress lines to ``stream`` at once."""

    def say(line: str) -> None:
        print(line, file=stream, flush=True)

    return say


# -- part (a) -------------------------------------------------------------------------


def build_library(root: Path, say: Say) -> tuple[Path, Figures]:
    """Generate 1,000 materials and import them into a new data dir (setup, timed apart)."""
    from studyapp.locations import resolve_locations
    from studyapp.services import StudyService

    folder, data_dir = root / "materials", root / "data"
    say(f"generating {LIBRARY_SIZE:,} materials in {folder}")
    paths = write_library(folder, LIBRARY_SIZE)
    service = StudyService.open(resolve_locations(data_dir, environ={}))
    try:
        say(f"importing them into {data_dir}")
        seconds = timed(lambda: _check_all_imported(service.import_paths([folder]), len(paths)))
    finally:
        service.close()
    size = sum(path.stat().st_size for path in paths)
    return data_dir, {"library_import_1000_files_s": seconds, "library_bytes": size}


def _check_all_imported(report: ImportReport, expected: int) -> None:
    imported = len(report.by_status("imported"))
    if imported != expected:
        raise RuntimeError(f"only {imported} of {expected} materials were imported")


def startup_figures(runs: StartupRuns) -> Figures:
    """Medians of the child runs, and the first-frame ratio."""
    bare, study = runs.wall("bare"), runs.wall("studyapp")
    figures: Figures = {
        "first_frame_bare_s": bare,
        "first_frame_studyapp_s": study,
        "first_frame_ratio": study / bare,
        "library_shown_s": runs.wall("library"),
        "library_loaded_message_s": runs.mark("library", "loaded"),
        "runs_per_mode": len(runs.runs["bare"]),
    }
    for mode in ("bare", "studyapp"):
        for phase, seconds in runs.phases(mode).items():
            figures[f"phase_{mode}_{phase.replace(' ', '_')}_s"] = seconds
    return figures


def format_phases(runs: StartupRuns) -> str:
    """Where each app's time to the first frame goes (medians of in-process stamps)."""
    bare, study = runs.phases("bare"), runs.phases("studyapp")
    lines = [f"  {'phase (median)':<22}{'bare':>9}{'studyapp':>10}{'diff':>9}"]
    for phase in bare:
        diff = study[phase] - bare[phase]
        lines.append(
            f"  {phase:<22}{bare[phase] * 1000:7.0f}ms{study[phase] * 1000:8.0f}ms"
            f"{diff * 1000:+7.0f}ms"
        )
    return "\n".join(lines)


def run_startup(root: Path, repeats: int, why: bool, say: Say) -> Figures:
    """Part (a): set up the library, then time the three kinds of child process."""
    data_dir, figures = build_library(root, say)
    say(f"first frame: {repeats} rounds of {', '.join(MODES)} (after one untimed round)")
    runs = measure_startup(data_dir, repeats, say)
    figures |= startup_figures(runs)
    say("time to first frame, split by the child's own clock:")
    say(format_phases(runs))
    if why:
        from why import explain, format_report

        say(f"why: what-if variants ({repeats} runs each), then -X importtime logs")
        say(format_report(explain(data_dir, repeats)))
    return figures


# -- part (b) -------------------------------------------------------------------------


def run_import(root: Path, repeats: int, profile: bool, say: Say) -> Figures:
    """Part (b): import of a 300,000-character Chinese text vs rjieba POS tagging."""
    from importbench import measure_import, profile_import

    path = root / "long-chinese-text.md"
    text = long_chinese_text()
    path.write_text(text, encoding="utf-8")
    say(f"import 300k: {len(text):,} characters, {path.stat().st_size:,} bytes, {repeats} runs")
    result = measure_import(path, text, repeats, say)
    if profile:
        say(profile_import(path))
    figures: Figures = asdict(result)
    figures["import_text_chars"] = len(text)
    figures["import_ratio"] = result.import_300k_s / result.pos_tag_300k_s
    return figures


# -- part (c) -------------------------------------------------------------------------


def run_reader_part(root: Path, repeats: int, profile: bool, say: Say) -> Figures:
    """Part (c): the reader's first frame, jump, resize and memory, 300k vs 3k."""
    from readerbench import run_reader

    return run_reader(root, repeats, profile, say)


# -- summary ----------------------------------------------------------------------------


def summary(figures: Figures) -> str:
    """The closing table."""
    rows: list[str] = []
    get = figures.get
    if "first_frame_ratio" in figures:
        ratio = figures["first_frame_ratio"]
        rows += [
            _row("import 1,000", "studyapp", get("library_import_1000_files_s"), "setup only"),
            _row("first frame", "bare textual", get("first_frame_bare_s")),
            _row(
                "first frame",
                "studyapp",
                get("first_frame_studyapp_s"),
                _ratio_note(ratio, FIRST_FRAME_TARGET),
            ),
            _row(
                "library shown",
                "studyapp",
                get("library_shown_s"),
                f"{LIBRARY_SIZE:,} materials; a second figure, not the ratio",
            ),
            _row("  message in", "LibraryLoaded", get("library_loaded_message_s"), "rows added"),
        ]
    if "import_ratio" in figures:
        ratio = figures["import_ratio"]
        rows += [
            _row("import 300k", "studyapp", get("import_300k_s")),
            _row("  prepare()", "parse", get("import_prepare_s"), "read, decode, parse"),
            _row("  save", "DB", get("import_save_s"), "incl. sentence split"),
            _row("  split", "sentences", get("import_sentence_split_s"), "part of save"),
            _row("  open DB", "fresh", get("import_open_fresh_db_s"), "not in the import figure"),
            _row(
                "pos tag 300k",
                "rjieba",
                get("pos_tag_300k_s"),
                _ratio_note(ratio, IMPORT_TARGET),
            ),
        ]
    if "reader_first_frame_ratio" in figures:
        rows += _reader_rows(figures)
    return "\n".join(rows)


def _reader_rows(figures: Figures) -> list[str]:
    get = figures.get
    rss = figures["reader_rss_big_mib"]
    return [
        _row("reader frame", "bare textual", get("reader_first_frame_bare_s"), "for scale"),
        _row("reader frame", "3k material", get("reader_first_frame_small_s")),
        _row(
            "reader frame",
            "300k material",
            get("reader_first_frame_big_s"),
            _ratio_note(figures["reader_first_frame_ratio"], READER_FRAME_TARGET),
        ),
        _row("  jump to end", "3k (G)", get("reader_jump_end_small_s")),
        _row("  jump to end", "300k (G)", get("reader_jump_end_big_s"), "action to repaint"),
        _row("  resize", "3k 100→80", get("reader_resize_small_s")),
        _row("  resize", "300k 100→80", get("reader_resize_big_s"), "rewrap to repaint"),
        _mib_row("peak RSS", "bare textual", get("reader_rss_bare_mib"), "first frame"),
        _mib_row("peak RSS", "3k material", get("reader_rss_small_mib"), "shown, at the end"),
        _mib_row(
            "peak RSS",
            "300k material",
            rss,
            f"shown, at the end  (target ≤ {READER_RSS_TARGET_MIB:.0f} MiB)  "
            + ("ok" if rss <= READER_RSS_TARGET_MIB else "OVER"),
        ),
        _mib_row("  resized", "300k material", get("reader_rss_big_resized_mib"), "after 100→80"),
    ]


def _row(what: str, who: str, seconds: float | int | None, note: str = "") -> str:
    shown = f"{seconds:8.3f} s" if seconds is not None else "       — "
    return f"{what:<14}{who:<14}{shown}   {note}".rstrip()


def _mib_row(what: str, who: str, mib: float | int | None, note: str = "") -> str:
    shown = f"{mib:6.1f} MiB" if mib is not None else "       — "
    return f"{what:<14}{who:<14}{shown}   {note}".rstrip()


def _ratio_note(ratio: float | int, target: float) -> str:
    verdict = "ok" if ratio <= target else "OVER"
    return f"ratio {ratio:.2f}×  (target ≤ {target:.2f}×)  {verdict}"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks and print the figures."""
    args = parse_args(argv)
    say = make_say(sys.stderr if args.json else sys.stdout)
    repeats = 3 if args.quick else 7
    figures: Figures = {"repeats": repeats}
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        root = Path(folder)
        if not args.skip_startup:
            figures |= run_startup(root, repeats, args.why, say)
        if not args.skip_import:
            figures |= run_import(root, repeats, args.profile, say)
        if not args.skip_reader:
            figures |= run_reader_part(root, repeats, args.profile, say)
    say("")
    say(summary(figures))
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
