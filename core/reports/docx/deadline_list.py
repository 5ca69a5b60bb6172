"""Report 3 in Word: Danh sách nhiệm vụ quá hạn, sắp đến hạn, the same content as
`core.reports.deadline_list`."""

from __future__ import annotations

from collections.abc import Sequence

from core.model import Role
from core.reports.common import count_text
from core.reports.data import DeadlineListData, ReportOptions, TrackedItem
from core.reports.deadline_list import CLOSING, COLUMNS, list_summary
from core.reports.docx.common import office_header, task_cell
from core.reports.docx.document import OfficialDocument, TableRow
from core.reports.phrases import as_of_line, due_text, status_text


def _table(document: OfficialDocument, items: Sequence[TrackedItem], with_plan: bool) -> None:
    rows = [
        TableRow(
            (
                str(index),
                task_cell(item, with_plan),
                f"{item.unit_name} ({'chủ trì' if item.role is Role.LEAD else 'phối hợp'})",
                due_text(item),
                status_text(item),
            )
        )
        for index, item in enumerate(items, start=1)
    ]
    document.table(COLUMNS, rows)


def deadline_list_docx(data: DeadlineListData, options: ReportOptions) -> bytes:
    document = OfficialDocument(
        options.margins, title=f"Danh sách - {list_summary(data)}", author=options.letterhead.issuing_body
    )
    with_plan = data.plan is None
    office_header(document, options, None, data.as_of)
    document.title_block("Danh sách", list_summary(data), as_of_line(data.as_of))
    document.heading(f"I. NHIỆM VỤ QUÁ HẠN ({count_text(len(data.overdue))})")
    if data.overdue:
        _table(document, data.overdue, with_plan)
    else:
        document.paragraph("Không có nhiệm vụ nào quá hạn.")
    document.heading(
        f"II. NHIỆM VỤ SẮP ĐẾN HẠN TRONG {data.warn_days} NGÀY TỚI ({count_text(len(data.due_soon))})"
    )
    if data.due_soon:
        _table(document, data.due_soon, with_plan)
    else:
        document.paragraph("Không có nhiệm vụ nào sắp đến hạn.")
    document.paragraph(CLOSING)
    document.signature_block(options.letterhead)
    return document.to_bytes()
