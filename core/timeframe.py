"""What plans write in the "Thời gian thực hiện" column, parsed into a kind and due dates.

`parse_timeframe` never raises and never drops the text: what it cannot read is kept as
UNKNOWN so the user is asked for a deadline. `occurrence_slots` turns a timeframe into the
rounds (occurrences) an assignment has within a plan period: one per year for a recurring
task, one otherwise.

Rule for dates written without a year ("Tháng 9", "Quý II", "Trước ngày 15/12",
"6 tháng đầu năm"): they repeat in every year of the plan, so they are RECURRING; in a plan
that spans one year this gives exactly that year's deadline.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.errors import UserError
from core.vntext import format_date, nfc, search_key


class TimeframeKind(StrEnum):
    ONGOING = "ongoing"
    ONE_OFF = "one_off"
    RECURRING = "recurring"
    PERIOD = "period"
    EXTERNAL = "external"
    UNKNOWN = "unknown"
    NONE = "none"  # nothing written


@dataclass(frozen=True, slots=True)
class Timeframe:
    text: str  # as written, NFC, never dropped
    kind: TimeframeKind
    due: date | None = None  # one-off deadline or end of a period
    start: date | None = None  # start of the window that ends at `due`; first year of a recurrence
    annual_due: tuple[int, int] | None = None  # (month, day) each year, for RECURRING

    @property
    def understood(self) -> bool:
        return self.kind is not TimeframeKind.UNKNOWN

    def describe(self) -> str:
        """How the application read the text, shown next to it: "→ hạn 31/12/2025"."""
        kind = self.kind
        if kind in (TimeframeKind.ONE_OFF, TimeframeKind.PERIOD) and self.due is not None:
            return f"→ hạn {format_date(self.due)}"
        if kind is TimeframeKind.RECURRING and self.annual_due is not None:
            month, day = self.annual_due
            since = f" từ {self.start.year}" if self.start is not None else ""
            return f"→ lặp hằng năm{since}, hạn {day:02d}/{month:02d}"
        return {
            TimeframeKind.ONGOING: "→ không thời hạn",
            TimeframeKind.EXTERNAL: "→ theo kế hoạch cấp trên",
            TimeframeKind.NONE: "→ chưa có thời hạn",
        }.get(kind, "→ chưa hiểu, cần nhập hạn")


@dataclass(frozen=True, slots=True)
class OccurrenceSlot:
    key: str  # "" for the only round, the year ("2025") for a recurring task
    starts_on: date | None
    due_on: date | None


# --- parsing -------------------------------------------------------------------------------
# Patterns run on the search key (lower case, no diacritics, đ → d), so "Hằng năm",
# "Hàng năm" and "HẰNG NĂM" are all "hang nam"; spaces around "-" and "/" are removed first.

_YEAR = r"(\d{4})"
_ANNUAL = r"(?:hang|moi|dinh ky hang) nam"
_QUARTER = r"quy (i{1,3}|iv|[1-4])"
_BY = (
    r"(?:(?:hoan thanh |xong |gui |nop )?(?:truoc|cham nhat(?: vao)?|han|han chot|han cuoi|xong truoc|den)"
    r"(?: ngay)?|ngay)"
)
_DMY = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_DM = r"(\d{1,2})[/.-](\d{1,2})"
_DMY_WORDS = r"(\d{1,2}) thang (\d{1,2}) nam (\d{4})"
_DM_WORDS = r"(\d{1,2}) thang (\d{1,2})"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Words that send the deadline to someone else's schedule: "Theo kế hoạch của cấp trên",
# "Khi có chỉ đạo", "Sau khi có hướng dẫn".
_EXTERNAL = re.compile(r"(?:theo|khi co|khi duoc|sau khi) .+")
# Work that repeats more often than yearly has no single deadline; it is reported each period.
_ONGOING = re.compile(
    r"(?:thuong xuyen|lien tuc|hang (?:ngay|tuan|thang|quy)|dinh ky(?: hang (?:thang|quy)| 6 thang)?"
    r"|truoc ngay \d{1,2} hang thang)"
    r"(?:[ ,;-]+(?:thuong xuyen|lien tuc|hang (?:ngay|tuan|thang|quy)))*"
)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter(token: str) -> int:
    return _ROMAN.get(token) or int(token)


def _matching_key(text: str) -> str:
    key = search_key(text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-"))
    key = re.sub(r"\s*([-/])\s*", r"\1", key)
    key = key.strip(" .;,:!")
    if key.startswith("(") and key.endswith(")"):
        key = key[1:-1].strip(" .;,:!")
    # "Hoàn thành trong năm 2025", "Thực hiện thường xuyên", "Trong quý II" say nothing more
    # than the form without these words.
    for prefix in ("hoan thanh ", "thuc hien ", "trong "):
        key = key.removeprefix(prefix)
    return key


# Yearly deadlines are looked up in a leap year, so "Tháng 2 hằng năm" ends on 29/02;
# occurrence_slots clamps that to 28/02 in common years.
_ANY_YEAR = 2024


def _annual(month: int, day: int) -> tuple[int, int] | None:
    """(month, day) if it exists in some year (29/2 does; 31/4 does not)."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(_ANY_YEAR, month)[1]:
        return None
    return month, day


