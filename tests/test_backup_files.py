"""Backups with their evidence files: automatic copies, rotation on disk, restore of both, hot journals."""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cli import main
from core.model import Plan, Role, Task, Unit
from core.paths import attachments_dir
from storage.assignments import list_assignments, list_occurrences, set_assignments
from storage.attachments import add_attachment
from storage.backup import (
    BACKUPS_FOLDER,
    automatic_backup,
    backup_before_migration,
    backup_database,
    check_database,
    list_backups,
    recover_interrupted_restore,
    restore_database,
    verify_backup,
)
from storage.backup_store import STORE_FOLDER
from storage.database import StorageError, open_database
from storage.migrations import SCHEMA_VERSION
from storage.plans import list_plans, save_plan
from storage.settings import set_setting
from storage.tasks import save_task
from storage.units import save_unit

DAY = datetime(2026, 12, 7, 8, 30)


@pytest.fixture
def occurrence_id(db):
    plan = save_plan(
        db,
        Plan(
            "Chuyển đổi số năm 2025",
            number="12",
            symbol="KH-PGDĐT",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )
    task = save_task(db, Task(plan.id, "Số hóa hồ sơ học sinh", ordinal="1", timeframe_text="Năm 2025"))
    unit = save_unit(db, Unit("Trường THCS Sơn Bình"))
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    [row] = list_assignments(db, task.id)
    [occurrence] = list_occurrences(db, row.assignment.id)
    return occurrence.id


def _attach(db, db_path, occurrence_id, tmp_path, name: str, content: bytes):
    source = tmp_path / "nguon" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(content)
    return add_attachment(db, occurrence_id, source, attachments_dir(db_path))


def _store_blobs(folder: Path) -> list[Path]:
    return sorted((folder / STORE_FOLDER).glob("*/*"))


def _plan_titles(path: Path) -> list[str]:
    db = open_database(path, create=False)
    try:
        return [plan.title for plan in list_plans(db)]
    finally:
        db.close()


def test_automatic_backup_holds_the_database_the_files_and_the_counts(db, db_path, occurrence_id, tmp_path):
    _attach(db, db_path, occurrence_id, tmp_path, "Biên bản.pdf", b"%PDF bien ban")
    written, warnings = automatic_backup(db_path, "open", now=DAY)
    assert warnings == []
    [info] = written
    assert info.path.parent == db_path.parent / BACKUPS_FOLDER
    assert (info.plans, info.tasks, info.files) == (1, 1, 1)
    assert check_database(info.path) == []
    manifest = json.loads(info.manifest.read_text(encoding="utf-8"))
    assert [entry["path"] for entry in manifest["files"]] == [f"{occurrence_id}/Biên bản.pdf"]
    assert len(_store_blobs(info.path.parent)) == 1
    assert list_backups(db_path) == [info]


def test_one_automatic_backup_a_day_and_unchanged_files_are_not_copied_again(
    db, db_path, occurrence_id, tmp_path
):
    _attach(db, db_path, occurrence_id, tmp_path, "a.pdf", b"noi dung a")
    automatic_backup(db_path, "open", now=DAY)
    assert automatic_backup(db_path, "open", now=DAY + timedelta(hours=3)) == ([], [])
    folder = db_path.parent / BACKUPS_FOLDER
    [blob] = _store_blobs(folder)
    stored_at = blob.stat().st_mtime_ns
    automatic_backup(db_path, "open", now=DAY + timedelta(days=1))
    assert _store_blobs(folder) == [blob] and blob.stat().st_mtime_ns == stored_at
    _attach(db, db_path, occurrence_id, tmp_path, "b.pdf", b"noi dung b")
    automatic_backup(db_path, "open", now=DAY + timedelta(days=2))
    assert len(_store_blobs(folder)) == 2
    assert len(list_backups(db_path)) == 3


def test_closing_after_a_change_replaces_the_days_copy(db, db_path):
    automatic_backup(db_path, "open", now=DAY)
    assert automatic_backup(db_path, "close", now=DAY + timedelta(hours=1)) == ([], [])  # nothing changed
    save_plan(db, Plan("Kế hoạch buổi chiều"))
    os.utime(db_path, ns=(db_path.stat().st_atime_ns, db_path.stat().st_mtime_ns + 10**9))
    written, _ = automatic_backup(db_path, "close", now=DAY + timedelta(hours=8))
    assert len(written) == 1
    [kept] = list_backups(db_path)  # rotation keeps the newest copy of a day
    assert kept.reason == "close" and kept.plans == 1


def test_rotation_on_disk_keeps_at_most_24_copies_and_drops_unused_files(
    db, db_path, occurrence_id, tmp_path
):
    attachment = _attach(db, db_path, occurrence_id, tmp_path, "cu.pdf", b"tep cu")
    oldest = DAY - timedelta(days=500)
    automatic_backup(db_path, "open", now=oldest)
    (attachments_dir(db_path) / attachment.stored_path).unlink()  # gone from the data since
    folder = db_path.parent / BACKUPS_FOLDER
    old_blob = _store_blobs(folder)[0]
    os.utime(old_blob, (0, 0))  # not a file a backup is writing right now
    for month in range(1, 14):  # thirteen later months: the oldest copy falls out of the twelve
        automatic_backup(db_path, "open", now=oldest + timedelta(days=31 * month))
    for offset in range(60):
        automatic_backup(db_path, "open", now=DAY - timedelta(days=60 - offset))
    copies = list_backups(db_path)
    assert 7 <= len(copies) <= 24
    assert len(list(folder.glob("*.sqlite3"))) == len(copies)
    assert not old_blob.exists()


def test_a_second_folder_gets_the_same_copies_and_a_missing_one_only_warns(db, db_path, tmp_path):
    usb = tmp_path / "usb"
    set_setting(db, "backup.second_folder", str(usb))
    written, warnings = automatic_backup(db_path, "open", now=DAY)
    assert [info.path.parent for info in written] == [db_path.parent / BACKUPS_FOLDER, usb]
    assert warnings == []
    set_setting(db, "backup.second_folder", str(tmp_path / "khong-co.txt" / "x"))
    (tmp_path / "khong-co.txt").write_text("một tệp, không phải thư mục", encoding="utf-8")
    written, warnings = automatic_backup(db_path, "open", now=DAY + timedelta(days=1))
    assert len(written) == 1
    [warning] = warnings
    assert "thư mục thứ hai" in warning


def test_a_file_with_an_older_schema_is_backed_up_before_its_migration(tmp_path):
    fixture = Path(__file__).parent / "fixtures"
    old = sorted(fixture.glob("schema_v1*.sqlite3"))
    if not old:
        pytest.skip("no v1 fixture")
    path = tmp_path / "cu.sqlite3"
    path.write_bytes(old[0].read_bytes())
    info = backup_before_migration(path)
    assert info is not None and info.reason == "migration"
    db = open_database(path)
    db.close()
    assert backup_before_migration(path) is None  # now current: nothing pending


def test_opening_an_older_file_backs_it_up_before_upgrading_it(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "schema_v1.sqlite3"
    for opening in ("open_database", "a headless command"):
        path = tmp_path / opening.replace(" ", "-") / "cu.sqlite3"
        path.parent.mkdir()
        path.write_bytes(fixture.read_bytes())
        if opening == "open_database":
            open_database(path).close()
        else:
            assert main(["deadlines", "--db", str(path), "--json"]) == 0
        [info] = list_backups(path)
        assert info.reason == "migration"
        assert verify_backup(info.path) == []
        with sqlite3.connect(info.path) as copy:
            assert copy.execute("PRAGMA user_version").fetchone()[0] == 1  # the file as it was
        with sqlite3.connect(path) as upgraded:
            assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        open_database(path).close()
        assert len(list_backups(path)) == 1  # a current file is not copied again


def test_restore_brings_back_database_and_files_together_and_keeps_the_current_ones(
    db, db_path, occurrence_id, tmp_path
):
    attachment = _attach(db, db_path, occurrence_id, tmp_path, "Biên bản.pdf", b"ban goc")
    [info], _ = automatic_backup(db_path, "open", now=DAY)
    save_plan(db, Plan("Kế hoạch thêm sau sao lưu"))
    evidence = attachments_dir(db_path) / attachment.stored_path
    evidence.write_bytes(b"bi ghi de")
    db.close()
    kept = restore_database(info.path, db_path)
    assert kept is not None and kept.is_file()
    assert _plan_titles(db_path) == ["Chuyển đổi số năm 2025"]
    assert evidence.read_bytes() == b"ban goc"
    [kept_files] = db_path.parent.glob(f"{attachments_dir(db_path).name}.before-restore-*")
    assert (kept_files / attachment.stored_path).read_bytes() == b"bi ghi de"
    assert "Kế hoạch thêm sau sao lưu" in _plan_titles(kept)
    assert [i.reason for i in list_backups(db_path)][:1] == ["restore"]  # a copy right before restoring
    assert list(db_path.parent.glob("*.restoring")) == []


def test_restore_refuses_a_backup_whose_files_are_damaged_and_changes_nothing(
    db, db_path, occurrence_id, tmp_path
):
    _attach(db, db_path, occurrence_id, tmp_path, "a.pdf", b"noi dung")
    [info], _ = automatic_backup(db_path, "open", now=DAY)
    save_plan(db, Plan("Giữ nguyên"))
    db.close()
    [blob] = _store_blobs(info.path.parent)
    blob.write_bytes(b"hong")
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="tệp minh chứng") as raised:
        restore_database(info.path, db_path)
    assert "\n" not in str(raised.value)
    assert db_path.read_bytes() == before


def test_a_damaged_backup_is_refused_in_one_line(db, db_path, tmp_path):
    save_plan(db, Plan("Kế hoạch"))
    copy = backup_database(db_path, tmp_path / "saoluu.sqlite3")
    data = bytearray(copy.read_bytes())
    # A freelist count the file does not hold: integrity_check reports it on two lines.
    data[36:40] = (7).to_bytes(4, "big")
    copy.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as raised:
        restore_database(copy, db_path)
    message = str(raised.value)
    assert "\n" not in message and "saoluu.sqlite3" in message and "freelist" in message
    assert "***" not in message
    assert db_path.read_bytes() == before


def test_a_manual_backup_carries_the_files_and_restores_them(db, db_path, occurrence_id, tmp_path):
    attachment = _attach(db, db_path, occurrence_id, tmp_path, "a.pdf", b"ban goc")
    dest = backup_database(db_path, tmp_path / "usb" / "saoluu.sqlite3")
    assert (attachments_dir(dest) / attachment.stored_path).read_bytes() == b"ban goc"
    (attachments_dir(db_path) / attachment.stored_path).unlink()
    db.close()
    restore_database(dest, db_path)
    assert (attachments_dir(db_path) / attachment.stored_path).read_bytes() == b"ban goc"


def test_an_interrupted_restore_before_the_database_moved_is_undone(db, db_path, occurrence_id, tmp_path):
    attachment = _attach(db, db_path, occurrence_id, tmp_path, "a.pdf", b"hien tai")
    db.close()
    files = attachments_dir(db_path)
    new_files = files.with_name(files.name + ".restoring")
    kept_files = files.with_name(files.name + ".before-restore-x")
    new_db = db_path.with_name(db_path.name + ".restoring")
    new_db.write_bytes(db_path.read_bytes())
    # The state a crash leaves between moving the folders and moving the database.
    os.replace(files, kept_files)
    new_files.mkdir()
    os.replace(new_files, files)
    marker = db_path.with_name(db_path.name + ".restore.json")
    marker.write_text(
        json.dumps(
            {
                "new_db": str(new_db),
                "new_files": str(new_files),
                "files_kept": str(kept_files),
                "had_files": True,
            }
        ),
        encoding="utf-8",
    )
    assert "hoàn tác" in recover_interrupted_restore(db_path)
    assert (files / attachment.stored_path).read_bytes() == b"hien tai"
    assert not marker.exists() and not new_db.exists() and not kept_files.exists()


_CRASH_IN_TRANSACTION = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # spill changed pages into the file before commit
conn.execute("BEGIN IMMEDIATE")
for n in range(3000):
    conn.execute("INSERT INTO audit_log (at, user, action, entity, summary)"
                 " VALUES ('', '', 'insert', 'plan', ?)", ("x" * 200,))
os._exit(0)  # like kill -9: no rollback, the journal stays hot
"""


def _leave_hot_journal(db_path: Path) -> None:
    subprocess.run([sys.executable, "-c", _CRASH_IN_TRANSACTION, str(db_path)], check=True, timeout=60)
    assert Path(f"{db_path}-journal").stat().st_size > 0


def test_check_and_backup_roll_back_a_hot_journal_instead_of_calling_the_file_corrupt(db, db_path, tmp_path):
    save_plan(db, Plan("Kế hoạch an toàn"))
    columns = {row[1] for row in db.execute("PRAGMA table_info(audit_log)").fetchall()}
    assert {"at", "user", "action", "entity", "summary"} <= columns
    db.close()
    _leave_hot_journal(db_path)
    assert check_database(db_path) == []
    copy = backup_database(db_path, tmp_path / "saoluu.sqlite3")
    assert _plan_titles(copy) == ["Kế hoạch an toàn"]
    assert not Path(f"{db_path}-journal").exists() or Path(f"{db_path}-journal").stat().st_size == 0


def test_a_failed_backup_leaves_no_partial_or_journal_behind(db, db_path, tmp_path, monkeypatch):
    import storage.backup_store as store

    def broken(conn):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "integrity_problem", broken)
    dest = tmp_path / "ra" / "saoluu.sqlite3"
    with pytest.raises(StorageError, match="saoluu.sqlite3 đã đầy"):
        backup_database(db_path, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == []


_HOLD_LOCK = """
import sys, time
from storage.file_lock import acquire
lock = acquire(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def test_restore_refuses_while_another_instance_has_the_file_open(db, db_path, tmp_path):
    copy = backup_database(db_path, tmp_path / "saoluu.sqlite3")
    db.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = db_path.read_bytes()
        with pytest.raises(StorageError, match="đang được mở bởi"):
            restore_database(copy, db_path)
        assert db_path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait(timeout=30)


_CRASH_AT_MOVE = """
import os, sys
real_replace, calls = os.replace, [0]

def replace(source, target):
    calls[0] += 1
    if calls[0] == int(sys.argv[3]):
        os._exit(9)  # like kill -9 just before this move: no clean-up runs
    real_replace(source, target)

os.replace = replace
from storage.backup import restore_database
restore_database(sys.argv[1], sys.argv[2])
print(calls[0])
"""


def test_a_crash_before_any_move_of_a_restore_is_finished_or_undone(db, db_path, occurrence_id, tmp_path):
    attachment = _attach(db, db_path, occurrence_id, tmp_path, "a.pdf", b"ban sao luu")
    [info], _ = automatic_backup(db_path, "open", now=DAY)
    db.close()
    evidence = attachments_dir(db_path) / attachment.stored_path
    repo = Path(__file__).resolve().parents[1]

    def crash_at(move: int) -> subprocess.CompletedProcess:
        db = open_database(db_path)
        try:
            db.execute("UPDATE plans SET title = 'Trạng thái mới'")
            db.conn.commit()
        finally:
            db.close()
        evidence.write_bytes(b"hien tai")
        args = [sys.executable, "-c", _CRASH_AT_MOVE, str(info.path), str(db_path), str(move)]
        return subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=120)

    moves = int(crash_at(0).stdout.strip())  # a run without a crash counts the moves
    assert moves >= 4
    seen, crashed = set(), 0
    for move in range(1, moves + 1):
        # Later runs may move one file fewer (the pre-restore backup finds its files stored already).
        returncode = crash_at(move).returncode
        assert returncode in (0, 9)
        crashed += returncode == 9
        recover_interrupted_restore(db_path)
        assert check_database(db_path) == []
        [title] = _plan_titles(db_path)
        expected = b"ban sao luu" if title == "Chuyển đổi số năm 2025" else b"hien tai"
        assert evidence.read_bytes() == expected, f"crash before move {move}: files out of step"
        seen.add(title)
    assert seen == {"Chuyển đổi số năm 2025", "Trạng thái mới"}
    assert crashed >= moves - 1


def test_a_backup_onto_a_full_disk_fails_in_one_line_and_leaves_nothing(db, db_path, occurrence_id, tmp_path):
    from tests.test_disk_full import mounted_tmpfs

    db.execute("CREATE TABLE ballast (x TEXT)")
    db.conn.executemany("INSERT INTO ballast VALUES (?)", [("x" * 1000,)] * 2000)  # 2 MB > the 1 MB disk
    db.conn.commit()
    _attach(db, db_path, occurrence_id, tmp_path, "a.pdf", b"noi dung")
    with mounted_tmpfs(tmp_path / "usb") as usb:
        with pytest.raises(StorageError) as raised:
            backup_database(db_path, usb / "saoluu.sqlite3")
        assert "\n" not in str(raised.value)
        assert list(usb.iterdir()) == []
        set_setting(db, "backup.second_folder", str(usb / "tu-dong"))
        written, [warning] = automatic_backup(db_path, "open", now=DAY)
        assert [info.path.parent.name for info in written] == [BACKUPS_FOLDER]
        assert "thư mục thứ hai" in warning and "\n" not in warning
        leftovers = [p.name for p in (usb / "tu-dong").rglob("*") if p.is_file()]
        assert all(not name.endswith((".partial", "-journal")) for name in leftovers), leftovers


def test_rotation_cleans_what_a_killed_backup_left_but_not_another_files_copies(db, db_path, tmp_path):
    other = tmp_path / "kehoach-2.sqlite3"
    open_database(other).close()
    [kept_other], _ = automatic_backup(other, "open", now=DAY)
    folder = db_path.parent / BACKUPS_FOLDER
    orphan_copy = folder / "kehoach-20261101-080000.sqlite3"  # its manifest never came
    partial = folder / "kehoach-20261101-080000.sqlite3.partial-journal"
    for path in (orphan_copy, partial):
        path.write_bytes(b"do dang")
        os.utime(path, (0, 0))
    os.utime(kept_other.path, (0, 0))
    automatic_backup(db_path, "open", now=DAY)
    assert not orphan_copy.exists() and not partial.exists()
    assert kept_other.path.is_file() and list_backups(other) == [kept_other]


def test_a_file_in_a_read_only_folder_gets_a_warning_not_an_error(db, db_path, tmp_path, monkeypatch):
    usb = tmp_path.parent / f"{tmp_path.name}-usb"
    set_setting(db, "backup.second_folder", str(usb))
    db.close()
    real_access = os.access

    def read_only_folder(path, mode, *args, **kwargs):
        # As on a CD or a write-protected share (root would write a chmod 555 folder anyway).
        if Path(path) == tmp_path and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", read_only_folder)
    written, [warning] = automatic_backup(db_path, "open", now=DAY)
    assert [info.path.parent for info in written] == [usb]  # the second folder still gets its copy
    assert "không ghi được" in warning
    assert not (tmp_path / BACKUPS_FOLDER).exists()
