"""The collection template: a workbook a unit fills in with its progress, figures and report material.

Per unit, a task sheet with one row per assignment round (a recurring task has one row per year,
shown in "Năm"): task text, role and deadline are locked; 'Trạng thái' (drop-down), 'Tiến độ (%)'
(whole number 0–100), 'Ngày hoàn thành' (a date), 'Kết quả thực hiện', 'Khó khăn, vướng mắc / lý do
chậm', 'Đề xuất, kiến nghị' and 'Ghi chú' are yellow and open. The last column, "Mã dòng", is hidden
and locked: it holds the occurrence id that ties the row back to its assignment. A "Chỉ tiêu" sheet
lists the targets each unit reports figures for; a "Báo cáo chung" sheet has one row per unit for
the report period as a whole (kết quả nổi bật; tồn tại, hạn chế, khó khăn; đề xuất, kiến nghị); a
"Hướng dẫn" sheet explains all this in Vietnamese, and a very hidden sheet records which plan, which
period and which unit each sheet belongs to. Several units can share one workbook, one task sheet
each.

The column titles here are a contract: the reader finds columns by these titles (and other
tools may too), so they are never renamed, and a template written before a column was added
still imports (core.exchange.preview keeps the stored value of a column the file does not have).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.errors import UserError
from core.exchange.safety import MAX_TEXT_CHARS
from core.exchange.styles import (
    Styler,
    fit_row_heights,
    print_setup,
    put,
    save_workbook,
    set_widths,
    title_row,
    wrapped_lines,
)
from core.model import Plan, Role, WorkState
from core.periods import Period, parse_period
from core.status import CUTOFF_DAY
from core.vntext import format_date, search_key

FORMAT_ID = "kehoach-bieu-mau/1"
META_SHEET = "_kehoach"
TARGET_SHEET = "Chỉ tiêu"
REPORT_SHEET = "Báo cáo chung"
GUIDE_SHEET = "Hướng dẫn"
TITLE = "BIỂU MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
UNIT_PREFIX = "Đơn vị báo cáo:"
PLAN_PREFIX = "Kế hoạch"
HEADER_ROW = 6

# Task sheet columns, in order: field name → title. The titles are the contract.
TASK_COLUMNS: dict[str, str] = {
    "tt": "TT",
    "content": "Nội dung nhiệm vụ",
    "role": "Vai trò",
    "year": "Năm",
    "due": "Thời hạn",
    "state": "Trạng thái",
    "progress": "Tiến độ (%)",
    "completed": "Ngày hoàn thành",
    "result": "Kết quả thực hiện",
    "difficulties": "Khó khăn, vướng mắc / lý do chậm",
    "proposals": "Đề xuất, kiến nghị",
    "note": "Ghi chú",
    "id": "Mã dòng",
}
TARGET_COLUMNS: dict[str, str] = {
    "tt": "TT",
    "unit": "Đơn vị",
    "text": "Chỉ tiêu",
    "target": "Chỉ tiêu kế hoạch",
    "period": "Kỳ báo cáo",
    "numerator": "Số lượng đạt",
    "denominator": "Tổng số",
    "value": "Giá trị thực hiện",
    "note": "Ghi chú",
    "indicator_id": "Mã chỉ tiêu",
    "unit_id": "Mã đơn vị",
}
# The unit's own words for the report period as a whole (storage.unit_reports).
REPORT_COLUMNS: dict[str, str] = {
    "tt": "TT",
    "unit": "Đơn vị",
    "period_label": "Kỳ báo cáo",
    "highlights": "Kết quả nổi bật",
    "shortcomings": "Tồn tại, hạn chế, khó khăn",
    "proposals": "Đề xuất, kiến nghị",
    "unit_id": "Mã đơn vị",
    "period": "Mã kỳ báo cáo",
}
INPUT_FIELDS = ("state", "progress", "completed", "result", "difficulties", "proposals", "note")
TEXT_FIELDS = ("result", "difficulties", "proposals", "note")  # free text a unit types
REPORT_FIELDS = ("highlights", "shortcomings", "proposals")
_TASK_WIDTHS = [5, 34, 8, 6, 12, 16, 7, 12, 28, 24, 22, 11, 8]
# Twelve visible columns do not fit A4 landscape at full size: laid out a little wider than the
# page (printed at about 87 %), so that dates and the short columns keep their text on one line.
_TASK_PAGE_WIDTH = 150.0
_REPORT_WIDTHS = [5, 20, 13, 40, 36, 36]
# A unit writes a paragraph or more in each report cell: give it room on screen and on paper.
_REPORT_ROW_HEIGHT = 240.0
_MAX_ROW_HEIGHT = 409.0  # Excel's limit, in points
_TARGET_WIDTHS = [5, 22, 40, 16, 12, 10, 9, 11, 18, 8, 8]

# The unit's "Ghi chú" is kept with the result, after this line, so nothing it writes is lost
# and a template exported later splits it back into its own column.
NOTE_MARK = "\nGhi chú: "

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_NAME_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One round of one of the unit's assignments, with what was reported on it so far."""

    occurrence_id: int
    task_path: str
    content: str
    role: Role
    occurrence_key: str = ""
    due_on: date | None = None
    state: WorkState = WorkState.NOT_STARTED
    progress: int = 0
    completed_on: date | None = None
    result: str = ""
    difficulties: str = ""  # khó khăn, vướng mắc / lý do chậm
    proposals: str = ""  # đề xuất, kiến nghị


