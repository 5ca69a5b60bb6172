"""Type sizes and paragraph styles of the official layout (official-layout.md), one value per rule.

Where Nghị định 30/2020 gives a range, the value chosen here is used in every report, and the
layout tests read these constants.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from core.reports.fonts import register_fonts

# Header block
AGENCY_SIZE = 12  # parent body (regular) and issuing body (bold), 12–13
NATIONAL_SIZE = 12  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, bold, 12–13
MOTTO_SIZE = 13  # Độc lập - Tự do - Hạnh phúc, bold, 13–14
NUMBER_SIZE = 13  # Số: 05/KH-PGDĐT, regular, 13
DATELINE_SIZE = 13  # Phong Thổ, ngày … , italic, 13–14
# Title and body
DOC_TYPE_SIZE = 14  # KẾ HOẠCH, bold, 13–14
SUMMARY_SIZE = 14  # trích yếu, bold, 13–14
BODY_SIZE = 14  # body text, 13–14
BODY_LEADING = 18  # about 1.3 lines: within "single to 1.5"
PARAGRAPH_SPACE = 6  # ≥ 6 pt between paragraphs
FIRST_LINE_INDENT = 1.27 * cm
# Signature block and recipients
RECIPIENTS_LABEL_SIZE = 12  # "Nơi nhận:", bold italic
RECIPIENTS_SIZE = 11  # its items, regular
SIGNER_SIZE = 14  # authority lines, title, name: bold, 13–14
SIGNATURE_SPACE = 28 * 72 / 25.4  # 28 mm for signature and seal (25–30 mm)
# Page numbers and annexes
PAGE_NUMBER_SIZE = 13
ANNEX_LABEL_SIZE = 14  # "Phụ lục", bold
ANNEX_TITLE_SIZE = 14  # bold, upper case
ANNEX_NOTE_SIZE = 14  # (Kèm theo Kế hoạch số …), italic
TABLE_SIZE = 12
TABLE_LEADING = 14.5


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles every report uses."""
    fonts = register_fonts()

    def style(name: str, size: float, font: str = fonts.regular, **extra) -> ParagraphStyle:
        extra.setdefault("leading", round(size * 1.2, 1))
        # splitLongWords (reportlab's default) breaks a word wider than the column instead of
        # letting it run past the margin; spelled out because the rule depends on it.
        return ParagraphStyle(name, fontName=font, fontSize=size, splitLongWords=1, **extra)

    return {
        "agency": style("agency", AGENCY_SIZE, alignment=TA_CENTER),
        "agency_bold": style("agency_bold", AGENCY_SIZE, fonts.bold, alignment=TA_CENTER),
        "national": style("national", NATIONAL_SIZE, fonts.bold, alignment=TA_CENTER),
        "motto": style("motto", MOTTO_SIZE, fonts.bold, alignment=TA_CENTER),
        "number": style("number", NUMBER_SIZE, alignment=TA_CENTER),
        "dateline": style("dateline", DATELINE_SIZE, fonts.italic, alignment=TA_CENTER),
        "doc_type": style("doc_type", DOC_TYPE_SIZE, fonts.bold, alignment=TA_CENTER, spaceBefore=12),
        "summary": style("summary", SUMMARY_SIZE, fonts.bold, alignment=TA_CENTER),
        "subtitle": style(
            "subtitle", BODY_SIZE, fonts.italic, alignment=TA_CENTER, spaceAfter=PARAGRAPH_SPACE
        ),
        "body": style(
            "body",
            BODY_SIZE,
            alignment=TA_JUSTIFY,
            leading=BODY_LEADING,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "basis": style(
            "basis",
            BODY_SIZE,
            fonts.italic,
            alignment=TA_JUSTIFY,
            leading=BODY_LEADING,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "heading": style(
            "heading",
            BODY_SIZE,
            fonts.bold,
            alignment=TA_JUSTIFY,
            leading=BODY_LEADING,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "recipients_label": style("recipients_label", RECIPIENTS_LABEL_SIZE, fonts.bolditalic),
        "recipients": style("recipients", RECIPIENTS_SIZE, alignment=TA_LEFT, leading=13),
        "signer": style("signer", SIGNER_SIZE, fonts.bold, alignment=TA_CENTER, leading=17),
        "page_number": style("page_number", PAGE_NUMBER_SIZE, alignment=TA_CENTER),
        "annex_label": style("annex_label", ANNEX_LABEL_SIZE, fonts.bold, alignment=TA_CENTER),
        "annex_title": style("annex_title", ANNEX_TITLE_SIZE, fonts.bold, alignment=TA_CENTER),
        "annex_note": style(
            "annex_note", ANNEX_NOTE_SIZE, fonts.italic, alignment=TA_CENTER, spaceAfter=PARAGRAPH_SPACE * 2
        ),
        "cell": style("cell", TABLE_SIZE, alignment=TA_JUSTIFY, leading=TABLE_LEADING),
        "cell_left": style("cell_left", TABLE_SIZE, alignment=TA_LEFT, leading=TABLE_LEADING),
        "cell_center": style("cell_center", TABLE_SIZE, alignment=TA_CENTER, leading=TABLE_LEADING),
        "cell_bold": style("cell_bold", TABLE_SIZE, fonts.bold, alignment=TA_JUSTIFY, leading=TABLE_LEADING),
        "cell_head": style("cell_head", TABLE_SIZE, fonts.bold, alignment=TA_CENTER, leading=TABLE_LEADING),
    }
