"""The assignment section of the task form: lead and support units, each with its own deadline.

Units are added through the searchable picker; a group (nhóm) is either expanded into its
members, each then reporting on its own, or kept as one assignee — the user chooses in the
picker. A unit is either lead or support, never both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QListView,
    QWidget,
)
from sqlite_utils import Database

from core.model import Role, Unit
from core.vntext import format_date
from gui.dialogs.form_fields import ERROR_STYLE, error_label, show_error
from gui.dialogs.unit_picker import UnitListEditor, UnitPickerDialog, unit_label
from storage.assignments import AssignmentRow
from storage.units import group_members

EXPAND_TEXT = "Giao cho từng đơn vị trong nhóm"


class AssigneePickerDialog(UnitPickerDialog):
    """The unit picker plus the choice of what assigning a group means."""

    def __init__(self, units: Sequence[Unit], title: str, excluded_ids: Iterable[int] = (),
                 parent: QWidget | None = None):
        super().__init__(units, title, excluded_ids, parent)
        self.expand_check = QCheckBox(EXPAND_TEXT.replace("nhóm", "&nhóm"))
        self.expand_check.setObjectName("expandGroups")
        self.expand_check.setChecked(True)
        self.expand_check.setToolTip(
            "Đánh dấu: mỗi đơn vị thành viên được giao riêng và báo cáo tiến độ riêng.\n"
            "Bỏ đánh dấu: cả nhóm là một đơn vị được giao, báo cáo chung một tiến độ.")
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, self.expand_check)  # just above the buttons
        self.expand_check.setVisible(any(unit.is_group for unit in self._units))
        self.list.itemSelectionChanged.connect(self._update_expand)
        self._update_expand()

    def _update_expand(self) -> None:
        self.expand_check.setEnabled(any(unit.is_group for unit in self.selected_units()))

    def expand_groups(self) -> bool:
        return self.expand_check.isChecked()


class AssignmentSection(QGroupBox):
    """Lead and support lists plus the selected unit's own deadline; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, db: Database, units: Iterable[Unit], not_before: date | None,
                 parent: QWidget | None = None):
        super().__init__("Phân công", parent)
        self.db = db
        self.not_before = not_before
        self._units: dict[int, Unit] = {unit.id: unit for unit in units}
        self._names: dict[int, str] = {}
        self._deadlines: dict[int, date | None] = {}
        self._reported: set[int] = set()  # units with progress already reported
        self._selected: int | None = None

        self.lead_list = UnitListEditor("Đơn vị chủ t&rì", "&Thêm…", "&Bỏ")
        self.lead_list.list.setObjectName("leadUnits")
        self.support_list = UnitListEditor("Đơn vị &phối hợp", "Thê&m…", "Bỏ")
        self.support_list.list.setObjectName("supportUnits")
        self.lead_list.add_button.setToolTip("Chọn đơn vị chủ trì (tìm không cần dấu)")
        self.support_list.add_button.setToolTip("Chọn đơn vị phối hợp (tìm không cần dấu)")
        self.lead_list.add_button.clicked.connect(lambda: self.pick_units(Role.LEAD))
        self.support_list.add_button.clicked.connect(lambda: self.pick_units(Role.SUPPORT))
        for editor in (self.lead_list, self.support_list):
            editor.list.setMinimumHeight(60)
            # Long unit names wrap instead of hiding behind a horizontal scroll bar.
            editor.list.setWordWrap(True)
            editor.list.setResizeMode(QListView.ResizeMode.Adjust)
            editor.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            editor.remove_button.clicked.connect(lambda _=False, e=editor: self._remove(e))
            editor.list.currentItemChanged.connect(lambda *_, e=editor: self._unit_focused(e))
            editor.list.installEventFilter(self)
        # The Delete key of UnitListEditor removes without telling us; re-announce after it.
        self.lead_list.list.model().rowsRemoved.connect(lambda *_: self._after_removal())
        self.support_list.list.model().rowsRemoved.connect(lambda *_: self._after_removal())

        self.own_deadline_check = QCheckBox("Hạn riêng của đơn &vị đang chọn:")
        self.own_deadline_check.setObjectName("ownDeadlineCheck")
        self.own_deadline_check.setToolTip("Hạn dành riêng cho đơn vị đang chọn, thay cho hạn của nhiệm vụ")
        self.own_deadline_edit = QDateEdit()
        self.own_deadline_edit.setObjectName("ownDeadline")
        self.own_deadline_edit.setDisplayFormat("dd/MM/yyyy")
        self.own_deadline_edit.setCalendarPopup(True)
        self.own_deadline_error = error_label("ownDeadlineError")
        self.assignment_message = error_label("assignmentMessage")
        self.own_deadline_check.toggled.connect(self._own_deadline_edited)
        self.own_deadline_edit.dateChanged.connect(lambda _d: self._own_deadline_edited())

        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.own_deadline_check)
        deadline_row.addWidget(self.own_deadline_edit)
        deadline_row.addStretch(1)
        grid = QGridLayout(self)
        grid.addWidget(self.lead_list, 0, 0)
        grid.addWidget(self.support_list, 0, 1)
        grid.addLayout(deadline_row, 1, 0, 1, 2)
        grid.addWidget(self.own_deadline_error, 2, 0, 1, 2)
        grid.addWidget(self.assignment_message, 3, 0, 1, 2)
        self._show_own_deadline()

    # ---------------------------------------------------------------- data
    def load(self, rows: Sequence[AssignmentRow], reported: set[int]) -> None:
        self._reported = set(reported)
        for row in rows:
            unit_id = row.assignment.unit_id
            self._names[unit_id] = row.unit_name
            self._deadlines[unit_id] = row.assignment.deadline_override
            target = self.lead_list if row.assignment.role is Role.LEAD else self.support_list
            target.add(unit_id, self.item_text(unit_id))

    def label(self, unit_id: int) -> str:
        unit = self._units.get(unit_id)
        return unit_label(unit) if unit is not None else self._names.get(unit_id, str(unit_id))

    def item_text(self, unit_id: int) -> str:
        own = self._deadlines.get(unit_id)
        return f"{self.label(unit_id)} — hạn riêng {format_date(own)}" if own else self.label(unit_id)

    def lead_unit_ids(self) -> list[int]:
        return self.lead_list.unit_ids()

    def support_unit_ids(self) -> list[int]:
        return self.support_list.unit_ids()

    def items(self) -> list[tuple[int, Role, date | None]]:
        """(unit id, role, own deadline) for `storage.assignments.set_assignments`."""
        return [(unit_id, role, self._deadlines.get(unit_id))
                for role, ids in ((Role.LEAD, self.lead_unit_ids()), (Role.SUPPORT, self.support_unit_ids()))
                for unit_id in ids]

    def assignees(self) -> list[tuple[int, Role, str]]:
        return [(unit_id, role, self.label(unit_id)) for unit_id, role, _own in self.items()]

    # ------------------------------------------------------------- adding
    def pick_units(self, role: Role) -> None:
        """Open the picker for `role` and add what the user chooses, groups as the user chose."""
        own = self.lead_list if role is Role.LEAD else self.support_list
        title = "Chọn đơn vị chủ trì" if role is Role.LEAD else "Chọn đơn vị phối hợp"
        picker = AssigneePickerDialog(list(self._units.values()), title, own.unit_ids(), self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.add_units(role, picker.selected_units(), expand_groups=picker.expand_groups())

    def add_units(self, role: Role, units: list[Unit], *, expand_groups: bool = True) -> None:
        """Add `units` with `role`; a group as its members unless `expand_groups` is False.

        A unit already in the other role is refused with a message next to the lists.
        """
        own, other = (self.lead_list, self.support_list) if role is Role.LEAD else (
            self.support_list, self.lead_list)
        other_role = "phối hợp" if role is Role.LEAD else "chủ trì"
        messages: list[str] = []
        refused: list[str] = []
        problem = False
        for unit in units:
            members = [unit]
            if unit.is_group and expand_groups:
                # Each member gets its own assignment, so each reports and is tracked on its own.
                members = group_members(self.db, unit.id)
                if not members:
                    messages.append(
                        f"Nhóm «{unit.name}» chưa có thành viên; thêm thành viên ở màn hình «Đơn vị» "
                        f"hoặc bỏ dấu «{EXPAND_TEXT}» để giao cho cả nhóm.")
                    problem = True
                    continue
                messages.append(f"Nhóm «{unit.name}»: thêm {len(members)} đơn vị thành viên.")
            elif unit.is_group:
                messages.append(f"Nhóm «{unit.name}» được giao như một đơn vị, báo cáo chung một tiến độ.")
            for member in members:
                self._units.setdefault(member.id, member)
                if member.id in other.unit_ids():
                    refused.append(f"«{member.name}»")
                elif member.id not in own.unit_ids():
                    own.add(member.id, self.item_text(member.id))
        if refused:
            messages.append(
                f"{', '.join(refused)} đã là đơn vị {other_role}; một đơn vị không thể vừa chủ trì "
                f"vừa phối hợp. Bỏ đơn vị khỏi danh sách {other_role} trước nếu muốn đổi vai trò.")
            problem = True
        self._say(messages, problem)
        self.changed.emit()

    def _say(self, messages: list[str], problem: bool) -> None:
        self.assignment_message.setStyleSheet(ERROR_STYLE if problem else "")
        show_error(self.assignment_message, "\n".join(messages))

    # ----------------------------------------------------------- removing
    def _remove(self, editor: UnitListEditor) -> None:
        editor.remove_selected()

    def _after_removal(self) -> None:
        kept = set(self.lead_unit_ids()) | set(self.support_unit_ids())
        lost = [self.label(unit_id) for unit_id in sorted(self._reported - kept)]
        if lost:
            self._say([f"{', '.join(f'«{name}»' for name in lost)} đã có tiến độ báo cáo: khi lưu, tiến độ "
                       "của đơn vị này bị xóa, tệp minh chứng chuyển vào thư mục «_da_xoa». "
                       "Hoàn tác bằng Ctrl+Z sau khi lưu, hoặc nhấn «Hủy» để giữ nguyên."], True)
        else:
            self._say([], False)
        if self._selected is not None and self._selected not in kept:
            self._selected = None
            self._show_own_deadline()
        self.changed.emit()

    # ------------------------------------------------------- own deadline
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for editor in (self.lead_list, self.support_list):
                if watched is editor.list:
                    self._unit_focused(editor)
        return super().eventFilter(watched, event)

    def _unit_focused(self, editor: UnitListEditor) -> None:
        """The deadline row follows the current unit of the list the user is in."""
        item = editor.list.currentItem()
        if item is None:
            return
        other = self.support_list if editor is self.lead_list else self.lead_list
        other.list.clearSelection()  # one unit at a time owns the deadline row
        self._selected = item.data(Qt.ItemDataRole.UserRole)
        self._show_own_deadline()

    def select_unit(self, unit_id: int) -> None:
        for editor in (self.lead_list, self.support_list):
            ids = editor.unit_ids()
            if unit_id in ids:
                editor.list.setCurrentRow(ids.index(unit_id))
                return

    def _show_own_deadline(self) -> None:
        unit_id = self._selected
        own = self._deadlines.get(unit_id) if unit_id is not None else None
        for widget in (self.own_deadline_check, self.own_deadline_edit):
            widget.blockSignals(True)
        self.own_deadline_check.setEnabled(unit_id is not None)
        self.own_deadline_check.setChecked(own is not None)
        self.own_deadline_edit.setEnabled(own is not None)
        self.own_deadline_edit.setDate(QDate(own or date.today()))
        for widget in (self.own_deadline_check, self.own_deadline_edit):
            widget.blockSignals(False)
        tip = (f"Hạn riêng của «{self.label(unit_id)}»" if unit_id is not None
               else "Chọn một đơn vị ở trên trước")
        self.own_deadline_edit.setToolTip(tip)
        show_error(self.own_deadline_error, self._deadline_problem(unit_id))

    def _own_deadline_edited(self) -> None:
        unit_id = self._selected
        if unit_id is None:
            return
        checked = self.own_deadline_check.isChecked()
        self.own_deadline_edit.setEnabled(checked)
        self._deadlines[unit_id] = self.own_deadline_edit.date().toPython() if checked else None
        for editor in (self.lead_list, self.support_list):
            for row in range(editor.list.count()):
                item = editor.list.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == unit_id:
                    item.setText(self.item_text(unit_id))
        show_error(self.own_deadline_error, self._deadline_problem(unit_id))
        self.changed.emit()

    def _deadline_problem(self, unit_id: int | None) -> str:
        own = self._deadlines.get(unit_id) if unit_id is not None else None
        if own is None or self.not_before is None or own >= self.not_before:
            return ""
        return (f"Hạn riêng {format_date(own)} của «{self.label(unit_id)}» trước ngày ban hành kế hoạch "
                f"({format_date(self.not_before)}).")

    def validate(self) -> QWidget | None:
        """Show the first unit whose own deadline is before the plan; the field to fix, or None."""
        for unit_id, _role, _own in self.items():
            if self._deadline_problem(unit_id):
                self.select_unit(unit_id)
                self._selected = unit_id
                self._show_own_deadline()
                return self.own_deadline_edit
        return None
