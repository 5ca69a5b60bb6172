"""The official layout of Nghị định 30/2020 as a Word document (official-layout.md), built piece by piece.

`OfficialDocument` holds a python-docx document and appends the pieces a report is made of: the
header block (a borderless two-column table, the short rules as bottom borders of empty paragraphs,
which Word and LibreOffice both draw where they are put), the title, body paragraphs and headings,
the signature block beside 'Nơi nhận', landscape annex sections numbered on their own, and bordered
tables whose header row repeats on every page. Sizes, weights, alignment and spacing come from the
PDF's paragraph styles (`core.reports.styles`), so both outputs follow the same numbers; each of
them becomes a named paragraph style in the file, so a clerk editing it in Word keeps the layout.

Content is written as WordprocessingML text and parsed once per piece: a progress report's annex
has thousands of cells, and building them through python-docx's cell objects is many times slower.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from core.about import APP_NAME
from core.reports import markup
from core.reports.blocks import HEADER_LEFT_SHARE, SHORT_RULE_SHARE, SIGNATURE_LEFT_SHARE
from core.reports.data import Letterhead, Margins
from core.reports.fonts import FONTS, text_width
from core.reports.phrases import dateline, number_line, recipient_lines
from core.reports.styles import BODY_SIZE, PAGE_NUMBER_SIZE, SIGNATURE_SPACE, TABLE_SIZE, styles
from core.reports.tables import PADDING_BOTTOM, PADDING_TOP, PADDING_X, SPACE_AFTER, Column

# The family named in the file. Where Times New Roman is not installed (LibreOffice on Linux), the
# metric-compatible Liberation Serif the PDF embeds takes its place with the same line breaks.
FONT_NAME = "Times New Roman"
LANGUAGE = "vi-VN"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
A4_WIDTH_MM, A4_HEIGHT_MM = 210, 297
SIGNATURE_SPACE_BEFORE = 12  # the PDF's signature table's spaceBefore
RULE_SIZE = 4  # eighths of a point: 0.5 pt, the PDF's 0.6 pt rounded to what Word offers
GRID_SIZE = 4
_W = nsdecls("w")
# The Word paragraph style of each PDF style, by the PDF style's name; ids stay ASCII.
STYLE_NAMES = {
    "agency": "Cơ quan",
    "agency_bold": "Cơ quan ban hành",
    "national": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "number": "Số, ký hiệu",
    "dateline": "Địa danh, ngày tháng",
    "doc_type": "Tên loại văn bản",
    "summary": "Trích yếu",
    "subtitle": "Dòng phụ tiêu đề",
    "body": "Nội dung văn bản",
    "basis": "Căn cứ",
    "heading": "Đề mục",
    "recipients_label": "Nơi nhận",
    "recipients": "Nơi nhận - mục",
    "signer": "Chữ ký",
    "page_number": "Số trang",
    "annex_label": "Phụ lục",
    "annex_title": "Tên phụ lục",
    "annex_note": "Kèm theo",
    "cell": "Ô bảng",
    "cell_left": "Ô bảng - trái",
    "cell_center": "Ô bảng - giữa",
    "cell_bold": "Ô bảng - đậm",
    "cell_head": "Ô bảng - tiêu đề",
}
_ALIGNMENT = {
    TA_LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    TA_CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    TA_RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    TA_JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# What follows w:pgNumType in a w:sectPr (WordprocessingML's order of section properties).
_AFTER_PAGE_NUMBERING = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
_KEEP_WITH_NEXT = {"heading", "doc_type", "summary", "annex_label", "annex_title"}


def style_id(name: str) -> str:
    """The Word style id of a PDF style name: "cell_head" → "KhCellHead"."""
    return "Kh" + "".join(part.capitalize() for part in name.split("_"))


def twips(points: float) -> int:
    return round(points * 20)


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text with its emphasis; a line break in the text breaks the line in Word too."""

    text: str
    bold: bool = False
    italic: bool = False


