"""The task, time and chain sections of the task form: what the task says, where it sits, when it
is due, and which tasks of other plans it was made from or made into.

The parent chooser lists the plan's sections and tasks in tree order, without the task itself
and its subtree (a task cannot be moved under itself). The timeframe is typed as written in the
plan and read live ("→ hạn 31/12/2025"); an explicit deadline overrides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.model import Task, TaskKind
from core.timeframe import TimeframeKind, parse_timeframe
from core.vntext import format_date
from gui.dialogs.form_fields import ERROR_STYLE, error_label, show_error
from gui.models.task_tree import deadline_reading, one_line
from storage.chain import RolledTask, TaskRef
from storage.tasks import TaskRow

KIND_LABELS = ((TaskKind.TASK, "Nhiệm vụ"), (TaskKind.SECTION, "Mục (đề mục, không giao việc)"))
TOP_LEVEL_TEXT = "(Cấp cao nhất của kế hoạch)"
PARENT_TEXT_LENGTH = 70
CHAIN_TEXT_LENGTH = 90
CHAIN_ITEM_LENGTH = 45  # a derived task on one line of the list
CHAIN_LIST_LIMIT = 5  # derived tasks listed by name; more are counted (all in the tooltip)
CHAIN_SUMMARY_LENGTH = 240  # the rolled-up result summary; all of it in the tooltip


def subtree_ids(rows: Sequence[TaskRow], task_id: int | None) -> set[int]:
    """`task_id` and every task below it (empty for a task not saved yet)."""
    if task_id is None:
        return set()
    found = {task_id}
    for row in rows:  # tree order: a parent always comes before its children
        if row.task.parent_id in found:
            found.add(row.task.id)
    return found


def elided(text: str, length: int) -> str:
    text = one_line(text)
    return text[: length - 1].rstrip() + "…" if len(text) > length else text


def parent_choice_text(row: TaskRow) -> str:
    text = elided(row.task.title or row.task.content, PARENT_TEXT_LENGTH)
    return f"{'    ' * row.depth}{row.path or row.task.ordinal or '-'}  {text}"


def task_ref_text(ref: TaskRef, length: int = CHAIN_TEXT_LENGTH) -> str:
    """ "740/KH-BCSD mục II.1 — Rà soát, sửa đổi…", marked when its plan is in the trash."""
    trash = " (kế hoạch ở thùng rác)" if ref.in_trash else ""
    return f"{ref.label}{trash} — {elided(ref.content, length)}"


class TaskSection(QGroupBox):
    """Ordinal, kind, title, content, parent and notes; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, rows: Sequence[TaskRow], task: Task, parent: QWidget | None = None):
        super().__init__("Nhiệm vụ", parent)
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
        self.content_edit.setMinimumHeight(72)
        self.content_edit.setMaximumHeight(130)
        self.content_error = error_label("contentError")
        self.parent_combo = QComboBox()
        self.parent_combo.setObjectName("parentTask")
        self.parent_combo.setToolTip("Mục hoặc nhiệm vụ chứa nhiệm vụ này; đổi thì nhiệm vụ chuyển xuống "
                                     "cuối mục mới")
        self.parent_combo.setMinimumContentsLength(30)
        self.parent_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.parent_combo.addItem(TOP_LEVEL_TEXT, None)
        excluded = subtree_ids(rows, task.id)
        for row in rows:
            if row.task.id not in excluded:
                self.parent_combo.addItem(parent_choice_text(row), row.task.id)
                self.parent_combo.setItemData(self.parent_combo.count() - 1, row.task.content,
                                              Qt.ItemDataRole.ToolTipRole)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(48)

        form = QFormLayout(self)
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
        parent_label = QLabel("Th&uộc:")
        parent_label.setBuddy(self.parent_combo)
        form.addRow(parent_label, self.parent_combo)
        form.addRow("T&iêu đề:", self.title_edit)  # a widget field becomes the label's buddy
        content = QVBoxLayout()
        content.addWidget(self.content_edit)
        content.addWidget(self.content_error)
        content_label = QLabel("&Nội dung: *")
        content_label.setBuddy(self.content_edit)
        form.addRow(content_label, content)
        form.addRow("G&hi chú:", self.notes_edit)

        self.content_edit.textChanged.connect(lambda: show_error(self.content_error, ""))
        for signal in (self.ordinal_edit.textChanged, self.title_edit.textChanged,
                       self.content_edit.textChanged, self.notes_edit.textChanged,
                       self.kind_combo.currentIndexChanged, self.parent_combo.currentIndexChanged):
            signal.connect(lambda *_: self.changed.emit())

    def load(self, task: Task) -> None:
        self.ordinal_edit.setText(task.ordinal)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(task.kind))
        self.title_edit.setText(task.title)
        self.content_edit.setPlainText(task.content)
        self.notes_edit.setPlainText(task.notes)
        self.parent_combo.setCurrentIndex(max(self.parent_combo.findData(task.parent_id), 0))

    def parent_id(self) -> int | None:
        return self.parent_combo.currentData()


