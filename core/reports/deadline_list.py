"""Report 3: Danh sách nhiệm vụ quá hạn, sắp đến hạn — for every plan or one, every unit or one."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from core.model import Role
from core.reports import markup
from core.reports.blocks import sign_off, title_block
from core.reports.common import body, count_text, heading, office_header, task_cell
from core.reports.data import DeadlineListData, ReportOptions, TrackedItem
from core.reports.layout import PORTRAIT, PageCallback, build_pdf, text_box
from core.reports.phrases import as_of_line, due_text, plan_citation, status_text
from core.reports.tables import Column, Row, data_table
from core.vntext import clean

CLOSING = (
    "Đề nghị các đơn vị có nhiệm vụ quá hạn khẩn trương hoàn thành, báo cáo kết quả; các đơn vị có nhiệm vụ "
    "sắp đến hạn chủ động triển khai, bảo đảm hoàn thành đúng thời hạn."
)
COLUMNS = (
    Column("TT", 0.06, "cell_center"),
    Column("Nhiệm vụ", 0.43),
    Column("Đơn vị thực hiện", 0.21, "cell_left"),
    Column("Thời hạn", 0.14, "cell_center"),
    Column("Tình trạng", 0.16, "cell_left"),
)


def list_summary(data: DeadlineListData) -> str:
    """The line under 'DANH SÁCH': what is listed, for whom, from which plan."""
    text = "Nhiệm vụ quá hạn, sắp đến hạn"
    if data.unit_name.strip():
        text += f" của {clean(data.unit_name)}"
    if data.plan is not None:
        text += f" thực hiện {plan_citation(data.plan)}"
    return text


def _unit_cell(item: TrackedItem) -> str:
    role = "chủ trì" if item.role is Role.LEAD else "phối hợp"
    return f"{markup.literal(item.unit_name)} ({role})"


def _table(items: Sequence[TrackedItem], with_plan: bool, width: float, height: float) -> Flowable:
    rows = [
        Row(
            (
                str(index),
                task_cell(item, with_plan),
                _unit_cell(item),
                markup.literal(due_text(item)),
                markup.literal(status_text(item)),
            )
        )
        for index, item in enumerate(items, start=1)
    ]
    return data_table(COLUMNS, rows, width, height)


def deadline_list_story(data: DeadlineListData, options: ReportOptions) -> list[Flowable]:
    box = text_box(options.margins, PORTRAIT)
    with_plan = data.plan is None
    story: list[Flowable] = [
        office_header(options, None, data.as_of, box.width),
        *title_block("Danh sách", list_summary(data), box.width, as_of_line(data.as_of)),
        *heading(f"I. NHIỆM VỤ QUÁ HẠN ({count_text(len(data.overdue))})"),
    ]
    if data.overdue:
        story.append(_table(data.overdue, with_plan, box.width, box.height))
    else:
        story.append(body("Không có nhiệm vụ nào quá hạn."))
    story += heading(
        f"II. NHIỆM VỤ SẮP ĐẾN HẠN TRONG {data.warn_days} NGÀY TỚI ({count_text(len(data.due_soon))})"
    )
    if data.due_soon:
        story.append(_table(data.due_soon, with_plan, box.width, box.height))
    else:
        story.append(body("Không có nhiệm vụ nào sắp đến hạn."))
    story.append(body(CLOSING))
    sign_off(story, options.letterhead, box.width)
    return story


def deadline_list_pdf(
    data: DeadlineListData, options: ReportOptions, *, on_page: PageCallback | None = None
) -> bytes:
    return build_pdf(
        deadline_list_story(data, options),
        options.margins,
        title=f"Danh sách - {list_summary(data)}",
        author=options.letterhead.issuing_body,
        on_page=on_page,
    )
