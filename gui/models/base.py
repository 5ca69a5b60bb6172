"""The plumbing every flat table model of the application shares: a list of rows and fixed headers.

A subclass sets HEADERS (and HEADER_TIPS for header tooltips) and answers `cell(row, column, role)`
for one row value; counting, header texts and the reset around a new list of rows live here once.
Tree models keep their own plumbing: their rows are not a flat list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index, as a default argument


def header_data(
    headers: tuple[str, ...], tips: tuple[str, ...], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A horizontal header's text or tooltip; None for any other question (also for tree models)."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(headers):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return headers[section]
    if role == Qt.ItemDataRole.ToolTipRole and section < len(tips):
        return tips[section] or None
    return None


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """A table of `RowT` values, one per row, with the columns HEADERS names."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: tuple[str, ...] = ()  # may be shorter than HEADERS; "" or missing: no tooltip

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RowT] = []

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, row: RowT, column: int, role: int) -> Any:
        """What `data` answers for `role` at `column` of the row value `row`."""
        return None

    # ------------------------------------------------------------- QAbstractTableModel
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return header_data(self.HEADERS, self.HEADER_TIPS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)
