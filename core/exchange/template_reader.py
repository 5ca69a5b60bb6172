"""A returned collection template → its rows, as typed, with where each value came from.

Units do things to templates: re-save them in LibreOffice or WPS, widen or reorder columns, add
blank rows, delete the hidden id column, unhide and delete the meta sheet. So nothing here relies
on positions: the header row is found by its titles (core.exchange.template's contract, compared
without case or diacritics), columns are mapped by title, blank rows are skipped, and the plan and
unit of each sheet come from the hidden meta sheet or, failing that, from the title block
("Kế hoạch số …", "Đơn vị báo cáo: …"). Values are left raw; core.exchange.preview interprets them.
A column a template of an earlier version did not have is simply absent from the rows' `columns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter

from core.exchange.cells import clean_text
from core.exchange.reader import SheetValues, Value, read_values
from core.exchange.template import (
    FORMAT_ID,
    META_SHEET,
    PLAN_PREFIX,
    REPORT_COLUMNS,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    UNIT_PREFIX,
)
from core.vntext import clean, search_key

_HEADER_SCAN_ROWS = 40
_TASK_KEYS = {search_key(title): name for name, title in TASK_COLUMNS.items()}
_TARGET_KEYS = {search_key(title): name for name, title in TARGET_COLUMNS.items()}
_REPORT_KEYS = {search_key(title): name for name, title in REPORT_COLUMNS.items()}
_REFERENCE = re.compile(r"số\s+([0-9]+\s*/\s*[\wĐđ&-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReturnedRow:
    """A data row of a task sheet: its 1-based Excel row and the raw values by field name."""

    sheet: str
    row: int
    values: dict[str, Value]
    columns: dict[str, str]  # field name → column letter, for messages

    def get(self, name: str) -> Value:
        return self.values.get(name)


@dataclass(frozen=True, slots=True)
class ReturnedSheet:
    name: str
    unit_id: int | None  # from the meta sheet
    unit_name: str  # from the meta sheet, else the title block
    rows: tuple[ReturnedRow, ...]
    has_id_column: bool
    missing_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReturnedWorkbook:
    path: Path
    is_template: bool  # made by this application (meta sheet present)
    plan_id: int | None
    plan_reference: str
    plan_title: str
    as_of: date | None
    task_sheets: tuple[ReturnedSheet, ...]
    target_rows: tuple[ReturnedRow, ...] = ()
    report_rows: tuple[ReturnedRow, ...] = ()  # the "Báo cáo chung" sheet: one row per unit
    period: str = ""  # the report period code the template was made for (meta sheet)
    looks_like_annex: bool = False  # a task table (TT, Nội dung, … chủ trì …) rather than a template
    notes: tuple[str, ...] = field(default=())  # structural remarks, e.g. "meta sheet missing"

    @property
    def name(self) -> str:
        return self.path.name


def read_returned(path: str | Path, engine: str = "auto") -> ReturnedWorkbook:
    """Read a returned template; ExchangeFileError for a file that is not a usable .xlsx."""
    path = Path(path)
    sheets = read_values(path, engine)
    meta = next((sheet for sheet in sheets if sheet.name == META_SHEET), None)
    info = _meta(meta) if meta is not None else {}
    units_by_sheet: dict[str, tuple[int | None, str]] = info.get("sheets", {})
    notes: list[str] = []
    if meta is None:
        notes.append("không có trang thông tin ẩn của biểu mẫu; nhận đơn vị theo dòng «Đơn vị báo cáo»")
    if "as_of_damaged" in info:
        notes.append(
            f"ngày lập biểu mẫu ghi trong trang thông tin ẩn bị sửa hỏng («{info['as_of_damaged']}»):"
            " không kiểm tra được nhiệm vụ nào còn thiếu trong bảng"
        )
    task_sheets: list[ReturnedSheet] = []
    target_rows: tuple[ReturnedRow, ...] = ()
    report_rows: tuple[ReturnedRow, ...] = ()
    plan_reference, plan_title = info.get("plan_reference", ""), info.get("plan_title", "")
    for sheet in sheets:
        if sheet is meta:
            continue
        found = _find_header(sheet)
        if found is None:
            continue
        header, columns, kind = found
        if kind == "targets":
            target_rows = _data_rows(sheet, header, columns)
            continue
        if kind == "reports":
            report_rows = _data_rows(sheet, header, columns)
            continue
        unit_id, unit_name = units_by_sheet.get(sheet.name, (None, ""))
        title_unit, title_reference = _title_block(sheet, header)
        if not unit_name:
            unit_name = title_unit
        if not plan_reference and title_reference:
            plan_reference = title_reference
        missing = tuple(
            TASK_COLUMNS[name] for name in ("content", "state", "progress") if name not in columns
        )
        task_sheets.append(
            ReturnedSheet(
                name=sheet.name,
                unit_id=unit_id,
                unit_name=unit_name,
                rows=_data_rows(sheet, header, columns),
                has_id_column="id" in columns,
                missing_columns=missing,
            )
        )
    return ReturnedWorkbook(
        path=path,
        is_template=info.get("format") == FORMAT_ID,
        plan_id=info.get("plan_id"),
        plan_reference=plan_reference,
        plan_title=plan_title,
        as_of=info.get("as_of"),
        task_sheets=tuple(task_sheets),
        target_rows=target_rows,
        report_rows=report_rows,
        period=info.get("period", ""),
        looks_like_annex=not task_sheets and any(_has_annex_header(sheet) for sheet in sheets),
        notes=tuple(notes),
    )


def _meta(sheet: SheetValues) -> dict:
    info: dict = {"sheets": {}}
    for row in sheet.rows:
        if not row or not isinstance(row[0], str):
            continue
        key = row[0]
        if key == "sheet" and len(row) >= 4:
            unit_id = row[2] if isinstance(row[2], int) else None
            info["sheets"][str(row[1])] = (unit_id, clean(str(row[3] or "")))
        elif key == "plan_id" and len(row) > 1 and isinstance(row[1], int):
            info["plan_id"] = row[1]
        elif key == "as_of" and len(row) > 1 and row[1]:
            # A damaged date only loses the check for missing rows, and the user is told so.
            try:
                info["as_of"] = row[1] if isinstance(row[1], date) else date.fromisoformat(str(row[1]))
            except ValueError:
                info["as_of_damaged"] = clean(str(row[1]))
        elif key in ("format", "plan_reference", "plan_title", "period") and len(row) > 1:
            info[key] = clean(str(row[1] or ""))
    return info


def _find_header(sheet: SheetValues) -> tuple[int, dict[str, int], str] | None:
    """(header row, field → 1-based column, "tasks", "targets" or "reports") of the first row of titles."""
    for index, row in enumerate(sheet.rows[:_HEADER_SCAN_ROWS], start=1):
        keys = [search_key(str(value)) if isinstance(value, str) else "" for value in row]
        for kind, known, needed in (
            ("tasks", _TASK_KEYS, {"content", "state"}),
            ("targets", _TARGET_KEYS, {"text", "indicator_id"}),
            ("reports", _REPORT_KEYS, {"unit", "highlights"}),
        ):
            columns = {known[key]: column for column, key in enumerate(keys, start=1) if key in known}
            if needed <= columns.keys() and (kind != "tasks" or "progress" in columns or "result" in columns):
                return index, columns, kind
    return None


def _has_annex_header(sheet: SheetValues) -> bool:
    for row in sheet.rows[:_HEADER_SCAN_ROWS]:
        keys = " | ".join(search_key(value) for value in row if isinstance(value, str))
        if "noi dung" in keys and "chu tri" in keys:
            return True
    return False


def _data_rows(sheet: SheetValues, header: int, columns: dict[str, int]) -> tuple[ReturnedRow, ...]:
    letters = {name: get_column_letter(column) for name, column in columns.items()}
    rows = []
    for number in range(header + 1, len(sheet.rows) + 1):
        values = {name: _clean(sheet.cell(number, column)) for name, column in columns.items()}
        if all(value is None for value in values.values()):
            continue  # blank rows added between or after the data
        rows.append(ReturnedRow(sheet.name, number, values, letters))
    return tuple(rows)


def _clean(value: Value) -> Value:
    if isinstance(value, str):
        text = clean_text(value)
        return text or None
    return value


def _title_block(sheet: SheetValues, header: int) -> tuple[str, str]:
    """(unit name, plan reference) written above the header row, where merged title cells keep them."""
    unit, reference = "", ""
    for row in sheet.rows[: header - 1]:
        for value in row:
            if not isinstance(value, str):
                continue
            text = clean(value)
            if not unit and search_key(text).startswith(search_key(UNIT_PREFIX)):
                unit = clean(text[len(UNIT_PREFIX) :].lstrip(" :"))
            elif not reference and search_key(text).startswith(search_key(PLAN_PREFIX)):
                match = _REFERENCE.search(text)
                if match:
                    reference = "".join(match.group(1).split())
    return unit, reference
