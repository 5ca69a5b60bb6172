"""Unexpected errors: logged with their traceback, shown in a dialog with «Sao chép chi tiết», and the
application keeps running; machine faults are one clear message instead."""

from __future__ import annotations

import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from core import applog
from core.about import APP_NAME, VERSION
from gui import crash_dialog
from gui.crash_dialog import CrashDialog, install_exception_hooks
from gui.operations import run_with_progress, show_error


@pytest.fixture
def log_file(tmp_path):
    path = applog.setup_logging(tmp_path / "logs")
    yield path
    applog.shutdown_logging()


@pytest.fixture
def hooks(qapp, monkeypatch, log_file):
    # monkeypatch restores the hooks pytest and Python had once the test ends.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_exception_hooks(qapp)
    yield
    for dialog in _crash_dialogs():
        dialog.close()


def _crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]


def _fail_in_slot() -> None:
    raise RuntimeError("hỏng trong một slot")


def test_the_dialog_copies_the_details_and_shows_the_log_path(qtbot, tmp_path):
    log = tmp_path / "logs" / "kehoach.log"
    dialog = CrashDialog("Traceback (most recent call last):\n  ...\nRuntimeError: x", log)
    qtbot.addWidget(dialog)
    dialog.show()
    assert str(log) in dialog.log_label.text()
    assert "lỗi không mong đợi" in dialog.findChildren(type(dialog.log_label))[1].text()
    dialog.grab().save(str(tmp_path / "crash.png"))
    assert [button.text() for button in dialog.findChildren(QPushButton)] == ["Sao chép chi tiết", "Đóng"]
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.details
    assert dialog.copy_button.text() == "Đã sao chép"
    dialog.close_button.click()
    assert not dialog.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_the_dialog_logs_the_traceback_and_the_app_goes_on(
    qtbot, hooks, log_file
):
    QTimer.singleShot(0, _fail_in_slot)
    qtbot.waitUntil(lambda: len(_crash_dialogs()) == 1, timeout=5000)
    dialog = _crash_dialogs()[0]
    assert "RuntimeError: hỏng trong một slot" in dialog.details
    assert "_fail_in_slot" in dialog.details
    text = log_file.read_text(encoding="utf-8")
    assert "Lỗi không mong đợi" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: hỏng trong một slot" in text

    ran = []
    QTimer.singleShot(0, lambda: ran.append(True))  # the event loop still runs
    qtbot.waitUntil(lambda: ran == [True], timeout=5000)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_python_thread_reaches_the_dialog_on_the_ui_thread(qtbot, hooks, log_file):
    def work() -> None:
        raise KeyError("trong luồng")

    thread = threading.Thread(target=work, name="nhap-lieu")
    thread.start()
    thread.join(timeout=10)
    qtbot.waitUntil(lambda: len(_crash_dialogs()) == 1, timeout=5000)
    assert "KeyError: 'trong luồng'" in _crash_dialogs()[0].details
    assert "(luồng nhap-lieu)" in log_file.read_text(encoding="utf-8")


def test_a_job_that_fails_with_a_bug_shows_the_crash_dialog_with_its_traceback(qtbot, context, log_file):
    def job(progress):
        raise ZeroDivisionError("chia cho 0")

    run_with_progress(None, context, "Đang thử…", job, lambda result: None)
    qtbot.waitUntil(lambda: len(_crash_dialogs()) == 1, timeout=5000)
    details = _crash_dialogs()[0].details
    assert "ZeroDivisionError: chia cho 0" in details
    assert details.startswith(f"{APP_NAME} {VERSION}; Python ")
    assert "ZeroDivisionError: chia cho 0" in log_file.read_text(encoding="utf-8")
    for dialog in _crash_dialogs():
        dialog.close()


def test_a_job_on_a_full_disk_gets_the_clear_message_naming_the_data_file(
    qtbot, context, log_file, monkeypatch
):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))

    def job(progress):
        raise sqlite3.OperationalError("database or disk is full")

    class Screen(QPushButton):  # any widget of a window that has the context
        pass

    screen = Screen()
    screen.context = context
    qtbot.addWidget(screen)
    run_with_progress(screen, context, "Đang nhập…", job, lambda result: None)
    assert shown == [
        f"Ổ đĩa chứa tệp {context.db_path} đã đầy: giải phóng chỗ trống (xóa bớt tệp, dọn Thùng rác) rồi "
        "thử lại; dữ liệu đã lưu không bị ảnh hưởng."
    ]
    assert _crash_dialogs() == []
    assert "OperationalError: database or disk is full" in log_file.read_text(encoding="utf-8")


def test_show_error_no_longer_says_unexpected_for_machine_faults(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    show_error(None, sqlite3.OperationalError("database is locked"))
    show_error(None, PermissionError(13, "Permission denied", "D:/bao-cao.pdf"))
    assert not any("Lỗi không mong đợi" in text for text in shown)
    assert "đang bị một chương trình khác khóa" in shown[0]
    assert shown[1].startswith("Không có quyền ghi hoặc đọc tệp D:/bao-cao.pdf")


def test_the_log_rotates_at_one_megabyte_keeping_five_files(tmp_path):
    path = applog.setup_logging(tmp_path)
    try:
        for _ in range(7):
            applog.log.info("x" * 500_000)
            applog.log.info("x" * 500_000)
        names = sorted(p.name for p in tmp_path.iterdir())
    finally:
        applog.shutdown_logging()
    assert path == tmp_path / "kehoach.log"
    assert names == ["kehoach.log", *[f"kehoach.log.{n}" for n in range(1, 6)]]
    assert all(p.stat().st_size <= 1_100_000 for p in tmp_path.iterdir())


def test_the_reporter_caps_the_number_of_dialogs_open_at_once(qtbot, qapp):
    dialogs = [crash_dialog.show_crash_dialog(f"lỗi {n}") for n in range(5)]
    try:
        assert sum(dialog is not None for dialog in dialogs) == crash_dialog.MAX_OPEN_DIALOGS
    finally:
        for dialog in _crash_dialogs():
            dialog.close()


def test_a_users_mistake_is_a_message_and_a_plain_value_error_is_a_bug(qtbot, monkeypatch):
    from core.errors import UserError
    from gui.operations import attempt, error_text, is_user_error
    from storage.database import StorageError

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert not attempt(None, lambda: (_ for _ in ()).throw(StorageError("Không tìm thấy kế hoạch 5")))
    assert shown == ["Không tìm thấy kế hoạch 5"]
    assert is_user_error(UserError("x")) and not is_user_error(ValueError("invalid literal for int()"))
    with pytest.raises(ValueError, match="invalid literal"):  # goes on to the crash dialog and the log
        attempt(None, lambda: int("x7"))
    assert error_text(ValueError("bad")) == "Lỗi không mong đợi: ValueError: bad"
