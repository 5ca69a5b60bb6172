"""A full disk at a random point: a real tmpfs of 4 MB with a random amount of space left.

Each trial puts the data file back on the tmpfs in its state before, fills the disk until only a
random number of bytes is free, and runs the command (in this process, through `cli.main`): it
either succeeds whole, or exits 1 with one line naming the file, leaving the data exactly as it was
and no partial file behind. Skipped where a tmpfs cannot be mounted (not root, not Linux).
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from cli import main
from core.model import Unit
from storage.database import open_database
from storage.migrations import SCHEMA_VERSION
from storage.units import save_unit
from tests.reliability import (
    REPO,
    SEED,
    TRIALS,
    V1_FIXTURE,
    content,
    exchange_world,
    outcome_text,
    replace_file,
    report,
    returned_template,
    sound_content,
    state_of,
    version_states,
)
from tests.test_disk_full import _fill, mounted_tmpfs

pytestmark = pytest.mark.reliability
SAMPLE_PLAN = REPO / "resources" / "samples" / "003_ba6238f9405d9d7b.txt"


@pytest.fixture
def disk(tmp_path):
    with mounted_tmpfs(tmp_path / "dia-nho", size="4m") as folder:
        yield folder


def _side_files(folder: Path) -> list[str]:
    """What a failed command may not leave: journals, temporary and partial files."""
    names = [path.name for path in folder.rglob("*") if path.is_file()]
    return sorted(n for n in names if n.endswith(("-journal", "-wal", ".partial", ".tmp")) or ".partial" in n)


def _trials(disk: Path, capsys, operation: str, pristine: Path, argv: list[str], budget: int,
            states: dict[str, str] | None = None) -> Counter[str]:  # fmt: skip
    """TRIALS runs of `argv` on a copy of `pristine` on `disk` with 0..`budget` bytes free."""
    db_path = disk / pristine.name
    preset = states is not None
    states = states if preset else {"before": content(pristine)}
    rng = random.Random(f"{SEED}-disk-{operation}")
    outcomes: Counter[str] = Counter()
    for _trial in range(TRIALS):
        (disk / "filler.bin").unlink(missing_ok=True)
        shutil.rmtree(disk / "backups", ignore_errors=True)
        for stale in disk.glob(f"{pristine.name}.bak-v*"):
            stale.unlink()
        replace_file(pristine, db_path)
        _fill(disk, leave=rng.randint(0, budget))
        code = main([*argv, "--db", str(db_path)])
        err = capsys.readouterr().err.strip()
        (disk / "filler.bin").unlink()
        if code == 0:
            if not preset:  # the first success is the state every other one must equal
                states.setdefault("after", sound_content(db_path))
            outcomes[state_of(db_path, states)] += 1
        else:
            assert code == 1 and len(err.splitlines()) == 1, err
            assert "đầy" in err or "dung lượng" in err or "không đủ" in err.lower(), err
            outcomes[f"refused ({state_of(db_path, states)})"] += 1
        assert _side_files(disk) == [], _side_files(disk)
    report(capsys, "disk full (tmpfs 4 MB)", operation, TRIALS, outcome_text(outcomes))
    return outcomes


def _current_file(path: Path) -> Path:
    db = open_database(path)
    save_unit(db, Unit("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT", kind_code="phong_ban"))
    db.close()
    return path


def test_import_plan_onto_a_full_disk_saves_the_plan_whole_or_refuses_in_one_line(disk, tmp_path, capsys):
    pristine = _current_file(tmp_path / "kehoach.sqlite3")
    outcomes = _trials(disk, capsys, "main.py import-plan", pristine, ["import-plan", str(SAMPLE_PLAN)],
                       budget=900_000)  # fmt: skip
    assert outcomes["after"] > 0 and outcomes["refused (before)"] > 0


def test_import_xlsx_onto_a_full_disk_writes_every_row_or_none(disk, tmp_path, capsys):
    pristine = tmp_path / "kehoach.sqlite3"
    plan_id = exchange_world(pristine, units=3)
    template = returned_template(pristine, plan_id, tmp_path / "tra-ve.xlsx")
    outcomes = _trials(disk, capsys, f"main.py import-xlsx ({template} rows)", pristine,
                       ["import-xlsx", str(tmp_path / "tra-ve.xlsx")], budget=400_000)  # fmt: skip
    assert outcomes["after"] > 0 and outcomes["refused (before)"] > 0


def test_a_migration_on_a_full_disk_keeps_the_old_file_or_finishes(disk, tmp_path, capsys):
    pristine = tmp_path / "kehoach.sqlite3"
    shutil.copyfile(V1_FIXTURE, pristine)
    states = version_states(pristine, tmp_path)
    outcomes = _trials(disk, capsys, f"migration v1 → v{SCHEMA_VERSION} (main.py deadlines)", pristine,
                       ["deadlines", "--json"], budget=1_200_000, states=states)  # fmt: skip
    assert outcomes[f"v{SCHEMA_VERSION}"] > 0 and outcomes["refused (v1)"] > 0


def test_a_backup_onto_a_full_disk_is_whole_or_absent(disk, tmp_path, capsys):
    db_path = tmp_path / "kehoach.sqlite3"
    exchange_world(db_path, units=10)
    expected = content(db_path)
    rng = random.Random(f"{SEED}-disk-backup")
    outcomes: Counter[str] = Counter()
    for _trial in range(TRIALS):
        _fill(disk, leave=rng.randint(0, 2 * db_path.stat().st_size))
        dest = disk / "sao-luu.sqlite3"
        code = main(["backup", str(dest), "--db", str(db_path)])
        err = capsys.readouterr().err.strip()
        if code == 0:
            assert sound_content(dest) == expected
            outcomes["whole copy"] += 1
        else:
            assert code == 1 and len(err.splitlines()) == 1, err
            assert sorted(p.name for p in disk.iterdir()) == ["filler.bin"], list(disk.iterdir())
            outcomes["refused, nothing left"] += 1
        for path in disk.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    report(capsys, "disk full (tmpfs 4 MB)", "main.py backup DEST", TRIALS, outcome_text(outcomes))
    assert outcomes["whole copy"] > 0 and outcomes["refused, nothing left"] > 0
