"""The kept reports as a table: loại, kỳ, trích yếu, số/ngày (or «Dự thảo»), đơn vị báo cáo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from core.report_document import ReportDocument
from gui.models.base import RowTableModel

DRAFT = "Dự thảo"


@dataclass(frozen=True, slots=True)
class ReportRow:
    report: ReportDocument
    unit_name: str  # who reports: our office or the unit printing its own


def issue_text(report: ReportDocument) -> str:
    """'Số 05, ngày 20/06/2025' for an issued report, 'Dự thảo' for a draft."""
    if not report.issued:
        return DRAFT
    when = f", ngày {report.issued_on:%d/%m/%Y}" if report.issued_on else ""
    return f"Số {report.number}{when}"


class ReportListModel(RowTableModel[ReportRow]):
    HEADERS = ("Loại", "Kỳ", "Trích yếu", "Số, ngày", "Đơn vị báo cáo")
    HEADER_TIPS = (
        "",
        "Kỳ báo cáo và ngày chốt số liệu",
        "",
        "Số và ngày ban hành; «Dự thảo» khi chưa ban hành",
    )

    def cell(self, row: ReportRow, column: int, role: int) -> Any:
        report = row.report
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                report.kind_name.removeprefix("Báo cáo ").capitalize(),
                report.period.label,
                report.title,
                issue_text(report),
                row.unit_name,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            period = report.period
            if column == 1:
                return f"Từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
            if column == 2:
                return report.title
        if role == Qt.ItemDataRole.FontRole and column == 3 and not report.issued:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def row_of(self, report_id: int | None) -> int:
        """The row showing the report, -1 when none does."""
        return next((i for i, r in enumerate(self._rows) if r.report.id == report_id), -1)
