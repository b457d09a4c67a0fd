"""Stored questions made under older rules: checked once, the failing ones retired, nothing lost."""

from __future__ import annotations

import json

import pytest

from studyapp.core.quiz.model import Question, SourceRef
from studyapp.core.quiz.retire import RULES_VERSION, retirement_reason
from studyapp.locations import Locations
from studyapp.services import StudyService, quiz
from studyapp.services import review as review_service
from tests.cli_helpers import run_cli
from tests.conftest import FIXED_NOW
from tests.db_rows import rows

MATERIAL = "study-campaign-guide"
SENTENCE = "学习活动的价值，不在于读了多少页，而在于读完之后，人想问题的方式有没有改变。"


def _question(kind: str, prompt: str, source: str, answer: tuple[str, ...], **more) -> Question:  # type: ignore[no-untyped-def]
    language = more.pop("language", "zh")
    more.setdefault("options", ())
    ref = SourceRef(MATERIAL, "s", 0, len(source), source)
    return Question(
        f"old-{kind}-{len(prompt)}",
        kind,
        prompt,
        answer=answer,
        source=ref,
        language=language,
        **more,
    )


def test_an_old_single_choice_on_a_term_with_a_pool_of_any_words_is_retired() -> None:
    old = _question(
        "single",
        SENTENCE.replace("学习活动", "____"),
        SENTENCE,
        ("学习活动",),
        options=("调研课题", "时间安排", "学习活动", "问题清单"),
    )
    assert retirement_reason(old) == "options_of_another_kind"


def test_a_figure_single_choice_passes() -> None:
    source = "读书班出勤率不低于85%，每人至少担任1次领读人。"
    good = _question(
        "single",
        source.replace("85%", "____"),
        source,
        ("85%",),
        options=("75%", "80%", "85%", "90%"),
    )
    assert retirement_reason(good) is None


def test_a_false_statement_made_by_pasting_a_word_is_retired_a_changed_figure_is_not() -> None:
    source = "从事人民币的设计、印制、发行、流通和回收等活动，应当遵守本条例的各项规定。"
    pasted = _question(
        "true_false", source.replace("印制", "公安机关"), source, ("false",), options=("对", "错")
    )
    assert retirement_reason(pasted) == "unfair_false"
    figure_source = "城镇化率从52.6%提高到58.5%，八千多万农业转移人口成为城镇居民。"
    moved = _question(
        "true_false",
        figure_source.replace("52.6%", "50.6%"),
        figure_source,
        ("false",),
        options=("对", "错"),
    )
    assert retirement_reason(moved) is None


def test_old_false_items_that_stay_true_or_give_themselves_away_are_retired() -> None:
    can = "新建的礼堂能容纳3000人，比原来的大了一倍。"
    fewer = _question("true_false", can.replace("3000", "2000"), can, ("false",))
    assert retirement_reason(fewer) == "unfair_false"  # what holds 3000 holds 2000
    more = _question("true_false", can.replace("3000", "4000"), can, ("false",))
    assert retirement_reason(more) is None
    under = "住户不满三十家，都种田，打鱼，只有一家很小的杂货店。"
    wider = _question("true_false", under.replace("三十", "七十"), under, ("false",))
    assert retirement_reason(wider) == "unfair_false"  # fewer than 30 is fewer than 70
    after = "After the channel formed, it was filled with boulders and other debris."
    swapped = _question(
        "true_false", after.replace("After", "Before"), after, ("false",), language="en"
    )
    assert retirement_reason(swapped) == "unfair_false"


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (
            ("百分之九十七", "百分之九十八", "百分之九十九", "百分之一百零一"),
            "options_of_another_kind",
        ),
        (("百分之九十六", "百分之九十七", "百分之九十八", "百分之九十九"), None),
    ],
)
def test_an_old_share_offered_above_the_whole_is_retired(
    options: tuple[str, ...], reason: str | None
) -> None:
    line = "一村的老老少少，也决没有一个会想出这两个字来，而他们也百分之九十九不识字。"
    prompt = line.replace("百分之九十九", "____")
    old = _question("single", prompt, line, ("百分之九十九",), options=options)
    assert retirement_reason(old) == reason


def test_an_old_blank_on_a_form_of_address_is_retired() -> None:
    line = "我自己觉得我的讲话不能使诸君有益或者有趣，所以终于不能不到这里来说几句。"
    address = _question("cloze", line.replace("诸君", "____"), line, ("诸君",))
    assert retirement_reason(address) == "generic_target"


def test_a_heading_line_and_an_everyday_word_are_retired() -> None:
    line = "2000年2月3日 中华人民共和国国务院令第280号发布"
    dated = _question("number", line.replace("2000", "____"), line, ("2000",))
    assert retirement_reason(dated) == "not_a_sentence"
    sentence = "现在我代表国务院，向大会报告过去五年的工作，请予审议并提出意见。"
    generic = _question("cloze", sentence.replace("工作", "____"), sentence, ("工作",))
    assert retirement_reason(generic) == "generic_target"


def test_a_describing_phrase_and_a_guessed_statement_are_retired() -> None:
    sentence = "After the flood the town council asked the province for immediate repairs."
    blank = sentence.replace("immediate repairs", "____")
    described = _question("cloze", blank, sentence, ("immediate repairs",), language="en")
    assert retirement_reason(described) == "generic_target"
    guess = "至于读书班改在周四，则也许另有缘故罢。"
    guessed = _question("true_false", guess, guess, ("true",), options=("对", "错"))
    assert retirement_reason(guessed) == "not_a_statement"


