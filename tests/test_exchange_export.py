"""Exported workbooks look like a clerk made them, and user text never becomes a formula."""

import zipfile

import pytest
from openpyxl import load_workbook

from core.exchange.annex import ANNEX_HEADERS, write_annex
from core.exchange.progress import write_progress
from core.exchange.template import (
    GUIDE_SHEET,
    META_SHEET,
    REPORT_SHEET,
    TARGET_COLUMNS,
    TARGET_SHEET,
    TASK_COLUMNS,
    combine_result,
    split_result,
    template_file_name,
    write_template,
)
from core.model import WorkState
from core.status import DeadlineStatus
from storage import exchange
from storage.assignments import list_assignments, list_occurrences, record_progress
from tests.fixtures.exchange_data import AS_OF, build_exchange_world


@pytest.fixture
def world(db):
    return build_exchange_world(db)


def _cells(sheet):
    return {(cell.row, cell.column): cell for row in sheet.iter_rows() for cell in row}


def test_annex_has_title_block_header_and_bold_section_rows(db, world, tmp_path):
    path = write_annex(world.plan, exchange.annex_rows(db, world.plan.id), tmp_path / "annex.xlsx")
    sheet = load_workbook(path)["Phụ lục"]
    assert sheet["A1"].value == "Phụ lục"
    assert "A1:E1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A3"].value.startswith("(Kèm theo Kế hoạch số 367/KH-UBND ngày 05 tháng 01 năm 2025")
    assert sheet["A3"].font.i
    assert tuple(cell.value for cell in sheet[5]) == ANNEX_HEADERS
    assert (sheet["A6"].value, sheet["B6"].value) == ("II", "NHIỆM VỤ VÀ GIẢI PHÁP")
    assert sheet["B6"].font.b and not sheet["B7"].font.b
    assert sheet["B7"].value == "Rà soát hạ tầng công nghệ thông tin các trường học"
    assert sheet["C7"].value == "Phòng Giáo dục và Đào tạo"
    assert sheet["D7"].value == "Trường Tiểu học Sùng Phài, Trường THCS San Thàng"
    assert sheet["E7"].value == "Trước 30/6/2025"
    body = sheet["B7"]
    assert body.font.name == "Times New Roman"
    assert body.alignment.wrap_text
    assert body.border.left.style == body.border.bottom.style == "thin"


def test_annex_prints_a4_landscape_fitted_to_width_with_repeated_header(db, world, tmp_path):
    path = write_annex(
        world.plan,
        exchange.annex_rows(db, world.plan.id),
        tmp_path / "annex.xlsx",
        margins_mm=(20, 20, 30, 15),
    )
    sheet = load_workbook(path)["Phụ lục"]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_margins.left == pytest.approx(30 / 25.4)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert sum(widths) == pytest.approx(130, abs=0.1)  # the usable width of A4 landscape


