"""`main.py backups|backup|restore|check [--repair]` with evidence files; files follow their task."""

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from cli import main
from core.model import Plan, Role, Task, Unit
from core.paths import attachments_dir
from storage.assignments import list_assignments, list_occurrences, set_assignments
from storage.attachments import QUARANTINE_FOLDER, TRASH_FOLDER, add_attachment, file_transaction
from storage.audit import list_audit
from storage.backup import automatic_backup
from storage.database import open_database
from storage.plans import list_plans, save_plan
from storage.tasks import delete_task, save_task
from storage.units import save_unit

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def world(db, db_path, tmp_path):
    """A plan with a task and a subtask, each with one evidence file."""
    plan = save_plan(
        db, Plan("Chuyển đổi số năm 2025", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    )
    unit = save_unit(db, Unit("Trường THCS Sơn Bình"))
    parent = save_task(db, Task(plan.id, "Số hóa hồ sơ", ordinal="1", timeframe_text="Năm 2025"))
    child = save_task(
        db, Task(plan.id, "Số hóa học bạ", ordinal="a", parent_id=parent.id, timeframe_text="Năm 2025")
    )
    files = {}
    for task, name in ((parent, "Biên bản.pdf"), (child, "Học bạ.pdf")):
        set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
        [row] = list_assignments(db, task.id)
        [occurrence] = list_occurrences(db, row.assignment.id)
        source = tmp_path / "nguon" / name
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(name.encode())
        files[name] = add_attachment(db, occurrence.id, source, attachments_dir(db_path))
    return {"plan": plan, "parent": parent, "child": child, "files": files}


def test_deleting_a_task_moves_its_subtrees_files_to_the_trash(db, db_path, world):
    root = attachments_dir(db_path)
    delete_task(db, world["parent"].id)
    for attachment in world["files"].values():
        assert not (root / attachment.stored_path).exists()
        trashed = root / TRASH_FOLDER / attachment.stored_path
        assert trashed.read_bytes() == attachment.file_name.encode()
    assert db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


def test_a_failed_task_deletion_leaves_the_files_in_place(db, db_path, world):
    root = attachments_dir(db_path)
    with pytest.raises(RuntimeError), file_transaction(db) as journal:
        delete_task(db, world["parent"].id, journal=journal)
        raise RuntimeError("lỗi giữa chừng")
    for attachment in world["files"].values():
        assert (root / attachment.stored_path).is_file()
    assert db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 2


def test_check_reports_missing_and_orphaned_files_and_repair_fixes_what_it_can(db, db_path, world, capsys):
    root = attachments_dir(db_path)
    (root / world["files"]["Học bạ.pdf"].stored_path).unlink()
    (root / "99").mkdir()
    (root / "99" / "lạc.pdf").write_bytes(b"khong thuoc ai")
    assert main(["check", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "Thiếu tệp minh chứng «Học bạ.pdf»" in err and "99/lạc.pdf" in err
    assert main(["check", "--repair", "--db", str(db_path)]) == 1  # the missing file cannot come back
    captured = capsys.readouterr()
    assert f"vào thư mục {QUARANTINE_FOLDER}" in captured.out
    assert "lạc.pdf" not in captured.err and "Học bạ.pdf" in captured.err
    assert (root / QUARANTINE_FOLDER / "99" / "lạc.pdf").is_file()
    assert any("thiếu tệp minh chứng «Học bạ.pdf»" in entry.summary for entry in list_audit(db))


def test_check_passes_a_file_whose_evidence_is_all_there(db, db_path, world, capsys):
    assert main(["check", "--db", str(db_path)]) == 0
    assert "không có lỗi" in capsys.readouterr().out


def test_backups_lists_the_automatic_copies_as_json(db, db_path, world, capsys):
    automatic_backup(db_path, "open", now=datetime(2026, 12, 1, 8))
    automatic_backup(db_path, "open", now=datetime(2026, 12, 2, 8))
    assert main(["backups", "--json", "--db", str(db_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["created_at"] for row in rows] == ["2026-12-02T08:00:00", "2026-12-01T08:00:00"]
    assert (rows[0]["plans"], rows[0]["tasks"], rows[0]["files"]) == (1, 2, 2)
    assert main(["backups", "--db", str(db_path)]) == 0
    assert "02/12/2026 08:00" in capsys.readouterr().out


def test_restore_from_an_automatic_copy_brings_back_database_and_files(db, db_path, world, capsys):
    [info], _ = automatic_backup(db_path, "open", now=datetime(2026, 12, 1, 8))
    delete_task(db, world["parent"].id)
    save_plan(db, Plan("Sau sao lưu"))
    db.close()
    assert main(["restore", "--db", str(db_path), str(info.path)]) == 0
    assert "tệp minh chứng" in capsys.readouterr().out
    restored = open_database(db_path, create=False)
    try:
        assert [plan.title for plan in list_plans(restored)] == ["Chuyển đổi số năm 2025"]
    finally:
        restored.close()
    for attachment in world["files"].values():
        restored_file = attachments_dir(db_path) / attachment.stored_path
        assert restored_file.read_bytes() == attachment.file_name.encode()
    assert main(["check", "--db", str(db_path)]) == 0


def test_backup_to_a_file_includes_the_evidence_folder(db, db_path, world, tmp_path, capsys):
    dest = tmp_path / "usb" / "saoluu.sqlite3"
    assert main(["backup", "--db", str(db_path), str(dest)]) == 0
    for attachment in world["files"].values():
        assert (attachments_dir(dest) / attachment.stored_path).is_file()


_CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")
conn.execute("BEGIN IMMEDIATE")
for n in range(3000):
    conn.execute("INSERT INTO audit_log (at, user, action, entity, summary)"
                 " VALUES ('', '', 'insert', 'plan', ?)", ("x" * 200,))
os._exit(0)
"""


def test_headless_check_and_backup_after_a_crash_with_a_hot_journal(db, db_path, tmp_path):
    db.close()
    subprocess.run([sys.executable, "-c", _CRASH, str(db_path)], check=True, timeout=60)
    assert Path(f"{db_path}-journal").stat().st_size > 0
    for command in (["check"], ["backup", str(tmp_path / "b.sqlite3")]):
        result = subprocess.run(
            [sys.executable, str(REPO / "main.py"), *command, "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
        assert result.returncode == 0, result.stderr
        assert "readonly" not in result.stderr


def test_check_does_not_upgrade_an_older_file(tmp_path, capsys):
    fixture = Path(__file__).parent / "fixtures" / "schema_v1.sqlite3"
    old = tmp_path / "cu.sqlite3"
    old.write_bytes(fixture.read_bytes())
    before = old.read_bytes()
    assert main(["check", "--db", str(old)]) == 1  # the fixture's evidence file was never shipped
    assert "Thiếu tệp minh chứng «Báo cáo rà soát.pdf»" in capsys.readouterr().err
    assert old.read_bytes() == before


def test_a_plan_in_the_trash_keeps_its_files_and_gets_them_back_when_restored(db, db_path, world, capsys):
    from storage.plans import delete_plan, restore_plan

    delete_plan(db, world["plan"].id)
    assert main(["check", "--db", str(db_path)]) == 0  # still recorded, still there: no orphans
    restore_plan(db, world["plan"].id)
    for attachment in world["files"].values():
        assert (attachments_dir(db_path) / attachment.stored_path).is_file()
    assert main(["check", "--db", str(db_path)]) == 0


def test_purging_a_plan_from_the_trash_moves_its_files_to_the_attachments_trash(db, db_path, world):
    from storage.plans import delete_plan, purge_plan

    root = attachments_dir(db_path)
    delete_plan(db, world["plan"].id)
    with pytest.raises(RuntimeError), file_transaction(db) as journal:
        purge_plan(db, world["plan"].id, journal=journal)
        raise RuntimeError("lỗi giữa chừng")
    assert all((root / attachment.stored_path).is_file() for attachment in world["files"].values())
    purge_plan(db, world["plan"].id)
    for attachment in world["files"].values():
        assert not (root / attachment.stored_path).exists()
        assert (root / TRASH_FOLDER / attachment.stored_path).read_bytes() == attachment.file_name.encode()
    assert db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    assert main(["check", "--db", str(db_path)]) == 0  # nothing left behind as an orphan
