"""Quiz generation speed: 10 questions from a 300,000-character book vs rjieba's tagging of it.

Run: ``python bench/quizbench.py``. Interleaved medians in one process; never asserts.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rjieba

from bench.corpus import long_chinese_text
from studyapp.core.importing import parse_material
from studyapp.core.quiz import generate, sections_from_draft

TARGET = 5.0
REPEATS = 5


def _sections(text: str, name: str):  # type: ignore[no-untyped-def]
    draft = parse_material(text, Path(f"{name}.md"), [])
    return sections_from_draft(name, draft)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    text = long_chinese_text()
    book = _sections(text, "book")
    section = _sections(text[:5000], "section")
    rjieba.tag("热身")
    tag_times, quiz_times, small_times = [], [], []
    for seed in range(REPEATS):
        tag_times.append(_timed(lambda: rjieba.tag(text)))
        quiz_times.append(
            _timed(
                lambda s=seed: generate(
                    book, material_id="book", stats=None, rng=random.Random(s), count=10
                )
            )
        )
        small_times.append(
            _timed(
                lambda s=seed: generate(
                    section, material_id="section", stats=None, rng=random.Random(s), count=10
                )
            )
        )
    tag, quiz, small = (statistics.median(t) for t in (tag_times, quiz_times, small_times))
    verdict = "ok" if quiz / tag <= TARGET else "OVER"
    print(f"pos tag 300k   rjieba      {tag:7.3f} s")
    print(
        f"quiz 10 q 300k studyapp    {quiz:7.3f} s   ratio {quiz / tag:4.1f}×  "
        f"(target ≤ {TARGET:.0f}×)  {verdict}"
    )
    print(f"quiz 10 q 5k   studyapp    {small:7.3f} s   (a 5,000-character section)")


if __name__ == "__main__":
    main()