class TimeSection(QGroupBox):
    """Timeframe as written with its live reading, and the explicit deadline that overrides it."""

    changed = Signal()

    def __init__(self, not_before: date | None, parent: QWidget | None = None):
        super().__init__("Thời hạn", parent)
        self.not_before = not_before
        self._loaded_override: date | None = None
        self.timeframe_edit = QLineEdit()
        self.timeframe_edit.setObjectName("timeframe")
        self.timeframe_edit.setPlaceholderText(
            "Thường xuyên, Hằng năm, Năm 2025, Quý II/2025, Trước 30/6/2025…")
        self.timeframe_reading = QLabel()
        self.timeframe_reading.setObjectName("timeframeReading")
        self.timeframe_reading.setMinimumWidth(200)
        self.deadline_check = QCheckBox("Hạn &cụ thể:")
        self.deadline_check.setObjectName("deadlineCheck")
        self.deadline_check.setToolTip("Hạn nhập tay thay cho hạn đọc được từ thời gian thực hiện")
        self.deadline_edit = QDateEdit()
        self.deadline_edit.setObjectName("deadline")
        self.deadline_edit.setDisplayFormat("dd/MM/yyyy")
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDate(QDate.currentDate())
        self.deadline_edit.setEnabled(False)
        self.deadline_error = error_label("deadlineError")

        form = QFormLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.timeframe_edit, 1)
        row.addWidget(self.timeframe_reading)
        timeframe_label = QLabel("Thời &gian thực hiện:")
        timeframe_label.setBuddy(self.timeframe_edit)
        form.addRow(timeframe_label, row)
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

    def load(self, task: Task) -> None:
        self._loaded_override = task.deadline_override
        self.timeframe_edit.setText(task.timeframe_text)
        if task.deadline_override is not None:
            self.deadline_edit.setDate(QDate(task.deadline_override))
            self.deadline_check.setChecked(True)
        self._update_reading()

    def _deadline_toggled(self, checked: bool) -> None:
        self.deadline_edit.setEnabled(checked)
        if checked and self._loaded_override is None:
            # Start from what the timeframe says, so the user only adjusts it.
            due = parse_timeframe(self.timeframe_edit.text()).due
            if due is not None:
                self.deadline_edit.setDate(QDate(due))
        self._update_reading()

    def _update_reading(self) -> None:
        reading = deadline_reading(self.timeframe_edit.text(), self.deadline())
        self.timeframe_reading.setText(reading.text)
        self.timeframe_reading.setStyleSheet("" if reading.understood else ERROR_STYLE)
        show_error(self.deadline_error, "")
        self.changed.emit()

    def deadline(self) -> date | None:
        return self.deadline_edit.date().toPython() if self.deadline_check.isChecked() else None

    def is_recurring(self) -> bool:
        return parse_timeframe(self.timeframe_edit.text()).kind is TimeframeKind.RECURRING

    def validate(self) -> QWidget | None:
        """Show a deadline before the plan's issue date; the field to fix, or None."""
        due = self.deadline()
        if due is not None and self.not_before is not None and due < self.not_before:
            issued = format_date(self.not_before)
            show_error(self.deadline_error,
                       f"Hạn {format_date(due)} trước ngày ban hành kế hoạch ({issued}). "
                       f"Chọn hạn từ ngày {issued} trở đi.")
            return self.deadline_edit
        return None


class ChainSection(QGroupBox):
    """Read-only: the task of the plan above this one was made from, and the tasks made from it.

    Hidden when the task has neither.
    """

    def __init__(
        self,
        source: TaskRef | None,
        derived: Sequence[TaskRef],
        rolled: RolledTask | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__("Liên kết kế hoạch", parent)
        self.setObjectName("chainSection")
        self.source_label = QLabel()
        self.source_label.setObjectName("chainSource")
        self.derived_label = QLabel()
        self.derived_label.setObjectName("chainDerived")
        for label in (self.source_label, self.derived_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rollup_label = QLabel()
        self.rollup_label.setObjectName("chainRollup")
        self.rollup_label.setWordWrap(True)
        self.rollup_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(self.derived_label)
        layout.addWidget(self.rollup_label)
        self.derived_count = sum(1 for ref in derived if not ref.in_trash)

        if source is not None:
            self.source_label.setText(f"Nhiệm vụ nguồn: {task_ref_text(source)}")
            self.source_label.setToolTip(source.content)
        self.source_label.setVisible(source is not None)
        if derived:
            lines = [f"Đã triển khai thành: {len(derived)} nhiệm vụ"]
            lines += [f"  • {task_ref_text(ref, CHAIN_ITEM_LENGTH)}" for ref in derived[:CHAIN_LIST_LIMIT]]
            if len(derived) > CHAIN_LIST_LIMIT:
                lines.append(f"  … và {len(derived) - CHAIN_LIST_LIMIT} nhiệm vụ khác")
            self.derived_label.setText("\n".join(lines))
            self.derived_label.setToolTip("\n".join(task_ref_text(ref) for ref in derived))
        self.derived_label.setVisible(bool(derived))
        if rolled is not None and rolled.status is not None:
            # What the report to the level above will say about this task, as of today.
            summary = elided(rolled.summary, CHAIN_SUMMARY_LENGTH)
            self.rollup_label.setText(f"Tổng hợp đến hôm nay: {rolled.status.label}. {summary}".strip())
            self.rollup_label.setToolTip(rolled.summary)
        self.rollup_label.setVisible(rolled is not None and rolled.status is not None)
        if source is None and not derived:
            self.hide()  # not setVisible(True) otherwise: without a parent yet it would open as a window
