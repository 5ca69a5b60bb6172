"""Material from units (issue 12, item 4): per task «Khó khăn, vướng mắc / lý do chậm» and «Đề xuất,
kiến nghị», per unit and period a «Báo cáo chung», through the collection template and back."""

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.exchange.cells import clean_text
from core.exchange.safety import MAX_TEXT_CHARS
from core.exchange.template import (
    GUIDE_SHEET,
    META_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    TASK_COLUMNS,
    default_period,
    write_template,
)
from core.exchange.template_reader import read_returned
from core.model import WorkState
from core.periods import parse_period
from core.status import CUTOFF_DAY
from storage import exchange
from storage.assignments import get_occurrence, progress_history, record_progress
from storage.database import StorageError
from storage.unit_reports import save_unit_report, unit_reports
from tests.fixtures.exchange_data import AS_OF, build_exchange_world

TASKS = "Nhiệm vụ"
PERIOD = default_period(AS_OF).code  # 20/11/2025 → "2025-11"
DIFFICULTIES = "Khó khăn, vướng mắc / lý do chậm"
PROPOSALS = "Đề xuất, kiến nghị"


@pytest.fixture
def world(db):
    return build_exchange_world(db)


def _template(db, world, tmp_path, *keys, name="mau.xlsx", period=None):
    unit_ids = [world.units[key] for key in keys] if keys else None
    units = exchange.template_units(db, world.plan.id, unit_ids, AS_OF, period)
    return write_template(
        world.plan, units, tmp_path / name, as_of=AS_OF, period=parse_period(period) if period else None
    )


def _fill(path, out, edits, formulas=()):
    """Type `edits` {"Sheet!A1": value, or "A1" on the task sheet} as a school would, and save as `out`.

    Text is typed as text (in Excel, a leading "=" typed after an apostrophe); the cells named in
    `formulas` get a real formula instead."""
    workbook = load_workbook(path)
    for ref, value in edits.items():
        sheet, _, cell = ref.rpartition("!")
        target = workbook[sheet or TASKS][cell]
        target.value = value
        if isinstance(value, str) and ref not in formulas:
            target.data_type = "s"
    workbook.save(out)
    return out


def _ids(path):
    sheet = load_workbook(path)[TASKS]
    return {sheet.cell(row=row, column=1).value: sheet.cell(row=row, column=13).value for row in (7, 9, 10)}


def test_default_period_closes_at_the_latest_cut_off():
    assert default_period(date(2025, 11, 20)).code == "2025-11"
    assert default_period(date(2025, 11, 13)).code == "2025-10"
    assert default_period(date(2025, 12, 14)).code == "2025-Q4"
    assert default_period(date(2026, 1, 10)).code == "2025-Q4"
    assert default_period(date(2025, 7, 1)).code == "2025-Q2"


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_default_period_is_the_one_that_closed_last(day):
    period = default_period(day)
    assert period.end.day == CUTOFF_DAY and period.end <= day
    # No later cut-off lies between the period's end and the day.
    assert (day - period.end).days < 31
    assert period.kind == ("quarter" if period.end.month % 3 == 0 else "month")
    assert parse_period(period.code) == period


