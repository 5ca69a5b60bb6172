"""«Ban hành»: a document of ours gets its number and date of signing, and is frozen for good.

The plan and the period report are issued alike; each dialog names what it issues and how
(`issue`), and shows a refusal (a number already used, a document already issued) without saving.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.operations import USER_ERRORS, show_error
from gui.widgets import save_cancel_buttons


class IssueDialog(QDialog):
    """Số and Ngày ban hành above «Ban hành» / «Hủy»; `issued` holds what `issue` answered."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.issued: Any = None
        today = today or date.today()
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.number_edit = QLineEdit()
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.form = QFormLayout()
        self.form.addRow("&Số:", self.number_edit)
        self.form.addRow("&Ngày ban hành:", self.date_edit)
        buttons = save_cancel_buttons(self)
        buttons.button(buttons.StandardButton.Ok).setText("&Ban hành")
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def issue(self, number: str, issued_on: date) -> Any:
        """Number, date and freeze the document; raises a user error to refuse."""
        raise NotImplementedError

    def accept(self) -> None:
        chosen = self.date_edit.date()
        issued_on = date(chosen.year(), chosen.month(), chosen.day())
        try:
            self.issued = self.issue(self.number_edit.text(), issued_on)
        except USER_ERRORS as error:
            show_error(self, error, "Không ban hành được")
            return
        super().accept()
