"""The look of every workbook the application writes: Times New Roman, borders, wrapped text, A4.

A clerk's table has a title block (merged, centred, bold), a header row in bold with borders, body
cells with thin borders and wrapped text, column widths that add up to an A4 landscape page, and
print settings so that "Print" gives a usable page: A4 landscape, fitted to the page width, the
header row repeated on every page, official margins.

Styling 100,000 cells through openpyxl's style descriptors is slow (every assignment hashes the
style), so `Styler` builds each named style once on a scratch cell and copies its style array to
the cells that use it, the way openpyxl's own worksheet copy does.

`text_cell` is the formula-injection guard: user data that starts with =, +, - or @ is stored
as a text cell (with Excel's "quote prefix") and can never become a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.paths import atomic_write_bytes

FONT_NAME = "Times New Roman"
BODY_SIZE = 12
TITLE_SIZE = 14
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.00%"

# Usable width of A4 landscape with the official margins (297 mm − 30 − 15) is about 252 mm;
# one unit of Excel column width is roughly 1.9 mm of Times New Roman 12 pt, so the columns of a
# table should add up to about 130 units to fill the page without shrinking the print much.
A4_LANDSCAPE_WIDTH = 130.0

# Characters that make Excel (and LibreOffice) read a typed cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")  # pale yellow: "fill this in"
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


@dataclass(frozen=True, slots=True)
class CellStyle:
    """A named combination of font, alignment, border, fill, number format and protection."""

    bold: bool = False
    italic: bool = False
    size: int = BODY_SIZE
    horizontal: str | None = None
    vertical: str = "top"
    wrap: bool = True
    border: bool = True
    fill: PatternFill | None = None
    number_format: str | None = None
    locked: bool = True
    hidden: bool = False


STYLES: dict[str, CellStyle] = {
    "title": CellStyle(bold=True, size=TITLE_SIZE, horizontal="center", vertical="center", border=False),
    "subtitle": CellStyle(bold=True, horizontal="center", vertical="center", border=False),
    "note": CellStyle(italic=True, horizontal="center", vertical="center", border=False),
    "left_note": CellStyle(italic=True, horizontal="left", vertical="center", border=False),
    "plain": CellStyle(border=False, wrap=False),
    "heading": CellStyle(bold=True, border=False, wrap=False),
    "header": CellStyle(bold=True, horizontal="center", vertical="center", fill=_GROUP_FILL),
    "body": CellStyle(),
    "paragraph": CellStyle(border=False, vertical="center"),
    "center": CellStyle(horizontal="center"),
    "date": CellStyle(horizontal="center", number_format=DATE_FORMAT),
    "number": CellStyle(horizontal="right", number_format="#,##0.##"),
    "integer": CellStyle(horizontal="center", number_format="0"),
    "percent": CellStyle(horizontal="right", number_format=PERCENT_FORMAT),
    "group": CellStyle(bold=True, fill=_GROUP_FILL),
    "group_center": CellStyle(bold=True, horizontal="center", fill=_GROUP_FILL),
    "input": CellStyle(fill=_INPUT_FILL, locked=False),
    "input_center": CellStyle(horizontal="center", fill=_INPUT_FILL, locked=False),
    "input_date": CellStyle(horizontal="center", fill=_INPUT_FILL, locked=False, number_format=DATE_FORMAT),
    "input_number": CellStyle(horizontal="right", fill=_INPUT_FILL, locked=False, number_format="General"),
    "hidden_id": CellStyle(border=False, wrap=False, hidden=True),
}


class Styler:
    """Applies the named `STYLES` to cells of one workbook, building each style only once."""

    def __init__(self, sheet: Worksheet):
        self._scratch = sheet
        self._arrays: dict[str, object] = {}

    def apply(self, cell: Cell, name: str) -> Cell:
        array = self._arrays.get(name)
        if array is None:
            array = self._arrays[name] = self._build(STYLES[name])
        # The style array is what openpyxl itself copies between cells (WorksheetCopy); copying
        # it skips re-hashing font, border, alignment… for every cell.
        cell._style = copy(array)
        return cell

    def _build(self, style: CellStyle):
        cell = Cell(self._scratch)
        cell.font = Font(name=FONT_NAME, size=style.size, bold=style.bold, italic=style.italic)
        cell.alignment = Alignment(horizontal=style.horizontal, vertical=style.vertical, wrap_text=style.wrap)
        if style.border:
            cell.border = _BOX
        if style.fill is not None:
            cell.fill = style.fill
        if style.number_format:
            cell.number_format = style.number_format
        cell.protection = Protection(locked=style.locked, hidden=style.hidden)
        return cell._style


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def put(sheet: Worksheet, styler: Styler, row: int, column: int, value: object, style: str = "body") -> Cell:
    """Write `value` at (row, column) with a named style; text is always stored as text."""
    cell = sheet.cell(row=row, column=column)
    set_value(cell, value)
    styler.apply(cell, style)
    if isinstance(value, str) and is_formula_like(value):
        # Shown as typed, and Excel keeps it text even when the user edits the cell.
        cell.quotePrefix = True
    return cell


def set_value(cell: Cell, value: object) -> None:
    """Store `value`; a string is stored as a string even when it looks like a formula."""
    if isinstance(value, str):
        cell.value = value
        # openpyxl turns any string starting with "=" into a formula; user data never is one.
        cell.data_type = "s"
    elif isinstance(value, date) or value is None or isinstance(value, int | float):
        cell.value = value
    else:
        raise TypeError(f"Không ghi được giá trị kiểu {type(value).__name__} vào bảng tính")


def title_row(
    sheet: Worksheet,
    styler: Styler,
    row: int,
    text: str,
    last_column: int,
    style: str = "title",
    height: float | None = None,
) -> None:
    """A line of the title block: one cell merged across the table's width."""
    put(sheet, styler, row, 1, text, style)
    if last_column > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    if height is not None:
        sheet.row_dimensions[row].height = height


