"""The lock beside a data file: a second instance is told who has it open; stale locks are taken over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from storage import file_lock
from storage.file_lock import FileInUse, LockOwner, acquire, holder, lock_path, read_owner

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 7, 8, 15).astimezone()

# A second instance of the program, as far as the lock goes: take it, say so, wait to be told to leave.
HOLDER_SCRIPT = textwrap.dedent(
    """
    import sys
    from storage.file_lock import FileInUse, acquire
    try:
        lock = acquire(sys.argv[1])
    except FileInUse as error:
        print("busy", error.owner.pid if error.owner else 0, flush=True)
        sys.exit(3)
    print("locked", flush=True)
    sys.stdin.readline()
    lock.release()
    print("released", flush=True)
    """
)


def _start_holder(db_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, str(db_path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _write_lock(db_path: Path, **fields) -> None:
    data = {
        "user": "an",
        "host": "KT-01",
        "pid": 4242,
        "since": NOW.isoformat(),
        "heartbeat": NOW.isoformat(),
        "token": "t",
    }
    data.update(fields)
    lock_path(db_path).write_text(json.dumps(data), encoding="utf-8")


def test_a_second_process_is_told_who_has_the_file_open_until_it_is_released(db_path):
    child = _start_holder(db_path)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(FileInUse) as raised:
            acquire(db_path)
        owner = raised.value.owner
        assert owner.pid == child.pid
        assert owner.host == file_lock.current_host()
        assert owner.user == file_lock.current_user()
        assert abs(datetime.now().astimezone() - owner.since) < timedelta(minutes=1)
        assert f"trên máy {owner.host}, từ " in str(raised.value)
        assert holder(db_path).pid == child.pid

        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "released"
        assert child.wait(timeout=20) == 0
        with acquire(db_path) as lock:
            assert lock.owner.pid == os.getpid()
        assert not lock_path(db_path).exists()
    finally:
        child.kill()
        child.wait(timeout=20)


def test_the_lock_of_a_killed_process_is_taken_over(db_path):
    child = _start_holder(db_path)
    assert child.stdout.readline().strip() == "locked"
    child.send_signal(signal.SIGKILL)  # no chance to release: the lock file stays behind
    child.wait(timeout=20)
    assert read_owner(lock_path(db_path)).pid == child.pid
    with acquire(db_path) as lock:
        assert read_owner(lock_path(db_path)).token == lock.owner.token


def test_a_process_started_while_we_hold_the_lock_is_refused_and_names_us(db_path):
    with acquire(db_path):
        child = _start_holder(db_path)
        out, _ = child.communicate(timeout=30)
    assert child.returncode == 3
    assert out.split() == ["busy", str(os.getpid())]


def test_of_processes_racing_for_one_file_exactly_one_wins(db_path):
    children = [_start_holder(db_path) for _ in range(6)]
    try:
        first_lines = [child.stdout.readline().split() for child in children]
        winners = [line for line in first_lines if line == ["locked"]]
        assert len(winners) == 1, first_lines
    finally:
        for child in children:
            child.kill()
            child.wait(timeout=20)


def test_another_hosts_lock_holds_while_its_heartbeat_is_fresh_and_goes_stale_after(db_path):
    _write_lock(db_path, host="MAY-KHAC", heartbeat=(NOW - timedelta(minutes=30)).isoformat())
    with pytest.raises(FileInUse) as raised:
        acquire(db_path, now=NOW)
    assert raised.value.owner.describe() == "an trên máy MAY-KHAC, từ 08:15 ngày 07/12/2026"

    later = NOW + file_lock.STALE_AFTER + timedelta(minutes=1)
    old = (NOW - timedelta(minutes=30)).timestamp()
    os.utime(lock_path(db_path), (old, old))  # the file server's time of the last heartbeat
    assert holder(db_path, now=later) is None
    with acquire(db_path, now=later) as lock:
        assert lock.owner.host == file_lock.current_host()


def test_a_lock_on_this_host_whose_process_is_gone_is_stale(db_path, monkeypatch):
    _write_lock(db_path, host=file_lock.current_host(), pid=999_999_999)
    with acquire(db_path, now=NOW) as lock:
        assert lock.owner.pid == os.getpid()


def test_a_lock_being_written_is_respected_and_an_old_unreadable_one_is_not(db_path):
    lock_path(db_path).write_text("", encoding="utf-8")  # created with O_EXCL, content not yet written
    with pytest.raises(FileInUse) as raised:
        acquire(db_path)
    assert raised.value.owner is None
    old = time.time() - 3600
    os.utime(lock_path(db_path), (old, old))
    with acquire(db_path):
        pass


def test_heartbeat_refreshes_and_reports_a_lock_taken_over(db_path):
    lock = acquire(db_path, now=NOW)
    assert lock.refresh(now=NOW + timedelta(minutes=5))
    assert read_owner(lock_path(db_path)).heartbeat == NOW + timedelta(minutes=5)
    assert read_owner(lock_path(db_path)).since == NOW

    lock_path(db_path).unlink()  # tidied away by someone: written again
    assert lock.refresh(now=NOW + timedelta(minutes=10))
    assert lock_path(db_path).exists()

    _write_lock(db_path, token="someone-else")
    assert not lock.refresh(now=NOW + timedelta(minutes=15))
    lock.release()  # not ours any more: left alone
    assert read_owner(lock_path(db_path)).token == "someone-else"


def test_lock_file_sits_beside_the_data_file():
    assert lock_path(Path("/data/kehoach.sqlite3")) == Path("/data/kehoach.sqlite3.lock")


def test_owner_describe_is_vietnamese_with_the_time_and_date():
    owner = LockOwner("Nguyễn Văn An", "KT-01", 1, NOW, NOW)
    assert owner.describe() == "Nguyễn Văn An trên máy KT-01, từ 08:15 ngày 07/12/2026"


def test_another_hosts_lock_with_an_old_heartbeat_but_a_fresh_file_holds(db_path):
    # That PC's clock is hours behind: its heartbeats look old, but the file was just written.
    _write_lock(db_path, host="MAY-KHAC", heartbeat=(NOW - timedelta(days=400)).isoformat())
    fresh = NOW.timestamp()
    os.utime(lock_path(db_path), (fresh, fresh))
    with pytest.raises(FileInUse):
        acquire(db_path, now=NOW + timedelta(minutes=1))
    assert holder(db_path, now=NOW + timedelta(minutes=1)) is not None
