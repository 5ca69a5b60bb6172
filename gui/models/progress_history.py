"""Table model of one occurrence's progress history (lịch sử cập nhật tiến độ), newest entry first.

Rows are the `ProgressUpdate` values storage returns; the model never queries anything itself.
History is append-only, so an undo shows up here as a new entry whose source says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt

from core.model import ProgressUpdate, WorkState
from core.vntext import format_date
from gui.models.base import RowTableModel
from gui.models.sorting import SORT_ROLE

COL_RECORDED, COL_STATE, COL_PROGRESS, COL_COMPLETED, COL_RESULT, COL_SOURCE = range(6)
HEADERS = ("Ngày ghi", "Trạng thái", "Tiến độ", "Ngày hoàn thành", "Kết quả thực hiện", "Nguồn")
HEADER_TIPS = (
    "Lúc cập nhật được ghi vào dữ liệu",
    "Trạng thái thực hiện đã báo cáo",
    "Phần trăm công việc đã làm",
    "Ngày hoàn thành đã báo cáo",
    "Kết quả thực hiện đã báo cáo",
    "Nhập từ đâu: GUI (màn hình này), tên tệp bảng tính, hoặc hoàn tác / làm lại",
)
SOURCE_LABELS = {"GUI": "Nhập tay"}


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source) or "—"


class ProgressHistoryModel(RowTableModel[ProgressUpdate]):
    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS

    def set_history(self, updates: Iterable[ProgressUpdate]) -> None:
        """Show `updates` (as storage lists them, oldest first) with the newest on top."""
        self.set_rows(sorted(updates, key=lambda update: (update.recorded_at, update.id or 0), reverse=True))

    def update_at(self, row: int) -> ProgressUpdate:
        return self._rows[row]

    def cell(self, update: ProgressUpdate, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(update, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_RESULT and update.result:
                return update.result
            if column == COL_RECORDED:
                return update.recorded_at.strftime("%d/%m/%Y %H:%M:%S")
            return None
        if role == SORT_ROLE:
            return {
                COL_RECORDED: update.recorded_at.isoformat(),
                COL_STATE: list(WorkState).index(update.state),
                COL_PROGRESS: update.progress,
                COL_COMPLETED: update.completed_on.isoformat() if update.completed_on else None,
                COL_RESULT: update.result,
                COL_SOURCE: update.source,
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(update: ProgressUpdate, column: int) -> str:
        if column == COL_RECORDED:
            return update.recorded_at.strftime("%d/%m/%Y %H:%M")
        if column == COL_STATE:
            return update.state.label
        if column == COL_PROGRESS:
            return f"{update.progress}%"
        if column == COL_COMPLETED:
            return format_date(update.completed_on) if update.completed_on else ""
        if column == COL_RESULT:
            return " ".join(update.result.split())
        return source_label(update.source)
