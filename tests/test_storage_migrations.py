"""Schema migrations: every past version (tests/fixtures/schema_v*.sqlite3) opens with its data."""

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from core.model import Role, WorkState
from storage import migrations
from storage.assignments import list_assignments, list_occurrences, progress_history
from storage.backup import check_database
from storage.database import StorageError, open_database, schema_version
from storage.migrations import DEFAULT_UNIT_KINDS, SCHEMA_VERSION, migrate
from storage.plans import find_plan, get_basis
from storage.settings import get_setting
from storage.tasks import list_tasks
from storage.units import group_members, list_unit_kinds, list_units

FIXTURES = Path(__file__).parent / "fixtures"


def _copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    return target


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_the_version_0_fixture_is_an_empty_file():
    assert (FIXTURES / "schema_v0.sqlite3").stat().st_size == 0


def test_the_version_1_fixture_really_is_at_version_1():
    assert _user_version(FIXTURES / "schema_v1.sqlite3") == 1


def test_an_empty_file_is_migrated_after_a_backup_copy(tmp_path):
    path = _copy_fixture("schema_v0.sqlite3", tmp_path)
    db = open_database(path)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        assert [kind.name for kind in list_unit_kinds(db)][:2] == ["Phòng, ban chuyên môn", "Sở, ban, ngành"]
    finally:
        db.close()
    backup = tmp_path / "schema_v0.sqlite3.bak-v0"
    assert backup.is_file()
    assert backup.stat().st_size == 0


def test_a_new_file_gets_no_backup_copy(db, db_path):
    assert list(db_path.parent.glob("*.bak-v*")) == []


def test_reopening_a_current_file_neither_migrates_nor_copies_it(db_path):
    open_database(db_path).close()
    before = db_path.read_bytes()
    open_database(db_path).close()
    assert db_path.read_bytes() == before
    assert list(db_path.parent.glob("*.bak-v*")) == []


def test_unit_kinds_are_seeded_and_no_unit_is_invented(db):
    kinds = list_unit_kinds(db)
    assert [(kind.code, kind.name) for kind in kinds] == list(DEFAULT_UNIT_KINDS)
    assert "Trường PTDTBT" in {kind.name for kind in kinds}
    assert "Trung tâm GDNN-GDTX" in {kind.name for kind in kinds}
    assert list_units(db) == []


def test_the_version_1_fixture_opens_with_all_its_data(tmp_path):
    path = _copy_fixture("schema_v1.sqlite3", tmp_path)
    db = open_database(path)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        plan = find_plan(db, "367/KH-UBND")
        assert plan.period_start == date(2025, 1, 1)
        assert plan.signer_authority == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
        assert get_basis(db, plan.id)[0].reference == "740/KH-BCSD"
        rows = list_tasks(db, plan.id)
        assert [row.path for row in rows] == ["II", "II.1"]
        assert rows[1].lead_units == ["Phòng Giáo dục và Đào tạo"]
        assignments = list_assignments(db, rows[1].task.id)
        assert [a.assignment.role for a in assignments] == [Role.LEAD, Role.SUPPORT]
        occurrences = list_occurrences(db, assignments[0].assignment.id)
        assert [o.key for o in occurrences] == [str(year) for year in range(2025, 2031)]
        assert occurrences[0].state is WorkState.DONE
        assert progress_history(db, occurrences[0].id)[0].result == "Đã rà soát 51 trường"
        group = next(unit for unit in list_units(db) if unit.is_group)
        assert [unit.name for unit in group_members(db, group.id)] == ["Trường Tiểu học Sùng Phài"]
        assert get_setting(db, "warn_days") == 5
    finally:
        db.close()
    assert check_database(path) == []
    expected_backups = 1 if SCHEMA_VERSION > 1 else 0
    assert len(list(tmp_path.glob("*.bak-v1*"))) == expected_backups


