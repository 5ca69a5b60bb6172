"""Report 2: Báo cáo kết quả thực hiện Kế hoạch số … as of a chosen date.

The report text gives the counts by status and the completion rate as the Government Office
computes it (done ÷ (done + overdue)); the task table and the target table follow as landscape
annexes (Phụ lục I, II), each numbered on its own.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from core.indicator_periods import MET, NOT_MET, ONGOING
from core.reports import markup
from core.reports.blocks import annex_heading, sign_off, title_block
from core.reports.common import body, count_text, heading, office_header, report_document_id
from core.reports.data import IndicatorLine, ProgressReportData, ReportOptions
from core.reports.layout import LANDSCAPE, PORTRAIT, PageCallback, annex_break, build_pdf, text_box
from core.reports.phrases import (
    NUMBER_BLANK,
    date_text,
    doc_type_name,
    due_text,
    padded_number,
    plan_citation,
    status_text,
    symbol_for,
)
from core.reports.tables import Column, Row, data_table
from core.status import DeadlineStatus, completion_rate
from core.vntext import clean, format_date_long, format_number

TASK_COLUMNS = (
    Column("TT", 0.06, "cell_center"),
    Column("Nội dung nhiệm vụ", 0.32),
    Column("Đơn vị chủ trì", 0.15, "cell_left"),
    Column("Thời hạn", 0.10, "cell_center"),
    Column("Kết quả thực hiện", 0.23),
    Column("Tình trạng", 0.14, "cell_left"),
)
INDICATOR_COLUMNS = (
    Column("TT", 0.05, "cell_center"),
    Column("Chỉ tiêu", 0.45),
    Column("Kế hoạch", 0.13, "cell_center"),
    Column("Thực hiện", 0.13, "cell_center"),
    Column("So với kế hoạch (%)", 0.10, "cell_center"),
    Column("Đánh giá", 0.14, "cell_center"),
)


def rate_text(rate: float | None) -> str:
    """A fraction as a Vietnamese percentage: 0.8039 → "80,39%"."""
    return "" if rate is None else f"{format_number(rate * 100)}%"


def met_text(line: IndicatorLine) -> str:
    """The verdict printed for a target: its own, else whether the figure meets it."""
    return line.verdict or {True: "Đạt", False: "Chưa đạt", None: "Chưa có số liệu"}[line.met]


def summary_paragraphs(data: ProgressReportData) -> list[str]:
    """The counts by status and the completion rate, as sentences."""
    counts = data.counts
    total = sum(counts.values())
    if total == 0:
        return ["Kế hoạch chưa có nhiệm vụ nào được giao cho đơn vị chủ trì."]
    done = counts[DeadlineStatus.DONE_ON_TIME] + counts[DeadlineStatus.DONE_LATE]
    overdue = counts[DeadlineStatus.OVERDUE]
    in_time = counts[DeadlineStatus.IN_PROGRESS] + counts[DeadlineStatus.DUE_SOON]
    parts = [
        f"hoàn thành đúng hạn {count_text(counts[DeadlineStatus.DONE_ON_TIME])}",
        f"hoàn thành quá hạn {count_text(counts[DeadlineStatus.DONE_LATE])}",
        f"đang thực hiện trong hạn {count_text(in_time)} (trong đó sắp đến hạn trong {data.warn_days} "
        f"ngày tới: {count_text(counts[DeadlineStatus.DUE_SOON])})",
        f"quá hạn {count_text(overdue)}",
        f"không thời hạn (thường xuyên) {count_text(counts[DeadlineStatus.NO_DEADLINE])}",
    ]
    sentences = [
        f"Tổng số nhiệm vụ được giao (tính theo đơn vị chủ trì): {count_text(total)}; trong đó: "
        + "; ".join(parts)
        + "."
    ]
    rate = completion_rate(counts)
    if rate is None:
        sentences.append("Chưa có nhiệm vụ nào đến hạn nên chưa tính tỷ lệ hoàn thành.")
    else:
        sentences.append(
            f"Tỷ lệ hoàn thành: {rate_text(rate)} ({done}/{done + overdue} nhiệm vụ đã đến hạn "
            "hoặc đã hoàn thành)."
        )
    return sentences


def indicator_summary(indicators: tuple[IndicatorLine, ...]) -> str:
    verdicts = [met_text(line) for line in indicators]
    met, unmet, ongoing = (verdicts.count(word) for word in (MET, NOT_MET, ONGOING))
    unknown = len(indicators) - met - unmet - ongoing
    ongoing_text = f"{count_text(ongoing, 'chỉ tiêu')} đang thực hiện (chưa đến hạn), " if ongoing else ""
    return (
        f"Kế hoạch có {count_text(len(indicators), 'chỉ tiêu')}: {count_text(met, 'chỉ tiêu')} đạt, "
        f"{ongoing_text}{count_text(unmet, 'chỉ tiêu')} chưa đạt, "
        f"{count_text(unknown, 'chỉ tiêu')} chưa có số liệu."
    )


def progress_story(data: ProgressReportData, options: ReportOptions) -> list[Flowable]:
    plan = data.plan
    width = text_box(options.margins, PORTRAIT).width
    box = text_box(options.margins, LANDSCAPE)
    citation = plan_citation(plan)
    about = f" ({clean(plan.title)})" if plan.title.strip() else ""
    kinds = [kind for kind, present in (("tasks", data.items), ("indicators", data.indicators)) if present]
    labels = {
        kind: f"Phụ lục {'I' * index}" if len(kinds) > 1 else "Phụ lục" for index, kind in enumerate(kinds, 1)
    }
    story: list[Flowable] = [
        office_header(options, "BC", data.as_of, width),
        *title_block("Báo cáo", f"Kết quả thực hiện {citation}", width),
        body(
            f"Thực hiện {citation}{about}, kết quả thực hiện tính đến {format_date_long(data.as_of)} như sau:"
        ),
        *heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
    ]
    story += [body(sentence) for sentence in summary_paragraphs(data)]
    if data.items:
        story.append(body(f"Chi tiết tại {labels['tasks']} kèm theo."))
    if data.indicators:
        story += heading("II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU")
        story.append(body(indicator_summary(data.indicators)))
        story.append(body(f"Chi tiết tại {labels['indicators']} kèm theo."))
    sign_off(story, options.letterhead, width)

    document = report_document_id(options, data.as_of)
    report_symbol = symbol_for("BC", options.letterhead.abbreviation)
    number = padded_number(document.number) or NUMBER_BLANK
    issuer = clean(options.letterhead.issuing_body)
    of_issuer = f" của {issuer}" if issuer else ""
    note = f"(Kèm theo Báo cáo số {number}/{report_symbol} {date_text(document)}{of_issuer})"
    if data.items:
        story += annex_break()
        story += annex_heading(labels["tasks"], "Kết quả thực hiện nhiệm vụ", note)
        rows = [
            Row(
                (
                    markup.literal(item.task_path),
                    markup.literal(item.content),
                    markup.literal(item.unit_name),
                    markup.literal(due_text(item)),
                    markup.literal(item.result),
                    markup.literal(status_text(item)),
                )
            )
            for item in data.items
        ]
        story.append(data_table(TASK_COLUMNS, rows, box.width, box.height))
    if data.indicators:
        story += annex_break()
        story += annex_heading(labels["indicators"], "Kết quả thực hiện chỉ tiêu", note)
        rows = [
            Row(
                (
                    str(index),
                    markup.literal(line.text),
                    markup.literal(line.target),
                    markup.literal(line.actual),
                    markup.literal(rate_text(line.rate)),
                    markup.literal(met_text(line)),
                )
            )
            for index, line in enumerate(data.indicators, start=1)
        ]
        story.append(data_table(INDICATOR_COLUMNS, rows, box.width, box.height))
    return story


def progress_pdf(
    data: ProgressReportData, options: ReportOptions, *, on_page: PageCallback | None = None
) -> bytes:
    plan = data.plan
    return build_pdf(
        progress_story(data, options),
        options.margins,
        title=f"Báo cáo kết quả thực hiện {doc_type_name(plan.doc_type)} {plan.reference}".strip(),
        author=options.letterhead.issuing_body,
        subject=plan.title,
        on_page=on_page,
    )
