"""Network drives and files that cannot be written are recognised before the first save fails."""

from __future__ import annotations

import os
import sys

import pytest

from storage.drives import is_network_path, mount_fstype, write_blocker

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//server/share /mnt/share cifs rw,vers=3.0 0 0
server:/export /mnt/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/share/usb vfat rw 0 0
tmpfs /mnt/with\\040space tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("\\\\server\\share\\kehoach.sqlite3", True),
        ("//server/share/kehoach.sqlite3", True),
        ("/mnt/share/kehoach.sqlite3", True),
        ("/mnt/nfs/a/b.sqlite3", True),
        ("/mnt/share/usb/kehoach.sqlite3", False),  # a local mount inside a network one
        ("/mnt/sharex/kehoach.sqlite3", False),  # a prefix of the name is not the mount
        ("/home/an/kehoach.sqlite3", False),
    ],
)
def test_network_paths_from_proc_mounts(path, network):
    assert is_network_path(path, MOUNTS) is network


def test_mount_points_with_spaces_are_decoded():
    assert mount_fstype("/mnt/with space/x", MOUNTS) == "tmpfs"


def test_this_machines_temporary_folder_is_not_a_network_drive(tmp_path):
    assert is_network_path(tmp_path / "kehoach.sqlite3") is False


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_and_a_read_only_folder_are_named(tmp_path):
    path = tmp_path / "kehoach.sqlite3"
    path.write_bytes(b"")
    assert write_blocker(path) is None
    path.chmod(0o444)
    assert write_blocker(path) == "tệp chỉ cho phép đọc"
    path.chmod(0o644)
    tmp_path.chmod(0o555)
    try:
        assert write_blocker(path) == "thư mục chứa tệp không cho phép ghi"
    finally:
        tmp_path.chmod(0o755)


def test_a_read_only_file_is_named_even_for_root(tmp_path, monkeypatch):
    path = tmp_path / "kehoach.sqlite3"
    path.write_bytes(b"")
    monkeypatch.setattr(os, "access", lambda p, mode: str(p) != str(path))
    assert write_blocker(path) == "tệp chỉ cho phép đọc"
    assert write_blocker(tmp_path / "missing.sqlite3") is None
