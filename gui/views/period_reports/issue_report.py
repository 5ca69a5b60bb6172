"""«Ban hành báo cáo»: the report gets its number and date and is frozen for good (as a plan is)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from core.report_document import ReportDocument
from core.vntext import shorten
from gui.dialogs.issuing import IssueDialog
from storage.report_documents import issue_report


class IssueReportDialog(IssueDialog):
    def __init__(
        self, db: Database, report: ReportDocument, parent: QWidget | None = None, today: date | None = None
    ):
        super().__init__(
            "Ban hành báo cáo",
            f"Ban hành báo cáo «{shorten(report.title, 90)}»: ghi số và ngày ký theo sổ văn bản đi."
            " Sau khi ban hành, báo cáo không sửa được nữa; muốn báo cáo lại, hãy tạo báo cáo mới.",
            lambda number, issued_on: issue_report(db, report.id, number, issued_on),
            parent,
            today,
        )
        self.db = db
        self.report = report
        self.number_edit.setPlaceholderText("ví dụ 05")
        self.number_edit.setToolTip("Số trong sổ văn bản đi của năm")
