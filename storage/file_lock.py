"""Who has a data file open: a lock file beside it, so that a second instance can say so.

SQLite's own locks last only for one transaction, so two windows on one file (on one PC, or on two
PCs over a shared folder) would each keep their own view and undo stack of data the other changes.
The first instance writes `<name>.lock` (JSON: user, host, pid, since, heartbeat, token), created
with O_EXCL so that exactly one instance gets it, and refreshes the heartbeat while it runs; the
second finds it and is told who and since when (`FileInUse`), and opens the file read-only or not at
all. A lock is stale, and taken over, when its process is gone (same host), or when its heartbeat is
older than STALE_AFTER (another host: its process cannot be seen from here, and a PC that crashed or
lost the network leaves its lock behind).

No Qt: the GUI calls `refresh` from a QTimer every HEARTBEAT_EVERY.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

HEARTBEAT_EVERY = timedelta(minutes=5)
STALE_AFTER = timedelta(hours=2)
LOCK_SUFFIX = ".lock"
# A lock file being written right now is empty or half-written for a moment: not stale until then.
_UNREADABLE_GRACE = timedelta(seconds=30)


@dataclass(frozen=True)
class LockOwner:
    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime
    token: str = ""

    def describe(self) -> str:
        """«Nguyễn Văn An trên máy KT-01, từ 08:15 ngày 07/12/2026» (user-facing)."""
        return f"{self.user} trên máy {self.host}, từ {self.since:%H:%M} ngày {self.since:%d/%m/%Y}"


class FileInUse(Exception):
    """The data file is open in another instance, described by `owner`."""

    def __init__(self, path: Path, owner: LockOwner | None):
        self.path, self.owner = path, owner
        who = owner.describe() if owner else "một chương trình khác (đang ghi tệp khóa)"
        super().__init__(f"Tệp {path} đang được mở bởi {who}")


def lock_path(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or passwd
        return "?"


def current_host() -> str:
    return socket.gethostname() or "?"


class FileLock:
    """This instance's hold on a data file; `release` (or leaving a `with`) removes the lock file."""

    def __init__(self, db_path: Path, owner: LockOwner):
        self.db_path, self.owner = db_path, owner
        self.path = lock_path(db_path)
        self.released = False

    def refresh(self, now: datetime | None = None) -> bool:
        """Write a new heartbeat; False when the lock is no longer ours (another instance took it over).

        A lock file deleted meanwhile (by a user tidying the folder) is written again.
        """
        if self.released:
            return False
        try:
            found = read_owner(self.path)
        except FileNotFoundError:
            found = None
        except ValueError:  # another instance is writing its own lock there right now
            return False
        if found is not None and found.token != self.owner.token:
            return False
        self.owner = _replace_heartbeat(self.owner, now or _now())
        try:
            _write_whole(self.path, self.owner)
        except OSError:
            # A shared folder gone for a moment: the next heartbeat tries again.
            return True
        return True

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        try:
            found = read_owner(self.path)
        except (FileNotFoundError, ValueError):
            return
        if found.token == self.owner.token:
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def acquire(
    db_path: str | Path, now: datetime | None = None, stale_after: timedelta = STALE_AFTER
) -> FileLock:
    """Take the lock on `db_path` for this process; FileInUse when another live instance holds it.

    A stale lock (see the module's docstring) is removed and taken. Raises OSError when the
    folder cannot be written at all (the caller then opens the file read-only anyway).
    """
    db_path = Path(db_path)
    path = lock_path(db_path)
    now = now or _now()
    owner = LockOwner(current_user(), current_host(), os.getpid(), now, now, secrets.token_hex(8))
    for _attempt in range(3):
        try:
            _create_exclusive(path, owner)
            return FileLock(db_path, owner)
        except FileExistsError:
            pass
        try:
            found = read_owner(path)
        except FileNotFoundError:
            continue  # released between our two calls: try again
        except ValueError:
            if _age(path, now) < _UNREADABLE_GRACE:
                raise FileInUse(db_path, None) from None
            found = None
        if found is not None and not is_stale(found, now, stale_after, _modified(path)):
            raise FileInUse(db_path, found)
        _remove_stale(path, found)
    raise FileInUse(db_path, holder(db_path, now, stale_after))


