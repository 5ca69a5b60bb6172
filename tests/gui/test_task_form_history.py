"""The progress history table of the task form: newest first, readable columns, a sound model."""

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from core.model import ProgressUpdate, WorkState
from gui.models.progress_history import (
    COL_COMPLETED,
    COL_PROGRESS,
    COL_RECORDED,
    COL_RESULT,
    COL_SOURCE,
    COL_STATE,
    HEADERS,
    ProgressHistoryModel,
)
from gui.models.sorting import SORT_ROLE

UPDATES = [
    ProgressUpdate(7, datetime(2025, 5, 2, 9, 15), WorkState.IN_PROGRESS, 40, None,
                   "Đã rà soát 9/22 điểm trường", "GUI", id=1),
    ProgressUpdate(7, datetime(2025, 11, 20, 16, 5), WorkState.DONE, 100, date(2025, 11, 20),
                   "Đã phê duyệt kế hoạch\nnăm 2026", "tien-do-quy-4.xlsx", id=2),
    ProgressUpdate(7, datetime(2025, 11, 21, 8, 0), WorkState.IN_PROGRESS, 40, None, "", "Hoàn tác", id=3),
]


def test_history_lists_the_newest_entry_first_with_readable_cells(qtbot):
    model = ProgressHistoryModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_history(UPDATES)
    assert model.rowCount() == 3 and model.columnCount() == len(HEADERS)

    def row(index):
        return [model.index(index, column).data() for column in range(len(HEADERS))]

    assert row(0) == ["21/11/2025 08:00", "Đang thực hiện", "40%", "", "", "Hoàn tác"]
    assert row(1) == ["20/11/2025 16:05", "Hoàn thành", "100%", "20/11/2025",
                      "Đã phê duyệt kế hoạch năm 2026", "tien-do-quy-4.xlsx"]
    assert row(2)[COL_SOURCE] == "Nhập tay"
    assert model.index(1, COL_RESULT).data(Qt.ItemDataRole.ToolTipRole) == "Đã phê duyệt kế hoạch\nnăm 2026"
    assert model.index(2, COL_RECORDED).data(SORT_ROLE) == "2025-05-02T09:15:00"
    assert model.index(1, COL_PROGRESS).data(SORT_ROLE) == 100
    assert model.index(0, COL_COMPLETED).data(SORT_ROLE) is None
    assert model.index(1, COL_STATE).data(SORT_ROLE) > model.index(0, COL_STATE).data(SORT_ROLE)
    model.set_history([])
    assert model.rowCount() == 0
