"""When a target (chỉ tiêu) is due and which period a figure is of, read from what a clerk wrote,
and the verdict that is fair to the deadline.

Figures carry the period they were reported for as a clerk wrote it ("2025-Q2", "năm học
2024-2025", "6 tháng đầu năm 2025"); `read_period` understands the codes of `core.periods` and
those words. A target is judged against its deadline: one due in 2030 is "Đang thực hiện" in 2026
however far from the value it is, never "Chưa đạt"; "Chưa đạt" is for a target whose deadline has
passed. Every place that judges a target (the indicators screen, the reports, the spreadsheet
export) uses `verdict`.
"""

from __future__ import annotations

import re
from datetime import date

from core.periods import Period, parse_period
from core.vntext import clean, search_key

MET, NOT_MET, ONGOING, NO_FIGURE = "Đạt", "Chưa đạt", "Đang thực hiện", "Chưa có số liệu"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_NUMERAL = r"(iv|iii|ii|i|[1-4])"
_YEARS = r"(\d{4})\s*[-–/]\s*(\d{4})"
# Words a clerk writes for a period, read on the search key (no diacritics, lower case, đ = d).
_WORDED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (rf"hoc ky {_NUMERAL}\b.*?nam hoc {_YEARS}", "semester"),
        (rf"nam hoc {_YEARS}", "school_year"),
        (r"6 thang dau nam (\d{4})", "h1"),
        (r"6 thang cuoi nam (\d{4})", "h2"),
        (r"9 thang (?:dau )?nam (\d{4})", "nine"),
        (rf"quy {_NUMERAL}\b(?:\s*nam)?\s*[/ ]\s*(\d{{4}})", "quarter"),
        (r"thang (\d{1,2})\s*(?:nam|/|-)\s*(\d{4})", "month"),
        (r"^(?:nam\s+)?(\d{4})$", "year"),
    )
)
_LAST_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def read_period(text: str) -> Period | None:
    """The period a figure's period or a target's deadline names; None when it names none."""
    text = clean(text)
    if not text:
        return None
    try:
        return parse_period(text)
    except ValueError:
        pass
    key = search_key(text).strip(" .")
    for pattern, kind in _WORDED:
        match = pattern.search(key)
        if match is None:
            continue
        code = _code(kind, match.groups())
        try:
            return parse_period(code) if code else None
        except ValueError:
            return None
    return None


def _code(kind: str, groups: tuple[str, ...]) -> str:
    if kind == "semester":
        return f"{groups[1]}-{groups[2]}-HK{_ROMAN[groups[0]]}" if _ROMAN[groups[0]] <= 2 else ""
    if kind == "school_year":
        return f"{groups[0]}-{groups[1]}"
    if kind in ("h1", "h2"):
        return f"{groups[0]}-H{kind[1]}"
    if kind == "nine":
        return f"{groups[0]}-9M"
    if kind == "quarter":
        return f"{groups[1]}-Q{_ROMAN[groups[0]]}"
    if kind == "month":
        return f"{groups[1]}-{int(groups[0]):02d}"
    return groups[0]


def deadline_end(deadline: str, fallback: date | None = None) -> date | None:
    """The cut-off by which a target must be reached: its deadline's period end; for words no
    period reads ("giai đoạn 2021-2025", "đến năm 2030") the last year named; else `fallback`.

    Ends are reporting cut-offs (the year's is 14 December), so the report of the deadline's own
    period is the one that judges the target.
    """
    period = read_period(deadline)
    if period is None:
        years = _LAST_YEAR.findall(deadline or "")
        period = parse_period(years[-1]) if years else None
    return period.end if period is not None else fallback


def verdict(met: bool | None, deadline: date | None, cut_off: date) -> str:
    """'Đạt', 'Chưa đạt' (only once the deadline has passed by the cut-off), 'Đang thực hiện', or
    'Chưa có số liệu' when there is no figure (met None)."""
    if met is None:
        return NO_FIGURE
    if met:
        return MET
    return NOT_MET if deadline is not None and deadline <= cut_off else ONGOING
