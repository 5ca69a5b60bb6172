"""The task tree model and its filter, checked with Qt's model tester and direct data() reads."""

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from core.model import Task, TaskKind
from core.status import DeadlineStatus
from gui.models.task_tree import (
    COL_CONTENT,
    COL_DEADLINE,
    COL_LEAD,
    COL_ORDINAL,
    COL_STATUS,
    COL_SUPPORT,
    HEADERS,
    TASK_ID_ROLE,
    TaskFilterProxy,
    TaskTreeModel,
    statuses_by_task,
    worst_status,
)
from storage.tasks import TaskRow

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


def _row(task_id, content, parent=None, *, ordinal="", path="", kind=TaskKind.TASK, lead=(), support=(),
         timeframe="", title="", override=None) -> TaskRow:
    task = Task(plan_id=1, content=content, ordinal=ordinal, title=title, kind=kind, parent_id=parent,
                timeframe_text=timeframe, deadline_override=override, id=task_id)
    return TaskRow(task=task, path=path, depth=path.count("."), lead_units=list(lead),
                   support_units=list(support))


# An annex like sample 002: sections I–II, tasks, a sub-task, units and timeframes as written.
ROWS = [
    _row(1, "Tăng cường sự lãnh đạo, chỉ đạo", ordinal="I", path="I", kind=TaskKind.SECTION),
    _row(2, "Tiếp tục quán triệt Kết luận số 91-KL/TW\nđến toàn thể cán bộ", 1, ordinal="1", path="I.1",
         lead=["Phòng Giáo dục và Đào tạo"], support=["Phòng Nội vụ", "UBND các xã"],
         timeframe="Thường xuyên", title="Tuyên truyền"),
    _row(3, "Xây dựng kế hoạch thực hiện", 1, ordinal="2", path="I.2", lead=["UBND các xã"],
         timeframe="Năm 2025"),
    _row(4, "Lập danh sách học sinh bán trú", 3, ordinal="a)", path="I.2.a", timeframe="Hằng năm"),
    _row(5, "Hoàn thiện thể chế, chính sách", ordinal="II", path="II", kind=TaskKind.SECTION),
    _row(6, "Rà soát chính sách giáo dục", 5, ordinal="1", path="II.1", timeframe="Tùy tình hình thực tế"),
    _row(7, "Tổ chức sơ kết", 5, ordinal="2", path="II.2", timeframe="Năm 2025", override=date(2025, 6, 30)),
]
COUNTS = {
    2: {DeadlineStatus.NO_DEADLINE: 3},
    3: {DeadlineStatus.DONE_ON_TIME: 1, DeadlineStatus.OVERDUE: 1, DeadlineStatus.IN_PROGRESS: 2},
}


@pytest.fixture
def model(qtbot):
    model = TaskTreeModel()
    QAbstractItemModelTester(model, FATAL)
    model.set_tasks(ROWS, COUNTS)
    return model


def _data(model, task_id, column, role=Qt.ItemDataRole.DisplayRole):
    return model.index_of(task_id, column).data(role)


def test_model_passes_the_qt_model_tester_and_has_the_tree_shape(model):
    assert model.rowCount() == 2
    section = model.index(0, 0)
    assert model.rowCount(section) == 2
    second = model.index(1, 0, section)
    assert second.data(TASK_ID_ROLE) == 3
    assert model.rowCount(second) == 1
    assert model.parent(model.index(0, 0, second)) == second
    assert model.parent(section) == QModelIndex()
    assert model.columnCount() == len(HEADERS)
    model.set_tasks(ROWS[:1])  # a reset is also checked by the tester
    assert model.rowCount() == 1 and model.rowCount(model.index(0, 0)) == 0


