"""A full disk (a real tmpfs of 1 MB when this runs as root): clear messages, no partial files.

Without the right to mount these are skipped; the first test below simulates ENOSPC and always runs.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cli import main
from core.paths import atomic_write_bytes
from storage.database import open_database
from storage.faults import Fault, classify
from tests.test_report_fixtures import build_sample


@contextmanager
def mounted_tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    """`folder` as a tmpfs of `size` (1 MB) for the duration; skips the test where mounting is not allowed."""
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a 1 MB tmpfs; skipped where mounting is not allowed."""
    with mounted_tmpfs(tmp_path / "small") as folder:
        yield folder


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk holding `folder` until only about `leave` bytes are free."""
    free = shutil.disk_usage(folder).free - leave
    with (folder / "filler.bin").open("wb") as handle:
        try:
            handle.write(b"\0" * max(free, 0))
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as error:
            assert error.errno == errno.ENOSPC


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_a_simulated_full_disk_leaves_no_partial_file_and_names_the_target(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "báo cáo.pdf"
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as raised:
        atomic_write_bytes(target, b"%PDF-1.4 ...")
    assert classify(raised.value) is Fault.DISK_FULL
    assert raised.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


def test_a_write_to_a_full_disk_leaves_no_partial_file(small_disk):
    target = small_disk / "báo cáo.pdf"
    with pytest.raises(OSError) as raised:
        atomic_write_bytes(target, b"x" * 2_000_000)
    assert classify(raised.value) is Fault.DISK_FULL
    assert raised.value.filename == str(target)  # the user's file, not the temporary one
    assert _names(small_disk) == set()


def test_a_failed_rewrite_keeps_the_old_file_whole(small_disk):
    target = small_disk / "tien-do.xlsx"
    atomic_write_bytes(target, b"old content")
    _fill(small_disk, leave=0)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"n" * 500_000)
    assert target.read_bytes() == b"old content"
    assert _names(small_disk) == {"tien-do.xlsx", "filler.bin"}


def test_report_to_a_full_disk_is_one_line_and_leaves_nothing(small_disk, db_path, capsys):
    db = open_database(db_path)
    build_sample(db)
    db.close()
    _fill(small_disk, leave=4096)
    out = small_disk / "ke-hoach.pdf"
    code = main(["report", "plan", "--plan", "1", "--out", str(out), "--db", str(db_path)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == f"Lỗi: Ổ đĩa chứa tệp {out} đã đầy: " + err.split(" đã đầy: ", 1)[1]
    assert "\n" not in err
    assert _names(small_disk) == {"filler.bin"}


def test_spreadsheet_export_to_a_full_disk_is_one_line_and_leaves_nothing(small_disk, db_path, capsys):
    db = open_database(db_path)
    build_sample(db)
    db.close()
    _fill(small_disk, leave=2048)
    out = small_disk / "phu-luc.xlsx"
    code = main(["export-xlsx", "annex", "--plan", "1", "--out", str(out), "--db", str(db_path)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith(f"Lỗi: Ổ đĩa chứa tệp {out} đã đầy")
    assert _names(small_disk) == {"filler.bin"}


def test_saving_into_a_data_file_on_a_full_disk_names_it_and_keeps_its_data(small_disk, capsys):
    data_file = small_disk / "kehoach.sqlite3"
    open_database(data_file).close()
    _fill(small_disk, leave=0)
    before = data_file.read_bytes()
    long_recipients = "|".join(f"Trường số {n} " + "x" * 200 for n in range(400))
    code = main(["office", "--name", "Phòng GDĐT", "--recipients", long_recipients, "--db", str(data_file)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith(f"Lỗi: Ổ đĩa chứa tệp {data_file} đã đầy"), err
    assert data_file.read_bytes() == before
