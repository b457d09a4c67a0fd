"""Plan files: the TOML format, both plan styles, and clear errors with line numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from studyapp.core.planfile import PlanFileError, PlanItem, PlanSpec, load_plan, parse_plan

SAMPLE = Path(__file__).parent.parent / "materials" / "sample-plan.toml"

SEQUENCE = """\
name = "Evening reading"
start = 2026-03-02
minutes_per_day = 25

[[items]]
material = "deep-work"

[[items]]
material = "deep-work"
section = "chapter-2"
required = false
"""


def test_the_bundled_sample_plan_parses() -> None:
    plan = load_plan(SAMPLE)
    assert plan.name == "秋季读书计划"
    assert plan.start == dt.date(2026, 12, 1)
    assert plan.style == "due"
    assert (plan.finish_by, plan.minutes_per_day) == (None, None)
    assert [item.material for item in plan.items] == [
        "study-campaign-guide",
        "reading-and-notes",
        "deliberate-reading",
        "bilingual-glossary-notes",
        "plain-text-handout",
    ]
    assert [item.due for item in plan.items] == [
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 14),
        dt.date(2026, 12, 21),
        dt.date(2026, 12, 24),
        dt.date(2026, 12, 28),
    ]
    assert [item.required for item in plan.items] == [True, True, False, False, False]
    assert plan.items[0].line == 5


def test_the_sample_plan_materials_are_bundled() -> None:
    bundled = {path.stem for path in SAMPLE.parent.iterdir() if path.suffix in (".md", ".txt")}
    assert {item.material for item in load_plan(SAMPLE).items} <= bundled


def test_a_paced_sequence() -> None:
    plan = parse_plan(SEQUENCE)
    assert plan == PlanSpec(
        "Evening reading",
        dt.date(2026, 3, 2),
        None,
        25.0,
        (PlanItem("deep-work"), PlanItem("deep-work", "chapter-2", None, False)),
    )
    assert plan.style == "pace"
    assert isinstance(plan.minutes_per_day, float)
    assert [item.line for item in plan.items] == [5, 8]


def test_a_sequence_with_a_deadline_and_string_dates() -> None:
    text = 'name = "n"\nstart = "2026-03-02"\nfinish_by = "2026-03-31"\n[[items]]\nmaterial = "a"\n'
    plan = parse_plan(text)
    assert (plan.start, plan.finish_by, plan.style) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 31),
        "deadline",
    )
    assert plan.items == (PlanItem("a"),)
    assert plan.items[0].required is None  # the material's own flag applies


def test_inline_item_tables_and_a_plan_without_start() -> None:
    items = '[{material = "a", due = 2026-05-01}, {material = "b", due = 2026-05-01}]'
    text = f'name = "n"\nitems = {items}'
    plan = parse_plan(text)
    assert plan.start is None
    assert [i.due for i in plan.items] == [dt.date(2026, 5, 1)] * 2


def test_load_plan_accepts_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SEQUENCE.encode())
    assert load_plan(path).name == "Evening reading"


def test_load_plan_errors(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="cannot read"):
        load_plan(tmp_path / "missing.toml")
    path = tmp_path / "gbk.toml"
    path.write_bytes('name = "计划"'.encode("gbk"))
    with pytest.raises(PlanFileError, match="not UTF-8"):
        load_plan(path)


def _error(text: str) -> PlanFileError:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(text)
    return caught.value


BASE = 'name = "n"\nstart = 2026-03-02\nminutes_per_day = 30\n'


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('name = "n"\nstart = 2026-03-02\nminutes_per_day = \n', "not valid TOML", 3),
        ('start = 2026-03-02\n[[items]]\nmaterial = "a"\n', "name: a non-empty string", None),
        ('name = "  "\n[[items]]\nmaterial = "a"\n', "name: a non-empty string", 1),
        ('name = "n"\nstart = 2026-03-02\n', "nothing to read", None),
        ("name = 'n'\nitems = []\n", "nothing to read", 2),
        ("name = 'n'\nitems = [1, 2]\n", "expected [[items]] tables", 2),
        ('name = "n"\ntitle = "x"\n[[items]]\nmaterial = "a"\n', "unknown key 'title'", 2),
        (BASE + '[[items]]\nmaterial = "a"\npages = 3\n', "items[1]: unknown key 'pages'", 6),
        (
            BASE + '[[items]]\nmaterial = "a"\n\n[[items]]\nsection = "s"\n',
            "items[2]: 'material'",
            7,
        ),
        (BASE + "[[items]]\nmaterial = 42\n", "items[1]: 'material'", 5),
        (BASE + '[[items]]\nsection = "s"\n[[items]]\nmaterial = "b"\n', "items[1]: 'mat", 4),
        (BASE + '[[items]]\nmaterial = "a"\nsection = ""\n', "items[1].section", 6),
        (BASE + '[[items]]\nmaterial = "a"\nrequired = "yes"\n', "items[1].required", 6),
        (
            BASE + '[[items]]\nmaterial = "a"\n[[items]]\nmaterial = "a"\n',
            "items[2]: a is already listed as items[1]",
            6,
        ),
        ('name = "n"\nstart = "2026-13-01"\n', "start: '2026-13-01' is not a date", 2),
        ('name = "n"\nstart = "next monday"\n', "start: 'next monday' is not a date", 2),
        ('name = "n"\nstart = 2026-03-02T09:00:00\n', "not a date-time", 2),
        ('name = "n"\nstart = 20260302\n', "start: expected a date", 2),
        ('name = "n"\nminutes_per_day = true\n', "minutes_per_day: expected a number", 2),
        ('name = "n"\nminutes_per_day = -5\n', "minutes_per_day: -5 is not between", 2),
        ('name = "n"\nminutes_per_day = 2000\n', "not between 0 and 1440", 2),
    ],
)
def test_field_errors_name_the_field_and_line(text: str, message: str, line: int | None) -> None:
    error = _error(text)
    assert message in str(error)
    assert error.line == line
    if line is not None:
        assert str(error).startswith(f"line {line}: ")


DUE_ITEMS = '[[items]]\nmaterial = "a"\ndue = 2026-03-10\n\n[[items]]\nmaterial = "b"\n'


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('name = "n"\nstart = 2026-03-02\n' + DUE_ITEMS, "either every item has a 'due'", 7),
        (
            'name = "n"\nstart = 2026-03-20\n[[items]]\nmaterial = "a"\ndue = 2026-03-10\n',
            "items[1].due: 2026-03-10 is before start 2026-03-20",
            5,
        ),
        (
            'name = "n"\n[[items]]\nmaterial = "a"\ndue = 2026-03-10\n'
            '[[items]]\nmaterial = "b"\ndue = 2026-03-09\n',
            "items[2].due: 2026-03-09 is before the previous item's due date 2026-03-10",
            7,
        ),
        (
            'name = "n"\nminutes_per_day = 20\n[[items]]\nmaterial = "a"\ndue = 2026-03-10\n',
            "minutes_per_day: not allowed when the items have 'due' dates",
            2,
        ),
        (
            'name = "n"\nfinish_by = 2026-04-01\n[[items]]\nmaterial = "a"\ndue = 2026-03-10\n',
            "finish_by: not allowed",
            2,
        ),
        ('name = "n"\nminutes_per_day = 20\n[[items]]\nmaterial = "a"\n', "start: required", None),
        (
            'name = "n"\nstart = 2026-03-02\n[[items]]\nmaterial = "a"\n',
            "either minutes_per_day (a daily pace) or finish_by (a last day), not neither",
            None,
        ),
        (
            'name = "n"\nstart = 2026-03-02\nminutes_per_day = 20\nfinish_by = 2026-04-01\n'
            '[[items]]\nmaterial = "a"\n',
            "not both",
            3,
        ),
        (
            'name = "n"\nstart = 2026-03-02\nfinish_by = 2026-03-01\n[[items]]\nmaterial = "a"\n',
            "finish_by: 2026-03-01 is before start 2026-03-02",
            3,
        ),
    ],
)
def test_style_errors(text: str, message: str, line: int | None) -> None:
    error = _error(text)
    assert message in error.message
    assert error.line == line


def test_plan_file_error_is_a_value_error() -> None:
    error = PlanFileError("bad", 3)
    assert isinstance(error, ValueError)
    assert (str(error), error.message, error.line) == ("line 3: bad", "bad", 3)
    assert str(PlanFileError("bad")) == "bad"


def test_values_are_trimmed_and_due_dates_may_repeat() -> None:
    text = (
        'name = " 计划 "\nstart = 2026-03-02\n'
        '[[items]]\nmaterial = " a "\nsection = " s "\ndue = "2026-03-02"\n'
        '[[items]]\nmaterial = "b"\ndue = 2026-03-02\n'
    )
    plan = parse_plan(text)
    assert plan.name == "计划"
    assert plan.items[0] == PlanItem("a", "s", dt.date(2026, 3, 2), None)
    assert plan.items[0].due == plan.items[1].due == plan.start
