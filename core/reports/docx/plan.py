"""Report 1 in Word: the plan (Kế hoạch / Chương trình) and its annex table on landscape pages, the same
content as `core.reports.plan`."""

from __future__ import annotations

from core.model import TaskKind
from core.reports import markup
from core.reports.data import PlanItem, PlanReportData, ReportOptions
from core.reports.docx.document import OfficialDocument, Span, TableRow
from core.reports.phrases import (
    basis_lines,
    date_text,
    doc_type_name,
    plan_citation,
    plan_document_id,
    symbol_for,
)
from core.reports.plan import ANNEX_COLUMNS, DEFAULT_ANNEX_TITLE, ordinal_label
from core.vntext import clean, format_date


def _is_letter(ordinal: str) -> bool:
    """ "a", "b)", "đ." are the letter level, printed regular as the PDF prints it."""
    text = clean(ordinal).rstrip(".)")
    return len(text) == 1 and text.isalpha() and text.islower()


def item_paragraphs(item: PlanItem) -> list[tuple[str, str]]:
    """(style, text) of a section or task as numbered text: 'I. MỤC ĐÍCH, YÊU CẦU' bold, '1. Title' bold,
    'a)' regular — the paragraphs `core.reports.plan` prints."""
    label = ordinal_label(item.ordinal)
    prefix = f"{label} " if label else ""
    title = clean(item.title)
    content = item.content
    if item.kind is TaskKind.SECTION and item.depth == 0:
        heading = title or clean(content)
        paragraphs = [("heading", prefix + markup.upper(heading))]
        if title and clean(content) not in ("", title):
            paragraphs.append(("body", content))
        return paragraphs
    if title and clean(content) != title:
        return [("body" if _is_letter(item.ordinal) else "heading", prefix + title), ("body", content)]
    bold = item.kind is TaskKind.SECTION and not _is_letter(item.ordinal)
    return [("heading" if bold else "body", prefix + (title or content))]


def annex_row(item: PlanItem) -> TableRow:
    title = clean(item.title)
    content = clean(item.content)
    if item.kind is TaskKind.SECTION:
        text: list[Span] = [Span(title or content)]
    elif title and content != title:
        text = [Span(title + "\n", bold=True), Span(item.content)]
    else:
        text = [Span(item.content)]
    timeframe = item.timeframe_text or (format_date(item.deadline) if item.deadline else "")
    return TableRow(
        (clean(item.ordinal), text, "\n".join(item.lead_units), "\n".join(item.support_units), timeframe),
        bold=item.kind is TaskKind.SECTION,
    )


def plan_docx(data: PlanReportData, options: ReportOptions, *, annex_title: str = "") -> bytes:
    """The plan as a .docx: the document, then its annex in a landscape section."""
    plan = data.plan
    letterhead = options.letterhead
    document = OfficialDocument(
        options.margins,
        title=f"{doc_type_name(plan.doc_type)} {plan.reference}".strip()
        + (f" - {plan.title}" if plan.title else ""),
        author=letterhead.issuing_body,
        subject=plan.title,
    )
    number = plan_document_id(plan)
    symbol = number.symbol or symbol_for(plan.doc_type, letterhead.abbreviation)
    document.header_block(letterhead, symbol, number.number, date_text(number))
    document.title_block(doc_type_name(plan.doc_type), plan.title)
    for line in basis_lines(data.basis):
        document.paragraph(line, "basis")
    for item in data.items:
        for style, text in item_paragraphs(item):
            if style == "heading":
                document.heading(text)
            else:
                document.paragraph(text, style)
    document.signature_block(letterhead)
    if any(item.kind is TaskKind.TASK for item in data.items):
        title = annex_title or DEFAULT_ANNEX_TITLE.format(doc_type=doc_type_name(plan.doc_type).lower())
        issuer = plan.issuer or letterhead.issuing_body
        document.annex("Phụ lục", title, f"(Kèm theo {plan_citation(plan, issuer)})")
        document.table(ANNEX_COLUMNS, [annex_row(item) for item in data.items])
    return document.to_bytes()
