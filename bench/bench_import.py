"""Benchmark of the plan importer: 50 documents of the samples' size (the five samples ×10).

Target: all 50 imported in under 5 seconds in total — parsed, and parsed and saved into a
database (units matched, tasks, assignments, occurrences and indicators written).
`run()` is what bench/run.py collects; `python bench/bench_import.py` prints the parse total.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402  (needs the path set above)
from core.importing import parse_plan_text  # noqa: E402

SAMPLES = REPO / "resources" / "samples"
COPIES = 10
TARGET_SECONDS = 5.0


def _documents() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))] * COPIES


def _parse_all(texts: list[str]) -> int:
    return sum(len(parse_plan_text(text, f"doc{index}.txt").tasks) for index, text in enumerate(texts))


def _import_all(texts: list[str]) -> int:
    """Parse and save every document into a fresh database, each in its own transaction."""
    from core.importing import to_domain
    from storage.database import open_database
    from storage.plan_import import save_imported_plan

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3")
        try:
            for index, text in enumerate(texts):
                save_imported_plan(db, to_domain(parse_plan_text(text, f"doc{index}.txt")))
            return db.execute("SELECT count(*) FROM tasks").fetchone()[0]
        finally:
            db.close()


def run() -> list[Result]:
    texts = _documents()
    parsed = median_seconds(lambda: _parse_all(texts), repeat=3)
    saved = median_seconds(lambda: _import_all(texts), repeat=3)
    return [
        under(f"parse {len(texts)} plan documents (samples ×{COPIES})", parsed, TARGET_SECONDS, unit="s"),
        under(f"parse and save {len(texts)} plan documents into a database", saved, TARGET_SECONDS, unit="s"),
    ]


def main() -> int:
    texts = _documents()
    start = time.perf_counter()
    tasks = _parse_all(texts)
    elapsed = time.perf_counter() - start
    verdict = "ok" if elapsed < TARGET_SECONDS else "SLOW"
    print(
        f"import-plan: {len(texts)} documents, {tasks} tasks in {elapsed:.2f} s"
        f" (target < {TARGET_SECONDS:g} s, {verdict})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
