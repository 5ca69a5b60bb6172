"""Table models of the results-import preview: the files, the changes old → new, the problems.

Plain rows built from core.exchange.preview.FilePreview values; each model answers SORT_ROLE so
the preview tables sort in Vietnamese order through VietnameseSortProxy.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.exchange.preview import FilePreview
from gui.models.base import RowTableModel
from gui.models.sorting import SORT_ROLE

_REFUSED = QBrush(QColor("#b00020"))


class _RowsModel(RowTableModel[tuple]):
    """Rows of plain values, one per column, shown as text and sorted by value."""

    def cell(self, row: tuple, column: int, role: int):
        value = row[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if value is None else str(value)
        if role == SORT_ROLE:
            return value if isinstance(value, int) else ("" if value is None else str(value))
        return None


class FilesModel(_RowsModel):
    COL_FILE, COL_UNITS, COL_MATCH, COL_CHANGES, COL_PROBLEMS, COL_STATE = range(6)
    HEADERS = ("Tệp", "Đơn vị", "Khớp dòng theo", "Thay đổi", "Vấn đề", "Tình trạng")
    HEADER_TIPS = (
        "",
        "Đơn vị báo cáo (theo trang thông tin ẩn hoặc dòng «Đơn vị báo cáo»)",
        "Mã dòng ẩn, hoặc nội dung nhiệm vụ khi cột mã bị mất",
        "",
        "",
        "",
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.previews: list[FilePreview] = []

    def set_previews(self, previews: Sequence[FilePreview]) -> None:
        self.previews = list(previews)
        self.set_rows(
            [
                (
                    preview.name,
                    ", ".join(preview.unit_names) or "—",
                    "; ".join(sheet.method for sheet in preview.sheets) or "—",
                    preview.change_count,
                    len(preview.problems),
                    f"Từ chối: {preview.rejected}"
                    if preview.rejected
                    else "Có thay đổi"
                    if preview.change_count
                    else "Không có gì mới",
                )
                for preview in previews
            ]
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            return _REFUSED if self.previews[index.row()].rejected else None
        return super().data(index, role)


class ChangesModel(_RowsModel):
    COL_FILE, COL_UNIT, COL_TASK, COL_YEAR, COL_FIELD, COL_OLD, COL_NEW, COL_ROW = range(8)
    HEADERS = ("Tệp", "Đơn vị", "Nhiệm vụ", "Năm", "Nội dung", "Cũ", "Mới", "Dòng")

    def set_previews(self, previews: Sequence[FilePreview]) -> None:
        rows = []
        for preview in previews:
            for change in preview.changes:
                for label, old, new in change.differences():
                    rows.append(
                        (
                            preview.name,
                            change.unit_name,
                            f"{change.task_path} {change.content}",
                            change.occurrence_key,
                            label,
                            old or "—",
                            new or "—",
                            change.row,
                        )
                    )
            for target in preview.target_changes:
                for label, old, new in target.differences():
                    rows.append(
                        (
                            preview.name,
                            target.unit_name,
                            target.indicator_text,
                            target.period,
                            label,
                            old,
                            new,
                            target.row,
                        )
                    )
        self.set_rows(rows)


class ProblemsModel(_RowsModel):
    COL_FILE, COL_SHEET, COL_ROW, COL_COLUMN, COL_REASON = range(5)
    HEADERS = ("Tệp", "Trang tính", "Dòng", "Cột", "Lý do")

    def set_previews(self, previews: Sequence[FilePreview]) -> None:
        self.set_rows(
            [
                (problem.file, problem.sheet, problem.row, problem.column, problem.reason)
                for preview in previews
                for problem in preview.problems
            ]
        )
