"""The guarded data file in the GUI: a second instance is told who has the file and opens it read-only
or not at all; read-only files get a banner and saves say why they cannot save; network drives warn once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from core.model import Unit
from gui import file_guard
from gui.context import AppContext
from gui.main_window import MainWindow
from gui.operations import attempt
from gui.workers import SynchronousRunner
from storage.database import forget_read_only, open_database, read_only_reason
from storage.file_lock import acquire, lock_path, read_owner
from storage.units import list_units, save_unit

REPO = Path(__file__).resolve().parents[2]
HOLDER = textwrap.dedent(
    """
    import sys
    from storage.file_lock import acquire
    lock = acquire(sys.argv[1])
    print("locked", flush=True)
    sys.stdin.readline()
    lock.release()
    """
)


@pytest.fixture
def other_file(tmp_path):
    path = tmp_path / "dung-chung.sqlite3"
    open_database(path).close()
    yield path
    forget_read_only(path)


@pytest.fixture
def held_elsewhere(other_file):
    """`other_file` held open by another process (a second instance of the program)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(other_file)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdout.readline().strip() == b"locked"
    yield child
    child.kill()
    child.wait(timeout=20)


@pytest.fixture
def window(qtbot, db_path, settings, monkeypatch):
    monkeypatch.setattr(file_guard, "show_network_warning", lambda parent, path: None)
    context = AppContext(open_database(db_path), db_path, settings, SynchronousRunner())
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.file_guard.release()


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return shown


def test_a_file_open_in_another_process_opens_read_only_with_a_banner_and_saves_say_why(
    window, other_file, held_elsewhere, monkeypatch, messages, tmp_path
):
    asked = []

    def ask(parent, busy):
        asked.append(busy.owner)
        return True

    monkeypatch.setattr(file_guard, "ask_open_read_only", ask)
    assert window.open_database(other_file)
    assert asked[0].pid == held_elsewhere.pid
    assert window.context.db_path == other_file
    assert window.file_guard.lock is None
    banner = window.file_guard.banner
    assert banner.isVisible()
    assert f"trên máy {asked[0].host}" in banner.label.text()
    assert "không lưu được thay đổi" in banner.label.text()
    banner.grab().save(str(tmp_path / "banner.png"))

    assert not attempt(window, lambda: save_unit(window.context.db, Unit(name="Phòng Nội vụ")))
    assert len(messages) == 1
    assert messages[0].startswith(
        f"Tệp {other_file} đang mở chỉ để đọc (tệp đang được mở bởi {asked[0].user}"
    )
    assert list_units(window.context.db) == []
    assert read_owner(lock_path(other_file)).pid == held_elsewhere.pid  # their lock untouched


def test_choosing_not_to_open_keeps_the_current_file_and_its_lock(
    window, other_file, held_elsewhere, monkeypatch
):
    before = window.context.db_path
    window.file_guard.adopt(file_guard.open_data_file(window, before))
    monkeypatch.setattr(file_guard, "ask_open_read_only", lambda parent, busy: False)
    assert not window.open_database(other_file)
    assert window.context.db_path == before
    assert read_owner(lock_path(before)).token == window.file_guard.lock.owner.token


def test_opening_another_file_moves_the_lock_and_closing_releases_it(window, db_path, other_file):
    window.file_guard.adopt(file_guard.open_data_file(window, db_path))
    assert lock_path(db_path).exists()
    assert window.open_database(other_file)
    assert not lock_path(db_path).exists()
    assert read_owner(lock_path(other_file)).token == window.file_guard.lock.owner.token
    assert window.file_guard.heartbeat.isActive()
    assert not window.file_guard.banner.isVisible()

    window.open_database(other_file)  # the same file again: our own lock is kept, no question
    assert window.file_guard.lock is not None

    window.close()
    assert not lock_path(other_file).exists()


def test_the_heartbeat_refreshes_the_lock_and_notices_it_was_taken_over(window, other_file, messages):
    assert window.open_database(other_file)
    first = read_owner(lock_path(other_file)).heartbeat
    window.file_guard.beat()
    assert read_owner(lock_path(other_file)).heartbeat >= first
    lock_path(other_file).unlink()
    with acquire(other_file):  # another instance took it while we slept
        window.file_guard.beat()
        assert window.file_guard.lock is None
        assert "vừa được mở ở nơi khác" in window.statusBar().currentMessage()
        assert window.file_guard.banner.isVisible()
        assert not attempt(window, lambda: save_unit(window.context.db, Unit(name="Phòng Nội vụ")))
        assert f"Tệp {other_file} đang mở chỉ để đọc (tệp vừa được mở ở nơi khác" in messages[0]