def _one_off(text: str, due: date | None, start: date | None = None) -> Timeframe:
    if due is None:
        return Timeframe(text, TimeframeKind.UNKNOWN)
    return Timeframe(text, TimeframeKind.ONE_OFF, due=due, start=start)


def _recurring(text: str, annual: tuple[int, int] | None, start: date | None = None) -> Timeframe:
    if annual is None:
        return Timeframe(text, TimeframeKind.UNKNOWN)
    return Timeframe(text, TimeframeKind.RECURRING, start=start, annual_due=annual)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_timeframe(text: str | None) -> Timeframe:
    """Read a timeframe as written in a plan; never raises, keeps the text (NFC) verbatim.

    Understood: "Thường xuyên" · "Hằng năm"/"Hàng năm" · "Năm 2025" · "Giai đoạn 2025-2030",
    "2025 - 2030", "Từ năm 2025 đến năm 2030" · "Năm học 2024-2025" (01/09/2024–31/05/2025) ·
    "Quý II/2025", "Quý 2 năm 2025", "Quý I hằng năm" · "6 tháng đầu/cuối năm 2025" ·
    "Tháng 9/2025", "Tháng 9 năm 2025", "Tháng 9 hằng năm" · "Trước (ngày) 30/6/2025",
    "Chậm nhất ngày 30/6/2025", a bare date · "Trước ngày 15/12 hằng năm" · "Đến năm 2030" ·
    "Từ năm 2025", "Năm 2025 và các năm tiếp theo" (yearly from 2025) · "Theo kế hoạch …",
    "Theo chỉ đạo …", "Khi có yêu cầu" (EXTERNAL) · "Chậm nhất vào ngày 31/12/2020",
    "Hoàn thành trước 15/11/2020" · "Học kỳ I" (yearly on 15/01), "Học kỳ II" (yearly on 31/05),
    "Học kỳ I năm học 2025-2026" (15/01/2026) · "Từ tháng 4 đến tháng 12 năm 2020" (a period) ·
    "Định kỳ 6 tháng", "Trước ngày 20 hằng tháng" (ONGOING: reported every period, no single
    deadline, as "Định kỳ hằng quý"). Year-less dates recur (see module docstring).
    """
    original = nfc(text or "")
    key = _matching_key(original)
    if not key:
        return Timeframe(original, TimeframeKind.NONE)
    try:
        return _parse(original, key)
    except (ValueError, OverflowError):
        # Out-of-range numbers that slipped past the patterns (year 0, month 13): not understood.
        return Timeframe(original, TimeframeKind.UNKNOWN)