def test_progress_workbook_has_summary_tasks_and_targets_sheets(db, world, tmp_path):
    occurrence = list_occurrences(db, list_assignments(db, world.tasks["survey"])[0].assignment.id)[0]
    record_progress(
        db, occurrence.id, WorkState.DONE, 100, AS_OF.replace(month=6, day=1), "Đã rà soát 51 trường"
    )
    report = exchange.progress_report(db, world.plan.id, AS_OF)
    # Lead units only: the survey (done), the yearly 2025 round and "Năm 2025" for two units each
    # (due 31/12, still in time), the ongoing task (no deadline).
    assert {status: count for status, count in report.counts.items() if count} == {
        DeadlineStatus.DONE_ON_TIME: 1,
        DeadlineStatus.IN_PROGRESS: 4,
        DeadlineStatus.NO_DEADLINE: 1,
    }
    path = write_progress(report, tmp_path / "progress.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Tổng hợp", "Nhiệm vụ", "Chỉ tiêu"]
    summary = workbook["Tổng hợp"]
    labels = {
        summary.cell(row=row, column=2).value: summary.cell(row=row, column=3).value for row in range(6, 14)
    }
    assert labels["Hoàn thành đúng hạn"] == 1
    texts = [cell.value for row in summary.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(text.startswith("Tỷ lệ hoàn thành") and "100%" in text for text in texts)
    tasks = workbook["Nhiệm vụ"]
    rows = [tuple(cell.value for cell in row) for row in tasks.iter_rows(min_row=6)]
    done = next(row for row in rows if row[0] == "II.1")
    assert done[2] == "Phòng Giáo dục và Đào tạo" and done[6] == "Hoàn thành đúng hạn" and done[7] == 100
    assert done[8] == "Đã rà soát 51 trường"
    targets = workbook["Chỉ tiêu"]
    assert targets["B6"].value == "41/51 trường đạt chuẩn quốc gia, tỷ lệ 80,39%"
    assert targets["C6"].value == "41/51 (80,39%)"
    assert targets["E5"].value == "So với kế hoạch (%)"


def test_the_progress_workbook_judges_a_target_by_its_deadline(db, world, tmp_path):
    from core.model import IndicatorValue
    from storage.indicators import list_indicators, record_indicator_value

    target = list_indicators(db, world.plan.id)[0]
    record_indicator_value(db, IndicatorValue(target.id, "2025", numerator=30, denominator=51))
    before_end = exchange.progress_report(db, world.plan.id, AS_OF).targets[0]
    after_end = exchange.progress_report(db, world.plan.id, AS_OF.replace(year=2026)).targets[0]
    assert (before_end.actual, before_end.met) == ("30/51 (58,82%)", False)
    assert before_end.verdict == "Đang thực hiện"
    assert after_end.verdict == "Chưa đạt"
    path = write_progress(exchange.progress_report(db, world.plan.id, AS_OF), tmp_path / "progress.xlsx")
    assert load_workbook(path)["Chỉ tiêu"]["F6"].value == "Đang thực hiện"


def test_template_header_uses_exact_titles_and_validates_inputs(db, world, tmp_path):
    units = exchange.template_units(db, world.plan.id, [world.units["th"]], AS_OF)
    path = write_template(world.plan, units, tmp_path / "t.xlsx", as_of=AS_OF)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [GUIDE_SHEET, "Nhiệm vụ", TARGET_SHEET, REPORT_SHEET, META_SHEET]
    sheet = workbook["Nhiệm vụ"]
    assert [cell.value for cell in sheet[6]] == list(TASK_COLUMNS.values())
    assert [cell.value for cell in sheet[6]][5:12] == [
        "Trạng thái",
        "Tiến độ (%)",
        "Ngày hoàn thành",
        "Kết quả thực hiện",
        "Khó khăn, vướng mắc / lý do chậm",
        "Đề xuất, kiến nghị",
        "Ghi chú",
    ]
    assert sheet["A3"].value == "Đơn vị báo cáo: Trường Tiểu học Sùng Phài"
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert validations["F7:F10"].type == "list"
    assert validations["F7:F10"].formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành,Tạm dừng"'
    assert (validations["G7:G10"].type, validations["G7:G10"].formula1, validations["G7:G10"].formula2) == (
        "whole",
        "0",
        "100",
    )
    assert validations["H7:H10"].type == "date"
    # One row per round: the yearly task shows its year.
    assert [
        (sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=4).value) for row in range(7, 11)
    ] == [("II.1", None), ("II.2", "2025"), ("II.3", None), ("II.4", None)]


