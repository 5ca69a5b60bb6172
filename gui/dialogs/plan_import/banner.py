"""Two parts of the import preview that are about the whole document: the duplicate banner and the notes.

`DuplicateBanner` appears when the database already holds a plan with the same number (or
the same text) and asks whether to update that plan or add a new one; until the user picks,
`decision()` is None and the plan cannot be saved. `NotesList` shows the review notes and
reports which one the user opened, so the preview can jump to the task or unit it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.model import Plan
from gui.dialogs.plan_import.review import Note, plan_caption

NOTE_ROLE = Qt.ItemDataRole.UserRole + 40


@dataclass(frozen=True, slots=True)
class DuplicateDecision:
    update_plan_id: int | None  # None: add as a new plan


class DuplicateBanner(QFrame):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicateBanner")
        self.setStyleSheet(
            "#duplicateBanner { background: #fff4ce; border: 1px solid #e0b800; border-radius: 4px; }")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.update_button = QRadioButton("Cậ&p nhật kế hoạch đã có (giữ tiến độ của nhiệm vụ không đổi)")
        self.update_button.setToolTip(
            "Ghi đè thông tin, nhiệm vụ và chỉ tiêu của kế hoạch đã có bằng văn bản này; nhiệm vụ nào giữ "
            "nguyên số thứ tự thì giữ cả tiến độ đã báo cáo")
        self.new_button = QRadioButton("Thêm thành kế hoạch &mới")
        self.new_button.setToolTip("Giữ kế hoạch đã có và lưu văn bản này thành một kế hoạch riêng")
        self.group = QButtonGroup(self)
        self.group.addButton(self.update_button)
        self.group.addButton(self.new_button)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())
        self.target = QComboBox()
        self.target.setToolTip("Kế hoạch sẽ được cập nhật")
        self.target.currentIndexChanged.connect(lambda *_: self.changed.emit())
        update_row = QHBoxLayout()
        update_row.addWidget(self.update_button)
        update_row.addWidget(self.target, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(update_row)
        layout.addWidget(self.new_button)
        self._plans: list[Plan] = []
        self.setVisible(False)

    def set_duplicates(self, plans: Sequence[Plan]) -> None:
        """Show the banner for `plans` (hidden when none); a choice made earlier stays if it still applies."""
        ids = [plan.id for plan in plans]
        if ids == [plan.id for plan in self._plans]:
            return
        chosen = self.decision()
        self._plans = list(plans)
        self.target.blockSignals(True)
        self.target.clear()
        for plan in plans:
            self.target.addItem(plan_caption(plan), plan.id)
        self.target.blockSignals(False)
        self.target.setVisible(len(plans) > 1)
        if len(plans) == 1:
            self.message.setText(f"<b>Đã có kế hoạch này trong dữ liệu:</b> {plan_caption(plans[0])}<br>"
                                 "Hãy chọn cách lưu:")
        else:
            self.message.setText(f"<b>Đã có {len(plans)} kế hoạch cùng số hoặc cùng nội dung trong dữ "
                                 "liệu.</b><br>Hãy chọn kế hoạch cần cập nhật, hoặc thêm kế hoạch mới:")
        keep = chosen is not None and (chosen.update_plan_id is None or chosen.update_plan_id in ids)
        if keep and chosen.update_plan_id is not None:
            self.target.setCurrentIndex(ids.index(chosen.update_plan_id))
        if not keep:
            self.group.setExclusive(False)
            self.update_button.setChecked(False)
            self.new_button.setChecked(False)
            self.group.setExclusive(True)
        self.setVisible(bool(plans))
        self.changed.emit()

    def plans(self) -> list[Plan]:
        return list(self._plans)

    def needs_decision(self) -> bool:
        return bool(self._plans) and self.decision() is None

    def decision(self) -> DuplicateDecision | None:
        """None while duplicates exist and the user has not chosen; no duplicates → a new plan."""
        if not self._plans:
            return DuplicateDecision(None)
        if self.update_button.isChecked():
            return DuplicateDecision(self.target.currentData())
        if self.new_button.isChecked():
            return DuplicateDecision(None)
        return None

    def choose_update(self, plan_id: int | None = None) -> None:
        if plan_id is not None:
            self.target.setCurrentIndex(max(self.target.findData(plan_id), 0))
        self.update_button.setChecked(True)

    def choose_new(self) -> None:
        self.new_button.setChecked(True)


class NotesList(QListWidget):
    """The review notes, live ones first; Enter or a double click opens the place a note names."""

    note_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importNotes")
        self.setWordWrap(True)
        self.setSpacing(3)
        self.itemActivated.connect(self._open)

    def set_notes(self, notes: Sequence[Note]) -> None:
        self.clear()
        live = [note for note in notes if not note.from_parser]
        parsed = [note for note in notes if note.from_parser]
        groups = (("Cần xem lại trước khi lưu", live), ("Chương trình ghi nhận khi đọc văn bản", parsed))
        for heading, group in groups:
            if not group:
                continue
            title = QListWidgetItem(heading)
            font = QFont()
            font.setBold(True)
            title.setFont(font)
            title.setFlags(Qt.ItemFlag.NoItemFlags)
            title.setForeground(QBrush(QColor("#333")))
            self.addItem(title)
            for note in group:
                item = QListWidgetItem(f"• {note.line}")
                item.setData(NOTE_ROLE, note)
                if note.key is not None:
                    item.setToolTip("Nhấp đúp hoặc Enter để đến chỗ này")
                self.addItem(item)
        if self.count() == 0:
            empty = QListWidgetItem("Không có gì cần xem lại.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(empty)

    def notes(self) -> list[Note]:
        return [note for row in range(self.count()) if (note := self.item(row).data(NOTE_ROLE)) is not None]

    def _open(self, item: QListWidgetItem) -> None:
        note = item.data(NOTE_ROLE)
        if note is not None:
            self.note_opened.emit(note)
