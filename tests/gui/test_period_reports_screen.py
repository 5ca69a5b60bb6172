"""The «Báo cáo theo kỳ» screen driven through its widgets: a report drafted for a period, edited,
previewed with the edits, saved, kept when leaving, issued and frozen, written to Word."""

from __future__ import annotations

import io
from datetime import date

import docx
import pdfplumber
import pytest
from PySide6.QtWidgets import QFileDialog

from core.periods import parse_period
from gui import questions
from gui.main_window import MainWindow
from gui.views.period_reports.issue_report import IssueReportDialog
from gui.views.period_reports.list_model import DRAFT
from gui.views.period_reports.new_report import NewReportDialog
from gui.views.period_reports.screen import EMPTY_LIST, PeriodReportsScreen, file_stem
from storage.report_documents import draft_report, get_report, list_reports, save_report
from tests.fixtures.report_world import build_report_world

Q2 = parse_period("2025-Q2")


@pytest.fixture
def world(context):
    return build_report_world(context.db)


@pytest.fixture
def screen(qtbot, context):
    widget = PeriodReportsScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 820)
    widget.show()
    return widget


@pytest.fixture
def answers(monkeypatch):
    """The answers the screen's questions get, in order; each question asked is kept in `asked`."""
    given: list[str] = []
    asked: list[str] = []

    def ask(parent, title, text, choices, default, escape, icon=None):
        asked.append(text)
        return given.pop(0)

    monkeypatch.setattr(questions, "ask", ask)
    return given, asked


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def keep(context, plan_id: int, period=Q2) -> int:
    return save_report(context.db, draft_report(context.db, "ket_qua", [plan_id], period)).id


def section_text(report, key: str) -> str:
    return next(section.text for section in report.sections if section.key == key)


def test_with_no_report_the_list_says_how_to_begin_and_nothing_can_be_edited(screen):
    assert screen.title == "Báo cáo theo kỳ"
    assert screen.empty_label.isVisible() and screen.empty_label.text() == EMPTY_LIST
    assert not screen.editor.isEnabled()
    for button in (screen.save_button, screen.delete_button, screen.issue_button, screen.preview_button,
                   screen.print_button, screen.pdf_button, screen.word_button):  # fmt: skip
        assert not button.isEnabled()
    assert screen.new_button.isEnabled()


def test_the_new_report_dialog_drafts_and_keeps_a_report_for_the_period_picked(qtbot, context, world):
    _, plan, _ = world
    dialog = NewReportDialog(context, today=date(2025, 6, 20))
    qtbot.addWidget(dialog)
    # After the 14th a month's work counts in the next: on 20 June the next cut-off is quý III.
    assert dialog.period().code == "2025-Q3"
    dialog.choose_period("semester1", 2025)
    assert "học kỳ I năm học 2025-2026" in dialog.label_preview.text()
    dialog.choose_period("quarter", 2025, 2)
    assert "từ 15/03/2025 đến hết 14/06/2025" in dialog.label_preview.text()
    assert dialog.plan_ids() == [plan.id]
    dialog.request_edit.setText("Thực hiện Công văn số 12/SGDĐT về việc báo cáo")
    dialog.accept()
    stored = get_report(context.db, dialog.created_id)
    assert (stored.period.code, stored.period.start, stored.period.end) == ("2025-Q2", date(2025, 3, 15),
                                                                            date(2025, 6, 14))
    assert stored.request == "Thực hiện Công văn số 12/SGDĐT về việc báo cáo" and not stored.issued
    assert [s.key for s in stored.sections][:2] == ["direction", "results"]


