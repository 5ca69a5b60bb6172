"""In the main window: the start-up notice of overdue and due-soon work, and opening a row's task."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from core.status import DeadlineStatus
from gui.context import AppContext
from gui.dialogs.task.dialog import TaskDialog
from gui.main_window import MainWindow
from gui.startup_notice import notice_text
from gui.workers import SynchronousRunner
from storage.deadlines import status_counts
from tests.gui.deadlines_world import AS_OF, build_world


def _window(qtbot, db, db_path, settings) -> MainWindow:
    window = MainWindow(AppContext(db, db_path, settings, SynchronousRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_notice_text_leaves_out_what_is_zero():
    assert notice_text(3, 5, 7) == "3 nhiệm vụ quá hạn, 5 sắp đến hạn (trong 7 ngày tới)"
    assert notice_text(3, 0, 7) == "3 nhiệm vụ quá hạn"
    assert notice_text(0, 2, 5) == "2 nhiệm vụ sắp đến hạn (trong 5 ngày tới)"


def test_the_notice_counts_late_work_and_opens_the_list_filtered_to_it(qtbot, db, db_path, settings):
    build_world(db)
    window = _window(qtbot, db, db_path, settings)
    notice = window.deadline_notice
    assert notice.isVisible(), "as of today the world has overdue work"
    overdue, soon = notice.check(today=AS_OF)
    expected = status_counts(db, AS_OF)
    assert (overdue, soon) == (expected[DeadlineStatus.OVERDUE], expected[DeadlineStatus.DUE_SOON]) == (8, 2)
    assert (
        notice.label.text() == "8 nhiệm vụ quá hạn, 2 sắp đến hạn (trong 7 ngày tới) (tính đến 25/09/2026)."
    )
    window.show_screen("plans")
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    assert window.current_screen_key() == "deadlines"
    screen = window.screens["deadlines"]
    assert screen.as_of() == AS_OF
    assert screen.status_bar.statuses() == {DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON}
    while screen.model.canFetchMore():
        screen.model.fetchMore()
    assert len(screen.model.loaded_rows()) == overdue + soon
    qtbot.mouseClick(notice.close_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    assert notice.check(today=AS_OF) == (8, 2) and not notice.isVisible(), "dismissed until the next file"


def test_no_notice_when_nothing_is_late(qtbot, db, db_path, settings):
    window = _window(qtbot, db, db_path, settings)
    assert window.deadline_notice.check() == (0, 0)
    assert not window.deadline_notice.isVisible()


@pytest.mark.parametrize("hidden_by_search", [False, True])
def test_opening_a_row_opens_the_form_the_task_screen_uses(
    qtbot, db, db_path, settings, monkeypatch, hidden_by_search
):
    world = build_world(db)
    window = _window(qtbot, db, db_path, settings)
    if hidden_by_search:
        window.context.select_plan(world["mnp"].id)
        window.screens["tasks"].search.setText("không có nhiệm vụ nào như thế")
    opened = []
    monkeypatch.setattr(TaskDialog, "exec", lambda self: opened.append(self) or QDialog.DialogCode.Rejected)
    window.show_screen("deadlines")
    screen = window.screens["deadlines"]
    screen.as_of_edit.setDate(screen.as_of_edit.date().fromString("25/09/2026", "dd/MM/yyyy"))
    row = next(r for r in screen.model.loaded_rows() if r.task_id == world["tasks"]["yearly"].id)
    screen.open_task_requested.emit(row.task_id, row.occurrence_id)
    assert len(opened) == 1
    assert opened[0].plan.id == row.plan_id == window.context.current_plan_id
    assert opened[0].content_edit.toPlainText() == "Sơ kết, đánh giá kết quả chuyển đổi số"
    assert window.current_screen_key() == "deadlines", "the user stays on the list"
