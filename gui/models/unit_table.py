"""Item models of the unit directory: the unit table, the group-member checklist and their filter.

Rows are plain values built once per reload (`build_unit_rows`), so the models never touch the
database. Both models expose a search key and a kind for `UnitFilterProxy`, which filters in
memory: the directory holds at most a few hundred units, and filtering the loaded rows keeps
typing instant and the selection stable while the kind filter and the search combine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from core.model import Unit, UnitKind
from core.vntext import search_key, sort_key
from gui.models.base import RowTableModel
from gui.models.sorting import SORT_ROLE, VietnameseSortProxy

COL_NAME, COL_SHORT, COL_KIND, COL_PARENT, COL_GROUP = range(5)
HEADERS = ("Tên đơn vị", "Tên viết tắt", "Loại", "Trực thuộc", "Nhóm")

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_KEY_ROLE = Qt.ItemDataRole.UserRole + 3
KIND_ROLE = Qt.ItemDataRole.UserRole + 4

# The kind filter's value for "Nhóm đơn vị"; kind codes are lower-case identifiers, never this.
GROUP_KIND = "<group>"
GROUP_KIND_LABEL = "Nhóm đơn vị"

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index, as a default argument


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit as the directory shows it, with the names its ids point to already looked up."""

    unit: Unit
    kind_name: str = ""
    parent_name: str = ""
    member_count: int = 0  # groups only
    group_names: tuple[str, ...] = ()  # the groups a (non-group) unit belongs to
    key: str = ""  # search key of the name and the short name

    @property
    def kind_filter(self) -> str:
        return GROUP_KIND if self.unit.is_group else (self.unit.kind_code or "")

    @property
    def group_text(self) -> str:
        if self.unit.is_group:
            return f"Nhóm · {self.member_count} đơn vị"
        return ", ".join(self.group_names)


def _lookup_data(row: UnitRow, role: int) -> int | str | None:
    """The roles both unit models answer alike: the unit's id, its search key and its kind."""
    if role == UNIT_ID_ROLE:
        return row.unit.id
    if role == SEARCH_KEY_ROLE:
        return row.key
    if role == KIND_ROLE:
        return row.kind_filter
    return None


def unit_search_key(unit: Unit) -> str:
    return search_key(f"{unit.name} {unit.short_name}")


def build_unit_rows(
    units: Iterable[Unit], kinds: Iterable[UnitKind], members: dict[int, list[int]]
) -> list[UnitRow]:
    """Rows for `units`; `members` maps each group's id to its members' ids."""
    units = list(units)
    kind_names = {kind.code: kind.name for kind in kinds}
    names = {unit.id: unit.name for unit in units}
    groups_of: dict[int, list[str]] = {}
    for group_id, member_ids in members.items():
        for member_id in member_ids:
            groups_of.setdefault(member_id, []).append(names.get(group_id, ""))
    rows = []
    for unit in units:
        if unit.is_group:
            kind_name = GROUP_KIND_LABEL
        else:
            kind_name = kind_names.get(unit.kind_code or "", unit.kind_code or "")
        rows.append(
            UnitRow(
                unit=unit,
                kind_name=kind_name,
                parent_name=names.get(unit.parent_id, "") if unit.parent_id is not None else "",
                member_count=len(members.get(unit.id, ())) if unit.is_group else 0,
                group_names=tuple(sorted(groups_of.get(unit.id, ()), key=sort_key)),
                key=unit_search_key(unit),
            )
        )
    return rows


class UnitTableModel(RowTableModel[UnitRow]):
    HEADERS = HEADERS

    def row_at(self, row: int) -> UnitRow:
        return self._rows[row]

    def row_of(self, unit_id: int) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.unit.id == unit_id), None)

    def cell(self, row: UnitRow, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and row.unit.is_group and column == COL_NAME:
            font = QFont()
            font.setBold(True)
            return font
        return _lookup_data(row, role)

    @staticmethod
    def _display(row: UnitRow, column: int) -> str:
        if column == COL_NAME:
            return row.unit.name
        if column == COL_SHORT:
            return row.unit.short_name
        if column == COL_KIND:
            return row.kind_name
        if column == COL_PARENT:
            return row.parent_name
        return row.group_text

    @staticmethod
    def _tooltip(row: UnitRow, column: int) -> str | None:
        if column == COL_NAME:
            return f"{row.unit.name}\n{row.unit.notes}" if row.unit.notes else row.unit.name
        if column == COL_GROUP and row.group_text:
            if row.unit.is_group:
                return f"Nhóm gồm {row.member_count} đơn vị; chọn nhóm để xem danh sách."
            return "Thuộc các nhóm: " + row.group_text
        return None


class MemberChecklistModel(QAbstractListModel):
    """Checkable list of the units a group can contain (every unit that is not itself a group)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[UnitRow] = []
        self._checked: set[int] = set()

    def set_units(self, rows: list[UnitRow], checked_ids: Iterable[int]) -> None:
        self.beginResetModel()
        self._rows = [row for row in rows if not row.unit.is_group and row.unit.id is not None]
        known = {row.unit.id for row in self._rows}
        self._checked = {unit_id for unit_id in checked_ids if unit_id in known}
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        """The ticked units' ids, in the list's (Vietnamese) order."""
        return [row.unit.id for row in self._rows if row.unit.id in self._checked]

    def checked_count(self) -> int:
        return len(self._checked)

    def kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self._rows:
            if row.unit.kind_code:
                counts[row.unit.kind_code] = counts.get(row.unit.kind_code, 0) + 1
        return counts

    def check_kind(self, kind_code: str) -> int:
        """Tick every unit of `kind_code`; returns how many were newly ticked."""
        return self._set_where(lambda _position, row: row.unit.kind_code == kind_code, True)

    def set_all(self, checked: bool, rows: Iterable[int] | None = None) -> int:
        """Tick or untick the given source rows (all rows when None); returns how many changed."""
        wanted = None if rows is None else set(rows)
        return self._set_where(lambda position, _row: wanted is None or position in wanted, checked)

    def _set_where(self, predicate: Callable[[int, UnitRow], bool], checked: bool) -> int:
        changed = 0
        for position, row in enumerate(self._rows):
            if predicate(position, row) and (row.unit.id in self._checked) != checked:
                if checked:
                    self._checked.add(row.unit.id)
                else:
                    self._checked.discard(row.unit.id)
                changed += 1
                index = self.index(position)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return changed

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return row.unit.name
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = row.unit.id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.unit.name} — {row.kind_name}" if row.kind_name else row.unit.name
        return _lookup_data(row, role)

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        # Views pass the check state as an int.
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        unit_id = self._rows[index.row()].unit.id
        if checked:
            self._checked.add(unit_id)
        else:
            self._checked.discard(unit_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class UnitFilterProxy(VietnameseSortProxy):
    """Vietnamese sorting plus the directory's filters: search words and one kind (or groups).

    Every word typed must occur in the row's search key, the rule storage's SQL search follows,
    so "phong giao duc" and "giáo dục phòng" both find "Phòng Giáo dục và Đào tạo".
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._kind: str | None = None

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = search_key(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_kind(self, kind: str | None) -> None:
        """A kind code, GROUP_KIND for groups only, or None for every kind."""
        self.beginFilterChange()
        self._kind = kind or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return bool(self._words) or self._kind is not None

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._kind is not None and index.data(KIND_ROLE) != self._kind:
            return False
        key = index.data(SEARCH_KEY_ROLE) or ""
        return all(word in key for word in self._words)
