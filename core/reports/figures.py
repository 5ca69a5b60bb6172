"""The figure a progress report prints for a target (chỉ tiêu), and whether it is met.

Figures carry their own period and are often entered after the fact (collected from spreadsheets),
so the latest recorded figure is the one printed, whatever the report's as-of date. The plan-wide
figure (reported for the whole plan) wins when there is one. Without it, the units' figures of the
most recent period are added up when they can be (counts out of totals, or values in a countable
measure); percentages reported by separate units cannot be added, so they give no figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from core.indicator_periods import deadline_end, verdict
from core.indicators import Actual, achievement_rate, is_met, target_text
from core.model import Indicator, IndicatorValue
from core.reports.data import IndicatorLine
from core.vntext import format_number


def _recorded(value: IndicatorValue) -> tuple[datetime, int]:
    return (value.recorded_at or datetime.min, value.id or 0)


def actual_figure(indicator: Indicator, values: Sequence[IndicatorValue]) -> Actual | None:
    known = list(values)
    if not known:
        return None
    whole = [v for v in known if v.unit_id is None]
    if whole:
        latest = max(whole, key=_recorded)
        return Actual(latest.value, latest.numerator, latest.denominator)
    period = max(known, key=_recorded).period
    latest_by_unit: dict[int | None, IndicatorValue] = {}
    for value in sorted((v for v in known if v.period == period), key=_recorded):
        latest_by_unit[value.unit_id] = value
    figures = list(latest_by_unit.values())
    if all(v.numerator is not None and v.denominator for v in figures):
        numerator = sum(v.numerator or 0 for v in figures)
        return Actual(numerator=numerator, denominator=sum(v.denominator or 0 for v in figures))
    if indicator.measure != "%" and all(v.value is not None for v in figures):
        return Actual(value=sum(v.value or 0.0 for v in figures))
    return None


def actual_text(indicator: Indicator, actual: Actual | None) -> str:
    """'41/51 (80,39%)', '98,5%', '9 trường'; '' without a figure."""
    if actual is None:
        return ""
    if actual.numerator is not None and actual.denominator:
        ratio = f"{actual.numerator}/{actual.denominator}"
        if indicator.measure == "%":
            return f"{ratio} ({format_number(actual.numerator * 100 / actual.denominator)}%)"
        return f"{ratio} {indicator.measure}".strip()
    if actual.value is None:
        return ""
    measure = "%" if indicator.measure == "%" else f" {indicator.measure}"
    return f"{format_number(actual.value)}{measure}"


def indicator_line(
    indicator: Indicator,
    values: Sequence[IndicatorValue],
    as_of: date | None = None,
    plan_end: date | None = None,
) -> IndicatorLine:
    """The target's line as of `as_of` (today when None); its verdict waits for its deadline, which
    is the plan's end (`plan_end`) when the target names none."""
    actual = actual_figure(indicator, values)
    met = is_met(indicator, actual) if actual is not None else None
    due = deadline_end(indicator.deadline, plan_end)
    return IndicatorLine(
        text=indicator.text,
        target=target_text(indicator),
        actual=actual_text(indicator, actual),
        rate=achievement_rate(indicator, actual) if actual is not None else None,
        met=met,
        verdict=verdict(met, due, as_of or date.today()),
    )
