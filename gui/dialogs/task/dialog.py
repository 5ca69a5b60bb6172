"""The task form: one task of a plan with its assignments and the progress each unit reports.

Left: the task (ordinal, kind, parent, title, content, notes), its timeframe with a live
reading and an optional explicit deadline, and its lead/support units with their own deadlines;
for a task linked across plans, the task it was made from and those made from it (read-only).
Right: progress per unit (and per year for a recurring task) with evidence files and history.
Everything typed is staged; Lưu (Ctrl+S) writes task, assignments, progress and files in one
transaction and records the change for Ctrl+Z; Hủy (Esc) discards, asking first when something
changed. Each section is its own widget (task_sections, assignment_section, progress_panel).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.model import Plan, Role, Task, TaskKind
from core.paths import attachments_dir
from core.vntext import clean, nfc
from gui.context import AppContext
from gui.dialogs.form_fields import show_error
from gui.dialogs.task.assignments import AssignmentSection
from gui.dialogs.task.progress_panel import ProgressPanel
from gui.dialogs.task.sections import ChainSection, TaskSection, TimeSection
from gui.dialogs.task.undo import capture_task_state, push_task_edit
from gui.operations import attempt
from storage.assignments import list_assignments, list_occurrences, record_progress, set_assignments
from storage.attachments import add_attachment, file_transaction, get_attachment, remove_attachment
from storage.chain import derived_tasks, rollup, source_task
from storage.settings import get_setting
from storage.tasks import get_task, list_tasks, move_task_up, save_task
from storage.units import list_units

OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
SETTINGS_GEOMETRY = "taskDialog/geometry"
SETTINGS_SPLITTER = "taskDialog/splitter"


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
        # After a save that changed a task other plans derive from: a reminder for the status bar.
        self.saved_note = ""
        db = context.db
        self.attachments_root: Path = attachments_dir(context.db_path)
        existing = list_assignments(db, self._task.id) if self._task.id is not None else []
        self._loaded_units = [row.assignment.unit_id for row in existing]

        self.setWindowTitle("Thêm nhiệm vụ" if self._task.id is None
                            else f"Sửa nhiệm vụ {self._task.ordinal}".rstrip())
        self.task_section = TaskSection(list_tasks(db, plan.id), self._task)
        self.time_section = TimeSection(plan.issued_on)
        saved = self._task.id is not None
        derived = derived_tasks(db, self._task.id) if saved else []
        rolled = None
        if derived:
            warn = int(get_setting(db, "warn_days"))
            rolled = next(iter(rollup(db, plan.id, date.today(), warn, task_id=self._task.id)), None)
        self.chain_section = ChainSection(source_task(db, self._task.id) if saved else None, derived, rolled)
        self.assignment_section = AssignmentSection(db, list_units(db), plan.issued_on)
        self.progress_panel = ProgressPanel(db, self.attachments_root, plan.issued_on)
        self._alias_fields()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.task_section)
        left_layout.addWidget(self.chain_section)
        left_layout.addWidget(self.time_section)
        left_layout.addWidget(self.assignment_section, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.progress_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(OK_CANCEL)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Lưu")
        self.ok_button.setToolTip("Lưu nhiệm vụ, phân công và tiến độ (Ctrl+S); hoàn tác bằng Ctrl+Z")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Hủy")
        self.cancel_button.setToolTip("Đóng và bỏ các thay đổi chưa lưu (Esc)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for key in ("Ctrl+S", "Ctrl+Return"):
            QShortcut(QKeySequence(key), self).activated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)

        self.task_section.load(self._task)
        self.time_section.load(self._task)
        self.progress_panel.load({row.assignment.unit_id: list_occurrences(db, row.assignment.id)
                                  for row in existing})
        self.assignment_section.load(existing, self.progress_panel.units_with_reports())
        self.progress_panel.set_assignees(self.assignment_section.assignees())
        self.assignment_section.changed.connect(
            lambda: self.progress_panel.set_assignees(self.assignment_section.assignees()))
        self._set_tab_order()
        self._restore_geometry()
        self._loaded = self._snapshot()
        self.content_edit.setFocus()

    def _alias_fields(self) -> None:
        """The fields by name on the dialog itself, as the task screen and its tests know them."""
        for section, names in (
            (self.task_section, ("ordinal_edit", "kind_combo", "title_edit", "content_edit", "content_error",
                                 "parent_combo", "notes_edit")),
            (self.time_section, ("timeframe_edit", "timeframe_reading", "deadline_check", "deadline_edit",
                                 "deadline_error")),
            (self.assignment_section, ("lead_list", "support_list", "assignment_message",
                                       "own_deadline_check", "own_deadline_edit", "own_deadline_error",
                                       "add_units", "pick_units", "lead_unit_ids", "support_unit_ids")),
        ):
            for name in names:
                setattr(self, name, getattr(section, name))

    def _set_tab_order(self) -> None:
        task, time, units, progress = (self.task_section, self.time_section, self.assignment_section,
                                       self.progress_panel)
        chain = [
            task.ordinal_edit, task.kind_combo, task.parent_combo, task.title_edit, task.content_edit,
            task.notes_edit, time.timeframe_edit, time.deadline_check, time.deadline_edit,
            units.lead_list.list, units.lead_list.add_button, units.lead_list.remove_button,
            units.support_list.list, units.support_list.add_button, units.support_list.remove_button,
            units.own_deadline_check, units.own_deadline_edit,
            progress.unit_list, progress.year_combo, progress.state_combo, progress.progress_edit,
            progress.completed_check, progress.completed_edit, progress.result_edit, progress.evidence.list,
            progress.evidence.add_button, progress.evidence.open_button, progress.evidence.remove_button,
            progress.evidence.verify_button, progress.history_view, self.ok_button, self.cancel_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------- results
    def result_task(self) -> Task:
        """The task as the widgets describe it (not yet saved)."""
        task = self.task_section
        return dataclasses.replace(
            self._task,
            ordinal=clean(task.ordinal_edit.text()),
            kind=TaskKind(task.kind_combo.currentData()),
            title=clean(task.title_edit.text()),
            content=nfc(task.content_edit.toPlainText().strip()),
            parent_id=task.parent_id(),
            timeframe_text=clean(self.time_section.timeframe_edit.text()),
            deadline_override=self.time_section.deadline(),
            notes=nfc(task.notes_edit.toPlainText().strip()),
        )

    def result_assignments(self) -> list[tuple[int, Role, date | None]]:
        return self.assignment_section.items()

    def deadline(self) -> date | None:
        return self.time_section.deadline()

    def _snapshot(self) -> tuple:
        return self.result_task(), tuple(self.result_assignments())

    def is_modified(self) -> bool:
        return self._snapshot() != self._loaded or bool(self.progress_panel.pending())

    def validate(self) -> bool:
        """Show every problem next to its field and focus the first one; True when the form can be saved."""
        problems: list[QWidget] = []
        if not self.result_task().content:
            show_error(self.content_error, "Nhập nội dung nhiệm vụ (bắt buộc).")
            problems.append(self.content_edit)
        for section in (self.time_section, self.assignment_section, self.progress_panel):
            field = section.validate()
            if field is not None:
                problems.append(field)
        if problems:
            problems[0].setFocus()
        return not problems

    # ---------------------------------------------------------------- save
    def accept(self) -> None:
        if not self.validate():
            return
        if self._task.id is not None and not self.is_modified():
            self.saved_task = self._task
            super().accept()
            return
        db, root = self.context.db, self.attachments_root
        task, items, after_task = self.result_task(), self.result_assignments(), self._place_after
        pending = self.progress_panel.pending()
        kept = {unit_id for unit_id, _role, _own in items}
        dropped = [a for unit_id in self._loaded_units if unit_id not in kept
                   for a in self.progress_panel.stored_files(unit_id)]
        trashed: dict[str, Path] = {}  # copies moved aside, from which an undo restores the files
        outcome: list = []

        def save() -> None:
            with file_transaction(db) as journal:
                before = capture_task_state(db, task.id) if task.id is not None else None
                # Progress first: occurrences a new timeframe no longer needs are kept when they carry it.
                for _unit_id, occurrence, draft in pending:
                    if draft.changes_progress(occurrence):
                        state, progress, completed_on, result = draft.values()
                        difficulties, proposals = draft.words()
                        record_progress(db, occurrence.id, state, progress, completed_on, result,
                                        source="GUI", difficulties=difficulties, proposals=proposals)
                    for attachment_id in sorted(draft.removed_attachments):
                        sha256 = get_attachment(db, attachment_id).sha256
                        moved = remove_attachment(db, attachment_id, root, journal=journal)
                        if moved is not None:
                            trashed[sha256] = moved
                    for path in draft.added_files:
                        add_attachment(db, occurrence.id, path, root, journal=journal)
                for attachment in dropped:  # files of units taken off the task go aside, not lost
                    moved = remove_attachment(db, attachment.id, root, journal=journal)
                    if moved is not None:
                        trashed[attachment.sha256] = moved
                stored = save_task(db, task)
                set_assignments(db, stored.id, items)
                if after_task is not None and after_task.parent_id == stored.parent_id:
                    for _ in range(stored.position - get_task(db, after_task.id).position - 1):
                        stored = move_task_up(db, stored.id)
                outcome[:] = [stored, before, capture_task_state(db, stored.id)]

        if attempt(self, save, "Không lưu được nhiệm vụ"):
            stored, before, after = outcome
            path = next((row.path for row in list_tasks(db, stored.plan_id) if row.task.id == stored.id), "")
            push_task_edit(self.context, before, after, trashed, path)
            self.saved_task = stored
            derived = self.chain_section.derived_count
            if derived and task != self._loaded[0]:
                self.saved_note = (f"{derived} nhiệm vụ triển khai từ nhiệm vụ này không tự thay đổi theo"
                                   " — hãy xem lại.")
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

    # ------------------------------------------------------------ geometry
    def _restore_geometry(self) -> None:
        settings = self.context.settings
        geometry, splitter = settings.value(SETTINGS_GEOMETRY), settings.value(SETTINGS_SPLITTER)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1180, 760)
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            self.splitter.setSizes([self.width() * 45 // 100, self.width() * 55 // 100])

    def done(self, result: int) -> None:
        self.context.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.context.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        super().done(result)
