"""Our office through the GUI: the first-start page of a new file, the office dialog, the warning
the reports screen gives while the office is not filled in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel

from core.office import Office, missing_office_warning
from core.reports.data import Signer
from gui.dialogs.first_start import FirstStartDialog
from gui.dialogs.office_settings import OfficeSettingsDialog
from gui.main_window import MainWindow
from gui.views.reports import ReportsScreen
from storage.office import get_office, save_office
from storage.plans import list_plans
from storage.settings import all_settings
from storage.units import list_units

NAME = "Phòng Giáo dục và Đào tạo huyện Phong Thổ"


def _dialog(qtbot, cls, db):
    dialog = cls(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type(qtbot, widget, text: str) -> None:
    """Key presses carrying each character; QTest itself aborts on a letter outside ASCII."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def _type_office(qtbot, form) -> None:
    """Fill the office form from the keyboard, as a clerk would."""
    _type(qtbot, form.issuing_edit, NAME)
    qtbot.keyClicks(form.kind_combo, "Ph")  # a closed combo box jumps to the item typed
    _type(qtbot, form.parent_edit, "UBND huyện Phong Thổ")
    _type(qtbot, form.place_edit, "Phong Thổ")
    _type(qtbot, form.abbreviation_edit, "PGDĐT")
    _type(qtbot, form.title_edit, "TRƯỞNG PHÒNG")
    _type(qtbot, form.name_edit, "Lò Văn Minh")
    _type(qtbot, form.recipients_edit, "Như trên;")
    qtbot.keyClick(form.recipients_edit, Qt.Key.Key_Return)
    _type(qtbot, form.recipients_edit, "Lưu: VT, PGDĐT.")


def test_the_typed_office_is_saved_with_its_unit_in_the_directory_on_bat_dau(qtbot, db):
    dialog = _dialog(qtbot, FirstStartDialog, db)
    assert dialog.windowTitle() == "Thông tin đơn vị của bạn"
    _type_office(qtbot, dialog.form)
    assert dialog.form.kind_combo.currentText() == "Phòng, ban chuyên môn"
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    office = get_office(db)
    assert (office.name, office.kind_code, office.parent_body) == (NAME, "phong_ban", "UBND huyện Phong Thổ")
    assert (office.place, office.symbol) == ("Phong Thổ", "PGDĐT")
    assert office.signer == Signer((), "TRƯỞNG PHÒNG", "Lò Văn Minh")
    assert office.recipients == ("Như trên;", "Lưu: VT, PGDĐT.")
    [unit] = list_units(db)
    assert (unit.name, unit.kind_code, unit.id) == (NAME, "phong_ban", office.unit_id)
    assert missing_office_warning(office) == ""


