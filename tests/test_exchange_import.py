"""Returned templates: filled the way a school fills them, previewed, applied, and re-imported."""

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from core.exchange.preview import BY_ID, BY_TEXT
from core.exchange.template import META_SHEET, write_template
from core.model import WorkState
from storage import exchange
from storage.assignments import get_occurrence, progress_history, record_progress
from storage.database import StorageError
from storage.indicators import indicator_values
from storage.plans import save_plan
from tests.fixtures.exchange_data import AS_OF, build_exchange_world


@pytest.fixture
def world(db):
    return build_exchange_world(db)


def _template(db, world, tmp_path, *keys, name="mau.xlsx"):
    unit_ids = [world.units[key] for key in keys] if keys else None
    units = exchange.template_units(db, world.plan.id, unit_ids, AS_OF)
    return write_template(world.plan, units, tmp_path / name, as_of=AS_OF)


def _fill(path, out, edits, sheet="Nhiệm vụ"):
    """Open with openpyxl as a school's spreadsheet program would, type `edits` {cell: value}, save."""
    workbook = load_workbook(path)
    for ref, value in edits.items():
        target, _, cell = ref.rpartition("!")
        workbook[target or sheet][cell] = value
    workbook.save(out)
    return out


def _row_ids(path, sheet="Nhiệm vụ"):
    worksheet = load_workbook(path)[sheet]
    return {
        worksheet.cell(row=row, column=1).value
        + (
            f"/{worksheet.cell(row=row, column=4).value}" if worksheet.cell(row=row, column=4).value else ""
        ): worksheet.cell(row=row, column=13).value
        for row in range(7, worksheet.max_row + 1)
    }


