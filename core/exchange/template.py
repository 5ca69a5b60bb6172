"""The collection template: a workbook a unit fills in with its progress and indicator figures.

Per unit, a task sheet with one row per assignment round (a recurring task has one row per year,
shown in "Năm"): task text, role and deadline are locked; 'Trạng thái' (drop-down), 'Tiến độ (%)'
(whole number 0–100), 'Ngày hoàn thành' (a date), 'Kết quả thực hiện' and 'Ghi chú' are yellow and
open. The last column, "Mã dòng", is hidden and locked: it holds the occurrence id that ties the
row back to its assignment. A "Chỉ tiêu" sheet lists the targets each unit reports figures for, a
"Hướng dẫn" sheet explains all this in Vietnamese, and a very hidden sheet records which plan and
which unit each sheet belongs to. Several units can share one workbook, one task sheet each.

The column titles here are a contract: the reader finds columns by these titles (and other
tools may too), so they are never renamed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from core.exchange.styles import Styler, fit_row_heights, print_setup, put, set_widths, title_row
from core.model import Plan, Role, WorkState
from core.vntext import format_date, search_key

FORMAT_ID = "kehoach-bieu-mau/1"
META_SHEET = "_kehoach"
TARGET_SHEET = "Chỉ tiêu"
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
INPUT_FIELDS = ("state", "progress", "completed", "result", "note")
_TASK_WIDTHS = [7, 46, 10, 7, 11, 16, 9, 12, 32, 16, 8]
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
    margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15),
) -> Path:
    """Write the collection workbook for one or several units to `path` and return it."""
    if not units:
        raise ValueError("Không có đơn vị nào để lập biểu mẫu thu thập")
    path = Path(path)
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    styler = Styler(guide)
    names: set[str] = {GUIDE_SHEET, TARGET_SHEET, META_SHEET}
    sheet_units: list[tuple[str, UnitTemplate]] = []
    for unit in units:
        name = "Nhiệm vụ" if len(units) == 1 else _sheet_name(unit.unit_name, names)
        names.add(name)
        sheet = workbook.create_sheet(name)
        _task_sheet(sheet, styler, plan, unit, as_of, margins_mm)
        sheet_units.append((name, unit))
    targets = workbook.create_sheet(TARGET_SHEET)
    _target_sheet(targets, styler, plan, units, margins_mm)
    _guide_sheet(guide, styler, plan, units)
    _meta_sheet(workbook.create_sheet(META_SHEET), plan, sheet_units, as_of)
    workbook.active = 1  # open on the (first) task sheet
    workbook.save(path)
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
        put(sheet, styler, row, 10, note, "input")
        put(sheet, styler, row, 11, item.occurrence_id, "hidden_id")
    last = max(row, HEADER_ROW + 1)
    _validations(sheet, HEADER_ROW + 1, last)
    set_widths(sheet, _TASK_WIDTHS[:-1])
    sheet.column_dimensions["K"].width = _TASK_WIDTHS[-1]
    sheet.column_dimensions["K"].hidden = True
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


def _guide_sheet(sheet, styler, plan: Plan, units: Sequence[UnitTemplate]) -> None:
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
        (
            "6. «Kết quả thực hiện»: tóm tắt kết quả, số liệu, văn bản đã ban hành. «Ghi chú»: khó khăn, "
            "vướng mắc, đề xuất (nếu có).",
            "body",
        ),
        (
            "7. Trang tính «Chỉ tiêu»: ghi kỳ báo cáo (ví dụ 2025 hoặc 2024-2025) và số liệu thực hiện — "
            "hoặc «Số lượng đạt» trên «Tổng số» (ví dụ 41 trên 51 trường), hoặc «Giá trị thực hiện».",
            "body",
        ),
        (
            "8. Có thể nới rộng cột, thêm dòng trống; không đổi tên tiêu đề cột. Lưu tệp dạng .xlsx "
            "(Excel, LibreOffice hay WPS đều được) và gửi lại nguyên tệp.",
            "body",
        ),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, (text, style) in enumerate(lines, start=1):
        put(sheet, styler, row, 1, text, "paragraph" if style == "body" else style)
    fit_row_heights(sheet, 1, len(lines), [1])
    sheet.protection.sheet = True
    print_setup(sheet, 1, landscape=True)


def _meta_sheet(sheet, plan: Plan, sheet_units: list[tuple[str, UnitTemplate]], as_of: date | None) -> None:
    sheet.append(["format", FORMAT_ID])
    sheet.append(["as_of", as_of.isoformat() if as_of else ""])
    sheet.append(["plan_id", plan.id])
    sheet.append(["plan_reference", plan.reference])
    sheet.append(["plan_title", plan.title])
    sheet.append(["created_at", datetime.now().astimezone().isoformat(timespec="seconds")])
    for name, unit in sheet_units:
        sheet.append(["sheet", name, unit.unit_id, unit.unit_name])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # titles are user data too: never a formula
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
