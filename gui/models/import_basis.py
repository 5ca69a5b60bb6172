"""The "Căn cứ" lines and the "Tổ chức thực hiện" parts of an imported plan, for the preview.

`BasisModel` lets the user correct or drop each basis line and shows the document number it
cites and whether a plan with that number is already in the database (the link that makes a
plan chain visible). `ResponsibilityModel` lists which unit the document charges with what.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.importing import ParsedResponsibility
from core.importing.header import reference_in
from core.model import BasisDocument
from core.vntext import clean
from gui.models.base import RowTableModel

Index = QModelIndex | QPersistentModelIndex
COL_TEXT, COL_REFERENCE, COL_LINK = range(3)
HEADERS = ("Căn cứ (bỏ đánh dấu để không lưu)", "Số hiệu trích dẫn", "Trong dữ liệu")
LINKED_COLOUR = "#1e7b34"
UNLINKED_COLOUR = "#5f6368"


@dataclass(frozen=True, slots=True)
class BasisLink:
    """What the database holds for a cited number: the plan it links to, or why none."""

    plan_id: int | None
    text: str  # "→ liên kết tới kế hoạch 740/KH-BCSD …" or "chưa có trong dữ liệu"


# Looks up a cited reference ("740/KH-BCSD") in the database.
LinkResolver = Callable[[str], BasisLink]


@dataclass(slots=True)
class _BasisRow:
    original: BasisDocument
    text: str
    include: bool = True

    @property
    def reference(self) -> str | None:
        return reference_in(self.text)


class BasisModel(RowTableModel[_BasisRow]):
    HEADERS = HEADERS

    def __init__(self, resolver: LinkResolver, parent=None):
        super().__init__(parent)
        self._resolver = resolver
        self._links: dict[str, BasisLink] = {}

    def set_basis(self, basis: Sequence[BasisDocument]) -> None:
        self.set_rows(_BasisRow(item, item.text) for item in basis)

    def basis(self) -> tuple[BasisDocument, ...]:
        """The lines kept, edited; storage links each to the plan with its number."""
        return tuple(
            dataclasses.replace(row.original, text=clean(row.text), reference=row.reference,
                                linked_plan_id=None)
            for row in self._rows if row.include and clean(row.text)
        )

    def add_line(self, text: str = "") -> QModelIndex:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_BasisRow(BasisDocument(text=text), text))
        self.endInsertRows()
        return self.index(row, COL_TEXT)

    def link(self, row: int) -> BasisLink | None:
        reference = self._rows[row].reference
        if reference is None:
            return None
        if reference not in self._links:
            self._links[reference] = self._resolver(reference)
        return self._links[reference]

    def linked_count(self) -> int:
        return sum(1 for row in range(len(self._rows))
                   if self._rows[row].include and (link := self.link(row)) and link.plan_id is not None)

    # ------------------------------------------------------------- QAbstractTableModel
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_TEXT:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        link = self.link(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == COL_TEXT:
                return row.text
            if column == COL_REFERENCE:
                return row.reference or ""
            return link.text if link else "không nêu số hiệu"
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_TEXT:
            return Qt.CheckState.Checked if row.include else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.include:
                return QBrush(QColor(UNLINKED_COLOUR))
            if column == COL_LINK:
                linked = link is not None and link.plan_id is not None
                return QBrush(QColor(LINKED_COLOUR if linked else UNLINKED_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TEXT:
                return row.text + ("" if row.include else "\n(sẽ không lưu)")
            if column == COL_LINK and link is not None and link.plan_id is not None:
                return ("Khi lưu, căn cứ này được nối với kế hoạch đã có, để xem được chuỗi kế hoạch "
                        "cấp trên – cấp dưới")
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_TEXT:
            return False
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            row.include = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            row.text = clean(str(value or ""))
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True


class ResponsibilityModel(RowTableModel[ParsedResponsibility]):
    """Read-only: the units the document charges under "Tổ chức thực hiện" and with what."""

    HEADERS = ("Đơn vị", "Nhiệm vụ được giao")

    def set_responsibilities(self, rows: Sequence[ParsedResponsibility]) -> None:
        self.set_rows(rows)

    def unit_at(self, row: int) -> str:
        return self._rows[row].unit

    def cell(self, item: ParsedResponsibility, column: int, role: int):
        text = item.unit if column == 0 else item.text
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(text.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        return None
