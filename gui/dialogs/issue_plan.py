"""«Ban hành kế hoạch»: a draft gets its number and date, the number suggested from the year's sequence.

The suggestion (storage.plans.suggest_number) follows the highest number our office has issued that
year; the clerk may type another (the register at the office is the authority). The date defaults to
today. Refusals (a number used that year, a plan already issued) are shown and nothing is saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlite_utils import Database

from core.model import Plan
from core.vntext import shorten
from gui.operations import USER_ERRORS, show_error
from gui.widgets import save_cancel_buttons
from storage.office import get_office
from storage.plans import issue_plan, plan_label, suggest_number


class IssuePlanDialog(QDialog):
    def __init__(self, db: Database, plan: Plan, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.plan = plan
        self.issued: Plan | None = None
        today = today or date.today()
        self.setWindowTitle("Ban hành kế hoạch")
        self.setMinimumWidth(460)
        # A draft's reference ("/KH-PGDĐT") names nothing yet: its title does.
        name = f"«{shorten(plan.title, 90)}»" if plan.title.strip() else plan_label(plan)
        intro = QLabel(
            f"Ban hành kế hoạch {name}: ghi số và ngày ký. Sau khi ban hành, kế hoạch"
            " chuyển sang trạng thái «Đã ban hành»."
        )
        intro.setWordWrap(True)
        self.number_edit = QLineEdit(suggest_number(db, get_office(db).symbol, today.year))
        self.number_edit.setToolTip("Số kế tiếp trong sổ văn bản đi của năm; sửa nếu sổ ghi số khác")
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.preview = QLabel()
        self.number_edit.textChanged.connect(self._show_reference)
        form = QFormLayout()
        form.addRow("&Số:", self.number_edit)
        form.addRow("&Ngày ban hành:", self.date_edit)
        form.addRow("Sẽ in:", self.preview)
        buttons = save_cancel_buttons(self)
        buttons.button(buttons.StandardButton.Ok).setText("&Ban hành")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._show_reference()
        self.number_edit.selectAll()

    def _show_reference(self) -> None:
        symbol = self.plan.symbol or "KH"
        self.preview.setText(f"Số: {self.number_edit.text().strip() or '…'}/{symbol}")

    def accept(self) -> None:
        chosen = self.date_edit.date()
        issued_on = date(chosen.year(), chosen.month(), chosen.day())
        try:
            self.issued = issue_plan(self.db, self.plan.id, self.number_edit.text(), issued_on)
        except USER_ERRORS as error:
            show_error(self, error, "Không ban hành được")
            return
        super().accept()