@dataclass(frozen=True, slots=True)
class TemplateTarget:
    """A target the unit reports a figure for, with the figure it reported for `period`, if any."""

    indicator_id: int
    text: str
    target_text: str
    period: str = ""
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class UnitTemplate:
    unit_id: int
    unit_name: str
    rows: tuple[TemplateRow, ...]
    targets: tuple[TemplateTarget, ...] = ()
    # What the unit already wrote for the template's period (storage.unit_reports), pre-filled.
    highlights: str = ""
    shortcomings: str = ""
    proposals: str = ""


def default_period(day: date) -> Period:
    """The report period a template exported on `day` collects for, when none is named.

    The rule: take the latest cut-off (the 14th, core.status.CUTOFF_DAY) on or before `day`; the
    period is the one that closes on it — the quarter when that month ends a quarter (March, June,
    September, December), otherwise the month. Exported on 20/11/2025 → tháng 11 năm 2025
    (15/10 – 14/11); on 14/12/2025 or 10/01/2026 → quý IV năm 2025 (15/09 – 14/12/2025).
    """
    year, month = day.year, day.month
    if day.day < CUTOFF_DAY:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    if month % 3 == 0:
        return parse_period(f"{year}-Q{month // 3}")
    return parse_period(f"{year}-{month:02d}")


def combine_result(result: str, note: str) -> str:
    """The stored result: the unit's result, then its note after NOTE_MARK when there is one."""
    result, note = result.strip(), note.strip()
    if not note:
        return result
    return f"{result}{NOTE_MARK}{note}" if result else NOTE_MARK.lstrip("\n") + note


def split_result(stored: str) -> tuple[str, str]:
    """(result, note) of a stored result written by `combine_result`."""
    head = NOTE_MARK.lstrip("\n")
    if stored.startswith(head):
        return "", stored[len(head) :]
    result, mark, note = stored.partition(NOTE_MARK)
    return (result, note) if mark else (stored, "")


def template_file_name(plan: Plan, unit_name: str | None = None) -> str:
    """'Bieu mau - Truong TH Sung Phai - KH 367-KH-UBND.xlsx'-like, with the Vietnamese kept."""
    plan_part = plan.reference.replace("/", "-") if plan.reference else f"ke hoach {plan.id}"
    parts = ["Biểu mẫu", unit_name or "các đơn vị", f"KH {plan_part}"]
    name = " - ".join(_FILE_NAME_FORBIDDEN.sub("_", part).strip() for part in parts)
    return f"{name[:150].rstrip(' .')}.xlsx"


