"""Two processes writing to one data file at once, 450 changes each: every change is there after.

Each writer is a real process saving units one transaction at a time through the storage API;
SQLite's lock and the busy timeout of `open_database` make them take turns. Nothing may be lost,
duplicated or refused, and the file must be sound.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from storage.database import open_database
from tests.reliability import POSIX_ONLY, REPO, report, sound_content

pytestmark = [pytest.mark.reliability, POSIX_ONLY]
WRITERS = 2
WRITES = 450

_WRITER = """
import sys, time
from pathlib import Path
from core.model import Unit
from storage.database import open_database
from storage.units import save_unit

db = open_database(sys.argv[1])
while not Path(sys.argv[4]).exists():  # both start writing at the same moment
    time.sleep(0.005)
for number in range(int(sys.argv[3])):
    save_unit(db, Unit(f"Trường {sys.argv[2]} số {number}"))
    time.sleep(0.002)  # a pause between saves, as a clerk makes: else one may finish before the other starts
db.close()
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path, capsys):
    db_path = tmp_path / "kehoach.sqlite3"
    open_database(db_path).close()
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db_path), f"W{n}", str(WRITES), str(go)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for n in range(WRITERS)
    ]
    time.sleep(1.0)  # both have opened the file
    go.touch()
    for writer in writers:
        _out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    sound_content(db_path)
    db = open_database(db_path)
    try:
        names = [row[0] for row in db.execute("SELECT name FROM units ORDER BY id")]
    finally:
        db.close()
    expected = {f"Trường W{n} số {number}" for n in range(WRITERS) for number in range(WRITES)}
    assert len(names) == len(set(names)) == len(expected) and set(names) == expected
    turns = sum(1 for a, b in zip(names, names[1:], strict=False) if a.split()[1] != b.split()[1])
    assert turns > 1, "the writers did not overlap"
    outcome = f"{len(names)} of {len(expected)} writes present, none twice; {turns} changes of writer"
    report(capsys, "concurrent writers", f"{WRITERS} processes saving {WRITES} units each into one file",
           WRITERS * WRITES, outcome)  # fmt: skip
