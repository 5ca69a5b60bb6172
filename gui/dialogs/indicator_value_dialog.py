"""Dialog to enter or correct one reported figure of an indicator (chỉ tiêu): a period, a unit or the
whole plan, and either a value ("80,39") or a count out of a total ("41 / 51").

A figure is identified by its indicator, unit and period: saving replaces the figure already
recorded for them (storage.indicators.record_indicator_value). So when a figure is corrected its
period and unit stay fixed; a figure for another period is a new one. Mistakes are shown next to
the field and nothing is saved until they are fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.errors import UserError
from core.indicators import Actual, achievement_rate, is_met, target_text
from core.model import Indicator, IndicatorValue, Unit
from core.reports.figures import actual_text
from core.vntext import clean, format_number, parse_number
from gui.dialogs.form_fields import buddy_label, error_label, number_text, show_error, with_error
from gui.dialogs.unit_picker import unit_label
from gui.models.indicator_table import WHOLE_PLAN
from gui.widgets import save_cancel_buttons
from storage.database import StorageError
from storage.indicators import record_indicator_value

SOURCE = "GUI"  # shown as "Nhập tay", like progress typed in the task form


def read_count(text: str) -> int:
    """A whole, non-negative number as typed ("51", "1.234"); ValueError with a Vietnamese message."""
    number = parse_number(text)
    if number < 0 or not number.is_integer():
        raise UserError(f'"{clean(text)}" không phải số nguyên không âm')
    return int(number)


class IndicatorValueDialog(QDialog):
    """Records a figure for `indicator`; `value` (with an id) is the figure being corrected.

    After acceptance `saved_value` is the stored figure.
    """

    def __init__(
        self,
        db: Database,
        indicator: Indicator,
        units: Sequence[Unit],
        value: IndicatorValue | None = None,
        *,
        periods: Sequence[str] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.db = db
        self.indicator = indicator
        self.saved_value: IndicatorValue | None = None
        editing = value is not None and value.id is not None
        self.setWindowTitle("Sửa số liệu chỉ tiêu" if editing else "Nhập số liệu chỉ tiêu")
        self.resize(560, 0)

        heading = QLabel(" ".join(indicator.text.split()))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        planned = target_text(indicator)
        target_label = QLabel(f"Kế hoạch: {planned}" if planned else "Chỉ tiêu chưa có mức cần đạt.")

        self.period_edit = QLineEdit(value.period if value is not None else (periods[-1] if periods else ""))
        self.period_edit.setPlaceholderText("Ví dụ: 2025, 2024-2025, 6 tháng đầu năm 2025")
        self.period_edit.setToolTip("Kỳ của số liệu: năm, năm học hoặc khoảng thời gian")
        if periods:
            completer = QCompleter(list(periods), self.period_edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.period_edit.setCompleter(completer)
        self.period_error = error_label("periodError")

        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitChooser")
        self.unit_combo.setToolTip("Đơn vị báo cáo số liệu, hoặc «Toàn kế hoạch» cho số liệu chung")
        self.unit_combo.addItem(WHOLE_PLAN, None)
        for unit in units:
            self.unit_combo.addItem(unit_label(unit), unit.id)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(value.unit_id) if value else 0, 0))
        if editing:
            why = "Kỳ và đơn vị xác định số liệu; để ghi cho kỳ hoặc đơn vị khác, dùng «Nhập số liệu»."
            for widget in (self.period_edit, self.unit_combo):
                widget.setEnabled(False)
                widget.setToolTip(why)

        self.value_radio = QRadioButton("&Giá trị")
        self.value_radio.setToolTip(f"Một số theo đơn vị tính «{indicator.measure}», ví dụ 80,39")
        self.ratio_radio = QRadioButton("Số đạt / tổ&ng số")
        self.ratio_radio.setToolTip("Ví dụ 41 trên 51 trường")
        modes = QButtonGroup(self)
        modes.addButton(self.value_radio)
        modes.addButton(self.ratio_radio)
        self.value_edit = QLineEdit(number_text(value.value if value else None))
        self.value_edit.setPlaceholderText("Ví dụ: 80,39")
        self.value_error = error_label("valueError")
        self.numerator_edit = QLineEdit(number_text(value.numerator if value else None))
        self.numerator_edit.setPlaceholderText("số đạt")
        self.numerator_edit.setToolTip("Số đạt, ví dụ 41")
        self.denominator_edit = QLineEdit(number_text(value.denominator if value else None))
        self.denominator_edit.setPlaceholderText("tổng số")
        self.denominator_edit.setToolTip("Tổng số, ví dụ 51")
        self.ratio_error = error_label("ratioError")
        counted = value.numerator is not None if value is not None else indicator.numerator is not None
        (self.ratio_radio if counted else self.value_radio).setChecked(True)

        self.note_edit = QLineEdit(value.note if value else "")
        self.note_edit.setPlaceholderText("Không bắt buộc")
        self.reading = QLabel()
        self.reading.setObjectName("figureReading")
        self.reading.setWordWrap(True)
        self.error_label = error_label("saveError")

        buttons = save_cancel_buttons(self)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(target_label)
        layout.addLayout(self._form())
        layout.addWidget(self.reading)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        for edit in (self.value_edit, self.numerator_edit, self.denominator_edit):
            edit.textChanged.connect(self._update)
        self.value_radio.toggled.connect(self._update)
        self.unit_combo.currentIndexChanged.connect(self._update)
        self._update()
        if self.period_edit.text():
            (self.value_edit if self.value_radio.isChecked() else self.numerator_edit).setFocus()
        else:
            self.period_edit.setFocus()

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        period = with_error(self.period_edit, self.period_error)
        form.addRow(buddy_label("&Kỳ:", self.period_edit), period)
        form.addRow(buddy_label("Đơn &vị:", self.unit_combo), self.unit_combo)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_radio)
        value_row.addWidget(self.value_edit, 1)
        measure = QLabel(self.indicator.measure)
        value_row.addWidget(measure)
        ratio_row = QHBoxLayout()
        ratio_row.addWidget(self.ratio_radio)
        ratio_row.addWidget(self.numerator_edit, 1)
        ratio_row.addWidget(QLabel("/"))
        ratio_row.addWidget(self.denominator_edit, 1)
        figure = QVBoxLayout()
        figure.setSpacing(2)
        figure.addLayout(value_row)
        figure.addWidget(self.value_error)
        figure.addLayout(ratio_row)
        figure.addWidget(self.ratio_error)
        form.addRow("Số liệu:", figure)
        form.addRow(buddy_label("Ghi &chú:", self.note_edit), self.note_edit)
        return form

    # ------------------------------------------------------------- reading
    def _update(self) -> None:
        by_value = self.value_radio.isChecked()
        self.value_edit.setEnabled(by_value)
        self.numerator_edit.setEnabled(not by_value)
        self.denominator_edit.setEnabled(not by_value)
        try:
            actual = self._figure()
        except ValueError:
            actual = None
        self.reading.setText(self._reading(actual))

    def _reading(self, actual: Actual | None) -> str:
        if actual is None:
            return ""
        text = actual_text(self.indicator, actual)
        whole = self.unit_combo.currentData() is None
        # A single unit's count says nothing about a count target of the whole plan.
        if not whole and self.indicator.measure != "%":
            return f"Số liệu: {text}"
        met = is_met(self.indicator, actual)
        if met is None:
            return f"Số liệu: {text}"
        rate = achievement_rate(self.indicator, actual)
        verdict = "Đạt" if met else "Chưa đạt"
        rate_text = f" ({format_number(rate * 100, 1)}% kế hoạch)" if rate is not None else ""
        return f"Số liệu: {text} — so với kế hoạch {target_text(self.indicator)}: {verdict}{rate_text}"

    def _figure(self) -> Actual:
        """The figure typed; ValueError with the message for the field at fault."""
        if self.value_radio.isChecked():
            if not clean(self.value_edit.text()):
                raise UserError("Nhập giá trị, ví dụ 80,39")
            return Actual(value=parse_number(self.value_edit.text()))
        numerator_text = clean(self.numerator_edit.text())
        denominator_text = clean(self.denominator_edit.text())
        if not numerator_text or not denominator_text:
            raise UserError("Nhập cả số đạt và tổng số, ví dụ 41 / 51")
        numerator, denominator = read_count(numerator_text), read_count(denominator_text)
        if denominator == 0:
            raise UserError("Tổng số phải lớn hơn 0")
        if numerator > denominator:
            raise UserError(f"Số đạt ({numerator}) không được lớn hơn tổng số ({denominator})")
        return Actual(numerator=numerator, denominator=denominator)

    # ---------------------------------------------------------------- saving
    def accept(self) -> None:
        period = clean(self.period_edit.text())
        show_error(self.period_error, "" if period else "Nhập kỳ của số liệu, ví dụ 2025 hoặc 2024-2025")
        figure_error = self.value_error if self.value_radio.isChecked() else self.ratio_error
        show_error(self.value_error, "")
        show_error(self.ratio_error, "")
        show_error(self.error_label, "")
        try:
            actual = self._figure()
        except ValueError as error:
            show_error(figure_error, str(error))
            actual = None
        if not period:
            self.period_edit.setFocus()
            return
        if actual is None:
            (self.value_edit if self.value_radio.isChecked() else self.numerator_edit).setFocus()
            return
        value = IndicatorValue(
            indicator_id=self.indicator.id,
            period=period,
            unit_id=self.unit_combo.currentData(),
            value=actual.value,
            numerator=actual.numerator,
            denominator=actual.denominator,
            note=clean(self.note_edit.text()),
            source=SOURCE,
        )
        try:
            self.saved_value = record_indicator_value(self.db, value)
        except StorageError as error:
            show_error(self.error_label, str(error))
            return
        super().accept()
