"""Cell values of every sheet of a checked .xlsx, through python-calamine or openpyxl.

Both readers give the same values once normalised here: empty cells are None, whole floats are
ints, dates at midnight are dates, rows start at column A and row 1 (so an index is the Excel row
number minus one), trailing empty cells and rows are dropped. python-calamine (Rust) reads about
six times faster than openpyxl's read-only mode (bench/bench_exchange.py times both on the same
file and checks they give the same values), so "auto" uses it when it is installed and openpyxl
otherwise.

Every file goes through `core.exchange.safety.check_xlsx` first; anything a reader raises after
that becomes one ExchangeFileError line naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from core.exchange.safety import (
    MAX_COLUMNS,
    MAX_ROWS,
    ExchangeFileError,
    check_xlsx,
    refuse,
    require_defused_xml,
)

ENGINES = ("calamine", "openpyxl")

Value = str | int | float | bool | date | None


@dataclass(frozen=True, slots=True)
class SheetValues:
    name: str
    visible: bool
    rows: tuple[tuple[Value, ...], ...]

    def cell(self, row: int, column: int) -> Value:
        """The value at 1-based Excel `row` and `column`, None outside the data."""
        if row < 1 or row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[column - 1] if 1 <= column <= len(cells) else None


def calamine_available() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def read_values(path: str | Path, engine: str = "auto") -> list[SheetValues]:
    """Every sheet's values, hidden sheets included, after the safety checks."""
    path = Path(path)
    check_xlsx(path)
    if engine == "auto":
        engine = "calamine" if calamine_available() else "openpyxl"
    if engine not in ENGINES:
        raise ValueError(f"Unknown spreadsheet reader: {engine!r}")
    try:
        return _read_calamine(path) if engine == "calamine" else _read_openpyxl(path)
    except ExchangeFileError:
        raise
    except MemoryError:
        raise refuse(path.name, "tệp quá lớn để đọc") from None
    except Exception as error:  # each reader and its XML parser raise many types for a damaged file
        raise refuse(path.name, f"không đọc được bảng tính ({type(error).__name__}: {error})") from error


def normalise(value: object) -> Value:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, (timedelta, time)):
        return str(value)
    return value  # str, int, float, bool, date


def _tidy(rows: list[tuple[Value, ...]]) -> tuple[tuple[Value, ...], ...]:
    result = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] is None:
            end -= 1
        result.append(tuple(row[:end]))
    while result and not result[-1]:
        result.pop()
    return tuple(result)


def _too_big(name: str, sheet: str, rows: int) -> ExchangeFileError:
    return refuse(
        name, f"trang tính «{sheet}» có hơn {MAX_ROWS:,} dòng ({rows:,}); hãy chia nhỏ tệp".replace(",", ".")
    )


def _read_calamine(path: Path) -> list[SheetValues]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart and dialog sheets hold no cells; openpyxl skips them too
            sheet = workbook.get_sheet_by_name(meta.name)
            top, left = sheet.start if sheet.start is not None else (0, 0)
            if top + sheet.height > MAX_ROWS:
                raise _too_big(path.name, meta.name, top + sheet.height)
            if left + sheet.width > MAX_COLUMNS:
                raise refuse(path.name, f"trang tính «{meta.name}» có quá nhiều cột ({left + sheet.width})")
            rows: list[tuple[Value, ...]] = [() for _ in range(top)]
            pad = (None,) * left
            for values in sheet.to_python(skip_empty_area=True):
                rows.append(pad + tuple(normalise(value) for value in values))
            sheets.append(SheetValues(meta.name, meta.visible == SheetVisibleEnum.Visible, _tidy(rows)))
        return sheets
    finally:
        workbook.close()


def _read_openpyxl(path: Path) -> list[SheetValues]:
    from openpyxl import load_workbook

    require_defused_xml()
    workbook = load_workbook(str(path), read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in workbook.worksheets:
            declared = sheet.max_row or 0
            if declared > MAX_ROWS:
                raise _too_big(path.name, sheet.title, declared)
            # Some writers store a wrong <dimension>; read every row that is really there.
            sheet.reset_dimensions()
            rows: list[tuple[Value, ...]] = []
            for values in sheet.iter_rows(values_only=True):
                if len(rows) >= MAX_ROWS:
                    raise _too_big(path.name, sheet.title, len(rows) + 1)
                if len(values) > MAX_COLUMNS:
                    raise refuse(path.name, f"trang tính «{sheet.title}» có quá nhiều cột ({len(values)})")
                rows.append(tuple(normalise(value) for value in values))
            sheets.append(SheetValues(sheet.title, sheet.sheet_state == "visible", _tidy(rows)))
        return sheets
    finally:
        workbook.close()
