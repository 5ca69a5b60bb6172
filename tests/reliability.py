"""What the reliability trials share: killing a real process at a random moment, judging the file
it leaves, and counting what was tried for docs/reliability.md.

A trial copies the file in its "before" state into place, starts a command, kills it with SIGKILL
after a random delay (aimed at the part of a run after Python's start-up), then asks: does SQLite
find the file sound, and is its content exactly one of the states the operation may leave (before,
after, or for a migration a finished step) — never a mix? Content is compared as an SQL dump
with the times of day masked, since each run stamps its own `created_at`. The data the trials
share is built here too: a plan of units x tasks rows with its returned collection template, and
the content a migration from v1 has after each of its steps.

KEHOACH_TRIALS sets the number of trials per operation (default 50), KEHOACH_SEED the random
delays. With KEHOACH_RELIABILITY_LOG set to a file, every test appends its counts to it as a JSON
line; scripts/reliability.py writes docs/reliability.md from them.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlite_utils import Database

from core.exchange.template import GUIDE_SHEET, REPORT_SHEET, TARGET_SHEET, write_template
from core.model import Plan, Role, Task, TaskKind, Unit
from storage import exchange
from storage.assignments import set_assignments
from storage.backup import check_database, list_backups, verify_backup
from storage.database import open_database
from storage.migrations import SCHEMA_VERSION, migrate
from storage.plans import get_plan, save_plan
from storage.tasks import save_task
from storage.units import save_unit

REPO = Path(__file__).resolve().parents[1]
TRIALS = int(os.environ.get("KEHOACH_TRIALS", "50"))
SEED = int(os.environ.get("KEHOACH_SEED", "13"))
LOG_VARIABLE = "KEHOACH_RELIABILITY_LOG"
V1_FIXTURE = REPO / "tests" / "fixtures" / "schema_v1.sqlite3"
AS_OF = date(2025, 11, 20)
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")

# "2025-11-22T09:15:02+07:00", "2026-12-07T08:30:00.123456": moments a run stamps, not data it saves.
_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")


def kill_after(args: Sequence[str], delay: float, env: dict[str, str] | None = None) -> bool:
    """Run `args`, SIGKILL it after `delay` seconds; True when it was killed before it finished.

    A run that finished must have succeeded: one that failed on its own (an error, or code being
    edited under it) would leave the state before and pass for a well-survived kill.
    """
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(list(args), cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
            return True
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()[-500:]
    assert process.returncode == 0, f"{' '.join(args[1:3])} failed without being killed: {message}"
    return False


def kill_delay(rng: random.Random, duration: float) -> float:
    """When to kill a run that takes about `duration` seconds uninterrupted.

    Most of a short run is Python starting up: the kills are aimed at its working part, and some
    beyond its end, since a run under load takes longer than the one timed and both outcomes
    (killed in the middle, finished) should occur.
    """
    return rng.uniform(0.3, 1.3) * duration


def timed_run(args: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Seconds one whole run of `args` takes (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(list(args), cwd=REPO, check=True, capture_output=True, timeout=300, env=env)
    return time.perf_counter() - start


def content(db_path: Path) -> str:
    """The file's SQL dump with the moments masked: equal for two runs that saved the same data."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return _MOMENT.sub("<moment>", "\n".join(connection.iterdump()))
    finally:
        connection.close()


def sound_content(db_path: Path) -> str:
    """`content` of a file SQLite finds sound (integrity, foreign keys, tables), a hot journal rolled back."""
    problems = check_database(db_path)
    assert problems == [], f"{db_path}: {problems}"
    return content(db_path)


def state_of(db_path: Path, states: dict[str, str]) -> str:
    """Which of `states` (name → content) the file holds; fails on a corrupt file or a mix."""
    found = sound_content(db_path)
    for name, expected in states.items():
        if found == expected:
            return name
    raise AssertionError(f"{db_path} holds none of the states {sorted(states)}: a partial change")


def assert_backups_restorable(db_path: Path) -> int:
    """Every automatic copy listed for `db_path` verifies (database and files); returns how many."""
    copies = list_backups(db_path)
    for info in copies:
        assert verify_backup(info.path) == [], info.path
    return len(copies)


