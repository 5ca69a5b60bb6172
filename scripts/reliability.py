#!/usr/bin/env python3
"""Run the reliability trials and write docs/reliability.md from the counts they report.

    .venv/bin/python scripts/reliability.py [--trials N] [--xlsx-rows N] [pytest arguments]

Runs the tests marked `reliability` (kill -9 during import-plan, import-xlsx, a migration, a
backup and a restore; a full tmpfs; two processes writing at once) with N trials each (default
50) and a returned template of 10,000 rows, each test appending its counts to a log
(tests/reliability.py). The document is written only when every trial passed; otherwise the exit
code is pytest's and the old document stays.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "reliability.md"
COMMAND = ".venv/bin/python scripts/reliability.py"
FAULT_ORDER = ["kill -9", "disk full", "concurrent writers"]  # the table's order; tests may run in any


def run_trials(trials: int, xlsx_rows: int, extra: list[str], log: Path) -> tuple[int, str, float]:
    """(pytest's exit code, its output, seconds) of the reliability tests with their counts sent to `log`."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KEHOACH_TRIALS": str(trials),
        "KEHOACH_XLSX_ROWS": str(xlsx_rows),
        "KEHOACH_RELIABILITY_LOG": str(log),
    }
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-m", "reliability",
               "tests/", *extra]  # fmt: skip
    start = time.perf_counter()
    output = []
    with subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as process:  # fmt: skip
        for line in process.stdout:  # shown as it comes: the run takes minutes
            print(line, end="", flush=True)
            output.append(line)
    return process.returncode, "".join(output), time.perf_counter() - start


def document(entries: list[dict], skipped: list[str], trials: int, seconds: float) -> str:
    lost = sum(entry["lost"] for entry in entries)
    total = f"{sum(entry['trials'] for entry in entries):,}".replace(",", " ")
    lines = [
        "# Reliability: the faults tried and what was lost",
        "",
        f"Regenerate with `{COMMAND}` (the tests marked `reliability`, {trials} trials each; about"
        f" {round(seconds / 60)} minutes here). Do not edit by hand.",
        "",
        f"Last run {datetime.now():%d/%m/%Y %H:%M} on {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}, {os.cpu_count()} CPUs: **{len(entries)} faults and operations,"
        f" {total} trials, {lost} lost.**",
        "",
        "After each trial the data file must pass SQLite's `PRAGMA integrity_check` and",
        "`foreign_key_check` (a journal a kill left behind rolled back first, as opening it would), and",
        "hold exactly one state the operation may leave, compared as a whole SQL dump (times of day",
        "masked): the state before, the state after, or for a migration the state after one of its",
        "steps (each step is a transaction of its own). Every automatic backup listed must verify",
        "(database and evidence files) and one is restored at the end; for backup and restore the",
        "evidence files must match the database too. *Lost* counts trials that left anything else;",
        "any such trial fails the run, and this file is then not rewritten.",
        "",
        "| Fault | Operation | Times tried | Killed | Left as | Lost |",
        "|---|---|---:|---:|---|---:|",
    ]
    for entry in sorted(entries, key=lambda entry: FAULT_ORDER.index(entry["fault"].split(" (")[0])):
        killed = "" if entry["killed"] is None else str(entry["killed"])
        lines.append(
            f"| {entry['fault']} | {entry['operation']} | {entry['trials']} | {killed} | {entry['outcome']}"
            f" | {entry['lost']} |"
        )
    lines += [
        "",
        "*Killed*: the trials in which the process was still running when SIGKILL came (the others had",
        "finished; the delays are random over 0.3–1.3 times an uninterrupted run, most of which is",
        "Python starting and the file being read, so most kills land before the write). *refused (state)*:",
        "the command exited 1 with one Vietnamese line naming the full disk's file, leaving the data in",
        "that state and no journal or partial file behind. For the two writers, *times tried* counts",
        "their writes; they take turns through SQLite's lock and the busy timeout of `open_database`.",
        "",
        "In CI (`.ci/run`) the same tests run with their defaults: 50 trials each and a returned template",
        "of 2,000 rows instead of 10,000, so that the suite stays within a few minutes.",
    ]
    if skipped:
        lines += ["", "Skipped in this run:", "", *(f"- {reason}" for reason in skipped)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50, help="trials per operation (default 50)")
    parser.add_argument("--xlsx-rows", type=int, default=10_000, help="rows of the returned template")
    args, extra = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "counts.jsonl"
        code, output, seconds = run_trials(args.trials, args.xlsx_rows, extra, log)
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        entries = [json.loads(line) for line in lines]
    if code != 0:
        print(f"pytest exited {code}: {DOC.relative_to(REPO)} not rewritten", file=sys.stderr)
        return code
    skipped = [line.split(" ", 2)[-1] for line in output.splitlines() if line.startswith("SKIPPED")]
    DOC.write_text(document(entries, skipped, args.trials, seconds), encoding="utf-8")
    print(f"Đã ghi {DOC.relative_to(REPO)}: {len(entries)} faults")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
