"""The per-unit tab, the calendar tab and the lazy table model of "Hạn xử lý"."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from core.model import Role
from core.status import DeadlineStatus, completion_rate
from gui.models import deadline_table
from gui.models.deadline_table import (
    COL_DAYS,
    COL_DUE,
    COL_ROUND,
    COL_STATUS,
    PCOL_PLAN,
    PCOL_RATE,
    DeadlineQuery,
    DeadlineTableModel,
    days_text,
)
from gui.views.deadlines import qdate
from storage.deadlines import DeadlineSelection, DeadlineSort
from tests.gui.deadlines_world import AS_OF, build_world, open_screen


@pytest.fixture
def world(db):
    return build_world(db)


@pytest.fixture
def screen(qtbot, context, world):
    return open_screen(qtbot, context)


# --- the model --------------------------------------------------------------------------------


def test_the_model_fetches_page_after_page_and_passes_the_model_tester(qtbot, db, world, monkeypatch):
    monkeypatch.setattr(deadline_table, "PAGE_SIZE", 3)
    model = DeadlineTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.load(db, DeadlineQuery(as_of=AS_OF))
    assert model.rowCount() == 3
    assert model.total() == sum(model.counts().values()) > 3
    while model.canFetchMore():
        model.fetchMore()
    everything = DeadlineSelection(db, AS_OF).rows(sort=DeadlineSort.STATUS)
    assert model.loaded_rows() == everything
    assert not model.canFetchMore()


def test_choosing_statuses_or_an_order_does_not_recount(qtbot, db, world, monkeypatch):
    model = DeadlineTableModel()
    query = DeadlineQuery(as_of=AS_OF)
    model.load(db, query)
    counted = []
    monkeypatch.setattr(DeadlineSelection, "counts", lambda self, statuses=None: counted.append(1) or {})
    model.load(db, DeadlineQuery(as_of=AS_OF, statuses=frozenset({DeadlineStatus.OVERDUE})))
    model.sort(COL_DUE, Qt.SortOrder.DescendingOrder)
    assert counted == []
    assert model.total() == model.counts()[DeadlineStatus.OVERDUE]
    assert [row.status for row in model.loaded_rows()] == [DeadlineStatus.OVERDUE] * model.total()


def test_cells_read_like_a_tracking_sheet(qtbot, db, world):
    model = DeadlineTableModel()
    model.load(db, DeadlineQuery(as_of=AS_OF, statuses=frozenset({DeadlineStatus.DUE_SOON})))
    assert model.index(0, COL_ROUND).data() == "2026"
    assert model.index(0, COL_DUE).data() == "30/09/2026"
    assert model.index(0, COL_DAYS).data() == "còn 5 ngày"
    assert model.index(0, COL_STATUS).data() == "Sắp đến hạn"
    rows = DeadlineSelection(db, AS_OF).rows()
    texts = {days_text(row) for row in rows}
    assert {"xong 20/06/2026", "xong 10/07/2026", ""} <= texts
    assert any(text.startswith("trễ ") for text in texts)


# --- the per-unit tab ---------------------------------------------------------------------------


def test_the_unit_view_gives_the_units_completion_rate_and_its_plans(screen, world):
    screen.tabs.setCurrentWidget(screen.unit_view)
    view = screen.unit_view
    view.select_unit(world["pgd"].id)
    counts = DeadlineSelection(screen.context.db, AS_OF, unit_id=world["pgd"].id).counts()
    # Phòng GD&ĐT: survey on time, yearly 2024 on time; yearly 2025 and training overdue.
    assert counts[DeadlineStatus.DONE_ON_TIME] == 2 and counts[DeadlineStatus.OVERDUE] == 2
    assert completion_rate(counts) == 0.5
    assert "Tỷ lệ hoàn thành: 50%" in view.completion_text()
    assert "2 đã hoàn thành ÷ (2 đã hoàn thành + 2 quá hạn)" in view.completion_text()
    plans = view.plan_model
    labels = [plans.index(row, PCOL_PLAN).data() for row in range(plans.rowCount())]
    assert labels[0] == "Tất cả kế hoạch của đơn vị"
    assert sorted(labels[1:]) == [
        "12/KH-PGDĐT — Phát triển giáo dục mầm non năm 2026",
        "367/KH-UBND — Chuyển đổi số ngành giáo dục giai đoạn 2024-2026",
    ]
    rates = {
        plans.index(row, PCOL_PLAN).data()[:3]: plans.index(row, PCOL_RATE).data()
        for row in range(1, plans.rowCount())
    }
    assert rates == {"12/": "0%", "367": "66,7%"}
    assert view.model.total() == sum(counts.values())


def test_choosing_a_plan_lists_the_units_rows_of_that_plan(screen, world):
    screen.tabs.setCurrentWidget(screen.unit_view)
    view = screen.unit_view
    view.select_unit(world["mn"].id)
    row = next(
        i for i in range(view.plan_model.rowCount()) if view.plan_model.plan_at(i).plan_id == world["mnp"].id
    )
    view.plan_table.selectRow(row)
    rows = view.model.loaded_rows()
    assert {r.plan_id for r in rows} == {world["mnp"].id}
    assert {r.unit_id for r in rows} == {world["mn"].id}
    view.role_combo.setCurrentIndex(view.role_combo.findData(Role.SUPPORT))
    assert {r.role for r in view.model.loaded_rows()} == {Role.SUPPORT}


def test_the_unit_view_says_when_a_unit_has_nothing(screen, context):
    from core.model import Unit
    from storage.units import save_unit

    save_unit(context.db, Unit("Phòng Y tế", kind_code="phong_ban"))
    context.changed("units")
    screen.tabs.setCurrentWidget(screen.unit_view)
    view = screen.unit_view
    view.select_unit(view.unit_combo.itemData(view.unit_combo.findText("Phòng Y tế")))
    assert view.empty_label.isVisible()
    assert "chưa được giao nhiệm vụ nào" in view.empty_label.text()


# --- the calendar tab ---------------------------------------------------------------------------


def test_the_calendar_counts_deadlines_per_day_and_lists_a_chosen_day(screen, world):
    screen.tabs.setCurrentWidget(screen.calendar_view)
    view = screen.calendar_view
    assert (view.calendar.yearShown(), view.calendar.monthShown()) == (2026, 9)
    days = view.day_counts()
    # 30/09/2026: the September report of the school and the commune, both due soon.
    assert days[date(2026, 9, 30)] == {DeadlineStatus.DUE_SOON: 2}
    assert "Tháng 9/2026: 2 nhiệm vụ đến hạn trong 1 ngày" in view.month_label.text()
    view.select_day(date(2026, 9, 30))
    rows = view.model.loaded_rows()
    assert [(row.unit_name, row.occurrence_key) for row in rows] == [
        ("Trường Mầm non Sơn Bình", "2026"),
        ("UBND xã Tân Lập", "2026"),
    ]
    assert "Ngày 30/09/2026: 2 nhiệm vụ đến hạn" in view.day_label.text()
    view.calendar.setCurrentPage(2026, 7)
    assert view.day_counts()[date(2026, 7, 5)] == {DeadlineStatus.OVERDUE: 1}
    view.select_day(date(2026, 7, 10))
    assert view.model.total() == 0


def test_the_calendar_follows_the_as_of_date(screen, world):
    screen.tabs.setCurrentWidget(screen.calendar_view)
    screen.as_of_edit.setDate(qdate(date(2026, 6, 25)))
    view = screen.calendar_view
    assert (view.calendar.monthShown(), view.selected_day()) == (6, date(2026, 6, 25))
    # The survey was due 30/06; as of 25/06 one unit had finished on time, the other was due soon.
    assert view.day_counts()[date(2026, 6, 30)] == {
        DeadlineStatus.DONE_ON_TIME: 1,
        DeadlineStatus.DUE_SOON: 1,
    }


def test_opening_a_row_of_another_tab_asks_for_its_task(screen, qtbot, world):
    screen.tabs.setCurrentWidget(screen.calendar_view)
    view = screen.calendar_view
    view.select_day(date(2026, 9, 30))
    first = view.model.row_at(0)
    with qtbot.waitSignal(screen.open_task_requested) as signal:
        view.table.doubleClicked.emit(view.model.index(0, 1))
    assert signal.args == [first.task_id, first.occurrence_id]
