"""Dialog to add or edit an indicator (chỉ tiêu) of a plan: its sentence, the task it belongs to, the
measure, the comparison and the level to reach ("≥ 98%", "41/51 trường"), a baseline, a deadline
as written and a breakdown ("Mầm non: 5" per line).

Mistakes are shown next to the field they concern and nothing is saved until they are fixed; the
dialog saves through storage.indicators.save_indicator and keeps `saved_indicator`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.errors import UserError
from core.indicators import COMPARATOR_LABELS, COMPARATOR_SYMBOLS
from core.model import Indicator
from core.vntext import clean, format_number, parse_number
from gui.dialogs.form_fields import buddy_label, error_label, number_text, show_error, with_error
from gui.dialogs.indicator_value_dialog import read_count
from gui.widgets import save_cancel_buttons
from storage.database import StorageError
from storage.indicators import save_indicator
from storage.tasks import TaskRow

MEASURES = ("%", "trường", "xã", "học sinh", "trẻ", "lớp", "giáo viên", "phòng học", "điểm trường", "người")
NO_TASK_TEXT = "(chỉ tiêu chung của kế hoạch)"
# "Mầm non: 5", "Trường TH số 1: 2 trường": the name runs to the last colon, a measure may follow;
# without a colon ("Mầm non 05 trường") the name runs to the last number.
_BREAKDOWN_LINES = (
    re.compile(r"(?P<name>.+):\s*(?P<number>[-+]?\d[\d.,]*)(?:\s+\D*)?"),
    re.compile(r"(?P<name>.+?)\s+(?P<number>[-+]?\d[\d.,]*)(?:\s+\D*)?"),
)


def parse_breakdown(text: str) -> tuple[tuple[str, float], ...]:
    """Lines "Tên: số" as (name, number) pairs; ValueError naming the first line that is not one."""
    parts = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = clean(line)
        if not line:
            continue
        match = next((found for pattern in _BREAKDOWN_LINES if (found := pattern.fullmatch(line))), None)
        name = clean(match["name"]) if match else ""
        try:
            count = parse_number(match["number"]) if match and name else None
        except ValueError:
            count = None
        if count is None:
            raise UserError(f"Dòng {number} «{line}» chưa đúng dạng «Tên: số», ví dụ «Mầm non: 5»")
        parts.append((name, count))
    return tuple(parts)


def breakdown_text(breakdown: Sequence[tuple[str, float]]) -> str:
    return "\n".join(f"{name}: {format_number(count)}" for name, count in breakdown)


def task_choice_text(row: TaskRow) -> str:
    words = " ".join((row.task.title or row.task.content).split())
    text = f"{row.path} {words}".strip()
    return text if len(text) <= 90 else text[:89] + "…"


class IndicatorDialog(QDialog):
    """Edits `indicator` (a new one of plan `plan_id` when None); `tasks` are the plan's task rows."""

    def __init__(
        self,
        db: Database,
        plan_id: int,
        tasks: Sequence[TaskRow],
        indicator: Indicator | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self._original = indicator or Indicator(plan_id=plan_id, text="")
        self.saved_indicator: Indicator | None = None
        self.setWindowTitle("Sửa chỉ tiêu" if self._original.id is not None else "Thêm chỉ tiêu")
        self.resize(640, 0)
        original = self._original

        self.text_edit = QPlainTextEdit(original.text)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(72)
        self.text_edit.setPlaceholderText("Ví dụ: Có 41/51 trường đạt chuẩn quốc gia, tỷ lệ 80,39%")
        self.text_error = error_label("textError")

        self.task_combo = QComboBox()
        self.task_combo.setObjectName("taskChooser")
        self.task_combo.setToolTip("Nhiệm vụ của kế hoạch mà chỉ tiêu thuộc về (không bắt buộc)")
        self.task_combo.addItem(NO_TASK_TEXT, None)
        for row in tasks:
            self.task_combo.addItem(task_choice_text(row), row.task.id)
        self.task_combo.setCurrentIndex(max(self.task_combo.findData(original.task_id), 0))

        self.measure_combo = QComboBox()
        self.measure_combo.setEditable(True)
        self.measure_combo.setToolTip("Đơn vị tính: %, trường, xã, học sinh… (gõ đơn vị khác nếu cần)")
        self.measure_combo.addItems(MEASURES)
        self.measure_combo.setCurrentText(original.measure or "%")
        self.comparator_combo = QComboBox()
        self.comparator_combo.setToolTip("Cách so sánh số thực hiện với mức cần đạt")
        for code, label in COMPARATOR_LABELS.items():
            self.comparator_combo.addItem(f"{COMPARATOR_SYMBOLS[code]} {label}", code)
        self.comparator_combo.setCurrentIndex(max(self.comparator_combo.findData(original.comparator), 0))

        self.target_edit = QLineEdit(number_text(original.target_value))
        self.target_edit.setPlaceholderText("Ví dụ: 98 hoặc 80,39")
        self.target_edit.setToolTip("Mức cần đạt theo đơn vị tính")
        self.numerator_edit = QLineEdit(number_text(original.numerator))
        self.numerator_edit.setPlaceholderText("số đạt")
        self.numerator_edit.setToolTip("Khi chỉ tiêu ghi dạng «41/51 trường»: số 41")
        self.denominator_edit = QLineEdit(number_text(original.denominator))
        self.denominator_edit.setPlaceholderText("tổng số")
        self.denominator_edit.setToolTip("Khi chỉ tiêu ghi dạng «41/51 trường»: số 51")
        self.target_error = error_label("targetError")
        self.baseline_edit = QLineEdit(number_text(original.baseline))
        self.baseline_edit.setPlaceholderText("Không bắt buộc")
        self.baseline_edit.setToolTip("Số liệu ở thời điểm xây dựng kế hoạch, để so sánh")
        self.baseline_error = error_label("baselineError")
        self.deadline_edit = QLineEdit(original.deadline)
        self.deadline_edit.setPlaceholderText("Ví dụ: 2025, năm học 2024-2025, đến năm 2030")
        self.breakdown_edit = QPlainTextEdit(breakdown_text(original.breakdown))
        self.breakdown_edit.setTabChangesFocus(True)
        self.breakdown_edit.setFixedHeight(76)
        self.breakdown_edit.setPlaceholderText("Mỗi dòng một phần, ví dụ:\nMầm non: 5\nTiểu học: 2")
        self.breakdown_edit.setToolTip("Chỉ tiêu chia theo cấp học hoặc đơn vị, mỗi dòng «Tên: số»")
        self.breakdown_error = error_label("breakdownError")
        self.error_label = error_label("saveError")

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.text_edit.setFocus()

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.addRow(buddy_label("&Nội dung:", self.text_edit), with_error(self.text_edit, self.text_error))
        form.addRow(buddy_label("Nhiệm &vụ:", self.task_combo), self.task_combo)
        kind = QHBoxLayout()
        kind.addWidget(self.comparator_combo, 1)
        kind.addWidget(buddy_label("Đơn vị &tính:", self.measure_combo))
        kind.addWidget(self.measure_combo, 1)
        form.addRow(buddy_label("&So sánh:", self.comparator_combo), kind)
        target = QHBoxLayout()
        target.addWidget(self.target_edit, 2)
        target.addWidget(QLabel("hoặc"))
        target.addWidget(self.numerator_edit, 1)
        target.addWidget(QLabel("/"))
        target.addWidget(self.denominator_edit, 1)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addLayout(target)
        box.addWidget(self.target_error)
        form.addRow(buddy_label("&Mức cần đạt:", self.target_edit), box)
        form.addRow(buddy_label("Số liệu &gốc:", self.baseline_edit), with_error(self.baseline_edit,
                                                                            self.baseline_error))
        form.addRow(buddy_label("Thờ&i hạn:", self.deadline_edit), self.deadline_edit)
        form.addRow(buddy_label("&Chi tiết:", self.breakdown_edit),
                    with_error(self.breakdown_edit, self.breakdown_error))
        return form

    # ---------------------------------------------------------------- saving
    def _target(self) -> tuple[float | None, int | None, int | None]:
        """(value, numerator, denominator) typed; ValueError with the message for the target row."""
        value_text = clean(self.target_edit.text())
        numerator_text = clean(self.numerator_edit.text())
        denominator_text = clean(self.denominator_edit.text())
        value = parse_number(value_text) if value_text else None
        if bool(numerator_text) != bool(denominator_text):
            raise UserError("Nhập cả số đạt và tổng số (ví dụ 41 / 51), hoặc để trống cả hai")
        numerator = read_count(numerator_text) if numerator_text else None
        denominator = read_count(denominator_text) if denominator_text else None
        if denominator == 0:
            raise UserError("Tổng số phải lớn hơn 0")
        if numerator is not None and denominator is not None and numerator > denominator:
            raise UserError(f"Số đạt ({numerator}) không được lớn hơn tổng số ({denominator})")
        if value is None and numerator is None:
            raise UserError("Nhập mức cần đạt: một giá trị (ví dụ 98) hoặc số đạt / tổng số (ví dụ 41 / 51)")
        return value, numerator, denominator

    def accept(self) -> None:
        problems: list[QWidget] = []

        def check(field: QWidget, label: QLabel, read):
            try:
                result = read()
            except ValueError as error:
                show_error(label, str(error))
                problems.append(field)
                return None
            show_error(label, "")
            return result

        text = clean(self.text_edit.toPlainText())
        show_error(self.text_error, "" if text else "Nhập nội dung chỉ tiêu")
        if not text:
            problems.append(self.text_edit)
        target = check(self.target_edit, self.target_error, self._target)
        baseline_text = clean(self.baseline_edit.text())
        baseline = check(self.baseline_edit, self.baseline_error,
                         lambda: parse_number(baseline_text) if baseline_text else None)
        breakdown = check(self.breakdown_edit, self.breakdown_error,
                          lambda: parse_breakdown(self.breakdown_edit.toPlainText()))
        show_error(self.error_label, "")
        if problems:
            problems[0].setFocus()
            return
        value, numerator, denominator = target
        indicator = Indicator(
            plan_id=self._original.plan_id,
            text=text,
            measure=clean(self.measure_combo.currentText()) or "%",
            comparator=self.comparator_combo.currentData(),
            target_value=value,
            numerator=numerator,
            denominator=denominator,
            baseline=baseline,
            deadline=clean(self.deadline_edit.text()),
            task_id=self.task_combo.currentData(),
            breakdown=breakdown,
            position=self._original.position,
            id=self._original.id,
        )
        try:
            self.saved_indicator = save_indicator(self.db, indicator)
        except StorageError as error:
            show_error(self.error_label, str(error))
            return
        super().accept()