# What a paragraph or a table cell holds: plain text, or spans of different emphasis.
Content = str | Sequence[Span]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A data table row; `bold` for a section row (bold cells, kept with the row after it)."""

    cells: tuple[Content, ...]
    bold: bool = False


def _spans(content: Content) -> Sequence[Span]:
    return (Span(content),) if isinstance(content, str) else content


def _lines(content: Content) -> list[list[Span]]:
    """`content` cut at its line breaks: the spans of each line."""
    lines: list[list[Span]] = [[]]
    for span in _spans(content):
        for index, part in enumerate(markup.plain(span.text).split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Span(part, span.bold, span.italic))
    return lines


def runs_xml(content: Content) -> str:
    """WordprocessingML runs printing `content` literally (NFC, no control characters); a line break
    in the text is a line break in Word."""
    parts = []
    for index, line in enumerate(_lines(content)):
        if index:
            parts.append("<w:r><w:br/></w:r>")
        for span in line:
            props = ("<w:b/><w:bCs/>" if span.bold else "") + ("<w:i/><w:iCs/>" if span.italic else "")
            run_props = f"<w:rPr>{props}</w:rPr>" if props else ""
            parts.append(f'<w:r>{run_props}<w:t xml:space="preserve">{escape(span.text)}</w:t></w:r>')
    return "".join(parts)


def paragraph_xml(
    content: Content,
    style: str,
    *,
    keep_with_next: bool = False,
    space_before: float | None = None,
    space_after: float | None = None,
    indent: tuple[float, float] | None = None,
    rule: bool = False,
    exact_line: float | None = None,
) -> str:
    """A paragraph of the named PDF style; `rule` draws a solid line as its bottom border, `indent`
    (left, right) in points narrows it (how long a rule is)."""
    props = [f'<w:pStyle w:val="{style_id(style)}"/>']
    if keep_with_next:
        props.append("<w:keepNext/>")
    if rule:
        props.append(
            f'<w:pBdr><w:bottom w:val="single" w:sz="{RULE_SIZE}" w:space="0" w:color="000000"/></w:pBdr>'
        )
    spacing = []
    if space_before is not None:
        spacing.append(f'w:before="{twips(space_before)}"')
    if space_after is not None:
        spacing.append(f'w:after="{twips(space_after)}"')
    if exact_line is not None:
        spacing.append(f'w:line="{twips(exact_line)}" w:lineRule="exact"')
    if spacing:
        props.append(f"<w:spacing {' '.join(spacing)}/>")
    if indent is not None:
        props.append(f'<w:ind w:left="{twips(indent[0])}" w:right="{twips(indent[1])}" w:firstLine="0"/>')
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{runs_xml(content)}</w:p>"


def rule_xml(length: float, column: float, height: float = 3) -> str:
    """An empty paragraph `height` points tall whose bottom border is a line `length` long, centred in a
    column `column` wide: the short rules under the issuing body, the motto and the summary."""
    length = min(length, column)
    side = (column - length) / 2
    # Nothing to underline (no issuing body yet): the room stays, a zero-length border would show a dot.
    return paragraph_xml(
        "", "agency", rule=length >= 1, indent=(side, side), exact_line=height, space_before=0, space_after=3
    )


def widest_line(text: str, style: str, column: float) -> float:
    """How wide the longest line of `text` set in `style` is in a column `column` wide (points)."""
    pdf_style = styles()[style]
    widths = [
        text_width(line, pdf_style.fontName, pdf_style.fontSize) for line in markup.plain(text).split("\n")
    ]
    return min(max(widths, default=0.0), column)


def _cell_xml(paragraphs: str, width: float, *, margins: str = "", valign: str = "") -> str:
    props = f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>'
    if margins:
        props += f"<w:tcMar>{margins}</w:tcMar>"
    if valign:
        props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs or '<w:p/>'}</w:tc>"


def _table_xml(
    widths: Sequence[float], rows: str, *, borders: bool, padding: tuple[float, float, float]
) -> str:
    """A table of fixed column widths centred on the page; `padding` is (x, top, bottom) in points."""
    edge = f'w:val="single" w:sz="{GRID_SIZE}" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
    sides = "".join(
        f"<w:{side} {edge}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    x, top, bottom = (twips(value) for value in padding)
    cell_margins = (
        f'<w:top w:w="{top}" w:type="dxa"/><w:left w:w="{x}" w:type="dxa"/>'
        f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{x}" w:type="dxa"/>'
    )
    grid = "".join(f'<w:gridCol w:w="{twips(width)}"/>' for width in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{twips(sum(widths))}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar>{cell_margins}</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        f'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"
    )


def _row_xml(cells: str, *, header: bool = False, cant_split: bool = False) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{cells}</w:tr>"


def _estimated_height(cells: Sequence[Content], widths: Sequence[float]) -> float:
    """Roughly how tall a data row is (points): lines of each cell at the table's size and leading."""
    leading = styles()["cell"].leading
    tallest = 0
    for content, width in zip(cells, widths, strict=True):
        inner = max(width - 2 * PADDING_X, 1)
        lines = 0
        for line in "".join(span.text for span in _spans(content)).split("\n"):
            lines += max(1, -(-int(text_width(line, FONTS.regular, TABLE_SIZE)) // int(inner)))
        tallest = max(tallest, lines)
    return tallest * leading + PADDING_TOP + PADDING_BOTTOM


class OfficialDocument:
    """A Word document in the official layout: A4 portrait first, landscape annex sections after it."""

    def __init__(self, margins: Margins, *, title: str = "", author: str = "", subject: str = ""):
        self.margins = margins
        self.document = Document()
        self._body = self.document.element.body
        self._last_body_paragraph = None
        self._trailing_space = 0.0  # space after the last piece, to set the next one as the PDF does
        self._body.clear_content()
        self._defaults()
        self._compatibility()
        self._add_styles()
        properties = self.document.core_properties
        properties.title, properties.author, properties.subject = title, author, subject
        properties.language = LANGUAGE
        properties.comments = ""
        properties.last_modified_by = APP_NAME
        properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
        # python-docx's template carries a thumbnail of its own blank page; file managers would show it.
        package = self.document.part.package
        for key, relation in list(package.rels.items()):
            if relation.reltype == RT.THUMBNAIL:
                del package.rels[key]
        self._setup(self.section, landscape=False)
        self._page_number_header(self.section)

    # --- page set-up -----------------------------------------------------------------------------

    @property
    def section(self) -> Section:
        return self.document.sections[-1]

    @property
    def width(self) -> float:
        """Width of the text box of the current section, in points."""
        section = self.section
        return (section.page_width - section.left_margin - section.right_margin) / 12700

    def _setup(self, section: Section, *, landscape: bool) -> None:
        """A4 with the margins of the settings; a landscape page keeps them on the same edges of the
        sheet, turned with it, as the PDF does (the binding margin is the top of a landscape page)."""
        m = self.margins
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(A4_HEIGHT_MM), Mm(A4_WIDTH_MM)
            left, right, top, bottom = m.top, m.bottom, m.left, m.right
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(A4_WIDTH_MM), Mm(A4_HEIGHT_MM)
            left, right, top, bottom = m.left, m.right, m.top, m.bottom
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.gutter = 0
        # The page number centred in the top margin, as the PDF puts it.
        section.header_distance = Pt(max(Mm(top).pt / 2 - PAGE_NUMBER_SIZE * 0.6, 12))
        section.footer_distance = Mm(bottom / 2)
        # No number on a section's first page: the document's page 1, an annex's first page.
        section.different_first_page_header_footer = True

    def _page_number_header(self, section: Section) -> None:
        """A PAGE field centred in the header; the first page's header left empty."""
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = self.document.styles[STYLE_NAMES["page_number"]]
        begin, instruction, separate, shown, end = (OxmlElement("w:r") for _ in range(5))
        for run, kind in ((begin, "begin"), (separate, "separate"), (end, "end")):
            field_char = OxmlElement("w:fldChar")
            field_char.set(qn("w:fldCharType"), kind)
            run.append(field_char)
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = " PAGE "
        instruction.append(text)
        placeholder = OxmlElement("w:t")
        placeholder.text = "2"
        shown.append(placeholder)
        for run in (begin, instruction, separate, shown, end):
            paragraph._p.append(run)
        first = section.first_page_header
        first.is_linked_to_previous = False

    def _defaults(self) -> None:
        """Document defaults: the serif family in every script slot, no spacing, Vietnamese."""
        styles_element = self.document.styles.element
        defaults = styles_element.find(qn("w:docDefaults"))
        run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = run_props.find(qn("w:rFonts"))
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{slot}"), FONT_NAME)
        for tag in ("w:sz", "w:szCs"):
            run_props.find(qn(tag)).set(qn("w:val"), str(round(BODY_SIZE * 2)))
        language = run_props.find(qn("w:lang"))
        language.set(qn("w:val"), LANGUAGE)
        language.set(qn("w:eastAsia"), LANGUAGE)
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        normal = self.document.styles["Normal"]
        normal.font.name = FONT_NAME
        normal.font.size = Pt(BODY_SIZE)

    def _compatibility(self) -> None:
        """Lines ended by a line break are not stretched in a justified paragraph, as in the PDF (the
        plan and task line above a task in a table cell)."""
        compat = self.document.settings.element.find(qn("w:compat"))
        if compat is None:
            compat = OxmlElement("w:compat")
            self.document.settings.element.append(compat)
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))

    def _add_styles(self) -> None:
        """A Word paragraph style for each PDF style, with the same size, weight, spacing, indent."""
        for name, pdf_style in styles().items():
            self._add_style(name, pdf_style)

    def _add_style(self, name: str, pdf_style: ParagraphStyle) -> None:
        style = self.document.styles.add_style(STYLE_NAMES.get(name, name), WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id(name)
        style.base_style = self.document.styles["Normal"]
        style.quick_style = name in ("body", "basis", "heading")
        font = style.font
        font.name = FONT_NAME
        font.size = Pt(pdf_style.fontSize)
        font.bold = pdf_style.fontName in (FONTS.bold, FONTS.bolditalic)
        font.italic = pdf_style.fontName in (FONTS.italic, FONTS.bolditalic)
        layout = style.paragraph_format
        layout.alignment = _ALIGNMENT[pdf_style.alignment]
        layout.space_before = Pt(pdf_style.spaceBefore)
        layout.space_after = Pt(pdf_style.spaceAfter)
        layout.first_line_indent = Pt(pdf_style.firstLineIndent)
        # "At least" the PDF's leading: the same line pitch, and a large accent is never clipped.
        layout.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        layout.line_spacing = Pt(pdf_style.leading)
        layout.widow_control = True
        if name in _KEEP_WITH_NEXT:
            layout.keep_with_next = True

    # --- content ---------------------------------------------------------------------------------

    def _append(self, xml: str) -> None:
        """Parse one element (a paragraph or a table) and put it at the end of the document."""
        # The element declares the namespace itself: moved out of a wrapper that declared it, lxml
        # would re-resolve the namespace of every node (most of the time of a long report).
        head = xml.index(">")
        self._body.sectPr.addprevious(parse_xml(f"{xml[:head]} {_W}{xml[head:]}"))

    def paragraph(self, content: Content, style: str = "body", **layout) -> None:
        """A paragraph in one of the PDF's styles ("body", "basis", "heading", "subtitle" …)."""
        self._append(paragraph_xml(content, style, **layout))
        self._last_body_paragraph = self._body.sectPr.getprevious()
        after = layout.get("space_after")
        self._trailing_space = styles()[style].spaceAfter if after is None else after

    def heading(self, text: str) -> None:
        """A numbered heading ("I. KẾT QUẢ …"), kept on the page of what follows it."""
        self.paragraph(text, "heading", keep_with_next=True)

    def header_block(self, letterhead: Letterhead, symbol_part: str, number: str, date_text: str) -> None:
        """Agency names and 'Số' on the left, Quốc hiệu, Tiêu ngữ and the dateline on the right, in a
        borderless table as wide as the text."""
        width = self.width
        left_width = width * HEADER_LEFT_SHARE
        right_width = width - left_width
        left = ""
        if letterhead.parent_body.strip():
            left += paragraph_xml(markup.upper(letterhead.parent_body), "agency")
        issuing = markup.upper(letterhead.issuing_body)
        left += paragraph_xml(issuing, "agency_bold")
        left += rule_xml(widest_line(issuing, "agency_bold", left_width) * SHORT_RULE_SHARE, left_width)
        right = paragraph_xml(NATIONAL_TITLE, "national") + paragraph_xml(MOTTO, "motto")
        right += rule_xml(widest_line(MOTTO, "motto", right_width), right_width)
        rows = _row_xml(_cell_xml(left, left_width) + _cell_xml(right, right_width), cant_split=True)
        rows += _row_xml(
            _cell_xml(paragraph_xml(number_line(number, symbol_part), "number", space_before=6), left_width)
            + _cell_xml(
                paragraph_xml(dateline(letterhead.place, date_text), "dateline", space_before=6), right_width
            ),
            cant_split=True,
        )
        self._append(_table_xml((left_width, right_width), rows, borders=False, padding=(0, 0, 0)))

    def title_block(self, doc_type_name: str, summary: str, subtitle: str = "") -> None:
        """The document type in capitals, the summary under it with a short rule, an optional italic
        line ("(Tính đến ngày …)"), then room before the body."""
        width = self.width
        # The PDF's 10 pt spacer before the type's own 12 pt.
        self.paragraph(markup.upper(doc_type_name), "doc_type", space_before=22)
        if summary.strip():
            self.paragraph(summary, "summary", keep_with_next=True)
            self._append(rule_xml(widest_line(summary, "summary", width) * SHORT_RULE_SHARE, width))
        if subtitle.strip():
            self.paragraph(subtitle, "subtitle")
        # The PDF's 12 pt spacer after the title.
        self._append(paragraph_xml("", "agency", exact_line=12, space_before=0, space_after=0))

    def signature_block(self, letterhead: Letterhead) -> None:
        """'Nơi nhận' on the left, the signer centred on the right, both starting on the same line, kept
        on the page of the paragraph before it."""
        if self._last_body_paragraph is not None:
            properties = self._last_body_paragraph.get_or_add_pPr()
            properties.keepNext_val = True
        signer = letterhead.signer
        width = self.width
        left_width = width * SIGNATURE_LEFT_SHARE
        # 12 pt above the block; reportlab counts the space after the text above into it, Word adds both.
        before = max(SIGNATURE_SPACE_BEFORE - self._trailing_space, 0)
        # The label's baseline level with the first authority line's (12 pt beside 14 pt).
        left = paragraph_xml("Nơi nhận:", "recipients_label", space_before=before + 2)
        left += "".join(paragraph_xml(line, "recipients") for line in recipient_lines(letterhead.recipients))
        lines = [markup.upper(line) for line in signer.authority if line.strip()]
        if signer.title.strip():
            lines.append(markup.upper(signer.title))
        right = "".join(
            paragraph_xml(line, "signer", space_before=before if index == 0 else None)
            for index, line in enumerate(lines)
        )
        right += paragraph_xml(signer.name, "signer", space_before=SIGNATURE_SPACE + (0 if lines else before))
        left_margin = f'<w:right w:w="{twips(6)}" w:type="dxa"/>'
        cells = _cell_xml(left, left_width, margins=left_margin) + _cell_xml(right, width - left_width)
        self._append(_table_xml((left_width, width - left_width), _row_xml(cells, cant_split=True),
                                borders=False, padding=(0, 0, 0)))  # fmt: skip

    def annex(self, label: str, title: str, note: str) -> None:
        """Start an annex: a new landscape section numbered from 1 (no number on its first page), then
        'Phụ lục', its title in capitals and '(Kèm theo …)' in italics."""
        self._section_break(landscape=True)
        self.paragraph(label, "annex_label")
        self.paragraph(markup.upper(title), "annex_title")
        if note:
            self.paragraph(note, "annex_note")
        else:
            self._append(paragraph_xml("", "agency", exact_line=12, space_before=0, space_after=0))

    def _section_break(self, *, landscape: bool) -> None:
        """End the current section with a paragraph of its own 1 pt high (so that it never pushes a
        page), and start a new one that inherits its header."""
        sentinel = self._body.sectPr
        ending = copy.deepcopy(sentinel)
        paragraph = parse_xml(
            f'<w:p {_W}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            "</w:pPr></w:p>"
        )
        paragraph.pPr.append(ending)
        sentinel.addprevious(paragraph)
        for reference in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(reference)
        number_type = sentinel.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            sentinel.insert_element_before(number_type, *_AFTER_PAGE_NUMBERING)
        number_type.set(qn("w:start"), "1")
        self._setup(self.section, landscape=landscape)
        self._last_body_paragraph = None

    def table(self, columns: Sequence[Column], rows: Sequence[TableRow]) -> None:
        """A bordered table as wide as the text, its bold centred header row repeated on every page.

        Columns are the PDF's (heading, share of the width, cell style). A short row is never split
        across pages; a tall one (a third of a page or more) may be, and continues with its TT cell
        blank, as the PDF prints it.
        """
        width = self.width
        total = sum(column.share for column in columns)
        widths = [width * column.share / total for column in columns]
        section = self.section
        page_height = (section.page_height - section.top_margin - section.bottom_margin) / 12700
        header_cells = "".join(
            _cell_xml(paragraph_xml(column.heading, "cell_head"), w, valign="center")
            for column, w in zip(columns, widths, strict=True)
        )
        parts = [_row_xml(header_cells, header=True, cant_split=True)]
        for row in rows:
            cells = []
            for column, content, w in zip(columns, row.cells, widths, strict=True):
                style = column.style
                if row.bold and style == "cell":
                    style = "cell_bold"
                elif row.bold and style == "cell_center":
                    style = "cell_head"
                cells.append(_cell_xml(paragraph_xml(content, style, keep_with_next=row.bold), w))
            short = _estimated_height(row.cells, widths) < page_height / 3
            parts.append(_row_xml("".join(cells), cant_split=short))
        self._append(
            _table_xml(widths, "".join(parts), borders=True, padding=(PADDING_X, PADDING_TOP, PADDING_BOTTOM))
        )
        # Word needs a paragraph between two tables; this one is the PDF's space after a table.
        self._append(paragraph_xml("", "agency", exact_line=SPACE_AFTER, space_before=0, space_after=0))
        self._last_body_paragraph = None
        self._trailing_space = SPACE_AFTER

    def to_bytes(self) -> bytes:
        """The .docx file."""
        # A document ends with a paragraph (Word adds one after a final table otherwise).
        last = self._body.sectPr.getprevious()
        if last is None or last.tag != qn("w:p"):
            self._append(paragraph_xml("", "agency", exact_line=1, space_before=0, space_after=0))
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