def _parse(text: str, key: str) -> Timeframe:
    def full(pattern: str) -> re.Match[str] | None:
        return re.fullmatch(pattern, key)

    if _ONGOING.fullmatch(key):
        return Timeframe(text, TimeframeKind.ONGOING)
    if _EXTERNAL.fullmatch(key):
        return Timeframe(text, TimeframeKind.EXTERNAL)

    # Yearly.
    if full(rf"{_ANNUAL} hoc"):  # every school year, which ends on 31/05
        return _recurring(text, (5, 31))
    if full(_ANNUAL):
        return _recurring(text, (12, 31))
    if m := full(rf"(?:tu )?(?:nam )?{_YEAR}(?: va (?:cac|nhung) nam tiep theo| tro di| tro ve sau)"):
        return _recurring(text, (12, 31), start=date(int(m[1]), 1, 1))
    if m := full(rf"tu nam {_YEAR}"):
        return _recurring(text, (12, 31), start=date(int(m[1]), 1, 1))
    if m := full(rf"{_QUARTER}(?: {_ANNUAL})?"):
        last_month = _quarter(m[1]) * 3
        return _recurring(text, (last_month, _last_day(_ANY_YEAR, last_month).day))
    if m := full(rf"6 thang (dau|cuoi) nam(?: {_ANNUAL})?|6 thang (dau|cuoi) {_ANNUAL}"):
        return _recurring(text, (6, 30) if (m[1] or m[2]) == "dau" else (12, 31))
    if m := full(rf"thang (\d{{1,2}})(?: {_ANNUAL})?"):
        month = int(m[1])
        return _recurring(text, (month, _last_day(_ANY_YEAR, month).day) if 1 <= month <= 12 else None)
    if m := full(rf"(?:{_BY} )?(?:{_DM}|{_DM_WORDS})(?: {_ANNUAL})?"):
        day, month = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
        return _recurring(text, _annual(month, day))

    # Semesters: semester I ends in mid-January, semester II with the school year on 31/05.
    if m := full(r"hoc ky (i|ii|1|2)"):
        return _recurring(text, (1, 15) if m[1] in ("i", "1") else (5, 31))
    if m := full(rf"hoc ky (i|ii|1|2) nam hoc {_YEAR}-{_YEAR}"):
        first, last = int(m[2]), int(m[3])
        if last != first + 1:
            return Timeframe(text, TimeframeKind.UNKNOWN)
        if m[1] in ("i", "1"):
            return _one_off(text, date(last, 1, 15), start=date(first, 9, 1))
        return _one_off(text, date(last, 5, 31), start=date(last, 1, 16))
    if m := full(rf"tu thang (\d{{1,2}}) den (?:het )?thang (\d{{1,2}})(?:/| nam ){_YEAR}"):
        first, last, year = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= first <= last <= 12:
            return Timeframe(text, TimeframeKind.UNKNOWN)
        return Timeframe(text, TimeframeKind.PERIOD, due=_last_day(year, last), start=date(year, first, 1))

    # Periods of several years.
    if m := full(rf"(?:giai doan |thoi ky )?(?:tu )?(?:nam )?{_YEAR}(?:-| den (?:het )?(?:nam )?){_YEAR}"):
        first, last = int(m[1]), int(m[2])
        if last < first:
            return Timeframe(text, TimeframeKind.UNKNOWN)
        return Timeframe(text, TimeframeKind.PERIOD, due=date(last, 12, 31), start=date(first, 1, 1))
    if m := full(rf"(?:tu )?(?:ngay )?{_DMY}(?:-| den (?:het )?(?:ngay )?){_DMY}"):
        start = _date_or_none(int(m[3]), int(m[2]), int(m[1]))
        due = _date_or_none(int(m[6]), int(m[5]), int(m[4]))
        if start is None or due is None or due < start:
            return Timeframe(text, TimeframeKind.UNKNOWN)
        return Timeframe(text, TimeframeKind.PERIOD, due=due, start=start)

    # One deadline.
    if m := full(rf"(?:nam )?{_YEAR}"):
        year = int(m[1])
        return _one_off(text, date(year, 12, 31), start=date(year, 1, 1))
    if m := full(rf"(?:den|truoc) (?:het )?nam {_YEAR}"):
        year = int(m[1])
        if key.startswith("truoc nam"):  # "Trước năm 2026": by the end of 2025
            return _one_off(text, date(year - 1, 12, 31))
        return _one_off(text, date(year, 12, 31))  # a target, not a window: no start
    if m := full(rf"nam hoc {_YEAR}-{_YEAR}"):
        first, last = int(m[1]), int(m[2])
        if last != first + 1:
            return Timeframe(text, TimeframeKind.UNKNOWN)
        return _one_off(text, date(last, 5, 31), start=date(first, 9, 1))
    if m := full(rf"{_QUARTER}(?:/| nam |-| ){_YEAR}"):
        quarter, year = _quarter(m[1]), int(m[2])
        return _one_off(text, _last_day(year, quarter * 3), start=date(year, quarter * 3 - 2, 1))
    if m := full(rf"6 thang (dau|cuoi) nam {_YEAR}"):
        year = int(m[2])
        if m[1] == "dau":
            return _one_off(text, date(year, 6, 30), start=date(year, 1, 1))
        return _one_off(text, date(year, 12, 31), start=date(year, 7, 1))
    if m := full(rf"thang (\d{{1,2}})(?:/| nam |-){_YEAR}"):
        month, year = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            return Timeframe(text, TimeframeKind.UNKNOWN)
        return _one_off(text, _last_day(year, month), start=date(year, month, 1))
    if m := full(rf"(?:{_BY} )?(?:{_DMY}|{_DMY_WORDS})"):
        day, month, year = (int(m[1]), int(m[2]), int(m[3])) if m[1] else (int(m[4]), int(m[5]), int(m[6]))
        return _one_off(text, _date_or_none(year, month, day))

    return Timeframe(text, TimeframeKind.UNKNOWN)