def test_a_cut_option_is_retired() -> None:
    passage = "一是读原著，二是写心得，三是做调研。"
    cut = _question(
        "order",
        "请按文中顺序排列以下要点",
        passage,
        ("读原著", "写心得", "做调研…"),
        options=("写心得", "做调研…", "读原著"),
    )
    assert retirement_reason(cut) == "truncated_option"


def test_an_old_blank_on_part_of_a_name_or_beside_its_conversion_is_retired() -> None:
    name = "The team measures heights with the Ka-band Radar Interferometer (KaRIn) on board."
    answer = "Radar Interferometer"
    half = _question("cloze", name.replace(answer, "____"), name, (answer,), language="en")
    assert retirement_reason(half) == "part_of_a_name"
    plain = "The team measures heights with a radar interferometer on board every day."
    answer = "radar interferometer"
    whole = _question("cloze", plain.replace(answer, "____"), plain, (answer,), language="en")
    assert retirement_reason(whole) is None
    depth = "The water depths in the lake ranged from about 3 feet (1 meter) to less than 1.5 feet."
    given = _question(
        "single",
        depth.replace("3 feet", "____"),
        depth,
        ("3 feet",),
        options=("2 feet", "3 feet", "4 feet", "5 feet"),
        language="en",
    )
    assert retirement_reason(given) == "answer_beside_it"
    fair = _question("number", depth.replace("1.5", "____"), depth, ("1.5",), language="en")
    assert retirement_reason(fair) is None
    shown = _question("number", depth.replace("3 feet", "____ feet"), depth, ("3",), language="en")
    assert retirement_reason(shown) == "answer_beside_it"
    left_out = depth.replace("3 feet (1 meter)", "____ feet")
    assert retirement_reason(_question("number", left_out, depth, ("3",), language="en")) is None


def test_an_old_option_whose_count_and_unit_disagree_is_retired() -> None:
    source = "Since 2014, Curiosity has been ascending Mount Sharp, which stands 3 miles high."
    prompt = source.replace("3 miles", "____")
    old = _question(
        "single",
        prompt,
        source,
        ("3 miles",),
        options=("1 miles", "3 miles", "4 miles", "6 miles"),
        language="en",
    )
    assert retirement_reason(old) == "option_misworded"
    options = ("2 miles", "3 miles", "4 miles", "6 miles")
    fair = _question("single", prompt, source, ("3 miles",), options=options, language="en")
    assert retirement_reason(fair) is None


def test_an_old_false_year_moved_centuries_is_retired_one_moved_a_few_years_is_not() -> None:
    source = "The analysis looks at the edges of the entire ice sheet from 1985 to 2022."
    far = _question(
        "true_false", source.replace("1985", "1685"), source, ("false",), language="en",
        options=("True", "False"),
    )
    assert retirement_reason(far) == "unfair_false"
    near = _question(
        "true_false", source.replace("1985", "1983"), source, ("false",), language="en",
        options=("True", "False"),
    )
    assert retirement_reason(near) is None


def _old_bad_question(service: StudyService) -> Question:
    """A question as the old engine made them, answered wrongly so it has a card."""
    old = _question(
        "single",
        SENTENCE.replace("学习活动", "____"),
        SENTENCE,
        ("学习活动",),
        options=("调研课题", "时间安排", "学习活动", "问题清单"),
    )
    quiz.answer(service, old, "调研课题", seconds=3.0)
    return old


def _sql(locations: Locations, statement: str) -> list[tuple]:
    return rows(locations, statement)  # the SQLite file, or the PostgreSQL database


def test_on_upgrade_a_failing_stored_question_is_retired_and_its_history_kept(
    locations: Locations,
) -> None:
    service = StudyService.open(locations, lambda: FIXED_NOW)
    service.import_bundled_if_new()
    old = _old_bad_question(service)
    _sql(locations, "UPDATE question SET rules_checked = 0")  # as the migration leaves them
    answers_before = _sql(locations, "SELECT count(*) FROM quiz_answer")

    review_service.queue(service)  # the first look at the cards checks the questions

    assert _sql(
        locations, f"SELECT retired_reason, rules_checked FROM question WHERE id = '{old.id}'"
    ) == [("options_of_another_kind", RULES_VERSION)]
    assert _sql(locations, f"SELECT suspended FROM review_card WHERE question_id = '{old.id}'") == [
        (1,)
    ]
    assert _sql(locations, "SELECT count(*) FROM quiz_answer") == answers_before
    assert old.id not in {q.id for q in service.quiz.stored_questions()}
    assert old.id in service.quiz.flagged_ids()  # never asked again
    service.close()


def test_review_due_json_names_the_retired_card_and_why(locations: Locations) -> None:
    service = StudyService.open(locations, lambda: FIXED_NOW)
    service.import_bundled_if_new()
    old = _old_bad_question(service)
    _sql(locations, "UPDATE question SET rules_checked = 0")
    _sql(locations, "UPDATE review_card SET due = '2000-01-01 00:00:00.000000'")
    service.close()

    result = run_cli(locations, "review", "--due", "--json")

    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    (row,) = [r for r in rows if r["question_id"] == old.id]
    assert row["suspended"] is True and row["retired"] == "options_of_another_kind"
    assert all(r["suspended"] is False and r["retired"] is None for r in rows if r is not row)


def test_new_questions_are_stored_as_checked(locations: Locations) -> None:
    service = StudyService.open(locations, lambda: FIXED_NOW)
    service.import_bundled_if_new()
    (question,) = quiz.questions(service, MATERIAL, count=1, seed=3)
    quiz.answer(service, question, "zzz", seconds=2.0)
    assert service.quiz.unchecked(RULES_VERSION) == []
    assert quiz.retire_failing(service) == 0
    service.close()
