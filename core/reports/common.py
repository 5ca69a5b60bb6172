"""Pieces the office's own reports share: their header, headings, body paragraphs and task cells."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from core.reports import markup
from core.reports.blocks import header_block
from core.reports.data import DocumentId, ReportOptions, TrackedItem
from core.reports.phrases import date_text, symbol_for
from core.reports.styles import BODY_LEADING, styles

HEADING_ROOM = 4 * BODY_LEADING


def report_document_id(options: ReportOptions, as_of: date) -> DocumentId:
    """The report's own number and date: as given, else blank for the clerk (the as-of year printed)."""
    return DocumentId(
        number=options.number,
        issued_on=options.issued_on,
        year=options.year if options.year is not None else as_of.year,
    )


def office_header(options: ReportOptions, doc_code: str | None, as_of: date, width: float) -> Flowable:
    """Header block of a document this office issues; `doc_code` "BC" gives "Số:     /BC-PGDĐT",
    None a symbol of the office's abbreviation alone (lists and sheets have no type code)."""
    letterhead = options.letterhead
    symbol = symbol_for(doc_code, letterhead.abbreviation) if doc_code else letterhead.abbreviation
    document = report_document_id(options, as_of)
    return header_block(letterhead, symbol, document.number, date_text(document), width)


def heading(text: str) -> list[Flowable]:
    """A numbered heading ("I. KẾT QUẢ …"), never left alone at the bottom of a page."""
    return [CondPageBreak(HEADING_ROOM), Paragraph(markup.literal(text), styles()["heading"])]


def body(text: str) -> Paragraph:
    return Paragraph(markup.literal(text), styles()["body"])


def task_cell(item: TrackedItem, with_plan: bool) -> str:
    """Markup of a task cell: the plan and task path in italics on a line of their own, then the task."""
    where = " – ".join(part for part in (item.plan_reference if with_plan else "", item.task_path) if part)
    content = markup.literal(item.content)
    return f"{markup.italic(where)}<br/>{content}" if where else content


def count_text(count: int, noun: str = "nhiệm vụ") -> str:
    """'05 nhiệm vụ' — official reports write counts below 10 with a leading zero."""
    return f"{count:02d} {noun}" if 0 < count < 10 else f"{count} {noun}"