# --- occurrences ---------------------------------------------------------------------------


def _clamped(year: int, month: int, day: int) -> date:
    """(month, day) in `year`, moved back to the month's last day when it has fewer (29/2)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrence_slots(
    tf: Timeframe, period_start: date, period_end: date, override: date | None = None
) -> list[OccurrenceSlot]:
    """The rounds an assignment with timeframe `tf` has within a plan period (inclusive).

    RECURRING: one slot per calendar year (key "2025", starting 01/01, due on that year's
    (month, day), clamped to the month's last day), for the years whose due date falls inside
    the period and not before `tf.start`'s year; if none does, one slot for the period's last
    year, so a recurring task is never lost. Everything else: one slot, key "", starting on
    `tf.start`, due on `tf.due` (None for ongoing, external, unknown and empty timeframes).
    `override`, an explicit deadline, replaces that due date; for a recurring task its
    (month, day) applies to every year.
    """
    if period_end < period_start:
        raise UserError(
            f"Thời gian của kế hoạch không hợp lệ: {format_date(period_start)} sau {format_date(period_end)}"
        )
    if tf.kind is not TimeframeKind.RECURRING or tf.annual_due is None:
        return [OccurrenceSlot("", tf.start, override if override is not None else tf.due)]
    month, day = (override.month, override.day) if override is not None else tf.annual_due
    first_year = max(period_start.year, tf.start.year) if tf.start is not None else period_start.year
    slots = [
        OccurrenceSlot(str(year), date(year, 1, 1), due)
        for year in range(first_year, period_end.year + 1)
        if period_start <= (due := _clamped(year, month, day)) <= period_end
    ]
    if not slots:
        year = period_end.year
        slots.append(OccurrenceSlot(str(year), date(year, 1, 1), _clamped(year, month, day)))
    return slots
