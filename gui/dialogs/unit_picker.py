"""Choosing one or more units (đơn vị) from a searchable list, and the list of chosen units.

The search ignores case and diacritics ("phong giao duc" finds "Phòng Giáo dục"); groups such
as "UBND các xã, phường" are marked "(nhóm)" because assigning one reaches all its members.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.model import Unit
from core.vntext import search_key

GROUP_MARKER = "(nhóm)"


def unit_label(unit: Unit) -> str:
    """How a unit is listed: its name, its short name in brackets when it has one, groups marked."""
    label = unit.name
    if unit.short_name and unit.short_name != unit.name:
        label += f" [{unit.short_name}]"
    if unit.is_group:
        label += f" {GROUP_MARKER}"
    return label


class UnitPickerDialog(QDialog):
    """Multi-select list of `units`; the ones in `excluded_ids` are not offered."""

    def __init__(
        self,
        units: Sequence[Unit],
        title: str = "Chọn đơn vị",
        excluded_ids: Iterable[int] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 520)
        excluded = set(excluded_ids)
        self._units = [unit for unit in units if unit.id not in excluded]

        self.search = QLineEdit()
        self.search.setObjectName("unitSearch")
        self.search.setPlaceholderText("Tìm đơn vị (không cần dấu)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_search)
        search_label = QLabel("&Tìm:")
        search_label.setBuddy(self.search)

        self.list = QListWidget()
        self.list.setObjectName("unitList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setToolTip("Chọn nhiều đơn vị bằng Ctrl hoặc Shift; nhấp đúp để chọn ngay một đơn vị")
        for unit in self._units:
            item = QListWidgetItem(unit_label(unit))
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, search_key(f"{unit.name} {unit.short_name}"))
            if unit.is_group:
                item.setToolTip("Nhóm đơn vị: giao cho nhóm là giao cho mọi thành viên của nhóm")
            self.list.addItem(item)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())

        self.message = QLabel()
        self.message.setObjectName("unitPickerMessage")
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Chọn")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.list.itemSelectionChanged.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._apply_search("")

    def _apply_search(self, text: str) -> None:
        words = search_key(text).split()
        shown = 0
        first_shown: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            key = item.data(Qt.ItemDataRole.UserRole + 1)
            hidden = not all(word in key for word in words)
            item.setHidden(hidden)
            if not hidden:
                shown += 1
                first_shown = first_shown or item
        current = self.list.currentItem()
        if first_shown is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first_shown, QItemSelectionModel.SelectionFlag.NoUpdate)
        if not self._units:
            self.message.setText("Không còn đơn vị nào để chọn. Thêm đơn vị ở màn hình «Đơn vị».")
        elif shown == 0:
            self.message.setText(f"Không có đơn vị nào khớp «{text.strip()}».")
        else:
            self.message.setText(f"{shown} đơn vị")
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.selected_units()))

    def visible_units(self) -> list[Unit]:
        """The units the search leaves visible, in list order."""
        return [self._units[row] for row in range(self.list.count()) if not self.list.item(row).isHidden()]

    def select_units(self, unit_ids: Iterable[int]) -> None:
        wanted = set(unit_ids)
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) in wanted)

    def selected_units(self) -> list[Unit]:
        """The selected units that are visible (hidden rows are not what the user sees chosen)."""
        return [
            self._units[row] for row in range(self.list.count())
            if self.list.item(row).isSelected() and not self.list.item(row).isHidden()
        ]


class UnitListEditor(QWidget):
    """A list of chosen units with Thêm…/Bỏ buttons; the owner connects `add_button` to a picker."""

    def __init__(self, heading: str, mnemonic_add: str, mnemonic_remove: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        label = QLabel(heading)
        label.setBuddy(self.list)
        self.add_button = QPushButton(mnemonic_add)
        self.remove_button = QPushButton(mnemonic_remove)
        self.remove_button.setEnabled(False)
        self.remove_button.setToolTip("Bỏ các đơn vị đang chọn khỏi danh sách (Delete)")
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems())))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def unit_ids(self) -> list[int]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def add(self, unit_id: int, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, unit_id)
        self.list.addItem(item)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
