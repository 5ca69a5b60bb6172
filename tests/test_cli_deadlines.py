"""`main.py deadlines`: JSON contract, statuses as of a date, one-line errors with exit 1."""

import json
import subprocess
import sys
from datetime import date

import pytest

from cli import main
from core.model import Plan, Role, Task, Unit, WorkState
from storage.assignments import list_assignments, list_occurrences, record_progress, set_assignments
from storage.database import open_database
from storage.plans import save_plan
from storage.tasks import save_task
from storage.units import save_unit

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture
def office_db(db_path):
    """A 2025 plan: one yearly task over 2025-2026, one due 30/6/2025 done late, one ongoing."""
    db = open_database(db_path)
    pgd = save_unit(db, Unit(name="Phòng Giáo dục và Đào tạo"))
    xa = save_unit(db, Unit(name="UBND xã Sùng Phài"))
    plan = save_plan(
        db,
        Plan(
            title="Kế hoạch thử",
            number="05",
            symbol="KH-UBND",
            issued_on=date(2025, 1, 5),
            period_start=date(2025, 1, 1),
            period_end=date(2026, 12, 31),
        ),
    )

    def task(ordinal: str, content: str, timeframe: str) -> Task:
        return save_task(
            db, Task(plan_id=plan.id, ordinal=ordinal, content=content, timeframe_text=timeframe)
        )

    yearly = task("1.", "Rà soát điểm trường", "Hằng năm")
    june = task("2.", "Báo cáo sơ kết", "Trước 30/6/2025")
    ongoing = task("3.", "Tuyên truyền", "Thường xuyên")
    set_assignments(db, yearly.id, [(pgd.id, Role.LEAD, None), (xa.id, Role.SUPPORT, None)])
    set_assignments(db, june.id, [(pgd.id, Role.LEAD, None)])
    set_assignments(db, ongoing.id, [(xa.id, Role.LEAD, None)])
    [june_assignment] = list_assignments(db, june.id)
    [occurrence] = list_occurrences(db, june_assignment.assignment.id)
    record_progress(db, occurrence.id, WorkState.DONE, 100, date(2025, 7, 2), "Đã báo cáo")
    db.close()
    return db_path


def run_json(capsys, *args) -> dict:
    assert main(["deadlines", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_each_occurrence_with_its_status(office_db, capsys):
    result = run_json(capsys, "--db", str(office_db), "--as-of", "2026-03-01")
    assert result["as_of"] == "2026-03-01"
    assert result["counts"] == {
        "done_on_time": 0,
        "done_late": 1,
        "in_progress": 2,
        "due_soon": 0,
        "overdue": 2,
        "no_deadline": 1,
    }
    yearly = [item for item in result["items"] if item["task"] == "Rà soát điểm trường"]
    assert sorted((item["occurrence"], item["unit"], item["status"]) for item in yearly) == [
        ("2025", "Phòng Giáo dục và Đào tạo", "overdue"),
        ("2025", "UBND xã Sùng Phài", "overdue"),
        ("2026", "Phòng Giáo dục và Đào tạo", "in_progress"),
        ("2026", "UBND xã Sùng Phài", "in_progress"),
    ]
    june = next(item for item in result["items"] if item["task"] == "Báo cáo sơ kết")
    assert june == {
        "plan": "05/KH-UBND",
        "task_path": "2",
        "task": "Báo cáo sơ kết",
        "unit": "Phòng Giáo dục và Đào tạo",
        "role": "lead",
        "due": "2025-06-30",
        "occurrence": None,
        "status": "done_late",
    }


def test_as_of_before_completion_sees_the_task_still_open(office_db, capsys):
    result = run_json(capsys, "--db", str(office_db), "--as-of", "2025-06-25")
    june = next(item for item in result["items"] if item["task"] == "Báo cáo sơ kết")
    assert june["status"] == "due_soon"
    # 2026 occurrences have not opened yet in June 2025
    assert {item["occurrence"] for item in result["items"]} == {None, "2025"}


def test_unit_filter_and_vietnamese_date_format(office_db, capsys):
    result = run_json(capsys, "--db", str(office_db), "--as-of", "01/03/2026", "--unit", "ubnd xa sung phai")
    assert {item["unit"] for item in result["items"]} == {"UBND xã Sùng Phài"}
    assert result["counts"]["no_deadline"] == 1


def test_text_output_names_statuses_in_vietnamese(office_db, capsys):
    assert main(["deadlines", "--db", str(office_db), "--as-of", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "tính đến 01/03/2026" in out and "Quá hạn: 2" in out and "Hoàn thành quá hạn" in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--as-of", "2025-02-30"], "--as-of"),
        (["--unit", "Không có đơn vị này"], "--unit"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_arguments_exit_1_with_one_line(office_db, capsys, args, fragment):
    assert main(["deadlines", "--db", str(office_db), *args]) == 1
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err


def test_unreadable_database_is_one_line_without_traceback(tmp_path):
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(b"\x00\x01 not sqlite")
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "deadlines", "--db", str(bad)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "hong.sqlite3" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_database_is_not_created(tmp_path, capsys):
    missing = tmp_path / "chua-co.sqlite3"
    assert main(["deadlines", "--db", str(missing)]) == 1
    assert not missing.exists()