def test_template_prefills_the_stored_material_and_explains_it(db, world, tmp_path):
    occurrence_id = _ids(_template(db, world, tmp_path, "th", name="first.xlsx"))["II.1"]
    record_progress(
        db,
        occurrence_id,
        WorkState.IN_PROGRESS,
        40,
        None,
        "Đã rà soát",
        difficulties="Thiếu máy chủ",
        proposals="=Cấp thêm kinh phí",
    )
    save_unit_report(
        db,
        world.units["th"],
        PERIOD,
        highlights="100% lớp dùng học bạ số",
        shortcomings="Mạng chậm",
        proposals="Nâng cấp đường truyền",
        source="GUI",
    )
    workbook = load_workbook(_template(db, world, tmp_path, "th"))
    tasks = workbook[TASKS]
    assert [tasks.cell(row=6, column=column).value for column in (9, 10, 11, 12)] == [
        "Kết quả thực hiện",
        DIFFICULTIES,
        PROPOSALS,
        "Ghi chú",
    ]
    assert (tasks["I7"].value, tasks["J7"].value, tasks["K7"].value) == (
        "Đã rà soát",
        "Thiếu máy chủ",
        "=Cấp thêm kinh phí",
    )
    assert tasks["K7"].data_type == "s" and tasks["K7"].quotePrefix  # text, never a formula
    assert not tasks["J7"].protection.locked and tasks["J7"].fill.fgColor.rgb.endswith("FFF9E5")

    report = workbook[REPORT_SHEET]
    assert workbook.sheetnames.index(REPORT_SHEET) < workbook.sheetnames.index(META_SHEET)
    assert report["A3"].value == "Kỳ báo cáo: tháng 11 năm 2025 (từ 15/10/2025 đến 14/11/2025)"
    assert [cell.value for cell in report[6]] == list(REPORT_COLUMNS.values())
    assert [cell.value for cell in report[7]] == [
        1,
        "Trường Tiểu học Sùng Phài",
        "Tháng 11 năm 2025",
        "100% lớp dùng học bạ số",
        "Mạng chậm",
        "Nâng cấp đường truyền",
        world.units["th"],
        "2025-11",
    ]
    assert not any(report.cell(row=7, column=column).protection.locked for column in (4, 5, 6))
    assert report["B7"].protection.locked and report["G7"].protection.locked
    assert report.column_dimensions["G"].hidden and report.column_dimensions["H"].hidden
    assert report.protection.sheet
    meta = {row[0]: row[1] for row in workbook[META_SHEET].iter_rows(values_only=True)}
    assert meta["period"] == "2025-11"
    guide = " ".join(
        str(cell.value) for row in workbook[GUIDE_SHEET].iter_rows() for cell in row if cell.value
    )
    assert f"«{DIFFICULTIES}»" in guide and f"«{PROPOSALS}»" in guide and f"«{REPORT_SHEET}»" in guide
    assert "tháng 11 năm 2025" in guide


def test_one_workbook_for_several_units_has_a_report_row_each(db, world, tmp_path):
    workbook = load_workbook(_template(db, world, tmp_path, "th", "mn", period="2025-2026-HK1"))
    report = workbook[REPORT_SHEET]
    assert [report.cell(row=row, column=2).value for row in (7, 8)] == [
        "Trường Tiểu học Sùng Phài",
        "Trường Mầm non Hoa Ban",
    ]
    assert report["C8"].value == "Học kỳ I năm học 2025-2026" and report["H8"].value == "2025-2026-HK1"


