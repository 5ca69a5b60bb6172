"""kill -9 at random moments during `main.py import-plan`, `main.py import-xlsx` and a migration.

Each trial puts the file back in its state before, runs the real command and kills it after a random
delay; the file must then be sound and hold exactly the state before or after (for a migration:
the state after one of its steps, each a transaction of its own), and its automatic copies must
still verify and restore. The trials and the counts are those of tests/reliability.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from core.model import Unit
from storage.backup import automatic_backup, list_backups, restore_database
from storage.database import open_database
from storage.migrations import SCHEMA_VERSION
from storage.units import save_unit
from tests.reliability import (
    POSIX_ONLY,
    REPO,
    V1_FIXTURE,
    KillTrials,
    assert_backups_restorable,
    content,
    exchange_world,
    outcome_text,
    replace_file,
    report,
    returned_template,
    sound_content,
    state_of,
    timed_run,
    version_states,
)

pytestmark = [pytest.mark.reliability, POSIX_ONLY]
SAMPLE_PLAN = REPO / "resources" / "samples" / "004_2b9630492192a680.txt"
# Rows of the returned template: 10,000 (100 units x 100 tasks) in scripts/reliability.py, fewer in CI.
XLSX_ROWS = int(os.environ.get("KEHOACH_XLSX_ROWS", "2000"))
AUDIT_ROWS = 50_000  # so that the v2 step (the audit log rebuilt) takes a while to be killed in


def _cli(*args: str) -> list[str]:
    return [sys.executable, "main.py", *args]


def test_kill_during_import_plan_leaves_the_plan_whole_or_absent(tmp_path, capsys):
    pristine, db_path = tmp_path / "truoc.sqlite3", tmp_path / "kehoach.sqlite3"
    db = open_database(pristine)
    save_unit(db, Unit("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT", kind_code="phong_ban"))
    db.close()
    replace_file(pristine, db_path)
    automatic_backup(db_path, "open", force=True)
    args = _cli("import-plan", str(SAMPLE_PLAN), "--db", str(db_path))
    states = {"before": content(db_path)}
    trials = KillTrials("import-plan").run(
        args,
        lambda: replace_file(pristine, db_path),
        lambda: state_of(db_path, states),
        finished=lambda: states.update(after=sound_content(db_path)),
    )
    assert trials.outcomes["after"] > 0
    assert assert_backups_restorable(db_path) == 1
    report(capsys, "kill -9", "main.py import-plan (sample plan, 33 KB of text)", trials.trials,
           outcome_text(trials.outcomes), killed=trials.killed)  # fmt: skip
    assert trials.killed >= trials.trials // 3


def test_kill_during_import_xlsx_leaves_every_row_or_none(tmp_path, capsys):
    pristine, db_path = tmp_path / "truoc.sqlite3", tmp_path / "kehoach.sqlite3"
    plan_id = exchange_world(pristine, units=max(1, XLSX_ROWS // 100))
    rows = returned_template(pristine, plan_id, tmp_path / "Trường TH Sùng Phài.xlsx")
    replace_file(pristine, db_path)
    automatic_backup(db_path, "open", force=True)
    states = {"before": content(db_path)}
    args = _cli("import-xlsx", str(tmp_path / "Trường TH Sùng Phài.xlsx"), "--db", str(db_path))
    trials = KillTrials("import-xlsx").run(
        args,
        lambda: replace_file(pristine, db_path),
        lambda: state_of(db_path, states),
        finished=lambda: states.update(after=sound_content(db_path)),
    )
    assert states["after"].count("Đã hoàn thành, báo cáo số") >= rows  # the run did import every row
    assert trials.outcomes["after"] > 0 and trials.outcomes["before"] > 0
    assert assert_backups_restorable(db_path) == 1
    report(capsys, "kill -9", f"main.py import-xlsx (returned template, {rows} rows)",
           trials.trials, outcome_text(trials.outcomes), killed=trials.killed)  # fmt: skip
    assert trials.killed >= trials.trials // 3


def _large_v1_file(path: Path) -> None:
    """The v1 fixture with AUDIT_ROWS more rows in its audit log, which the v2 step copies."""
    shutil.copyfile(V1_FIXTURE, path)
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO audit_log (at, action, entity, entity_id, summary)"
            " VALUES (?, 'update', 'task', ?, ?)",
            ((f"2025-03-01T08:{n % 60:02d}:00+07:00", n, f"Sửa nhiệm vụ số {n}") for n in range(AUDIT_ROWS)),
        )
    connection.close()


def test_kill_during_a_migration_from_v1_leaves_a_whole_version_and_a_restorable_copy(tmp_path, capsys):
    work = tmp_path / "mau"
    work.mkdir()
    pristine, db_path = work / "v1.sqlite3", tmp_path / "kehoach.sqlite3"
    _large_v1_file(pristine)
    states = version_states(pristine, work)
    copies, torn_copies = 0, 0

    def prepare() -> None:
        for path in db_path.parent.glob(f"{db_path.name}.bak-v*"):
            path.unlink()
        shutil.rmtree(db_path.parent / "backups", ignore_errors=True)
        replace_file(pristine, db_path)

    def judge() -> str:
        nonlocal copies, torn_copies
        state = state_of(db_path, states)
        copies += assert_backups_restorable(db_path)
        # The migration's own quick copy (<name>.bak-v1) is not written to a temporary name first.
        for copy in db_path.parent.glob(f"{db_path.name}.bak-v*"):
            torn_copies += copy.stat().st_size != pristine.stat().st_size
        return state

    args = _cli("deadlines", "--db", str(db_path), "--json")
    trials = KillTrials("migration").run(args, prepare, judge)
    prepare()
    timed_run(args)
    [info] = list_backups(db_path)
    restore_database(info.path, db_path)  # the copy taken before the upgrade brings v1 back
    assert state_of(db_path, states) == "v1"
    assert trials.outcomes[f"v{SCHEMA_VERSION}"] > 0 and trials.outcomes["v1"] > 0
    outcome = (
        f"{outcome_text(trials.outcomes)}; {copies} automatic copies taken before the upgrade, all verify;"
        f" {torn_copies} torn quick copies <name>.bak-v1"
    )
    operation = f"migration v1 → v{SCHEMA_VERSION} (main.py deadlines; {AUDIT_ROWS // 1000}k audit rows)"
    report(capsys, "kill -9", operation, trials.trials, outcome, killed=trials.killed)
    assert trials.killed >= trials.trials // 3
