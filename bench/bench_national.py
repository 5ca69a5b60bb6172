"""Deadline views at national volume: each view query at 100,000, 1 M and 7 M assignments (issue 14).

The files are bench/make_large_db.py's `--offices` builds (10, 100 and 700 offices of 100 plans,
3,000 tasks and 10,000 assignments each, two plans of each office in the trash), cached under
/tmp/qlkh-large/; a size whose file is not built is skipped (`python bench/make_large_db.py
--offices 700` builds the largest, a few minutes). Each figure is the storage work behind one
screen action, the median of a few runs on a warm file: making the selection, its counts per
status and the first page of 200 rows for a filter; the first page alone for a sort (the counts
of the selection are kept); the counts grouped per plan, per unit or per day.

"before" is the storage code as it was (a JSON list of the chosen assignments probed by an index
walk forced by INDEXED BY, which at 7 M became a skip-scan per listed id; the trashed assignments
listed again by each query; progress sorted in full), on the same files. Still over the target:
a search of common words at 1 M and 7 M (the trigram index finds the tasks at once, but the
exact counts read every matching row: 50,000–80,000 at 1 M, 7 times that at 7 M), and the counts
per plan without any filter (every row is read; no screen asks for them: the per-unit screen's
per-plan counts are the unit's). The files carry no ANALYZE statistics, like those the application
writes: with statistics SQLite 3.40 adds a Bloom filter over every occurrence to the index walks,
and sorts by plan or descending took 0.6–1.2 s at 7 M with them.

    python bench/bench_national.py            # every size built; updates docs/benchmarks.md
    python bench/bench_national.py --plans    # and prints EXPLAIN QUERY PLAN of each query at the largest
"""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result  # noqa: E402

LIMIT = 0.100
SIZES = ((10, "100k"), (100, "1 M"), (700, "7 M"))
PAGE = 200
OUTPUT = REPO / "docs" / "benchmarks.md"
SAVED = Path("/tmp/qlkh-large/bench_national.json")  # the last run's figures, to write the table again
# Before issue 14's storage work (storage/deadlines.py of commit 3237da4~2: a JSON list of the chosen
# assignments, counts by scanning the covering index, the trashed assignments listed by each query),
# on the same files (no statistics), the better of two runs after none warm, in ms at 100k, 1 M, 7 M;
# None: stopped after 30 s.
BEFORE: dict[str, tuple[float | None, float | None, float | None]] = {
    "counts per status, no filter": (59.9, 677.8, 4980.5),
    "open the view (counts + first page)": (94.3, 840.7, 5403.7),
    "filter: plan": (31.1, 350.5, 2086.9),
    "filter: unit": (41.6, 304.1, 1704.4),
    "filter: unit kind (mầm non)": (100.9, 1039.4, None),
    "filter: role (Chủ trì)": (93.8, 1457.4, None),
    "filter: period (this quarter)": (104.2, 1127.8, 8402.0),
    "filter: status Quá hạn (first page)": (34.0, 331.1, 1456.6),
    "search «son binh»": (85.9, 1198.9, 9103.9),
    "search «kiem tra»": (960.6, None, None),
    "search «bua an ban tru»": (653.7, None, None),
    "sort: default": (46.6, 334.9, 1809.4),
    "sort: default, descending": (46.0, 240.3, 1764.4),
    "sort: status": (41.9, 229.2, 1674.7),
    "sort: status, descending": (214.3, 2307.7, 15496.2),
    "sort: due": (47.0, 351.1, 1853.3),
    "sort: due, descending": (39.2, 295.9, 1722.0),
    "sort: plan": (35.7, 348.7, 1739.5),
    "sort: plan, descending": (31.7, 268.3, 1805.7),
    "sort: unit": (36.9, 319.5, 1707.5),
    "sort: unit, descending": (21.9, 366.3, 1847.1),
    "sort: role": (21.4, 265.0, 1801.2),
    "sort: role, descending": (27.1, 250.9, 1864.3),
    "sort: progress": (53.8, 239.6, 1824.6),
    "sort: progress, descending": (48.4, 239.2, 1833.7),
    "per-unit screen (counts, per plan, first page)": (64.4, 182.5, 1686.9),
    "per-plan counts, no filter": (291.4, 3013.5, None),
    "calendar month (day counts)": (27.0, 258.1, 1462.5),
}


