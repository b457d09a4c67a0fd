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
from studyapp.locations import resolve_locations
from studyapp.services import StudyService
from tests.conftest import fixed_clock

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


def _kill_during_import(data: Path, folder: Path, delay: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--data-dir", str(data), "import", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    before, deadline = _stored(data), time.monotonic() + 120
    # however slow the machine, the kill lands once this run has stored something
    while process.poll() is None and _stored(data) <= before and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def _stored(data: Path) -> int:
    """Whole materials committed so far (0 while the database is not there yet)."""
    try:
        with sqlite3.connect(f"file:{data / 'studyapp.sqlite'}?mode=ro", uri=True) as db:
            row = db.execute("SELECT count(*) FROM material WHERE id NOT LIKE '.importing-%'")
            return int(row.fetchone()[0])
    except sqlite3.Error:
        return 0


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


def test_kill_9_during_import_never_leaves_half_a_material(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    folder = tmp_path / "corpus"
    _write_corpus(folder, rng)
    data = tmp_path / "data"
    counts = []
    for _ in range(KILLS):
        _kill_during_import(data, folder, rng.uniform(0.0, 0.1))
        service = StudyService.open(resolve_locations(data, environ={}), fixed_clock)
        try:
            assert [c.name for c in service.doctor() if not c.ok] == []
            counts.append(_assert_whole(service, folder))
        finally:
            service.close()
    print("materials after each kill:", counts)
    assert counts == sorted(counts)  # each run resumes; nothing is lost
    assert 0 < counts[0] < FILES  # the first kill really landed mid-import
    assert counts[-1] <= FILES