def test_a_failing_step_leaves_the_file_at_its_previous_version(db, monkeypatch):
    def broken_step(database):
        database.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("bước nâng cấp bị lỗi")

    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, broken_step))
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(migrations.STEPS))
    with pytest.raises(RuntimeError, match="bị lỗi"):
        migrate(db, None, target=len(migrations.STEPS))
    assert schema_version(db) == SCHEMA_VERSION
    assert "half_done" not in db.table_names()


def test_backup_copies_never_overwrite_an_earlier_one(tmp_path):
    path = tmp_path / "data.sqlite3"
    path.write_bytes(b"")
    (tmp_path / "data.sqlite3.bak-v0").write_bytes(b"older copy")
    assert migrations.backup_copy_path(path, 0) == tmp_path / "data.sqlite3.bak-v0.1"
    open_database(path).close()
    assert (tmp_path / "data.sqlite3.bak-v0").read_bytes() == b"older copy"
    assert (tmp_path / "data.sqlite3.bak-v0.1").is_file()


def test_a_negative_schema_version_is_not_taken_for_an_old_schema(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE t (id INTEGER)")
    conn.execute("PRAGMA user_version = -1")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="chương trình khác"):
        open_database(db_path)
    assert list(db_path.parent.glob("*.bak-v*")) == []


def test_version_2_keeps_the_audit_log_of_a_version_1_file_and_accepts_indicator_rows(tmp_path):
    from storage.audit import list_audit, record
    from storage.database import transaction

    path = _copy_fixture("schema_v1.sqlite3", tmp_path)
    before = sqlite3.connect(path).execute("SELECT count(*) FROM audit_log").fetchone()[0]
    db = open_database(path)
    try:
        assert before > 0
        assert len(list_audit(db, limit=10_000)) == before
        with transaction(db):
            record(db, "import", "indicator", 1, "Nhập chỉ tiêu")
        assert list_audit(db, limit=1)[0].entity == "indicator"
    finally:
        db.close()


def test_version_4_gives_old_tasks_no_source_and_links_new_ones(tmp_path):
    from storage.chain import DraftTask, derive_plan, source_task

    path = _copy_fixture("schema_v1.sqlite3", tmp_path)
    db = open_database(path)
    try:
        assert db.execute("SELECT count(*) FROM tasks WHERE source_task_id IS NOT NULL").fetchone()[0] == 0
        plan_id, task_id, content = db.execute(
            "SELECT plan_id, id, content FROM tasks WHERE kind = 'task' ORDER BY id LIMIT 1"
        ).fetchone()
        made = derive_plan(db, plan_id, [DraftTask(content=content, source_task_id=task_id)])
        assert source_task(db, made.tasks[0].task_id).task_id == task_id
    finally:
        db.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_past_version_opens_at_the_current_one_with_its_data(tmp_path, version):
    name = f"schema_v{version}.sqlite3"
    assert _user_version(FIXTURES / name) == version
    path = _copy_fixture(name, tmp_path)
    db = open_database(path)
    try:
        assert schema_version(db) == SCHEMA_VERSION
        plan = db.execute("SELECT number, symbol, title FROM plans WHERE id = 1").fetchone()
        assert plan[:2] == ("367", "KH-UBND") and plan[2].startswith("Thực hiện Chương trình chuyển đổi số")
        assert db.execute("SELECT count(*) FROM occurrences").fetchone()[0] == 12
        done = db.execute("SELECT state, progress, completed_on FROM occurrences WHERE id = 1").fetchone()
        assert done == ("done", 100, "2025-11-20")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if version >= 2:  # the audit of indicators v2 first allowed
            assert db.execute("SELECT count(*) FROM audit_log WHERE entity = 'indicator'").fetchone()[0] == 1
        if version >= 4:  # the link to a source task
            assert db.execute("SELECT source_task_id FROM tasks WHERE id = 3").fetchone()[0] == 2
        if version >= 5:  # a unit's words for a period
            words = db.execute("SELECT proposals FROM unit_reports WHERE unit_id = 2").fetchone()[0]
            assert words == "Đề nghị cấp thêm 10 máy"
    finally:
        db.close()
