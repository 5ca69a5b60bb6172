"""A data file opened read-only: every write is refused with the reason, for every connection to it."""

from __future__ import annotations

import sqlite3

import pytest

from core.model import Unit
from storage.database import StorageError, forget_read_only, open_database, read_only_reason
from storage.faults import fault_message
from storage.units import list_units, save_unit

REASON = "Nguyễn Văn An đang mở tệp trên máy KT-01"


@pytest.fixture
def saved_file(db_path):
    db = open_database(db_path)
    db.close()
    yield db_path
    forget_read_only(db_path)


def test_a_read_only_database_reads_and_refuses_writes_with_the_reason(saved_file):
    db = open_database(saved_file, read_only=REASON)
    try:
        before = list_units(db)
        with pytest.raises(sqlite3.OperationalError) as raised:
            save_unit(db, Unit(name="Phòng Nội vụ"))
        message = fault_message(raised.value, saved_file, read_only_reason(saved_file))
        assert message.startswith(f"Tệp {saved_file} đang mở chỉ để đọc ({REASON})")
        assert list_units(db) == before
    finally:
        db.close()


def test_a_job_opening_its_own_connection_to_the_same_file_cannot_write_either(saved_file):
    open_database(saved_file, read_only=REASON).close()
    job_db = open_database(saved_file)  # as gui jobs do, from context.db_path
    try:
        with pytest.raises(sqlite3.OperationalError):
            save_unit(job_db, Unit(name="Phòng Nội vụ"))
    finally:
        job_db.close()
    forget_read_only(saved_file)
    writable = open_database(saved_file)
    try:
        save_unit(writable, Unit(name="Phòng Nội vụ"))
    finally:
        writable.close()


def test_a_file_needing_a_migration_is_refused_read_only_and_left_untouched(saved_file):
    conn = sqlite3.connect(saved_file)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    before = saved_file.read_bytes()
    with pytest.raises(StorageError, match="cần được nâng cấp"):
        open_database(saved_file, read_only=REASON)
    assert saved_file.read_bytes() == before
    assert read_only_reason(saved_file) is None


def test_a_missing_file_is_not_created_read_only(tmp_path):
    with pytest.raises(StorageError, match="Không tìm thấy"):
        open_database(tmp_path / "none.sqlite3", read_only=REASON)
    assert not (tmp_path / "none.sqlite3").exists()


def test_opening_a_locked_file_gives_the_clear_message(saved_file):
    holder = sqlite3.connect(saved_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as raised:
            open_database(saved_file)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "đang bị một chương trình khác khóa" in str(raised.value)
    assert str(saved_file) in str(raised.value)
