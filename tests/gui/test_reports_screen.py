"""The 'Báo cáo' screen and the office identity dialog, driven through their widgets offscreen."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.dialogs.office_settings import OfficeSettingsDialog
from gui.main_window import MainWindow
from gui.views.reports import ALL_PLANS, ALL_UNITS, EMPTY_PREVIEW, NO_PLANS, ReportsScreen
from storage.settings import get_setting
from tests.test_report_fixtures import AS_OF, OFFICE, build_sample


@pytest.fixture
def sample(context):
    return build_sample(context.db)


@pytest.fixture
def screen(qtbot, context, sample):
    widget = ReportsScreen(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


def choose(screen: ReportsScreen, kind: str, *, plan_id=None, unit_id=None, as_of: date = AS_OF) -> None:
    screen.kind_combo.setCurrentIndex(screen.kind_combo.findData(kind))
    if plan_id is not None:
        screen.plan_combo.setCurrentIndex(screen.plan_combo.findData(plan_id))
    if unit_id is not None:
        screen.unit_combo.setCurrentIndex(screen.unit_combo.findData(unit_id))
    screen.as_of_edit.setDate(QDate(as_of.year, as_of.month, as_of.day))


def first_page_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].extract_text()


def test_the_preview_starts_empty_and_print_and_save_wait_for_a_report(screen):
    assert screen.title == "Báo cáo"
    assert screen.preview.empty_label.text() == EMPTY_PREVIEW
    assert not screen.print_button.isEnabled() and not screen.save_button.isEnabled()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("plan", ["KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN"]),
        ("progress", ["BÁO CÁO", "Tỷ lệ hoàn thành: 66,67%"]),
        ("deadlines", ["DANH SÁCH", "(Tính đến ngày 10 tháng 7 năm 2025)"]),
        ("assignment", ["PHIẾU GIAO NHIỆM VỤ", "Đơn vị: Phòng Nội vụ"]),
    ],
)
def test_each_report_generates_in_the_background_and_shows_its_pages(screen, sample, kind, expected):
    choose(screen, kind, plan_id=sample.plan.id, unit_id=sample.units["Phòng Nội vụ"].id)
    screen.generate_button.click()
    assert screen.pdf is not None and screen.pdf.startswith(b"%PDF")
    assert len(screen.preview.page_views) == len(screen.preview.pages) >= 1
    assert screen.print_button.isEnabled() and screen.save_button.isEnabled()
    text = first_page_text(screen.pdf)
    for phrase in expected:
        assert phrase in text
    assert "trang" in screen.status_label.text()


def test_every_plan_and_every_unit_are_choices_only_where_the_report_allows(screen, sample):
    choose(screen, "deadlines")
    assert screen.plan_combo.itemText(0) == ALL_PLANS and screen.unit_combo.itemText(0) == ALL_UNITS
    assert screen.unit_combo.isEnabled() and screen.as_of_edit.isEnabled()
    choose(screen, "plan")
    assert screen.plan_combo.findText(ALL_PLANS) == -1 and not screen.unit_combo.isEnabled()
    assert not screen.as_of_edit.isEnabled() and not screen.number_edit.isEnabled()
    choose(screen, "assignment")
    assert screen.unit_combo.findText(ALL_UNITS) == -1


def test_signer_and_recipients_start_from_the_defaults_and_can_change_for_one_report(screen, context, sample):
    choose(screen, "progress", plan_id=sample.plan.id)
    assert screen.letterhead_form.name_edit.text() == OFFICE["signer.name"]
    choose(screen, "plan", plan_id=sample.plan.id)
    assert screen.letterhead_form.name_edit.text() == "Nguyễn Văn An"  # the plan's own signer
    choose(screen, "progress", plan_id=sample.plan.id)
    screen.letterhead_form.name_edit.setText("Đỗ Thị Hồng")
    screen.letterhead_form.title_edit.setText("Phó Trưởng phòng")
    screen.letterhead_form.authority_edit.setPlainText("KT. TRƯỞNG PHÒNG")
    screen.number_edit.setText("5")
    screen.date_check.setChecked(True)
    screen.date_edit.setDate(QDate(2025, 7, 11))
    screen.generate()
    pages = pdfplumber.open(io.BytesIO(screen.pdf)).pages
    text = pages[0].extract_text()
    for phrase in (
        "Số: 05/BC-PGDĐT",
        "ngày 11 tháng 7 năm 2025",
        "KT. TRƯỞNG PHÒNG",
        "PHÓ TRƯỞNG PHÒNG",
        "Đỗ Thị Hồng",
    ):
        assert phrase in text
    assert get_setting(context.db, "signer.name") == OFFICE["signer.name"]  # the defaults are unchanged
    screen.defaults_button.click()
    assert screen.letterhead_form.name_edit.text() == OFFICE["signer.name"]


def test_a_report_that_needs_a_plan_says_so_when_there_is_none(qtbot, context, monkeypatch):
    widget = ReportsScreen(context)
    qtbot.addWidget(widget)
    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(text))
    choose(widget, "progress")
    assert widget.hint_label.text() == NO_PLANS
    widget.generate()
    assert errors == [NO_PLANS] and widget.pdf is None


def test_save_writes_the_previewed_pdf(screen, sample, tmp_path, monkeypatch):
    choose(screen, "deadlines")
    screen.generate()
    target = tmp_path / "danh-sach"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    screen.save_button.click()
    assert (tmp_path / "danh-sach.pdf").read_bytes() == screen.pdf
    assert "Đã lưu" in screen.status_label.text()


def test_save_word_writes_the_same_report_as_a_docx(screen, sample, tmp_path, monkeypatch):
    from docx import Document

    assert not screen.word_button.isEnabled()  # nothing previewed yet
    choose(screen, "progress", plan_id=sample.plan.id)
    screen.generate()
    target = tmp_path / "bao-cao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    screen.word_button.click()
    saved = tmp_path / "bao-cao.docx"
    text = "\n".join(p.text for p in Document(str(saved)).paragraphs)
    assert "BÁO CÁO" in text and "Kết quả thực hiện" in text
    assert screen.status_label.text() == f"Đã lưu {saved}"


def test_printing_sends_every_page_on_a4_portrait_sheets(screen, sample, tmp_path, monkeypatch):
    choose(screen, "progress", plan_id=sample.plan.id)
    screen.generate()
    output = tmp_path / "in.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        printer.setResolution(96)
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    screen.print_button.click()
    printed = pdfplumber.open(output)
    assert len(printed.pages) == len(screen.preview.pages) == 4
    for page in printed.pages:
        assert (round(page.width), round(page.height)) == (595, 842)  # landscape annexes turned onto A4
    assert screen.status_label.text() == "Đã gửi 4 trang tới máy in."


def test_office_settings_dialog_saves_the_defaults_together(qtbot, context):
    dialog = OfficeSettingsDialog(context.db)
    qtbot.addWidget(dialog)
    dialog.form.issuing_edit.setText("Phòng Văn hóa - Xã hội")
    dialog.form.abbreviation_edit.setText("VHXH")
    dialog.form.authority_edit.setPlainText("KT. TRƯỞNG PHÒNG\n\n")
    dialog.form.recipients_edit.setPlainText("Như trên;\nLưu: VT, VHXH.")
    dialog.margin_spins["margins.left"].setValue(40)  # clamped to the decree's 35 mm
    dialog.warn_spin.setValue(10)
    dialog.accept()
    assert dialog.result() == OfficeSettingsDialog.DialogCode.Accepted
    assert get_setting(context.db, "office.issuing_body") == "Phòng Văn hóa - Xã hội"
    assert get_setting(context.db, "signer.authority") == ["KT. TRƯỞNG PHÒNG"]
    assert get_setting(context.db, "recipients") == ["Như trên;", "Lưu: VT, VHXH."]
    assert get_setting(context.db, "margins.left") == 35 and get_setting(context.db, "warn_days") == 10


def test_cancelling_the_office_dialog_changes_nothing(qtbot, context):
    dialog = OfficeSettingsDialog(context.db)
    qtbot.addWidget(dialog)
    dialog.form.place_edit.setText("Sìn Hồ")
    dialog.reject()
    assert get_setting(context.db, "office.place") == ""


def test_main_window_mounts_the_screen_and_opens_office_settings_from_the_menu(qtbot, context, monkeypatch):
    window = MainWindow(context)
    qtbot.addWidget(window)
    reports = window.screens["reports"]
    assert isinstance(reports, ReportsScreen)
    choose(reports, "deadlines")
    opened = []

    def fill(dialog: OfficeSettingsDialog) -> int:
        dialog.form.place_edit.setText("Phong Thổ")
        dialog.accept()
        opened.append(dialog)
        return dialog.result()

    monkeypatch.setattr(OfficeSettingsDialog, "exec", fill)
    action = next(
        a for a in window.findChildren(type(window.open_action)) if a.text() == "Thông tin đơn &vị…"
    )
    action.trigger()
    assert opened and get_setting(context.db, "office.place") == "Phong Thổ"
    assert reports.letterhead_form.place_edit.text() == "Phong Thổ"  # the screen follows the new defaults


def test_a_margin_saved_outside_the_decree_still_opens_the_dialog_to_fix_it(qtbot, context):
    context.db.execute("INSERT INTO settings (key, value) VALUES ('margins.left', '25')")
    dialog = OfficeSettingsDialog(context.db)
    qtbot.addWidget(dialog)
    assert dialog.margin_spins["margins.left"].value() == 30
    assert "Lề trái (mm)" in dialog.error_label.text() and not dialog.error_label.isHidden()
    dialog.accept()
    assert get_setting(context.db, "margins.left") == 30
