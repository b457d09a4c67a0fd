"""Big imports: written in short batches under a hidden material, published in one commit.

Reproduces issue 11 item 8: a long import held the write lock for its whole length and
was visible half-written to nobody only because it was one transaction. Now other
writers get the lock between batches, nothing of the material is visible before the
last commit, and a kill mid-import leaves only a staging material that the next start
removes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from studyapp.db import staged_import
from studyapp.db.engine import make_engine, write_session
from studyapp.db.models import MaterialRow
from studyapp.locations import Locations
from studyapp.services import StudyService, imports
from tests.conftest import fixed_clock
from tests.db_rows import rows

PARAGRAPHS = 3_000


def _book(path: Path, paragraphs: int = PARAGRAPHS) -> Path:
    lines = [
        f"Chapter {i // 500 + 1}\n\n" if i % 500 == 0 else f"Line {i} of the book.\n\n"
        for i in range(paragraphs)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _body(paragraphs: int) -> int:
    """The paragraphs of :func:`_book` that are not chapter headings."""
    return paragraphs - ((paragraphs - 1) // 500 + 1)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "STAGED_ABOVE_BLOCKS", 0)
    monkeypatch.setattr(staged_import, "BATCH_ROWS", 300)


def test_a_staged_import_equals_a_one_transaction_import(
    service: StudyService, tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path / "book.txt")
    staged = service.import_paths([book]).outcomes[0]
    staged_text = service.materials.full_text(staged.material_id or "", sentences=True)
    monkeypatch.setattr(imports, "STAGED_ABOVE_BLOCKS", 10**9)
    copy = _book(tmp_path / "copy.txt")
    whole = service.import_paths([copy]).outcomes[0]
    whole_text = service.materials.full_text(whole.material_id or "", sentences=True)
    assert [(s.anchor, s.title, s.paragraphs) for s in staged_text] == [
        (s.anchor, s.title, s.paragraphs) for s in whole_text
    ]
    assert sum(len(s.paragraphs) for s in staged_text) == _body(PARAGRAPHS)
    assert not [m for m in service.library() if m.id.startswith(staged_import.STAGING_PREFIX)]
    assert [c.name for c in service.doctor() if not c.ok] == []


def test_a_changed_big_file_is_replaced_in_place(
    service: StudyService, tmp_path: Path, small_batches: None
) -> None:
    book = _book(tmp_path / "book.txt")
    first = service.import_paths([book]).outcomes[0]
    _book(book, PARAGRAPHS + 7)
    second = service.import_paths([book]).outcomes[0]
    assert second.status == "imported" and second.material_id == first.material_id
    text = service.materials.full_text(first.material_id or "")
    assert sum(len(s.paragraphs) for s in text) == _body(PARAGRAPHS + 7)
    staging = "SELECT count(*) FROM material WHERE id LIKE '.importing-%'"
    assert rows(service.locations, staging) == [(0,)]


def _staged_and_visible(session: Session) -> tuple[int, int]:
    """Sections staged so far, and materials visible though not yet published."""
    staged = session.execute(
        text("SELECT count(*) FROM section WHERE material_id LIKE '.importing-%'")
    ).scalar_one()
    visible = session.execute(
        text(
            "SELECT count(*) FROM material WHERE id NOT LIKE '.importing-%' "
            "AND id NOT IN ('bilingual-glossary-notes')"
        )
    ).scalar_one()
    return staged, visible


def test_kill_9_during_a_batched_import_leaves_nothing_visible(
    locations: Locations, tmp_path: Path
) -> None:
    StudyService.open(locations, fixed_clock).close()
    book = _book(tmp_path / "book.txt", 20_000)
    kills = 0
    waits: list[float] = []
    worker = [sys.executable, "-m", "tests.staged_worker", str(locations.data_dir), str(book)]
    engine = make_engine(locations.db_url)
    for wanted_sections in (1, 5, 10, 20):
        process = subprocess.Popen([*worker, locations.db_url], stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None and process.stdout.readline().startswith("opened")
        staged = 0
        deadline = time.monotonic() + 60
        while staged < wanted_sections and time.monotonic() < deadline:
            started = time.monotonic()
            with write_session(engine) as session:  # another writer, between two batches
                waits.append(time.monotonic() - started)
                staged, visible = _staged_and_visible(session)
                session.rollback()
            assert visible == 0, "a part of the material became visible before its commit"
        process.kill()
        process.wait()
        assert staged >= wanted_sections, "the import ended before the kill"
        kills += 1
        assert rows(
            locations, "SELECT count(*) FROM material WHERE id NOT LIKE '.importing-%'"
        ) == [(0,)]
        reopened = StudyService.open(locations, fixed_clock)  # the next start cleans up
        assert reopened.library() == []
        reopened.close()
        assert rows(locations, "SELECT count(*) FROM material") == [(0,)]
        assert rows(locations, "SELECT count(*) FROM section") == [(0,)]
        assert rows(locations, "SELECT count(*) FROM paragraph") == [(0,)]
    engine.dispose()
    assert kills == 4
    assert max(waits) < 1.0, f"another writer waited {max(waits):.2f} s for the lock"


def test_a_running_import_is_not_removed_by_another_start(
    locations: Locations, service: StudyService
) -> None:
    now = fixed_clock()
    live = f"{staged_import.STAGING_PREFIX}{__import__('os').getpid()}-x"
    dead = f"{staged_import.STAGING_PREFIX}999999999-x"
    with write_session(service.engine) as session:
        for ident in (live, dead):
            session.add(
                MaterialRow(
                    id=ident,
                    title="t",
                    tags=[],
                    language="en",
                    required=False,
                    source=ident,
                    encoding="utf-8",
                    file_hash="h",
                    chars=0,
                    section_count=0,
                    imported_at=now,
                    updated_at=now,
                )
            )
    assert staged_import.remove_abandoned(service.engine, now) == 1
    assert rows(locations, "SELECT id FROM material WHERE id LIKE '.importing-%'") == [(live,)]
