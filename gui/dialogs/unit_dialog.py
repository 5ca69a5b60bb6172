"""Dialog to add or edit a unit, or a group of units together with its members.

Unlike the value-only dialogs, this one saves: a group and its member list must be written in
one transaction, and a name already in use must be caught before anything is written, both of
which need the database. On any error the dialog stays open and the database is unchanged.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.model import Unit
from core.vntext import clean, nfc, search_key
from gui.dialogs.form_fields import buddy_label
from gui.models.unit_table import MemberChecklistModel, UnitFilterProxy, build_unit_rows
from gui.operations import attempt
from gui.widgets import save_cancel_buttons
from storage import units as unit_store
from storage.database import transaction

NO_KIND_TEXT = "(chưa phân loại)"
NO_PARENT_TEXT = "(không trực thuộc đơn vị nào)"


class UnitDialog(QDialog):
    """Edits `unit` (a new one when None); after acceptance `saved_unit` is the stored unit."""

    def __init__(
        self,
        db: Database,
        unit: Unit | None = None,
        *,
        group: bool = False,
        default_kind: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.is_group = unit.is_group if unit is not None else group
        self._original = unit or Unit(name="", is_group=self.is_group, kind_code=default_kind)
        self.saved_unit: Unit | None = None
        noun = "nhóm đơn vị" if self.is_group else "đơn vị"
        self.setWindowTitle(f"Sửa {noun}" if self._original.id is not None else f"Thêm {noun}")

        self._kinds = unit_store.list_unit_kinds(db)
        self._units = unit_store.list_units(db)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = save_cancel_buttons(self)

        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        if self.is_group:
            layout.addWidget(self._members_panel(), 1)
            self.resize(640, 640)
        else:
            self.resize(560, 340)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    # ---------------------------------------------------------------- layout
    def _form(self) -> QFormLayout:
        unit = self._original
        self.name_edit = QLineEdit(unit.name)
        self.name_edit.setPlaceholderText(
            "Ví dụ: UBND các xã, thị trấn" if self.is_group else "Ví dụ: Phòng Giáo dục và Đào tạo"
        )
        self.short_edit = QLineEdit(unit.short_name)
        self.short_edit.setPlaceholderText("Ví dụ: Phòng GD&ĐT")
        self.short_edit.setToolTip("Tên ngắn dùng trong bảng phân công và báo cáo (không bắt buộc)")

        self.kind_combo = QComboBox()
        self.kind_combo.addItem(NO_KIND_TEXT, None)
        for kind in self._kinds:
            self.kind_combo.addItem(kind.name, kind.code)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(unit.kind_code), 0))

        self.parent_combo = QComboBox()
        self.parent_combo.setToolTip("Đơn vị cấp trên mà đơn vị này trực thuộc (không bắt buộc)")
        self.parent_combo.addItem(NO_PARENT_TEXT, None)
        excluded = self._descendants(unit.id) if unit.id is not None else set()
        for other in self._units:
            if not other.is_group and other.id not in excluded:
                self.parent_combo.addItem(other.name, other.id)
        self.parent_combo.setCurrentIndex(max(self.parent_combo.findData(unit.parent_id), 0))

        self.notes_edit = QPlainTextEdit(unit.notes)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(60 if self.is_group else 80)

        form = QFormLayout()
        form.addRow(
            buddy_label("Tên &nhóm:" if self.is_group else "&Tên đơn vị:", self.name_edit), self.name_edit
        )
        form.addRow(buddy_label("Tên &viết tắt:", self.short_edit), self.short_edit)
        if not self.is_group:
            # A group gathers units of several kinds under none of them, so it has neither.
            form.addRow(buddy_label("&Loại:", self.kind_combo), self.kind_combo)
            form.addRow(buddy_label("T&rực thuộc:", self.parent_combo), self.parent_combo)
        form.addRow(buddy_label("&Ghi chú:", self.notes_edit), self.notes_edit)
        return form

    def _members_panel(self) -> QGroupBox:
        member_ids = (
            [member.id for member in unit_store.group_members(self.db, self._original.id)]
            if self._original.id is not None
            else []
        )
        self.member_model = MemberChecklistModel(self)
        self.member_model.set_units(build_unit_rows(self._units, self._kinds, {}), member_ids)
        self.member_proxy = UnitFilterProxy(self)
        self.member_proxy.setSourceModel(self.member_model)

        self.member_search = QLineEdit()
        self.member_search.setPlaceholderText("Lọc danh sách (gõ không dấu cũng được)…")
        self.member_search.setClearButtonEnabled(True)
        self.member_search.textChanged.connect(self.member_proxy.set_search)
        self.member_list = QListView()
        self.member_list.setObjectName("memberList")
        self.member_list.setModel(self.member_proxy)
        self.member_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.member_list.setToolTip("Dấu chọn: đơn vị thuộc nhóm. Phím cách để chọn hoặc bỏ chọn.")

        self.kind_button = QPushButton("Chọn tất cả theo l&oại…")
        self.kind_button.setToolTip("Đánh dấu mọi đơn vị thuộc một loại, ví dụ mọi trường tiểu học")
        self.kind_button.setMenu(self._kind_menu())
        self.visible_button = QPushButton("Chọn các đơn vị đang &hiện")
        self.visible_button.setToolTip("Đánh dấu mọi đơn vị đang hiện trong danh sách đã lọc")
        self.visible_button.clicked.connect(lambda: self._set_visible(True))
        self.clear_button = QPushButton("&Bỏ chọn tất cả")
        self.clear_button.clicked.connect(lambda: self.member_model.set_all(False))
        self.count_label = QLabel()
        self.count_label.setObjectName("memberCount")
        self.member_model.dataChanged.connect(self._update_count)
        self.member_model.modelReset.connect(self._update_count)
        self._update_count()

        search_label = buddy_label("Lọc &danh sách:", self.member_search)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.member_search, 1)
        button_row = QHBoxLayout()
        for button in (self.kind_button, self.visible_button, self.clear_button):
            button_row.addWidget(button)
        button_row.addStretch(1)
        button_row.addWidget(self.count_label)

        box = QGroupBox("Đơn vị thuộc nhóm")
        box_layout = QVBoxLayout(box)
        box_layout.addLayout(search_row)
        box_layout.addWidget(self.member_list, 1)
        box_layout.addLayout(button_row)
        if self.member_model.rowCount() == 0:
            self.member_list.hide()
            hint = QLabel("Chưa có đơn vị nào để đưa vào nhóm. Hãy thêm các đơn vị trước, rồi sửa nhóm này.")
            hint.setWordWrap(True)
            box_layout.insertWidget(1, hint)
        return box

    def _kind_menu(self) -> QMenu:
        menu = QMenu(self)
        counts = self.member_model.kind_counts()
        for kind in self._kinds:
            if counts.get(kind.code):
                action = QAction(f"{kind.name} ({counts[kind.code]})", menu)
                action.triggered.connect(lambda _=False, code=kind.code: self.select_kind(code))
                menu.addAction(action)
        if menu.isEmpty():
            menu.addAction("(chưa có đơn vị nào được phân loại)").setEnabled(False)
        return menu

    # ------------------------------------------------------------- members
    def select_kind(self, kind_code: str) -> int:
        """Tick every unit of the kind; returns how many were newly ticked."""
        return self.member_model.check_kind(kind_code)

    def _set_visible(self, checked: bool) -> None:
        rows = [
            self.member_proxy.mapToSource(self.member_proxy.index(row, 0)).row()
            for row in range(self.member_proxy.rowCount())
        ]
        self.member_model.set_all(checked, rows)

    def _update_count(self, *_) -> None:
        self.count_label.setText(f"Đã chọn {self.member_model.checked_count()} đơn vị")

    def checked_member_ids(self) -> list[int]:
        return self.member_model.checked_ids() if self.is_group else []

    # -------------------------------------------------------------- saving
    def result_unit(self) -> Unit:
        """The unit as entered (not yet saved)."""
        return Unit(
            name=clean(self.name_edit.text()),
            short_name=clean(self.short_edit.text()),
            kind_code=None if self.is_group else self.kind_combo.currentData(),
            parent_id=None if self.is_group else self.parent_combo.currentData(),
            is_group=self.is_group,
            notes=nfc(self.notes_edit.toPlainText().strip()),
            id=self._original.id,
        )

    def accept(self) -> None:
        unit = self.result_unit()
        problem = self._problem(unit)
        if problem:
            self._show_error(problem)
            self.name_edit.setFocus()
            self.name_edit.selectAll()
            return
        member_ids = self.checked_member_ids()
        saved: list[Unit] = []

        def save() -> None:
            # storage has no single call for a group and its members: one outer transaction
            # (the inner ones become savepoints) keeps them together.
            with transaction(self.db):
                stored = unit_store.save_unit(self.db, unit)
                if stored.is_group:
                    unit_store.set_group_members(self.db, stored.id, member_ids)
            saved.append(stored)

        if attempt(self, save, "Không lưu được đơn vị"):
            self.saved_unit = saved[0]
            super().accept()

    def _problem(self, unit: Unit) -> str:
        if not unit.name:
            return "Hãy nhập tên nhóm." if self.is_group else "Hãy nhập tên đơn vị."
        key = search_key(unit.name)
        # Fresh from the database: another window may have added a unit meanwhile.
        clash = next(
            (
                other
                for other in unit_store.list_units(self.db, unit.name)
                if other.id != unit.id and search_key(other.name) == key
            ),
            None,
        )
        if clash is not None:
            what = "nhóm" if clash.is_group else "đơn vị"
            return (
                f"Đã có {what} «{clash.name}». Tên đơn vị không được trùng nhau "
                "(không phân biệt chữ hoa, chữ thường và dấu)."
            )
        return ""

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _descendants(self, unit_id: int) -> set[int]:
        """The unit and every unit under it: none of them can be its parent."""
        children: dict[int | None, list[int]] = {}
        for other in self._units:
            children.setdefault(other.parent_id, []).append(other.id)
        found, pending = {unit_id}, [unit_id]
        while pending:
            for child in children.get(pending.pop(), []):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found
