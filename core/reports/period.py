"""The report of a period as a PDF: the document a head of office signs (báo cáo kết quả thực hiện, sơ
kết, tổng kết, định kỳ), printed from a report as saved (`core.reports.period_data`).

Header block, BÁO CÁO and the trích yếu, Kính gửi, the opening sentence, the edited sections, after
the results the annex references and two charts (completion rate by unit, the period's work by
status: vector drawings that print in black and white, grey levels, a hatch and value labels), the
closing sentence, the signature block and Nơi nhận; then the landscape annexes, each numbered on
its own: Phụ lục I the tasks, II the units with their total, III the overdue work with its reasons.
An annex without rows is left out and the others keep the numbers in order.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from core.reports import markup
from core.reports.blocks import annex_heading, header_block, sign_off, title_block
from core.reports.common import HEADING_ROOM, body, heading
from core.reports.data import ReportOptions
from core.reports.fonts import register_fonts, text_width
from core.reports.layout import LANDSCAPE, PORTRAIT, PageCallback, annex_break, build_pdf, text_box
from core.reports.period_data import (
    ANNEX_TITLES,
    HEADING,
    OVERDUE,
    STATUS_NAMES,
    STATUS_ORDER,
    SUBHEADING,
    TARGETS,
    TASKS,
    UNITS,
    Cells,
    PeriodReportData,
    addressee_lines,
    annex_labels,
    annex_note,
    annex_reference,
    document_id,
    not_reported_sentence,
    overdue_rows,
    report_symbol,
    results_index,
    section_lines,
    status_split,
    target_cells,
    task_rows,
    unit_rates,
    unit_rows,
)
from core.reports.phrases import date_text
from core.reports.styles import BODY_SIZE, styles
from core.reports.tables import Column, Row, data_table
from core.vntext import format_number

TASK_COLUMNS = (
    Column("TT", 0.05, "cell_center"),
    Column("Nội dung nhiệm vụ", 0.22),
    Column("Đơn vị chủ trì", 0.13, "cell_left"),
    Column("Đơn vị phối hợp", 0.13, "cell_left"),
    Column("Tiến độ (%)", 0.06, "cell_center"),
    Column("Kết quả thực hiện", 0.15),
    Column("Minh chứng", 0.07, "cell_left"),
    Column("Ngày hoàn thành", 0.09, "cell_center"),
    Column("Tình trạng", 0.10, "cell_left"),
)
UNIT_COLUMNS = (
    Column("TT", 0.05, "cell_center"),
    Column("Đơn vị", 0.23),  # "cell": a total row prints bold
    Column("Được giao", 0.08, "cell_center"),
    Column("Hoàn thành đúng hạn", 0.09, "cell_center"),
    Column("Hoàn thành quá hạn", 0.09, "cell_center"),
    Column("Đang thực hiện trong hạn", 0.09, "cell_center"),
    Column("Thường xuyên", 0.09, "cell_center"),
    Column("Quá hạn", 0.08, "cell_center"),
    Column("Tạm dừng", 0.08, "cell_center"),
    Column("Tỷ lệ hoàn thành (%)", 0.12, "cell_center"),
)
OVERDUE_COLUMNS = (
    Column("TT", 0.05, "cell_center"),
    Column("Nhiệm vụ", 0.27),
    Column("Đơn vị chủ trì", 0.14, "cell_left"),
    Column("Hạn", 0.09, "cell_center"),
    Column("Số ngày quá hạn", 0.08, "cell_center"),
    Column("Lý do, khó khăn, vướng mắc", 0.19),
    Column("Đề xuất, biện pháp khắc phục", 0.18),
)
TARGET_COLUMNS = (
    Column("TT", 0.04, "cell_center"),
    Column("Chỉ tiêu", 0.27),
    Column("Đơn vị tính", 0.07, "cell_center"),
    Column("Kế hoạch", 0.10, "cell_center"),
    Column("Thời hạn", 0.09, "cell_center"),
    Column("Thực hiện đến kỳ báo cáo", 0.13, "cell_center"),
    Column("Cùng kỳ năm trước", 0.10, "cell_center"),
    Column("So với kế hoạch (%)", 0.09, "cell_center"),
    Column("Đánh giá", 0.11, "cell_center"),
)
ANNEX_COLUMNS = {TASKS: TASK_COLUMNS, UNITS: UNIT_COLUMNS, OVERDUE: OVERDUE_COLUMNS, TARGETS: TARGET_COLUMNS}
ADDRESSEE_LABEL = "Kính gửi:"
ADDRESSEE_INDENT_SHARE = 0.2  # where "Kính gửi:" starts when there are several addressees

RATE_CAPTION = "Tỷ lệ hoàn thành nhiệm vụ theo đơn vị (%)"
STATUS_CAPTION = "Tình trạng thực hiện nhiệm vụ trong kỳ (lượt nhiệm vụ)"
CHART_SIZE = 11
CHART_SPACE = 8  # above a chart; its caption's own space is below it
CHART_UNITS_PER_DRAWING = 20  # a drawing never splits: longer lists continue in the next one
_ROW = 17
_BAR = 10
_BAR_GREY = colors.Color(0.55, 0.55, 0.55)
_GRID_GREY = colors.Color(0.75, 0.75, 0.75)
# The status split in black and white, in STATUS_ORDER: grey levels from dark (done) to light, then
# paused work with horizontal lines and overdue work with diagonal ones, on white.
STATUS_FILLS: tuple[tuple[float, str], ...] = (
    (0.25, ""), (0.5, ""), (0.75, ""), (0.92, ""), (1.0, "horizontal"), (1.0, "diagonal"),
)  # fmt: skip
_HATCH_STEP = 4


def addressee_indents(width: float) -> tuple[float, float]:
    """(where "Kính gửi:" starts, where the items after it start) for several addressees, in points."""
    start = width * ADDRESSEE_INDENT_SHARE
    label = text_width(ADDRESSEE_LABEL + " ", register_fonts().regular, BODY_SIZE)
    return start, start + label


def _plain_style(name: str, **changes) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["body"], firstLineIndent=0, **changes)


def addressee_block(addressees: tuple[str, ...], width: float) -> list[Flowable]:
    """'Kính gửi: X.', or the label with one '- …;' a line, the items under each other."""
    lines = addressee_lines(addressees)
    start, items = addressee_indents(width)
    flowables: list[Flowable] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        style = _plain_style(
            f"addressee_{'last' if last else 'item'}_{'first' if index == 0 else 'next'}", alignment=0,
            leftIndent=start if index == 0 else items, spaceAfter=styles()["body"].spaceAfter if last else 0,
        )  # fmt: skip
        text = f"{ADDRESSEE_LABEL} {line}" if index == 0 else line
        flowables.append(Paragraph(markup.literal(text), style))
    return flowables


def section_flowables(title: str, text: str) -> list[Flowable]:
    """A section: its title in bold, "1. …" bold, "1) …" italic, bullets and text as body paragraphs."""
    s = styles()
    story = heading(title)
    for kind, line in section_lines(text):
        if kind == HEADING:
            story += [CondPageBreak(HEADING_ROOM), Paragraph(markup.literal(line), s["heading"])]
        elif kind == SUBHEADING:
            story.append(Paragraph(markup.italic(line), s["body"]))
        else:
            # A bullet is a body paragraph starting "- ", its first line indented as official text sets it.
            story.append(body(line))
    return story


def _fonts():
    return register_fonts()


def _fit(text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` points at the chart's size."""
    font = _fonts().regular
    if text_width(text, font, CHART_SIZE) <= width:
        return text
    while text and text_width(text + "…", font, CHART_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def rate_charts(data: PeriodReportData, width: float) -> list[Drawing]:
    """Chart 1: a horizontal bar per unit, its completion rate written at the bar's end."""
    rates = unit_rates(data)
    if len(rates) < 2:
        return []  # one unit's rate is in the sentence and the table; a single bar compares nothing
    # As many drawings as needed, the units shared evenly between them (no drawing of two bars at the end).
    count = -(-len(rates) // CHART_UNITS_PER_DRAWING)
    size = -(-len(rates) // count) if count else 0
    chunks = [rates[i : i + size] for i in range(0, len(rates), size)] if size else []
    return [_rate_drawing(chunk, width) for chunk in chunks]


def _rate_drawing(rates: list[tuple[str, float]], width: float) -> Drawing:
    fonts = _fonts()
    label_width = width * 0.36
    left = label_width + 6
    plot = width - left - 40  # room for "100%" after the longest bar
    axis = 16
    height = axis + len(rates) * _ROW + 4
    drawing = Drawing(width, height)
    for step in range(0, 101, 25):
        x = left + plot * step / 100
        drawing.add(Line(x, axis, x, height - 2, strokeColor=_GRID_GREY, strokeWidth=0.5,
                         strokeDashArray=None if step == 0 else [2, 2]))  # fmt: skip
        drawing.add(String(x, axis - 11, str(step), fontName=fonts.regular, fontSize=CHART_SIZE - 1,
                           textAnchor="middle"))  # fmt: skip
    drawing.add(Line(left, axis, left + plot, axis, strokeColor=colors.black, strokeWidth=0.6))
    for index, (name, rate) in enumerate(rates):
        y = height - 4 - (index + 1) * _ROW + (_ROW - _BAR) / 2
        drawing.add(String(label_width, y + 2, _fit(name, label_width), fontName=fonts.regular,
                           fontSize=CHART_SIZE, textAnchor="end"))  # fmt: skip
        length = plot * rate
        if length > 0:
            drawing.add(Rect(left, y, length, _BAR, fillColor=_BAR_GREY, strokeColor=colors.black,
                             strokeWidth=0.5))  # fmt: skip
        drawing.add(String(left + length + 3, y + 2, f"{format_number(rate * 100)}%", fontName=fonts.bold,
                           fontSize=CHART_SIZE))  # fmt: skip
    return drawing


def _swatch(drawing: Drawing, x: float, y: float, w: float, h: float, fill: tuple[float, str]) -> None:
    """A rectangle in a grey level, with lines across it for a pattern ("horizontal", "diagonal")."""
    level, pattern = fill
    drawing.add(Rect(x, y, w, h, strokeColor=colors.black, strokeWidth=0.5,
                     fillColor=colors.Color(level, level, level)))  # fmt: skip
    line = {"strokeColor": colors.black, "strokeWidth": 0.4}
    if pattern == "horizontal":
        step = h / 4
        for k in range(1, 4):
            drawing.add(Line(x, y + k * step, x + w, y + k * step, **line))
    elif pattern == "diagonal":
        offset = -h
        while offset < w:
            start, end = max(0.0, -offset), min(h, w - offset)
            if start < end:
                drawing.add(Line(x + offset + start, y + start, x + offset + end, y + end, **line))
            offset += _HATCH_STEP


def status_chart(data: PeriodReportData, width: float) -> Drawing | None:
    """Chart 2: one bar cut by status with each count in it, a legend with count and share under it."""
    split = status_split(data)
    total = sum(count for _, count in split)
    if not total:
        return None
    fonts = _fonts()
    bar_height = 26
    legend_rows = (len(split) + 1) // 2
    height = bar_height + 12 + legend_rows * _ROW
    drawing = Drawing(width, height)
    fills = dict(zip((STATUS_NAMES[status] for status in STATUS_ORDER), STATUS_FILLS, strict=True))
    x = 0.0
    top = height - bar_height
    for name, count in split:
        fill = fills[name]
        w = width * count / total
        _swatch(drawing, x, top, w, bar_height, fill)
        label = str(count)
        label_width = text_width(label, fonts.bold, CHART_SIZE)
        if label_width + 6 < w:
            dark = fill[0] < 0.5
            if fill[1]:  # a patterned segment: the count on a white patch, clear of the lines
                drawing.add(Rect(x + (w - label_width) / 2 - 3, top + bar_height / 2 - 7, label_width + 6, 14,
                                 fillColor=colors.white, strokeColor=None))  # fmt: skip
            drawing.add(String(x + w / 2, top + bar_height / 2 - 4, label, fontName=fonts.bold,
                               fontSize=CHART_SIZE, textAnchor="middle",
                               fillColor=colors.white if dark else colors.black))  # fmt: skip
        x += w
    column = width / 2
    for index, (name, count) in enumerate(split):
        lx = (index % 2) * column
        ly = top - 12 - (index // 2 + 1) * _ROW + 4
        _swatch(drawing, lx, ly, 16, 11, fills[name])
        share = format_number(count * 100 / total)
        drawing.add(String(lx + 22, ly + 1, _fit(f"{name}: {count} ({share}%)", column - 26),
                           fontName=fonts.regular, fontSize=CHART_SIZE))  # fmt: skip
    return drawing


def charts(data: PeriodReportData, width: float) -> list[tuple[str, Drawing]]:
    """(caption, drawing) of each chart the report prints; a long unit list continues in more drawings."""
    found: list[tuple[str, Drawing]] = []
    for index, drawing in enumerate(rate_charts(data, width)):
        found.append((f"Biểu đồ 1. {RATE_CAPTION}" + (" (tiếp theo)" if index else ""), drawing))
    split = status_chart(data, width)
    if split is not None:
        found.append((f"Biểu đồ {2 if found else 1}. {STATUS_CAPTION}", split))
    return found


def annex_table(key: str, rows: list[Cells], width: float, height: float) -> Flowable:
    return data_table(
        ANNEX_COLUMNS[key],
        [Row(tuple(markup.literal(cell) for cell in row.cells), bold=row.bold) for row in rows],
        width,
        height,
    )


ANNEX_ROWS = {TASKS: task_rows, UNITS: unit_rows, OVERDUE: overdue_rows, TARGETS: target_cells}


def period_story(data: PeriodReportData, options: ReportOptions) -> list[Flowable]:
    report = data.report
    width = text_box(options.margins, PORTRAIT).width
    box = text_box(options.margins, LANDSCAPE)
    labels = annex_labels(data)
    document = document_id(data)
    story: list[Flowable] = [
        header_block(data.letterhead, report_symbol(data), document.number, date_text(document), width),
        *title_block("Báo cáo", data.title, width),
        *addressee_block(report.addressees, width),
    ]
    if report.opening.strip():
        story.append(body(report.opening))
    after = results_index(data)
    for index, section in enumerate(report.sections):
        story += section_flowables(section.title, section.text)
        if index == after:
            story += _after_results(data, labels, width)
    if not report.sections:
        story += _after_results(data, labels, width)
    if report.closing.strip():
        story.append(body(report.closing))
    sign_off(story, data.letterhead, width)
    note = annex_note(data)
    for key, label in labels.items():
        story += annex_break()
        story += annex_heading(label, ANNEX_TITLES[key], note)
        story.append(annex_table(key, ANNEX_ROWS[key](data), box.width, box.height))
    return story


def _after_results(data: PeriodReportData, labels: dict[str, str], width: float) -> list[Flowable]:
    sentences = (annex_reference(data, labels), not_reported_sentence(data))
    story: list[Flowable] = [body(text) for text in sentences if text]
    caption = styles()["subtitle"]
    for title, drawing in charts(data, width):
        story.append(
            KeepTogether([Spacer(1, CHART_SPACE), drawing, Paragraph(markup.literal(title), caption)])
        )
    return story


def period_pdf(
    data: PeriodReportData, options: ReportOptions, *, on_page: PageCallback | None = None
) -> bytes:
    """The PDF of the report; `options` gives the margins (letterhead, number and date are the report's)."""
    return build_pdf(
        period_story(data, options),
        options.margins,
        title=f"Báo cáo {data.title}",
        author=data.letterhead.issuing_body,
        subject="; ".join(data.plan_citations),
        on_page=on_page,
    )
