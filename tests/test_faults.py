"""Machine faults (full disk, locks, read-only files, failing drives) as one Vietnamese line each."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.vntext import nfc
from storage.faults import Fault, classify, fault_message

DATA = Path("D:/KeHoach/kehoach.sqlite3")


def _os_error(
    cls: type[OSError], code: int, filename: str | None = None, winerror: int | None = None
) -> OSError:
    error = cls(code, "message from the system", filename)
    if winerror is not None:
        error.winerror = winerror  # as Windows sets it; absent elsewhere
    return error


TABLE = [
    (sqlite3.OperationalError("database or disk is full"), Fault.DISK_FULL, "đã đầy"),
    (sqlite3.OperationalError("database is locked"), Fault.LOCKED, "đang bị một chương trình khác khóa"),
    (sqlite3.OperationalError("attempt to write a readonly database"), Fault.READ_ONLY, "chỉ cho phép đọc"),
    (sqlite3.OperationalError("disk I/O error"), Fault.IO_ERROR, "Lỗi đọc ghi ổ đĩa"),
    (sqlite3.OperationalError("unable to open database file"), Fault.CANT_OPEN, "Không mở được"),
    (sqlite3.DatabaseError("database disk image is malformed"), Fault.CORRUPT, "bị hỏng"),
    (_os_error(OSError, errno.ENOSPC), Fault.DISK_FULL, "đã đầy"),
    (_os_error(OSError, errno.EROFS), Fault.READ_ONLY, "chỉ cho phép đọc"),
    (_os_error(OSError, errno.EIO), Fault.IO_ERROR, "Lỗi đọc ghi ổ đĩa"),
    (_os_error(PermissionError, errno.EACCES), Fault.PERMISSION, "Không có quyền"),
    (_os_error(FileNotFoundError, errno.ENOENT), Fault.MISSING, "Không tìm thấy"),
    (_os_error(OSError, errno.EINVAL, winerror=112), Fault.DISK_FULL, "đã đầy"),
    (_os_error(PermissionError, errno.EACCES, winerror=32), Fault.PERMISSION, "đang mở trong chương trình"),
    (_os_error(OSError, errno.EINVAL, winerror=64), Fault.IO_ERROR, "mạng tới thư mục dùng chung bị ngắt"),
]


@pytest.mark.parametrize(("error", "fault", "phrase"), TABLE, ids=[f"{e!r}" for e, _, _ in TABLE])
def test_each_fault_is_one_vietnamese_line_naming_the_file(error, fault, phrase):
    assert classify(error) is fault
    message = fault_message(error, DATA)
    assert phrase in message
    assert str(DATA) in message
    assert "\n" not in message
    assert message == nfc(message)
    assert "Error" not in message and "errno" not in message


def test_an_os_error_names_its_own_file_rather_than_the_data_file():
    error = _os_error(PermissionError, errno.EACCES, "E:/Báo cáo/tien-do.pdf")
    message = fault_message(error, DATA)
    assert "E:/Báo cáo/tien-do.pdf" in message
    assert str(DATA) not in message


def test_a_write_refused_because_the_user_chose_read_only_says_why():
    error = sqlite3.OperationalError("attempt to write a readonly database")
    message = fault_message(error, DATA, read_only_reason="Nguyễn Văn An đang mở tệp trên máy KT-01")
    assert "đang mở chỉ để đọc (Nguyễn Văn An đang mở tệp trên máy KT-01)" in message
    assert "không lưu được thay đổi" in message


def test_disk_full_says_the_saved_data_is_untouched():
    message = fault_message(sqlite3.OperationalError("database or disk is full"))
    assert "dữ liệu đã lưu không bị ảnh hưởng" in message
    assert "tệp dữ liệu đã đầy" in message  # no path given: still names what is full


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad"),
        KeyError("x"),
        sqlite3.IntegrityError("UNIQUE constraint failed"),
        OSError(errno.EINVAL, "x"),
    ],
)
def test_errors_that_are_not_machine_faults_give_none(error):
    assert classify(error) is None
    assert fault_message(error, DATA) is None


@given(st.text(max_size=40), st.sampled_from([e for e, _, _ in TABLE]))
def test_any_path_is_named_verbatim(name, error):
    path = f"C:/{name}.sqlite3"
    if isinstance(error, OSError) and error.filename:
        return
    assert path in fault_message(error, path)


# --- the same faults raised by SQLite itself, not constructed -----------------------------------


def test_real_disk_full_from_sqlite(tmp_path):
    conn = sqlite3.connect(tmp_path / "full.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 3")  # the database cannot grow: SQLite reports SQLITE_FULL
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    assert classify(raised.value) is Fault.DISK_FULL


def test_real_lock_and_read_only_from_sqlite(tmp_path):
    path = tmp_path / "d.sqlite3"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN IMMEDIATE")
    second = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as locked:
        second.execute("INSERT INTO t VALUES (1)")
    assert classify(locked.value) is Fault.LOCKED
    first.execute("ROLLBACK")
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as read_only:
        reader.execute("INSERT INTO t VALUES (1)")
    assert classify(read_only.value) is Fault.READ_ONLY


@given(
    st.sampled_from([OSError, PermissionError, FileNotFoundError, IsADirectoryError]),
    st.integers(min_value=0, max_value=200),
    st.one_of(st.none(), st.integers(min_value=0, max_value=2000)),
    st.one_of(st.none(), st.text(max_size=30)),
)
def test_any_os_error_gets_one_line_naming_its_file_or_none(cls, code, winerror, filename):
    error = _os_error(cls, code, filename, winerror)
    message = fault_message(error, DATA)
    if message is None:
        assert classify(error) is None
        return
    assert "\n" not in message.replace(filename or "", "")
    assert (filename or str(DATA)) in message
