"""«Ban hành báo cáo»: the report gets its number and date and is frozen for good (mirrors issue_plan)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlite_utils import Database

from core.report_document import ReportDocument
from core.vntext import shorten
from gui.operations import USER_ERRORS, show_error
from gui.widgets import save_cancel_buttons
from storage.report_documents import issue_report


class IssueReportDialog(QDialog):
    def __init__(
        self, db: Database, report: ReportDocument, parent: QWidget | None = None, today: date | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.report = report
        self.issued: ReportDocument | None = None
        today = today or date.today()
        self.setWindowTitle("Ban hành báo cáo")
        self.setMinimumWidth(460)
        intro = QLabel(
            f"Ban hành báo cáo «{shorten(report.title, 90)}»: ghi số và ngày ký theo sổ văn bản đi."
            " Sau khi ban hành, báo cáo không sửa được nữa; muốn báo cáo lại, hãy tạo báo cáo mới."
        )
        intro.setWordWrap(True)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("ví dụ 05")
        self.number_edit.setToolTip("Số trong sổ văn bản đi của năm")
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        form = QFormLayout()
        form.addRow("&Số:", self.number_edit)
        form.addRow("&Ngày ban hành:", self.date_edit)
        buttons = save_cancel_buttons(self)
        buttons.button(buttons.StandardButton.Ok).setText("&Ban hành")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        chosen = self.date_edit.date()
        issued_on = date(chosen.year(), chosen.month(), chosen.day())
        try:
            self.issued = issue_report(self.db, self.report.id, self.number_edit.text(), issued_on)
        except USER_ERRORS as error:
            show_error(self, error, "Không ban hành được")
            return
        super().accept()
