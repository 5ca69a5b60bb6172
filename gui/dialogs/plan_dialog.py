"""Dialog to create or edit a plan: header fields, basis documents, signer and recipients."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.model import DOC_TYPES, BasisDocument, Plan, PlanStatus

NUMBER_PATTERN = re.compile(r"^\d{1,5}$")
SYMBOL_PATTERN = re.compile(r"^[A-Za-zĐđ]+(-[\wĐđ&]+)+$")


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(vntext.clean(line) for line in edit.toPlainText().splitlines() if line.strip())


def _spin(minimum: int, maximum: int, blank: str = "—") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum - 1, maximum)
    spin.setSpecialValueText(blank)  # the value below the range means "not given"
    return spin


class PlanDialog(QDialog):
    """Edits a Plan value; `result_plan()` and `result_basis()` give what the user entered."""

    def __init__(
        self,
        plan: Plan | None = None,
        basis: list[BasisDocument] | None = None,
        other_plans: list[Plan] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Sửa kế hoạch" if plan and plan.id else "Thêm kế hoạch")
        self.resize(720, 560)
        self._original = plan or Plan(title="")
        self._other_plans = [p for p in (other_plans or []) if p.id != self._original.id]

        tabs = QTabWidget()
        tabs.addTab(self._general_tab(), "&Thông tin chung")
        tabs.addTab(self._basis_tab(), "&Căn cứ")
        tabs.addTab(self._signer_tab(), "&Ký và nơi nhận")

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Hủy")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._load(self._original, basis or [])
        # What the widgets hold before the user types, to tell real edits from normalisation.
        self._loaded_plan = self.result_plan()
        self._loaded_basis = [item.text for item in self.result_basis()]

    # ------------------------------------------------------------------ tabs
    def _general_tab(self) -> QWidget:
        self.doc_type = QComboBox()
        for code, name in DOC_TYPES.items():
            self.doc_type.addItem(f"{name} ({code})", code)
        self.number = QLineEdit()
        self.number.setPlaceholderText("để trống nếu chưa có số")
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText("KH-UBND")
        number_row = QHBoxLayout()
        number_row.addWidget(self.number, 1)
        number_row.addWidget(QLabel("/"))
        number_row.addWidget(self.symbol, 2)

        self.day, self.month, self.year = _spin(1, 31), _spin(1, 12), _spin(1990, 2100)
        date_row = QHBoxLayout()
        for label, spin in (("ngày", self.day), ("tháng", self.month), ("năm", self.year)):
            date_row.addWidget(QLabel(label))
            date_row.addWidget(spin)
        date_row.addStretch(1)

        self.period_start, self.period_end = _spin(1990, 2100), _spin(1990, 2100)
        period_row = QHBoxLayout()
        period_row.addWidget(QLabel("từ năm"))
        period_row.addWidget(self.period_start)
        period_row.addWidget(QLabel("đến năm"))
        period_row.addWidget(self.period_end)
        period_row.addStretch(1)

        self.title = QPlainTextEdit()
        self.title.setTabChangesFocus(True)
        self.title.setFixedHeight(70)
        self.issuer = QLineEdit()
        self.parent_issuer = QLineEdit()
        self.place = QLineEdit()
        self.status = QComboBox()
        for status in PlanStatus:
            self.status.addItem(status.label, status.value)
        self.parent_plan = QComboBox()
        self.parent_plan.addItem("(không có)", None)
        for other in self._other_plans:
            self.parent_plan.addItem(f"{other.reference or '(chưa có số)'} — {other.title[:70]}", other.id)

        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow("&Loại văn bản:", self.doc_type)
        form.addRow("&Số, ký hiệu:", number_row)
        form.addRow("&Ngày ban hành:", date_row)
        form.addRow("&Trích yếu:", self.title)
        form.addRow("Cơ quan &ban hành:", self.issuer)
        form.addRow("Cơ quan &chủ quản:", self.parent_issuer)
        form.addRow("Địa &danh:", self.place)
        form.addRow("&Thời kỳ thực hiện:", period_row)
        form.addRow("T&rạng thái:", self.status)
        form.addRow("Thực hiện &kế hoạch:", self.parent_plan)
        return tab

    def _basis_tab(self) -> QWidget:
        self.basis = QPlainTextEdit()
        self.basis.setPlaceholderText(
            "Mỗi dòng một văn bản căn cứ, ví dụ:\nCăn cứ Kế hoạch số 740/KH-BCSD ngày "
            "31/12/2024 của Ban cán sự đảng UBND tỉnh …;"
        )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel("Các văn bản căn cứ (mỗi dòng một văn bản):"))
        layout.addWidget(self.basis)
        return tab

    def _signer_tab(self) -> QWidget:
        self.authority = QPlainTextEdit()
        self.authority.setTabChangesFocus(True)
        self.authority.setFixedHeight(60)
        self.authority.setPlaceholderText("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
        self.signer_title = QLineEdit()
        self.signer_title.setPlaceholderText("PHÓ CHỦ TỊCH")
        self.signer_name = QLineEdit()
        self.recipients = QPlainTextEdit()
        self.recipients.setTabChangesFocus(True)
        self.recipients.setPlaceholderText("Mỗi dòng một nơi nhận; dòng cuối thường là «Lưu: VT.»")
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow("Dòng thẩm &quyền:", self.authority)
        form.addRow("&Chức vụ người ký:", self.signer_title)
        form.addRow("&Họ tên người ký:", self.signer_name)
        form.addRow("&Nơi nhận:", self.recipients)
        return tab

    # ------------------------------------------------------------ load/save
    def _load(self, plan: Plan, basis: list[BasisDocument]) -> None:
        self.doc_type.setCurrentIndex(max(self.doc_type.findData(plan.doc_type), 0))
        self.number.setText(plan.number or "")
        self.symbol.setText(plan.symbol or "")
        day = plan.issued_on.day if plan.issued_on else None
        month = plan.issued_on.month if plan.issued_on else plan.issued_month
        year = plan.issued_on.year if plan.issued_on else plan.issued_year
        for spin, value in ((self.day, day), (self.month, month), (self.year, year)):
            spin.setValue(value if value else spin.minimum())
        self.title.setPlainText(plan.title)
        self.issuer.setText(plan.issuer)
        self.parent_issuer.setText(plan.parent_issuer)
        self.place.setText(plan.place)
        start = plan.period_start.year if plan.period_start else None
        end = plan.period_end.year if plan.period_end else None
        self.period_start.setValue(start or self.period_start.minimum())
        self.period_end.setValue(end or self.period_end.minimum())
        self.status.setCurrentIndex(max(self.status.findData(plan.status.value), 0))
        self.parent_plan.setCurrentIndex(max(self.parent_plan.findData(plan.parent_plan_id), 0))
        self.basis.setPlainText("\n".join(item.text for item in basis))
        self.authority.setPlainText("\n".join(plan.signer_authority))
        self.signer_title.setText(plan.signer_title)
        self.signer_name.setText(plan.signer_name)
        self.recipients.setPlainText("\n".join(plan.recipients))

    @staticmethod
    def _value(spin: QSpinBox) -> int | None:
        return None if spin.value() == spin.minimum() else spin.value()

    def validate(self) -> str | None:
        """The first problem with what was entered, as a message naming the field; None when fine."""
        if not vntext.clean(self.title.toPlainText()):
            return "Trích yếu: chưa nhập nội dung kế hoạch."
        number = self.number.text().strip()
        if number and not NUMBER_PATTERN.match(number):
            return f"Số: «{number}» phải là số (ví dụ 05, 367)."
        symbol = self.symbol.text().strip()
        if symbol and not SYMBOL_PATTERN.match(symbol):
            return f"Ký hiệu: «{symbol}» không đúng dạng (ví dụ KH-UBND, KH-PGDĐT)."
        day, month, year = self._value(self.day), self._value(self.month), self._value(self.year)
        if day and not (month and year):
            return "Ngày ban hành: có ngày thì phải có cả tháng và năm."
        if month and not year:
            return "Ngày ban hành: có tháng thì phải có năm."
        if day:
            try:
                date(year, month, day)
            except ValueError:
                return f"Ngày ban hành: ngày {day:02d}/{month:02d}/{year} không có trong lịch."
        start, end = self._value(self.period_start), self._value(self.period_end)
        if start and end and end < start:
            return f"Thời kỳ thực hiện: năm kết thúc {end} trước năm bắt đầu {start}."
        return None

    def accept(self) -> None:
        problem = self.validate()
        if problem:
            self.error_label.setText(problem)
            return
        super().accept()

    def reject(self) -> None:
        if (
            self.is_modified()
            and QMessageBox.question(self, "Bỏ thay đổi?", "Kế hoạch đã bị sửa. Đóng mà không lưu?")
            != QMessageBox.StandardButton.Yes
        ):
            return
        super().reject()

    def is_modified(self) -> bool:
        basis_now = [item.text for item in self.result_basis()]
        return self.result_plan() != self._loaded_plan or basis_now != self._loaded_basis

    def result_plan(self) -> Plan:
        day, month, year = self._value(self.day), self._value(self.month), self._value(self.year)
        issued_on = None
        if day and month and year:
            try:
                issued_on = date(year, month, day)
            except ValueError:
                issued_on = None
        start, end = self._value(self.period_start), self._value(self.period_end)
        return dataclasses.replace(
            self._original,
            doc_type=self.doc_type.currentData(),
            number=self.number.text().strip() or None,
            symbol=self.symbol.text().strip().upper() or None,
            issued_on=issued_on,
            issued_year=year,
            issued_month=month,
            title=vntext.clean(self.title.toPlainText()),
            issuer=vntext.clean(self.issuer.text()),
            parent_issuer=vntext.clean(self.parent_issuer.text()),
            place=vntext.clean(self.place.text()),
            period_start=date(start, 1, 1) if start else None,
            period_end=date(end, 12, 31) if end else None,
            status=PlanStatus(self.status.currentData()),
            parent_plan_id=self.parent_plan.currentData(),
            signer_authority=_lines(self.authority),
            signer_title=vntext.clean(self.signer_title.text()),
            signer_name=vntext.clean(self.signer_name.text()),
            recipients=_lines(self.recipients),
        )

    def result_basis(self) -> list[BasisDocument]:
        return [BasisDocument(text=line) for line in _lines(self.basis)]
