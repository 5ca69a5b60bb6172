"""A full disk (a real 1 MB tmpfs) in the GUI: a report saved from the 'Báo cáo' screen and a change saved
into a data file on it each get one clear message naming the file; no partial file, no data lost."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model import Unit
from gui.context import AppContext
from gui.operations import attempt
from gui.views.reports import ReportsScreen
from gui.workers import SynchronousRunner
from storage.database import open_database
from storage.units import list_units, save_unit
from tests.gui.test_reports_screen import choose
from tests.test_disk_full import _fill, mounted_tmpfs
from tests.test_report_fixtures import build_sample


@pytest.fixture
def small_disk(tmp_path):
    with mounted_tmpfs(tmp_path / "small") as folder:
        yield folder


@pytest.fixture
def screen(qtbot, context):
    sample = build_sample(context.db)
    widget = ReportsScreen(context)
    qtbot.addWidget(widget)
    widget.show()
    choose(widget, "progress", plan_id=sample.plan.id)
    widget.generate()
    return widget


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    return shown


@pytest.mark.parametrize(("button", "suffix"), [("save_button", ".pdf"), ("word_button", ".docx")])
def test_a_report_saved_to_a_full_disk_says_so_and_leaves_nothing(
    screen,
    small_disk,
    messages,
    monkeypatch,
    button,
    suffix,
):
    _fill(small_disk, leave=1024)
    target = small_disk / f"bao-cao{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    getattr(screen, button).click()
    assert len(messages) == 1
    assert messages[0].startswith(f"Ổ đĩa chứa tệp {target} đã đầy: giải phóng chỗ trống")
    assert sorted(path.name for path in small_disk.iterdir()) == ["filler.bin"]
    assert "Đã lưu" not in screen.status_label.text()


def test_a_change_saved_into_a_data_file_on_a_full_disk_names_it_and_loses_nothing(
    qtbot,
    small_disk,
    settings,
    messages,
):
    data_file = small_disk / "kehoach.sqlite3"
    db = open_database(data_file)
    save_unit(db, Unit(name="Phòng Nội vụ"))
    screen = ReportsScreen(AppContext(db, data_file, settings, SynchronousRunner()))
    qtbot.addWidget(screen)
    _fill(small_disk, leave=0)
    big = Unit(name="Trường Tiểu học số 1", notes="ghi chú " * 200_000)
    assert not attempt(screen, lambda: save_unit(db, big))
    assert messages == [
        f"Ổ đĩa chứa tệp {data_file} đã đầy: giải phóng chỗ trống (xóa bớt tệp, dọn Thùng rác) rồi thử lại; "
        "dữ liệu đã lưu không bị ảnh hưởng."
    ]
    assert [unit.name for unit in list_units(db)] == ["Phòng Nội vụ"]
    db.close()
