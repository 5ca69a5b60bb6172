"""The "Hạn xử lý" list: counts agree with `main.py deadlines`, clicking a count filters, search
without diacritics, the as-of date, the period filter, sorting, columns remembered, opening a task."""

import json
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu

from cli import main as cli_main
from core.status import DeadlineStatus
from gui.models.deadline_table import COL_DUE, COL_PROGRESS, COL_ROLE, COL_STATUS, COL_TASK, COL_UNIT
from gui.views.deadlines import SETTINGS_HEADER, DeadlinesScreen, qdate
from storage.deadlines import DeadlineSort
from tests.gui.deadlines_world import AS_OF, build_world, open_screen


@pytest.fixture
def world(db):
    return build_world(db)


@pytest.fixture
def screen(qtbot, context, world):
    screen = open_screen(qtbot, context)
    qtbot.waitExposed(screen)
    return screen


def _activate(qtbot, screen) -> None:
    # Shortcuts reach only the active window.
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)


def _shown(screen) -> list:
    model = screen.model
    while model.canFetchMore():
        model.fetchMore()
    return model.loaded_rows()


def _button_count(screen, status) -> int:
    return int(screen.status_bar.buttons[status].text().split("\n")[1].replace(".", ""))


def test_counts_match_the_deadlines_command_for_the_same_date(screen, db_path, capsys):
    assert cli_main(["deadlines", "--db", str(db_path), "--as-of", AS_OF.isoformat(), "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    shown = {status.value: _button_count(screen, status) for status in DeadlineStatus}
    assert shown == expected["counts"]
    assert screen.model.counts() == {DeadlineStatus(key): value for key, value in expected["counts"].items()}
    assert _button_count(screen, None) == len(expected["items"]) == screen.model.total()
    assert all(count > 0 for count in expected["counts"].values()), "the world has every status"


def test_a_recurring_task_shows_one_row_per_year_each_with_its_own_status(screen, world):
    rows = [row for row in _shown(screen) if row.task_id == world["tasks"]["yearly"].id]
    assert sorted((row.occurrence_key, row.status) for row in rows) == [
        ("2024", DeadlineStatus.DONE_ON_TIME),
        ("2025", DeadlineStatus.OVERDUE),
        ("2026", DeadlineStatus.IN_PROGRESS),
    ]
    september = {
        row.occurrence_key: row.status
        for row in _shown(screen)
        if row.task_id == world["tasks"]["september"].id and row.unit_id == world["mn"].id
    }
    assert september == {
        "2024": DeadlineStatus.OVERDUE,
        "2025": DeadlineStatus.OVERDUE,
        "2026": DeadlineStatus.DUE_SOON,
    }


def test_clicking_a_count_shows_that_status_alone_and_clicking_again_shows_all(screen, qtbot):
    overdue = screen.status_bar.buttons[DeadlineStatus.OVERDUE]
    qtbot.mouseClick(overdue, Qt.MouseButton.LeftButton)
    rows = _shown(screen)
    assert {row.status for row in rows} == {DeadlineStatus.OVERDUE}
    assert len(rows) == _button_count(screen, DeadlineStatus.OVERDUE)
    assert overdue.isChecked() and not screen.status_bar.buttons[None].isChecked()
    # Ctrl+click adds a second status.
    qtbot.mouseClick(
        screen.status_bar.buttons[DeadlineStatus.DUE_SOON],
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
    )
    assert {row.status for row in _shown(screen)} == {DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON}
    qtbot.mouseClick(screen.status_bar.buttons[None], Qt.MouseButton.LeftButton)
    assert len(_shown(screen)) == _button_count(screen, None)
    # The counts stay those of every status: they are what the buttons offer.
    assert _button_count(screen, DeadlineStatus.OVERDUE) == len(rows)


def test_alt_digit_picks_a_status_from_the_keyboard(screen, qtbot):
    _activate(qtbot, screen)
    qtbot.keyClick(screen.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert screen.status_bar.statuses() == frozenset({DeadlineStatus.DUE_SOON})
    assert {row.status for row in _shown(screen)} == {DeadlineStatus.DUE_SOON}
    qtbot.keyClick(screen.table, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert screen.status_bar.statuses() is None


def test_search_without_diacritics_finds_units_tasks_and_plans(screen, qtbot):
    screen.filters.search.setText("son binh")
    qtbot.waitUntil(lambda: screen.model.query.search == "son binh")
    assert {row.unit_name for row in _shown(screen)} == {"Trường Mầm non Sơn Bình"}
    assert _button_count(screen, None) == len(_shown(screen))
    screen.filters.search.setText("TAP HUAN")
    qtbot.waitUntil(lambda: screen.model.query.search == "TAP HUAN")
    assert {row.task_content for row in _shown(screen)} == {"Tập huấn giáo viên mầm non"}
    screen.filters.search.setText("12/kh-pgddt")
    qtbot.waitUntil(lambda: screen.model.query.search == "12/kh-pgddt")
    assert {row.plan_reference for row in _shown(screen)} == {"12/KH-PGDĐT"}
    screen.filters.search.setText("x")  # one letter matches nearly everything: not searched
    qtbot.wait(400)
    assert screen.model.query.search == ""


def test_ctrl_f_goes_to_the_search_box(screen, qtbot):
    _activate(qtbot, screen)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.filters.search.hasFocus()


def test_changing_the_as_of_date_updates_the_counts(screen):
    before = screen.model.counts()
    screen.as_of_edit.setDate(qdate(date(2026, 6, 1)))
    after = screen.model.counts()
    assert after != before
    # On 01/06/2026 the rounds of 2026 were not late yet and the June survey had not been done.
    assert after[DeadlineStatus.OVERDUE] < before[DeadlineStatus.OVERDUE]
    assert after[DeadlineStatus.DONE_LATE] == 0
    assert _button_count(screen, DeadlineStatus.DONE_LATE) == 0
    assert screen.filters.period_combo.itemText(1).startswith("Tháng này (15/05/2026 – 14/06/2026)")


def test_filters_by_plan_unit_kind_and_role(screen, world):
    filters = screen.filters
    filters.plan_combo.setCurrentIndex(filters.plan_combo.findData(world["mnp"].id))
    assert {row.plan_id for row in _shown(screen)} == {world["mnp"].id}
    filters.plan_combo.setCurrentIndex(0)
    filters.kind_combo.setCurrentIndex(filters.kind_combo.findData("ubnd_xa"))
    assert {row.unit_name for row in _shown(screen)} == {"UBND xã Tân Lập"}
    filters.kind_combo.setCurrentIndex(0)
    filters.unit_combo.setCurrentIndex(filters.unit_combo.findData(world["pgd"].id))
    filters.role_combo.setCurrentIndex(2)  # Phối hợp
    assert _shown(screen) == []
    assert screen.empty_label.isVisible() and not screen.table.isVisible()
    assert "khớp bộ lọc" in screen.empty_label.text()


def test_the_period_filter_keeps_rows_due_in_the_official_period_and_those_without_a_deadline(screen):
    filters = screen.filters
    filters.period_combo.setCurrentIndex(filters.period_combo.findData("month"))  # 15/09 – 14/10/2026
    due = {row.due_on for row in _shown(screen)}
    assert due == {date(2026, 9, 30), None}
    filters.set_custom_period(date(2026, 7, 1), date(2026, 8, 31))
    assert filters.from_edit.isVisible()
    assert {row.due_on for row in _shown(screen)} == {date(2026, 7, 5), date(2026, 8, 31), None}
    assert sum(screen.model.counts().values()) == len(_shown(screen))


def test_clicking_a_header_sorts_in_sql(screen, qtbot):
    header = screen.table.horizontalHeader()
    header.setSortIndicator(COL_DUE, Qt.SortOrder.AscendingOrder)
    assert screen.model.query.sort is DeadlineSort.DUE
    dated = [row.due_on for row in _shown(screen) if row.due_on is not None]
    assert dated == sorted(dated)
    header.setSortIndicator(COL_UNIT, Qt.SortOrder.DescendingOrder)
    assert (screen.model.query.sort, screen.model.query.descending) == (DeadlineSort.UNIT, True)
    assert _shown(screen)[0].unit_name == "UBND xã Tân Lập"


def test_rows_show_status_text_colour_and_shape_together(screen):
    model = screen.model
    row = next(i for i, r in enumerate(_shown(screen)) if r.status is DeadlineStatus.OVERDUE)
    index = model.index(row, COL_STATUS)
    assert index.data() == "Quá hạn"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert model.index(row, COL_ROLE).data() in ("Chủ trì", "Phối hợp")
    assert model.index(row, COL_PROGRESS).data().endswith("%")


def test_hidden_columns_are_remembered_in_the_settings(screen, qtbot, context):
    header = screen.table.horizontalHeader()
    screen._column_menu(QPoint(5, 5))
    menu = screen.findChild(QMenu)
    actions = menu.actions()
    assert not actions[COL_TASK].isEnabled()
    actions[COL_ROLE].trigger()  # unticks "Vai trò"
    menu.close()
    assert header.isSectionHidden(COL_ROLE)
    again = DeadlinesScreen(context)
    qtbot.addWidget(again)
    again.restore_state(context.settings)
    assert context.settings.value(SETTINGS_HEADER) is not None
    assert again.table.horizontalHeader().isSectionHidden(COL_ROLE)
    assert not again.table.horizontalHeader().isSectionHidden(COL_UNIT)


def test_enter_and_double_click_ask_to_open_the_task_of_the_row(screen, qtbot):
    _activate(qtbot, screen)
    screen.table.setFocus()
    screen.table.selectRow(0)
    first = screen.model.row_at(0)
    with qtbot.waitSignal(screen.open_task_requested) as signal:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert signal.args == [first.task_id, first.occurrence_id]
    rect = screen.table.visualRect(screen.model.index(1, COL_TASK))
    second = screen.model.row_at(1)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(screen.open_task_requested) as signal:
        qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [second.task_id, second.occurrence_id]


def test_the_screen_reloads_after_progress_is_reported(screen, context, world):
    from core.model import WorkState
    from storage.assignments import record_progress

    overdue = next(row for row in _shown(screen) if row.status is DeadlineStatus.OVERDUE)
    before = screen.model.counts()
    record_progress(context.db, overdue.occurrence_id, WorkState.DONE, 100, AS_OF, "Xong")
    context.changed("progress")
    after = screen.model.counts()
    assert after[DeadlineStatus.OVERDUE] == before[DeadlineStatus.OVERDUE] - 1
    assert after[DeadlineStatus.DONE_LATE] == before[DeadlineStatus.DONE_LATE] + 1


def test_an_empty_file_says_how_to_get_rows(qtbot, context):
    screen = DeadlinesScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.empty_label.isVisible()
    assert "Chưa có nhiệm vụ nào được giao" in screen.empty_label.text()
    assert _button_count(screen, None) == 0
