"""The targets (chỉ tiêu) found in an imported plan, editable before they are saved.

Each row is a `PlannedIndicator`: the sentence it was read from, the comparison ("≥ 80,39 %"),
numerator and denominator ("41/51"), the deadline as written and the task it belongs to. A row
whose check box is cleared is not saved (the parser also finds figures that are not targets).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from core.importing import PlannedIndicator
from core.vntext import clean, format_number, parse_number
from gui.models.base import RowTableModel

Index = QModelIndex | QPersistentModelIndex
(COL_TEXT, COL_COMPARATOR, COL_VALUE, COL_MEASURE, COL_NUMERATOR, COL_DENOMINATOR, COL_DEADLINE,
 COL_TASK) = range(8)
HEADERS = ("Chỉ tiêu (bỏ đánh dấu để không lưu)", "So sánh", "Giá trị", "Đơn vị tính", "Tử số", "Mẫu số",
           "Thời hạn", "Nhiệm vụ")
HEADER_TIPS = (
    "Câu trong văn bản nêu chỉ tiêu",
    "≥ «từ … trở lên, tối thiểu», > «trên», = «đạt», ≤ «không quá», < «dưới»",
    "Giá trị cần đạt, ví dụ 80,39",
    "%, trường, xã, học sinh…",
    "Ví dụ 41 trong «41/51 trường»",
    "Ví dụ 51 trong «41/51 trường»",
    "Thời hạn như ghi trong văn bản, ví dụ «đến năm 2030»",
    "Số thứ tự của nhiệm vụ chứa chỉ tiêu (ví dụ II.4); để trống nếu chỉ tiêu chung của kế hoạch",
)
COMPARATORS: dict[str, str] = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}
COMPARATOR_LABELS: dict[str, str] = {
    ">=": "≥ từ … trở lên",
    ">": "> trên",
    "=": "= đạt",
    "<=": "≤ không quá",
    "<": "< dưới",
}
EXCLUDED_COLOUR = "#8a8a8a"


@dataclass(slots=True)
class _Row:
    planned: PlannedIndicator
    include: bool = True


class IndicatorModel(RowTableModel[_Row]):
    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS
    # Why an edit was refused ("" after an accepted one): the page shows it, the cell keeps its value.
    edit_refused = Signal(str)

    def __init__(self, task_paths: Callable[[], Sequence[str]], parent=None):
        super().__init__(parent)
        self._task_paths = task_paths  # the tree's paths, for checking a typed task number

    def set_indicators(self, indicators: Sequence[PlannedIndicator]) -> None:
        self.set_rows(_Row(item) for item in indicators)

    def indicators(self) -> tuple[PlannedIndicator, ...]:
        """The rows kept, numbered in order."""
        kept = [row.planned for row in self._rows if row.include]
        return tuple(
            dataclasses.replace(item, indicator=dataclasses.replace(item.indicator, position=position))
            for position, item in enumerate(kept)
        )

    # ------------------------------------------------------------- QAbstractTableModel
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        if index.column() == COL_TEXT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def cell(self, row: _Row, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row.planned, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(row.planned, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_TEXT:
            return Qt.CheckState.Checked if row.include else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not row.include:
            return QBrush(QColor(EXCLUDED_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TEXT:
                return row.planned.indicator.text + ("" if row.include else "\n(sẽ không lưu)")
            return HEADER_TIPS[column]
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_TEXT:
            row.include = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            changed = self._edited(row.planned, column, "" if value is None else str(value))
            if isinstance(changed, str):
                self.edit_refused.emit(f"Dòng {index.row() + 1}, cột «{HEADERS[column]}»: {changed}")
                return False
            row.planned = changed
            self.edit_refused.emit("")
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True

    # ------------------------------------------------------------------ cells
    @staticmethod
    def _number(value: float | int | None) -> str:
        return "" if value is None else format_number(float(value), group_thousands=False)

    def _display(self, item: PlannedIndicator, column: int) -> str:
        indicator = item.indicator
        if column == COL_TEXT:
            return " ".join(indicator.text.split())
        if column == COL_COMPARATOR:
            return COMPARATORS.get(indicator.comparator, indicator.comparator)
        return self._edit_value(item, column)

    def _edit_value(self, item: PlannedIndicator, column: int) -> str:
        indicator = item.indicator
        return {
            COL_TEXT: indicator.text,
            COL_COMPARATOR: indicator.comparator,
            COL_VALUE: self._number(indicator.target_value),
            COL_MEASURE: indicator.measure,
            COL_NUMERATOR: self._number(indicator.numerator),
            COL_DENOMINATOR: self._number(indicator.denominator),
            COL_DEADLINE: indicator.deadline,
            COL_TASK: item.task_path or "",
        }[column]

    def _edited(self, item: PlannedIndicator, column: int, text: str) -> PlannedIndicator | str:
        """The row with one cell changed, or why the text is not a valid value for it (shown, the
        cell keeps its value)."""
        text = clean(text)
        indicator = item.indicator
        if column == COL_TEXT:
            if not text:
                return "nội dung chỉ tiêu không được để trống"
            indicator = dataclasses.replace(indicator, text=text)
        elif column == COL_COMPARATOR:
            symbol = {v: k for k, v in COMPARATORS.items()}.get(text, text)
            if symbol not in COMPARATORS:
                return f"«{text}» không phải phép so sánh; chọn một trong {', '.join(COMPARATORS.values())}"
            indicator = dataclasses.replace(indicator, comparator=symbol)
        elif column == COL_VALUE:
            try:
                value = parse_number(text) if text else None
            except ValueError:
                return f"«{text}» không phải là số (ví dụ 80,39 hoặc 80.39)"
            indicator = dataclasses.replace(indicator, target_value=value)
        elif column == COL_MEASURE:
            indicator = dataclasses.replace(indicator, measure=text)
        elif column in (COL_NUMERATOR, COL_DENOMINATOR):
            if text and not text.isdigit():
                return f"«{text}» phải là số nguyên không âm (ví dụ 41)"
            name = "numerator" if column == COL_NUMERATOR else "denominator"
            indicator = dataclasses.replace(indicator, **{name: int(text) if text else None})
        elif column == COL_DEADLINE:
            indicator = dataclasses.replace(indicator, deadline=text)
        else:
            if text and text not in self._task_paths():
                return f"kế hoạch không có nhiệm vụ «{text}»; ghi số thứ tự như cột «Mục» của trang Nhiệm vụ"
            return dataclasses.replace(item, task_path=text or None)
        return dataclasses.replace(item, indicator=indicator)
