"""`main.py --smoke-test` opens the window, leaves as soon as it has painted, and says so by its exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_smoke_test_opens_a_new_file_paints_and_exits_zero(tmp_path):
    db = tmp_path / "kehoach.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip
    done = subprocess.run([sys.executable, "main.py", "--smoke-test", "--db", str(db)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert db.exists()  # the file was opened (and created) for real
    assert not (tmp_path / "config").exists() or not any((tmp_path / "config").rglob("*.conf"))