def test_cells_show_ordinal_content_units_and_readings(model):
    assert _data(model, 2, COL_ORDINAL) == "1"
    assert _data(model, 2, COL_CONTENT) == (
        "Tuyên truyền. Tiếp tục quán triệt Kết luận số 91-KL/TW đến toàn thể cán bộ")
    tooltip = _data(model, 2, COL_CONTENT, Qt.ItemDataRole.ToolTipRole)
    assert "<b>Tuyên truyền</b>" in tooltip and "đến toàn thể cán bộ" in tooltip
    assert _data(model, 2, COL_LEAD) == "Phòng Giáo dục và Đào tạo"
    assert _data(model, 2, COL_SUPPORT) == "Phòng Nội vụ, UBND các xã"
    assert _data(model, 2, COL_DEADLINE) == "→ không thời hạn"
    assert _data(model, 3, COL_DEADLINE) == "→ hạn 31/12/2025"
    assert _data(model, 4, COL_DEADLINE) == "→ lặp hằng năm, hạn 31/12"
    assert _data(model, 7, COL_DEADLINE) == "→ hạn 30/06/2025 (nhập tay)"
    assert _data(model, 1, COL_DEADLINE) == ""  # a section without a time of its own


def test_a_timeframe_not_understood_is_red_with_a_hint(model):
    assert "chưa hiểu" in _data(model, 6, COL_DEADLINE)
    assert _data(model, 6, COL_DEADLINE, Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert "nhập hạn cụ thể" in _data(model, 6, COL_DEADLINE, Qt.ItemDataRole.ToolTipRole)
    assert _data(model, 3, COL_DEADLINE, Qt.ItemDataRole.ForegroundRole) is None


def test_sections_are_bold_and_tasks_are_not(model):
    assert _data(model, 1, COL_CONTENT, Qt.ItemDataRole.FontRole).bold()
    assert _data(model, 2, COL_CONTENT, Qt.ItemDataRole.FontRole) is None


def test_status_column_shows_the_worst_status_label_with_counts_in_the_tooltip(model):
    assert _data(model, 3, COL_STATUS) == "Quá hạn"
    assert "Hoàn thành đúng hạn: 1" in _data(model, 3, COL_STATUS, Qt.ItemDataRole.ToolTipRole)
    assert _data(model, 2, COL_STATUS) == "Không thời hạn"
    assert _data(model, 4, COL_STATUS) == ""


def test_worst_status_puts_unfinished_work_before_finished_work():
    S = DeadlineStatus
    assert worst_status({S.DONE_LATE: 1, S.NO_DEADLINE: 1}) is S.NO_DEADLINE
    assert worst_status({S.DONE_LATE: 2, S.DONE_ON_TIME: 1}) is S.DONE_LATE
    assert worst_status({S.DUE_SOON: 1, S.IN_PROGRESS: 4}) is S.DUE_SOON
    assert worst_status({S.OVERDUE: 0}) is None


def test_statuses_are_counted_per_task():
    pairs = [(1, DeadlineStatus.OVERDUE), (1, DeadlineStatus.OVERDUE), (2, DeadlineStatus.DUE_SOON)]
    assert statuses_by_task(pairs) == {1: {DeadlineStatus.OVERDUE: 2}, 2: {DeadlineStatus.DUE_SOON: 1}}


def test_filter_keeps_ancestors_and_descendants_of_matches(model):
    proxy = TaskFilterProxy()
    QAbstractItemModelTester(proxy, FATAL)
    proxy.setSourceModel(model)

    def visible():
        return [task_id for task_id in range(1, 8) if proxy.mapFromSource(model.index_of(task_id)).isValid()]

    proxy.set_search("xay dung KE HOACH")  # no diacritics, any case, every word must match
    assert visible() == [1, 3, 4]
    proxy.set_search("noi vu")  # unit names are searched too
    assert visible() == [1, 2]
    proxy.set_search("  ")
    assert visible() == list(range(1, 8))
    assert not proxy.active


def test_rows_out_of_tree_order_are_refused(qtbot):
    model = TaskTreeModel()
    with pytest.raises(ValueError, match="đứng trước nhiệm vụ cha"):
        model.set_tasks([_row(2, "Con", 1, path="I.1"), _row(1, "Cha", path="I")])


def test_rows_shown_only_around_a_match_are_greyed(model):
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("danh sach hoc sinh")
    section = proxy.mapFromSource(model.index_of(1, COL_CONTENT))
    match = proxy.mapFromSource(model.index_of(4, COL_CONTENT))
    assert section.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8a8a"
    assert match.data(Qt.ItemDataRole.ForegroundRole) is None
    assert proxy.match_count() == 1
