"""The results-import preview dialog and the export dialog, driven with real widgets offscreen."""


import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox

from core.exchange.template import write_template
from core.model import WorkState
from gui.dialogs.export_xlsx import ExportDialog
from gui.dialogs.results_import import REPORT_TASK, MaterialChangesModel, ResultsImportDialog
from gui.models.import_preview import ChangesModel, FilesModel, ProblemsModel
from storage import exchange
from storage.assignments import get_occurrence
from tests.fixtures.exchange_data import AS_OF, build_exchange_world


@pytest.fixture
def world(db):
    return build_exchange_world(db)


@pytest.fixture
def returned(db, world, tmp_path):
    """A folder as it arrives by email: two filled templates and a file that is not a workbook."""
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    for key, edits in (
        ("th", {"F7": "Hoàn thành", "H7": "20/06/2025", "I7": "Đã rà soát 12 phòng máy", "G8": 150}),
        ("mn", {"F7": "Đang thực hiện", "G7": "40", "I7": "Đã tập huấn giáo viên"}),
    ):
        units = exchange.template_units(db, world.plan.id, [world.units[key]], AS_OF)
        path = write_template(world.plan, units, folder / f"{key}.xlsx", as_of=AS_OF)
        workbook = load_workbook(path)
        for ref, value in edits.items():
            workbook["Nhiệm vụ"][ref] = value
        workbook.save(path)
    (folder / "bang-cu.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    return folder


def test_preview_models_hold_files_changes_and_problems(db, world, returned, qtbot):
    previews = exchange.preview_files(db, exchange.xlsx_files(returned))
    files, changes, problems = FilesModel(), ChangesModel(), ProblemsModel()
    for model in (files, changes, problems):
        QAbstractItemModelTester(model)
        model.set_previews(previews)
    assert files.rowCount() == 3
    refused = next(row for row in range(3) if files.index(row, FilesModel.COL_FILE).data() == "bang-cu.xlsx")
    assert files.index(refused, FilesModel.COL_STATE).data().startswith("Từ chối: định dạng Excel cũ")
    assert files.index(refused, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    fields = {
        (changes.index(row, ChangesModel.COL_FIELD).data(), changes.index(row, ChangesModel.COL_NEW).data())
        for row in range(changes.rowCount())
    }
    assert ("Trạng thái", "Hoàn thành") in fields and ("Tiến độ (%)", "40") in fields
    assert [problems.index(row, ProblemsModel.COL_COLUMN).data() for row in range(problems.rowCount())] == [
        "",
        "G «Tiến độ (%)»",
    ]  # the refused file, then the 150% row


def test_changes_model_shows_material_and_the_unit_report_readably(db, world, tmp_path, qtbot):
    units = exchange.template_units(db, world.plan.id, [world.units["th"]], AS_OF)
    path = write_template(world.plan, units, tmp_path / "th.xlsx", as_of=AS_OF)
    workbook = load_workbook(path)
    workbook["Nhiệm vụ"]["J7"] = "Thiếu kinh phí"
    workbook["Báo cáo chung"]["F7"] = "Đề nghị cấp máy"
    workbook.save(path)
    model = MaterialChangesModel()
    QAbstractItemModelTester(model)
    model.set_previews([exchange.preview_file(db, path)])
    rows = [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]
    assert [row[ChangesModel.COL_FIELD :] for row in rows] == [
        ("Khó khăn, vướng mắc / lý do chậm", "—", "Thiếu kinh phí", "7"),
        ("Đề xuất, kiến nghị", "—", "Đề nghị cấp máy", "7"),
    ]
    assert rows[0][ChangesModel.COL_TASK].startswith("II.1 ")
    assert (rows[1][ChangesModel.COL_TASK], rows[1][ChangesModel.COL_YEAR]) == (
        REPORT_TASK,
        "tháng 11 năm 2025",
    )


def test_folder_preview_then_confirm_writes_and_nothing_is_left(context, world, returned, qtbot, monkeypatch,
                                                                tmp_path_factory):
    dialog = ResultsImportDialog(context)
    qtbot.addWidget(dialog)
    assert not dialog.apply_button.isEnabled()
    assert "Chưa có tệp nào" in dialog.status_label.text()
    dialog.load_folder(returned)
    assert dialog.files_model.rowCount() == 3
    assert dialog.apply_button.isEnabled()
    summary = dialog.summary_edit.toPlainText()
    assert "Đơn vị đã báo cáo (2): Trường Mầm non Hoa Ban, Trường Tiểu học Sùng Phài" in summary
    assert "Đơn vị chưa báo cáo (2): Phòng Giáo dục và Đào tạo, Trường THCS San Thàng" in summary
    assert "bang-cu.xlsx: định dạng Excel cũ" in summary
    assert "Chưa ghi gì vào dữ liệu" in dialog.status_label.text()
    th_file = next(preview for preview in dialog.previews if preview.name == "th.xlsx")
    occurrence_id = th_file.changes[0].occurrence_id
    assert (
        get_occurrence(context.db, occurrence_id).state is WorkState.NOT_STARTED
    )  # previewing writes nothing

    shots = tmp_path_factory.mktemp("shots")  # to look at when it fails; never beside the data
    dialog.resize(1200, 760)
    assert dialog.grab().save(str(shots / "results_import.png"))

    changed: list[str] = []
    context.data_changed.connect(changed.append)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: messages.append(text))
    dialog.apply_button.click()
    assert messages == ["Đã ghi 2 thay đổi."]
    assert "progress" in changed
    assert get_occurrence(context.db, occurrence_id).state is WorkState.DONE
    assert not dialog.apply_button.isEnabled()  # read again: nothing left to import
    assert dialog.tabs.tabText(0) == "T&hay đổi (0)"

    dialog.tabs.setCurrentIndex(2)
    assert dialog.grab().save(str(shots / "results_import_after.png"))


def test_declining_the_confirmation_writes_nothing(context, world, returned, qtbot, monkeypatch):
    dialog = ResultsImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.load([returned / "mn.xlsx"])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    dialog.apply_button.click()
    change = dialog.previews[0].changes[0]
    assert get_occurrence(context.db, change.occurrence_id).state is WorkState.NOT_STARTED


def test_export_dialog_writes_one_template_per_unit(context, world, tmp_path, qtbot):
    context.select_plan(world.plan.id)
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("template"))
    assert dialog.units_list.count() == 4 and dialog.units_list.isEnabled()
    dialog.per_unit.setChecked(True)
    dialog.units_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.path_edit.setText(str(tmp_path / "gui-don-vi"))
    dialog.export()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert sorted(path.name for path in dialog.written) == [
        "Biểu mẫu - Trường Mầm non Hoa Ban - KH 367-KH-UBND.xlsx",
        "Biểu mẫu - Trường THCS San Thàng - KH 367-KH-UBND.xlsx",
        "Biểu mẫu - Trường Tiểu học Sùng Phài - KH 367-KH-UBND.xlsx",
    ]


