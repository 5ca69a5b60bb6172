"""Deadline status taxonomy, completion rate and reporting periods (official-layout.md)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.status import (
    DEFAULT_WARN_DAYS,
    DeadlineStatus,
    completion_rate,
    deadline_status,
    reporting_period,
)

S = DeadlineStatus
T = date(2025, 6, 16)  # the as-of date of the table below


@pytest.mark.parametrize(
    ("due", "done", "completed_on", "expected"),
    [
        # not done
        (None, False, None, S.NO_DEADLINE),
        (T, False, None, S.DUE_SOON),  # due today is not yet overdue
        (T - timedelta(days=1), False, None, S.OVERDUE),  # due yesterday
        (T + timedelta(days=DEFAULT_WARN_DAYS), False, None, S.DUE_SOON),
        (T + timedelta(days=DEFAULT_WARN_DAYS + 1), False, None, S.IN_PROGRESS),
        (date(2026, 1, 1), False, None, S.IN_PROGRESS),
        # done
        (T, True, T, S.DONE_ON_TIME),  # done on the due date
        (T - timedelta(days=1), True, T, S.DONE_LATE),  # done the day after the due date
        (T + timedelta(days=3), True, T - timedelta(days=10), S.DONE_ON_TIME),
        (None, True, T - timedelta(days=1), S.DONE_ON_TIME),
        (T - timedelta(days=30), True, None, S.DONE_ON_TIME),  # no completion date recorded
        (None, True, None, S.DONE_ON_TIME),
        # completed after the as-of date: not done yet as of T
        (T - timedelta(days=1), True, T + timedelta(days=1), S.OVERDUE),
        (T + timedelta(days=2), True, T + timedelta(days=1), S.DUE_SOON),
        (T + timedelta(days=30), True, T + timedelta(days=1), S.IN_PROGRESS),
        (None, True, T + timedelta(days=1), S.NO_DEADLINE),
    ],
)
def test_deadline_status_follows_the_official_rule(due, done, completed_on, expected):
    assert deadline_status(due, done, completed_on, T) is expected


@pytest.mark.parametrize(
    ("days_left", "warn_days", "expected"),
    [
        (0, 0, S.DUE_SOON),
        (1, 0, S.IN_PROGRESS),
        (3, 3, S.DUE_SOON),
        (4, 3, S.IN_PROGRESS),
        (0, -1, S.IN_PROGRESS),  # a negative window turns the warning off
        (-1, 30, S.OVERDUE),
    ],
)
def test_warn_days_sets_the_due_soon_window(days_left, warn_days, expected):
    assert deadline_status(T + timedelta(days=days_left), False, None, T, warn_days) is expected


def test_completion_on_the_as_of_date_counts_as_done():
    assert deadline_status(T - timedelta(days=2), True, T, T) is S.DONE_LATE


@given(
    due=st.none() | st.dates(),
    done=st.booleans(),
    completed_on=st.none() | st.dates(),
    as_of=st.dates(),
    warn_days=st.integers(-3, 60),
)
def test_only_items_without_deadline_have_no_deadline_status(due, done, completed_on, as_of, warn_days):
    status = deadline_status(due, done, completed_on, as_of, warn_days)
    if due is None:
        assert status in (S.NO_DEADLINE, S.DONE_ON_TIME)
    else:
        assert status is not S.NO_DEADLINE
    if status is S.OVERDUE:
        assert as_of > due


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (S.DONE_ON_TIME, "Hoàn thành đúng hạn"),
        (S.DONE_LATE, "Hoàn thành quá hạn"),
        (S.IN_PROGRESS, "Đang thực hiện trong hạn"),
        (S.DUE_SOON, "Sắp đến hạn"),
        (S.OVERDUE, "Quá hạn"),
        (S.NO_DEADLINE, "Không thời hạn"),
    ],
)
def test_status_labels_are_the_official_vietnamese_names(status, label):
    assert status.label == label


def test_status_values_are_stable_strings_for_storage():
    assert [s.value for s in S] == [
        "done_on_time", "done_late", "in_progress", "due_soon", "overdue", "no_deadline"
    ]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({S.DONE_ON_TIME: 3, S.DONE_LATE: 1, S.OVERDUE: 4}, 0.5),
        ({S.DONE_ON_TIME: 2}, 1.0),
        ({S.OVERDUE: 5, S.IN_PROGRESS: 9}, 0.0),
        ({S.DONE_LATE: 1, S.OVERDUE: 3, S.IN_PROGRESS: 10, S.DUE_SOON: 2, S.NO_DEADLINE: 7}, 0.25),
        ({}, None),
        ({S.IN_PROGRESS: 4, S.NO_DEADLINE: 2, S.DUE_SOON: 1}, None),
        ({S.DONE_ON_TIME: 0, S.OVERDUE: 0}, None),
    ],
)
def test_completion_rate_is_done_over_done_plus_overdue(counts, expected):
    assert completion_rate(counts) == expected


@pytest.mark.parametrize(
    ("kind", "year", "index", "expected"),
    [
        ("month", 2025, 1, (date(2024, 12, 15), date(2025, 1, 14))),
        ("month", 2025, 3, (date(2025, 2, 15), date(2025, 3, 14))),
        ("month", 2025, 12, (date(2025, 11, 15), date(2025, 12, 14))),
        ("quarter", 2025, 1, (date(2024, 12, 15), date(2025, 3, 14))),
        ("quarter", 2025, 2, (date(2025, 3, 15), date(2025, 6, 14))),
        ("quarter", 2025, 4, (date(2025, 9, 15), date(2025, 12, 14))),
        ("half", 2025, 1, (date(2024, 12, 15), date(2025, 6, 14))),
        ("half", 2025, 2, (date(2025, 6, 15), date(2025, 12, 14))),
        ("year", 2025, 1, (date(2024, 12, 15), date(2025, 12, 14))),
    ],
)
def test_reporting_periods_cut_off_on_the_14th(kind, year, index, expected):
    assert reporting_period(kind, year, index) == expected


@pytest.mark.parametrize("kind", ["month", "quarter", "half"])
def test_reporting_periods_of_a_year_follow_each_other_without_gaps(kind):
    count = {"month": 12, "quarter": 4, "half": 2}[kind]
    periods = [reporting_period(kind, 2025, i) for i in range(1, count + 1)]
    assert periods[0][0] == reporting_period("year", 2025)[0]
    assert periods[-1][1] == reporting_period("year", 2025)[1]
    for (_, end), (start, _) in zip(periods, periods[1:], strict=False):
        assert start == end + timedelta(days=1)


@pytest.mark.parametrize(
    ("kind", "index", "message"),
    [
        ("week", 1, "Loại kỳ báo cáo không hợp lệ"),
        ("month", 13, "Kỳ báo cáo số 13 không hợp lệ"),
        ("quarter", 0, "Kỳ báo cáo số 0 không hợp lệ"),
        ("half", 3, "Kỳ báo cáo số 3"),
        ("year", 2, "Kỳ báo cáo số 2"),
    ],
)
def test_reporting_period_rejects_unknown_kinds_and_indexes(kind, index, message):
    with pytest.raises(ValueError, match=message):
        reporting_period(kind, 2025, index)
