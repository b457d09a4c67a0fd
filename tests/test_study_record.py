"""The study record (issue 12 item 8): learner, plan progress, review outcomes, real sessions."""

from __future__ import annotations

from studyapp.core.plans import TextSize
from studyapp.locations import Locations
from studyapp.services import StudyService
from studyapp.services.export.report import report_data
from studyapp.services.plans import add_plan
from tests.conftest import fixed_clock

MATERIAL = "study-campaign-guide"


def test_report_names_the_learner_counts_real_sessions_and_shows_plans(
    locations: Locations,
) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(
        '[profile]\nname = "王小明"\nclass = "三年级二班"\n', encoding="utf-8"
    )
    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    add_plan(service, [MATERIAL], name="春季", start=None, finish_by=None, minutes_per_day=20.0)
    now = fixed_clock()
    for seconds in (3.0, 600.0):  # a three-second open and ten minutes of reading
        session = service.progress.open_session(MATERIAL, "s", now, now.date(), "zh")
        service.progress.update_session(session, "s", now, seconds, TextSize(100, 100, 0))
    data = report_data(service, None, None)
    assert data.learner == "王小明" and data.group == "三年级二班"
    assert [(p.name, p.done) for p in data.plans] == [("春季", 0)]
    assert data.plans[0].total > 0
    assert [r.sessions for r in data.reading] == [1]
    service.close()
    from studyapp.core.export.report import render_report

    text = render_report(data)
    assert "王小明" in text and "三年级二班" in text and "春季" in text
    assert "Longest streak: 0 days" in text
    one_day = render_report(
        type(data)(data.first, data.last, data.generated, {data.first: 1800.0}, 30.0)
    )
    assert "Longest streak: 1 day\n" in one_day


def test_csv_gives_true_false_answers_and_keys_in_the_same_words(
    locations: Locations, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import csv

    from studyapp.services.quiz import answer
    from tests.quiz_helpers import bundled_questions, of_type

    service = StudyService.open(locations, fixed_clock)
    service.import_bundled_if_new()
    found = of_type(bundled_questions("study-campaign-guide.md"), "true_false")
    assert found, "no true/false question"
    question = found[0]
    answer(service, question, "t", seconds=2.0)
    service.export_csv(tmp_path / "out")
    service.close()
    with open(tmp_path / "out" / "quiz_answers.csv", encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["given"] == question.options[0]
    assert row["correct_answer"] in question.options
