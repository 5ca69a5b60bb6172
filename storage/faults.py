"""The machine's faults (full disk, locked or read-only file, failing drive, missing file) in Vietnamese.

SQLite and the operating system report these as `sqlite3.OperationalError("database or disk is
full")`, `PermissionError(13, …)` and the like, which a clerk cannot act on. `fault_message` turns
each into one line naming the file and what to do; anything else (a bug) gives None, so the caller
keeps its own handling for those. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import enum
import errno
import sqlite3
from pathlib import Path


class Fault(enum.Enum):
    DISK_FULL = "disk_full"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    IO_ERROR = "io_error"
    PERMISSION = "permission"
    MISSING = "missing"
    CANT_OPEN = "cant_open"
    CORRUPT = "corrupt"


# Primary SQLite result codes (the extended code's low byte).
_SQLITE_FAULTS = {
    5: Fault.LOCKED,  # SQLITE_BUSY
    6: Fault.LOCKED,  # SQLITE_LOCKED
    8: Fault.READ_ONLY,  # SQLITE_READONLY
    10: Fault.IO_ERROR,  # SQLITE_IOERR
    11: Fault.CORRUPT,  # SQLITE_CORRUPT
    13: Fault.DISK_FULL,  # SQLITE_FULL
    14: Fault.CANT_OPEN,  # SQLITE_CANTOPEN
    26: Fault.CORRUPT,  # SQLITE_NOTADB
}
# For errors raised without a code (older Pythons, errors re-created from text).
_SQLITE_TEXTS = (
    ("disk is full", Fault.DISK_FULL),
    ("database is locked", Fault.LOCKED),
    ("database table is locked", Fault.LOCKED),
    ("readonly database", Fault.READ_ONLY),
    ("disk i/o error", Fault.IO_ERROR),
    ("malformed", Fault.CORRUPT),
    ("file is not a database", Fault.CORRUPT),
    ("unable to open database file", Fault.CANT_OPEN),
)
_ERRNO_FAULTS = {
    errno.ENOSPC: Fault.DISK_FULL,
    errno.EROFS: Fault.READ_ONLY,
    errno.EIO: Fault.IO_ERROR,
    errno.ENXIO: Fault.IO_ERROR,
    errno.ENODEV: Fault.IO_ERROR,
    errno.ESTALE: Fault.IO_ERROR,
    errno.EDQUOT: Fault.DISK_FULL,
}
# Windows error codes Python does not map to an errno of the same meaning.
_WINERROR_FAULTS = {
    21: Fault.IO_ERROR,  # ERROR_NOT_READY: the USB stick or CD is gone
    39: Fault.DISK_FULL,  # ERROR_HANDLE_DISK_FULL
    53: Fault.IO_ERROR,  # ERROR_BAD_NETPATH
    59: Fault.IO_ERROR,  # ERROR_UNEXP_NET_ERR
    64: Fault.IO_ERROR,  # ERROR_NETNAME_DELETED: the shared folder dropped
    112: Fault.DISK_FULL,  # ERROR_DISK_FULL
    1006: Fault.IO_ERROR,  # ERROR_FILE_INVALID: the volume was removed
    19: Fault.READ_ONLY,  # ERROR_WRITE_PROTECT
    32: Fault.PERMISSION,  # ERROR_SHARING_VIOLATION: open in Word, Excel, a PDF viewer
    33: Fault.PERMISSION,  # ERROR_LOCK_VIOLATION
}

_MESSAGES = {
    Fault.DISK_FULL: (
        "Ổ đĩa chứa tệp {file} đã đầy: giải phóng chỗ trống (xóa bớt tệp, dọn Thùng rác) rồi thử "
        "lại; dữ liệu đã lưu không bị ảnh hưởng."
    ),
    Fault.LOCKED: (
        "Tệp {file} đang bị một chương trình khác khóa (một cửa sổ khác của chương trình này, "
        "phần mềm sao lưu hoặc diệt virus): đợi một lát rồi thử lại; dữ liệu đã lưu không bị ảnh "
        "hưởng."
    ),
    Fault.READ_ONLY: (
        "Không ghi được vào tệp {file}: tệp hoặc thư mục chứa nó chỉ cho phép đọc (thẻ nhớ khóa "
        "ghi, thư mục dùng chung chỉ đọc, thuộc tính Read-only): chép tệp sang thư mục có quyền "
        "ghi rồi mở lại; dữ liệu đã lưu không bị ảnh hưởng."
    ),
    Fault.IO_ERROR: (
        "Lỗi đọc ghi ổ đĩa với tệp {file} (ổ USB bị rút, mạng tới thư mục dùng chung bị ngắt hoặc"
        " ổ đĩa hỏng): kiểm tra ổ đĩa, mở lại tệp rồi thử lại; việc đang làm dở đã bị hủy, dữ "
        "liệu đã lưu trước đó không bị ảnh hưởng."
    ),
    Fault.PERMISSION: (
        "Không có quyền ghi hoặc đọc tệp {file}: tệp đang mở trong chương trình khác (Word, "
        "Excel, trình xem PDF) hoặc thư mục không cho phép ghi; đóng chương trình đó hoặc chọn "
        "thư mục khác rồi thử lại."
    ),
    Fault.MISSING: (
        "Không tìm thấy tệp {file}: tệp hoặc thư mục đã bị xóa, đổi tên, hoặc ổ đĩa chứa nó đã bị"
        " rút; cắm lại ổ đĩa hoặc mở lại tệp rồi thử lại."
    ),
    Fault.CANT_OPEN: (
        "Không mở được tệp {file}: ổ đĩa hoặc thư mục chứa nó không còn truy cập được hoặc không "
        "có quyền; kiểm tra ổ đĩa rồi mở lại tệp."
    ),
    Fault.CORRUPT: (
        "Tệp {file} bị hỏng (cấu trúc không còn nguyên vẹn): đừng ghi thêm vào tệp này; hãy khôi "
        "phục từ bản sao lưu gần nhất."
    ),
}
_READ_ONLY_CHOSEN = (
    "Tệp {file} đang mở chỉ để đọc ({reason}): không lưu được thay đổi; dữ liệu trong tệp không bị ảnh hưởng."
)
_UNNAMED_FILE = "dữ liệu"


def classify(error: BaseException) -> Fault | None:
    """Which machine fault `error` is, or None when it is not one (a bug, a user's bad input)."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and (code & 0xFF) in _SQLITE_FAULTS:
            return _SQLITE_FAULTS[code & 0xFF]
        text = str(error).lower()
        return next((fault for needle, fault in _SQLITE_TEXTS if needle in text), None)
    if not isinstance(error, OSError):
        return None
    winerror = getattr(error, "winerror", None)
    if winerror in _WINERROR_FAULTS:
        return _WINERROR_FAULTS[winerror]
    if error.errno in _ERRNO_FAULTS:
        return _ERRNO_FAULTS[error.errno]
    if isinstance(error, PermissionError):
        return Fault.PERMISSION
    if isinstance(error, FileNotFoundError):
        return Fault.MISSING
    return None


def fault_message(
    error: BaseException, path: str | Path | None = None, read_only_reason: str | None = None
) -> str | None:
    """One Vietnamese line for a machine fault, naming the file and what to do; None for other errors.

    `path` is the data file an SQLite error happened on; an OSError names its own file, which wins.
    `read_only_reason` says why the data file was opened read-only (another user has it open…), so a
    save refused for that reason says so instead of blaming the drive.
    """
    fault = classify(error)
    if fault is None:
        return None
    named = getattr(error, "filename", None) if isinstance(error, OSError) else None
    target = named or path
    file = str(target) if target is not None else _UNNAMED_FILE
    if fault is Fault.READ_ONLY and read_only_reason:
        return _READ_ONLY_CHOSEN.format(file=file, reason=read_only_reason)
    return _MESSAGES[fault].format(file=file)
