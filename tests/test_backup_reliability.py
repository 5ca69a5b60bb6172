"""kill -9 at random points during a backup and a restore: nothing half-done survives.

Each trial starts a real process, kills it after a random delay, then checks: the data file is
sound and holds either the old or the new state, its evidence files match that state, every
listed backup still verifies, and the next restore succeeds. The trial counts, seed and report
are those of tests/reliability.py.
"""

import random
import sys
from datetime import date
from pathlib import Path

import pytest

from core.model import Plan, Role, Task, Unit
from core.paths import attachments_dir
from storage.assignments import list_assignments, list_occurrences, set_assignments
from storage.attachments import add_attachment
from storage.backup import (
    automatic_backup,
    check_database,
    list_backups,
    recover_interrupted_restore,
    restore_database,
    verify_backup,
)
from storage.database import open_database
from storage.plans import list_plans, save_plan
from storage.tasks import save_task
from storage.units import save_unit
from tests.reliability import POSIX_ONLY, SEED, TRIALS, kill_after, kill_delay, report, timed_run

pytestmark = [pytest.mark.reliability, POSIX_ONLY]
FILES = 120


def _build(db_path: Path, tmp_path: Path) -> list[Path]:
    """A file with plan "Trạng thái cũ", FILES evidence files, and enough rows to take a while to copy."""
    db = open_database(db_path)
    try:
        period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
        plan = save_plan(db, Plan("Trạng thái cũ", **period))
        task = save_task(db, Task(plan.id, "Nhiệm vụ", ordinal="1", timeframe_text="Năm 2025"))
        unit = save_unit(db, Unit("Trường TH A"))
        set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
        [row] = list_assignments(db, task.id)
        [occurrence] = list_occurrences(db, row.assignment.id)
        db.execute("CREATE TABLE ballast (x TEXT)")
        db.conn.executemany("INSERT INTO ballast VALUES (?)", [("x" * 1000,)] * 20000)
        db.conn.commit()
        stored = []
        for number in range(FILES):
            source = tmp_path / "nguon" / f"tep-{number}.pdf"
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(b"cu " * 20000)
            attachment = add_attachment(db, occurrence.id, source, attachments_dir(db_path))
            stored.append(attachments_dir(db_path) / attachment.stored_path)
        return stored
    finally:
        db.close()


def _change(db_path: Path, stored: list[Path]) -> None:
    db = open_database(db_path)
    try:
        [plan] = list_plans(db)
        db.execute("UPDATE plans SET title = 'Trạng thái mới' WHERE id = ?", (plan.id,))
        db.conn.commit()
    finally:
        db.close()
    for path in stored:
        path.write_bytes(b"moi " * 20000)


def _state(db_path: Path, stored: list[Path]) -> str:
    assert check_database(db_path) == []
    db = open_database(db_path, create=False)
    try:
        [plan] = list_plans(db)
    finally:
        db.close()
    expected = b"cu " * 20000 if plan.title == "Trạng thái cũ" else b"moi " * 20000
    assert all(path.read_bytes() == expected for path in stored), "files out of step with the database"
    return plan.title


def test_kill_during_restore_leaves_old_or_new_state_never_a_mix(tmp_path, capsys):
    db_path = tmp_path / "kehoach.sqlite3"
    stored = _build(db_path, tmp_path)
    [info], _ = automatic_backup(db_path, "open", force=True)
    args = [sys.executable, "main.py", "restore", "--db", str(db_path), str(info.path)]
    _change(db_path, stored)
    duration = timed_run(args)
    rng = random.Random(SEED)
    killed, outcomes, recovered = 0, {"Trạng thái cũ": 0, "Trạng thái mới": 0}, 0
    for _trial in range(TRIALS):
        _change(db_path, stored)
        killed += kill_after(args, kill_delay(rng, duration))
        recovered += recover_interrupted_restore(db_path) is not None  # killed inside the swap
        outcomes[_state(db_path, stored)] += 1
    restore_database(info.path, db_path)  # and a restore still works afterwards
    assert _state(db_path, stored) == "Trạng thái cũ"
    assert not list(tmp_path.glob("*.restoring"))
    outcome = (
        f"before {outcomes['Trạng thái mới']}, restored {outcomes['Trạng thái cũ']}"
        f" ({recovered} killed inside the swap, finished or undone); database and {FILES} files in step"
    )
    report(capsys, "kill -9", f"main.py restore (database + {FILES} evidence files)", TRIALS, outcome,
           killed=killed)  # fmt: skip
    assert killed >= TRIALS // 3 and outcomes["Trạng thái mới"] > 0
    if TRIALS >= 20:  # enough trials for some kills to land after the swap
        assert outcomes["Trạng thái cũ"] > 0


_AUTOMATIC = (
    "import sys; from storage.backup import automatic_backup;"
    " automatic_backup(sys.argv[1], 'open', force=True)"
)


def test_kill_during_automatic_backup_leaves_every_listed_copy_restorable(tmp_path, capsys):
    db_path = tmp_path / "kehoach.sqlite3"
    stored = _build(db_path, tmp_path)
    args = [sys.executable, "-c", _AUTOMATIC, str(db_path)]
    duration = timed_run(args)
    rng = random.Random(SEED + 1)
    killed = 0
    for trial in range(TRIALS):
        if trial % 5 == 0:
            _change(db_path, stored)  # new content now and then, so files get stored again
        killed += kill_after(args, kill_delay(rng, duration))
        assert check_database(db_path) == []
    copies = list_backups(db_path)
    for info in copies:
        assert verify_backup(info.path) == [], info.path
    restore_database(copies[-1].path, db_path)
    _state(db_path, stored)
    outcome = f"data file sound every time; {len(copies)} copies listed, all verify, the newest restored"
    report(capsys, "kill -9", f"automatic backup (database + {FILES} evidence files)", TRIALS, outcome,
           killed=killed)  # fmt: skip
    assert killed >= TRIALS // 3
