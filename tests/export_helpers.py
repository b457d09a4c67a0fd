"""A learner's history for the export tests: two materials, reading across days, nasty text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from studyapp.core.quiz.model import BLANK, FALSE, Question, SourceRef
from studyapp.core.reading import ReadingPosition
from studyapp.locations import Locations
from studyapp.services import StudyService, plans, quiz
from studyapp.services import review as review_service
from tests.ui_helpers import ManualClock

ZONE = "Asia/Shanghai"  # UTC+8, no daylight saving time
GOAL = 10
NASTY = '[点我](http://evil.example) <script>alert("x")</script> &amp; =HYPERLINK("http://e","x")'
GUIDE = """# 读书方法 <script>

## 第一节 认真读书

读书班每周组织两次集中学习，每次不少于90分钟。学习小组应当认真填写问题清单。

## 第二节 记录心得

每读完一章，写下三条心得和一个问题。
"""
NOTES_EN = """# Notes & [links]

## Part one

Adults read better with a question in mind. They keep notes.
"""


def local(*args: int) -> dt.datetime:
    """An instant given on the learner's wall clock (UTC+8)."""
    return dt.datetime(*args, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(dt.UTC)


def open_service(locations: Locations, clock: ManualClock) -> StudyService:
    """The library with the learner's settings (time zone, goal)."""
    locations.data_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(
        f'timezone = "{ZONE}"\n[reading]\ndaily_goal_minutes = {GOAL}\n', encoding="utf-8"
    )
    return StudyService.open(locations, clock)


def read(service: StudyService, clock: ManualClock, material: str, minutes: float) -> None:
    """A reading session with a key press every 30 seconds, ``minutes`` long."""
    section = service.material(material).sections[0].anchor  # type: ignore[union-attr]
    tracker = service.start_reading(material, section, "zh")
    for _ in range(int(minutes * 2)):
        clock.advance(30)
        tracker.activity()
    tracker.close()
    service.progress.save_position(ReadingPosition(material, section, 0, 0), clock())


def questions(material: str, section: str) -> list[Question]:
    """One question of each type, with CJK and text that must stay text everywhere."""
    source = SourceRef(material, section, 0, 10, f"读书班每周组织两次集中学习。{NASTY}")

    def make(kind: str, prompt: str, options: tuple[str, ...], answer: tuple[str, ...]) -> Question:
        return Question(f"q-{kind}", kind, prompt, options, answer, source, "zh")

    return [
        make("cloze", f"读书班每周组织{BLANK}集中学习 {{{{c2::坏}}}} a::b {NASTY}", (), ("两次",)),
        make(
            "single",
            f'=HYPERLINK("http://e") 读书班{BLANK}学习',
            ("每周", "<b>每月</b>"),
            ("每周",),
        ),
        make("multiple", "哪些是方法？", ("[提问](x)", "&amp;", "抄写"), ("[提问](x)", "&amp;")),
        make("true_false", "读书班每周组织一次集中学习。", ("对", "错"), (FALSE,)),
        make("order", "排列：", ("第二", "第一"), ("第一", "第二")),
        make("number", f"每次不少于{BLANK}分钟。", (), ("90",)),
    ]


def build_history(locations: Locations, tmp: Path) -> ManualClock:
    """A week of study in Shanghai time; returns the clock, left on 2026-03-08 local."""
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "guide.md").write_text(GUIDE, encoding="utf-8")
    (tmp / "notes-en.md").write_text(NOTES_EN, encoding="utf-8")
    clock = ManualClock(local(2026, 3, 1, 20, 0))
    service = open_service(locations, clock)
    service.import_paths([tmp / "guide.md", tmp / "notes-en.md"])
    guide = service.material("guide")
    assert guide is not None
    first, second = guide.sections[0].anchor, guide.sections[1].anchor
    plans.add_plan(
        service, ["guide"], name="春季计划", start=None, finish_by=dt.date(2026, 3, 20),
        minutes_per_day=None,
    )  # fmt: skip
    clock.now = local(2026, 3, 2, 9, 0)
    read(service, clock, "guide", 15)
    for number, question in enumerate(questions("guide", first)):
        given = question.answer if number % 2 else ("zzz",)
        quiz.answer(service, question, list(given), seconds=5.0)
    quiz.flag(service, quiz.questions(service, "guide", count=1, seed=1)[0], "bad")
    clock.now = local(2026, 3, 3, 23, 50)  # crosses local midnight: counts for 3 March
    read(service, clock, "guide", 30)
    clock.now = local(2026, 3, 5, 8, 0)
    read(service, clock, "notes-en", 5.5)
    service.progress.set_done("guide", first, clock(), service.local_day())
    service.save_note("guide", first, f"第一条心得：先读后想。\n\n{NASTY}\n- 不是列表")
    clock.now = local(2026, 3, 5, 20, 0)
    read(service, clock, "guide", 12.25)
    service.save_note("notes-en", "part-one", "=1+1 @cmd -x +y")
    service.progress.set_done("guide", second, clock(), service.local_day())
    clock.now = local(2026, 3, 6, 7, 30)
    for item in review_service.queue(service):
        review_service.answer(service, item, list(item.question.answer), seconds=4.0)
    service.reviews.add_challenge("guide", 3, 4.0, clock())
    clock.now = local(2026, 3, 8, 12, 0)
    service.close()
    return clock
