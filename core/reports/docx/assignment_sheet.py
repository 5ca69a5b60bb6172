"""Report 4 in Word: Phiếu giao nhiệm vụ for one unit, the same content as
`core.reports.assignment_sheet`."""

from __future__ import annotations

from collections.abc import Sequence

from core.reports.assignment_sheet import _columns
from core.reports.common import count_text
from core.reports.data import AssignmentSheetData, ReportOptions, TrackedItem
from core.reports.docx.common import office_header, task_cell
from core.reports.docx.document import OfficialDocument, TableRow
from core.reports.phrases import as_of_line, due_text, plan_citation, status_text
from core.vntext import clean


def _table(document: OfficialDocument, items: Sequence[TrackedItem], partners: str, with_plan: bool) -> None:
    rows = [
        TableRow(
            (
                str(index),
                task_cell(item, with_plan),
                "\n".join(item.other_units),
                due_text(item),
                status_text(item),
            )
        )
        for index, item in enumerate(items, start=1)
    ]
    document.table(_columns(partners), rows)


def assignment_sheet_docx(data: AssignmentSheetData, options: ReportOptions) -> bytes:
    unit = clean(data.unit_name)
    document = OfficialDocument(
        options.margins, title=f"Phiếu giao nhiệm vụ - {unit}", author=options.letterhead.issuing_body
    )
    with_plan = data.plan is None
    scope = f" thực hiện {plan_citation(data.plan)}" if data.plan is not None else ""
    office_header(document, options, None, data.as_of)
    document.title_block("Phiếu giao nhiệm vụ", f"Đơn vị: {unit}", as_of_line(data.as_of))
    document.paragraph(
        f"{unit} chủ trì thực hiện {count_text(len(data.leads))} và phối hợp thực hiện "
        f"{count_text(len(data.supports))}{scope}, cụ thể như sau:"
    )
    document.heading("I. NHIỆM VỤ CHỦ TRÌ THỰC HIỆN")
    if data.leads:
        _table(document, data.leads, "Đơn vị phối hợp", with_plan)
    else:
        document.paragraph("Không có nhiệm vụ nào.")
    document.heading("II. NHIỆM VỤ PHỐI HỢP THỰC HIỆN")
    if data.supports:
        _table(document, data.supports, "Đơn vị chủ trì", with_plan)
    else:
        document.paragraph("Không có nhiệm vụ nào.")
    issuer = clean(options.letterhead.issuing_body)
    to_issuer = f" về {issuer}" if issuer else ""
    document.paragraph(
        f"Đề nghị {unit} tổ chức thực hiện các nhiệm vụ trên và báo cáo kết quả{to_issuer} đúng thời hạn."
    )
    document.signature_block(options.letterhead)
    return document.to_bytes()
