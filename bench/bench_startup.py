"""Start-up: `main.py --smoke-test` (it leaves as soon as the window has painted once) timed from
outside as a real process, on a new file and on the office-scale file (bench/make_large_db.py,
100,000 assignments), beside a bare PySide6 window painted the same way on the same machine.

Targets (issue 14): the window in under 0.3 s on the office-scale file, and no more than twice a bare
PySide6 window measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, under  # noqa: E402

RUNS = 5
LIMIT = 0.3

# The smallest program that shows a window and quits once it has painted: the floor Qt sets.
_BARE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
painted = Painted()
app.installEventFilter(painted)
window.show()
app.exec()
"""


def _median_run(command: list[str], env: dict[str, str]) -> float:
    subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=True)  # warm the file cache
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=True)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run() -> list[Result]:
    from bench.make_large_db import Size, cached_database

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(Path(folder) / "config"),
               "XDG_DATA_HOME": str(Path(folder) / "data")}  # fmt: skip
        bare = _median_run([sys.executable, "-c", _BARE], env)
        new_file = _median_run(
            [sys.executable, "main.py", "--smoke-test", "--db", str(Path(folder) / "moi.sqlite3")], env
        )
        office_file = str(cached_database(Size()))
        office = _median_run([sys.executable, "main.py", "--smoke-test", "--db", office_file], env)
    note = f"median of {RUNS} runs; a bare PySide6 window: {bare * 1000:.0f} ms"
    return [
        Result("bare PySide6 window, painted", round(bare * 1000, 1), "ms", note="the floor, same run"),
        under("main window painted, new file", new_file, LIMIT, note),
        under("main window painted, 100,000 assignments", office, LIMIT, note),
        Result("… compared with the bare window", round(office / bare, 2), "×", "≤ 2×", office / bare <= 2),
    ]