def test_template_id_column_is_hidden_and_locked_while_inputs_are_open(db, world, tmp_path):
    units = exchange.template_units(db, world.plan.id, [world.units["th"]], AS_OF)
    path = write_template(world.plan, units, tmp_path / "t.xlsx", as_of=AS_OF)
    workbook = load_workbook(path)
    sheet = workbook["Nhiệm vụ"]
    assert sheet.protection.sheet
    assert sheet.column_dimensions["M"].hidden
    assert sheet["M6"].value == "Mã dòng"
    assert isinstance(sheet["M7"].value, int) and sheet["M7"].protection.locked
    assert sheet["B7"].protection.locked  # the task text is read-only
    assert not any(sheet.cell(row=7, column=column).protection.locked for column in range(6, 13))
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    guide = " ".join(
        str(cell.value) for row in workbook[GUIDE_SHEET].iter_rows() for cell in row if cell.value
    )
    assert "Hoàn thành" in guide and "ngày/tháng/năm" in guide
    targets = workbook[TARGET_SHEET]
    assert [cell.value for cell in targets[6]] == list(TARGET_COLUMNS.values())
    assert targets.column_dimensions["J"].hidden and targets.column_dimensions["K"].hidden


def test_one_workbook_for_many_units_has_a_sheet_each(db, world, tmp_path):
    units = exchange.template_units(db, world.plan.id, None, AS_OF)
    path = write_template(world.plan, units, tmp_path / "all.xlsx", as_of=AS_OF)
    names = load_workbook(path).sheetnames
    assert names[1:5] == [unit.unit_name for unit in units]
    assert len(units) == 4


def test_template_file_is_named_after_unit_and_plan(world):
    name = template_file_name(world.plan, "Trường Tiểu học Sùng Phài")
    assert name == "Biểu mẫu - Trường Tiểu học Sùng Phài - KH 367-KH-UBND.xlsx"
    assert template_file_name(world.plan, 'Tổ "A/B"').startswith("Biểu mẫu - Tổ _A_B_ - ")


def test_text_that_looks_like_a_formula_is_stored_as_text(db, world, tmp_path):
    occurrence = list_occurrences(db, list_assignments(db, world.tasks["ongoing"])[0].assignment.id)[0]
    record_progress(db, occurrence.id, WorkState.IN_PROGRESS, 50, None, "@SUM(A1:A2)")
    units = exchange.template_units(db, world.plan.id, [world.units["pgd"]], AS_OF)
    path = write_template(world.plan, units, tmp_path / "t.xlsx", as_of=AS_OF)
    annex = write_annex(world.plan, exchange.annex_rows(db, world.plan.id), tmp_path / "a.xlsx")
    sheet = load_workbook(path)["Nhiệm vụ"]
    content = sheet["B8"]
    assert content.value == "=Tuyên truyền về chuyển đổi số; +thông tin trên trang web"
    assert content.data_type == "s" and content.quotePrefix
    assert sheet["I8"].value == "@SUM(A1:A2)" and sheet["I8"].data_type == "s"
    for saved in (path, annex):
        with zipfile.ZipFile(saved) as archive:
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
            assert sheets and not any(
                b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets
            )


def test_note_is_kept_with_the_result_and_split_back():
    stored = combine_result("Đã triển khai", "Thiếu máy tính")
    assert stored == "Đã triển khai\nGhi chú: Thiếu máy tính"
    assert split_result(stored) == ("Đã triển khai", "Thiếu máy tính")
    assert split_result(combine_result("", "Chỉ có ghi chú")) == ("", "Chỉ có ghi chú")
    assert split_result("Không có ghi chú") == ("Không có ghi chú", "")


def test_exported_annex_reads_back_through_the_plan_importer(db, world, tmp_path):
    from core.importing import read_plan_file

    path = write_annex(world.plan, exchange.annex_rows(db, world.plan.id), tmp_path / "phuluc.xlsx")
    parsed = read_plan_file(path)
    survey = next(task for task in parsed.tasks if task.content.startswith("Rà soát hạ tầng"))
    assert survey.lead_units == ("Phòng Giáo dục và Đào tạo",)
    assert survey.timeframe == "Trước 30/6/2025"
    assert len(parsed.tasks) == 4
