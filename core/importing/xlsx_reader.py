"""An annex task table in Excel (.xlsx) → the text the plan parser reads.

The sheet may have title rows above the table ("PHỤ LỤC", the annex title, "(Kèm theo …)"),
merged title cells, and its columns in any order. The header row is found by its titles
(TT, Nội dung, … chủ trì, … phối hợp, Thời gian …), possibly over two rows; the rows are
then written as tab-separated lines in the order TT, content, lead, support, time, which
is how the text parser reads annex tables.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from core.importing.annex import Columns, find_header, header_columns
from core.importing.textprep import PARA_BREAK, Row, tidy
from core.vntext import format_date

_CANONICAL = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\t", " ")
    return PARA_BREAK.join(tidy(part) for part in text.split("\n") if part.strip())


def read_sheets(path: Path) -> list[list[tuple[object, ...]]]:
    """Every sheet's cell values, row by row; `ValueError` naming the cause for a damaged file."""
    try:
        workbook = load_workbook(str(path), read_only=True, data_only=True)
        try:
            return [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]
        finally:
            workbook.close()
    except Exception as error:  # openpyxl and its XML parser raise many types for a damaged file
        raise ValueError(f"{type(error).__name__}: {error}") from error


def xlsx_text(sheets: list[list[tuple[object, ...]]]) -> str | None:
    """The first sheet holding a task table, as text; None when no sheet has one."""
    for values in sheets:
        rows = [Row(tuple(_cell_text(value) for value in row), False) for row in values]
        header = find_header(rows)
        if header is not None:
            return _as_text(rows, *header)
    return None


def _as_text(rows: list[Row], first_data: int, columns: Columns) -> str:
    header_start = next(i for i, row in enumerate(rows) if header_columns(row.cells) is not None)
    titles = [" ".join(cell for cell in row.cells if cell) for row in rows[:header_start]]
    titles = [title for title in titles if title]
    lines: list[str] = []
    if not titles or not titles[0].lower().startswith("phụ lục"):
        lines.append("Phụ lục")
    lines.extend(titles)
    lines.append("")
    lines.append("\t".join(_CANONICAL))
    order = (columns.tt, columns.content, columns.lead, columns.support, columns.time)
    for row in rows[first_data:]:
        cells = [row.cells[index] if index is not None and index < len(row.cells) else "" for index in order]
        if any(cells):
            lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
