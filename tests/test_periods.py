"""Report periods named by codes: dates (the 14th cut-off, school years), labels, errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import parse_period

CASES = [
    ("2025-06", "month", date(2025, 5, 15), date(2025, 6, 14), "tháng 6 năm 2025"),
    ("2025-1", "month", date(2024, 12, 15), date(2025, 1, 14), "tháng 1 năm 2025"),
    ("2025-Q2", "quarter", date(2025, 3, 15), date(2025, 6, 14), "quý II năm 2025"),
    ("2025-q4", "quarter", date(2025, 9, 15), date(2025, 12, 14), "quý IV năm 2025"),
    ("2025-H1", "half", date(2024, 12, 15), date(2025, 6, 14), "6 tháng đầu năm 2025"),
    ("2025-H2", "half", date(2025, 6, 15), date(2025, 12, 14), "6 tháng cuối năm 2025"),
    ("2025-9M", "nine_months", date(2024, 12, 15), date(2025, 9, 14), "9 tháng năm 2025"),
    ("2025", "year", date(2024, 12, 15), date(2025, 12, 14), "năm 2025"),
    ("2025-2026-HK1", "semester", date(2025, 9, 1), date(2026, 1, 15), "học kỳ I năm học 2025-2026"),
    ("2025-2026-hk2", "semester", date(2026, 1, 16), date(2026, 5, 31), "học kỳ II năm học 2025-2026"),
    ("2025-2026", "school_year", date(2025, 9, 1), date(2026, 5, 31), "năm học 2025-2026"),
]


@pytest.mark.parametrize(("code", "kind", "start", "end", "label"), CASES)
def test_period_codes(code, kind, start, end, label):
    period = parse_period(code)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)
    assert parse_period(period.code) == period  # the normal code reads back the same


@pytest.mark.parametrize("code", ["2025-13", "2025-Q5", "2025-H3", "2025-2027", "năm nay", "", "25-06"])
def test_bad_codes_are_refused_naming_the_code_and_the_forms(code):
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_period(code)


@given(st.integers(min_value=2000, max_value=2100))
def test_the_months_quarters_and_halves_of_a_year_tile_it(year):
    whole = parse_period(str(year))
    for codes in ([f"{year}-{m:02d}" for m in range(1, 13)], [f"{year}-Q{q}" for q in range(1, 5)],
                  [f"{year}-H1", f"{year}-H2"]):  # fmt: skip
        periods = [parse_period(code) for code in codes]
        assert periods[0].start == whole.start and periods[-1].end == whole.end
        for before, after in zip(periods, periods[1:], strict=False):
            assert after.start == before.end + timedelta(days=1)
    semesters = [parse_period(f"{year}-{year + 1}-HK{n}") for n in (1, 2)]
    school_year = parse_period(f"{year}-{year + 1}")
    assert semesters[0].start == school_year.start and semesters[1].end == school_year.end
    assert semesters[1].start == semesters[0].end + timedelta(days=1)


@given(st.sampled_from([c[0] for c in CASES]))
def test_the_same_period_a_year_before_is_the_same_length_give_or_take_a_leap_day(code):
    period = parse_period(code)
    before = period.previous_year()
    assert before.kind == period.kind
    assert abs((period.end - period.start) - (before.end - before.start)) <= timedelta(days=1)
    assert before.start.year == period.start.year - 1


def test_a_period_can_move_its_cut_off_but_not_backwards():
    period = parse_period("2025-Q2").with_dates(date(2025, 4, 1), date(2025, 6, 30))
    assert (period.start, period.end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert period.label == "quý II năm 2025"
    with pytest.raises(ValueError, match="sau ngày kết thúc"):
        period.with_dates(date(2025, 7, 1), date(2025, 6, 30))
