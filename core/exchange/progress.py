"""The progress report workbook of a plan as of a date: summary, tasks and targets sheets.

- "Tổng hợp": counts by deadline status, the completion rate (done ÷ (done + overdue)) and a
  table per unit.
- "Nhiệm vụ": one row per lead unit and round of each task (sections as bold group rows), with the
  supporting units, the deadline, the status as of the date, the progress and the result.
- "Chỉ tiêu": each target with its planned figure, the actual one, the rate and whether it is met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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
from core.model import Plan
from core.status import DeadlineStatus, completion_rate
from core.vntext import format_date, format_number

TASK_HEADERS = (
    "TT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Năm",
    "Thời hạn",
    "Tình trạng",
    "Tiến độ (%)",
    "Kết quả thực hiện",
)
TARGET_HEADERS = ("TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "So với kế hoạch (%)", "Đánh giá", "Kỳ báo cáo")
UNIT_HEADERS = ("TT", "Đơn vị", "Tổng số", *(status.label for status in DeadlineStatus), "Tỷ lệ hoàn thành")


@dataclass(frozen=True, slots=True)
class ProgressTaskRow:
    """A section heading, or one lead unit's round of a task with its status as of the date."""

    tt: str
    content: str
    lead: str = ""
    support: str = ""
    year: str = ""
    due_on: date | None = None
    status: str = ""  # the deadline status label as of the date, or why there is none
    progress: int | None = None
    result: str = ""
    is_section: bool = False


@dataclass(frozen=True, slots=True)
class ProgressTargetRow:
    text: str
    target: str
    actual: str = ""
    rate: float | None = None  # actual ÷ target, 1.0 = exactly the target
    met: bool | None = None
    period: str = ""
    verdict: str = ""  # core.indicator_periods.verdict: waits for the target's deadline


@dataclass(frozen=True, slots=True)
class UnitCounts:
    unit_name: str
    counts: Mapping[DeadlineStatus, int]


@dataclass(frozen=True, slots=True)
class ProgressReport:
    plan: Plan
    as_of: date
    counts: Mapping[DeadlineStatus, int]
    units: Sequence[UnitCounts]
    tasks: Sequence[ProgressTaskRow]
    targets: Sequence[ProgressTargetRow]


def write_progress(
    report: ProgressReport, path: str | Path, *, margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15)
) -> Path:
    path = Path(path)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    styler = Styler(summary)
    sheets = {
        summary: _summary_sheet(summary, styler, report),
        (tasks := workbook.create_sheet("Nhiệm vụ")): _tasks_sheet(tasks, styler, report),
        (targets := workbook.create_sheet("Chỉ tiêu")): _targets_sheet(targets, styler, report),
    }
    for sheet, header in sheets.items():
        print_setup(sheet, header, margins_mm=margins_mm)
    save_workbook(workbook, path)
    return path


def plan_line(plan: Plan) -> str:
    """'Kế hoạch số 367/KH-UBND ngày 05/01/2025: <trích yếu>'."""
    reference = f" số {plan.reference}" if plan.reference else ""
    dated = f" ngày {format_date(plan.issued_on)}" if plan.issued_on else ""
    return f"Kế hoạch{reference}{dated}: {plan.title}"


