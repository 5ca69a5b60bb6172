"""The fields of a plan's header and signature block, shared by the plan dialog and the import preview.

`PlanForm` builds two pages — general information (type, number/symbol, date, title, issuer,
place, period, status, implemented plan) and signer/recipients — loads a `Plan` into them,
checks what was typed and gives the edited `Plan` back. Its owner places the pages (tabs of
PlanDialog, tabs of the import preview) and adds whatever else it needs around them.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.model import DOC_TYPES, Plan, PlanStatus

NUMBER_PATTERN = re.compile(r"^\d{1,5}$")
SYMBOL_PATTERN = re.compile(r"^[A-Za-zĐđ]+(-[\wĐđ&]+)+$")

# The widgets a PlanForm owns, by attribute name (PlanDialog exposes them under the same names).
WIDGET_NAMES = (
    "doc_type", "number", "symbol", "day", "month", "year", "period_start", "period_end", "title",
    "issuer", "parent_issuer", "place", "status", "parent_plan", "authority", "signer_title",
    "signer_name", "recipients",
)


def plain_lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    """The non-blank lines of a text box, each cleaned (NFC, single spaces)."""
    return tuple(vntext.clean(line) for line in edit.toPlainText().splitlines() if line.strip())


def blank_spin(minimum: int, maximum: int, blank: str = "—") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum - 1, maximum)
    spin.setSpecialValueText(blank)  # the value below the range means "not given"
    return spin


def _buddy_label(text: str, buddy: QWidget) -> QLabel:
    # A row whose field is a layout gets no buddy from QFormLayout, and its "&" would show as is.
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def spin_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() else spin.value()


def _period_date(loaded: date | None, year: int | None, month: int, day: int) -> date | None:
    """The period bound for `year`; a loaded bound in that year (a school year's 01/09) is kept."""
    if year is None:
        return None
    if loaded is not None and loaded.year == year:
        return loaded
    return date(year, month, day)


class PlanForm:
    """Edits the Plan fields of `plan`; `other_plans` are offered as the plan it implements."""

    def __init__(self, plan: Plan | None = None, other_plans: list[Plan] | None = None):
        self.original = plan or Plan(title="")
        self.other_plans = [p for p in (other_plans or []) if p.id != self.original.id]
        self.general_page = self._general_page()
        self.signer_page = self._signer_page()
        self.load(self.original)

    # ------------------------------------------------------------------ pages
    def _general_page(self) -> QWidget:
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

        self.day, self.month, self.year = blank_spin(1, 31), blank_spin(1, 12), blank_spin(1990, 2100)
        date_row = QHBoxLayout()
        for label, spin in (("ngày", self.day), ("tháng", self.month), ("năm", self.year)):
            date_row.addWidget(QLabel(label))
            date_row.addWidget(spin)
        date_row.addStretch(1)

        self.period_start, self.period_end = blank_spin(1990, 2100), blank_spin(1990, 2100)
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
        for other in self.other_plans:
            self.parent_plan.addItem(f"{other.reference or '(chưa có số)'} — {other.title[:70]}", other.id)

        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # rows keep their height when the page is taller than the form
        form.addRow("&Loại văn bản:", self.doc_type)
        form.addRow(_buddy_label("&Số, ký hiệu:", self.number), number_row)
        form.addRow(_buddy_label("&Ngày ban hành:", self.day), date_row)
        form.addRow("&Trích yếu:", self.title)
        form.addRow("Cơ quan &ban hành:", self.issuer)
        form.addRow("Cơ quan &chủ quản:", self.parent_issuer)
        form.addRow("Địa &danh:", self.place)
        form.addRow(_buddy_label("Thời kỳ thực h&iện:", self.period_start), period_row)
        form.addRow("T&rạng thái:", self.status)
        form.addRow("Thực hiện &kế hoạch:", self.parent_plan)
        return page

    def _signer_page(self) -> QWidget:
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
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Dòng thẩm &quyền:", self.authority)
        form.addRow("&Chức vụ người ký:", self.signer_title)
        form.addRow("&Họ tên người ký:", self.signer_name)
        form.addRow("&Nơi nhận:", self.recipients)
        return page

    # ------------------------------------------------------------ load/read
    def load(self, plan: Plan) -> None:
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
        self.authority.setPlainText("\n".join(plan.signer_authority))
        self.signer_title.setText(plan.signer_title)
        self.signer_name.setText(plan.signer_name)
        self.recipients.setPlainText("\n".join(plan.recipients))

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
        day, month, year = spin_value(self.day), spin_value(self.month), spin_value(self.year)
        if day and not (month and year):
            return "Ngày ban hành: có ngày thì phải có cả tháng và năm."
        if month and not year:
            return "Ngày ban hành: có tháng thì phải có năm."
        if day:
            try:
                date(year, month, day)
            except ValueError:
                return f"Ngày ban hành: ngày {day:02d}/{month:02d}/{year} không có trong lịch."
        start, end = spin_value(self.period_start), spin_value(self.period_end)
        if start and end and end < start:
            return f"Thời kỳ thực hiện: năm kết thúc {end} trước năm bắt đầu {start}."
        return None

    def result_plan(self) -> Plan:
        """The loaded plan with what the widgets hold (id, source and other fields kept)."""
        day, month, year = spin_value(self.day), spin_value(self.month), spin_value(self.year)
        issued_on = None
        if day and month and year:
            try:
                issued_on = date(year, month, day)
            except ValueError:
                issued_on = None
        start, end = spin_value(self.period_start), spin_value(self.period_end)
        return dataclasses.replace(
            self.original,
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
            period_start=_period_date(self.original.period_start, start, 1, 1),
            period_end=_period_date(self.original.period_end, end, 12, 31),
            status=PlanStatus(self.status.currentData()),
            parent_plan_id=self.parent_plan.currentData(),
            signer_authority=plain_lines(self.authority),
            signer_title=vntext.clean(self.signer_title.text()),
            signer_name=vntext.clean(self.signer_name.text()),
            recipients=plain_lines(self.recipients),
        )
