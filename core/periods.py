"""Report periods: the codes a user or a script names them by, their dates and their printed names.

Periodic reports close on the 14th (core.status.reporting_period: the month of June 2025 runs from
15/05 to 14/06); education also reports by semester and school year. A code names each period:

    2025-06        tháng 6 năm 2025               15/05/2025 – 14/06/2025
    2025-Q2        quý II năm 2025                15/03/2025 – 14/06/2025
    2025-H1        6 tháng đầu năm 2025           15/12/2024 – 14/06/2025
    2025-9M        9 tháng năm 2025               15/12/2024 – 14/09/2025
    2025           năm 2025                       15/12/2024 – 14/12/2025
    2025-2026-HK1  học kỳ I năm học 2025-2026     01/09/2025 – 15/01/2026
    2025-2026-HK2  học kỳ II năm học 2025-2026    16/01/2026 – 31/05/2026
    2025-2026      năm học 2025-2026              01/09/2025 – 31/05/2026

The dates are defaults: a report may move its cut-off (`Period.with_dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.errors import UserError
from core.status import CUTOFF_DAY, reporting_period

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# School-year defaults (the Ministry's yearly timetable moves them by days; a report can edit them).
SCHOOL_YEAR_START = (9, 1)
SEMESTER_ONE_END = (1, 15)
SCHOOL_YEAR_END = (5, 31)

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
_NINE = re.compile(r"^(\d{4})-9M$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_SCHOOL = re.compile(r"^(\d{4})-(\d{4})(?:-HK([12]))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Period:
    code: str  # "2025-Q2"
    kind: str  # "month", "quarter", "half", "nine_months", "year", "semester", "school_year"
    start: date
    end: date

    @property
    def label(self) -> str:
        """How the report's title names the period: "quý II năm 2025", "học kỳ I năm học 2025-2026"."""
        return period_label(self.code)

    def with_dates(self, start: date, end: date) -> Period:
        """The same period with its cut-off moved (ValueError when start comes after end)."""
        if start > end:
            raise UserError(
                f"Kỳ báo cáo không hợp lệ: ngày bắt đầu {start:%d/%m/%Y} sau ngày kết thúc {end:%d/%m/%Y}"
            )
        return replace(self, start=start, end=end)

    def previous_year(self) -> Period:
        """The same period a year earlier: what a report compares its figures with."""
        match = _SCHOOL.match(self.code)
        if match:
            first, second, semester = int(match[1]), int(match[2]), match[3]
            return parse_period(f"{first - 1}-{second - 1}" + (f"-HK{semester}" if semester else ""))
        return parse_period(str(int(self.code[:4]) - 1) + self.code[4:])


def _bad(code: str) -> ValueError:
    return UserError(
        f"Kỳ báo cáo «{code}» không hợp lệ: dùng 2025-06 (tháng), 2025-Q2 (quý), 2025-H1 (6 tháng),"
        " 2025-9M (9 tháng), 2025 (năm), 2025-2026-HK1 (học kỳ) hoặc 2025-2026 (năm học)"
    )


def parse_period(code: str) -> Period:
    """The period a code names (table in the module docstring); ValueError naming the code if none."""
    text = code.strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise _bad(code)
        start, end = reporting_period("month", year, month)
        return Period(f"{year}-{month:02d}", "month", start, end)
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        return Period(f"{year}-Q{quarter}", "quarter", *reporting_period("quarter", year, quarter))
    if match := _HALF.match(text):
        year, half = int(match[1]), int(match[2])
        return Period(f"{year}-H{half}", "half", *reporting_period("half", year, half))
    if match := _NINE.match(text):
        year = int(match[1])
        start, _ = reporting_period("year", year)
        return Period(f"{year}-9M", "nine_months", start, reporting_period("quarter", year, 3)[1])
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period(str(year), "year", *reporting_period("year", year))
    if match := _SCHOOL.match(text):
        first, second, semester = int(match[1]), int(match[2]), match[3]
        if second != first + 1:
            raise UserError(f"Năm học «{code}» không hợp lệ: hai năm phải liền nhau (VD: 2025-2026)")
        opening = date(first, *SCHOOL_YEAR_START)
        closing = date(second, *SCHOOL_YEAR_END)
        semester_end = date(second, *SEMESTER_ONE_END)
        if semester == "1":
            return Period(f"{first}-{second}-HK1", "semester", opening, semester_end)
        if semester == "2":
            second_start = date(second, SEMESTER_ONE_END[0], SEMESTER_ONE_END[1] + 1)
            return Period(f"{first}-{second}-HK2", "semester", second_start, closing)
        return Period(f"{first}-{second}", "school_year", opening, closing)
    raise _bad(code)


def period_label(code: str) -> str:
    text = code.strip()
    if match := _MONTH.match(text):
        return f"tháng {int(match[2])} năm {match[1]}"
    if match := _QUARTER.match(text):
        return f"quý {_ROMAN[int(match[2])]} năm {match[1]}"
    if match := _HALF.match(text):
        return f"6 tháng {'đầu' if match[2] == '1' else 'cuối'} năm {match[1]}"
    if match := _NINE.match(text):
        return f"9 tháng năm {match[1]}"
    if match := _YEAR.match(text):
        return f"năm {match[1]}"
    if match := _SCHOOL.match(text):
        school_year = f"năm học {match[1]}-{match[2]}"
        return f"học kỳ {_ROMAN[int(match[3])]} {school_year}" if match[3] else school_year
    raise _bad(code)


def coming_quarter(day: date) -> Period:
    """The quarter whose cut-off is next on `day`: after the 14th a month's work counts in the next
    month, so on 20/06/2025 it is quý III (15/06 – 14/09/2025). A new report is for it by default."""
    month = day.month + (1 if day.day > CUTOFF_DAY else 0)
    year = day.year + (1 if month > 12 else 0)
    month = (month - 1) % 12 + 1
    return parse_period(f"{year}-Q{(month - 1) // 3 + 1}")
