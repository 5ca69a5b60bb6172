"""Report 1: the plan itself (Kế hoạch / Chương trình) followed by its annex table.

Header block, title and summary, 'Căn cứ' lines, the sections and tasks as numbered text, the
signature block beside 'Nơi nhận', then 'Phụ lục' on landscape pages: TT, Nội dung, Cơ quan chủ
trì, Cơ quan phối hợp, Thời gian thực hiện. A draft prints its blanks as clerks leave them.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from core.model import TaskKind
from core.reports import markup
from core.reports.blocks import annex_heading, header_block, sign_off, title_block
from core.reports.data import PlanItem, PlanReportData, ReportOptions
from core.reports.layout import LANDSCAPE, PORTRAIT, PageCallback, annex_break, build_pdf, text_box
from core.reports.phrases import (
    basis_lines,
    date_text,
    doc_type_name,
    plan_citation,
    plan_document_id,
    symbol_for,
)
from core.reports.styles import BODY_LEADING, styles
from core.reports.tables import Column, Row, data_table
from core.vntext import clean, format_date

HEADING_ROOM = 4 * BODY_LEADING
DEFAULT_ANNEX_TITLE = "Danh mục nhiệm vụ triển khai thực hiện {doc_type}"
ANNEX_COLUMNS = (
    Column("TT", 0.06, "cell_center"),
    Column("Nội dung", 0.44),
    Column("Cơ quan chủ trì", 0.18, "cell_left"),
    Column("Cơ quan phối hợp", 0.18, "cell_left"),
    Column("Thời gian thực hiện", 0.14, "cell_center"),
)


def ordinal_label(ordinal: str) -> str:
    """The ordinal as the text prints it: "I" → "I.", "1" → "1.", "a" → "a)", "-" → "-", "1.2" → "1.2."."""
    text = clean(ordinal)
    if not text or text.endswith((".", ")")):
        return text
    if not any(ch.isalnum() for ch in text):
        return "-"
    if len(text) == 1 and text.isalpha() and text.islower():
        return f"{text})"
    return f"{text}."


def _is_letter(ordinal: str) -> bool:
    text = clean(ordinal).rstrip(".)")
    return len(text) == 1 and text.isalpha() and text.islower()


def _item_paragraphs(item: PlanItem) -> list[Flowable]:
    """A section or task as numbered text: 'I. MỤC ĐÍCH, YÊU CẦU' bold, '1. Title' bold, 'a)' regular."""
    s = styles()
    label = ordinal_label(item.ordinal)
    prefix = f"{label} " if label else ""
    title = clean(item.title)
    content = item.content
    if item.kind is TaskKind.SECTION and item.depth == 0:
        heading = title or clean(content)
        flowables: list[Flowable] = [Paragraph(markup.literal(prefix + markup.upper(heading)), s["heading"])]
        if title and clean(content) not in ("", title):
            flowables.append(Paragraph(markup.literal(content), s["body"]))
        return flowables
    if title and clean(content) != title:
        style = s["body"] if _is_letter(item.ordinal) else s["heading"]
        return [
            Paragraph(markup.literal(prefix + title), style),
            Paragraph(markup.literal(content), s["body"]),
        ]
    text = title or content
    bold = item.kind is TaskKind.SECTION and not _is_letter(item.ordinal)
    return [Paragraph(markup.literal(prefix + text), s["heading"] if bold else s["body"])]


def _annex_row(item: PlanItem) -> Row:
    title = clean(item.title)
    content = clean(item.content)
    if item.kind is TaskKind.SECTION:
        text = markup.literal(title or content)
    elif title and content != title:
        text = f"{markup.bold(title)}<br/>{markup.literal(item.content)}"
    else:
        text = markup.literal(item.content)
    timeframe = item.timeframe_text or (format_date(item.deadline) if item.deadline else "")
    return Row(
        (
            markup.literal(clean(item.ordinal)),
            text,
            "<br/>".join(markup.literal(unit) for unit in item.lead_units),
            "<br/>".join(markup.literal(unit) for unit in item.support_units),
            markup.literal(timeframe),
        ),
        bold=item.kind is TaskKind.SECTION,
    )


def plan_story(data: PlanReportData, options: ReportOptions, annex_title: str = "") -> list[Flowable]:
    plan = data.plan
    letterhead = options.letterhead
    s = styles()
    width = text_box(options.margins, PORTRAIT).width
    document = plan_document_id(plan)
    symbol = document.symbol or symbol_for(plan.doc_type, letterhead.abbreviation)
    story: list[Flowable] = [
        header_block(letterhead, symbol, document.number, date_text(document), width),
        *title_block(doc_type_name(plan.doc_type), plan.title, width),
    ]
    story += [Paragraph(markup.literal(line), s["basis"]) for line in basis_lines(data.basis)]
    for item in data.items:
        paragraphs = _item_paragraphs(item)
        if paragraphs[0].style.name == "heading":
            # A heading never ends a page: it needs room for itself and two lines of what follows.
            story.append(CondPageBreak(HEADING_ROOM))
        story += paragraphs
    sign_off(story, letterhead, width)
    if any(item.kind is TaskKind.TASK for item in data.items):
        title = annex_title or DEFAULT_ANNEX_TITLE.format(doc_type=doc_type_name(plan.doc_type).lower())
        issuer = plan.issuer or letterhead.issuing_body
        note = f"(Kèm theo {plan_citation(plan, issuer)})"
        story += annex_break()
        story += annex_heading("Phụ lục", title, note)
        box = text_box(options.margins, LANDSCAPE)
        story.append(
            data_table(ANNEX_COLUMNS, [_annex_row(item) for item in data.items], box.width, box.height)
        )
    return story


def plan_pdf(
    data: PlanReportData,
    options: ReportOptions,
    *,
    annex_title: str = "",
    on_page: PageCallback | None = None,
) -> bytes:
    """The plan as a PDF: the document, then its annex on landscape pages."""
    plan = data.plan
    return build_pdf(
        plan_story(data, options, annex_title),
        options.margins,
        title=f"{doc_type_name(plan.doc_type)} {plan.reference}".strip()
        + (f" - {plan.title}" if plan.title else ""),
        author=options.letterhead.issuing_body,
        subject=plan.title,
        on_page=on_page,
    )
