"""Setup of the start benchmark (untimed): data dirs with 5 and 1,000 materials and events.

Each data dir gets 100,000 events: 50,000 reading sessions and 50,000 review logs (10,000
cards, five reviews each, built as ``reviewbench`` builds them). ``today`` adds a plan
whose first day is today; ``read`` adds the 3,000-character text with a reading position
in its second section. Each returns the marker text its first useful frame shows.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from common import Say
from corpus import short_chinese_text, write_library

READING_SESSIONS = 50_000
REVIEW_CARDS = 10_000  # five logs each: 50,000 review logs
MARKER_CHARS = 10


@dataclass(frozen=True)
class Prepared:
    """A data dir to copy for every run, the CLI arguments, and the text to wait for."""

    data_dir: Path
    arguments: tuple[str, ...]
    marker: str


def _open(data_dir: Path):  # type: ignore[no-untyped-def]
    from studyapp.locations import resolve_locations
    from studyapp.services import StudyService

    return StudyService.open(resolve_locations(data_dir, environ={}))


def _add_events(service, say: Say) -> None:  # type: ignore[no-untyped-def]
    """50,000 reading sessions and 50,000 review logs, through Core inserts."""
    import reviewbench
    from sqlalchemy import insert

    from studyapp.db.engine import write_session
    from studyapp.db.models import ReadingSessionRow

    reviewbench.CARDS = REVIEW_CARDS
    reviewbench.build(service)
    rng = random.Random(3)
    start = dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC)
    rows = []
    for index in range(READING_SESSIONS):
        began = start + dt.timedelta(minutes=13 * index)
        seconds = rng.uniform(60, 1200)
        rows.append(
            {
                "material_id": reviewbench.MATERIAL,
                "first_section": "s",
                "last_section": "s",
                "started_at": began,
                "ended_at": began + dt.timedelta(seconds=seconds),
                "active_seconds": seconds,
                "chars_read": int(seconds * 5),
                "han_read": int(seconds * 4),
                "words_read": int(seconds),
                "language": "zh",
                "local_day": began.date(),
            }
        )
    with write_session(service.engine) as session:
        session.execute(insert(ReadingSessionRow.__table__), rows)
    say(f"  {READING_SESSIONS:,} reading sessions and {REVIEW_CARDS * 5:,} review logs added")


def library_dir(root: Path, count: int, say: Say) -> Prepared:
    """The bundled materials, plus ``count`` generated ones, plus the events."""
    data_dir = root / f"library-{count}"
    service = _open(data_dir)
    try:
        service.import_bundled_if_new()
        if count:
            say(f"  importing {count:,} generated materials (setup)")
            write_library(root / "materials", count)
            service.import_paths([root / "materials"])
        _add_events(service, say)
        first = service.library()[0]
    finally:
        service.close()
    return Prepared(data_dir, (), first.title[:MARKER_CHARS])


def today_dir(root: Path, library: Prepared, say: Say) -> Prepared:
    """A copy of the 5-material library with a plan that starts today."""
    from studyapp.services import plans

    data_dir = root / "today"
    shutil.copytree(library.data_dir, data_dir)
    service = _open(data_dir)
    try:
        today = service.local_day()
        plan = plans.add_plan(
            service,
            ["plain-text-handout"],
            name="bench plan",
            start=today,
            finish_by=today + dt.timedelta(days=7),
            minutes_per_day=None,
        )
        title = plan.assignments[0].units[0].title
    finally:
        service.close()
    say(f"  plan added; today's first assignment: {title}")
    return Prepared(data_dir, (), title[:MARKER_CHARS])


def read_dir(root: Path, library: Prepared, say: Say) -> Prepared:
    """A copy of the 5-material library with the 3,000-character text, left in section 2."""
    from studyapp.core.reading import ReadingPosition

    data_dir = root / "read"
    shutil.copytree(library.data_dir, data_dir)
    path = root / "short-chinese-text.md"
    path.write_text(short_chinese_text(), encoding="utf-8")
    service = _open(data_dir)
    try:
        report = service.import_paths([path])
        material_id = report.by_status("imported")[0].material_id
        assert material_id is not None
        sections = service.materials.full_text(material_id)
        section = next(s for s in sections[1:] if len(s.paragraphs) > 1)
        paragraph = section.paragraphs[1]
        position = ReadingPosition(material_id, section.anchor, paragraph.position, 0)
        service.progress.save_position(position, service.clock())
    finally:
        service.close()
    say(f"  {material_id}: resume at {section.anchor}, paragraph {paragraph.position}")
    return Prepared(data_dir, ("read", material_id), paragraph.text[:MARKER_CHARS])