def operations(db) -> list[tuple[str, Callable[[], object]]]:
    """(name, action) of every view operation measured, on the open file `db`."""
    from bench.make_large_db import REFERENCE_DATE
    from core.model import Role
    from core.status import DeadlineStatus
    from storage.deadlines import DeadlineSelection, DeadlineSort

    as_of = REFERENCE_DATE
    # The biggest plan not in the trash, a unit leading much work, a unit kind of about a fifth.
    plan_id = db.execute(
        "SELECT t.plan_id FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.deleted_at IS NULL"
        " AND t.plan_id <= 100 GROUP BY t.plan_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    unit_id = db.execute(
        "SELECT unit_id FROM assignments WHERE unit_id <= 200 GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]

    def view(**filters) -> Callable[[], object]:
        def action():
            selection = DeadlineSelection(db, as_of, **filters)
            selection.counts()
            return selection.rows(sort=DeadlineSort.STATUS, limit=PAGE)

        return action

    everything = DeadlineSelection(db, as_of)

    def page(sort: DeadlineSort, descending: bool = False) -> Callable[[], object]:
        return lambda: everything.rows(sort=sort, descending=descending, limit=PAGE)

    def unit_view():
        selection = DeadlineSelection(db, as_of, unit_id=unit_id)
        selection.counts()
        selection.plan_counts()
        return selection.rows(sort=DeadlineSort.STATUS, limit=PAGE)

    month_start, month_end = as_of.replace(day=1), as_of.replace(day=30)
    quarter_start, quarter_end = as_of.replace(month=10, day=1), as_of.replace(month=12, day=31)

    def overdue_page():
        return everything.rows(statuses=[DeadlineStatus.OVERDUE], limit=PAGE)

    ops: list[tuple[str, Callable[[], object]]] = [
        ("counts per status, no filter", lambda: DeadlineSelection(db, as_of).counts()),
        ("open the view (counts + first page)", view()),
        ("filter: plan", view(plan_id=plan_id)),
        ("filter: unit", view(unit_id=unit_id)),
        ("filter: unit kind (mầm non)", view(unit_kind="mam_non")),
        ("filter: role (Chủ trì)", view(role=Role.LEAD)),
        ("filter: period (this quarter)", view(due_from=quarter_start, due_to=quarter_end)),
        ("filter: status Quá hạn (first page)", overdue_page),
        ("search «son binh»", view(search="son binh")),
        ("search «kiem tra»", view(search="kiem tra")),
        ("search «bua an ban tru»", view(search="bua an ban tru")),
    ]
    for sort in DeadlineSort:
        ops.append((f"sort: {sort.value}", page(sort)))
        ops.append((f"sort: {sort.value}, descending", page(sort, True)))
    ops += [
        ("per-unit screen (counts, per plan, first page)", unit_view),
        ("per-plan counts, no filter", lambda: DeadlineSelection(db, as_of).plan_counts()),
        ("calendar month (day counts)", lambda: everything.day_counts(month_start, month_end)),
    ]
    return ops


def measure(path: Path, repeat: int = 3) -> dict[str, float]:
    from storage.database import open_database

    db = open_database(path)
    try:
        timings = {}
        for name, action in operations(db):
            runs = []
            for _ in range(repeat + 1):  # the first warms the cache
                start = time.perf_counter()
                action()
                runs.append(time.perf_counter() - start)
            timings[name] = statistics.median(runs[1:])
            print(f"  {name}: {timings[name] * 1000:.1f} ms", flush=True)
        return timings
    finally:
        db.close()


def query_plans(path: Path) -> list[tuple[str, list[str]]]:
    """Each view operation's SQL statements and their EXPLAIN QUERY PLAN, traced while it runs."""
    from storage.database import open_database

    db = open_database(path)
    plans: list[tuple[str, list[str]]] = []
    try:
        for name, action in operations(db):
            statements: list[str] = []
            db.conn.set_trace_callback(statements.append)
            action()
            db.conn.set_trace_callback(None)
            lines = []
            for sql in statements:
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or "sqlite_master" in sql:
                    continue
                try:
                    steps = db.conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
                except sqlite3.Error:
                    continue
                lines.append(" ".join(re.sub(r"\s+", " ", sql).split()[:12]) + " …")
                lines += [f"    {'  ' * _depth(steps, step)}{step[3]}" for step in steps]
            plans.append((name, lines))
    finally:
        db.close()
    return plans


def _depth(steps, step) -> int:
    parents = {row[0]: row[1] for row in steps}
    depth, parent = 0, step[1]
    while parent in parents:
        depth, parent = depth + 1, parents[parent]
    return depth


def run() -> list[Result]:
    from bench.make_large_db import national_database

    results = []
    for offices, label in SIZES:
        path = national_database(offices, build_missing=offices <= 100)
        if path is None:
            continue
        for name, seconds in measure(path).items():
            value = round(seconds * 1000, 1)
            results.append(Result(f"{label}: {name}", value, "ms", "< 100 ms", seconds < LIMIT))
    return results


def main(argv: list[str]) -> int:
    from bench.make_large_db import national_database

    columns: dict[str, dict[str, float]] = {}
    for offices, label in SIZES:
        path = national_database(offices, build_missing=offices <= 100)
        if path is None:
            print(f"== {label}: not built, skipped")
            continue
        print(f"== {label} ({path})", flush=True)
        columns[label] = measure(path)
    plans: list[tuple[str, list[str]]] = []
    if "--plans" in argv and columns:
        largest = next(o for o, label in reversed(SIZES) if label in columns)
        plans = query_plans(national_database(largest, build_missing=False))
    if columns:
        saved = {"columns": columns, "plans": plans}
        SAVED.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    if "--no-write" not in argv:
        write_section(columns, plans)
    return 0


def rewrite_from_saved() -> None:
    """Write the section again from the last run's saved figures (after BEFORE changed)."""
    saved = json.loads(SAVED.read_text(encoding="utf-8"))
    write_section(saved["columns"], [(name, lines) for name, lines in saved["plans"]])


def write_section(columns: dict[str, dict[str, float]], plans: list[tuple[str, list[str]]]) -> None:
    """Replace (or add) this benchmark's section of docs/benchmarks.md."""
    from bench.run import machine

    labels = list(columns)
    names = list(next(iter(columns.values())))
    before_labels = [label for _, label in SIZES] if BEFORE else []
    lines = [
        "## bench_national",
        "",
        (__doc__ or "").strip().split("\n\n    python")[0],
        "",
        f"Machine: {machine()}. Run {time.strftime('%Y-%m-%d %H:%M')}; target < 100 ms at every size.",
        "",
        "| operation | " + " | ".join([*(f"before, {b}" for b in before_labels), *labels]) + " |",
        "|---|" + "---|" * (len(labels) + len(before_labels)),
    ]
    for name in names:
        cells = []
        for position, _label in enumerate(before_labels):
            value = BEFORE.get(name, (None, None, None))[position]
            cells.append("> 30 s (stopped)" if value is None else f"{value:g} ms")
        for label in labels:
            seconds = columns[label].get(name)
            mark = "" if seconds is None or seconds < LIMIT else " **(over)**"
            cells.append("" if seconds is None else f"{seconds * 1000:.1f} ms{mark}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if plans:
        lines += ["", f"### Query plans at {labels[-1]} (EXPLAIN QUERY PLAN of each statement run)", ""]
        for name, plan in plans:
            lines += [f"**{name}**", "", "```", *plan, "```", ""]
    section = "\n".join(lines).rstrip() + "\n"
    text = OUTPUT.read_text(encoding="utf-8")
    start = text.find("## bench_national")
    if start < 0:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("" if end < 0 else text[end:])
    OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--rewrite"]:
        rewrite_from_saved()
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