def test_export_dialog_explains_what_is_missing(context, world, tmp_path, qtbot):
    context.select_plan(world.plan.id)
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("annex"))
    assert not dialog.units_list.isEnabled()
    assert dialog.path_edit.text().endswith("Phụ lục - KH 367-KH-UBND.xlsx")
    dialog.path_edit.setText(str(tmp_path / "khong-co" / "a.xlsx"))
    dialog.export()
    assert dialog.error_label.text().startswith("Không có thư mục")
    dialog.path_edit.setText(str(tmp_path / "phuluc.xlsx"))
    dialog.export()
    assert dialog.written == [tmp_path / "phuluc.xlsx"] and (tmp_path / "phuluc.xlsx").exists()
    dialog.resize(640, 540)
    assert dialog.grab().save(str(tmp_path / "export_xlsx.png"))


def test_main_window_offers_the_exchange_menu(context, qtbot, monkeypatch):
    from gui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "T&rao đổi")
    assert [action.text() for action in menu.actions()] == ["&Xuất bảng tính…", "&Nhập kết quả từ đơn vị…"]
    opened: list[object] = []
    monkeypatch.setattr(ResultsImportDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    for action in menu.actions():
        action.trigger()
    assert [type(dialog) for dialog in opened] == [ExportDialog, ResultsImportDialog]


def test_the_template_collects_for_the_period_picked_and_follows_the_date_until_then(
    context, world, tmp_path, qtbot
):
    from openpyxl import load_workbook
    from PySide6.QtCore import QDate

    from core.exchange.template import REPORT_SHEET

    context.select_plan(world.plan.id)
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("template"))
    assert dialog.period_picker.isEnabled()
    dialog.as_of_edit.setDate(QDate(2025, 11, 20))
    assert dialog.period().code == "2025-11"  # the month whose cut-off has just passed
    dialog.period_picker.choose("semester1", 2025)
    dialog.as_of_edit.setDate(QDate(2025, 12, 20))
    assert dialog.period().code == "2025-2026-HK1"  # picked by the user: the date no longer moves it
    dialog.path_edit.setText(str(tmp_path / "hk1.xlsx"))
    dialog.export()
    sheet = load_workbook(tmp_path / "hk1.xlsx")[REPORT_SHEET]
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "2025-2026-HK1" in values
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("annex"))
    assert not dialog.period_picker.isEnabled()


def test_the_summary_lists_each_files_notes():
    from pathlib import Path

    from core.exchange.preview import FilePreview
    from gui.dialogs.results_import import summary_text

    noted = FilePreview(Path("th.xlsx"), 1, "05/KH", notes=("ngày lập biểu mẫu … bị sửa hỏng",))
    plain = FilePreview(Path("mn.xlsx"), 1, "05/KH")
    text = summary_text(None, [plain, noted])
    assert text.endswith("Lưu ý (1):\n  • th.xlsx: ngày lập biểu mẫu … bị sửa hỏng")
    assert "Lưu ý" not in summary_text(None, [plain])
