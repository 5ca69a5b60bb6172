"""The «Tổng quan» home screen's figures as of a day: what storage counts, summed up and ranked here.

Everything the screen shows counts what the «Hạn xử lý» list would show for the same filters
(every round of every unit, lead or coordinating, started by the day, not in the trash), so that a
click on a figure opens a list of exactly that many rows. The exception is the units that have not
reported, which follows the period report's rule (core.period_report): a unit that leads work of
the current reporting month and has recorded nothing on any of its work since the month began.

The periods of the year are the reporting months (or quarters) of the reporting year containing
the day, cut off on the 14th (core.periods): 2026 runs from 15/12/2025 to 14/12/2026.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from core.periods import Period, parse_period
from core.status import CUTOFF_DAY, DeadlineStatus, completion_rate
from core.vntext import sort_key

TOP_UNITS = 8  # bars in the chart of overdue work by unit
WEEK_ITEMS = 8  # lines of the list of work due this week


@dataclass(frozen=True, slots=True)
class UnitCount:
    unit_id: int
    unit_name: str
    count: int


@dataclass(frozen=True, slots=True)
class UnitRef:
    unit_id: int
    unit_name: str


@dataclass(frozen=True, slots=True)
class OverdueByUnit:
    """The units with most overdue work, most first, and what the others have between them."""

    top: tuple[UnitCount, ...]
    other_units: int = 0
    other_count: int = 0

    @property
    def total(self) -> int:
        return sum(unit.count for unit in self.top) + self.other_count


@dataclass(frozen=True, slots=True)
class DueItem:
    """A task with work not yet done falling due on one day of the week, and who owes it."""

    task_id: int
    occurrence_id: int  # the first of those rounds: the one the task form opens on
    plan_reference: str
    task_path: str
    task_content: str
    due_on: date
    unit_names: tuple[str, ...]
    status: DeadlineStatus  # of those rounds: work not done, so the day alone decides it


@dataclass(frozen=True, slots=True)
class DueThisWeek:
    start: date  # Monday
    end: date  # Sunday
    items: tuple[DueItem, ...]
    total_tasks: int  # tasks with work due in the week, the listed ones included
    total_rounds: int  # rounds of work not done due in the week


@dataclass(frozen=True, slots=True)
class DayFigures:
    """What fell due on one day: rounds done on time, done late, and not done (all as of the day)."""

    due_on: date
    done_on_time: int = 0
    done_late: int = 0
    not_done: int = 0


@dataclass(frozen=True, slots=True)
class PeriodCompletion:
    """The rounds due in a period and how they stand as of the day.

    `overdue` are the rounds not done whose day has passed; `pending` those not done yet due.
    """

    period: Period
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    pending: int = 0

    @property
    def due(self) -> int:
        return self.done_on_time + self.done_late + self.overdue + self.pending

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def rate(self) -> float | None:
        """done ÷ (done + overdue), the Government Office's rate; None when nothing has fallen due."""
        return completion_rate(
            {
                DeadlineStatus.DONE_ON_TIME: self.done_on_time,
                DeadlineStatus.DONE_LATE: self.done_late,
                DeadlineStatus.OVERDUE: self.overdue,
            }
        )


@dataclass(frozen=True, slots=True)
class Overview:
    as_of: date
    counts: dict[DeadlineStatus, int]
    overdue_by_unit: OverdueByUnit
    due_this_week: DueThisWeek
    periods: tuple[PeriodCompletion, ...]
    report_period: Period  # the reporting month the silent units are counted for
    not_reported: tuple[UnitRef, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def reporting_year(day: date) -> int:
    """The reporting year containing `day`: from the 15th of December it is the next one."""
    return day.year + 1 if (day.month, day.day) > (12, CUTOFF_DAY) else day.year


def year_periods(day: date, kind: str = "month") -> tuple[Period, ...]:
    """The reporting months (or quarters) of the reporting year containing `day`, in order."""
    year = reporting_year(day)
    if kind == "month":
        return tuple(parse_period(f"{year}-{month:02d}") for month in range(1, 13))
    if kind == "quarter":
        return tuple(parse_period(f"{year}-Q{quarter}") for quarter in range(1, 5))
    raise ValueError(f"Loại kỳ không hợp lệ: «{kind}» (chỉ theo tháng hoặc theo quý)")


def reporting_month(day: date) -> Period:
    """The reporting month containing `day` (the one from the 15th of last month to the 14th)."""
    return next(period for period in year_periods(day) if period.start <= day <= period.end)


def completion_by_period(
    periods: Sequence[Period], days: Iterable[DayFigures], as_of: date
) -> tuple[PeriodCompletion, ...]:
    """Sum per-day figures into `periods`; work not done is overdue once its day is before `as_of`.

    Days outside every period are left out.
    """
    sums = {period.code: [0, 0, 0, 0] for period in periods}
    for day in days:
        period = next((p for p in periods if p.start <= day.due_on <= p.end), None)
        if period is None:
            continue
        figures = sums[period.code]
        figures[0] += day.done_on_time
        figures[1] += day.done_late
        figures[2 if day.due_on < as_of else 3] += day.not_done
    return tuple(PeriodCompletion(period, *sums[period.code]) for period in periods)


@lru_cache(maxsize=4096)
def _name_key(name: str) -> object:
    # Unit names are few and come back on every reload; their Vietnamese sort key is not cheap.
    return sort_key(name)


def rank_overdue(counts: Iterable[UnitCount], top: int = TOP_UNITS) -> OverdueByUnit:
    """The `top` units with most overdue work (ties in Vietnamese name order), the rest summed."""
    by_count = sorted((c for c in counts if c.count > 0), key=lambda c: -c.count)
    # Names decide only among the units tied with the last one shown.
    cut = by_count[top - 1].count if len(by_count) >= top else 0
    leaders = sorted(
        (c for c in by_count if c.count >= cut), key=lambda c: (-c.count, _name_key(c.unit_name), c.unit_id)
    )
    ranked = leaders + [c for c in by_count if c.count < cut]
    rest = ranked[top:]
    return OverdueByUnit(tuple(ranked[:top]), len(rest), sum(c.count for c in rest))


def silent_units(active: Mapping[int, str], reported: Iterable[int]) -> tuple[UnitRef, ...]:
    """The units leading work of the period (id → name) that recorded nothing in it, by name."""
    done = set(reported)
    silent = [UnitRef(unit_id, name) for unit_id, name in active.items() if unit_id not in done]
    return tuple(sorted(silent, key=lambda u: (_name_key(u.unit_name), u.unit_id)))
