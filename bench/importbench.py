"""Part (b): importing a 300,000-character Chinese text vs rjieba's POS tagging of it.

Everything runs in this process: rjieba and studyapp are imported and warmed first,
so the figures are steady-state costs, not import costs.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from statistics import median

from common import Say, profile_report, timed

from studyapp.core.importing import Prepared, prepare, read_file
from studyapp.core.materials import TEXT_KINDS
from studyapp.core.sentences import split_sentences
from studyapp.locations import resolve_locations
from studyapp.services import StudyService

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _clock() -> dt.datetime:
    return NOW


@dataclass(frozen=True)
class ImportFigures:
    """Medians, in seconds, of the import and of its parts."""

    pos_tag_300k_s: float
    import_300k_s: float
    import_open_fresh_db_s: float
    import_prepare_s: float
    import_save_s: float
    import_sentence_split_s: float
    import_sections: int
    import_blocks: int
    import_sentences: int


@contextmanager
def fresh_service() -> Iterator[StudyService]:
    """A service over a new, empty data dir that is deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        service = StudyService.open(resolve_locations(folder, environ={}), _clock)
        try:
            yield service
        finally:
            service.close()


def time_import(path: Path) -> tuple[float, float]:
    """Seconds to open a fresh library, and to ``import_paths([path])`` into it."""
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as folder:
        locations = resolve_locations(folder, environ={})
        start = time.perf_counter()
        service = StudyService.open(locations, _clock)
        opened = time.perf_counter() - start
        try:
            return opened, timed(partial(_import_one, service, path))
        finally:
            service.close()


def _import_one(service: StudyService, path: Path) -> None:
    report = service.import_paths([path])
    statuses = [outcome.status for outcome in report.outcomes]
    if statuses != ["imported"]:
        raise RuntimeError(f"import did not succeed: {report.outcomes}")


def time_save(prepared: Prepared) -> float:
    """Seconds to store an already parsed draft into a fresh library."""
    with fresh_service() as service:
        return timed(partial(_save, service, prepared))


def _save(service: StudyService, prepared: Prepared) -> None:
    service.materials.save(
        prepared.draft,
        source=str(prepared.path),
        slug="long-text",
        file_hash=prepared.file_hash,
        encoding=prepared.encoding,
        now=NOW,
    )


def _prepare(path: Path) -> Prepared:
    return prepare(path, read_file(path))


def split_all(prepared: Prepared) -> int:
    """Split every text block into sentences, as the save does; return the count."""
    return sum(
        len(split_sentences(block.text))
        for section in prepared.draft.sections
        for block in section.blocks
        if block.kind in TEXT_KINDS
    )


def measure_import(path: Path, text: str, repeats: int, say: Say) -> ImportFigures:
    """All part (b) figures for the file at ``path`` holding ``text``.

    Each round times every figure once, in turn, so tagging and importing share the
    machine's noise; the figures are the medians over the rounds.
    """
    import rjieba

    say("  warming up (one untimed tag and import)")
    rjieba.tag("我们在图书馆学习中文。")
    time_import(path)
    prepared = _prepare(path)
    samples: dict[str, list[float]] = defaultdict(list)
    for round_number in range(repeats):
        samples["pos_tag_300k_s"].append(timed(partial(rjieba.tag, text)))
        opened, imported = time_import(path)
        samples["import_open_fresh_db_s"].append(opened)
        samples["import_300k_s"].append(imported)
        samples["import_prepare_s"].append(timed(partial(_prepare, path)))
        samples["import_save_s"].append(time_save(prepared))
        samples["import_sentence_split_s"].append(timed(partial(split_all, prepared)))
        say(
            f"  round {round_number + 1}/{repeats}: tag {samples['pos_tag_300k_s'][-1]:.3f} s, "
            f"import {imported:.3f} s"
        )
    sections = prepared.draft.sections
    return ImportFigures(
        **{name: median(values) for name, values in samples.items()},
        import_sections=len(sections),
        import_blocks=sum(len(section.blocks) for section in sections),
        import_sentences=split_all(prepared),
    )


def profile_import(path: Path, top: int = 15) -> str:
    """cProfile one ``import_paths`` into a fresh library; the top functions as text."""
    with fresh_service() as service:
        profiler = cProfile.Profile()
        profiler.runcall(_import_one, service, path)
    return profile_report(profiler, top)
