"""Re-importing a revised 300,000-character text (history carried over) against importing it new.

    python bench/reimportbench.py [--runs N] [--chars N]

The text is ``corpus.long_chinese_text``; the revision inserts a paragraph near the start,
edits every 20th paragraph by one character, deletes one chapter and renames another.
Each round, interleaved, on fresh data dirs:

- ``first import``: the revised file imported into an empty library (the baseline);
- ``re-import``: the original imported (untimed), a reading position, a note and a done
  section left on it, then the revised file re-imported from the same path: the text
  replaced and the history re-anchored in one transaction;
- ``matching``: :func:`studyapp.core.reanchor.reanchor` alone on the two parsed texts.

Prints medians and the ratio re-import / first import. Prints, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import tempfile
import time
from pathlib import Path
from statistics import median

from corpus import LONG_TEXT_CHARS, long_chinese_text

from studyapp.core.importing import prepare
from studyapp.core.reading import ReadingPosition
from studyapp.core.reanchor import reanchor
from studyapp.locations import resolve_locations
from studyapp.services import StudyService

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _clock() -> dt.datetime:
    return NOW


def revise(text: str) -> str:
    """Insert a paragraph, edit every 20th paragraph, drop chapter 5, rename chapter 9."""
    parts = text.split("\n\n")
    parts.insert(3, "这是修订时新加的一段说明文字。")
    for index in range(10, len(parts), 20):
        if not parts[index].startswith("#") and len(parts[index]) > 10:
            parts[index] = parts[index][:5] + "改" + parts[index][6:]
    revised = "\n\n".join(parts)
    revised = re.sub(r"## 第5章.*?(?=## 第6章)", "", revised, flags=re.S)
    return re.sub(r"## 第9章 [^\n]*", "## 第9章 修订后的标题", revised)


def first_import(path: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as data:
        service = StudyService.open(resolve_locations(data, environ={}), _clock)
        try:
            started = time.perf_counter()
            service.import_paths([path])
            return time.perf_counter() - started
        finally:
            service.close()


def re_import(path: Path, original: str, revised: str) -> float:
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-") as data:
        service = StudyService.open(resolve_locations(data, environ={}), _clock)
        try:
            path.write_text(original, encoding="utf-8")
            material = service.import_paths([path]).outcomes[0].material_id or ""
            stored = service.materials.get(material)
            assert stored is not None
            middle = stored.sections[len(stored.sections) // 2].anchor
            service.progress.save_position(ReadingPosition(material, middle, 2, 3), NOW)
            service.save_note(material, middle, "心得")
            service.progress.set_done(material, stored.sections[1].anchor, NOW, NOW.date())
            path.write_text(revised, encoding="utf-8")
            started = time.perf_counter()
            outcome = service.import_paths([path]).outcomes[0]
            spent = time.perf_counter() - started
            assert outcome.revision is not None, outcome
            return spent
        finally:
            service.close()


def matching(original: str, revised: str) -> float:
    from studyapp.db.revisions import draft_text

    old = draft_text(prepare(Path("a.md"), original.encode()).draft)
    new = draft_text(prepare(Path("a.md"), revised.encode()).draft)
    started = time.perf_counter()
    result = reanchor(old, new)
    spent = time.perf_counter() - started
    print("  paragraphs:", result.counts(), "sections dropped:", len(result.dropped_sections()))
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chars", type=int, default=LONG_TEXT_CHARS)
    args = parser.parse_args()
    original = long_chinese_text(chars=args.chars)
    revised = revise(original)
    firsts, res, matches = [], [], []
    with tempfile.TemporaryDirectory(prefix="studyapp-bench-text-") as folder:
        path = Path(folder) / "material.md"
        for _round in range(args.runs):
            path.write_text(revised, encoding="utf-8")
            firsts.append(first_import(path))
            res.append(re_import(path, original, revised))
            matches.append(matching(original, revised))
    first, again, match = median(firsts), median(res), median(matches)
    print(f"first import {first:.2f} s, re-import {again:.2f} s, matching alone {match:.3f} s")
    print(f"re-import / first import: {again / first:.2f}x")


if __name__ == "__main__":
    main()