def set_widths(sheet: Worksheet, widths: list[float], total: float | None = A4_LANDSCAPE_WIDTH) -> None:
    """Column widths in Excel units, scaled so that they add up to `total` (a page) when given."""
    scale = total / sum(widths) if total else 1.0
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width * scale, 2)


def print_setup(
    sheet: Worksheet,
    header_row: int,
    *,
    landscape: bool = True,
    margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15),
) -> None:
    """A4, landscape by default, fitted to one page wide, header row repeated, official margins.

    `margins_mm` is (top, bottom, left, right) as in the office's settings.
    """
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    top, bottom, left, right = (value / 25.4 for value in margins_mm)
    sheet.page_margins.top, sheet.page_margins.bottom = top, bottom
    sheet.page_margins.left, sheet.page_margins.right = left, right
    sheet.page_margins.header, sheet.page_margins.footer = 0.3, 0.3
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = FONT_NAME
    sheet.oddFooter.center.size = 11


def fit_row_heights(
    sheet: Worksheet, first_row: int, last_row: int, columns: Sequence[int], *, line_height: float = 14.2
) -> None:
    """Set the height of each row from `first_row` to `last_row` to fit the wrapped text of `columns`.

    Neither LibreOffice nor Excel reliably grows rows written by a program when the file opens, so
    without this long task texts overlap on screen and on paper. About 1.25 Times New Roman 12 pt
    characters fit in one unit of column width (measured on LibreOffice's rendering of Vietnamese
    text, bold a little wider), and lines break at word boundaries.
    """
    capacity = {}
    for column in columns:
        dimension = sheet.column_dimensions[get_column_letter(column)]
        capacity[column - 1] = max(1, int((dimension.width or 8.43) * 1.25))
    for offset, values in enumerate(sheet.iter_rows(min_row=first_row, max_row=last_row, values_only=True)):
        lines = 1
        for index, per_line in capacity.items():
            value = values[index] if index < len(values) else None
            if isinstance(value, str) and (len(value) > per_line or "\n" in value):
                lines = max(lines, wrapped_lines(value, per_line))
        if lines > 1:
            sheet.row_dimensions[first_row + offset].height = round(lines * line_height + 4, 1)


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines `text` takes when wrapped at word boundaries into lines of `per_line` characters."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used:
                lines += 1
            used = size
            while used > per_line:  # a word longer than the line breaks anywhere
                lines += 1
                used -= per_line
        total += lines
    return total


def save_workbook(workbook: Workbook, path: str | Path) -> Path:
    """Save `workbook` to `path` whole or not at all (a full disk leaves no half-written .xlsx)."""
    buffer = BytesIO()
    workbook.save(buffer)
    return atomic_write_bytes(path, buffer.getvalue())