def write_template(
    plan: Plan,
    units: Sequence[UnitTemplate],
    path: str | Path,
    *,
    as_of: date | None = None,
    period: Period | None = None,
    margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15),
) -> Path:
    """Write the collection workbook for one or several units to `path` and return it.

    `period` is the report period of the "Báo cáo chung" sheet; default `default_period` of
    `as_of` (today when None).
    """
    if not units:
        raise UserError("Không có đơn vị nào để lập biểu mẫu thu thập")
    path = Path(path)
    period = period or default_period(as_of or date.today())
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    styler = Styler(guide)
    names: set[str] = {GUIDE_SHEET, TARGET_SHEET, REPORT_SHEET, META_SHEET}
    sheet_units: list[tuple[str, UnitTemplate]] = []
    for unit in units:
        name = "Nhiệm vụ" if len(units) == 1 else _sheet_name(unit.unit_name, names)
        names.add(name)
        sheet = workbook.create_sheet(name)
        _task_sheet(sheet, styler, plan, unit, as_of, margins_mm)
        sheet_units.append((name, unit))
    targets = workbook.create_sheet(TARGET_SHEET)
    _target_sheet(targets, styler, plan, units, margins_mm)
    _report_sheet(workbook.create_sheet(REPORT_SHEET), styler, plan, units, period, margins_mm)
    _guide_sheet(guide, styler, plan, units, period)
    _meta_sheet(workbook.create_sheet(META_SHEET), plan, sheet_units, as_of, period)
    workbook.active = 1  # open on the (first) task sheet
    save_workbook(workbook, path)
    return path


