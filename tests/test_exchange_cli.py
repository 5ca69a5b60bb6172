"""`main.py export-xlsx` and `main.py import-xlsx`: the headless contract, JSON preview, one-line errors."""

import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from cli import main
from core.model import WorkState
from storage.assignments import get_occurrence
from storage.database import open_database
from tests.fixtures.exchange_data import build_exchange_world

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture
def office_db(db_path):
    db = open_database(db_path)
    build_exchange_world(db)
    db.close()
    return db_path


def _run(capsys, office_db, *argv):
    """Run main.py with `argv` on the database at `office_db`: (exit code, stdout, stderr)."""
    code = main([*argv, "--db", str(office_db)])
    out, err = capsys.readouterr()
    return code, out, err


def _unit_template(capsys, office_db, unit: str, out, *more):
    """`export-xlsx template` of plan 1 for one unit, written to `out`."""
    return _run(
        capsys, office_db, "export-xlsx", "template", "--plan", "1", "--unit", unit, "--out", str(out), *more
    )


def test_export_each_kind(office_db, tmp_path, capsys):
    for kind, first_sheet in (("annex", "Phụ lục"), ("progress", "Tổng hợp"), ("template", "Hướng dẫn")):
        out = tmp_path / f"{kind}.xlsx"
        code, stdout, err = _run(
            capsys,
            office_db,
            "export-xlsx",
            kind,
            "--plan",
            "367/KH-UBND",
            "--out",
            str(out),
            "--as-of",
            "2025-11-20",
        )
        assert (code, err) == (0, "")
        assert stdout.strip() == f"Đã ghi {out}"
        assert load_workbook(out).sheetnames[0] == first_sheet


def test_template_for_one_unit_into_a_folder_is_named_after_unit_and_plan(office_db, tmp_path, capsys):
    code, stdout, _ = _unit_template(capsys, office_db, "truong tieu hoc sung phai", tmp_path)
    assert code == 0
    assert (tmp_path / "Biểu mẫu - Trường Tiểu học Sùng Phài - KH 367-KH-UBND.xlsx").exists()


def test_template_per_unit_writes_one_file_each(office_db, tmp_path, capsys):
    folder = tmp_path / "gui-don-vi"
    code, stdout, _ = _run(
        capsys,
        office_db,
        "export-xlsx",
        "template",
        "--plan",
        "367/KH-UBND",
        "--per-unit",
        "--out",
        str(folder),
        "--as-of",
        "20/11/2025",
    )
    assert code == 0
    assert len(list(folder.glob("*.xlsx"))) == 4 == len(stdout.splitlines())


def test_import_json_preview_lists_unit_changes_and_problems_and_writes_nothing(office_db, tmp_path, capsys):
    template = tmp_path / "th.xlsx"
    _unit_template(capsys, office_db, "Trường Tiểu học Sùng Phài", template, "--as-of", "2025-11-20")
    workbook = load_workbook(template)
    sheet = workbook["Nhiệm vụ"]
    sheet["F7"], sheet["H7"], sheet["G8"] = "Hoàn thành", "10/06/2025", "150"
    occurrence_id = sheet["M7"].value
    workbook.save(template)

    code, stdout, err = _run(capsys, office_db, "import-xlsx", str(template), "--json", "--dry-run")
    assert (code, err) == (0, "")
    report = json.loads(stdout)
    assert report["dry_run"] is True
    [entry] = report["files"]
    assert entry["units"] == ["Trường Tiểu học Sùng Phài"]
    assert entry["sheets"][0]["matched_by"] == "mã dòng"
    [change] = entry["changes"]
    assert (change["task_path"], change["old"]["state"], change["new"]["state"]) == (
        "II.1",
        "not_started",
        "done",
    )
    assert change["new"]["completed_on"] == "2025-06-10"
    [problem] = entry["problems"]
    assert problem == {
        "file": "th.xlsx",
        "sheet": "Nhiệm vụ",
        "row": 8,
        "column": "G «Tiến độ (%)»",
        "reason": "tiến độ 150 vượt quá 100%",
    }
    db = open_database(office_db)
    assert get_occurrence(db, occurrence_id).state is WorkState.NOT_STARTED
    db.close()

    code, stdout, _ = _run(capsys, office_db, "import-xlsx", str(template))
    assert code == 0 and "Đã ghi 1 thay đổi từ 1 tệp." in stdout
    db = open_database(office_db)
    assert get_occurrence(db, occurrence_id).state is WorkState.DONE
    db.close()
    code, stdout, _ = _run(capsys, office_db, "import-xlsx", str(template))
    assert "Đã ghi 0 thay đổi từ 0 tệp." in stdout