@dataclass
class KillTrials:
    """Counts of one operation's kill -9 trials."""

    operation: str
    duration: float = 0.0  # seconds of an uninterrupted run
    trials: int = 0
    killed: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def run(
        self,
        args: Sequence[str],
        prepare: Callable[[], None],
        judge: Callable[[], str],
        *,
        finished: Callable[[], None] | None = None,
        trials: int = TRIALS,
        seed: int = SEED,
        env: dict[str, str] | None = None,
    ) -> KillTrials:
        """Time one run, then `trials` times: `prepare()`, run `args` killed at a random moment, `judge()`.

        `finished()` is called after the uninterrupted run (to take the state after); `judge`
        returns the name of the state the file was left in and fails on anything else.
        """
        prepare()
        self.duration = timed_run(args, env)
        if finished is not None:
            finished()
        rng = random.Random(f"{seed}-{self.operation}")
        for _trial in range(trials):
            prepare()
            self.killed += kill_after(args, kill_delay(rng, self.duration), env)
            self.outcomes[judge()] += 1
            self.trials += 1
        return self


def report(
    capsys: pytest.CaptureFixture[str],
    fault: str,
    operation: str,
    trials: int,
    outcome: str,
    *,
    killed: int | None = None,
    lost: int = 0,
) -> None:
    """Print one line of counts and, under scripts/reliability.py, append them to its log."""
    entry = {"fault": fault, "operation": operation, "trials": trials, "killed": killed,
             "outcome": outcome, "lost": lost}  # fmt: skip
    killed_text = f", {killed} killed" if killed is not None else ""
    with capsys.disabled():
        print(f"\n[reliability] {fault} — {operation}: {trials} trials{killed_text}; {outcome}; lost {lost}")
    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def outcome_text(outcomes: Counter[str]) -> str:
    """How many trials left each state ("after 38, before 12"), in a stable order."""
    return ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))


def replace_file(pristine: Path, target: Path) -> None:
    """`target` and its SQLite side files replaced by a copy of `pristine` (the state before a trial)."""
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(pristine, target)


def exchange_world(db_path: Path, units: int, tasks: int = 100) -> int:
    """A plan of `tasks` tasks each assigned to `units` schools: units x tasks rows to report on."""
    db = open_database(db_path)
    unit_ids = [save_unit(db, Unit(f"Trường Tiểu học số {n} xã Sùng Phài")).id for n in range(1, units + 1)]
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    plan = save_plan(db, Plan("Chuyển đổi số ngành giáo dục", number="367", symbol="KH-UBND", **period))
    section = save_task(db, Task(plan.id, "NHIỆM VỤ VÀ GIẢI PHÁP", ordinal="II.", kind=TaskKind.SECTION))
    for n in range(1, tasks + 1):
        task = Task(plan.id, f"Nhiệm vụ số {n}: rà soát, cập nhật cơ sở dữ liệu ngành", ordinal=f"{n}.",
                    parent_id=section.id, timeframe_text="Năm 2025")  # fmt: skip
        set_assignments(db, save_task(db, task).id, [(unit_id, Role.LEAD, None) for unit_id in unit_ids])
    db.close()
    return plan.id


def returned_template(db_path: Path, plan_id: int, out: Path) -> int:
    """The collection workbook of every unit, each row reported done as a school types it; its rows."""
    db = open_database(db_path)
    try:
        units = exchange.template_units(db, plan_id, None, AS_OF)
        template = write_template(get_plan(db, plan_id), units, out.with_name("mau.xlsx"), as_of=AS_OF)
    finally:
        db.close()
    workbook = load_workbook(template)
    rows = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" or sheet.title in (GUIDE_SHEET, TARGET_SHEET, REPORT_SHEET):
            continue
        for row in range(7, sheet.max_row + 1):
            sheet.cell(row=row, column=6, value="Hoàn thành")
            sheet.cell(row=row, column=7, value=100)
            sheet.cell(row=row, column=8, value=f"{row % 28 + 1:02d}/10/2025")
            sheet.cell(row=row, column=9, value=f"Đã hoàn thành, báo cáo số {row}/BC-TH")
            rows += 1
    workbook.save(out)
    return rows


def version_states(pristine: Path, work: Path) -> dict[str, str]:
    """The content after each step of the migration from v1: what a kill between steps may leave."""
    states = {"v1": content(pristine)}
    for target in range(2, SCHEMA_VERSION + 1):
        copy = work / f"v{target}.sqlite3"
        shutil.copyfile(pristine, copy)
        db = Database(copy)
        migrate(db, None, target)
        db.close()
        states[f"v{target}"] = content(copy)
        copy.unlink()
    return states
