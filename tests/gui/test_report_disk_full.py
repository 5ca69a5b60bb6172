"""Saving a report from the 'Báo cáo' screen onto a full disk (a real 1 MB tmpfs): one clear message
naming the file, and no partial PDF or .docx left behind."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.views.reports import ReportsScreen
from tests.gui.test_reports_screen import choose
from tests.test_disk_full import _fill, small_disk  # noqa: F401 (the fixture)
from tests.test_report_fixtures import build_sample


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
    screen, small_disk, messages, monkeypatch, button, suffix  # noqa: F811
):
    _fill(small_disk, leave=1024)
    target = small_disk / f"bao-cao{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    getattr(screen, button).click()
    assert len(messages) == 1
    assert messages[0].startswith(f"Ổ đĩa chứa tệp {target} đã đầy: giải phóng chỗ trống")
    assert sorted(path.name for path in small_disk.iterdir()) == ["filler.bin"]
    assert "Đã lưu" not in screen.status_label.text()
