"""Printable PDF reports in the official layout of Nghị định 30/2020/NĐ-CP (official-layout.md).

The reports, one module each, all taking plain values (`core.reports.data`, gathered by
`storage.reports`) and returning PDF bytes:

- `plan.plan_pdf`: the plan itself with its annex table (landscape);
- `progress.progress_pdf`: Báo cáo kết quả thực hiện as of a date, task and target annexes;
- `deadline_list.deadline_list_pdf`: overdue and due-soon tasks, all plans or one, all units or one;
- `assignment_sheet.assignment_sheet_pdf`: Phiếu giao nhiệm vụ for one unit;
- `period.period_pdf`: the report of a period as saved (báo cáo kết quả, sơ kết, tổng kết, định kỳ),
  its sections, charts and annexes (`period_data.PeriodReportData`).

`render_pdf` picks the right one from the data it is given; `render_docx` writes the same report as
a Word document in the same layout (`core.reports.docx`). The building blocks: `fonts` (the
serif family, embedded), `styles` (sizes of every element), `layout` (A4 pages, margins, page
numbers, landscape annexes), `blocks` (header, title, signature, annex heading), `tables`,
`phrases` (Số, dateline, Nơi nhận, citations), `markup` (user text printed literally), `common` (what
the office's own reports share), `figures` (target figures), `raster` (pages as pixels for the
preview and printing).
"""

from __future__ import annotations

# Only the plain values here: importing the package must not load reportlab (storage.settings
# reads the margin ranges from it).
from core.reports.data import (
    AssignmentSheetData,
    DeadlineListData,
    PageCallback,
    PlanReportData,
    ProgressReportData,
    ReportOptions,
)
from core.reports.period_data import PeriodReportData

REPORT_KINDS: dict[str, str] = {
    "plan": "Kế hoạch (văn bản và phụ lục)",
    "progress": "Báo cáo kết quả thực hiện kế hoạch",
    "deadlines": "Danh sách nhiệm vụ quá hạn, sắp đến hạn",
    "assignment": "Phiếu giao nhiệm vụ cho đơn vị",
}

ReportData = PlanReportData | ProgressReportData | DeadlineListData | AssignmentSheetData | PeriodReportData


def render_pdf(data: ReportData, options: ReportOptions, on_page: PageCallback | None = None) -> bytes:
    """The PDF of whichever report `data` is for."""
    if isinstance(data, PlanReportData):
        from core.reports.plan import plan_pdf

        return plan_pdf(data, options, on_page=on_page)
    if isinstance(data, ProgressReportData):
        from core.reports.progress import progress_pdf

        return progress_pdf(data, options, on_page=on_page)
    if isinstance(data, DeadlineListData):
        from core.reports.deadline_list import deadline_list_pdf

        return deadline_list_pdf(data, options, on_page=on_page)
    if isinstance(data, AssignmentSheetData):
        from core.reports.assignment_sheet import assignment_sheet_pdf

        return assignment_sheet_pdf(data, options, on_page=on_page)
    if isinstance(data, PeriodReportData):
        from core.reports.period import period_pdf

        return period_pdf(data, options, on_page=on_page)
    raise TypeError(f"Không có mẫu báo cáo cho {type(data).__name__}")


def render_docx(data: ReportData, options: ReportOptions) -> bytes:
    """The .docx of whichever report `data` is for, in the same official layout as its PDF."""
    # Imported here: python-docx is loaded only when a Word file is asked for.
    if isinstance(data, PlanReportData):
        from core.reports.docx.plan import plan_docx

        return plan_docx(data, options)
    if isinstance(data, ProgressReportData):
        from core.reports.docx.progress import progress_docx

        return progress_docx(data, options)
    if isinstance(data, DeadlineListData):
        from core.reports.docx.deadline_list import deadline_list_docx

        return deadline_list_docx(data, options)
    if isinstance(data, AssignmentSheetData):
        from core.reports.docx.assignment_sheet import assignment_sheet_docx

        return assignment_sheet_docx(data, options)
    if isinstance(data, PeriodReportData):
        from core.reports.docx.period import period_docx

        return period_docx(data, options)
    raise TypeError(f"Không có mẫu báo cáo cho {type(data).__name__}")
