"""Where a data file lives: on a network drive (shared folder) or not, and whether it can be written.

A SQLite file on a shared folder works, but a dropped connection mid-write or two PCs with different
caches can damage it, so the GUI warns once per file (`is_network_path`). A file that cannot be
written (read-only attribute, a read-only folder or medium) is opened read-only with a banner
instead of failing on the first save (`write_blocker`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Linux file systems that are reached over a network (from /proc/mounts).
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
    }
)
_DRIVE_REMOTE = 4  # GetDriveTypeW


def is_network_path(path: str | Path, mounts_text: str | None = None) -> bool:
    """True for a UNC path (\\\\server\\share\\…), a mapped network drive, or a network mount on Linux.

    `mounts_text` is the content of /proc/mounts (read when None; given by tests).
    """
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(text)
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return mount_fstype(path, mounts_text) in NETWORK_FILESYSTEMS


def mount_fstype(path: str | Path, mounts_text: str) -> str | None:
    """The file system type of the mount holding `path`, from /proc/mounts text (longest mount point)."""
    target = os.path.abspath(path)
    best, best_type = "", None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts writes a space in a mount point as \040.
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def write_blocker(path: str | Path) -> str | None:
    """Why the existing file at `path` cannot be written (Vietnamese), or None when it can."""
    path = Path(path)
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "tệp chỉ cho phép đọc"
    # SQLite writes its journal beside the file: a folder without write access refuses every save.
    if not os.access(path.parent, os.W_OK):
        return "thư mục chứa tệp không cho phép ghi"
    return None


def _windows_drive_is_remote(text: str) -> bool:
    import ctypes  # Windows only

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE  # type: ignore[attr-defined]
