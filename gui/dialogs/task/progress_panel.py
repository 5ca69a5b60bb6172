"""The progress section of the task form: pick a unit (and a year for a recurring task), then edit
its state, percentage, completion date, result and evidence files, with its history below.

Edits are staged per occurrence as `ProgressDraft`s and written by the task form on Save.
Occurrences exist only for saved assignments, so a unit added in this session can get progress
after the first save; the panel says so instead of showing an editor that could not be saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.model import Occurrence, Role, WorkState
from core.vntext import format_date
from gui.dialogs.form_fields import error_label, show_error
from gui.dialogs.task.evidence import EvidenceList
from gui.dialogs.task.progress_draft import COMPLETED_FIELD, PROGRESS_FIELD, ProgressDraft, progress_problems
from gui.models.progress_history import COL_RESULT, ProgressHistoryModel
from storage.assignments import progress_history
from storage.attachments import Attachment, list_attachments

NEW_UNIT_TEXT = "Lưu để nhập tiến độ cho đơn vị mới: đơn vị này chưa được lưu vào phân công."
NO_UNITS_TEXT = "Chưa giao cho đơn vị nào. Thêm đơn vị chủ trì hoặc phối hợp ở phần «Phân công»."
UNIT_ROLE = Qt.ItemDataRole.UserRole
NOTICE_STYLE = "color: #1f4e8c; font-weight: bold;"


def has_report(occurrence: Occurrence) -> bool:
    return (occurrence.state is not WorkState.NOT_STARTED or occurrence.progress > 0
            or occurrence.completed_on is not None or bool(occurrence.result))


class ProgressPanel(QGroupBox):
    """Progress of the task's saved assignments; `changed` fires on every staged edit."""

    changed = Signal()

    def __init__(self, db: Database, attachments_root: Path, not_before: date | None,
                 parent: QWidget | None = None):
        super().__init__("Tiến độ thực hiện", parent)
        self.db = db
        self.not_before = not_before
        self._occurrences: dict[int, list[Occurrence]] = {}  # unit id → saved occurrences
        self._files: dict[int, list[Attachment]] = {}  # occurrence id → stored attachments
        self._drafts: dict[int, ProgressDraft] = {}
        self._assignees: list[tuple[int, Role, str]] = []
        self._current: Occurrence | None = None
        self._showing = False  # editor being filled from data: not a user edit

        self.unit_list = QListWidget()
        self.unit_list.setObjectName("progressUnits")
        self.unit_list.setMaximumHeight(96)
        self.unit_list.setToolTip("Chọn đơn vị để xem và cập nhật tiến độ; dấu * là thay đổi chưa lưu")
        unit_label = QLabel("Đơn vị được gi&ao:")
        unit_label.setBuddy(self.unit_list)
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("progressYear")
        self.year_combo.setToolTip("Nhiệm vụ lặp hằng năm: mỗi năm báo cáo tiến độ riêng")
        self.year_label = QLabel("Năm:")
        self.year_label.setBuddy(self.year_combo)
        self.due_label = QLabel()
        self.due_label.setObjectName("progressDue")
        self.year_row = QWidget()  # year chooser and due date; hidden while there is no occurrence
        self.notice = QLabel()
        self.notice.setObjectName("progressNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)

        self.editor = QWidget()
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("progressState")
        for state in WorkState:
            self.state_combo.addItem(state.label, state)
        self.progress_edit = QLineEdit()
        self.progress_edit.setObjectName("progressPercent")
        self.progress_edit.setMaximumWidth(56)
        self.progress_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.progress_edit.setToolTip("Phần trăm công việc đã làm, số nguyên từ 0 đến 100")
        self.progress_error = error_label("progressError")
        self.completed_check = QCheckBox("Ngà&y hoàn thành:")
        self.completed_check.setObjectName("completedCheck")
        self.completed_edit = QDateEdit()
        self.completed_edit.setObjectName("completedOn")
        self.completed_edit.setDisplayFormat("dd/MM/yyyy")
        self.completed_edit.setCalendarPopup(True)
        self.completed_edit.setEnabled(False)
        self.completed_error = error_label("completedError")
        self.result_edit = QPlainTextEdit()
        self.result_edit.setObjectName("progressResult")
        self.result_edit.setTabChangesFocus(True)
        self.result_edit.setPlaceholderText("Kết quả thực hiện: đã làm gì, số liệu, văn bản đã ban hành…")
        self.result_edit.setMinimumHeight(54)
        self.result_edit.setMaximumHeight(96)
        self.difficulties_edit = self._words_edit(
            "progressDifficulties", "Khó khăn, vướng mắc; lý do chậm (nếu có) — tổng hợp vào báo cáo"
        )
        self.proposals_edit = self._words_edit(
            "progressProposals", "Đề xuất, kiến nghị với cấp trên (nếu có) — tổng hợp vào báo cáo"
        )
        self.evidence = EvidenceList(db, attachments_root)
        self.history_model = ProgressHistoryModel(self)
        self.history_view = QTableView()
        self.history_view.setObjectName("progressHistory")
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.verticalHeader().hide()
        self.history_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.history_view.setWordWrap(False)
        self.history_view.setTabKeyNavigation(False)  # Tab leaves the table like every other field
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.Stretch)
        self.history_empty = QLabel("Chưa có lần cập nhật nào.")
        self.history_empty.setObjectName("historyEmpty")

        self._layout(unit_label)
        self.unit_list.currentItemChanged.connect(lambda *_: self._unit_chosen())
        self.year_combo.currentIndexChanged.connect(lambda _row: self._occurrence_chosen())
        self.state_combo.currentIndexChanged.connect(self._state_changed)
        self.progress_edit.textChanged.connect(lambda _text: self._edited())
        self.completed_check.toggled.connect(self._completed_toggled)
        self.completed_edit.dateChanged.connect(lambda _date: self._edited())
        self.result_edit.textChanged.connect(self._edited)
        self.difficulties_edit.textChanged.connect(self._edited)
        self.proposals_edit.textChanged.connect(self._edited)
        self.evidence.changed.connect(self._edited)
        self._show_occurrence(None)

    def _layout(self, unit_label: QLabel) -> None:
        year_row = QHBoxLayout(self.year_row)
        year_row.setContentsMargins(0, 0, 0, 0)
        year_row.addWidget(self.year_label)
        year_row.addWidget(self.year_combo, 1)
        year_row.addWidget(self.due_label)
        form = QFormLayout(self.editor)
        form.setContentsMargins(0, 0, 0, 0)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_combo)
        percent_label = QLabel("Tiến độ:")
        percent_label.setBuddy(self.progress_edit)
        state_row.addSpacing(12)
        state_row.addWidget(percent_label)
        state_row.addWidget(self.progress_edit)
        state_row.addWidget(QLabel("%"))
        state_row.addStretch(1)
        state_label = QLabel("Trạng thái:")
        state_label.setBuddy(self.state_combo)
        form.addRow(state_label, state_row)
        form.addRow("", self.progress_error)
        completed_row = QHBoxLayout()
        completed_row.addWidget(self.completed_edit)
        completed_row.addStretch(1)
        form.addRow(self.completed_check, completed_row)
        form.addRow("", self.completed_error)
        result_label = QLabel("Kết &quả thực hiện:")
        result_label.setBuddy(self.result_edit)
        form.addRow(result_label, self.result_edit)
        # Every plain letter of "Đề xuất, kiến nghị" is taken in the form: Tab reaches it after "lý do".
        for text, edit in (("Khó khăn, lý &do chậm:", self.difficulties_edit),
                           ("Đề xuất, kiến nghị:", self.proposals_edit)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        evidence_label = QLabel("Tệp minh chứng:")
        evidence_label.setBuddy(self.evidence.list)
        form.addRow(evidence_label, self.evidence)
        layout = QVBoxLayout(self)
        layout.addWidget(unit_label)
        layout.addWidget(self.unit_list)
        layout.addWidget(self.year_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.editor)
        history_label = QLabel("Lịch sử cập nhật (mới nhất trên cùng):")
        history_label.setBuddy(self.history_view)
        layout.addWidget(history_label)
        layout.addWidget(self.history_view, 1)
        layout.addWidget(self.history_empty)

    @staticmethod
    def _words_edit(name: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        edit.setFixedHeight(44)
        return edit

    # ----------------------------------------------------------------- data
    def load(self, occurrences: dict[int, list[Occurrence]]) -> None:
        """The saved occurrences of the task's assignments, by unit id."""
        self._occurrences = {unit_id: list(rows) for unit_id, rows in occurrences.items()}
        self._files.clear()
        self._drafts.clear()

    def set_assignees(self, assignees: Sequence[tuple[int, Role, str]]) -> None:
        """The units the form currently assigns (unit id, role, label), in the order shown."""
        self._commit_editor()
        current = self.current_unit_id()
        self._assignees = list(assignees)
        self.unit_list.blockSignals(True)
        self.unit_list.clear()
        for unit_id, role, label in self._assignees:
            item = QListWidgetItem()
            item.setData(UNIT_ROLE, unit_id)
            self.unit_list.addItem(item)
            self._label_item(item, role, label)
        self.unit_list.blockSignals(False)
        rows = [unit_id for unit_id, _role, _label in self._assignees]
        if rows:
            self.unit_list.setCurrentRow(rows.index(current) if current in rows else 0)
        self._unit_chosen()

    def _label_item(self, item: QListWidgetItem, role: Role, label: str) -> None:
        unit_id = item.data(UNIT_ROLE)
        occurrences = self._occurrences.get(unit_id)
        if occurrences is None:
            summary = "chưa lưu"
        elif len(occurrences) == 1:
            draft = self._draft_for(occurrences[0])
            summary = f"{draft.state.label}, {draft.progress_text.strip() or '?'}%"
        else:
            done = sum(self._draft_for(o).state is WorkState.DONE for o in occurrences)
            summary = f"{len(occurrences)} năm, hoàn thành {done}"
        edited = any(o.id in self._drafts for o in occurrences or [])
        item.setText(f"{'* ' if edited else ''}{label} ({role.label.lower()}) — {summary}")

    def _refresh_labels(self) -> None:
        for row, (_unit_id, role, label) in enumerate(self._assignees):
            self._label_item(self.unit_list.item(row), role, label)

    def _draft_for(self, occurrence: Occurrence) -> ProgressDraft:
        return self._drafts.get(occurrence.id) or ProgressDraft.of(occurrence)

    def _stored_files(self, occurrence: Occurrence) -> list[Attachment]:
        if occurrence.id not in self._files:
            self._files[occurrence.id] = list_attachments(self.db, occurrence.id)
        return self._files[occurrence.id]

    # ------------------------------------------------------------ choosing
    def current_unit_id(self) -> int | None:
        item = self.unit_list.currentItem()
        return item.data(UNIT_ROLE) if item is not None else None

    def current_occurrence(self) -> Occurrence | None:
        return self._current

    def select(self, unit_id: int, key: str = "") -> None:
        """Show the occurrence `key` ("" or a year) of the unit's assignment."""
        rows = [assignee[0] for assignee in self._assignees]
        self.unit_list.setCurrentRow(rows.index(unit_id))
        if self.year_combo.count() > 0:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(key), 0))

    def _unit_chosen(self) -> None:
        self._commit_editor()
        unit_id = self.current_unit_id()
        occurrences = self._occurrences.get(unit_id, []) if unit_id is not None else []
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for occurrence in occurrences:
            self.year_combo.addItem(self._year_text(occurrence), occurrence.key)
        this_year = self.year_combo.findData(str(date.today().year))
        self.year_combo.setCurrentIndex(this_year if this_year >= 0 else (0 if occurrences else -1))
        self.year_combo.blockSignals(False)
        recurring = len(occurrences) > 1
        self.year_combo.setVisible(recurring)
        self.year_label.setVisible(recurring)
        self.year_row.setVisible(bool(occurrences))
        if unit_id is None:
            self.notice.setText(NO_UNITS_TEXT)
        elif not occurrences:
            self.notice.setText(NEW_UNIT_TEXT)
        else:
            self.notice.setText("")
        self.notice.setVisible(bool(self.notice.text()))
        self._occurrence_chosen()

    def _year_text(self, occurrence: Occurrence) -> str:
        draft = self._draft_for(occurrence)
        mark = "* " if occurrence.id in self._drafts else ""
        return f"{mark}{occurrence.key or 'một lần'} — {draft.state.label}, {draft.progress_text.strip()}%"

    def _occurrence_chosen(self) -> None:
        self._commit_editor()
        unit_id = self.current_unit_id()
        occurrences = self._occurrences.get(unit_id, []) if unit_id is not None else []
        row = self.year_combo.currentIndex()
        self._show_occurrence(occurrences[row] if 0 <= row < len(occurrences) else None)

    def _show_occurrence(self, occurrence: Occurrence | None) -> None:
        self._current = occurrence
        self._showing = True
        self.editor.setEnabled(occurrence is not None)
        self.evidence.setEnabled(occurrence is not None)
        if occurrence is None:
            draft = ProgressDraft(WorkState.NOT_STARTED, "", None, "")
            self.history_model.set_history([])
            self.evidence.show_files([], [], [])
            self.due_label.setText("")
        else:
            draft = self._draft_for(occurrence)
            self.history_model.set_history(progress_history(self.db, occurrence.id))
            self.evidence.show_files(self._stored_files(occurrence), draft.added_files,
                                     draft.removed_attachments)
            self.due_label.setText(f"Hạn: {format_date(occurrence.due_on)}" if occurrence.due_on
                                   else "Không thời hạn")
        self.state_combo.setCurrentIndex(self.state_combo.findData(draft.state))
        self.progress_edit.setText(draft.progress_text)
        self.completed_check.setChecked(draft.completed_on is not None)
        self.completed_edit.setEnabled(draft.completed_on is not None)
        self.completed_edit.setDate(QDate(draft.completed_on or date.today()))
        self.result_edit.setPlainText(draft.result)
        self.difficulties_edit.setPlainText(draft.difficulties)
        self.proposals_edit.setPlainText(draft.proposals)
        self._showing = False
        self.history_empty.setVisible(occurrence is not None and self.history_model.rowCount() == 0)
        self._show_problems(self.problems() if occurrence is not None else {})

    # ------------------------------------------------------------- editing
    def editor_draft(self) -> ProgressDraft:
        """What the editor shows, as a draft for the current occurrence."""
        return ProgressDraft(
            state=WorkState(self.state_combo.currentData()),
            progress_text=self.progress_edit.text(),
            completed_on=self.completed_edit.date().toPython() if self.completed_check.isChecked() else None,
            result=self.result_edit.toPlainText(),
            difficulties=self.difficulties_edit.toPlainText(),
            proposals=self.proposals_edit.toPlainText(),
            added_files=self.evidence.added_files(),
            removed_attachments=self.evidence.removed_ids(),
        )

    def _commit_editor(self) -> None:
        occurrence = self._current
        if occurrence is None or self._showing:
            return
        draft = self.editor_draft()
        if draft.changes(occurrence):
            self._drafts[occurrence.id] = draft
        else:
            self._drafts.pop(occurrence.id, None)

    def _state_changed(self, _row: int) -> None:
        if not self._showing and self.state_combo.currentData() == WorkState.DONE:
            # Finished work is all done; the date stays the user's to give.
            self.progress_edit.setText("100")
        self._edited()

    def _completed_toggled(self, checked: bool) -> None:
        self.completed_edit.setEnabled(checked)
        self._edited()

    def _edited(self) -> None:
        if self._showing or self._current is None:
            return
        self._commit_editor()
        self._show_problems(self.problems())
        self._refresh_labels()
        row = self.year_combo.currentIndex()
        if row >= 0:
            self.year_combo.setItemText(row, self._year_text(self._current))
        self.changed.emit()

    def problems(self) -> dict[str, str]:
        return progress_problems(self.editor_draft(), self.not_before)

    def _show_problems(self, problems: dict[str, str]) -> None:
        show_error(self.progress_error, problems.get(PROGRESS_FIELD, ""))
        show_error(self.completed_error, problems.get(COMPLETED_FIELD, ""))

    # ------------------------------------------------------------- results
    def validate(self) -> QWidget | None:
        """Show the first draft with a problem; the field to fix, or None when every draft can be saved."""
        self._commit_editor()
        for unit_id, occurrence, draft in self.pending():
            problems = progress_problems(draft, self.not_before)
            if problems:
                self.select(unit_id, occurrence.key)
                self._show_problems(problems)
                if PROGRESS_FIELD in problems:
                    return self.progress_edit
                return self.completed_edit if self.completed_check.isChecked() else self.completed_check
        return None

    def pending(self) -> list[tuple[int, Occurrence, ProgressDraft]]:
        """(unit id, occurrence, draft) of every staged change of a unit that is still assigned."""
        self._commit_editor()
        assigned = [assignee[0] for assignee in self._assignees]
        return [
            (unit_id, occurrence, self._drafts[occurrence.id])
            for unit_id in assigned
            for occurrence in self._occurrences.get(unit_id, [])
            if occurrence.id in self._drafts
        ]

    def units_with_reports(self) -> set[int]:
        """Units whose saved occurrences carry progress or evidence (what removing them would lose)."""
        return {
            unit_id for unit_id, occurrences in self._occurrences.items()
            if any(has_report(o) or self._stored_files(o) for o in occurrences)
        }

    def stored_files(self, unit_id: int) -> list[Attachment]:
        """Every stored attachment of the unit's saved occurrences."""
        return [a for o in self._occurrences.get(unit_id, []) for a in self._stored_files(o)]
