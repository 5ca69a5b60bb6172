"""The report of a period in Word, the same content as `core.reports.period`: header, title, Kính gửi,
the sections, the annex references and the two charts after the results, the signature block, then
the landscape annexes with repeated header rows.

Word has no vector drawing python-docx can write, so each chart is the PDF's own drawing rendered
to a PNG by pdfium (already there for the preview); the figures are in Phụ lục II as well.
"""

from __future__ import annotations

import io

import pypdfium2
from docx.shared import Pt
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

from core.reports.data import ReportOptions
from core.reports.docx.document import STYLE_NAMES, OfficialDocument, Span, TableRow
from core.reports.period import (
    ADDRESSEE_LABEL,
    ANNEX_COLUMNS,
    ANNEX_ROWS,
    addressee_indents,
    charts,
)
from core.reports.period_data import (
    ANNEX_TITLES,
    HEADING,
    SUBHEADING,
    PeriodReportData,
    addressee_lines,
    annex_labels,
    annex_note,
    annex_reference,
    document_id,
    not_reported_sentence,
    report_symbol,
    results_index,
    section_lines,
)
from core.reports.phrases import date_text
from core.reports.styles import styles

CHART_DPI = 200


def chart_png(drawing: Drawing, dpi: float = CHART_DPI) -> bytes:
    """The drawing as a PNG: drawn to PDF by reportlab, rendered by pdfium."""
    pdf = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    try:
        image = pdf[0].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _addressees(document: OfficialDocument, data: PeriodReportData) -> None:
    lines = addressee_lines(data.report.addressees)
    start, items = addressee_indents(document.width)
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        document.paragraph(
            f"{ADDRESSEE_LABEL} {line}" if index == 0 else line,
            "body",
            indent=(start if index == 0 else items, 0),
            space_after=styles()["body"].spaceAfter if last else 0,
        )


def _section(document: OfficialDocument, title: str, text: str) -> None:
    document.heading(title)
    for kind, line in section_lines(text):
        if kind == HEADING:
            document.heading(line)
        elif kind == SUBHEADING:
            document.paragraph([Span(line, italic=True)])
        else:
            document.paragraph(line)


def _after_results(document: OfficialDocument, data: PeriodReportData, labels: dict[str, str]) -> None:
    for text in (annex_reference(data, labels), not_reported_sentence(data)):
        if text:
            document.paragraph(text)
    caption_style = document.document.styles[STYLE_NAMES["subtitle"]]
    for caption, drawing in charts(data, document.width):
        picture = document.document.add_paragraph(style=caption_style)
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_before = Pt(8)
        picture.paragraph_format.space_after = Pt(0)
        shape = picture.add_run().add_picture(io.BytesIO(chart_png(drawing)), width=Pt(drawing.width))
        # Without its distances from the text, LibreOffice puts 0.125" on each side: the chart would
        # stand out of the right margin.
        for side in ("distT", "distB", "distL", "distR"):
            shape._inline.set(side, "0")
        document.paragraph(caption, "subtitle")


def period_docx(data: PeriodReportData, options: ReportOptions) -> bytes:
    """The .docx of the report; `options` gives the margins (letterhead, number and date are the report's)."""
    report = data.report
    document = OfficialDocument(
        options.margins,
        title=f"Báo cáo {data.title}",
        author=data.letterhead.issuing_body,
        subject="; ".join(data.plan_citations),
    )
    labels = annex_labels(data)
    number = document_id(data)
    document.header_block(data.letterhead, report_symbol(data), number.number, date_text(number))
    document.title_block("Báo cáo", data.title)
    _addressees(document, data)
    if report.opening.strip():
        document.paragraph(report.opening)
    after = results_index(data)
    for index, section in enumerate(report.sections):
        _section(document, section.title, section.text)
        if index == after:
            _after_results(document, data, labels)
    if not report.sections:
        _after_results(document, data, labels)
    if report.closing.strip():
        document.paragraph(report.closing)
    document.signature_block(data.letterhead)
    note = annex_note(data)
    for key, label in labels.items():
        document.annex(label, ANNEX_TITLES[key], note)
        document.table(
            ANNEX_COLUMNS[key], [TableRow(row.cells, bold=row.bold) for row in ANNEX_ROWS[key](data)]
        )
    return document.to_bytes()
