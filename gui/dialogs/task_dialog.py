"""Dialog to add or edit one task of a plan: its text, its timeframe or deadline, and who does it.

The form is split into sections (task, time, assignments), each a group with its own form
layout, so that later sections (progress per unit) can be added without reshaping the rest.
OK saves the task and its assignments together in one transaction; closing with unsaved
changes asks first.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.model import Plan, Role, Task, TaskKind, Unit
from core.timeframe import parse_timeframe
from core.vntext import clean, format_date, nfc
from gui.context import AppContext
from gui.dialogs.unit_picker import UnitListEditor, UnitPickerDialog, unit_label
from gui.models.task_tree import NOT_UNDERSTOOD_COLOUR, deadline_reading
from gui.operations import attempt
from storage.assignments import list_assignments, set_assignments
from storage.database import transaction
from storage.tasks import get_task, move_task_up, save_task
from storage.units import group_members, list_units

ERROR_STYLE = f"color: {NOT_UNDERSTOOD_COLOUR};"
OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
KIND_LABELS = ((TaskKind.TASK, "Nhiệm vụ"), (TaskKind.SECTION, "Mục (đề mục, không giao việc)"))


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class TaskDialog(QDialog):
    """Adds a task (when `task` is None or has no id yet) or edits one; `saved_task` holds the result.

    A new task's fields (ordinal, kind, parent) come pre-filled from `task`.
    """

    def __init__(
        self,
        context: AppContext,
        plan: Plan,
        task: Task | None = None,
        *,
        place_after: Task | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.plan = plan
        self._task = task or Task(plan_id=plan.id, content="")
        # A new task goes right after this sibling instead of at the end of its parent.
        self._place_after = place_after if task is None or task.id is None else None
        self.saved_task: Task | None = None
        self._units: dict[int, Unit] = {unit.id: unit for unit in list_units(context.db)}
        existing = list_assignments(context.db, self._task.id) if self._task.id is not None else []
        # Per-unit deadlines are edited elsewhere; keep them for the units that stay assigned.
        self._unit_deadlines: dict[int, date | None] = {
            row.assignment.unit_id: row.assignment.deadline_override for row in existing}
        self._unit_names: dict[int, str] = {row.assignment.unit_id: row.unit_name for row in existing}

        if self._task.id is None:
            self.setWindowTitle("Thêm nhiệm vụ")
        else:
            self.setWindowTitle(f"Sửa nhiệm vụ {self._task.ordinal}".rstrip())
        self.resize(760, 720)

        layout = QVBoxLayout(self)
        layout.addWidget(self._task_section())
        layout.addWidget(self._time_section())
        layout.addWidget(self._assignment_section(), 1)
        buttons = QDialogButtonBox(OK_CANCEL)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

        self._load(self._task, existing)
        self._loaded = self._snapshot()
        self.content_edit.setFocus()

    # ------------------------------------------------------------ sections
    def _task_section(self) -> QGroupBox:
        box = QGroupBox("Nhiệm vụ")
        form = QFormLayout(box)
        self.ordinal_edit = QLineEdit()
        self.ordinal_edit.setObjectName("ordinal")
        self.ordinal_edit.setPlaceholderText("I, 1, a), -")
        self.ordinal_edit.setToolTip("Số thứ tự như in trong kế hoạch; để trống hoặc «-» cho gạch đầu dòng")
        self.ordinal_edit.setMaximumWidth(120)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind")
        for kind, label in KIND_LABELS:
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setToolTip("Mục là đề mục nhóm các nhiệm vụ (I. …, II. …), không có đơn vị thực hiện")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setPlaceholderText("Không bắt buộc, ví dụ «Công tác tuyên truyền»")
        self.content_edit = QPlainTextEdit()
        self.content_edit.setObjectName("content")
        self.content_edit.setTabChangesFocus(True)
        self.content_edit.setMinimumHeight(90)
        self.content_error = _error_label("contentError")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(54)

        top = QHBoxLayout()
        top.addWidget(self.ordinal_edit)
        kind_label = QLabel("L&oại:")
        kind_label.setBuddy(self.kind_combo)
        top.addWidget(kind_label)
        top.addWidget(self.kind_combo)
        top.addStretch(1)
        ordinal_label = QLabel("&Số thứ tự:")
        ordinal_label.setBuddy(self.ordinal_edit)
        form.addRow(ordinal_label, top)
        form.addRow("T&iêu đề:", self.title_edit)  # a widget field becomes the label's buddy
        content = QVBoxLayout()
        content.addWidget(self.content_edit)
        content.addWidget(self.content_error)
        content_label = QLabel("&Nội dung: *")
        content_label.setBuddy(self.content_edit)
        form.addRow(content_label, content)
        form.addRow("G&hi chú:", self.notes_edit)
        self.content_edit.textChanged.connect(lambda: _show_error(self.content_error, ""))
        return box

    def _time_section(self) -> QGroupBox:
        box = QGroupBox("Thời hạn")
        form = QFormLayout(box)
        self.timeframe_edit = QLineEdit()
        self.timeframe_edit.setObjectName("timeframe")
        self.timeframe_edit.setPlaceholderText(
            "Thường xuyên, Hằng năm, Năm 2025, Quý II/2025, Trước 30/6/2025…")
        self.timeframe_reading = QLabel()
        self.timeframe_reading.setObjectName("timeframeReading")
        self.timeframe_reading.setMinimumWidth(220)
        row = QHBoxLayout()
        row.addWidget(self.timeframe_edit, 1)
        row.addWidget(self.timeframe_reading)
        timeframe_label = QLabel("Thời &gian thực hiện:")
        timeframe_label.setBuddy(self.timeframe_edit)
        form.addRow(timeframe_label, row)

        self.deadline_check = QCheckBox("Hạn &cụ thể:")
        self.deadline_check.setObjectName("deadlineCheck")
        self.deadline_check.setToolTip("Hạn nhập tay thay cho hạn đọc được từ thời gian thực hiện")
        self.deadline_edit = QDateEdit()
        self.deadline_edit.setObjectName("deadline")
        self.deadline_edit.setDisplayFormat("dd/MM/yyyy")
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDate(QDate.currentDate())
        self.deadline_edit.setEnabled(False)
        self.deadline_error = _error_label("deadlineError")
        deadline = QVBoxLayout()
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_edit)
        deadline_row.addStretch(1)
        deadline.addLayout(deadline_row)
        deadline.addWidget(self.deadline_error)
        form.addRow(self.deadline_check, deadline)

        self.timeframe_edit.textChanged.connect(self._update_reading)
        self.deadline_check.toggled.connect(self._deadline_toggled)
        self.deadline_edit.dateChanged.connect(self._update_reading)
        return box

    def _assignment_section(self) -> QGroupBox:
        box = QGroupBox("Phân công")
        grid = QGridLayout(box)
        self.lead_list = UnitListEditor("Đơn vị chủ t&rì", "&Thêm…", "&Bỏ")
        self.lead_list.list.setObjectName("leadUnits")
        self.support_list = UnitListEditor("Đơn vị &phối hợp", "Thê&m…", "Bỏ")
        self.support_list.list.setObjectName("supportUnits")
        self.lead_list.add_button.setToolTip("Chọn đơn vị chủ trì")
        self.support_list.add_button.setToolTip("Chọn đơn vị phối hợp")
        self.lead_list.add_button.clicked.connect(lambda: self.pick_units(Role.LEAD))
        self.support_list.add_button.clicked.connect(lambda: self.pick_units(Role.SUPPORT))
        self.lead_list.remove_button.clicked.connect(self.lead_list.remove_selected)
        self.support_list.remove_button.clicked.connect(self.support_list.remove_selected)
        self.assignment_message = _error_label("assignmentMessage")
        grid.addWidget(self.lead_list, 0, 0)
        grid.addWidget(self.support_list, 0, 1)
        grid.addWidget(self.assignment_message, 1, 0, 1, 2)
        return box

    # ------------------------------------------------------------- loading
    def _load(self, task: Task, existing) -> None:
        self.ordinal_edit.setText(task.ordinal)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(task.kind))
        self.title_edit.setText(task.title)
        self.content_edit.setPlainText(task.content)
        self.timeframe_edit.setText(task.timeframe_text)
        self.notes_edit.setPlainText(task.notes)
        if task.deadline_override is not None:
            self.deadline_edit.setDate(QDate(task.deadline_override))
            self.deadline_check.setChecked(True)
        for row in existing:
            target = self.lead_list if row.assignment.role is Role.LEAD else self.support_list
            target.add(row.assignment.unit_id, self._label(row.assignment.unit_id))
        self._update_reading()

    def _label(self, unit_id: int) -> str:
        unit = self._units.get(unit_id)
        return unit_label(unit) if unit is not None else self._unit_names.get(unit_id, str(unit_id))

    # ----------------------------------------------------------- behaviour
    def _deadline_toggled(self, checked: bool) -> None:
        self.deadline_edit.setEnabled(checked)
        if checked and self._task.deadline_override is None:
            # Start from what the timeframe says, so the user only adjusts it.
            due = parse_timeframe(self.timeframe_edit.text()).due
            if due is not None:
                self.deadline_edit.setDate(QDate(due))
        _show_error(self.deadline_error, "")
        self._update_reading()

    def _update_reading(self) -> None:
        reading = deadline_reading(self.timeframe_edit.text(), self.deadline())
        self.timeframe_reading.setText(reading.text)
        self.timeframe_reading.setStyleSheet("" if reading.understood else ERROR_STYLE)
        _show_error(self.deadline_error, "")

    def deadline(self) -> date | None:
        return self.deadline_edit.date().toPython() if self.deadline_check.isChecked() else None

    def pick_units(self, role: Role) -> None:
        """Open the unit picker for `role` and add what the user chooses."""
        own = self.lead_list if role is Role.LEAD else self.support_list
        title = "Chọn đơn vị chủ trì" if role is Role.LEAD else "Chọn đơn vị phối hợp"
        picker = UnitPickerDialog(list(self._units.values()), title, own.unit_ids(), self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.add_units(role, picker.selected_units())

    def add_units(self, role: Role, units: list[Unit]) -> None:
        """Add `units` with `role`, a group as its members; a unit already in the other role is refused."""
        own, other = (self.lead_list, self.support_list) if role is Role.LEAD else (
            self.support_list, self.lead_list)
        other_role = "phối hợp" if role is Role.LEAD else "chủ trì"
        messages: list[str] = []
        refused: list[str] = []
        for unit in units:
            members = [unit]
            if unit.is_group:
                # Each member gets its own assignment, so each reports and is tracked on its own.
                members = group_members(self.context.db, unit.id)
                if not members:
                    messages.append(
                        f"Nhóm «{unit.name}» chưa có thành viên; thêm thành viên ở màn hình «Đơn vị».")
                    continue
                messages.append(f"Nhóm «{unit.name}»: thêm {len(members)} đơn vị thành viên.")
            for member in members:
                self._units.setdefault(member.id, member)
                if member.id in other.unit_ids():
                    refused.append(f"«{member.name}»")
                elif member.id not in own.unit_ids():
                    own.add(member.id, unit_label(member))
        if refused:
            messages.append(
                f"{', '.join(refused)} đã là đơn vị {other_role}; một đơn vị không thể vừa chủ trì "
                f"vừa phối hợp. Bỏ đơn vị khỏi danh sách {other_role} trước nếu muốn đổi vai trò.")
        problem = bool(refused) or any("chưa có thành viên" in message for message in messages)
        self.assignment_message.setStyleSheet(ERROR_STYLE if problem else "")
        _show_error(self.assignment_message, "\n".join(messages))

    def lead_unit_ids(self) -> list[int]:
        return self.lead_list.unit_ids()

    def support_unit_ids(self) -> list[int]:
        return self.support_list.unit_ids()

    def result_task(self) -> Task:
        """The task as the widgets describe it (not yet saved)."""
        return dataclasses.replace(
            self._task,
            ordinal=clean(self.ordinal_edit.text()),
            kind=self.kind_combo.currentData(),
            title=clean(self.title_edit.text()),
            content=nfc(self.content_edit.toPlainText().strip()),
            timeframe_text=clean(self.timeframe_edit.text()),
            deadline_override=self.deadline(),
            notes=nfc(self.notes_edit.toPlainText().strip()),
        )

    def result_assignments(self) -> list[tuple[int, Role, date | None]]:
        return [(unit_id, role, self._unit_deadlines.get(unit_id))
                for role, ids in ((Role.LEAD, self.lead_unit_ids()), (Role.SUPPORT, self.support_unit_ids()))
                for unit_id in ids]

    def _snapshot(self) -> tuple:
        return self.result_task(), tuple(self.result_assignments())

    def is_modified(self) -> bool:
        return self._snapshot() != self._loaded

    def validate(self) -> bool:
        """Show each problem next to its field; True when the task can be saved."""
        task = self.result_task()
        ok = True
        if not task.content:
            _show_error(self.content_error, "Nhập nội dung nhiệm vụ (bắt buộc).")
            self.content_edit.setFocus()
            ok = False
        issued = self.plan.issued_on
        if task.deadline_override is not None and issued is not None and task.deadline_override < issued:
            _show_error(self.deadline_error,
                        f"Hạn {format_date(task.deadline_override)} trước ngày ban hành kế hoạch "
                        f"({format_date(issued)}). Chọn hạn từ ngày {format_date(issued)} trở đi.")
            if ok:
                self.deadline_edit.setFocus()
            ok = False
        return ok

    def accept(self) -> None:
        if not self.validate():
            return
        task, items, db = self.result_task(), self.result_assignments(), self.context.db
        after = self._place_after
        saved: list[Task] = []

        def save() -> None:
            # One transaction: a task is never left saved without the assignments the user gave it,
            # nor at the end of its parent when it was meant to follow `after`.
            with transaction(db):
                stored = save_task(db, task)
                set_assignments(db, stored.id, items)
                if after is not None and after.parent_id == stored.parent_id:
                    for _ in range(stored.position - get_task(db, after.id).position - 1):
                        stored = move_task_up(db, stored.id)
            saved.append(stored)

        if attempt(self, save, "Không lưu được nhiệm vụ"):
            self.saved_task = saved[0]
            super().accept()

    def reject(self) -> None:
        if self.is_modified():
            answer = QMessageBox.question(
                self, "Thay đổi chưa lưu",
                "Nhiệm vụ có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
