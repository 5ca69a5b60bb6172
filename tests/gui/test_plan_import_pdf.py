"""Received PDFs through the window: read with progress and Cancel, previewed with their inferences tinted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

import gui.dialogs.plan_import.dialog as plan_import
from core.importing import PlanImportError
from gui.dialogs.plan_import.dialog import PlanImportDialog, import_dropped_files, start_plan_import
from gui.models import import_tasks
from gui.workers import Progress
from storage.plans import list_plans

RECEIVED = Path(__file__).resolve().parents[3] / "shared" / "samples" / "received"


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def errors(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *args: shown.append(text))
    return shown


def _dialogs(window) -> list[PlanImportDialog]:
    return [dialog for dialog in window.findChildren(PlanImportDialog) if dialog.isVisible()]


def test_a_dropped_signed_pdf_opens_the_preview_with_inferred_owners_tinted(window, context, errors):
    import_dropped_files(window, context, [next(RECEIVED.glob("10_*.pdf"))])
    assert errors == []
    [dialog] = _dialogs(window)
    model, delegate = dialog.task_page.model, dialog.task_page.inferred_delegate
    assert model.rowCount() > 0
    tinted = [
        model.index(row, import_tasks.COL_LEAD, parent)
        for parent in [model.index(r, 0) for r in range(model.rowCount())]
        for row in range(model.rowCount(parent))
        if delegate.is_tinted(model.index(row, import_tasks.COL_LEAD, parent))
    ]
    assert tinted, "owners read from the sentences or the issuer are tinted"
    assert any(line.startswith(("Suy ra từ câu", "Không nêu đơn vị")) for line in delegate.lines(tinted[0]))
    dialog.reject()
    assert list_plans(context.db) == []


def test_cancel_while_reading_opens_nothing_and_saves_nothing(window, context, monkeypatch, errors):
    pages_read: list[int] = []

    def reader(path, progress):
        for page in range(5):
            progress(page, 5, f"Đang đọc trang {page + 1}/5…")
            pages_read.append(page)
        raise AssertionError("the reader must have been stopped")

    report = Progress.report

    def user_cancels_on_page_two(self, done, total, text=""):
        report(self, done, total, text)
        if done == 1:
            self.cancel()  # «Hủy» pressed while page 2 is read

    monkeypatch.setattr(plan_import, "read_plan_file", reader)
    monkeypatch.setattr(Progress, "report", user_cancels_on_page_two)
    start_plan_import(window, context, path=next(RECEIVED.glob("10_*.pdf")))
    assert pages_read == [0]
    assert _dialogs(window) == [] and errors == []
    assert list_plans(context.db) == []


def test_a_file_that_cannot_be_read_gives_its_one_line_message(window, context, monkeypatch, errors):
    def refused(path, progress):
        raise PlanImportError("Không nhập được tệp quet.pdf: chưa cài Tesseract OCR với dữ liệu tiếng Việt.")

    monkeypatch.setattr(plan_import, "read_plan_file", refused)
    start_plan_import(window, context, path=next(RECEIVED.glob("11_*.pdf")))
    assert errors == ["Không nhập được tệp quet.pdf: chưa cài Tesseract OCR với dữ liệu tiếng Việt."]
    assert _dialogs(window) == []


def test_an_unsupported_or_multiple_drop_is_refused(window, context, tmp_path, errors):
    picture = tmp_path / "anh.png"
    picture.write_bytes(b"\x89PNG")
    import_dropped_files(window, context, [picture])
    import_dropped_files(window, context, [picture, picture])
    assert "anh.png" in errors[0] and "2 tệp" in errors[1]
    assert _dialogs(window) == []
