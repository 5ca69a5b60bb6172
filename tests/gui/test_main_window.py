"""The main window end to end: a plan with tasks and units made through the GUI survives a restart."""

from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from core.model import Plan, Role, Unit
from gui.context import AppContext
from gui.dialogs.plan_dialog import PlanDialog
from gui.dialogs.task.dialog import TaskDialog
from gui.main_window import MainWindow, recent_databases
from gui.workers import SynchronousRunner
from storage.assignments import list_assignments
from storage.database import open_database
from storage.plans import list_plans
from storage.tasks import list_tasks
from storage.units import list_units, save_unit


def _window(qtbot, db_path, settings) -> MainWindow:
    context = AppContext(open_database(db_path), db_path, settings, SynchronousRunner())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def test_plan_with_tasks_and_units_made_in_the_gui_survives_a_restart(qtbot, db_path, settings, monkeypatch):
    window = _window(qtbot, db_path, settings)
    db = window.context.db
    lead = save_unit(db, Unit(name="Phòng Giáo dục và Đào tạo", short_name="Phòng GD&ĐT"))
    support = save_unit(db, Unit(name="Phòng Nội vụ"))
    window.context.changed("units")

    def fill_plan(dialog: PlanDialog) -> int:
        dialog.number.setText("05")
        dialog.symbol.setText("KH-PGDĐT")
        dialog.day.setValue(5)
        dialog.month.setValue(1)
        dialog.year.setValue(2025)
        dialog.title.setPlainText("Triển khai nhiệm vụ năm học 2024-2025")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PlanDialog, "exec", fill_plan)
    window.show_screen("plans")
    window.screens["plans"].add_plan()
    assert window.context.current_plan_id is not None

    def fill_task(dialog: TaskDialog) -> int:
        dialog.content_edit.setPlainText("Rà soát, sắp xếp điểm trường lẻ")
        dialog.timeframe_edit.setText("Hằng năm")
        dialog.add_units(Role.LEAD, [lead])
        dialog.add_units(Role.SUPPORT, [support])
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TaskDialog, "exec", fill_task)
    window.screens["plans"].open_tasks_requested.emit()
    assert window.current_screen_key() == "tasks"
    window.screens["tasks"].add_task()
    window.close()
    window.context.db.close()

    reopened = _window(qtbot, db_path, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    db = reopened.context.db
    [plan] = list_plans(db)
    assert plan.reference == "05/KH-PGDĐT" and plan.issued_on == date(2025, 1, 5)
    [row] = list_tasks(db, plan.id)
    assert row.task.content == "Rà soát, sắp xếp điểm trường lẻ"
    assert row.lead_units == ["Phòng Giáo dục và Đào tạo"] and row.support_units == ["Phòng Nội vụ"]
    assigned = {a.unit_name for a in list_assignments(db, row.task.id)}
    assert assigned == {"Phòng Giáo dục và Đào tạo", "Phòng Nội vụ"}
    # the window remembered the screen it was closed on
    assert reopened.current_screen_key() == "tasks"


def test_opening_another_file_refreshes_every_screen_and_is_remembered(
    qtbot, tmp_path, db_path, settings, monkeypatch
):
    other = tmp_path / "khac.sqlite3"
    seed = open_database(other)
    from storage.plans import save_plan

    save_plan(seed, Plan(title="Kế hoạch của tệp khác"))
    seed.close()
    window = _window(qtbot, db_path, settings)
    assert window.screens["plans"].model.rowCount() == 0
    assert window.open_database(other)
    assert window.screens["plans"].model.rowCount() == 1
    assert other.name in window.windowTitle()
    assert recent_databases(settings)[0] == str(other.resolve())


def test_a_file_that_is_not_a_database_is_refused_with_a_message(
    qtbot, tmp_path, db_path, settings, monkeypatch
):
    bad = tmp_path / "ghi-chu.sqlite3"
    bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    messages = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    window = _window(qtbot, db_path, settings)
    assert not window.open_database(bad)
    assert messages and "ghi-chu.sqlite3" in messages[0]
    assert window.context.db_path == db_path


def test_new_database_has_unit_kinds_but_no_units(qtbot, db_path, settings):
    window = _window(qtbot, db_path, settings)
    assert list_units(window.context.db) == []
    combo = window.screens["units"].kind_filter
    kinds = [combo.itemText(i) for i in range(combo.count())]
    assert "Trường tiểu học" in kinds and "UBND xã, phường, thị trấn" in kinds


def test_change_notices_are_typed_and_a_wrong_word_fails(context):
    import pytest

    from gui.context import Change

    heard: list[str] = []
    context.data_changed.connect(heard.append)
    context.changed(Change.PLANS)
    context.changed("units")  # the plain word of a Change still works
    assert heard == ["plans", "units"] and heard[0] == Change.PLANS
    with pytest.raises(ValueError):
        context.changed("plan")  # a typo no screen listens for
    assert heard == ["plans", "units"]


def test_screens_are_built_when_first_shown_and_their_titles_match(qtbot, db_path, settings):
    import importlib

    from gui.screen_set import SCREENS

    window = _window(qtbot, db_path, settings)
    built = [type(screen).__name__ for screen in window.screens.built()]
    assert built == ["OverviewScreen"]  # the one on show; the others wait
    nav = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert nav == [entry.title for entry in SCREENS]
    window.nav.setCurrentRow(list(window.screens).index("units"))
    assert window.stack.currentWidget() is window.screens["units"]
    assert [type(s).__name__ for s in window.screens.built()] == ["OverviewScreen", "UnitsScreen"]
    for entry in SCREENS:  # the table says what each class says of itself
        assert getattr(importlib.import_module(entry.module), entry.class_name).title == entry.title
    window.show_screen("tasks")
    assert window.current_screen_key() == "tasks" and window.stack.currentWidget() is window.screens["tasks"]