def test_round_trip_of_the_material_lands_in_occurrences_history_and_unit_reports(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    ids = _ids(template)
    filled = _fill(
        template,
        tmp_path / "Trường TH Sùng Phài.xlsx",
        {
            "F7": "Đang thực hiện",
            "G7": 50,
            "J7": "Thiếu  kinh phí\nMáy tính cũ",
            "K7": "Đề nghị cấp 20 máy tính",
            "J9": "=Chậm do chưa có phần mềm",  # a text typed with "=", not a formula
            f"{REPORT_SHEET}!D7": "Hoàn thành rà soát hạ tầng",
            f"{REPORT_SHEET}!E7": "Đường truyền yếu",
            f"{REPORT_SHEET}!F7": "Đầu tư đường truyền cáp quang",
        },
    )
    preview = exchange.preview_file(db, filled)
    assert preview.accepted and not preview.problems
    by_path = {change.task_path: change for change in preview.changes}
    assert set(by_path) == {"II.1", "II.3"}
    assert by_path["II.1"].row == 7
    assert by_path["II.1"].differences() == [
        ("Trạng thái", "Chưa thực hiện", "Đang thực hiện"),
        ("Tiến độ (%)", "0", "50"),
        (DIFFICULTIES, "", "Thiếu kinh phí\nMáy tính cũ"),
        (PROPOSALS, "", "Đề nghị cấp 20 máy tính"),
    ]
    assert by_path["II.3"].differences() == [(DIFFICULTIES, "", "=Chậm do chưa có phần mềm")]
    [report] = preview.report_changes
    assert (report.unit_id, report.period, report.sheet, report.row, report.old) == (
        world.units["th"],
        "2025-11",
        REPORT_SHEET,
        7,
        None,
    )
    assert report.differences() == [
        ("Kết quả nổi bật", "", "Hoàn thành rà soát hạ tầng"),
        ("Tồn tại, hạn chế, khó khăn", "", "Đường truyền yếu"),
        ("Đề xuất, kiến nghị", "", "Đầu tư đường truyền cáp quang"),
    ]
    assert preview.change_count == 3
    assert exchange.apply_file(db, preview) == 3

    survey = get_occurrence(db, ids["II.1"])
    assert (survey.state, survey.progress, survey.difficulties, survey.proposals) == (
        WorkState.IN_PROGRESS,
        50,
        "Thiếu kinh phí\nMáy tính cũ",
        "Đề nghị cấp 20 máy tính",
    )
    [update] = progress_history(db, ids["II.1"])
    assert (update.difficulties, update.proposals, update.source) == (
        "Thiếu kinh phí\nMáy tính cũ",
        "Đề nghị cấp 20 máy tính",
        "Trường TH Sùng Phài.xlsx",
    )
    assert get_occurrence(db, ids["II.3"]).difficulties == "=Chậm do chưa có phần mềm"
    [stored] = unit_reports(db, "2025-11")
    assert (stored.unit_id, stored.highlights, stored.shortcomings, stored.proposals, stored.source) == (
        world.units["th"],
        "Hoàn thành rà soát hạ tầng",
        "Đường truyền yếu",
        "Đầu tư đường truyền cáp quang",
        "Trường TH Sùng Phài.xlsx",
    )

    again = exchange.preview_file(db, filled)
    assert again.changes == () and again.report_changes == () and again.problems == ()
    # Exported again, the stored material comes back pre-filled, and the "=" text stays text.
    sheet = load_workbook(_template(db, world, tmp_path, "th", name="next.xlsx"))[TASKS]
    assert (sheet["J9"].value, sheet["J9"].data_type) == ("=Chậm do chưa có phần mềm", "s")


def test_a_changed_unit_report_shows_old_and_new_and_clearing_a_cell_is_a_change(db, world, tmp_path):
    save_unit_report(db, world.units["th"], PERIOD, highlights="Cũ", shortcomings="Tồn tại cũ", proposals="")
    template = _template(db, world, tmp_path, "th")
    filled = _fill(template, tmp_path / "f.xlsx", {f"{REPORT_SHEET}!D7": "Mới", f"{REPORT_SHEET}!E7": None})
    [change] = exchange.preview_file(db, filled).report_changes
    assert change.differences() == [
        ("Kết quả nổi bật", "Cũ", "Mới"),
        ("Tồn tại, hạn chế, khó khăn", "Tồn tại cũ", ""),
    ]
    exchange.apply_file(db, exchange.preview_file(db, filled))
    [stored] = unit_reports(db, PERIOD)
    assert (stored.highlights, stored.shortcomings) == ("Mới", "")


def test_template_made_before_the_new_columns_imports_exactly_as_before(db, world, tmp_path):
    """A workbook with the old column list (no material columns, no «Báo cáo chung») keeps what is stored."""
    template = _template(db, world, tmp_path, "th")
    ids = _ids(template)
    record_progress(
        db,
        ids["II.1"],
        WorkState.IN_PROGRESS,
        10,
        None,
        "",
        difficulties="Đã ghi trên máy",
        proposals="Đề xuất cũ",
    )
    save_unit_report(db, world.units["th"], PERIOD, highlights="Đã ghi trên máy")
    workbook = load_workbook(template)
    sheet = workbook[TASKS]
    sheet.protection.sheet = False
    sheet.delete_cols(10, 2)  # back to TT … Kết quả thực hiện, Ghi chú, Mã dòng
    del workbook[REPORT_SHEET]
    assert [cell.value for cell in sheet[6]] == [
        title for name, title in TASK_COLUMNS.items() if name not in ("difficulties", "proposals")
    ]
    sheet["F7"], sheet["G7"], sheet["I7"], sheet["J7"] = "Đang thực hiện", 60, "Đã rà soát", "Chờ kinh phí"
    workbook.save(tmp_path / "old.xlsx")

    returned = read_returned(tmp_path / "old.xlsx")
    assert returned.report_rows == ()
    assert "difficulties" not in returned.task_sheets[0].rows[0].columns
    preview = exchange.preview_file(db, tmp_path / "old.xlsx")
    assert not preview.problems and preview.report_changes == ()
    [change] = preview.changes
    assert change.differences() == [
        ("Tiến độ (%)", "10", "60"),
        ("Kết quả thực hiện", "", "Đã rà soát\nGhi chú: Chờ kinh phí"),
    ]
    exchange.apply_file(db, preview)
    survey = get_occurrence(db, ids["II.1"])
    assert (survey.progress, survey.result, survey.difficulties, survey.proposals) == (
        60,
        "Đã rà soát\nGhi chú: Chờ kinh phí",
        "Đã ghi trên máy",
        "Đề xuất cũ",
    )
    assert progress_history(db, ids["II.1"])[-1].difficulties == "Đã ghi trên máy"
    assert unit_reports(db, PERIOD)[0].highlights == "Đã ghi trên máy"


def test_too_long_text_refuses_its_row_and_leaves_it_untouched(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    ids = _ids(template)
    too_long = "Khó khăn " * (MAX_TEXT_CHARS // 9 + 1)
    filled = _fill(
        template,
        tmp_path / "dai.xlsx",
        {
            "F7": "Đang thực hiện",
            "J7": too_long,  # the whole row is refused, its status too
            "F9": "Đang thực hiện",
            "K9": "Đề nghị tập huấn",
            f"{REPORT_SHEET}!D7": "Ngắn",
            f"{REPORT_SHEET}!F7": "x" * (MAX_TEXT_CHARS + 1),
        },
    )
    preview = exchange.preview_file(db, filled)
    found = {(problem.sheet, problem.row, problem.column): problem.reason for problem in preview.problems}
    assert set(found) == {
        (TASKS, 7, f"J «{DIFFICULTIES}»"),
        (REPORT_SHEET, 7, f"F «{PROPOSALS}»"),
    }
    assert found[(TASKS, 7, f"J «{DIFFICULTIES}»")].startswith(
        f"nội dung dài {len(too_long.strip())} ký tự, quá {MAX_TEXT_CHARS} ký tự"
    )
    assert [change.task_path for change in preview.changes] == ["II.3"] and preview.report_changes == ()
    exchange.apply_file(db, preview)
    survey = get_occurrence(db, ids["II.1"])
    assert (survey.state, survey.difficulties, progress_history(db, ids["II.1"])) == (
        WorkState.NOT_STARTED,
        "",
        [],
    )
    assert get_occurrence(db, ids["II.3"]).proposals == "Đề nghị tập huấn"
    assert unit_reports(db, PERIOD) == []


def test_a_report_row_of_another_unit_or_period_is_a_problem(db, world, tmp_path):
    filled = _fill(
        _template(db, world, tmp_path, "th"),
        tmp_path / "khac.xlsx",
        {
            f"{REPORT_SHEET}!G7": world.units["mn"],
            f"{REPORT_SHEET}!B7": "Trường Mầm non Hoa Ban",
            f"{REPORT_SHEET}!D7": "Kết quả của trường khác",
        },
    )
    preview = exchange.preview_file(db, filled)
    assert [(problem.row, problem.reason) for problem in preview.problems] == [
        (7, "dòng của đơn vị khác («Trường Mầm non Hoa Ban»)")
    ]
    bad_period = _fill(
        _template(db, world, tmp_path, "th", name="ky.xlsx"),
        tmp_path / "ky-sai.xlsx",
        {f"{REPORT_SHEET}!H7": "2025-Q5", f"{REPORT_SHEET}!D7": "Kết quả"},
    )
    [problem] = exchange.preview_file(db, bad_period).problems
    assert problem.column == "H «Mã kỳ báo cáo»" and "2025-Q5" in problem.reason


def test_a_formula_in_a_material_cell_is_never_taken_as_its_text(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    ids = _ids(template)
    filled = _fill(
        template,
        tmp_path / "ct.xlsx",
        {"J7": '=HYPERLINK("http://x","bấm")', f"{REPORT_SHEET}!D7": "=1+1"},
        formulas=("J7", f"{REPORT_SHEET}!D7"),
    )
    # A formula is read as the value the spreadsheet program last computed (none here: blank).
    preview = exchange.preview_file(db, filled)
    assert preview.changes == () and preview.report_changes == () and preview.problems == ()
    exchange.apply_file(db, preview)
    assert get_occurrence(db, ids["II.1"]).difficulties == ""


def test_apply_refuses_when_the_unit_report_changed_after_the_preview(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th")
    ids = _ids(template)
    filled = _fill(template, tmp_path / "f.xlsx", {"F7": "Đang thực hiện", f"{REPORT_SHEET}!D7": "Từ tệp"})
    preview = exchange.preview_file(db, filled)
    assert len(preview.changes) == 1 and len(preview.report_changes) == 1
    save_unit_report(db, world.units["th"], PERIOD, highlights="Sửa trên máy")
    with pytest.raises(
        StorageError, match="Báo cáo chung tháng 11 năm 2025 .* đã thay đổi sau khi xem trước"
    ):
        exchange.apply_file(db, preview)
    assert get_occurrence(db, ids["II.1"]).state is WorkState.NOT_STARTED  # all of the file rolled back
    assert unit_reports(db, PERIOD)[0].highlights == "Sửa trên máy"


def test_explicit_period_goes_to_the_meta_sheet_and_the_import(db, world, tmp_path):
    template = _template(db, world, tmp_path, "th", period="2025-Q2")
    filled = _fill(template, tmp_path / "q2.xlsx", {f"{REPORT_SHEET}!D7": "Kết quả quý II"})
    returned = read_returned(filled)
    assert returned.period == "2025-Q2"
    # The hidden period column lost (a unit re-typed the sheet): the meta sheet still names the period.
    workbook = load_workbook(filled)
    workbook[REPORT_SHEET].protection.sheet = False
    workbook[REPORT_SHEET].delete_cols(8)
    workbook.save(tmp_path / "q2b.xlsx")
    exchange.apply_file(db, exchange.preview_file(db, tmp_path / "q2b.xlsx"))
    assert [report.highlights for report in unit_reports(db, "2025-Q2")] == ["Kết quả quý II"]
    assert unit_reports(db, PERIOD) == []


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def _calc_installed() -> bool:
    # Only LibreOffice Writer may be installed (scripts/dev.py installs writer-nogui): Calc's core
    # library sits next to the soffice binary when Calc is there.
    office = _soffice()
    return office is not None and any(Path(office).resolve().parent.glob("libsclo.*"))


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed")
def test_material_survives_a_libreoffice_resave(db, world, tmp_path):
    filled = _fill(
        _template(db, world, tmp_path, "th"),
        tmp_path / "filled.xlsx",
        {
            "F7": "Đang thực hiện",
            "J7": "Thiếu kinh phí",
            "K7": "Cấp bổ sung",
            f"{REPORT_SHEET}!E7": "Mạng chậm",
        },
    )
    out = tmp_path / "out"
    subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    preview = exchange.preview_file(db, out / "filled.xlsx")
    assert preview.accepted and not preview.problems
    [change] = preview.changes
    assert (change.new.difficulties, change.new.proposals) == ("Thiếu kinh phí", "Cấp bổ sung")
    [report] = preview.report_changes
    assert (report.period, report.new.shortcomings) == (PERIOD, "Mạng chậm")


def test_default_period_of_a_template_made_a_month_later_does_not_touch_the_earlier_report(
    db, world, tmp_path
):
    save_unit_report(db, world.units["th"], PERIOD, highlights="Tháng 11")
    units = exchange.template_units(db, world.plan.id, [world.units["th"]], AS_OF + timedelta(days=30))
    assert units[0].highlights == ""  # 20/12/2025 collects for quý IV, nothing stored yet
    path = write_template(world.plan, units, tmp_path / "t.xlsx", as_of=AS_OF + timedelta(days=30))
    preview = exchange.preview_file(db, _fill(path, tmp_path / "f.xlsx", {f"{REPORT_SHEET}!D7": "Quý IV"}))
    assert [(change.period, change.old) for change in preview.report_changes] == [("2025-Q4", None)]


def test_task_sheet_columns_hold_a_date_and_report_rows_stay_within_excel_limits(db, world, tmp_path):
    save_unit_report(db, world.units["th"], PERIOD, highlights="Kết quả. " * 440)
    workbook = load_workbook(_template(db, world, tmp_path, "th"))
    tasks = workbook[TASKS]
    # Below about 9.5 units LibreOffice prints a dd/mm/yyyy date as "###" (seen on the rendered page).
    assert min(tasks.column_dimensions[letter].width for letter in "EH") >= 9.5
    assert tasks.column_dimensions["F"].width >= 12  # «Chưa thực hiện» on one line
    report = workbook[REPORT_SHEET]
    assert report.row_dimensions[7].height == 409.0


_TYPED = st.text(
    alphabet=st.sampled_from(list("aăâđeêoôơuưy AĂÂĐÊÔƠƯ áàảãạếềểễệ0123456789=+-@%/,.;:()\"'\n\t")),
    max_size=60,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(difficulties=_TYPED, proposals=_TYPED)
def test_whatever_a_unit_types_in_the_material_cells_comes_back_as_it_reads(
    db, world, tmp_path, difficulties, proposals
):
    # One database for every example: each starts from the same stored row, so reset it first.
    template = _template(db, world, tmp_path, "th")
    occurrence_id = _ids(template)["II.1"]
    db.execute("UPDATE occurrences SET difficulties = '', proposals = '' WHERE id = ?", (occurrence_id,))
    filled = _fill(template, tmp_path / "typed.xlsx", {"J7": difficulties or None, "K7": proposals or None})
    preview = exchange.preview_file(db, filled)
    assert not preview.problems
    expected = (clean_text(difficulties), clean_text(proposals))
    changes = [change for change in preview.changes if change.occurrence_id == occurrence_id]
    if expected == ("", ""):
        assert changes == []
    else:
        [change] = changes
        assert (change.new.difficulties, change.new.proposals) == expected
        assert change.new.state is WorkState.NOT_STARTED and change.new.result == ""
