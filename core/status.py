"""Deadline status as government task tracking counts it, completion rate and reporting periods.

The taxonomy and the 14th-of-the-month cut-off come from official-layout.md ("Task status").
storage/deadlines.py reproduces `deadline_status` in SQL; both must stay identical, so the rule
is spelled out exactly in the function's docstring.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from core.errors import UserError

DEFAULT_WARN_DAYS = 7

# Day of the month on which a reporting period closes; the next one opens the day after.
CUTOFF_DAY = 14


class DeadlineStatus(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in (DeadlineStatus.DONE_ON_TIME, DeadlineStatus.DONE_LATE)


_LABELS: dict[DeadlineStatus, str] = {
    DeadlineStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    DeadlineStatus.DONE_LATE: "Hoàn thành quá hạn",
    DeadlineStatus.IN_PROGRESS: "Đang thực hiện trong hạn",
    DeadlineStatus.DUE_SOON: "Sắp đến hạn",
    DeadlineStatus.OVERDUE: "Quá hạn",
    DeadlineStatus.NO_DEADLINE: "Không thời hạn",
}


# Most severe first: what needs attention before what is finished. A task's status, a plan's, and
# a source task rolled up from the tasks derived from it are each the worst status among its parts.
SEVERITY: tuple[DeadlineStatus, ...] = (
    DeadlineStatus.OVERDUE,
    DeadlineStatus.DUE_SOON,
    DeadlineStatus.IN_PROGRESS,
    DeadlineStatus.NO_DEADLINE,
    DeadlineStatus.DONE_LATE,
    DeadlineStatus.DONE_ON_TIME,
)


def worst_status(counts: Mapping[DeadlineStatus, int]) -> DeadlineStatus | None:
    """The most severe status with a non-zero count; None when nothing is counted.

    So all done on time gives DONE_ON_TIME, any overdue part makes the whole OVERDUE, and a part
    done late makes finished work DONE_LATE.
    """
    return next((status for status in SEVERITY if counts.get(status, 0) > 0), None)


def deadline_status(
    due: date | None,
    done: bool,
    completed_on: date | None,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> DeadlineStatus:
    """Status of one assignment occurrence with deadline `due`, evaluated as of `as_of`.

    The rule, in this order (storage reproduces it in SQL):

    1. The item counts as done only if ``done`` is true and ``completed_on`` is None or
       ``completed_on <= as_of`` (work finished after the as-of date was not yet done then).
    2. Done: DONE_ON_TIME if ``due`` is None or ``completed_on`` is None or
       ``completed_on <= due``; otherwise DONE_LATE.
    3. Not done and ``due`` is None: NO_DEADLINE (never overdue).
    4. Not done and ``as_of > due``: OVERDUE.
    5. Not done and ``0 <= (due - as_of).days <= warn_days``: DUE_SOON (so an item due today is
       DUE_SOON, also with ``warn_days == 0``; a negative ``warn_days`` disables DUE_SOON).
    6. Otherwise: IN_PROGRESS.
    """
    if done and (completed_on is None or completed_on <= as_of):
        if due is None or completed_on is None or completed_on <= due:
            return DeadlineStatus.DONE_ON_TIME
        return DeadlineStatus.DONE_LATE
    if due is None:
        return DeadlineStatus.NO_DEADLINE
    if as_of > due:
        return DeadlineStatus.OVERDUE
    if (due - as_of).days <= warn_days:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.IN_PROGRESS


def completion_rate(counts: Mapping[DeadlineStatus, int]) -> float | None:
    """done ÷ (done + overdue) as a fraction 0..1, done = on time + late; None when nothing counts.

    Items in progress, due soon or without a deadline are not in the denominator: the
    Government Office measures how many tasks that fell due were finished.
    """
    done = counts.get(DeadlineStatus.DONE_ON_TIME, 0) + counts.get(DeadlineStatus.DONE_LATE, 0)
    denominator = done + counts.get(DeadlineStatus.OVERDUE, 0)
    if denominator == 0:
        return None
    return done / denominator


_PERIOD_COUNTS = {"month": 12, "quarter": 4, "half": 2, "year": 1}


def reporting_period(kind: str, year: int, index: int = 1) -> tuple[date, date]:
    """First and last day (inclusive) of a reporting period that cuts off on the 14th.

    kind "month": month ``index`` runs from the 15th of the previous month to the 14th of it
    (month 1 of 2025 = 15/12/2024 – 14/01/2025). "quarter": the 15th of the month before the
    quarter to the 14th of its last month (quarter 2 = 15/03 – 14/06). "half": 1 = 15/12 of the
    previous year – 14/06, 2 = 15/06 – 14/12. "year" (index 1 only): 15/12 of the previous year –
    14/12. Raises ValueError for an unknown kind or an index out of range.
    """
    if kind not in _PERIOD_COUNTS:
        raise UserError(f'Loại kỳ báo cáo không hợp lệ: "{kind}" (tháng: month, quý: quarter, '
                         '6 tháng: half, năm: year)')
    count = _PERIOD_COUNTS[kind]
    if not 1 <= index <= count:
        raise UserError(f"Kỳ báo cáo số {index} không hợp lệ: chỉ từ 1 đến {count}")
    months = 12 // count
    last_month = index * months
    first_month = last_month - months  # the month before the period's first month; 0 = December
    if first_month == 0:
        start = date(year - 1, 12, CUTOFF_DAY + 1)
    else:
        start = date(year, first_month, CUTOFF_DAY + 1)
    return start, date(year, last_month, CUTOFF_DAY)
