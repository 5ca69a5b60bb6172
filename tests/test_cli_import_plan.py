"""`main.py import-plan`: dry run saves nothing, saving returns plan_id, duplicates are never silent."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from storage.database import open_database
from storage.plans import find_plan, list_plans

REPO = Path(__file__).resolve().parents[1]


def run_json(capsys, *args) -> dict:
    assert main(["import-plan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def sample(samples_dir):
    return str(samples_dir / "000_a704352cefaf8eca.txt")


def test_dry_run_prints_the_contract_and_creates_no_database(sample, db_path, capsys):
    result = run_json(capsys, sample, "--db", str(db_path), "--dry-run")
    assert result["number"] == "367/KH-UBND" and result["issued_on"] == "2024-12-24"
    assert "plan_id" not in result
    assert not db_path.exists()


def test_saved_plan_id_is_usable_as_a_reference(sample, db_path, capsys):
    result = run_json(capsys, sample, "--db", str(db_path))
    db = open_database(db_path)
    try:
        assert find_plan(db, result["plan_id"]).reference == "367/KH-UBND"
        assert find_plan(db, "367/KH-UBND").id == result["plan_id"]
    finally:
        db.close()


def test_importing_twice_stops_unless_update_or_keep_both(sample, db_path, capsys):
    first = run_json(capsys, sample, "--db", str(db_path))
    assert main(["import-plan", sample, "--db", str(db_path)]) == 1
    assert "--update" in capsys.readouterr().err
    updated = run_json(capsys, sample, "--db", str(db_path), "--update")
    assert updated["plan_id"] == first["plan_id"]
    both = run_json(capsys, sample, "--db", str(db_path), "--keep-both")
    assert both["plan_id"] != first["plan_id"]
    db = open_database(db_path)
    assert len(list_plans(db)) == 2
    db.close()


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "rỗng"),
        (b"\x00\x01\x02\xff\xfe binary", "nhị phân"),
        ("Danh sách đi chợ\nrau\nthịt".encode(), "kế hoạch"),
    ],
)
def test_bad_input_exits_1_with_one_line_and_saves_nothing(tmp_path, db_path, content, fragment):
    bad = tmp_path / "tep-hong.txt"
    bad.write_bytes(content)
    command = [sys.executable, str(REPO / "main.py"), "import-plan", str(bad), "--db", str(db_path)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "tep-hong.txt" in result.stderr and fragment in result.stderr.lower()
    assert not db_path.exists()


def test_a_missing_file_is_reported(tmp_path, capsys):
    assert main(["import-plan", str(tmp_path / "khong-co.docx")]) == 1
    assert "khong-co.docx" in capsys.readouterr().err
