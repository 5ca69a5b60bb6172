"""Targets met or not: comparators, counts out of totals, rates."""

import pytest

from core.indicators import Actual, achievement_rate, is_met, target_text
from core.model import Indicator


def indicator(**fields) -> Indicator:
    return Indicator(plan_id=1, text="chỉ tiêu", **fields)


@pytest.mark.parametrize(
    "comparator, actual, expected",
    [
        (">=", 98, True),
        (">=", 97.99, False),
        (">", 99.7, False),
        (">", 99.71, True),
        ("=", 100, True),
        ("=", 99.5, False),
        ("<=", 2, True),
        ("<=", 2.01, False),
        ("<", 1.99, True),
        ("<", 2, False),
    ],
)
def test_comparators(comparator, actual, expected):
    target = 98 if comparator == ">=" else 99.7 if comparator == ">" else 100 if comparator == "=" else 2
    assert is_met(indicator(target_value=target, comparator=comparator), Actual(value=actual)) is expected


def test_a_count_target_compares_counts():
    schools = indicator(numerator=41, denominator=51, target_value=80.39, measure="trường")
    assert is_met(schools, Actual(numerator=41, denominator=51)) is True
    assert is_met(schools, Actual(numerator=40, denominator=51)) is False


def test_a_percentage_target_accepts_a_count_out_of_a_total():
    rate = indicator(target_value=80.39, measure="%")
    assert is_met(rate, Actual(numerator=41, denominator=51)) is True
    assert is_met(rate, Actual(numerator=40, denominator=51)) is False


def test_unknown_figures_are_neither_met_nor_missed():
    assert is_met(indicator(target_value=None), Actual(value=5)) is None
    assert is_met(indicator(target_value=5), Actual()) is None


def test_achievement_rate_is_one_at_the_target_for_both_directions():
    assert achievement_rate(indicator(target_value=80), Actual(value=60)) == pytest.approx(0.75)
    assert achievement_rate(indicator(target_value=2, comparator="<="), Actual(value=4)) == pytest.approx(0.5)


def test_target_text_as_a_clerk_writes_it():
    assert target_text(indicator(target_value=98, comparator=">=")) == "≥ 98%"
    assert target_text(indicator(numerator=41, denominator=51, target_value=80.39)) == "41/51 (80,39%)"
    assert target_text(indicator(target_value=9, comparator="=", measure="trường")) == "9 trường"
    assert target_text(indicator(target_value=99.7, comparator=">")) == "> 99,7%"


@pytest.mark.parametrize(("actual", "expected"), [(12, True), (13, True), (11.99, False)])
def test_a_figure_above_an_exact_target_meets_it(actual, expected):
    # "đạt 12 trường": reaching the figure is meeting it, passing it too.
    target = indicator(target_value=12, comparator="=", measure="trường")
    assert is_met(target, Actual(value=actual)) is expected
    assert achievement_rate(target, Actual(value=actual)) == pytest.approx(actual / 12)
