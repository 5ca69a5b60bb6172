"""Pieces the office's own reports share in Word: their header block and the task cell."""

from __future__ import annotations

from datetime import date

from core.reports.common import report_document_id
from core.reports.data import ReportOptions, TrackedItem
from core.reports.docx.document import OfficialDocument, Span
from core.reports.phrases import date_text, symbol_for


def office_header(
    document: OfficialDocument, options: ReportOptions, doc_code: str | None, as_of: date
) -> None:
    """Header block of a document this office issues, as `core.reports.common.office_header` prints it."""
    letterhead = options.letterhead
    symbol = symbol_for(doc_code, letterhead.abbreviation) if doc_code else letterhead.abbreviation
    number = report_document_id(options, as_of)
    document.header_block(letterhead, symbol, number.number, date_text(number))


def task_cell(item: TrackedItem, with_plan: bool) -> list[Span]:
    """The plan and task path in italics on a line of their own, then the task."""
    where = " – ".join(part for part in (item.plan_reference if with_plan else "", item.task_path) if part)
    return [Span(where + "\n", italic=True), Span(item.content)] if where else [Span(item.content)]
