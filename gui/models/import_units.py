"""The unit names an imported plan mentions and which directory unit each will refer to.

One row per name (as `storage.plan_import.unit_names` lists them): the name, how many tasks
it leads or supports, and the choice — the unit the directory matched (ignoring case,
diacritics and abbreviations), another existing unit the user picked, a new unit, or "the
same new unit as another name of this document" (for spellings the matcher keeps apart).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.importing.units import unit_key
from core.model import Unit
from gui.dialogs.unit_picker import unit_label
from gui.models.base import RowTableModel
from gui.models.sorting import SORT_ROLE

if TYPE_CHECKING:
    from storage.plan_import import UnitMatch

COL_NAME, COL_TASKS, COL_CHOICE, COL_OUTCOME = range(4)
HEADERS = ("Tên trong văn bản", "Chủ trì / phối hợp", "Đơn vị trong danh mục", "Khi lưu")
HEADER_TIPS = (
    "Tên đơn vị như ghi trong văn bản",
    "Số nhiệm vụ đơn vị chủ trì / số nhiệm vụ đơn vị phối hợp",
    "Đơn vị trong danh mục mà tên này chỉ tới; F2 hoặc nhấp để chọn đơn vị khác (gõ để tìm, không cần dấu)",
    "Điều sẽ xảy ra khi lưu kế hoạch",
)
Index = QModelIndex | QPersistentModelIndex
NEW_BACKGROUND = "#e8f1fb"
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 20  # the row's UnitChoice


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """What a name refers to: an existing unit, or the same new unit as another name.

    Neither set: the automatic outcome — the matched unit, else a new unit.
    """

    unit_id: int | None = None
    merge_into: str | None = None  # another name of the same document


@dataclass(frozen=True, slots=True)
class UnitRow:
    name: str
    matched: Unit | None
    is_group: bool
    lead_tasks: int = 0
    support_tasks: int = 0


class ImportUnitModel(RowTableModel[UnitRow]):
    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._units: list[Unit] = []
        self._by_id: dict[int, Unit] = {}
        self._choices: dict[str, UnitChoice] = {}  # by unit_key(name): survives a re-match

    # ------------------------------------------------------------------ data in/out
    def set_directory(self, units: Sequence[Unit]) -> None:
        self._units = list(units)
        self._by_id = {unit.id: unit for unit in units if unit.id is not None}

    def set_rows(self, rows: Iterable[UnitRow]) -> None:
        rows = list(rows)
        keys = {unit_key(row.name) for row in rows}
        self._choices = {key: choice for key, choice in self._choices.items() if key in keys}
        super().set_rows(rows)

    def rows(self) -> list[UnitRow]:
        return list(self._rows)

    def choice(self, name: str) -> UnitChoice:
        return self._choices.get(unit_key(name), UnitChoice())

    def choose(self, name: str, choice: UnitChoice) -> bool:
        """Set what `name` refers to; False when the choice is not one offered for it."""
        row = next((r for r, item in enumerate(self._rows) if item.name == name), None)
        if row is None or choice not in [value for _, value in self.options(row)]:
            return False
        key = unit_key(name)
        if choice == UnitChoice():
            self._choices.pop(key, None)
        else:
            self._choices[key] = choice
        if choice != UnitChoice():
            # Names merged into this one go where it goes, so no chain of merges is ever kept.
            for other, value in list(self._choices.items()):
                if value.merge_into is not None and unit_key(value.merge_into) == key:
                    self._choices[other] = choice
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))
        return True

    def unit_ids(self) -> dict[str, int]:
        """Document name → directory unit chosen by the user (for `save_imported_plan`)."""
        return {row.name: choice.unit_id for row in self._rows
                if (choice := self.choice(row.name)).unit_id is not None}

    def renames(self) -> dict[str, str]:
        """Document name → the other name whose new unit it shares."""
        return {row.name: choice.merge_into for row in self._rows
                if (choice := self.choice(row.name)).merge_into is not None}

    def will_create(self, row: UnitRow) -> bool:
        choice = self.choice(row.name)
        return row.matched is None and choice.unit_id is None and choice.merge_into is None

    def new_names(self) -> list[str]:
        return [row.name for row in self._rows if self.will_create(row)]

    def options(self, row: int) -> list[tuple[str, UnitChoice]]:
        """The choices offered for a row, the automatic one first."""
        item = self._rows[row]
        if item.matched is not None:
            offered = [(f"{unit_label(item.matched)} (khớp tự động)", UnitChoice())]
        else:
            offered = [(self._new_label(item), UnitChoice())]
            for other in self._rows:
                if other is not item and self.will_create(other):
                    offered.append((f"Cùng đơn vị mới với «{other.name}»", UnitChoice(merge_into=other.name)))
        skip = item.matched.id if item.matched is not None else None
        offered += [(unit_label(u), UnitChoice(unit_id=u.id)) for u in self._units if u.id != skip]
        return offered

    def row_of(self, name: str) -> int:
        return next(r for r, item in enumerate(self._rows) if item.name == name)

    # ------------------------------------------------------------- QAbstractTableModel
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == COL_CHOICE else flags

    def cell(self, item: UnitRow, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._display(item, column)
        if role in (Qt.ItemDataRole.EditRole, CHOICE_ROLE):
            return self.choice(item.name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and self.will_create(item):
            return QBrush(QColor(NEW_BACKGROUND))
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_CHOICE:
            return False
        if not isinstance(value, UnitChoice):
            return False
        return self.choose(self._rows[index.row()].name, value)

    # ------------------------------------------------------------------ cells
    @staticmethod
    def _new_label(item: UnitRow) -> str:
        return "Tạo nhóm mới" if item.is_group else "Tạo đơn vị mới"

    def _display(self, item: UnitRow, column: int) -> str:
        if column == COL_NAME:
            return item.name
        if column == COL_TASKS:
            return f"{item.lead_tasks} / {item.support_tasks}"
        choice = self.choice(item.name)
        if column == COL_CHOICE:
            if choice.unit_id is not None:
                unit = self._by_id.get(choice.unit_id)
                return unit_label(unit) if unit else f"mã số {choice.unit_id}"
            if choice.merge_into is not None:
                return f"Cùng đơn vị mới với «{choice.merge_into}»"
            return unit_label(item.matched) if item.matched is not None else self._new_label(item)
        if choice.unit_id is not None:
            return "Dùng đơn vị đã chọn"
        if choice.merge_into is not None:
            return "Gộp, tạo một đơn vị"
        if item.matched is not None:
            return "Dùng đơn vị có sẵn"
        return "Tạo mới (nhóm)" if item.is_group else "Tạo mới"

    def _tooltip(self, item: UnitRow, column: int) -> str | None:
        if column == COL_TASKS:
            return f"Chủ trì {item.lead_tasks} nhiệm vụ, phối hợp {item.support_tasks} nhiệm vụ"
        if column in (COL_CHOICE, COL_OUTCOME) and self.will_create(item):
            kind = "một nhóm đơn vị" if item.is_group else "một đơn vị"
            return (f"«{item.name}» chưa có trong danh mục: khi lưu sẽ tạo {kind} mới. "
                    "Nếu đó là một đơn vị đã có, hãy chọn đơn vị ấy (F2, gõ tên không cần dấu).")
        if column == COL_CHOICE:
            return HEADER_TIPS[COL_CHOICE]
        return None


def unit_rows(matches: Sequence[UnitMatch], counts: Mapping[str, tuple[int, int]]) -> list[UnitRow]:
    """Rows from `match_units` results and (lead, support) task counts keyed by `unit_key`."""
    return [UnitRow(m.name, m.unit, m.is_group, *counts.get(unit_key(m.name), (0, 0))) for m in matches]