def _title_block(sheet, styler: Styler, report: ProgressReport, heading: str, columns: int) -> int:
    title_row(sheet, styler, 1, heading, columns)
    line = plan_line(report.plan)
    title_row(sheet, styler, 2, line, columns, "subtitle", height=max(1, -(-len(line) // 110)) * 17)
    title_row(sheet, styler, 3, f"(Tính đến ngày {format_date(report.as_of)})", columns, "note")
    return 5


def _summary_sheet(sheet, styler: Styler, report: ProgressReport) -> int:
    """Fills the summary sheet; returns the row of the per-unit table's header (repeated on print)."""
    columns = len(UNIT_HEADERS)
    row = _title_block(sheet, styler, report, "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH", columns)
    total = sum(report.counts.values())
    put(sheet, styler, row, 1, "1. Số lượt nhiệm vụ theo tình trạng", "heading")
    row += 1
    for column, text in enumerate(("TT", "Tình trạng", "Số lượng", "Tỷ lệ"), start=1):
        put(sheet, styler, row, column, text, "header")
    for index, status in enumerate(DeadlineStatus, start=1):
        row += 1
        count = report.counts.get(status, 0)
        put(sheet, styler, row, 1, index, "center")
        put(sheet, styler, row, 2, status.label)
        put(sheet, styler, row, 3, count, "integer")
        put(sheet, styler, row, 4, count / total if total else None, "percent")
    row += 1
    put(sheet, styler, row, 1, "", "group")
    put(sheet, styler, row, 2, "Tổng cộng", "group")
    put(sheet, styler, row, 3, total, "group_center")
    put(sheet, styler, row, 4, 1 if total else None, "percent")
    row += 2
    rate = completion_rate(report.counts)
    rate_text = f"{format_number(rate * 100)}%" if rate is not None else "chưa có nhiệm vụ đến hạn"
    put(
        sheet, styler, row, 1, f"Tỷ lệ hoàn thành (hoàn thành ÷ (hoàn thành + quá hạn)): {rate_text}", "plain"
    )
    row += 2
    put(sheet, styler, row, 1, "2. Tình hình thực hiện theo đơn vị chủ trì", "heading")
    row += 1
    unit_header = row
    for column, text in enumerate(UNIT_HEADERS, start=1):
        put(sheet, styler, row, column, text, "header")
    for index, unit in enumerate(report.units, start=1):
        row += 1
        put(sheet, styler, row, 1, index, "center")
        put(sheet, styler, row, 2, unit.unit_name)
        put(sheet, styler, row, 3, sum(unit.counts.values()), "integer")
        for column, status in enumerate(DeadlineStatus, start=4):
            put(sheet, styler, row, column, unit.counts.get(status, 0), "integer")
        put(sheet, styler, row, columns, completion_rate(unit.counts), "percent")
    set_widths(sheet, [6, 40, 10, 13, 13, 13, 11, 10, 11, 13])
    fit_row_heights(sheet, unit_header, row, range(1, len(UNIT_HEADERS) + 1))
    return unit_header


def _tasks_sheet(sheet, styler: Styler, report: ProgressReport) -> int:
    columns = len(TASK_HEADERS)
    header = _title_block(sheet, styler, report, "TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ", columns)
    for column, text in enumerate(TASK_HEADERS, start=1):
        put(sheet, styler, header, column, text, "header")
    row = header
    for item in report.tasks:
        row += 1
        if item.is_section:
            put(sheet, styler, row, 1, item.tt, "group_center")
            put(sheet, styler, row, 2, item.content, "group")
            for column in range(3, columns + 1):
                put(sheet, styler, row, column, "", "group")
            continue
        put(sheet, styler, row, 1, item.tt, "center")
        put(sheet, styler, row, 2, item.content)
        put(sheet, styler, row, 3, item.lead)
        put(sheet, styler, row, 4, item.support)
        put(sheet, styler, row, 5, item.year, "center")
        put(sheet, styler, row, 6, item.due_on, "date")
        put(sheet, styler, row, 7, item.status, "center")
        put(sheet, styler, row, 8, item.progress, "integer")
        put(sheet, styler, row, 9, item.result)
    set_widths(sheet, [6, 46, 20, 20, 7, 11, 14, 9, 30])
    fit_row_heights(sheet, header, row, range(1, columns + 1))
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    sheet.auto_filter.ref = f"A{header}:I{max(row, header + 1)}"
    return header


def _targets_sheet(sheet, styler: Styler, report: ProgressReport) -> int:
    columns = len(TARGET_HEADERS)
    header = _title_block(sheet, styler, report, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", columns)
    for column, text in enumerate(TARGET_HEADERS, start=1):
        put(sheet, styler, header, column, text, "header")
    row = header
    for index, target in enumerate(report.targets, start=1):
        row += 1
        put(sheet, styler, row, 1, index, "center")
        put(sheet, styler, row, 2, target.text)
        put(sheet, styler, row, 3, target.target, "center")
        put(sheet, styler, row, 4, target.actual or "Chưa có số liệu", "center")
        put(sheet, styler, row, 5, target.rate, "percent")
        verdict = target.verdict or {True: "Đạt", False: "Chưa đạt", None: ""}[target.met]
        put(sheet, styler, row, 6, verdict, "center")
        put(sheet, styler, row, 7, target.period, "center")
    if not report.targets:
        row += 1
        put(sheet, styler, row, 1, "")
        put(sheet, styler, row, 2, "Kế hoạch chưa có chỉ tiêu nào.")
        for column in range(3, columns + 1):
            put(sheet, styler, row, column, "")
    set_widths(sheet, [6, 58, 16, 16, 11, 11, 14])
    fit_row_heights(sheet, header, row, range(1, columns + 1))
    return header
