"""Backing up, checking and restoring the database file."""

import sqlite3

import pytest

from core.model import Plan, Unit
from storage.backup import backup_database, check_database, restore_database
from storage.database import StorageError, open_database
from storage.migrations import SCHEMA_VERSION
from storage.plans import find_plan, save_plan
from storage.units import list_units, save_unit


def _unit_names(path) -> list[str]:
    db = open_database(path, create=False)
    try:
        return [unit.name for unit in list_units(db)]
    finally:
        db.close()


def test_a_backup_of_an_open_database_holds_its_data_and_checks_clean(db, db_path, tmp_path):
    save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND"))
    dest = backup_database(db_path, tmp_path / "sao lưu" / "kehoach-2025.sqlite3")
    assert dest.is_file()
    assert check_database(dest) == []
    assert _unit_names(dest) == ["Phòng Giáo dục và Đào tạo"]
    copy = open_database(dest, create=False)
    try:
        assert find_plan(copy, "367/KH-UBND").title == "Chuyển đổi số"
    finally:
        copy.close()
    assert list((tmp_path / "sao lưu").glob("*.partial")) == []


def test_backing_up_replaces_an_older_backup(db, db_path, tmp_path):
    dest = tmp_path / "backup.sqlite3"
    backup_database(db_path, dest)
    save_unit(db, Unit("Phòng Nội vụ"))
    backup_database(db_path, dest)
    assert _unit_names(dest) == ["Phòng Nội vụ"]


def test_backing_up_a_file_that_is_not_a_database_is_refused(tmp_path):
    source = tmp_path / "ghi-chu.txt"
    source.write_text("Kế hoạch số 367/KH-UBND", encoding="utf-8")
    with pytest.raises(StorageError, match="ghi-chu.txt"):
        backup_database(source, tmp_path / "out.sqlite3")
    assert not (tmp_path / "out.sqlite3").exists()


def test_backing_up_a_file_onto_itself_is_refused(db, db_path):
    with pytest.raises(StorageError, match="chính nó"):
        backup_database(db_path, db_path)


def test_check_reports_a_file_that_is_missing_or_not_sqlite(tmp_path):
    missing = tmp_path / "khong-co.sqlite3"
    assert check_database(missing) == [f"Không tìm thấy tệp {missing}"]
    junk = tmp_path / "anh.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (problem,) = check_database(junk)
    assert "anh.png" in problem
    assert "SQLite" in problem


def test_check_reports_dangling_references_and_missing_tables(db, db_path):
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO tasks (plan_id, content, content_key, created_at, updated_at)"
        " VALUES (42, 'x', 'x', '', '')"
    )
    conn.execute("DROP TABLE settings")
    conn.commit()
    conn.close()
    problems = check_database(db_path)
    assert "Thiếu bảng settings" in problems
    assert any("Bảng tasks" in problem and "plans" in problem for problem in problems)


def test_check_reports_a_schema_newer_than_this_program_and_an_empty_file(db_path, tmp_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE t (id INTEGER)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    (problem,) = check_database(db_path)
    assert f"v{SCHEMA_VERSION + 3}" in problem
    empty = tmp_path / "rong.sqlite3"
    empty.write_bytes(b"")
    (problem,) = check_database(empty)
    assert "v0" in problem


def test_restore_brings_back_the_backup_and_keeps_the_replaced_file(db, db_path, tmp_path):
    save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    backup = backup_database(db_path, tmp_path / "backup.sqlite3")
    save_unit(db, Unit("Đơn vị thêm sau khi sao lưu"))
    db.close()
    kept = restore_database(backup, db_path)
    assert _unit_names(db_path) == ["Phòng Giáo dục và Đào tạo"]
    assert kept is not None
    assert kept.name.startswith("kehoach.sqlite3.before-restore-")
    assert _unit_names(kept) == ["Đơn vị thêm sau khi sao lưu", "Phòng Giáo dục và Đào tạo"]


def test_restore_into_a_new_location_keeps_no_copy(db, db_path, tmp_path):
    save_unit(db, Unit("Phòng Nội vụ"))
    target = tmp_path / "moi" / "kehoach.sqlite3"
    assert restore_database(db_path, target) is None
    assert _unit_names(target) == ["Phòng Nội vụ"]


def test_a_damaged_backup_is_refused_and_the_database_is_left_alone(db, db_path, tmp_path):
    save_unit(db, Unit("Phòng Nội vụ"))
    db.close()
    before = db_path.read_bytes()
    bad = tmp_path / "hong.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 300)
    with pytest.raises(StorageError, match="hong.sqlite3"):
        restore_database(bad, db_path)
    assert db_path.read_bytes() == before
    assert list(tmp_path.glob("*.before-restore-*")) == []
