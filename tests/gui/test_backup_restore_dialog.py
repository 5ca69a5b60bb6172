"""Tệp → «Khôi phục từ bản sao lưu…»: the copies listed, a damaged one refused, a good one restored."""

from datetime import datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from core.model import Plan
from gui.dialogs.backups.restore_dialog import (
    COL_PLANS,
    COL_REASON,
    COL_WHEN,
    RestoreBackupDialog,
    restore_from_backup,
)
from gui.main_window import MainWindow
from storage.backup import BACKUPS_FOLDER, automatic_backup, list_backups
from storage.plans import list_plans, save_plan


@pytest.fixture
def two_backups(db, db_path):
    save_plan(db, Plan("Kế hoạch thứ nhất"))
    automatic_backup(db_path, "open", now=datetime(2026, 12, 1, 8, 5))
    save_plan(db, Plan("Kế hoạch thứ hai"))
    automatic_backup(db_path, "close", now=datetime(2026, 12, 2, 17, 30))
    save_plan(db, Plan("Kế hoạch thứ ba"))
    return list_backups(db_path)


def test_the_dialog_lists_the_copies_newest_first_with_their_counts(qtbot, context, two_backups):
    dialog = RestoreBackupDialog(context)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.index(0, COL_WHEN).data() == "02/12/2026 17:30"
    assert model.index(0, COL_REASON).data() == "khi đóng tệp"
    assert [model.index(row, COL_PLANS).data() for row in range(2)] == ["2", "1"]
    assert dialog.selected() == two_backups[0]
    dialog.resize(900, 360)
    dialog.grab().save("/tmp/restore_dialog.png")


def test_a_damaged_copy_is_refused_in_the_dialog(qtbot, context, two_backups, monkeypatch):
    two_backups[0].path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 300)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args))
    dialog = RestoreBackupDialog(context)
    qtbot.addWidget(dialog)
    dialog.check_and_confirm()
    assert "không dùng được" in dialog.status_label.text()
    assert "\n" not in dialog.status_label.text()
    assert asked == [] and dialog.chosen is None


def test_a_confirmed_copy_is_restored_and_the_file_reopened(qtbot, context, two_backups, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    window = MainWindow(context)
    qtbot.addWidget(window)
    dialog = RestoreBackupDialog(context, window)
    rows = [dialog.model.row_at(row) for row in range(dialog.model.rowCount())]
    dialog.table.selectRow(rows.index(two_backups[1]))  # the older copy: one plan (the window took one too)
    dialog.check_and_confirm()
    assert dialog.chosen == two_backups[1]
    restore_from_backup(window, context, window.open_database, dialog.chosen)
    assert [plan.title for plan in list_plans(context.db)] == ["Kế hoạch thứ nhất"]
    kept = list(context.db_path.parent.glob(f"{context.db_path.name}.before-restore-*"))
    assert len(kept) == 1
    assert (context.db_path.parent / BACKUPS_FOLDER).is_dir()


def test_the_main_window_takes_the_automatic_backup_when_it_opens(qtbot, context, db_path):
    window = MainWindow(context)
    qtbot.addWidget(window)
    [info] = list_backups(db_path)
    assert info.reason == "open"
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Khôi phục từ bản sao lưu…" in [action.text() for action in file_menu.actions()]


def test_a_package_exported_from_the_window_opens_as_a_new_file(qtbot, context, db, tmp_path, monkeypatch):
    from gui.dialogs.backups.package_actions import export_package, open_package

    save_plan(db, Plan("Kế hoạch mang đi"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    package = tmp_path / "goi.qlkh"
    export_package(window, context, package)
    assert package.is_file()
    target = tmp_path / "may-khac" / "du-lieu.sqlite3"
    open_package(window, context, window.open_database, package, target)
    assert context.db_path == target
    assert [plan.title for plan in list_plans(context.db)] == ["Kế hoạch mang đi"]
    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(text))
    open_package(window, context, window.open_database, package, target)  # it exists now
    [error] = errors
    assert "không ghi đè" in error


def test_closing_the_window_after_a_change_takes_the_days_copy_again(qtbot, context, db, db_path):
    window = MainWindow(context)
    qtbot.addWidget(window)
    [opened] = list_backups(db_path)
    save_plan(db, Plan("Kế hoạch soạn trong ngày"))
    window.close()
    [closed] = list_backups(db_path)  # rotation keeps one copy a day: the newer
    assert closed.reason == "close" and closed.plans == opened.plans + 1
