"""Backup thinning: 7 daily, 4 weekly, 12 monthly, newest of each period kept."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.retention import Retention, backups_to_keep

RULE = Retention(daily=7, weekly=4, monthly=12)


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def test_a_year_of_daily_backups_thins_to_the_expected_set() -> None:
    days = _days(dt.date(2025, 11, 28), 365)  # up to 2026-11-27, a Friday
    keep = backups_to_keep(days, RULE)
    last_seven = set(_days(dt.date(2026, 11, 21), 7))
    sundays = {dt.date(2026, 11, 22), dt.date(2026, 11, 15), dt.date(2026, 11, 8)}
    month_ends = {dt.date(2026, m, 1) - dt.timedelta(days=1) for m in range(1, 12)}
    month_ends |= {dt.date(2025, 12, 31)}
    assert keep == last_seven | sundays | month_ends


def test_sparse_backups_keep_the_newest_of_each_period() -> None:
    days = [dt.date(2026, 1, 5), dt.date(2026, 1, 20), dt.date(2026, 3, 2), dt.date(2026, 3, 3)]
    keep = backups_to_keep(days, Retention(daily=1, weekly=1, monthly=2))
    assert keep == {dt.date(2026, 3, 3), dt.date(2026, 1, 20)}


def test_nothing_in_nothing_out() -> None:
    assert backups_to_keep([], RULE) == set()


@given(st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), max_size=400))
def test_thinning_is_bounded_keeps_the_newest_and_is_stable(days: list[dt.date]) -> None:
    keep = backups_to_keep(days, RULE)
    assert keep <= set(days)
    assert len(keep) <= RULE.daily + RULE.weekly + RULE.monthly
    if days:
        assert max(days) in keep
    assert backups_to_keep(keep, RULE) == keep  # thinning again deletes nothing more
