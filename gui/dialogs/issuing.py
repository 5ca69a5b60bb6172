"""«Ban hành»: a document of ours gets its number and date of signing, and is frozen for good.

The plan and the period report are issued alike; each dialog names what it issues and how
(`issue`), and shows a refusal (a number already used, a document already issued) without saving.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.operations import USER_ERRORS, show_error
from gui.widgets import date_edit, pydate, save_cancel_buttons


class IssueDialog(QDialog):
    """Số and Ngày ban hành above «Ban hành» / «Hủy»; `issued` holds what `issue(number, day)` answered
    (it numbers, dates and freezes the document; a user error refuses)."""

    def __init__(
        self,
        title: str,
        intro: str,
        issue: Callable[[str, date], Any],
        parent: QWidget | None = None,
        today: date | None = None,
    ):
        super().__init__(parent)
        self.issue = issue
        self.issued: Any = None
        today = today or date.today()
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.number_edit = QLineEdit()
        self.date_edit = date_edit(today)
        self.form = QFormLayout()
        self.form.addRow("&Số:", self.number_edit)
        self.form.addRow("&Ngày ban hành:", self.date_edit)
        buttons = save_cancel_buttons(self)
        buttons.button(buttons.StandardButton.Ok).setText("&Ban hành")
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.issued = self.issue(self.number_edit.text(), pydate(self.date_edit.date()))
        except USER_ERRORS as error:
            show_error(self, error, "Không ban hành được")
            return
        super().accept()
