"""Rotation of automatic backups: 7 daily, 5 weekly, 12 monthly; one backup a day at most."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.backup_rotation import RotationPolicy, backup_due, backups_to_keep


def _daily(first: datetime, days: int, hour: int = 8) -> list[datetime]:
    return [first.replace(hour=hour) + timedelta(days=offset) for offset in range(days)]


START = datetime(2026, 1, 5)  # a Monday, the first day of ISO week 2 of 2026


@pytest.mark.parametrize(
    ("moments", "expected_count", "must_keep"),
    [
        ([], 0, []),
        ([START], 1, [START]),
        # Two copies on one day: only the newer one is kept.
        ([START.replace(hour=8), START.replace(hour=17)], 1, [START.replace(hour=17)]),
        # A week of daily copies: all seven kept.
        (_daily(START, 7), 7, _daily(START, 7)),
        # Ten days (two weeks, one month): the last seven days hold the newest of each week and month.
        (_daily(START, 10), 7, _daily(START + timedelta(days=3), 7)),
        # A year, 5 Jan 2026 to 4 Jan 2027: 7 days (29 Dec-4 Jan, covering two weeks and two months),
        # 3 older weeks (27, 20, 13 Dec) and 10 older month ends (30 Nov back to 28 Feb).
        (_daily(START, 365), 7 + 3 + 10, [datetime(2026, 12, 13, 8), datetime(2026, 2, 28, 8)]),
    ],
)
def test_rotation_table(moments, expected_count, must_keep):
    kept = backups_to_keep(moments)
    assert len(kept) == expected_count
    assert set(must_keep) <= kept


def test_a_pc_left_off_for_months_keeps_its_last_days_of_copies():
    # Days are counted among the days that have a copy, not back from today.
    old = _daily(START, 6)
    kept = backups_to_keep(old + [START + timedelta(days=120)])
    assert set(old) <= kept


def test_monthly_copies_reach_back_twelve_months():
    moments = [datetime(2025, month, 15, 9) for month in range(1, 13)] + [datetime(2026, 1, 15, 9)]
    kept = backups_to_keep(moments)
    assert datetime(2025, 1, 15, 9) not in kept  # the 13th month back
    assert datetime(2025, 2, 15, 9) in kept


def test_a_smaller_policy_keeps_fewer():
    assert len(backups_to_keep(_daily(START, 30), RotationPolicy(daily=2, weekly=0, monthly=0))) == 2


@pytest.mark.parametrize(
    ("last", "now", "due"),
    [
        (None, datetime(2026, 3, 1, 8), True),
        (datetime(2026, 3, 1, 7), datetime(2026, 3, 1, 18), False),
        (datetime(2026, 2, 28, 23, 59), datetime(2026, 3, 1, 0, 1), True),
    ],
)
def test_one_backup_a_day_at_most(last, now, due):
    assert backup_due(last, now) is due


moments_strategy = st.lists(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)), max_size=300
)


@given(moments_strategy)
def test_kept_backups_are_bounded_include_the_newest_and_are_stable(moments):
    kept = backups_to_keep(moments)
    assert kept <= set(moments)
    assert len(kept) <= 7 + 5 + 12
    if moments:
        assert max(moments) in kept
    assert backups_to_keep(kept) == kept


@given(moments_strategy)
def test_each_of_the_seven_latest_days_with_a_copy_keeps_its_newest(moments):
    kept = backups_to_keep(moments)
    days = sorted({moment.date() for moment in moments}, reverse=True)[:7]
    for day in days:
        assert max(moment for moment in moments if moment.date() == day) in kept
