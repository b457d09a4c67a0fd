"""Killing an import at random moments leaves a healthy DB holding only whole materials."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from studyapp.core.importing import prepare
from studyapp.core.text import count_chars
from studyapp.db import search_index
from studyapp.locations import Locations
from studyapp.services import StudyService
from tests.conftest import fixed_clock
from tests.db_rows import rows

FILES = 120
KILLS = 4


def _write_corpus(folder: Path, rng: random.Random) -> None:
    folder.mkdir()
    for index in range(FILES):
        chapters = []
        for chapter in range(1, 9):
            body = "\n\n".join(
                "".join(rng.choice("学习计划读书班调研问题清单目标") for _ in range(60)) + "。"
                for _ in range(12)
            )
            chapters.append(f"## 第{chapter}章 专题{index}-{chapter}\n\n{body}")
        text = f"# 材料 {index}\n\n" + "\n\n".join(chapters)
        (folder / f"material-{index:03}.md").write_text(text, encoding="utf-8")


def _kill_during_import(locations: Locations, folder: Path, files: int, delay: float) -> None:
    """Start an import, wait until more than ``files`` files of it are committed, then kill
    it ``delay`` seconds later (a moment inside the next batch, or between two).

    Files are written in batches, so commits come a batch at a time; waiting for a number
    of files, not for a time, keeps the kill inside the import on a fast machine as on a
    loaded one (a fixed delay after the first commit let a quiet machine finish first).
    """
    before = _import_records(locations)
    data = str(locations.data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--data-dir", data, "import", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _import_records(locations) > before + files:
            break
        time.sleep(0.01)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def _import_records(locations: Locations) -> int:
    if not locations.db_url.startswith("sqlite"):
        return int(rows(locations, "SELECT count(*) FROM import_record")[0][0])
    database = locations.data_dir / "studyapp.sqlite"
    if not database.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.1)
        try:
            return connection.execute("SELECT count(*) FROM import_record").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:  # not created yet, or locked for a moment
        return 0


INDEX_OBJECTS = (search_index.TABLE, *search_index.TRIGGERS)


def _index_objects(database: Path) -> set[str]:
    """The search index's table and triggers present (none: killed before they were made)."""
    if not database.exists():
        return set()
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master")
        return {name for (name,) in rows} & set(INDEX_OBJECTS)
    finally:
        connection.close()


def _assert_whole(service: StudyService, folder: Path) -> int:
    materials = service.library()
    for material in materials:
        path = Path(material.source)
        draft = prepare(path, path.read_bytes()).draft
        expected = sum(count_chars(b.text) for s in draft.sections for b in s.blocks)
        assert material.chars == expected, material.id
        assert (
            material.section_count
            == len(draft.sections)
            == len(
                service.material(material.id).sections  # type: ignore[union-attr]
            )
        )
    return len(materials)


def test_kill_9_during_import_never_leaves_half_a_material(
    locations: Locations, tmp_path: Path
) -> None:
    rng = random.Random(20261127)
    folder = tmp_path / "corpus"
    _write_corpus(folder, rng)
    counts = []
    for _ in range(KILLS):
        _kill_during_import(locations, folder, rng.randint(0, FILES // 4), rng.uniform(0.0, 0.05))
        # On SQLite, batches drop and re-create the index's insert trigger inside their
        # transaction: a kill must leave it in place (checked before start-up could rebuild it).
        database = locations.data_dir / "studyapp.sqlite"
        assert _index_objects(database) in (set(), set(INDEX_OBJECTS))
        service = StudyService.open(locations, fixed_clock)
        try:
            assert [c.name for c in service.doctor() if not c.ok] == []
            counts.append(_assert_whole(service, folder))
        finally:
            service.close()
    print("materials after each kill:", counts)
    assert counts == sorted(counts)  # each run resumes; nothing is lost
    assert 0 < counts[0] < FILES  # the first kill really landed mid-import
    assert counts[-1] <= FILES
