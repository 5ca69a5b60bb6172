"""The "Đơn vị" screen: the unit directory with its groups; add, edit, delete units and groups.

The table filters in memory (see gui/models/unit_table.py); the panel on the right shows the
members of the selected group, or the groups the selected unit belongs to.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QByteArray, QItemSelectionModel, QStringListModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.vntext import sort_key
from gui.context import AppContext, Change
from gui.dialogs.unit_dialog import UnitDialog
from gui.models.unit_table import (
    COL_KIND,
    COL_NAME,
    COL_PARENT,
    COL_SHORT,
    GROUP_KIND,
    GROUP_KIND_LABEL,
    UnitFilterProxy,
    UnitRow,
    UnitTableModel,
    build_unit_rows,
)
from gui.operations import attempt
from gui.widgets import add_shortcuts
from storage import units as unit_store

ALL_KINDS_TEXT = "Tất cả loại"
EMPTY_TEXT = (
    "Chưa có đơn vị nào.\nNhấn «Thêm đơn vị» (Insert) để bắt đầu, "
    "hoặc nạp dữ liệu mẫu (Tệp → Nạp dữ liệu mẫu…)."
)
NO_MATCH_TEXT = (
    "Không có đơn vị nào khớp với bộ lọc.\nXóa ô tìm kiếm hoặc chọn «Tất cả loại» để xem lại cả danh sách."
)


class UnitsScreen(QWidget):
    title = "Đơn vị"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._members: dict[int, list[int]] = {}
        self._names: dict[int, str] = {}

        self.search = QLineEdit()
        self.search.setObjectName("unitSearch")
        self.search.setPlaceholderText("Tìm theo tên hoặc tên viết tắt (gõ không dấu cũng được)… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("unitKindFilter")
        self.kind_filter.setToolTip("Chỉ hiện đơn vị thuộc một loại, hoặc chỉ các nhóm đơn vị")
        kind_label = QLabel("&Loại:")
        kind_label.setBuddy(self.kind_filter)

        self.add_button = QPushButton("&Thêm đơn vị")
        self.add_button.setToolTip("Thêm một đơn vị mới (Insert)")
        self.add_group_button = QPushButton("Thêm &nhóm")
        self.add_group_button.setToolTip("Thêm một nhóm đơn vị, ví dụ «UBND các xã, thị trấn»")
        self.edit_button = QPushButton("&Sửa")
        self.edit_button.setToolTip("Sửa đơn vị hoặc nhóm đang chọn (F2, Enter, nhấp đúp)")
        self.delete_button = QPushButton("&Xóa")
        self.delete_button.setToolTip("Xóa đơn vị hoặc nhóm đang chọn (Delete)")
        self.add_button.clicked.connect(self.add_unit)
        self.add_group_button.clicked.connect(self.add_group)
        self.edit_button.clicked.connect(self.edit_unit)
        self.delete_button.clicked.connect(self.delete_unit)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(kind_label)
        top.addWidget(self.kind_filter)
        for button in (self.add_button, self.add_group_button, self.edit_button, self.delete_button):
            top.addWidget(button)

        self.model = UnitTableModel(self)
        self.proxy = UnitFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("unitTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((COL_NAME, 250), (COL_SHORT, 130), (COL_KIND, 170), (COL_PARENT, 180)):
            header.resizeSection(column, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.doubleClicked.connect(lambda _index: self.edit_unit())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("unitsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list_stack)
        self.detail_panel = self._detail_panel()
        self.splitter.addWidget(self.detail_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([900, 260])

        self.count_label = QLabel()
        self.count_label.setObjectName("unitCount")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self._filter_changed)
        self.kind_filter.currentIndexChanged.connect(self._filter_changed)
        self._shortcuts()
        context.database_opened.connect(self.refresh)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    def _detail_panel(self) -> QWidget:
        self.detail_title = QLabel()
        self.detail_title.setObjectName("unitDetailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_info = QLabel()
        self.detail_info.setWordWrap(True)
        self.detail_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.related_label = QLabel()
        self.related_model = QStringListModel(self)
        self.related_list = QListView()
        self.related_list.setObjectName("unitRelated")
        self.related_list.setModel(self.related_model)
        self.related_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_info)
        layout.addWidget(self.related_label)
        layout.addWidget(self.related_list, 1)
        # When the list is hidden (a group without members) the spare height goes here, so the
        # labels stay together at the top instead of spreading down the panel.
        layout.addStretch(0)
        for label in (self.detail_title, self.detail_info, self.related_label):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return panel

    def _shortcuts(self) -> None:
        # Delete and Enter belong to the table: in the search box they must edit the text.
        add_shortcuts([
            (Qt.Key.Key_Insert, self.add_unit, self),
            (Qt.Key.Key_F2, self.edit_unit, self),
            ("Ctrl+F", self._focus_search, self),
            (Qt.Key.Key_Return, self.edit_unit, self.table),
            (Qt.Key.Key_Enter, self.edit_unit, self.table),
            (QKeySequence.StandardKey.Delete, self.delete_unit, self.table),
        ])  # fmt: skip

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ data
    def _data_changed(self, what: str) -> None:
        if what == Change.UNITS:
            self.refresh()

    def refresh(self) -> None:
        db = self.context.db
        keep = self.current_unit_id()
        kinds = unit_store.list_unit_kinds(db)
        units = unit_store.list_units(db)
        self._members = {
            unit.id: [member.id for member in unit_store.group_members(db, unit.id)]
            for unit in units
            if unit.is_group
        }
        self._names = {unit.id: unit.name for unit in units}
        self._fill_kind_filter(kinds)
        self.model.set_rows(build_unit_rows(units, kinds, self._members))
        self._show_list()
        self.select_unit(keep)

    def _fill_kind_filter(self, kinds) -> None:
        chosen = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(ALL_KINDS_TEXT, None)
        for kind in kinds:
            self.kind_filter.addItem(kind.name, kind.code)
        self.kind_filter.addItem(GROUP_KIND_LABEL, GROUP_KIND)
        self.kind_filter.setCurrentIndex(max(self.kind_filter.findData(chosen), 0))
        self.kind_filter.blockSignals(False)
        self.proxy.set_kind(self.kind_filter.currentData())

    def _filter_changed(self, *_) -> None:
        keep = self.current_unit_id()
        self.proxy.set_search(self.search.text())
        self.proxy.set_kind(self.kind_filter.currentData())
        self._show_list()
        self.select_unit(keep)

    def _show_list(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.detail_panel.setVisible(total > 0)
        if shown:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(NO_MATCH_TEXT if total else EMPTY_TEXT)
            self.list_stack.setCurrentWidget(self.empty_label)
        groups = sum(1 for row in range(total) if self.model.row_at(row).unit.is_group)
        text = f"{total - groups} đơn vị, {groups} nhóm"
        if self.proxy.is_filtering():
            text = f"Đang hiện {shown} trong số {total} dòng ({text})"
        self.count_label.setText(text)

    def select_unit(self, unit_id: int | None) -> None:
        """Make `unit_id` the current row; the first row when it is None or not shown."""
        source_row = self.model.row_of(unit_id) if unit_id is not None else None
        index = self.proxy.mapFromSource(self.model.index(source_row, 0)) if source_row is not None else None
        if index is None or not index.isValid():
            index = self.proxy.index(0, 0)
        if not index.isValid():
            self.table.selectionModel().clear()
            self._current_changed()
            return
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self._current_changed()

    def current_row(self) -> UnitRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or self.list_stack.currentWidget() is not self.table:
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def current_unit_id(self) -> int | None:
        row = self.current_row()
        return row.unit.id if row else None

    def _current_changed(self, *_) -> None:
        row = self.current_row()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self._show_details(row)

    def _show_details(self, row: UnitRow | None) -> None:
        if row is None:
            self.detail_title.setText("")
            self.detail_info.setText(
                "Chọn một đơn vị để xem nhóm của nó, hoặc một nhóm để xem các thành viên."
            )
            self.related_label.setText("")
            self.related_model.setStringList([])
            self.related_list.hide()
            return
        unit = row.unit
        self.detail_title.setText(f"<b>{html.escape(unit.name)}</b>")
        facts = [row.kind_name]
        if unit.short_name:
            facts.append(f"Viết tắt: {unit.short_name}")
        if row.parent_name:
            facts.append(f"Trực thuộc: {row.parent_name}")
        children = sum(
            1 for other in range(self.model.rowCount()) if self.model.row_at(other).unit.parent_id == unit.id
        )
        if children:
            facts.append(f"Có {children} đơn vị trực thuộc")
        if unit.notes:
            facts.append(f"Ghi chú: {unit.notes}")
        self.detail_info.setText("\n".join(fact for fact in facts if fact))
        if unit.is_group:
            names = sorted((self._names.get(i, "") for i in self._members.get(unit.id, [])), key=sort_key)
            self.related_label.setText(
                f"Thành viên ({len(names)} đơn vị):" if names else "Nhóm chưa có thành viên."
            )
        else:
            names = list(row.group_names)
            self.related_label.setText(
                f"Thuộc {len(names)} nhóm:" if names else "Đơn vị không thuộc nhóm nào."
            )
        self.related_model.setStringList(names)
        self.related_list.setVisible(bool(names))

    # --------------------------------------------------------------- actions
    def add_unit(self) -> None:
        kind = self.kind_filter.currentData()
        self._run_dialog(
            UnitDialog(self.context.db, default_kind=kind if kind != GROUP_KIND else None, parent=self)
        )

    def add_group(self) -> None:
        self._run_dialog(UnitDialog(self.context.db, group=True, parent=self))

    def edit_unit(self) -> None:
        row = self.current_row()
        if row is not None:
            self._run_dialog(UnitDialog(self.context.db, row.unit, parent=self))

    def _run_dialog(self, dialog: UnitDialog) -> None:
        if dialog.exec() != UnitDialog.DialogCode.Accepted or dialog.saved_unit is None:
            return
        saved_id = dialog.saved_unit.id
        self.context.changed(Change.UNITS)
        source_row = self.model.row_of(saved_id)
        if source_row is not None and not self.proxy.mapFromSource(self.model.index(source_row, 0)).isValid():
            # The filters hide the unit just saved: show everything so the user sees it.
            self.search.clear()
            self.kind_filter.setCurrentIndex(0)
        self.select_unit(saved_id)

    def delete_unit(self) -> None:
        row = self.current_row()
        if row is None:
            return
        unit = row.unit
        if unit.is_group:
            question = f"Xóa nhóm «{unit.name}»?\nCác đơn vị thành viên vẫn được giữ lại."
        else:
            question = f"Xóa đơn vị «{unit.name}»?"
            if row.group_names:
                question += f"\nĐơn vị sẽ được bỏ khỏi {len(row.group_names)} nhóm."
        answer = QMessageBox.question(self, "Xóa đơn vị", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if attempt(self, lambda: unit_store.delete_unit(self.context.db, unit.id), "Không xóa được đơn vị"):
            self.context.changed(Change.UNITS)

    # -------------------------------------------------------- window memory
    def save_state(self, settings) -> None:
        settings.setValue("units/header", self.table.horizontalHeader().saveState())
        settings.setValue("units/splitter", self.splitter.saveState())

    def restore_state(self, settings) -> None:
        header = settings.value("units/header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value("units/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