def _sheet_name(unit_name: str, taken: set[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub(" ", unit_name).strip().strip("'")[:28] or "Đơn vị"
    name, counter = base, 2
    while search_key(name) in {search_key(other) for other in taken}:
        name = f"{base[:26]} {counter}"
        counter += 1
    return name


def plan_heading(plan: Plan) -> str:
    reference = f" số {plan.reference}" if plan.reference else ""
    dated = f" ngày {format_date(plan.issued_on)}" if plan.issued_on else ""
    return f"{PLAN_PREFIX}{reference}{dated}: {plan.title}"


def _task_sheet(sheet, styler, plan: Plan, unit: UnitTemplate, as_of, margins_mm) -> None:
    columns = len(TASK_COLUMNS)
    visible = columns - 1
    heading = plan_heading(plan)
    title_row(sheet, styler, 1, TITLE, visible)
    title_row(sheet, styler, 2, heading, visible, "note", height=max(1, -(-len(heading) // 110)) * 17)
    title_row(sheet, styler, 3, f"{UNIT_PREFIX} {unit.unit_name}", visible, "subtitle")
    when = f"Số liệu đến ngày {format_date(as_of)}. " if as_of else ""
    title_row(
        sheet,
        styler,
        4,
        f"{when}Điền vào các ô tô vàng; không sửa, không xóa các cột khác.",
        visible,
        "left_note",
    )
    for column, title in enumerate(TASK_COLUMNS.values(), start=1):
        put(sheet, styler, HEADER_ROW, column, title, "header")
    row = HEADER_ROW
    for item in unit.rows:
        row += 1
        result, note = split_result(item.result)
        put(sheet, styler, row, 1, item.task_path, "center")
        put(sheet, styler, row, 2, item.content)
        put(sheet, styler, row, 3, item.role.label, "center")
        put(sheet, styler, row, 4, item.occurrence_key, "center")
        put(sheet, styler, row, 5, item.due_on, "date")
        put(sheet, styler, row, 6, WorkState(item.state).label, "input_center")
        put(sheet, styler, row, 7, item.progress, "input_center")
        put(sheet, styler, row, 8, item.completed_on, "input_date")
        put(sheet, styler, row, 9, result, "input")
        put(sheet, styler, row, 10, item.difficulties, "input")
        put(sheet, styler, row, 11, item.proposals, "input")
        put(sheet, styler, row, 12, note, "input")
        put(sheet, styler, row, 13, item.occurrence_id, "hidden_id")
    last = max(row, HEADER_ROW + 1)
    _validations(sheet, HEADER_ROW + 1, last)
    set_widths(sheet, _TASK_WIDTHS[:-1], _TASK_PAGE_WIDTH)
    id_letter = get_column_letter(columns)
    sheet.column_dimensions[id_letter].width = _TASK_WIDTHS[-1]
    sheet.column_dimensions[id_letter].hidden = True
    fit_row_heights(sheet, HEADER_ROW, row, range(1, visible + 1))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    _protect(sheet)
    print_setup(sheet, HEADER_ROW, margins_mm=margins_mm)


def _validations(sheet, first: int, last: int) -> None:
    states = ",".join(state.label for state in WorkState)
    state = DataValidation(type="list", formula1=f'"{states}"', allow_blank=True, showDropDown=False)
    state.error = f"Chọn một trong các giá trị: {states.replace(',', ', ')}."
    state.errorTitle = "Trạng thái không hợp lệ"
    state.prompt = "Chọn trạng thái thực hiện trong danh sách."
    state.promptTitle = "Trạng thái"
    percent = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True)
    percent.error = "Tiến độ là số nguyên từ 0 đến 100."
    percent.errorTitle = "Tiến độ không hợp lệ"
    day = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
    )
    day.error = "Nhập ngày dạng ngày/tháng/năm, ví dụ 05/01/2025."
    day.errorTitle = "Ngày hoàn thành không hợp lệ"
    for validation, column in ((state, "F"), (percent, "G"), (day, "H")):
        validation.showErrorMessage = True
        validation.showInputMessage = validation is state
        validation.add(f"{column}{first}:{column}{last}")
        sheet.add_data_validation(validation)


def _protect(sheet) -> None:
    # No password: the protection guards against slips (typing over the task text, deleting the
    # hidden id column), and a unit that must restructure the sheet can still lift it.
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # False = allowed: widening columns and rows is fine
    protection.formatRows = False
    protection.formatCells = False
    protection.autoFilter = False
    protection.sort = False


def _target_sheet(sheet, styler, plan: Plan, units: Sequence[UnitTemplate], margins_mm) -> None:
    columns = len(TARGET_COLUMNS)
    visible = columns - 2
    title_row(sheet, styler, 1, "SỐ LIỆU CÁC CHỈ TIÊU", visible)
    heading = plan_heading(plan)
    title_row(sheet, styler, 2, heading, visible, "note", height=max(1, -(-len(heading) // 110)) * 17)
    title_row(
        sheet,
        styler,
        4,
        "Ghi số liệu thực hiện vào các ô tô vàng (số thập phân dùng dấu phẩy: 80,5).",
        visible,
        "left_note",
    )
    for column, title in enumerate(TARGET_COLUMNS.values(), start=1):
        put(sheet, styler, HEADER_ROW, column, title, "header")
    row = HEADER_ROW
    for unit in units:
        for item in unit.targets:
            row += 1
            put(sheet, styler, row, 1, row - HEADER_ROW, "center")
            put(sheet, styler, row, 2, unit.unit_name)
            put(sheet, styler, row, 3, item.text)
            put(sheet, styler, row, 4, item.target_text, "center")
            put(sheet, styler, row, 5, item.period, "input_center")
            put(sheet, styler, row, 6, item.numerator, "input_number")
            put(sheet, styler, row, 7, item.denominator, "input_number")
            put(sheet, styler, row, 8, item.value, "input_number")
            put(sheet, styler, row, 9, item.note, "input")
            put(sheet, styler, row, 10, item.indicator_id, "hidden_id")
            put(sheet, styler, row, 11, unit.unit_id, "hidden_id")
    if row > HEADER_ROW:
        number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        number.error = "Nhập một số không âm."
        number.errorTitle = "Số liệu không hợp lệ"
        number.showErrorMessage = True
        number.add(f"F{HEADER_ROW + 1}:H{row}")
        sheet.add_data_validation(number)
    set_widths(sheet, _TARGET_WIDTHS[:-2])
    for letter in ("J", "K"):
        sheet.column_dimensions[letter].width = 8
        sheet.column_dimensions[letter].hidden = True
    fit_row_heights(sheet, HEADER_ROW, row, range(1, visible + 1))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    _protect(sheet)
    print_setup(sheet, HEADER_ROW, margins_mm=margins_mm)


def _report_sheet(
    sheet, styler, plan: Plan, units: Sequence[UnitTemplate], period: Period, margins_mm
) -> None:
    columns = len(REPORT_COLUMNS)
    visible = columns - 2
    title_row(sheet, styler, 1, "BÁO CÁO CHUNG CỦA ĐƠN VỊ", visible)
    heading = plan_heading(plan)
    title_row(sheet, styler, 2, heading, visible, "note", height=max(1, -(-len(heading) // 110)) * 17)
    title_row(sheet, styler, 3, f"Kỳ báo cáo: {period_text(period)}", visible, "subtitle")
    title_row(
        sheet,
        styler,
        4,
        "Mỗi đơn vị một dòng: ghi vào các ô tô vàng những nội dung chung của cả kỳ (xuống dòng: Alt+Enter).",
        visible,
        "left_note",
    )
    for column, title in enumerate(REPORT_COLUMNS.values(), start=1):
        put(sheet, styler, HEADER_ROW, column, title, "header")
    label = period.label[:1].upper() + period.label[1:]
    for number, unit in enumerate(units, start=1):
        row = HEADER_ROW + number
        put(sheet, styler, row, 1, number, "center")
        put(sheet, styler, row, 2, unit.unit_name)
        put(sheet, styler, row, 3, label, "center")
        put(sheet, styler, row, 4, unit.highlights, "input")
        put(sheet, styler, row, 5, unit.shortcomings, "input")
        put(sheet, styler, row, 6, unit.proposals, "input")
        put(sheet, styler, row, 7, unit.unit_id, "hidden_id")
        put(sheet, styler, row, 8, period.code, "hidden_id")
        sheet.row_dimensions[row].height = _REPORT_ROW_HEIGHT
    set_widths(sheet, _REPORT_WIDTHS)
    for column in range(visible + 1, columns + 1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = 8
        sheet.column_dimensions[letter].hidden = True
    last = HEADER_ROW + len(units)
    fit_row_heights(sheet, HEADER_ROW, HEADER_ROW, range(1, visible + 1))
    for row in range(HEADER_ROW + 1, last + 1):
        # Pre-filled text longer than the default room grows the row; never shrinks it.
        filled = [sheet.cell(row=row, column=column).value or "" for column in range(4, visible + 1)]
        needed = max(
            wrapped_lines(str(text), int(sheet.column_dimensions[get_column_letter(column)].width * 1.25))
            for column, text in zip(range(4, visible + 1), filled, strict=True)
        )
        height = max(_REPORT_ROW_HEIGHT, round(needed * 14.2 + 4, 1))
        sheet.row_dimensions[row].height = min(height, _MAX_ROW_HEIGHT)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    _protect(sheet)
    print_setup(sheet, HEADER_ROW, margins_mm=margins_mm)


def period_text(period: Period) -> str:
    """ "quý IV năm 2025 (từ 15/09/2025 đến 14/12/2025)"."""
    return f"{period.label} (từ {format_date(period.start)} đến {format_date(period.end)})"


def _guide_sheet(sheet, styler, plan: Plan, units: Sequence[UnitTemplate], period: Period) -> None:
    states = ", ".join(f"«{state.label}»" for state in WorkState)
    task_sheets = "«Nhiệm vụ»" if len(units) == 1 else "mang tên từng đơn vị"
    lines = [
        ("HƯỚNG DẪN ĐIỀN BIỂU MẪU", "title"),
        (plan_heading(plan), "note"),
        ("", "plain"),
        (
            f"1. Trang tính {task_sheets}: mỗi dòng là một nhiệm vụ đơn vị được giao (nhiệm vụ lặp lại "
            "hằng năm có một dòng cho mỗi năm, ghi ở cột «Năm»).",
            "body",
        ),
        (
            "2. Chỉ điền vào các ô tô vàng. Các cột TT, Nội dung nhiệm vụ, Vai trò, Năm, Thời hạn được "
            "khóa; cột «Mã dòng» được ẩn để chương trình nhận lại đúng nhiệm vụ — xin đừng xóa.",
            "body",
        ),
        (f"3. «Trạng thái»: chọn trong danh sách {states}.", "body"),
        ("4. «Tiến độ (%)»: số nguyên từ 0 đến 100. Nhiệm vụ đã hoàn thành ghi 100.", "body"),
        (
            "5. «Ngày hoàn thành»: bắt buộc khi trạng thái là «Hoàn thành»; ghi dạng ngày/tháng/năm, "
            "ví dụ 05/01/2025.",
            "body",
        ),
        ("6. «Kết quả thực hiện»: tóm tắt kết quả, số liệu, văn bản đã ban hành.", "body"),
        (
            "7. «Khó khăn, vướng mắc / lý do chậm»: những gì cản trở việc thực hiện nhiệm vụ; nhiệm vụ "
            "chậm hoặc quá hạn xin ghi rõ lý do. «Đề xuất, kiến nghị»: đơn vị cần cấp trên hỗ trợ, "
            "giải quyết việc gì cho nhiệm vụ này. «Ghi chú»: thông tin khác (nếu có).",
            "body",
        ),
        (
            "8. Trang tính «Chỉ tiêu»: ghi kỳ báo cáo (ví dụ 2025 hoặc 2024-2025) và số liệu thực hiện — "
            "hoặc «Số lượng đạt» trên «Tổng số» (ví dụ 41 trên 51 trường), hoặc «Giá trị thực hiện».",
            "body",
        ),
        (
            f"9. Trang tính «{REPORT_SHEET}»: nội dung chung của đơn vị cho kỳ báo cáo "
            f"{period_text(period)} — «Kết quả nổi bật», «Tồn tại, hạn chế, khó khăn», «Đề xuất, "
            "kiến nghị». Ghi thành đoạn văn; xuống dòng trong ô bằng Alt+Enter.",
            "body",
        ),
        (
            f"10. Mỗi ô chữ ghi tối đa {MAX_TEXT_CHARS} ký tự. Có thể nới rộng cột, thêm dòng trống; không "
            "đổi tên tiêu đề cột. Lưu tệp dạng .xlsx (Excel, LibreOffice hay WPS đều được) và gửi lại "
            "nguyên tệp.",
            "body",
        ),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, (text, style) in enumerate(lines, start=1):
        put(sheet, styler, row, 1, text, "paragraph" if style == "body" else style)
    fit_row_heights(sheet, 1, len(lines), [1])
    sheet.protection.sheet = True
    print_setup(sheet, 1, landscape=True)


def _meta_sheet(
    sheet, plan: Plan, sheet_units: list[tuple[str, UnitTemplate]], as_of: date | None, period: Period
) -> None:
    sheet.append(["format", FORMAT_ID])
    sheet.append(["as_of", as_of.isoformat() if as_of else ""])
    sheet.append(["plan_id", plan.id])
    sheet.append(["plan_reference", plan.reference])
    sheet.append(["plan_title", plan.title])
    sheet.append(["period", period.code])
    sheet.append(["created_at", datetime.now().astimezone().isoformat(timespec="seconds")])
    for name, unit in sheet_units:
        sheet.append(["sheet", name, unit.unit_id, unit.unit_name])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # titles are user data too: never a formula
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
