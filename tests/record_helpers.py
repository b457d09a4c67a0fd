"""A realistic learner's record for backup, restore and transfer tests.

Reading sessions over several days (time, positions, sections read and marked done),
notes, a plan, quiz answers right and wrong, and reviews of the cards the misses made.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from studyapp.core.plans.speed import TextSize
from studyapp.core.reading import ReadingPosition
from studyapp.locations import Locations
from studyapp.services import StudyService, quiz
from studyapp.services import review as review_service

MATERIAL = "study-campaign-guide"
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves forward."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def cli(locations: Locations, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m studyapp`` on ``locations`` (its data dir and database)."""
    command = [sys.executable, "-m", "studyapp", "--data-dir", str(locations.data_dir)]
    return subprocess.run(
        [*command, "--db", locations.db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )


def stats_json(locations: Locations) -> dict[str, object]:
    """``studyapp stats --json`` as data."""
    shown = cli(locations, "stats", "--json")
    assert shown.returncode == 0, shown.stderr
    data: dict[str, object] = json.loads(shown.stdout)
    return data


def study_for_days(locations: Locations, days: int = 4) -> None:
    """Several days of reading, notes, quizzes and reviews, each at its own time."""
    clock = Clock(START)
    service = StudyService.open(locations, clock)
    try:
        service.import_bundled_if_new()
        material = service.material(MATERIAL)
        assert material is not None
        sections = [s.anchor for s in material.sections]
        for day in range(days):
            clock.now = START + dt.timedelta(days=day, hours=day % 3)
            _read(service, clock, sections[day % len(sections)], day)
            service.save_note(MATERIAL, sections[day % len(sections)], f"第{day + 1}天的心得")
            _quiz_and_review(service, clock, day)
        clock.advance(60)
        service.save_note(MATERIAL, sections[0], "改过的笔记：先读目录")
    finally:
        service.close()
    added = cli(
        locations, "plan", "add", MATERIAL, "--start", "2026-03-02", "--finish-by", "2026-03-12"
    )
    assert added.returncode == 0, added.stderr


def _read(service: StudyService, clock: Clock, section: str, day: int) -> None:
    tracker = service.start_reading(MATERIAL, section, "zh")
    tracker.focus(True)
    for step in range(6 + day):
        clock.advance(25)
        tracker.activity()
        tracker.moved(
            ReadingPosition(MATERIAL, section, step, 0),
            (section, step + 1),
            passed=TextSize(chars=300 * (step + 1), han=280 * (step + 1), words=0),
        )
    tracker.flush()
    if day % 2 == 0:
        tracker.mark_done(section, True)
    tracker.close()


def _quiz_and_review(service: StudyService, clock: Clock, day: int) -> None:
    asked = quiz.questions(service, MATERIAL, count=3, seed=day + 1)
    for index, question in enumerate(asked):
        clock.advance(20)
        given = list(question.answer) if index == 0 else "zzz"
        quiz.answer(service, question, given, seconds=5.0 + index)
    clock.advance(600)
    for item in review_service.queue(service)[:2]:
        clock.advance(15)
        review_service.answer(service, item, list(item.question.answer), seconds=4.0)