def test_import_folder_prints_the_summary(office_db, tmp_path, capsys):
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    _unit_template(capsys, office_db, "Trường THCS San Thàng", folder / "a.xlsx")
    (folder / "hong.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    code, stdout, _ = _run(capsys, office_db, "import-xlsx", str(folder), "--json")
    assert code == 0
    summary = json.loads(stdout)["summary"]
    assert summary["reported"] == ["Trường THCS San Thàng"]
    assert summary["not_reported"] == [
        "Phòng Giáo dục và Đào tạo",
        "Trường Mầm non Hoa Ban",
        "Trường Tiểu học Sùng Phài",
    ]
    assert summary["rejected"] == [
        {"file": "hong.xlsx", "reason": "định dạng Excel cũ (.xls); hãy mở và lưu lại thành .xlsx"}
    ]


def test_a_file_that_is_not_xlsx_is_one_line_and_exit_1(office_db, tmp_path):
    fake = tmp_path / "ketqua.xlsx"
    fake.write_text("TT,Nội dung\n1,Rà soát\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "import-xlsx", str(fake), "--db", str(office_db)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert result.stderr == "Lỗi: Tệp ketqua.xlsx: tệp văn bản (CSV?), không phải bảng tính .xlsx\n"


def test_unknown_plan_and_unknown_unit_are_one_line_errors(office_db, tmp_path, capsys):
    code, _, err = _run(
        capsys, office_db, "export-xlsx", "annex", "--plan", "99/KH-X", "--out", str(tmp_path / "a.xlsx")
    )
    assert (code, err) == (1, 'Lỗi: Không tìm thấy kế hoạch số "99/KH-X"\n')
    code, _, err = _unit_template(capsys, office_db, "Trường Không Có", tmp_path / "t.xlsx")
    assert (code, err) == (1, "Lỗi: --unit: không có đơn vị nào tên 'Trường Không Có'\n")


def test_template_period_option_and_json_lists_material_changes(office_db, tmp_path, capsys):
    template = tmp_path / "th.xlsx"
    code, _, err = _unit_template(
        capsys,
        office_db,
        "Trường Tiểu học Sùng Phài",
        template,
        "--as-of",
        "2025-11-20",
        "--period",
        "2025-q2",
    )
    assert (code, err) == (0, "")
    workbook = load_workbook(template)
    report = workbook["Báo cáo chung"]
    assert report["A3"].value == "Kỳ báo cáo: quý II năm 2025 (từ 15/03/2025 đến 14/06/2025)"
    assert report["H7"].value == "2025-Q2"
    sheet = workbook["Nhiệm vụ"]
    sheet["J7"], sheet["K7"] = "Thiếu máy", "Cấp máy"
    report["D7"] = "Nổi bật quý II"
    workbook.save(template)

    code, stdout, _ = _run(capsys, office_db, "import-xlsx", str(template), "--json")
    [entry] = json.loads(stdout)["files"]
    [change] = entry["changes"]
    assert (change["old"]["difficulties"], change["new"]["difficulties"], change["new"]["proposals"]) == (
        "",
        "Thiếu máy",
        "Cấp máy",
    )
    assert entry["report_changes"] == [
        {
            "sheet": "Báo cáo chung",
            "row": 7,
            "unit": "Trường Tiểu học Sùng Phài",
            "period": "2025-Q2",
            "period_label": "quý II năm 2025",
            "old": None,
            "new": {"highlights": "Nổi bật quý II", "shortcomings": "", "proposals": ""},
        }
    ]
    assert entry["applied"] == 2
    code, stdout, _ = _run(capsys, office_db, "import-xlsx", str(template), "--dry-run")
    assert "0 thay đổi" in stdout


def test_import_text_output_names_the_unit_report_change(office_db, tmp_path, capsys):
    template = tmp_path / "mn.xlsx"
    _unit_template(capsys, office_db, "Trường Mầm non Hoa Ban", template, "--as-of", "2025-11-20")
    workbook = load_workbook(template)
    workbook["Báo cáo chung"]["E7"] = "Thiếu giáo viên"
    workbook.save(template)
    code, stdout, _ = _run(capsys, office_db, "import-xlsx", str(template), "--dry-run")
    assert code == 0
    assert (
        "  Báo cáo chung tháng 11 năm 2025 (Trường Mầm non Hoa Ban, dòng 7): "
        "Tồn tại, hạn chế, khó khăn: — → Thiếu giáo viên"
    ) in stdout.splitlines()


def test_bad_period_and_period_outside_templates_are_one_line_errors(office_db, tmp_path, capsys):
    code, _, err = _unit_template(
        capsys, office_db, "Trường THCS San Thàng", tmp_path / "t.xlsx", "--period", "2025-Q5"
    )
    assert (
        code == 1
        and err.startswith("Lỗi: --period: Kỳ báo cáo «2025-Q5» không hợp lệ")
        and err.count("\n") == 1
    )
    code, _, err = _run(
        capsys,
        office_db,
        "export-xlsx",
        "annex",
        "--plan",
        "1",
        "--out",
        str(tmp_path / "a.xlsx"),
        "--period",
        "2025",
    )
    assert (code, err) == (1, "Lỗi: --unit, --per-unit và --period chỉ dùng cho biểu mẫu (template)\n")
