"""Report 2 in Word: Báo cáo kết quả thực hiện Kế hoạch số … as of a date, the same content as
`core.reports.progress`: the counts and the completion rate, then the task and target annexes in
landscape sections (Phụ lục I, II), each numbered on its own."""

from __future__ import annotations

from core.reports.common import report_document_id
from core.reports.data import ProgressReportData, ReportOptions
from core.reports.docx.common import office_header
from core.reports.docx.document import OfficialDocument, TableRow
from core.reports.phrases import (
    NUMBER_BLANK,
    date_text,
    doc_type_name,
    due_text,
    padded_number,
    plan_citation,
    status_text,
    symbol_for,
)
from core.reports.progress import (
    INDICATOR_COLUMNS,
    TASK_COLUMNS,
    indicator_summary,
    met_text,
    rate_text,
    summary_paragraphs,
)
from core.vntext import clean, format_date_long


def annex_labels(data: ProgressReportData) -> dict[str, str]:
    """ "Phụ lục I" and "Phụ lục II" when both annexes print, plain "Phụ lục" when one does."""
    kinds = [kind for kind, present in (("tasks", data.items), ("indicators", data.indicators)) if present]
    return {
        kind: f"Phụ lục {'I' * index}" if len(kinds) > 1 else "Phụ lục" for index, kind in enumerate(kinds, 1)
    }


def annex_note(data: ProgressReportData, options: ReportOptions) -> str:
    """'(Kèm theo Báo cáo số     /BC-PGDĐT ngày     tháng     năm 2025 của Phòng …)'."""
    document = report_document_id(options, data.as_of)
    report_symbol = symbol_for("BC", options.letterhead.abbreviation)
    number = padded_number(document.number) or NUMBER_BLANK
    issuer = clean(options.letterhead.issuing_body)
    of_issuer = f" của {issuer}" if issuer else ""
    return f"(Kèm theo Báo cáo số {number}/{report_symbol} {date_text(document)}{of_issuer})"


def progress_docx(data: ProgressReportData, options: ReportOptions) -> bytes:
    plan = data.plan
    document = OfficialDocument(
        options.margins,
        title=f"Báo cáo kết quả thực hiện {doc_type_name(plan.doc_type)} {plan.reference}".strip(),
        author=options.letterhead.issuing_body,
        subject=plan.title,
    )
    citation = plan_citation(plan)
    about = f" ({clean(plan.title)})" if plan.title.strip() else ""
    labels = annex_labels(data)
    office_header(document, options, "BC", data.as_of)
    document.title_block("Báo cáo", f"Kết quả thực hiện {citation}")
    document.paragraph(
        f"Thực hiện {citation}{about}, kết quả thực hiện tính đến {format_date_long(data.as_of)} như sau:"
    )
    document.heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    for sentence in summary_paragraphs(data):
        document.paragraph(sentence)
    if data.items:
        document.paragraph(f"Chi tiết tại {labels['tasks']} kèm theo.")
    if data.indicators:
        document.heading("II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU")
        document.paragraph(indicator_summary(data.indicators))
        document.paragraph(f"Chi tiết tại {labels['indicators']} kèm theo.")
    document.signature_block(options.letterhead)

    note = annex_note(data, options)
    if data.items:
        document.annex(labels["tasks"], "Kết quả thực hiện nhiệm vụ", note)
        document.table(
            TASK_COLUMNS,
            [
                TableRow(
                    (
                        item.task_path,
                        item.content,
                        item.unit_name,
                        due_text(item),
                        item.result,
                        status_text(item),
                    )
                )  # fmt: skip
                for item in data.items
            ],
        )
    if data.indicators:
        document.annex(labels["indicators"], "Kết quả thực hiện chỉ tiêu", note)
        document.table(
            INDICATOR_COLUMNS,
            [
                TableRow(
                    (
                        str(index),
                        line.text,
                        line.target,
                        line.actual,
                        rate_text(line.rate),
                        met_text(line),
                    )
                )  # fmt: skip
                for index, line in enumerate(data.indicators, start=1)
            ],
        )
    return document.to_bytes()
