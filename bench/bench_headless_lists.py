"""Headless lists at office scale (bench/make_large_db.py, 100,000 assignments): `main.py deadlines
--json` and `--unit NAME` run as real processes, timed from outside, with their peak memory.

The rows stream (a page of 1,000 at a time, each written before the next is read), so memory must
not grow with the number of rows: the target is the national volume's (< 150 MB), met here already
at office scale only if nothing is held per row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, under  # noqa: E402

MEMORY_LIMIT_MB = 150
TIME_LIMIT = 3.0  # seconds for the whole list of the office-scale file


# Runs the command, counts what it writes without keeping it, and prints its peak memory: a
# wrapper of its own so that each figure is that run's, not the largest child's so far.
_WRAPPER = """
import resource, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
size = 0
while chunk := child.stdout.read(1 << 16):
    size += len(chunk)
if child.wait():
    sys.exit(child.returncode)
print(size, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _measure(arguments: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB of the command, bytes it wrote) of one `main.py` run."""
    command = [sys.executable, "-c", _WRAPPER, sys.executable, str(REPO / "main.py"), *arguments]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=True, cwd=REPO, text=True)
    seconds = time.perf_counter() - started
    size, peak_kib = (int(value) for value in done.stdout.split())
    return seconds, peak_kib / 1024, size  # ru_maxrss is in KiB on Linux


def run() -> list[Result]:
    from bench.make_large_db import REFERENCE_DATE, Size, cached_database
    from storage.database import open_database

    path = cached_database(Size())
    db = open_database(path)
    try:
        unit = db.execute(
            "SELECT u.name FROM units u JOIN assignments a ON a.unit_id = u.id"
            " GROUP BY u.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    finally:
        db.close()
    as_of = ["--as-of", REFERENCE_DATE.isoformat()]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results = []
    for name, extra in (
        ("deadlines --json (every row)", ["--json"]),
        ("deadlines (text, every row)", []),
        (f"deadlines --unit «{unit}» --json", ["--unit", unit, "--json"]),
    ):
        seconds, peak_mb, size = _measure(["deadlines", "--db", str(path), *as_of, *extra])
        note = f"{size / 1e6:.1f} MB written"
        results.append(under(name, seconds, TIME_LIMIT, note, unit="s"))
        results.append(
            Result(f"{name}: peak memory", round(peak_mb), "MB", f"< {MEMORY_LIMIT_MB} MB",
                   peak_mb < MEMORY_LIMIT_MB)  # fmt: skip
        )
    return results
