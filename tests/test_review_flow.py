"""Spaced review end to end: missed quiz questions become cards, reviews schedule them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from studyapp.core.review import CardState, ReviewLogEntry, review
from studyapp.locations import Locations
from studyapp.services import StudyService, quiz
from studyapp.services import review as review_service
from studyapp.services.plans import today_view
from studyapp.services.stats import stats_view
from studyapp.ui.screens.challenge import ChallengeScreen
from studyapp.ui.screens.review import ReviewScreen
from studyapp.ui.screens.stats import StatsScreen
from tests.cli_helpers import run_cli
from tests.conftest import FIXED_NOW
from tests.db_rows import rows
from tests.ui_helpers import ManualClock, build_app, screen_text, settle

MATERIAL = "study-campaign-guide"


def _rows(locations: Locations, sql: str) -> list[tuple]:
    return rows(locations, sql)  # the SQLite file, or the PostgreSQL database


def _service(locations: Locations, clock=None) -> StudyService:  # type: ignore[no-untyped-def]
    service = StudyService.open(locations, clock or (lambda: FIXED_NOW))
    service.import_bundled_if_new()
    return service


def test_a_missed_question_is_due_and_reviewing_moves_it_as_fsrs_says(locations: Locations) -> None:
    missed = run_cli(
        locations, "quiz", MATERIAL, "--plain", "--count", "2", "--seed", "4", stdin="1\n1\n"
    )
    assert missed.returncode == 0 and "0 of 2 right." in missed.stdout
    due = json.loads(run_cli(locations, "review", "--due", "--json").stdout)
    assert len(due) == 2 and {d["state"] for d in due} == {"new"}
    asked = {row[0] for row in _rows(locations, "SELECT question_id FROM quiz_answer")}
    assert {d["question_id"] for d in due} == asked
    reviewed = run_cli(locations, "review", "--plain", stdin="1\n")
    assert reviewed.returncode == 0 and "next review" in reviewed.stdout
    [(payload,)] = _rows(locations, "SELECT payload FROM review_log")
    entry = ReviewLogEntry.from_dict(payload if isinstance(payload, dict) else json.loads(payload))
    [(due_text, state)] = _rows(
        locations, f"SELECT due, state FROM review_card WHERE card_id = '{entry.card_id}'"
    )
    settings = review_service.ReviewSettings()
    expected, _log = review(entry.previous, entry.rating, entry.reviewed_at, settings)
    assert int(entry.rating) == 1 and state == expected.state
    due = due_text if isinstance(due_text, dt.datetime) else dt.datetime.fromisoformat(due_text)
    assert due.replace(tzinfo=dt.UTC) == expected.due
    assert expected.due > entry.reviewed_at


def _missed_cards(service: StudyService, count: int = 3) -> list:
    questions = quiz.questions(service, MATERIAL, count=count, seed=11)
    for question in questions:
        quiz.answer(service, question, "zzz", seconds=3.0)
    return questions


async def _answer_wrong(pilot, question) -> None:  # type: ignore[no-untyped-def]
    """Type a wrong answer, or pick a wrong option."""
    if question.type in ("cloze", "number", "order"):
        await pilot.press(*"zzz", "enter")
    else:
        await pilot.press("1" if question.options[0] not in question.answer else "2")


async def test_review_screen_rates_rerates_and_undoes(locations: Locations) -> None:
    service = _service(locations)
    _missed_cards(service, 2)
    service.close()
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ReviewScreen()
        await app.push_screen(screen)
        await settle(pilot)
        assert len(screen.questions) == 2
        notices = [n.message for n in app._notifications]
        assert not any("good question" in n for n in notices), notices  # a quiz's notice
        question = screen.questions[0]
        await _answer_wrong(pilot, question)
        await pilot.pause()
        assert screen.last is not None
        first_rating = int(screen.last.rating)
        new_rating = 3 if first_rating != 3 else 1
        await pilot.press(str(new_rating))
        await pilot.pause()
        assert _rows(locations, "SELECT rating FROM review_log") == [(new_rating,)]
        assert "Rated" in screen_text(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert _rows(locations, "SELECT count(*) FROM review_log") == [(0,)]
        assert screen.question == question
    assert {row[0] for row in _rows(locations, "SELECT state FROM review_card")} == {"new"}


async def test_undo_takes_back_this_windows_answer_not_another_windows(
    locations: Locations,
) -> None:
    service = _service(locations)
    _missed_cards(service, 2)
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ReviewScreen()
        await app.push_screen(screen)
        await settle(pilot)
        question = screen.questions[0]
        await _answer_wrong(pilot, question)
        await pilot.pause()
        mine = screen.last.card.card_id
        other = next(i for i in review_service.queue(service) if i.card.card_id != mine)
        review_service.answer(service, other, ["zzz"], seconds=4.0)  # another window, later
        await pilot.press("u")
        await pilot.pause()
        logged = {row[0] for row in _rows(locations, "SELECT card_id FROM review_log")}
        assert logged == {other.card.card_id}  # the other window's review stands
        assert screen.question == question
    service.close()


def _history(locations: Locations) -> ManualClock:
    """120 days of daily reviews: most right, some wrong."""
    clock = ManualClock(FIXED_NOW)
    service = _service(locations, clock)
    _missed_cards(service, 6)
    for day in range(120):
        for number, item in enumerate(review_service.queue(service)):
            right = (day + number) % 5 != 0
            given = item.question.answer if right else ["zzz"]
            review_service.answer(service, item, list(given), seconds=4.0)
        clock.advance(24 * 3600)
    service.close()
    return clock


async def test_stats_screen_shows_forecast_and_retention_from_a_history(
    locations: Locations,
) -> None:
    clock = _history(locations)
    service = StudyService.open(locations, clock)
    view = stats_view(service)
    service.close()
    assert sum(view.reviews_by_day.values()) > 30
    assert view.true_retention is not None and 0 < view.true_retention <= 1
    assert len(view.forecast) == 30 and sum(view.forecast) > 0
    app = build_app(locations, clock=clock)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(StatsScreen())
        await settle(pilot)
        text = screen_text(pilot)
        assert f"True retention on mature cards: {view.true_retention:.0%}" in text
        assert "Due in the next 30 days:" in text and f"({sum(view.forecast)})" in text


def test_a_card_that_lapses_too_often_is_suspended_and_its_passage_reread(
    locations: Locations,
) -> None:
    service = _service(locations)
    question = _missed_cards(service, 1)[0]
    card = service.reviews.card_for_question(question.id)
    assert card is not None
    lapsing = dataclasses.replace(
        card,
        state="review",
        stability=2.0,
        difficulty=6.0,
        lapses=7,
        last_review=FIXED_NOW - dt.timedelta(days=3),
        reps=12,
    )
    last_review = (FIXED_NOW - dt.timedelta(days=3)).replace(tzinfo=None).isoformat(" ")
    rows(
        locations,
        "UPDATE review_card SET state='review', stability=2.0, difficulty=6.0, lapses=7, "
        f"reps=12, last_review='{last_review}' WHERE card_id='{card.card_id}'",
    )
    item = review_service.ReviewItem(lapsing, question)
    result = review_service.answer(service, item, "zzz", seconds=3.0)
    assert result.card.leech and result.card.suspended and result.card.lapses == 8
    assert review_service.queue(service) == []
    reread = [i for i in today_view(service).items if i.status == "reread"]
    assert [(i.unit.material_id, i.unit.section) for i in reread] == [
        (MATERIAL, question.source.section)
    ]
    service.close()
    assert isinstance(lapsing, CardState)


async def test_challenge_ends_at_the_first_miss_and_keeps_the_run(locations: Locations) -> None:
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ChallengeScreen(app.find_material(MATERIAL))
        await app.push_screen(screen)
        await settle(pilot)
        first = screen.questions[0]
        screen._answer(list(first.answer) if first.type != "true_false" else first.answer[0])
        await pilot.press("enter")
        await pilot.pause()
        screen._answer("zzz-wrong")
        await pilot.pause()
        assert screen.ended
        assert "1 right in a row" in screen_text(pilot)
    assert _rows(locations, "SELECT streak FROM challenge_run") == [(1,)]


async def test_review_multiple_choice_toggles_once_per_key(locations: Locations) -> None:
    service = _service(locations)
    questions = quiz.questions(service, MATERIAL, count=1, types=["multiple"], seed=3)
    quiz.answer(service, questions[0], "zzz", seconds=3.0)
    service.close()
    app = build_app(locations)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ReviewScreen()
        await app.push_screen(screen)
        await settle(pilot)
        question = screen.questions[0]
        assert question.type == "multiple"
        keys = [str(question.options.index(a) + 1) for a in question.answer]
        await pilot.press(*keys, "enter")
        await pilot.pause()
        assert screen.grade is not None and screen.grade.verdict == "right"


def test_cram_grades_without_touching_the_schedule(locations: Locations) -> None:
    service = _service(locations)
    _missed_cards(service, 2)
    service.close()
    before = _rows(locations, "SELECT card_id, state, due, reps FROM review_card ORDER BY card_id")
    # "1" is a wrong answer to both questions (a blank and an ordering) that can be graded;
    # "zzz" names no option of the ordering and would be skipped, not graded
    result = run_cli(locations, "review", "--cram", MATERIAL, stdin="1\n1\n")
    assert result.returncode == 0 and "0 of 2 right." in result.stdout
    after = _rows(locations, "SELECT card_id, state, due, reps FROM review_card ORDER BY card_id")
    assert after == before
    assert _rows(locations, "SELECT count(*) FROM review_log") == [(0,)]
