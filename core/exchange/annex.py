"""The annex table of a plan (Phụ lục) as a workbook: TT, Nội dung, Chủ trì, Phối hợp, Thời gian.

It looks like the annexes plans are sent with: "Phụ lục" and the annex title centred above the
table, "(Kèm theo Kế hoạch số … ngày … của …)" in italics, section rows (I, II …) in bold, Times
New Roman with borders and wrapped text, and print settings for A4 landscape. The column titles
are the ones core.importing's xlsx reader looks for, so an exported annex imports back as a plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from core.exchange.styles import (
    Styler,
    fit_row_heights,
    print_setup,
    put,
    save_workbook,
    set_widths,
    title_row,
)
from core.model import DOC_TYPES, Plan
from core.vntext import format_date_long, search_key

ANNEX_HEADERS = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện")
_WIDTHS = [6, 62, 24, 24, 14]


@dataclass(frozen=True, slots=True)
class AnnexRow:
    """One line of the annex: a section heading (I, II …) or a task with who does it and when."""

    tt: str
    content: str
    lead: str = ""
    support: str = ""
    time: str = ""
    is_section: bool = False


def attachment_line(plan: Plan) -> str:
    """'(Kèm theo Kế hoạch số 367/KH-UBND ngày 05 tháng 01 năm 2025 của UBND huyện Tam Đường)'."""
    kind = DOC_TYPES.get(plan.doc_type, "Kế hoạch")
    number = plan.number or "     "
    symbol = plan.symbol or f"{plan.doc_type}-…"
    dated = format_date_long(plan.issued_on, year=plan.issued_year, month=plan.issued_month)
    issuer = f" của {plan.issuer}" if plan.issuer else ""
    return f"(Kèm theo {kind} số {number}/{symbol} {dated}{issuer})"


def write_annex(
    plan: Plan,
    rows: Sequence[AnnexRow],
    path: str | Path,
    *,
    title: str = "",
    margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15),
) -> Path:
    """Write the annex workbook to `path` and return it.

    `title` is the annex title (upper-cased); by default "Các nhiệm vụ, giải pháp triển khai thực
    hiện" followed by the plan's summary line.
    """
    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    styler = Styler(sheet)
    columns = len(ANNEX_HEADERS)
    heading = title or plan.title
    if not title and "nhiem vu" not in search_key(plan.title):
        heading = f"Các nhiệm vụ, giải pháp triển khai thực hiện {plan.title}".strip()
    title_row(sheet, styler, 1, "Phụ lục", columns)
    title_row(sheet, styler, 2, heading.upper(), columns, "subtitle", height=_lines(heading, 120) * 17)
    title_row(sheet, styler, 3, attachment_line(plan), columns, "note", height=18)
    header = 5
    for column, text in enumerate(ANNEX_HEADERS, start=1):
        put(sheet, styler, header, column, text, "header")
    for index, row in enumerate(rows, start=header + 1):
        if row.is_section:
            put(sheet, styler, index, 1, row.tt, "group_center")
            put(sheet, styler, index, 2, row.content, "group")
            for column in (3, 4, 5):
                put(sheet, styler, index, column, "", "group")
        else:
            put(sheet, styler, index, 1, row.tt, "center")
            put(sheet, styler, index, 2, row.content)
            put(sheet, styler, index, 3, row.lead)
            put(sheet, styler, index, 4, row.support)
            put(sheet, styler, index, 5, row.time, "center")
    set_widths(sheet, _WIDTHS)
    fit_row_heights(sheet, header, header + len(rows), range(1, 6))
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    print_setup(sheet, header, margins_mm=margins_mm)
    save_workbook(workbook, path)
    return path


def _lines(text: str, per_line: int) -> int:
    """How many lines a merged title needs (merged cells do not grow by themselves)."""
    return max(1, -(-len(text) // per_line))
