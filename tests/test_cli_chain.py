"""`main.py office`, `main.py derive-plan` and `main.py deadlines --plan --rollup`: contracts and errors."""

from __future__ import annotations

import json

import pytest

from cli import main
from core.model import Unit, WorkState
from storage.assignments import list_assignments, list_occurrences, record_progress
from storage.database import open_database
from storage.units import find_unit, save_unit


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def received_db(db_path, samples_dir, capsys):
    """The city's annex imported as received, two kindergartens in the directory; no office yet."""
    code, _, err = _run(
        capsys, "import-plan", str(samples_dir / "002_2317825042ac3b9f.txt"), "--db", str(db_path)
    )
    assert code == 0, err
    db = open_database(db_path)
    for name in ("Trường Mầm non Hoa Ban", "Trường Mầm non Sơn Ca"):
        save_unit(db, Unit(name=name, kind_code="mam_non"))
    db.close()
    return db_path


def test_office_is_shown_set_and_given_as_json(received_db, capsys):
    db = str(received_db)
    code, out, _ = _run(capsys, "office", "--db", db)
    assert code == 0 and "Chưa có thông tin đơn vị" in out
    code, out, _ = _run(
        capsys, "office", "--db", db, "--name", "Phòng Giáo dục và Đào tạo", "--kind", "phong_ban",
        "--place", "Lai Châu", "--symbol", "PGDĐT", "--authority", "KT. TRƯỞNG PHÒNG",
        "--signer-title", "PHÓ TRƯỞNG PHÒNG", "--signer-name", "Lò Văn A",
        "--recipients", "Như trên;|Lưu: VT, PGDĐT.", "--json",
    )  # fmt: skip
    assert code == 0
    office = json.loads(out)
    assert office["authority"] == ["KT. TRƯỞNG PHÒNG"] and office["recipients"] == [
        "Như trên;",
        "Lưu: VT, PGDĐT.",
    ]
    assert office["unit_id"] == find_unit(open_database(received_db), "Phòng Giáo dục và Đào tạo").id
    code, out, _ = _run(capsys, "office", "--db", db, "--place", "Thành phố Lai Châu", "--json")
    assert json.loads(out)["place"] == "Thành phố Lai Châu"
    assert json.loads(out)["signer_name"] == "Lò Văn A"  # fields not given are kept


def test_office_refuses_an_unknown_kind_in_one_line(received_db, capsys):
    code, _, err = _run(capsys, "office", "--db", str(received_db), "--name", "X", "--kind", "khong_co")
    assert code == 1 and err.count("\n") == 1 and "khong_co" in err and "phong_ban" in err


def test_derive_plan_ours_prints_the_contract_and_rollup_reads_it_back(received_db, capsys):
    db = str(received_db)
    _run(capsys, "office", "--db", db, "--name", "Phòng Giáo dục và Đào tạo", "--symbol", "PGDĐT")
    code, out, err = _run(capsys, "derive-plan", "--db", db, "--from", "1", "--ours", "--json")
    assert code == 0, err
    made = json.loads(out)
    assert isinstance(made["plan_id"], int) and made["plan_id"] != 1
    assert len(made["tasks"]) == 15
    first = made["tasks"][0]
    assert set(first) >= {"path", "source_path", "content", "lead_units", "support_units", "due"}
    assert first["lead_units"] == ["Phòng Giáo dục và Đào tạo"]
    by_source = {task["source_path"]: task for task in made["tasks"]}
    assert by_source["I.2"]["due"] == "2025-12-31"

    db_handle = open_database(received_db)
    office = find_unit(db_handle, "Phòng Giáo dục và Đào tạo").id
    task_id = db_handle.execute(
        "SELECT id FROM tasks WHERE plan_id = ? AND path = ?", (made["plan_id"], by_source["I.2"]["path"])
    ).fetchone()[0]
    assignment = next(
        a.assignment for a in list_assignments(db_handle, task_id) if a.assignment.unit_id == office
    )
    occurrence = list_occurrences(db_handle, assignment.id)[0]
    record_progress(
        db_handle, occurrence.id, WorkState.DONE, 100, __import__("datetime").date(2025, 3, 1), "Xong"
    )
    db_handle.close()

    code, out, _ = _run(
        capsys, "deadlines", "--db", db, "--plan", "1", "--rollup", "--as-of", "2025-06-01", "--json"
    )
    assert code == 0
    rolled = {task["path"]: task for task in json.loads(out)["tasks"]}
    assert rolled["I.2"]["status"] == "done_on_time"
    assert rolled["I.2"]["summary"].startswith("1/1 đơn vị đã hoàn thành.")
    assert rolled["I.2"]["units"][0]["result"] == "Xong"
    assert rolled["II.1"]["status"] == "in_progress"
    code, out, _ = _run(capsys, "deadlines", "--db", db, "--plan", "1", "--rollup", "--as-of", "2025-06-01")
    assert code == 0 and "Hoàn thành đúng hạn" in out and "1/1 đơn vị đã hoàn thành" in out


def test_derive_plan_with_chosen_paths(received_db, capsys):
    db = str(received_db)
    _run(capsys, "office", "--db", db, "--name", "Phòng Giáo dục và Đào tạo")
    code, out, _ = _run(capsys, "derive-plan", "--db", db, "--from", "1", "--tasks", "II.1, iv.2", "--json")
    assert code == 0
    assert [task["source_path"] for task in json.loads(out)["tasks"]] == ["II.1", "IV.2"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("derive-plan", "--from", "1", "--ours"), "Chưa có thông tin đơn vị"),
        (("derive-plan", "--from", "1", "--tasks", "IX.9"), "IX.9"),
        (("derive-plan", "--from", "99", "--ours"), "99"),
        (("derive-plan", "--from", "1"), "--ours"),
        (("deadlines", "--rollup"), "--plan"),
        (("deadlines", "--plan", "1"), "--rollup"),
    ],
)
def test_chain_commands_refuse_bad_input_in_one_line_and_write_nothing(received_db, capsys, args, message):
    before = open_database(received_db).execute("SELECT count(*) FROM plans").fetchone()[0]
    code, _, err = _run(capsys, *args, "--db", str(received_db))
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert open_database(received_db).execute("SELECT count(*) FROM plans").fetchone()[0] == before


def test_printing_without_our_office_warns_and_says_how_to_fill_it_in(db_path, capsys, tmp_path):
    from core.model import Plan
    from storage.plans import save_plan

    db = open_database(db_path)
    save_plan(db, Plan(title="Kế hoạch thử"))
    db.close()
    out = tmp_path / "tien_do.pdf"
    code, printed, err = _run(
        capsys, "report", "progress", "--plan", "1", "--out", str(out), "--db", str(db_path)
    )
    assert code == 0 and out.read_bytes()[:5] == b"%PDF-"
    assert "Cảnh báo: Chưa có thông tin đơn vị" in err and "main.py office" in err
    _run(capsys, "office", "--db", str(db_path), "--name", "Phòng GD&ĐT", "--place", "Phong Thổ",
         "--symbol", "PGDĐT", "--signer-title", "TRƯỞNG PHÒNG", "--signer-name", "Lò Văn A")  # fmt: skip
    code, _, err = _run(capsys, "report", "progress", "--plan", "1", "--out", str(out), "--db", str(db_path))
    assert code == 0 and err == ""
