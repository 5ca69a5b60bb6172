"""The targets (chỉ tiêu) of a period's report: each with its figure up to the period, the same
period a year before, the share of the plan reached, and a verdict fair to its deadline
(`core.indicator_periods`).

A report of quý II/2025 prints the latest figure of a period that ended by the report's cut-off,
naming that period when it is not the report's own; figures of later periods never print, so
re-printing last period's report does not show this period's numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.indicator_periods import MET, NO_FIGURE, NOT_MET, ONGOING, deadline_end, read_period, verdict
from core.indicators import Actual, achievement_rate, is_met, target_text
from core.model import Indicator, IndicatorValue
from core.periods import Period
from core.reports.figures import actual_figure, actual_text
from core.vntext import clean

__all__ = [
    "MET", "NOT_MET", "ONGOING", "NO_FIGURE", "TargetRow", "deadline_end", "read_period", "target_row",
    "target_rows", "targets_from_snapshot", "verdict",
]  # fmt: skip

@dataclass(frozen=True, slots=True)
class TargetRow:
    """One line of the targets annex, as text except the share of the plan."""

    text: str
    measure: str  # đơn vị tính
    target: str  # "≥ 98%", "41/51 (80,39%)"
    deadline: str  # as written
    actual: str  # "98,5%", "96% (năm học 2024-2025)" when of another period than the report's
    last_year: str  # the figure of the same period a year before, "" when none was recorded
    rate: float | None  # of the plan: 1.0 = reached exactly
    verdict: str


def _period_end(value: IndicatorValue) -> date | None:
    period = read_period(value.period)
    if period is not None:
        return period.end
    # A period in words nobody can read: the day the figure was recorded stands in for its end.
    recorded = value.recorded_at
    return recorded.date() if isinstance(recorded, datetime) else None


def _figure_of(
    indicator: Indicator, values: Sequence[IndicatorValue], start: date | None, end: date
) -> tuple[Actual | None, str]:
    """The figure of the latest period ending in [start, end] and that period's text."""
    dated = [(stop, v) for v in values if (stop := _period_end(v)) is not None and stop <= end]
    dated = [(stop, v) for stop, v in dated if start is None or stop >= start]
    if not dated:
        return None, ""
    latest = max(stop for stop, _ in dated)
    chosen = [v for stop, v in dated if stop == latest]
    return actual_figure(indicator, chosen), chosen[0].period


def _period_words(text: str) -> str:
    period = read_period(text)
    return period.label if period is not None else clean(text)


def target_row(
    indicator: Indicator, values: Sequence[IndicatorValue], period: Period, plan_end: date | None = None
) -> TargetRow:
    """The annex line of one target for the report of `period`."""
    actual, of_period = _figure_of(indicator, values, None, period.end)
    shown = actual_text(indicator, actual)
    if shown and read_period(of_period) != period:
        shown = f"{shown} ({_period_words(of_period)})"
    before = period.previous_year()
    last_actual, _ = _figure_of(indicator, values, before.start, before.end)
    met = is_met(indicator, actual) if actual is not None else None
    return TargetRow(
        text=clean(indicator.text),
        measure=clean(indicator.measure),
        target=target_text(indicator),
        deadline=clean(indicator.deadline),
        actual=shown,
        last_year=actual_text(indicator, last_actual),
        rate=achievement_rate(indicator, actual) if actual is not None else None,
        verdict=verdict(met, deadline_end(indicator.deadline, plan_end), period.end),
    )


def target_rows(
    indicators: Sequence[Indicator],
    values: dict[int, Sequence[IndicatorValue]],
    period: Period,
    plan_end: date | None = None,
) -> list[TargetRow]:
    """The targets annex: one row per target, in the plan's order."""
    return [target_row(i, values.get(i.id, ()), period, plan_end) for i in indicators]


def targets_from_snapshot(text: str) -> list[TargetRow]:
    """The targets annex frozen in a report; none for a report saved before targets were kept."""
    from core.report_document import read_snapshot

    return [TargetRow(**row) for row in read_snapshot(text).get("targets", [])]
