"""Report 4: Phiếu giao nhiệm vụ — everything one unit leads or supports, with deadlines, to hand to
its head."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from core.reports import markup
from core.reports.blocks import sign_off, title_block
from core.reports.common import body, count_text, heading, office_header, task_cell
from core.reports.data import AssignmentSheetData, ReportOptions, TrackedItem
from core.reports.layout import PORTRAIT, PageCallback, build_pdf, text_box
from core.reports.phrases import as_of_line, due_text, plan_citation, status_text
from core.reports.tables import Column, Row, data_table
from core.vntext import clean


def _columns(partners: str) -> tuple[Column, ...]:
    return (
        Column("TT", 0.06, "cell_center"),
        Column("Nhiệm vụ", 0.43),
        Column(partners, 0.21, "cell_left"),
        Column("Thời hạn", 0.14, "cell_center"),
        Column("Tình trạng", 0.16, "cell_left"),
    )


def _table(
    items: Sequence[TrackedItem], partners: str, with_plan: bool, width: float, height: float
) -> Flowable:
    rows = [
        Row(
            (
                str(index),
                task_cell(item, with_plan),
                "<br/>".join(markup.literal(unit) for unit in item.other_units),
                markup.literal(due_text(item)),
                markup.literal(status_text(item)),
            )
        )
        for index, item in enumerate(items, start=1)
    ]
    return data_table(_columns(partners), rows, width, height)


def assignment_sheet_story(data: AssignmentSheetData, options: ReportOptions) -> list[Flowable]:
    box = text_box(options.margins, PORTRAIT)
    with_plan = data.plan is None
    unit = clean(data.unit_name)
    scope = f" thực hiện {plan_citation(data.plan)}" if data.plan is not None else ""
    story: list[Flowable] = [
        office_header(options, None, data.as_of, box.width),
        *title_block("Phiếu giao nhiệm vụ", f"Đơn vị: {unit}", box.width, as_of_line(data.as_of)),
        body(
            f"{unit} chủ trì thực hiện {count_text(len(data.leads))} và phối hợp thực hiện "
            f"{count_text(len(data.supports))}{scope}, cụ thể như sau:"
        ),
        *heading("I. NHIỆM VỤ CHỦ TRÌ THỰC HIỆN"),
    ]
    if data.leads:
        story.append(_table(data.leads, "Đơn vị phối hợp", with_plan, box.width, box.height))
    else:
        story.append(body("Không có nhiệm vụ nào."))
    story += heading("II. NHIỆM VỤ PHỐI HỢP THỰC HIỆN")
    if data.supports:
        story.append(_table(data.supports, "Đơn vị chủ trì", with_plan, box.width, box.height))
    else:
        story.append(body("Không có nhiệm vụ nào."))
    issuer = clean(options.letterhead.issuing_body)
    to_issuer = f" về {issuer}" if issuer else ""
    story.append(
        body(
            f"Đề nghị {unit} tổ chức thực hiện các nhiệm vụ trên và báo cáo kết quả{to_issuer} đúng thời hạn."
        )
    )
    sign_off(story, options.letterhead, box.width)
    return story


def assignment_sheet_pdf(
    data: AssignmentSheetData, options: ReportOptions, *, on_page: PageCallback | None = None
) -> bytes:
    return build_pdf(
        assignment_sheet_story(data, options),
        options.margins,
        title=f"Phiếu giao nhiệm vụ - {clean(data.unit_name)}",
        author=options.letterhead.issuing_body,
        on_page=on_page,
    )
