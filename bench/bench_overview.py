"""«Tổng quan» at office scale: 200 plans, 20,000 tasks, 100,000 assignments (bench/make_large_db.py).

The real screen, offscreen: made, filled from the database (counts per status, overdue by unit, work
due this week, completion per reporting month, units not reported this month) and painted, as of
the day the generated progress was made around; then the same after a change of data, for one
plan, by quarter, and on a day when no unit has reported yet (the slowest case for the silent
units: every unit leading work is looked at). Each figure is the median of several runs.
Target (issue 12): the screen opens in under 100 ms. The plan of each query is listed before the table.
"""

from __future__ import annotations

import os
import re
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402

LIMIT = 0.100
REPEAT = 7
# Past every generated progress entry, so that no unit has reported in its month.
NOBODY_REPORTED = date(2027, 1, 20)


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bench.make_large_db import REFERENCE_DATE, Size, cached_database
    from gui.context import AppContext
    from gui.views.overview.screen import OverviewScreen
    from gui.workers import SynchronousRunner
    from storage.database import open_database
    from storage.overview import load_overview

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    path = cached_database(Size())
    prepared = time.perf_counter() - started
    db = open_database(path)
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("plans", "tasks", "assignments", "occurrences", "progress_updates")
    }
    settings = QSettings(
        str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-overview.ini"), QSettings.Format.IniFormat
    )
    settings.clear()
    context = AppContext(db, path, settings, SynchronousRunner())

    def open_screen(as_of: date):
        def action():
            screen = OverviewScreen(context, as_of=as_of)
            screen.resize(1200, 760)
            screen.show()
            app.processEvents()  # the paint
            screen.close()
            screen.deleteLater()

        return action

    results = [
        Result(
            "database",
            counts["assignments"],
            "assignments",
            note=f"{counts['plans']} plans, {counts['tasks']} tasks, {counts['occurrences']} occurrences, "
            f"{counts['progress_updates']} progress entries; built or found in {prepared:.1f} s",
        ),
        under(
            f"open the screen as of {REFERENCE_DATE:%d/%m/%Y} (every figure, painted)",
            median_seconds(open_screen(REFERENCE_DATE), REPEAT),
            LIMIT,
        ),
        under(
            f"open the screen as of {NOBODY_REPORTED:%d/%m/%Y}, when no unit has reported in the month",
            median_seconds(open_screen(NOBODY_REPORTED), REPEAT),
            LIMIT,
        ),
    ]

    screen = OverviewScreen(context, as_of=REFERENCE_DATE)
    screen.resize(1200, 760)
    screen.show()
    app.processEvents()

    def changed():
        context.changed("progress")
        app.processEvents()

    results.append(under("reload after a change of progress", median_seconds(changed, REPEAT), LIMIT))
    sql = "SELECT id FROM plans WHERE deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET 5"
    plan_id = db.execute(sql).fetchone()[0]
    index = screen.plan_combo.findData(plan_id)

    def one_plan():
        screen.plan_combo.setCurrentIndex(0)
        app.processEvents()
        started = time.perf_counter()
        screen.plan_combo.setCurrentIndex(index)
        app.processEvents()
        return time.perf_counter() - started

    one_plan()
    timings = sorted(one_plan() for _ in range(REPEAT))
    results.append(under("choose one plan of 200", timings[len(timings) // 2], LIMIT))
    quarter = screen.period_combo.findData("quarter")

    def by_quarter():
        screen.period_combo.setCurrentIndex(0)
        app.processEvents()
        started = time.perf_counter()
        screen.period_combo.setCurrentIndex(quarter)
        app.processEvents()
        return time.perf_counter() - started

    timings = sorted(by_quarter() for _ in range(REPEAT))
    results.append(under("completion by quarter instead of by month", timings[len(timings) // 2], LIMIT))
    screen.close()
    results.append(
        Result(
            "the figures alone (storage.overview.load_overview, no widgets)",
            round(median_seconds(lambda: load_overview(db, REFERENCE_DATE), REPEAT) * 1000, 1),
            "ms",
        )
    )
    _append_query_plans(db, load_overview, REFERENCE_DATE)
    db.close()
    return results


def _append_query_plans(db, load_overview, as_of: date) -> None:
    """Add each query the figures run and SQLite's plan for it to this module's description, which
    bench/run.py prints above the table (the plans are the point, not worth a row each)."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    load_overview(db, as_of)
    db.conn.set_trace_callback(None)
    lines = ["", "Query plans at this size (EXPLAIN QUERY PLAN, as of the first date):", ""]
    seen = set()
    for sql in statements:
        text = " ".join(sql.split())
        shape = re.sub(r"'[^']*'|\b\d+\b", "?", text)  # one query whatever its values
        if not text.upper().startswith(("SELECT", "WITH")) or shape in seen:
            continue
        seen.add(shape)
        plan = [row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()]
        lines.append(f"- `{text[:100]}…`" if len(text) > 100 else f"- `{text}`")
        lines += [f"  - {step}" for step in plan]
    module = sys.modules[__name__]
    module.__doc__ = (module.__doc__ or "").rstrip() + "\n" + "\n".join(lines)


if __name__ == "__main__":
    for result in run():
        print(result)
    print(sys.modules[__name__].__doc__)