def test_round_trip_lands_statuses_percentages_dates_and_results(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    ids = _row_ids(template)
    filled = _fill(
        template,
        tmp_path / "Trường TH Sùng Phài.xlsx",
        {
            "F7": "Hoàn thành",
            "G7": 100,
            "H7": datetime(2025, 6, 20),
            "I7": "Đã rà soát 12 phòng máy",
            "F8": "Đang thực hiện",
            "G8": "60,4",
            "I8": "Đã sơ kết học kỳ I",
            "L8": "Chờ kinh phí",
            "F9": "hoan thanh",
            "G9": "100%",
            "H9": "05/01/2025",
            "F10": "Tạm dừng",
            "G10": 30,
        },
    )
    preview = exchange.preview_file(db, filled)
    assert preview.accepted and not preview.problems
    assert [sheet.method for sheet in preview.sheets] == [BY_ID]
    assert len(preview.changes) == 4
    assert exchange.apply_file(db, preview) == 4

    survey = get_occurrence(db, ids["II.1"])
    assert (survey.state, survey.progress, survey.completed_on, survey.result) == (
        WorkState.DONE,
        100,
        date(2025, 6, 20),
        "Đã rà soát 12 phòng máy",
    )
    yearly = get_occurrence(db, ids["II.2/2025"])
    assert (yearly.state, yearly.progress, yearly.result) == (
        WorkState.IN_PROGRESS,
        60,
        "Đã sơ kết học kỳ I\nGhi chú: Chờ kinh phí",
    )
    records = get_occurrence(db, ids["II.3"])
    assert (records.state, records.completed_on) == (WorkState.DONE, date(2025, 1, 5))
    assert get_occurrence(db, ids["II.4"]).state is WorkState.PAUSED
    assert progress_history(db, ids["II.1"])[-1].source == "Trường TH Sùng Phài.xlsx"

    again = exchange.preview_file(db, filled)
    assert again.accepted and again.changes == () and again.problems == ()
    assert exchange.apply_file(db, again) == 0
    assert len(progress_history(db, ids["II.1"])) == 1


def test_untouched_template_changes_nothing(db, world, tmp_path):
    occurrence_id = _row_ids(_template(db, world, tmp_path, "th"))["II.1"]
    record_progress(db, occurrence_id, WorkState.IN_PROGRESS, 40, None, "  Đã   làm\n\n một phần ")
    template = _template(db, world, tmp_path, "th", name="again.xlsx")
    preview = exchange.preview_file(db, template)
    assert preview.changes == () and preview.problems == ()


def test_every_bad_value_is_reported_with_sheet_row_column_and_reason(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    filled = _fill(
        template,
        tmp_path / "bad.xlsx",
        {
            "F7": "Xong rồi",
            "G8": 120,
            "H9": "31/02/2025",
            "F9": "Hoàn thành",
            "F10": "Hoàn thành",
            "G10": 100,
        },
    )
    preview = exchange.preview_file(db, filled)
    assert preview.changes == ()
    found = {(problem.sheet, problem.row, problem.column): problem.reason for problem in preview.problems}
    assert "không có trong danh sách" in found[("Nhiệm vụ", 7, "F «Trạng thái»")]
    assert "vượt quá 100" in found[("Nhiệm vụ", 8, "G «Tiến độ (%)»")]
    assert "không phải là ngày" in found[("Nhiệm vụ", 9, "H «Ngày hoàn thành»")]
    assert "cần có ngày hoàn thành" in found[("Nhiệm vụ", 10, "H «Ngày hoàn thành»")]
    text = str(next(problem for problem in preview.problems if problem.row == 8))
    assert text == "tệp bad.xlsx, trang «Nhiệm vụ», dòng 8, cột G «Tiến độ (%)»: tiến độ 120 vượt quá 100%"


def test_completion_date_before_the_plan_is_refused(db, world, tmp_path):
    filled = _fill(
        _template(db, world, tmp_path, "th"),
        tmp_path / "early.xlsx",
        {"F7": "Hoàn thành", "H7": "01/01/2025"},
    )
    problems = exchange.preview_file(db, filled).problems
    assert [problem.reason for problem in problems] == [
        "ngày hoàn thành 01/01/2025 trước ngày ban hành kế hoạch (05/01/2025)"
    ]


def test_row_for_another_unit_deleted_row_and_added_row(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    other = _row_ids(_template(db, world, tmp_path, "mn", name="mn.xlsx"))["II.3"]
    workbook = load_workbook(template)
    sheet = workbook["Nhiệm vụ"]
    sheet["M8"] = other  # a row pasted from the kindergarten's file
    sheet.delete_rows(9)  # II.3 deleted
    sheet["B12"] = "Một nhiệm vụ đơn vị tự thêm"
    sheet["F12"] = "Hoàn thành"
    workbook.save(tmp_path / "edited.xlsx")
    preview = exchange.preview_file(db, tmp_path / "edited.xlsx")
    reasons = [problem.reason for problem in preview.problems]
    assert any("dòng của đơn vị khác («Trường Mầm non Hoa Ban»)" in reason for reason in reasons)
    assert any(reason.startswith("thiếu dòng nhiệm vụ II.3") for reason in reasons)
    assert any("không khớp nhiệm vụ nào" in reason for reason in reasons)


def test_file_for_another_plan_is_refused(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    other = save_plan(db, world.plan.__class__("Kế hoạch khác", number="12", symbol="KH-PGDĐT"))
    preview = exchange.preview_file(db, template, plan_id=other.id)
    assert not preview.accepted
    assert preview.rejected == "tệp của kế hoạch khác (367/KH-UBND), không phải kế hoạch 12/KH-PGDĐT"
    with pytest.raises(StorageError, match="bị từ chối"):
        exchange.apply_file(db, preview)


def test_lost_id_column_reordered_widened_columns_and_blank_rows_still_match(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    workbook = load_workbook(template)
    sheet = workbook["Nhiệm vụ"]
    sheet.protection.sheet = False
    sheet.delete_cols(13)  # the hidden id column is gone
    sheet.move_range("F6:G10", rows=0, cols=8)  # Trạng thái, Tiến độ moved to the far right (N, O)
    sheet.column_dimensions["B"].width = 90
    sheet.insert_rows(8, amount=2)  # blank rows in the middle
    sheet["N7"], sheet["O7"] = "Đang thực hiện", 45
    sheet["N12"] = "Hoàn thành"  # II.4 (moved down by the blank rows)
    sheet["H12"] = "15/10/2025"
    workbook.save(tmp_path / "messy.xlsx")
    preview = exchange.preview_file(db, tmp_path / "messy.xlsx")
    assert not preview.problems
    assert [sheet.method for sheet in preview.sheets] == [BY_TEXT]
    assert {(change.task_path, change.new.state, change.new.progress) for change in preview.changes} == {
        ("II.1", WorkState.IN_PROGRESS, 45),
        ("II.4", WorkState.DONE, 100),
    }


def test_lost_meta_sheet_falls_back_to_title_block_and_text(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    workbook = load_workbook(template)
    del workbook[META_SHEET]
    workbook["Nhiệm vụ"]["F7"] = "Đang thực hiện"
    workbook.save(tmp_path / "nometa.xlsx")
    preview = exchange.preview_file(db, tmp_path / "nometa.xlsx")
    assert preview.accepted and preview.unit_names == ("Trường Tiểu học Sùng Phài",)
    assert [sheet.method for sheet in preview.sheets] == [BY_TEXT]
    assert [change.task_path for change in preview.changes] == ["II.1"]


def test_target_figures_are_previewed_and_recorded_with_the_file_name(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    filled = _fill(
        template,
        tmp_path / "ct.xlsx",
        {
            "Chỉ tiêu!F7": 1,
            "Chỉ tiêu!G7": 1,  # the school itself: 1 of 1 meets the standard
            "Chỉ tiêu!H8": "99,5",
            "Chỉ tiêu!I8": "còn 1 lớp",
        },
    )
    preview = exchange.preview_file(db, filled)
    assert not preview.problems
    assert {(change.indicator_id, change.period) for change in preview.target_changes} == {
        (world.indicators["standard"], "2025"),
        (world.indicators["records"], "2025"),
    }
    exchange.apply_file(db, preview)
    [value] = indicator_values(db, world.indicators["records"])
    assert (value.value, value.unit_id, value.note, value.source) == (
        99.5,
        world.units["th"],
        "còn 1 lớp",
        "ct.xlsx",
    )
    assert exchange.preview_file(db, filled).target_changes == ()


def test_bad_target_figures_are_problems(db, world, tmp_path):
    filled = _fill(
        _template(db, world, tmp_path, "th"),
        tmp_path / "ct.xlsx",
        {
            "Chỉ tiêu!F7": 5,
            "Chỉ tiêu!G7": 3,
            "Chỉ tiêu!H8": "120",
        },
    )
    reasons = [problem.reason for problem in exchange.preview_file(db, filled).problems]
    assert reasons == ["số lượng đạt 5 lớn hơn tổng số 3", "giá trị 120% vượt quá 100%"]


def test_apply_refuses_when_data_changed_after_the_preview(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    occurrence_id = _row_ids(template)["II.1"]
    preview = exchange.preview_file(
        db, _fill(template, tmp_path / "f.xlsx", {"F7": "Đang thực hiện", "F8": "Tạm dừng"})
    )
    record_progress(db, occurrence_id, WorkState.IN_PROGRESS, 10, None, "sửa trên máy")
    with pytest.raises(StorageError, match="đã thay đổi sau khi xem trước"):
        exchange.apply_file(db, preview)
    assert get_occurrence(db, _row_ids(template)["II.2/2025"]).state is WorkState.NOT_STARTED  # rolled back


def test_folder_summary_lists_reported_missing_and_rejected(db, world, tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    _template(db, world, folder, "th", name="th.xlsx")
    _template(db, world, folder, "mn", name="mn.xlsx")
    (folder / "notes.xlsx").write_text("TT;Nội dung\n", encoding="utf-8")
    previews = exchange.preview_files(db, exchange.xlsx_files(folder))
    summary = exchange.import_summary(db, previews)
    assert summary.reported == ("Trường Mầm non Hoa Ban", "Trường Tiểu học Sùng Phài")
    assert summary.not_reported == ("Phòng Giáo dục và Đào tạo", "Trường THCS San Thàng")
    assert summary.rejected == (("notes.xlsx", "tệp văn bản (CSV?), không phải bảng tính .xlsx"),)


def test_an_annex_table_is_pointed_to_the_plan_import(db, world, tmp_path):
    from core.exchange.annex import write_annex

    annex = write_annex(world.plan, exchange.annex_rows(db, world.plan.id), tmp_path / "phuluc.xlsx")
    preview = exchange.preview_file(db, annex)
    assert "Nhập kế hoạch" in preview.rejected


def test_a_damaged_date_in_the_hidden_sheet_is_a_note_the_user_reads(db, world, tmp_path):
    from core.exchange.template_reader import read_returned

    template = _template(db, world, tmp_path)
    workbook = load_workbook(template)
    meta = workbook[META_SHEET]
    row = next(r for r in meta.iter_rows() if r[0].value == "as_of")
    row[1].value = "ngày 31 tháng 2"
    workbook.save(tmp_path / "hong.xlsx")
    returned = read_returned(tmp_path / "hong.xlsx")
    assert returned.as_of is None
    assert any("bị sửa hỏng («ngày 31 tháng 2»)" in note for note in returned.notes)
    assert exchange.preview_file(db, tmp_path / "hong.xlsx").notes == returned.notes
