"""Page 2 of the wizard, «Phân công»: our tasks, their units and deadlines, before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from core.model import Unit
from gui.dialogs.derive_plan.draft_model import (
    COL_CONTENT,
    COL_DUE,
    COL_LEAD,
    COL_SOURCE,
    COL_SOURCE_DUE,
    UNIT_COLUMNS,
    DraftTableModel,
)
from gui.dialogs.unit_picker import UnitPickerDialog
from gui.widgets import add_shortcuts
from storage.chain import Candidate

NO_DATE = QDate(2000, 1, 1)  # the date editor's "Không đặt hạn"
UnitChooser = Callable[[QWidget, Sequence[Unit], str, Sequence[int]], list[int] | None]


def pick_units(
    parent: QWidget, units: Sequence[Unit], title: str, selected: Sequence[int]
) -> list[int] | None:
    """The ids chosen in the unit picker, None when it is cancelled."""
    dialog = UnitPickerDialog(units, title, parent=parent)
    dialog.select_units(selected)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [unit.id for unit in dialog.selected_units() if unit.id is not None]


class DueDelegate(QStyledItemDelegate):
    """A date editor with a calendar; its lowest value, shown as «Không đặt hạn», means no date."""

    def createEditor(self, parent, option, index):
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("dd/MM/yyyy")
        editor.setMinimumDate(NO_DATE)
        editor.setSpecialValueText("Không đặt hạn")
        return editor

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(QDate(value.year, value.month, value.day) if isinstance(value, date) else NO_DATE)

    def setModelData(self, editor, model, index):
        chosen = editor.date()
        model.setData(index, None if chosen == NO_DATE else chosen.toPython(), Qt.ItemDataRole.EditRole)


class AssignPage(QWizardPage):
    def __init__(self, units: Sequence[Unit], chosen: Callable[[], list[Candidate]], parent=None):
        super().__init__(parent)
        self.setTitle("Phân công")
        self.setSubTitle("Sửa nội dung, đơn vị chủ trì, phối hợp và hạn của từng nhiệm vụ của ta.")
        self.units = list(units)
        self._chosen = chosen
        self.pick_units: UnitChooser = pick_units  # tests put a stand-in for the modal picker here
        self.model = DraftTableModel(self.units, self)

        self.table = QTableView()
        self.table.setObjectName("deriveDraftTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(COL_DUE, DueDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in ((COL_SOURCE, 60), (COL_LEAD, 260), (COL_LEAD + 1, 200), (COL_DUE, 120),
                              (COL_SOURCE_DUE, 120)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)

        self.split_button = QPushButton("&Tách")
        self.split_button.setObjectName("deriveSplit")
        self.split_button.setToolTip("Tách nhiệm vụ đang chọn thành hai nhiệm vụ cùng nguồn (Ctrl+D)")
        self.split_button.clicked.connect(self.split_current)
        self.add_button = QPushButton("Thêm &nhiệm vụ")
        self.add_button.setObjectName("deriveAdd")
        self.add_button.setToolTip("Thêm một nhiệm vụ của riêng ta, không làm từ kế hoạch cấp trên (Ctrl+N)")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("&Xoá")
        self.remove_button.setObjectName("deriveRemove")
        self.remove_button.setToolTip("Bỏ nhiệm vụ đang chọn khỏi kế hoạch của ta (Delete)")
        self.remove_button.clicked.connect(self.remove_current)
        add_shortcuts((
            (QKeySequence.StandardKey.Delete, self.remove_current, self.table),
            ("Ctrl+D", self.split_current, self),
            ("Ctrl+N", self.add_row, self),
            ("F2", self.edit_current, self.table),
            ("Backspace", self.clear_current_cell, self.table),
        ))
        self.table.setToolTip("Nhấp đúp hoặc F2 để sửa ô; Backspace xoá đơn vị hoặc hạn của ô đang chọn")

        self.count = QLabel()
        self.count.setObjectName("deriveDraftCount")
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset,
                       self.model.dataChanged):
            signal.connect(self._update_count)

        buttons = QHBoxLayout()
        buttons.addWidget(self.split_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def initializePage(self) -> None:
        self.model.sync_sources(self._chosen())
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, COL_CONTENT))
        self._update_buttons()

    # ----------------------------------------------------------------- actions
    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def split_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        copy = self.model.split(row)
        self.table.setCurrentIndex(self.model.index(copy, COL_CONTENT))

    def add_row(self) -> None:
        row = self.model.add()
        index = self.model.index(row, COL_CONTENT)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.model.remove(row)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), COL_CONTENT))
        self._update_buttons()

    def edit_current(self) -> None:
        index = self.table.currentIndex()
        if index.column() in UNIT_COLUMNS:
            self.choose_units(index.row(), index.column())
        elif index.isValid():
            self.table.edit(index)

    def clear_current_cell(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        if index.column() in UNIT_COLUMNS:
            self.model.set_units(index.row(), index.column(), ())
        elif index.column() == COL_DUE:
            self.model.setData(index, None)

    def choose_units(self, row: int, column: int) -> None:
        title = "Chọn đơn vị chủ trì" if column == COL_LEAD else "Chọn đơn vị phối hợp"
        chosen = self.pick_units(self, self.units, title, self.model.unit_ids(row, column))
        if chosen is not None:
            self.model.set_units(row, column, chosen)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() in UNIT_COLUMNS:
            self.choose_units(index.row(), index.column())

    def _update_buttons(self, *_args) -> None:
        has_row = self.current_row() is not None
        self.split_button.setEnabled(has_row)
        self.remove_button.setEnabled(has_row)

    def _update_count(self, *_args) -> None:
        rows = self.model.rows()
        late = sum(1 for row in rows if row.late)
        text = f"{len(rows)} nhiệm vụ"
        if late:
            text += f" · {late} hạn muộn hơn cấp trên"
        self.count.setText(text)