def test_a_file_that_cannot_be_written_opens_read_only_with_the_reason(
    window, other_file, monkeypatch, messages
):
    monkeypatch.setattr(file_guard, "write_blocker", lambda path: "tệp chỉ cho phép đọc")
    assert window.open_database(other_file)
    assert read_only_reason(other_file) == "tệp chỉ cho phép đọc"
    assert "(tệp chỉ cho phép đọc)" in window.file_guard.banner.label.text()
    assert not lock_path(other_file).exists()
    assert not attempt(window, lambda: save_unit(window.context.db, Unit(name="Phòng Nội vụ")))
    assert "đang mở chỉ để đọc (tệp chỉ cho phép đọc)" in messages[0]


def test_a_writable_file_reopened_after_read_only_can_be_written_again(window, other_file, monkeypatch):
    monkeypatch.setattr(file_guard, "write_blocker", lambda path: "tệp chỉ cho phép đọc")
    assert window.open_database(other_file)
    monkeypatch.setattr(file_guard, "write_blocker", lambda path: None)
    assert window.open_database(other_file)
    save_unit(window.context.db, Unit(name="Phòng Nội vụ"))
    assert [unit.name for unit in list_units(window.context.db)] == ["Phòng Nội vụ"]
    assert not window.file_guard.banner.isVisible()


def test_a_file_on_a_network_drive_is_warned_about_once(window, other_file, monkeypatch):
    shown = []
    monkeypatch.setattr(file_guard, "is_network_path", lambda path: True)
    monkeypatch.setattr(file_guard, "show_network_warning", lambda parent, path: shown.append(path))
    assert window.open_database(other_file)
    assert window.open_database(other_file)
    assert shown == [other_file]
    assert str(other_file) in window.context.settings.value(file_guard.NETWORK_WARNED_KEY)


def test_the_question_names_who_and_since_when(qtbot, other_file, held_elsewhere, monkeypatch):
    seen = {}

    def answer(box: QMessageBox) -> int:
        seen["text"] = box.text()
        buttons = {button.text(): button for button in box.buttons()}
        seen["buttons"] = sorted(buttons)
        buttons["Không mở"].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert file_guard.open_data_file(None, other_file) is None
    assert seen["text"].startswith(f"Tệp {other_file.name} đang được mở bởi ")
    assert ", từ " in seen["text"] and " ngày " in seen["text"]
    assert seen["buttons"] == ["Không mở", "Mở chỉ để đọc"]


def test_the_heartbeat_warns_when_the_data_file_vanished(window, other_file):
    assert window.open_database(other_file)
    moved = other_file.with_name("doi-ten.sqlite3")
    other_file.rename(moved)
    window.file_guard.beat()
    assert f"không còn thấy tệp dữ liệu {other_file}" in window.statusBar().currentMessage()


def test_a_second_program_started_on_a_file_in_use_opens_it_read_only(other_file, held_elsewhere, tmp_path):
    # The whole program as a second process (--smoke-test answers the question with «read-only»).
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "main.py", "--smoke-test", "--db", str(other_file)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    log = next((tmp_path / "data").rglob("kehoach.log")).read_text(encoding="utf-8")
    assert f"Tệp {other_file} đang được mở ở nơi khác" in log
    assert f"Mở tệp dữ liệu {other_file} (chỉ đọc)" in log
    assert read_owner(lock_path(other_file)).pid == held_elsewhere.pid  # the first one's lock stays


def test_a_new_file_in_a_new_folder_is_created_with_its_lock(window, tmp_path, monkeypatch):
    monkeypatch.setattr(window, "first_start", lambda: None)
    target = tmp_path / "thu-muc-moi" / "kehoach-moi.sqlite3"
    assert window.open_database(target)
    assert target.exists()
    assert read_owner(lock_path(target)).token == window.file_guard.lock.owner.token
