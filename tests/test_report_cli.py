"""`main.py report KIND`: each report written to a PDF headlessly; bad arguments exit 1 with one line."""

from __future__ import annotations

import subprocess
import sys

import pdfplumber
import pytest

from cli import main
from storage.database import open_database
from tests.test_report_fixtures import build_sample

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture
def sample_db(db_path):
    db = open_database(db_path)
    build_sample(db)
    db.close()
    return db_path


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["plan", "--plan", "/KH-UBND"], ["KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN"]),
        (["progress", "--plan", "1", "--as-of", "10/07/2025"], ["BÁO CÁO", "Tỷ lệ hoàn thành: 66,67%"]),
        (["deadlines", "--as-of", "2025-07-10"], ["DANH SÁCH", "I. NHIỆM VỤ QUÁ HẠN (02 nhiệm vụ)"]),
        (
            ["assignment", "--unit", "phong noi vu", "--as-of", "2025-07-10"],
            ["PHIẾU GIAO NHIỆM VỤ", "Đơn vị: Phòng Nội vụ"],
        ),
    ],
)
def test_each_report_is_written_headlessly(sample_db, tmp_path, capsys, argv, expected):
    out = tmp_path / f"{argv[0]}.pdf"
    assert main(["report", *argv, "--out", str(out), "--db", str(sample_db)]) == 0
    assert capsys.readouterr().out.strip().startswith(f"Đã ghi {out}")
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    for phrase in expected:
        assert phrase in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", "--out", "{tmp}/x.pdf"], "cần --plan"),
        (["progress", "--out", "{tmp}/x.pdf"], "cần --plan"),
        (["assignment", "--out", "{tmp}/x.pdf"], "cần --unit"),
        (["summary", "--out", "{tmp}/x.pdf"], "invalid choice"),
        (["plan", "--plan", "99", "--out", "{tmp}/x.pdf"], "Không tìm thấy kế hoạch"),
        (["plan", "--plan", "1", "--out", "{tmp}/x.odt"], "đuôi .pdf hoặc .docx"),
        (["plan", "--plan", "1", "--out", "{tmp}/no/such/dir/x.pdf"], "không có thư mục"),
        (["deadlines", "--out", "{tmp}/x.pdf", "--as-of", "31/02/2025"], "--as-of"),
        (["deadlines", "--out", "{tmp}/x.pdf", "--unit", "Sở Y tế"], "--unit"),
        (["deadlines"], "--out"),
    ],
)
def test_bad_arguments_exit_1_with_one_line_and_write_nothing(sample_db, tmp_path, capsys, argv, message):
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    assert main(["report", *argv, "--db", str(sample_db)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1 and captured.out == ""
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.docx"))


def test_a_missing_database_is_an_error_not_a_new_file(tmp_path, capsys):
    missing = tmp_path / "none.sqlite3"
    assert main(["report", "deadlines", "--out", str(tmp_path / "x.pdf"), "--db", str(missing)]) == 1
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err and not missing.exists()


def test_main_py_report_runs_as_a_process(sample_db, tmp_path):
    out = tmp_path / "phieu.pdf"
    done = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "report", "assignment", "--unit", "Phòng Giáo dục và Đào tạo",
         "--out", str(out), "--db", str(sample_db), "--as-of", "2025-07-10"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