def test_enter_in_a_field_starts_and_saves(qtbot, db):
    dialog = _dialog(qtbot, FirstStartDialog, db)
    _type(qtbot, dialog.form.issuing_edit, "Trường THCS Mường So")
    qtbot.keyClick(dialog.form.issuing_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_office(db).name == "Trường THCS Mường So"
    assert [unit.name for unit in list_units(db)] == ["Trường THCS Mường So"]


def test_bo_qua_saves_nothing_and_still_reports_the_demo_choice(qtbot, db):
    before = all_settings(db)
    dialog = _dialog(qtbot, FirstStartDialog, db)
    assert not dialog.wants_demo_data()  # unchecked until the clerk asks for it
    _type_office(qtbot, dialog.form)
    qtbot.keyClick(dialog.demo_check, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.form.place_edit, Qt.Key.Key_Escape)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.wants_demo_data()
    assert all_settings(db) == before
    assert get_office(db) == Office()
    assert list_units(db) == []


def test_a_new_data_file_opens_the_first_start_page_and_loads_the_demo_data_when_ticked(
    qtbot, tmp_path, context, monkeypatch
):
    window = MainWindow(context)
    qtbot.addWidget(window)
    shown: list[FirstStartDialog] = []

    def skip_with_demo(dialog: FirstStartDialog) -> int:
        shown.append(dialog)
        dialog.demo_check.setChecked(True)
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", skip_with_demo)
    assert window.open_database(tmp_path / "moi.sqlite3")
    assert len(shown) == 1
    assert len(list_plans(window.context.db)) == 5  # the five sample documents
    assert get_office(window.context.db) == Office()


def test_a_new_data_file_stays_empty_when_the_demo_box_is_left_unticked(
    qtbot, tmp_path, context, monkeypatch
):
    window = MainWindow(context)
    qtbot.addWidget(window)

    def start(dialog: FirstStartDialog) -> int:
        dialog.form.issuing_edit.setText("UBND xã Sì Lở Lầu")
        dialog.form.kind_combo.setCurrentIndex(dialog.form.kind_combo.findData("ubnd_xa"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", start)
    assert window.open_database(tmp_path / "moi.sqlite3")
    db = window.context.db
    assert list_plans(db) == []
    assert [(unit.name, unit.kind_code) for unit in list_units(db)] == [("UBND xã Sì Lở Lầu", "ubnd_xa")]
    # the units screen shows our unit without a restart
    assert window.screens["units"].model.rowCount() == 1


def test_the_office_dialog_saves_the_kind_and_the_unit(qtbot, db):
    dialog = _dialog(qtbot, OfficeSettingsDialog, db)
    assert dialog.windowTitle() == "Thông tin đơn vị"
    _type_office(qtbot, dialog.form)
    dialog.form.kind_combo.setCurrentIndex(dialog.form.kind_combo.findData("thcs"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_office(db).kind_code == "thcs"
    assert [(unit.name, unit.kind_code) for unit in list_units(db)] == [(NAME, "thcs")]


def test_the_office_dialog_shows_the_stored_office(qtbot, db):
    save_office(db, Office(name=NAME, kind_code="phong_ban", place="Phong Thổ"))
    dialog = _dialog(qtbot, OfficeSettingsDialog, db)
    assert dialog.form.issuing_edit.text() == NAME
    assert dialog.form.kind_combo.currentData() == "phong_ban"
    assert dialog.form.place_edit.text() == "Phong Thổ"


def test_a_refused_value_leaves_the_office_its_unit_and_every_setting_unchanged(qtbot, db):
    save_office(db, Office(name=NAME, kind_code="phong_ban", place="Phong Thổ", symbol="PGDĐT"))
    before, units_before = all_settings(db), list_units(db)
    dialog = _dialog(qtbot, OfficeSettingsDialog, db)
    dialog.form.issuing_edit.setText("Phòng Văn hóa - Xã hội")
    dialog.form.kind_combo.setCurrentIndex(dialog.form.kind_combo.findData("khac"))
    dialog.form.place_edit.setText("Sìn Hồ")
    dialog.warn_spin.setValue(10)
    # The spin box keeps to the decree's range; widen it to hand the store a margin it refuses,
    # after the office (and its unit) would already have been written.
    spin = dialog.margin_spins["margins.left"]
    spin.setRange(0, 99)
    spin.setValue(99)
    dialog.accept()

    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert "Lề trái" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert all_settings(db) == before
    assert list_units(db) == units_before


def test_an_unknown_kind_is_refused_with_a_message_and_nothing_saved(qtbot, db):
    before = all_settings(db)
    dialog = _dialog(qtbot, FirstStartDialog, db)
    dialog.form.issuing_edit.setText(NAME)
    dialog.form.kind_combo.addItem("Loại đã bị xóa", "da_xoa")
    dialog.form.kind_combo.setCurrentIndex(dialog.form.kind_combo.count() - 1)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "da_xoa" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert all_settings(db) == before and list_units(db) == []


@pytest.fixture
def reports(qtbot, context):
    screen = ReportsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    return screen


def test_the_reports_screen_warns_while_the_office_is_missing_and_not_once_it_is_filled(
    qtbot, context, reports, monkeypatch
):
    reports.kind_combo.setCurrentIndex(reports.kind_combo.findData("deadlines"))
    bar = reports.office_warning
    assert bar.isVisible()
    assert bar.label.text().startswith("Chưa có thông tin đơn vị")
    assert "Tệp → Thông tin đơn vị…" in bar.label.text()

    def fill(dialog: OfficeSettingsDialog) -> int:
        dialog.form.issuing_edit.setText(NAME)
        dialog.form.place_edit.setText("Phong Thổ")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(OfficeSettingsDialog, "exec", fill)
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert bar.isVisible()  # still lacks the abbreviation and the signer
    assert bar.label.text() == (
        "Thông tin đơn vị còn thiếu chữ viết tắt, chức vụ người ký, họ tên người ký. "
        "Vào Tệp → Thông tin đơn vị… để điền."
    )
    assert reports.letterhead_form.issuing_edit.text() == NAME  # the report follows the new office

    signer = Signer((), "TRƯỞNG PHÒNG", "Lò Văn Minh")
    save_office(context.db, Office(name=NAME, place="Phong Thổ", symbol="PGDĐT", signer=signer))
    context.changed("settings")
    assert not bar.isVisible()


def test_a_report_is_still_made_while_the_office_is_missing(qtbot, reports):
    reports.kind_combo.setCurrentIndex(reports.kind_combo.findData("deadlines"))
    reports.generate()
    assert reports.pdf is not None and reports.print_button.isEnabled()
    assert reports.office_warning.isVisible()


@pytest.mark.parametrize("cls", [FirstStartDialog, OfficeSettingsDialog])
def test_every_alt_key_of_the_office_dialogs_is_used_once(qtbot, db, cls):
    dialog = _dialog(qtbot, cls, db)
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    keys = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(keys) >= 10 and all(key.isascii() for key in keys)  # a key one can press
    assert sorted(keys) == sorted(set(keys))
