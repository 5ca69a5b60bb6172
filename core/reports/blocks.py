"""The fixed parts of an official document: header block, title, signature block with recipients,
annex heading (official-layout.md), as reportlab flowables sized to the frame they sit in."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.reports import markup
from core.reports.data import Letterhead, Signer
from core.reports.fonts import register_fonts, text_width
from core.reports.phrases import dateline, number_line, recipient_lines
from core.reports.styles import SIGNATURE_SPACE, styles

HEADER_LEFT_SHARE = 0.42  # the issuing body's column; the national title needs the wider one
SIGNATURE_LEFT_SHARE = 0.45  # "Nơi nhận" column
SHORT_RULE_SHARE = 0.4  # lines under the issuing body and the summary: 1/3–1/2 of the text
RULE_THICKNESS = 0.6


class Rule(Flowable):
    """A solid horizontal line of a given length, centred in its column, just under the text above."""

    def __init__(self, length: float, height: float = 6):
        super().__init__()
        self.length = length
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.length = min(self.length, available_width)
        return available_width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setLineWidth(RULE_THICKNESS)
        start = (self.width - self.length) / 2
        # Clear of the descenders and dots below (ệ, ậ) of the line above.
        self.canv.line(start, self.height - 3, start + self.length, self.height - 3)
        self.canv.restoreState()


def widest_line(paragraph: Paragraph, width: float) -> float:
    """Width of the longest line `paragraph` takes when set `width` wide."""
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    widths = []
    for line in lines:
        extra = line[0] if isinstance(line, tuple) else line.extraSpace
        widths.append(width - extra)
    return max(widths, default=0.0)


def _short_rule(paragraph: Paragraph, width: float) -> Rule:
    return Rule(widest_line(paragraph, width) * SHORT_RULE_SHARE)


def header_block(
    letterhead: Letterhead, symbol_part: str, number: str, date_text: str, width: float
) -> Table:
    """The two-column header: agency names and 'Số' on the left, national title and dateline on the right.

    `symbol_part` is the symbol after the slash ("KH-PGDĐT"), `date_text` the "ngày … tháng … năm …"
    part of the dateline.
    """
    s = styles()
    left_width = width * HEADER_LEFT_SHARE
    right_width = width - left_width
    left: list[Flowable] = []
    if letterhead.parent_body.strip():
        left.append(Paragraph(markup.literal(markup.upper(letterhead.parent_body)), s["agency"]))
    issuing = Paragraph(markup.literal(markup.upper(letterhead.issuing_body)), s["agency_bold"])
    left += [issuing, _short_rule(issuing, left_width)]
    motto_text = "Độc lập - Tự do - Hạnh phúc"
    right: list[Flowable] = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["national"]),
        Paragraph(motto_text, s["motto"]),
        Rule(text_width(motto_text, s["motto"].fontName, s["motto"].fontSize)),
    ]
    data = [
        [left, right],
        [
            Paragraph(markup.literal(number_line(number, symbol_part)), s["number"]),
            Paragraph(markup.literal(dateline(letterhead.place, date_text)), s["dateline"]),
        ],
    ]
    table = Table(data, colWidths=[left_width, right_width], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                # Cells hold paragraphs, but a cell's own font (Helvetica by default) still lands
                # in the PDF, unembedded, unless it is ours.
                ("FONTNAME", (0, 0), (-1, -1), register_fonts().regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return table


def title_block(doc_type_name: str, summary: str, width: float, subtitle: str = "") -> list[Flowable]:
    """Document type in capitals, the summary under it with a short line, an optional italic line
    ("(Tính đến ngày …)"), then room before the body."""
    s = styles()
    flowables: list[Flowable] = [
        Spacer(1, 10),
        Paragraph(markup.literal(markup.upper(doc_type_name)), s["doc_type"]),
    ]
    if summary.strip():
        paragraph = Paragraph(markup.literal(summary), s["summary"])
        flowables += [paragraph, _short_rule(paragraph, width)]
    if subtitle.strip():
        flowables.append(Paragraph(markup.literal(subtitle), s["subtitle"]))
    flowables.append(Spacer(1, 12))
    return flowables


def signature_block(signer: Signer, recipients: Sequence[str], width: float) -> Table:
    """'Nơi nhận' on the left, the signer centred on the right, both starting on the same line."""
    s = styles()
    left: list[Flowable] = [Paragraph("Nơi nhận:", s["recipients_label"])]
    left += [Paragraph(markup.literal(line), s["recipients"]) for line in recipient_lines(recipients)]
    right: list[Flowable] = [
        Paragraph(markup.literal(markup.upper(line)), s["signer"])
        for line in signer.authority
        if line.strip()
    ]
    if signer.title.strip():
        right.append(Paragraph(markup.literal(markup.upper(signer.title)), s["signer"]))
    right.append(Spacer(1, SIGNATURE_SPACE))
    right.append(Paragraph(markup.literal(signer.name), s["signer"]))
    left_width = width * SIGNATURE_LEFT_SHARE
    table = Table([[left, right]], colWidths=[left_width, width - left_width], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                # Cells hold paragraphs, but a cell's own font (Helvetica by default) still lands
                # in the PDF, unembedded, unless it is ours.
                ("FONTNAME", (0, 0), (-1, -1), register_fonts().regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 6),
                # The label's baseline level with the first authority line's (14 pt beside 12 pt).
                ("TOPPADDING", (0, 0), (0, 0), 2),
                ("TOPPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    table.spaceBefore = 12
    return table


def sign_off(story: list[Flowable], letterhead: Letterhead, width: float) -> None:
    """Append the signature block to `story`, taking the last paragraph of the text with it to the next
    page if it does not fit: a signature never stands alone on a page."""
    signature = signature_block(letterhead.signer, letterhead.recipients, width)
    if story and isinstance(story[-1], Paragraph):
        story[-1] = KeepTogether([story[-1], signature])
    else:
        story.append(signature)


def annex_heading(label: str, title: str, note: str) -> list[Flowable]:
    """'Phụ lục I', the annex title in capitals and '(Kèm theo … )' in italics."""
    s = styles()
    flowables: list[Flowable] = [
        Paragraph(markup.literal(label), s["annex_label"]),
        Paragraph(markup.literal(markup.upper(title)), s["annex_title"]),
    ]
    if note:
        flowables.append(Paragraph(markup.literal(note), s["annex_note"]))
    else:
        flowables.append(Spacer(1, 12))
    return flowables
