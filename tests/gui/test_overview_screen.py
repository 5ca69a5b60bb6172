"""The «Tổng quan» screen in the main window: each figure, clicked or pressed from the keyboard,
opens «Hạn xử lý» filtered to exactly the rows it counted, or the task's form.

The world is tests/gui/deadlines_world.py as of 25/09/2026 (figures worked out in tests/test_overview.py).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from core.model import Role, Unit, WorkState
from core.status import DeadlineStatus
from gui.context import AppContext
from gui.dialogs.task.dialog import TaskDialog
from gui.main_window import MainWindow
from gui.views.overview.screen import OverviewScreen
from gui.views.overview.widgets import LinkButton, PeriodColumn, StatusTile, TextLink
from gui.workers import SynchronousRunner
from storage.assignments import record_progress
from storage.units import save_unit
from tests.fixtures.deadline_data import rows_by_key, save_assigned_tasks
from tests.gui.deadlines_world import AS_OF, build_world

S = DeadlineStatus


@pytest.fixture
def world(db):
    made = build_world(db)
    db.execute("UPDATE progress_updates SET recorded_at = '2026-09-20T08:00:00+07:00'")
    return made


def _window(qtbot, db, db_path, settings, as_of: date = AS_OF) -> MainWindow:
    window = MainWindow(AppContext(db, db_path, settings, SynchronousRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_screen("overview")
    window.screens["overview"].as_of_edit.setDate(as_of)
    return window


def _overview(window: MainWindow) -> OverviewScreen:
    return window.screens["overview"]


def _shown(pieces: list) -> list:
    """The pieces a reload filled: the others wait hidden for a longer list."""
    return [piece for piece in pieces if not piece.isHidden()]


def _listed(window: MainWindow) -> tuple[int, frozenset | None]:
    deadlines = window.screens["deadlines"]
    assert window.current_screen_key() == "deadlines"
    assert deadlines.as_of() == AS_OF or deadlines.as_of() == _overview(window).as_of()
    return deadlines.model.total(), deadlines.status_bar.statuses()


def test_overview_is_the_first_screen_and_the_one_a_first_start_shows(qtbot, db, db_path, settings):
    window = MainWindow(AppContext(db, db_path, settings, SynchronousRunner()))
    qtbot.addWidget(window)
    assert list(window.screens)[0] == "overview"
    assert window.nav.item(0).text() == "Tổng quan"
    assert window.current_screen_key() == "overview"


def test_the_status_tiles_show_the_counts_and_a_click_lists_that_status(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    tiles = _overview(window).tiles
    shown = {status: tile.count for status, tile in tiles.items()}
    assert shown == {
        S.OVERDUE: 8,
        S.DUE_SOON: 2,
        S.IN_PROGRESS: 1,
        S.NO_DEADLINE: 1,
        S.DONE_LATE: 1,
        S.DONE_ON_TIME: 2,
    }
    qtbot.mouseClick(tiles[S.OVERDUE], Qt.MouseButton.LeftButton)
    assert _listed(window) == (8, frozenset({S.OVERDUE}))
    window.show_screen("overview")
    qtbot.mouseClick(tiles[S.DUE_SOON], Qt.MouseButton.LeftButton)
    assert _listed(window) == (2, frozenset({S.DUE_SOON}))


def test_a_units_bar_opens_its_overdue_work_from_the_keyboard(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    screen = _overview(window)
    bars = _shown(screen.overdue_panel.bars)
    assert [(bar.name, bar.count) for bar in bars] == [
        ("Trường Mầm non Sơn Bình", 4),
        ("Phòng Giáo dục và Đào tạo", 2),
        ("UBND xã Tân Lập", 2),
    ]
    bars[0].setFocus()
    qtbot.keyClick(bars[0], Qt.Key.Key_Return)
    qtbot.wait(300)  # Enter animates the click
    assert _listed(window) == (4, frozenset({S.OVERDUE}))
    filters = window.screens["deadlines"].filters
    assert filters.unit_combo.currentData() == world["mn"].id
    window.show_screen("overview")
    bars[2].setFocus()
    qtbot.keyClick(bars[2], Qt.Key.Key_Space)
    assert _listed(window) == (2, frozenset({S.OVERDUE}))
    assert filters.unit_combo.currentData() == world["xa"].id


def test_tab_walks_from_one_figure_to_the_next(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    tiles = list(_overview(window).tiles.values())
    tiles[0].setFocus()
    qtbot.waitUntil(lambda: tiles[0].hasFocus())
    qtbot.keyClick(tiles[0], Qt.Key.Key_Tab)
    assert tiles[1].hasFocus()
    assert tiles[1].autoFillBackground() and not tiles[0].autoFillBackground(), "the focused piece is tinted"
    links = _shown(_overview(window).findChildren(LinkButton))
    assert len(links) > 20 and all(
        link.focusPolicy() == Qt.FocusPolicy.StrongFocus and link.toolTip() for link in links
    )


def test_a_month_column_lists_the_work_due_in_it(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    july = _overview(window).findChild(PeriodColumn, "period_2026-07")  # 15/06 – 14/07/2026
    assert (july.figures.done, july.figures.overdue) == (2, 1)
    assert "15/06/2026 – 14/07/2026" in july.toolTip()
    qtbot.mouseClick(july, Qt.MouseButton.LeftButton)
    total, statuses = _listed(window)
    assert total == 3 and S.NO_DEADLINE not in statuses, "undated work is in every period: left out here"
    filters = window.screens["deadlines"].filters
    assert filters.due_range() == (date(2026, 6, 15), date(2026, 7, 14))


def test_by_quarter_there_are_four_columns(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    screen = _overview(window)
    screen.period_combo.setCurrentIndex(screen.period_combo.findData("quarter"))
    columns = _shown(screen.completion_panel.columns)
    assert [c.label for c in columns] == ["QI", "QII", "QIII", "QIV"]
    assert columns[2].figures.overdue == 3


def test_work_due_this_week_opens_the_task_form(qtbot, db, db_path, settings, world, monkeypatch):
    monday = date(2026, 9, 28)
    window = _window(qtbot, db, db_path, settings, as_of=monday)
    opened = []

    def fake_exec(dialog: TaskDialog) -> int:
        opened.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(TaskDialog, "exec", fake_exec)
    september = world["tasks"]["september"]
    link = _overview(window).findChild(TextLink, f"dueTask_{september.id}")
    assert link is not None and not link.isHidden() and "Báo cáo số liệu đầu năm học" in link.text_shown
    assert "UBND xã Tân Lập" in link.toolTip()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert window.screens["tasks"].current_task_id() == september.id
    assert window.context.current_plan_id == world["cds"].id


def test_the_whole_week_opens_the_list_of_work_still_owed(qtbot, db, db_path, settings, world):
    monday = date(2026, 9, 28)
    window = _window(qtbot, db, db_path, settings, as_of=monday)
    qtbot.mouseClick(_overview(window).findChild(TextLink, "dueWeekAll"), Qt.MouseButton.LeftButton)
    total, statuses = _listed(window)
    assert total == 2 and S.DONE_ON_TIME not in statuses
    assert window.screens["deadlines"].filters.due_range() == (monday, date(2026, 10, 4))


def test_a_unit_that_has_not_reported_opens_the_work_it_leads(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    screen = _overview(window)
    assert "tháng 10 năm 2026 (15/09/2026 – 14/10/2026)" in screen.silent_panel.title()
    silent = _shown(screen.silent_panel.links)
    assert [link.text_shown for link in silent] == ["Trường Mầm non Sơn Bình", "UBND xã Tân Lập"]
    qtbot.mouseClick(silent[1], Qt.MouseButton.LeftButton)
    filters = window.screens["deadlines"].filters
    assert (filters.unit_combo.currentData(), filters.role_combo.currentData()) == (world["xa"].id, Role.LEAD)
    assert _listed(window) == (1, None), "XA leads the ongoing task only"


def test_one_plan_is_counted_and_its_lists_stay_on_it(qtbot, db, db_path, settings, world):
    window = _window(qtbot, db, db_path, settings)
    screen = _overview(window)
    screen.plan_combo.setCurrentIndex(screen.plan_combo.findData(world["mnp"].id))
    assert screen.tiles[S.OVERDUE].count == 3
    qtbot.mouseClick(screen.tiles[S.OVERDUE], Qt.MouseButton.LeftButton)
    assert _listed(window) == (3, frozenset({S.OVERDUE}))
    assert window.screens["deadlines"].filters.plan_combo.currentData() == world["mnp"].id


def test_recorded_progress_and_another_file_reload_the_figures(qtbot, db, db_path, settings, world, tmp_path):
    window = _window(qtbot, db, db_path, settings)
    screen = _overview(window)
    check = rows_by_key(db, AS_OF)[(world["tasks"]["check"].id, world["mn"].id, "")]
    record_progress(db, check.occurrence_id, WorkState.DONE, 100, date(2026, 7, 1), "Đã kiểm tra")
    window.context.changed("progress")
    assert screen.tiles[S.OVERDUE].count == 7 and screen.tiles[S.DONE_ON_TIME].count == 3
    from storage.database import open_database

    other = tmp_path / "khac.sqlite3"
    window.context.replace_database(open_database(other), other)
    assert all(tile.count == 0 for tile in screen.tiles.values())
    assert screen.plan_combo.count() == 1 and screen.plan_combo.currentText() == "(Tất cả kế hoạch)"


def test_a_screen_remembered_from_last_time_still_wins_over_the_overview(qtbot, db, db_path, settings):
    settings.setValue("window/screen", "units")
    window = MainWindow(AppContext(db, db_path, QSettings(settings.fileName(), QSettings.Format.IniFormat),
                                   SynchronousRunner()))  # fmt: skip
    qtbot.addWidget(window)
    assert window.current_screen_key() == "units"
    assert isinstance(window.screens["overview"].tiles[S.OVERDUE], StatusTile)


def test_a_group_assigned_work_opens_its_own_rows_though_the_unit_list_holds_no_groups(
    qtbot, db, db_path, settings, world
):
    communes = save_unit(db, Unit("UBND các xã, phường", kind_code="ubnd_xa", is_group=True))
    [task] = save_assigned_tasks(
        db, [(world["mnp"], "Rà soát trường lớp", "Trước 30/6/2026", [(communes, Role.LEAD)])]
    )
    window = _window(qtbot, db, db_path, settings)
    [bar] = [bar for bar in _shown(_overview(window).overdue_panel.bars) if bar.unit_id == communes.id]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    assert _listed(window) == (1, frozenset({S.OVERDUE}))
    filters = window.screens["deadlines"].filters
    assert (filters.unit_combo.currentData(), filters.unit_combo.currentText()) == (
        communes.id,
        "UBND các xã, phường",
    )


def test_the_figures_are_counted_on_the_worker_and_an_older_answer_is_dropped(qtbot, db, db_path, settings,
                                                                              world):
    from gui.context import AppContext
    from gui.workers import TaskRunner

    context = AppContext(db, db_path, settings, TaskRunner())  # a real worker thread, as in the app
    screen = OverviewScreen(context)
    qtbot.addWidget(screen)
    screen.as_of_edit.setDate(AS_OF)
    assert screen.total_label.text() == "Đang tính số liệu…"  # the screen is up before the figures
    qtbot.waitUntil(lambda: screen.overview is not None and screen.overview.as_of == AS_OF, timeout=20000)
    assert screen.tiles[S.OVERDUE].count == screen.overview.counts[S.OVERDUE]
    assert "lượt nhiệm vụ" in screen.total_label.text()
