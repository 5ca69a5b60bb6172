"""PDFs laid out the way offices print their documents, made from plain plan texts for the tests.

`plan_pdf` prints a plan text in the layout of Nghị định 30/2020 as Word exports it: the header
as a borderless two-column table (bodies and "Số:" left, motto and date right), the type and
summary centred, the body justified with a first-line indent, "Nơi nhận" beside the signer,
and tab-separated annex rows as a ruled table on landscape pages. Page numbers are printed
from page 2 on. Only the tests use it: the layout step must read these back as the text.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from core.importing.textprep import PARA_BREAK, RECIPIENTS_LABEL, doc_type_line, normalise
from core.reports.fonts import register_fonts

_AUTHORITY_START = ("TM.", "KT.", "TL.", "Q.", "TUQ.")


def _styles() -> dict[str, ParagraphStyle]:
    fonts = register_fonts()
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=14, leading=18, alignment=TA_JUSTIFY)
    return {
        "body": ParagraphStyle("body-indent", parent=base, firstLineIndent=12.7 * mm, spaceAfter=3),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER, fontName=fonts.bold),
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT, fontSize=13, leading=16),
        "small": ParagraphStyle("small", parent=base, alignment=TA_LEFT, fontSize=12, leading=14),
        "right": ParagraphStyle("right", parent=base, alignment=TA_CENTER, fontSize=13, leading=16),
        "cell": ParagraphStyle("cell", parent=base, alignment=TA_LEFT, fontSize=11, leading=13),
        "note": ParagraphStyle("note", parent=base, fontSize=10, leading=12, alignment=TA_LEFT),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _split(text: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Head, body, foot and annex lines of a plan text (blank lines dropped)."""
    lines = [line.strip() if "\t" not in line else line for line in normalise(text).split("\n")]
    lines = [line for line in lines if line.strip()]
    annex_at = next(
        (i for i, line in enumerate(lines) if line.startswith(("Phụ lục", "PHỤ LỤC"))), len(lines)
    )
    type_at = next(
        (i for i, line in enumerate(lines[:annex_at]) if doc_type_line(line) and line.isupper()), 0
    )
    foot_at = next((i for i in range(type_at, annex_at) if RECIPIENTS_LABEL.match(lines[i])), annex_at)
    return lines[:type_at], lines[type_at:foot_at], lines[foot_at:annex_at], lines[annex_at:]


def _two_columns(left: list[Paragraph], right: list[Paragraph], widths: tuple[float, float]) -> Table:
    rows = max(len(left), len(right), 1)
    cells = [[left[i] if i < len(left) else "", right[i] if i < len(right) else ""] for i in range(rows)]
    table = Table(cells, colWidths=list(widths))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _head(lines: list[str], styles: dict[str, ParagraphStyle]) -> list[object]:
    left = [
        line
        for line in lines
        if "ngày" not in line.lower() and "cộng hòa" not in line.lower() and "độc lập" not in line.lower()
    ]
    right = [line for line in lines if line not in left]
    return [
        _two_columns(
            [_paragraph(x, styles["left"]) for x in left],
            [_paragraph(x, styles["right"]) for x in right],
            (70 * mm, 100 * mm),
        ),
        Spacer(1, 8),
    ]


def _foot(lines: list[str], styles: dict[str, ParagraphStyle]) -> list[object]:
    signer_at = next(
        (
            i
            for i, line in enumerate(lines)
            if line.startswith(_AUTHORITY_START) or (line.isupper() and i > 0 and not line.startswith("-"))
        ),
        len(lines),
    )
    left = [_paragraph(line, styles["small"]) for line in lines[:signer_at]]
    right = [_paragraph(line, styles["right"]) for line in lines[signer_at:]]
    return [Spacer(1, 10), _two_columns(left, right, (80 * mm, 90 * mm))]


def _annex(lines: list[str], styles: dict[str, ParagraphStyle]) -> list[object]:
    flow: list[object] = [NextPageTemplate("landscape"), PageBreak()]
    rows = [line.split("\t") for line in lines if "\t" in line]
    for line in lines:
        if "\t" not in line:
            flow.append(_paragraph(line, styles["centre"]))
    if rows:
        width = max(len(row) for row in rows)
        cells = [
            [[_paragraph(part, styles["cell"]) for part in cell.split(PARA_BREAK)] for cell in row]
            + [""] * (width - len(row))
            for row in rows
        ]
        widths = [14 * mm, 110 * mm, 45 * mm, 60 * mm, 35 * mm][:width]
        table = Table(cells, colWidths=widths, repeatRows=0)
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        flow.append(table)
    return flow


def _page_number(canvas, document) -> None:  # noqa: ANN001 - reportlab's callback signature
    if document.page > 1:
        canvas.setFont(register_fonts().regular, 13)
        width, height = canvas._pagesize
        canvas.drawCentredString(width / 2, height - 12 * mm, str(document.page))


def plan_pdf(text: str, path: Path) -> Path:
    """`text` printed as an office prints it, to `path`."""
    styles = _styles()
    head, body, foot, annex = _split(text)
    flow: list[object] = _head(head, styles) if head else []
    for index, line in enumerate(body):
        flow.append(_paragraph(line, styles["centre" if index <= 1 else "body"]))  # type line, summary
    flow.extend(_foot(foot, styles) if foot else [])
    if annex:
        flow.extend(_annex(annex, styles))
    portrait = Frame(30 * mm, 20 * mm, A4[0] - 50 * mm, A4[1] - 40 * mm, id="portrait")
    wide = landscape(A4)
    sideways = Frame(20 * mm, 20 * mm, wide[0] - 40 * mm, wide[1] - 40 * mm, id="landscape")
    document = BaseDocTemplate(str(path), pagesize=A4)
    document.addPageTemplates(
        [
            PageTemplate("portrait", [portrait], onPage=_page_number, pagesize=A4),
            PageTemplate("landscape", [sideways], onPage=_page_number, pagesize=wide),
        ]
    )
    if not body and not head:  # an annex alone: landscape from the first page
        flow = [item for item in flow if not isinstance(item, PageBreak | NextPageTemplate)]
        document.pageTemplates.reverse()
    document.build(flow)
    return path