def test_a_report_with_no_plan_ticked_is_refused_with_a_message(qtbot, context, world, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    dialog = NewReportDialog(context)
    qtbot.addWidget(dialog)
    dialog.plan_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.accept()
    assert dialog.created_id is None and shown == ["Hãy đánh dấu ít nhất một kế hoạch để báo cáo."]
    assert list_reports(context.db) == []


def test_an_edited_section_prints_in_the_preview_before_saving_and_stays_after(qtbot, context, world, screen):
    _, plan, _ = world
    report_id = keep(context, plan.id)
    screen.reload(select_id=report_id)
    assert screen.model.rowCount() == 1 and screen.model.index(0, 3).data() == DRAFT
    assert screen.editor.isEnabled() and not screen.save_button.isEnabled()
    screen.editor.set_section_text("results", "- Trường A đã tổ chức 12 chuyên đề cấp trường.")
    assert screen.dirty and screen.save_button.isEnabled() and "chưa lưu" in screen.status_label.text()
    screen.preview_button.click()
    assert screen.pdf is not None and "Trường A đã tổ chức 12 chuyên đề cấp trường." in pdf_text(screen.pdf)
    assert section_text(get_report(context.db, report_id), "results") != (
        "- Trường A đã tổ chức 12 chuyên đề cấp trường."
    )
    assert screen.save()
    assert not screen.dirty and not screen.save_button.isEnabled()
    again = PeriodReportsScreen(context)
    qtbot.addWidget(again)
    assert again.editor.section("results").text_edit.toPlainText() == (
        "- Trường A đã tổ chức 12 chuyên đề cấp trường."
    )


def test_leaving_a_report_with_edits_asks_and_cancel_keeps_them(context, world, screen, answers):
    given, asked = answers
    _, plan, _ = world
    older = keep(context, plan.id, parse_period("2025-Q1"))
    newer = keep(context, plan.id)
    screen.reload(select_id=newer)
    screen.editor.title_edit.setText("Trích yếu đã sửa")
    screen.editor.title_edit.textEdited.emit("Trích yếu đã sửa")
    assert screen.dirty
    given.append("cancel")
    screen.table.selectRow(screen.model.row_of(older))
    assert screen.report().id == newer and screen.dirty
    assert screen.editor.title_edit.text() == "Trích yếu đã sửa"
    assert screen.table.currentIndex().row() == screen.model.row_of(newer)
    given.append("discard")
    screen.table.selectRow(screen.model.row_of(older))
    assert screen.report().id == older and not screen.dirty
    assert get_report(context.db, newer).title != "Trích yếu đã sửa"
    assert len(asked) == 2 and "Lưu các thay đổi" in asked[0]


def test_saving_when_asked_on_leaving_stores_the_edits(context, world, screen, answers):
    given, _ = answers
    _, plan, _ = world
    older = keep(context, plan.id, parse_period("2025-Q1"))
    newer = keep(context, plan.id)
    screen.reload(select_id=newer)
    screen.editor.set_section_text("proposals", "Đề nghị Sở bổ sung kinh phí.")
    given.append("save")
    screen.select_report(older)
    assert screen.report().id == older
    assert section_text(get_report(context.db, newer), "proposals") == "Đề nghị Sở bổ sung kinh phí."


def test_the_main_window_will_not_close_over_unsaved_report_edits(qtbot, context, world, answers):
    given, _ = answers
    _, plan, _ = world
    report_id = keep(context, plan.id)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.show_screen("period_reports")
    screen = window.screens["period_reports"]
    screen.reload(select_id=report_id)
    screen.editor.set_section_text("results", "Chưa lưu")
    given.append("cancel")
    assert not window.close() and window.isVisible()
    given.append("discard")
    assert window.close()


def test_an_issued_report_is_numbered_frozen_and_reprints_the_same(qtbot, context, world, screen):
    _, plan, _ = world
    report_id = keep(context, plan.id)
    screen.reload(select_id=report_id)
    dialog = IssueReportDialog(context.db, screen.report(), screen, today=date(2025, 6, 20))
    qtbot.addWidget(dialog)
    dialog.number_edit.setText("05")
    dialog.accept()
    assert dialog.issued is not None and dialog.issued.issued
    screen.reload(select_id=report_id)
    assert screen.model.index(0, 3).data() == "Số 05, ngày 20/06/2025"
    assert screen.editor.title_edit.isReadOnly() and screen.editor.section("results").text_edit.isReadOnly()
    for button in (screen.save_button, screen.refresh_button, screen.issue_button, screen.delete_button):
        assert not button.isEnabled()
    assert "Đã ban hành số 05" in screen.status_label.text()
    screen.show_preview()
    first = pdf_text(screen.pdf)
    screen.show_preview()
    assert pdf_text(screen.pdf) == first and "Số: 05" in first
    assert file_stem(screen.report()) == "bao-cao-so-05-2025-Q2"


def test_a_section_written_again_from_the_data_replaces_it_after_asking(context, world, screen, answers):
    given, asked = answers
    _, plan, _ = world
    report_id = keep(context, plan.id)
    screen.reload(select_id=report_id)
    drafted = screen.editor.section("results").text_edit.toPlainText()
    screen.editor.set_section_text("results", "Văn bản tạm")
    given.append("no")
    screen.redraft("results")
    assert screen.editor.section("results").text_edit.toPlainText() == "Văn bản tạm"
    given.append("yes")
    screen.redraft("results")
    assert screen.editor.section("results").text_edit.toPlainText() == drafted
    assert "Thay nội dung phần" in asked[0] and screen.dirty


def test_the_report_is_written_to_word_with_its_edits(context, world, screen, tmp_path, monkeypatch):
    _, plan, _ = world
    screen.reload(select_id=keep(context, plan.id))
    screen.editor.set_section_text("next", "- Tổ chức hội nghị sơ kết học kỳ I.")
    target = tmp_path / "bao-cao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    screen.save_word()
    written = tmp_path / "bao-cao.docx"
    text = "\n".join(paragraph.text for paragraph in docx.Document(str(written)).paragraphs)
    assert "Tổ chức hội nghị sơ kết học kỳ I." in text and "BÁO CÁO" in text
    assert f"Đã lưu {written}" in screen.status_label.text()


def test_deleting_a_draft_asks_first_and_removes_it(context, world, screen, answers):
    given, _ = answers
    _, plan, _ = world
    screen.reload(select_id=keep(context, plan.id))
    given.append("no")
    screen.delete_report()
    assert len(list_reports(context.db)) == 1
    given.append("yes")
    screen.delete_report()
    assert list_reports(context.db) == [] and screen.report() is None and screen.empty_label.isVisible()


def test_the_previewed_pdf_is_saved_whole(context, world, screen, tmp_path, monkeypatch):
    _, plan, _ = world
    screen.reload(select_id=keep(context, plan.id))
    assert not screen.pdf_button.isEnabled()  # nothing previewed yet
    screen.show_preview()
    folder = tmp_path / "gui-di"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(folder / "quy-2"), ""))
    screen.pdf_button.click()
    written = folder / "quy-2.pdf"
    assert written.read_bytes() == screen.pdf and [p.name for p in folder.iterdir()] == [written.name]


def test_phu_luc_i_prints_short_titles_unless_the_whole_text_is_asked_for(context, world, screen):
    import dataclasses

    from storage.tasks import list_tasks, save_task

    _, plan, _ = world
    long_text = "Rà soát, sắp xếp mạng lưới trường lớp " + "và các điểm trường lẻ " * 20 + "ở vùng khó khăn."
    task = next(row.task for row in list_tasks(context.db, plan.id) if row.task.kind.value == "task")
    save_task(context.db, dataclasses.replace(task, content=long_text))
    screen.reload(select_id=keep(context, plan.id))
    assert not screen.editor.full_text_check.isChecked()
    screen.show_preview()
    short = pdf_text(screen.pdf).replace("\n", " ")
    assert "ở vùng khó khăn." not in short and "Rà soát, sắp xếp mạng lưới trường lớp" in short
    screen.editor.full_text_check.setChecked(True)
    assert screen.dirty
    screen.show_preview()
    assert "ở vùng khó khăn." in pdf_text(screen.pdf).replace("\n", " ")
    assert screen.save()
    assert PeriodReportsScreen(context).editor.full_text_check.isChecked()  # kept with the report