def holder(
    db_path: str | Path, now: datetime | None = None, stale_after: timedelta = STALE_AFTER
) -> LockOwner | None:
    """Who has `db_path` open now (a live lock), or None: for restore and other all-or-nothing work."""
    path = lock_path(db_path)
    try:
        found = read_owner(path)
    except (FileNotFoundError, ValueError):
        return None
    return None if is_stale(found, now or _now(), stale_after, _modified(path)) else found


def is_stale(
    owner: LockOwner, now: datetime, stale_after: timedelta = STALE_AFTER, modified: datetime | None = None
) -> bool:
    """Whether `owner` no longer has the file open; `modified` is the lock file's modification time.

    On this host the process tells. From another host only time does, and office PCs' clocks can be
    hours wrong (a flat CMOS battery): the heartbeat (written by the owner's clock) and the file's
    modification time (the file server's) must both be old.
    """
    if owner.host == current_host():
        return now - owner.heartbeat > stale_after or not pid_alive(owner.pid)
    if now - owner.heartbeat <= stale_after:
        return False
    return modified is None or now - modified > stale_after


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    except OSError:
        return False
    return True


def read_owner(path: Path) -> LockOwner:
    """The lock file's owner; FileNotFoundError when there is none, ValueError when it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockOwner(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            since=datetime.fromisoformat(data["since"]),
            heartbeat=datetime.fromisoformat(data.get("heartbeat") or data["since"]),
            token=str(data.get("token", "")),
        )
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"tệp khóa {path} không đọc được: {error}") from error


def _now() -> datetime:
    return datetime.now().astimezone()


def _encode(owner: LockOwner) -> bytes:
    data = {
        "user": owner.user,
        "host": owner.host,
        "pid": owner.pid,
        "since": owner.since.isoformat(timespec="seconds"),
        "heartbeat": owner.heartbeat.isoformat(timespec="seconds"),
        "token": owner.token,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _create_exclusive(path: Path, owner: LockOwner) -> None:
    # O_EXCL is atomic on local disks and on SMB shares: of two instances, exactly one creates it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(_encode(owner))


def _write_whole(path: Path, owner: LockOwner) -> None:
    """Rewrite the lock so that a reader sees the old content or the new, never half of it."""
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        temporary.write_bytes(_encode(owner))
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _replace_heartbeat(owner: LockOwner, now: datetime) -> LockOwner:
    return LockOwner(owner.user, owner.host, owner.pid, owner.since, now, owner.token)


def _remove_stale(path: Path, judged: LockOwner | None) -> None:
    """Remove a lock judged stale, unless another instance replaced it meanwhile.

    Renaming first to a name of our own means two instances taking over the same stale lock
    cannot both succeed, and the content is checked again before it is deleted.
    """
    aside = path.with_name(f"{path.name}.{secrets.token_hex(4)}.stale")
    try:
        os.replace(path, aside)
    except OSError:  # gone already, or held open by a reader this instant: the caller retries
        return
    try:
        moved = read_owner(aside)
    except (FileNotFoundError, ValueError):
        moved = None
    if moved is not None and (judged is None or moved.token != judged.token):
        # A fresh lock arrived between our read and the rename: put it back.
        with contextlib.suppress(OSError):
            os.replace(aside, path)
        return
    with contextlib.suppress(OSError):
        os.unlink(aside)


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return None


def _age(path: Path, now: datetime) -> timedelta:
    modified = _modified(path)
    return now - modified if modified is not None else timedelta(0)


def _windows_pid_alive(pid: int) -> bool:
    import ctypes  # Windows only

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    process_query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        # Access denied means it exists (another user's process); anything else: gone.
        return ctypes.get_last_error() == access_denied
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
