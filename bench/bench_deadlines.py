"""Deadline view at office scale: 200 plans, 20,000 tasks, 100,000 assignments (bench/make_large_db.py).

The real widgets, offscreen: opening the "Hạn xử lý" screen (counts per status and the first page of
rows), changing a filter, the search after typing (the query that runs once typing pauses, without
the 250 ms pause itself) and scrolling the table a screen at a time (rows are fetched 200 at a time
as the view reaches them). Each figure is the median of several runs, each ending with the table
painted.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402

LIMIT = 0.100
REPEAT = 7


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bench.make_large_db import REFERENCE_DATE, Size, cached_database
    from core.status import DeadlineStatus
    from gui.context import AppContext
    from gui.views.deadlines import DeadlinesScreen, qdate
    from gui.workers import SynchronousRunner
    from storage.database import open_database

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    path = cached_database(Size())
    prepared = time.perf_counter() - started
    db = open_database(path)
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("plans", "tasks", "assignments", "occurrences")
    }
    settings = QSettings(
        str(Path(os.environ.get("TMPDIR", "/tmp")) / "bench-deadlines.ini"), QSettings.Format.IniFormat
    )
    settings.clear()
    context = AppContext(db, path, settings, SynchronousRunner())

    def painted(screen) -> None:
        # The event loop's turn: what the click or key queued, then the paint of what changed.
        app.processEvents()

    def open_screen():
        screen = DeadlinesScreen(context)
        screen.resize(1200, 760)
        screen.show()
        painted(screen)
        screen.close()
        screen.deleteLater()
        app.processEvents()

    # The date the generated progress was made around; "today" for the rest of the benchmark.
    screen = DeadlinesScreen(context)
    screen.resize(1200, 760)
    screen.as_of_edit.setDate(qdate(REFERENCE_DATE))
    screen.show()
    painted(screen)
    results = [
        Result(
            "database",
            counts["occurrences"],
            "rows",
            note=f"{counts['plans']} plans, {counts['tasks']} tasks, {counts['assignments']} assignments; "
            f"occurrences shown; built or found in {prepared:.1f} s",
        ),
        under(
            "open the deadline view",
            median_seconds(open_screen, REPEAT),
            LIMIT,
            "counts per status + first 200 rows, painted",
        ),
    ]

    filters = screen.filters

    def timed(change, undo) -> float:
        """Median seconds of `change` (then painted), each run followed by an untimed `undo`."""
        change()
        undo()
        timings = []
        for _ in range(REPEAT):
            painted(screen)
            start = time.perf_counter()
            change()
            painted(screen)
            timings.append(time.perf_counter() - start)
            undo()
        painted(screen)
        return statistics.median(timings)

    def choose(combo, value):
        return lambda: combo.setCurrentIndex(combo.findData(value)), lambda: combo.setCurrentIndex(0)

    plan_id = filters.plan_combo.itemData(7)
    for name, combo, value, note in (
        ("plan", filters.plan_combo, plan_id, "one plan of 200"),
        ("unit kind", filters.kind_combo, "mam_non", "Trường mầm non: 19% of the rows"),
        ("role", filters.role_combo, "lead", "Chủ trì: 57% of the assignments"),
        ("period", filters.period_combo, "quarter", "this quarter, cut-off on the 14th"),
    ):
        results.append(under(f"change a filter: {name}", timed(*choose(combo, value)), LIMIT, note))

    overdue = screen.status_bar.buttons[DeadlineStatus.OVERDUE]
    everything = screen.status_bar.buttons[None]
    results.append(
        under(
            "change a filter: click a status count", timed(overdue.click, everything.click), LIMIT, "Quá hạn"
        )
    )

    def search_for(word):
        def change():
            filters.search.setText(word)
            filters._search_timer.stop()
            filters._search_settled()  # what the 250 ms pause after the last key starts

        def undo():
            filters.search.clear()
            filters._search_timer.stop()
            filters._search_settled()

        return change, undo

    for word, note in (
        ("son binh", "a commune's name: 3% of the rows"),
        ("kiem tra", "a word of many tasks"),
        ("bua an ban tru", "three words of a task"),
    ):
        results.append(
            under(
                f"search «{word}»",
                timed(*search_for(word)),
                LIMIT,
                f"{note}; query and paint once typing pauses",
            )
        )

    keystroke = []
    for char in "kiem tra":
        start = time.perf_counter()
        filters.search.setText(filters.search.text() + char)
        app.processEvents()
        keystroke.append(time.perf_counter() - start)
    filters.search.clear()
    filters._search_settled()
    results.append(
        under(
            "typing one key in the search box",
            statistics.median(keystroke),
            LIMIT,
            "the query waits for the pause",
        )
    )

    steps, fetching = [], []
    bar = screen.table.verticalScrollBar()
    for _ in range(120):
        rows = screen.model.rowCount()
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        painted(screen)
        elapsed = time.perf_counter() - start
        (fetching if screen.model.rowCount() > rows else steps).append(elapsed)
    reached = screen.model.rowCount()
    results.append(
        under(
            "scroll one screen down",
            statistics.median(steps + fetching),
            LIMIT,
            f"median of {len(steps) + len(fetching)} steps, {reached} rows reached",
        )
    )
    results.append(
        under(
            "scroll step that fetches 200 more rows",
            statistics.median(fetching),
            LIMIT,
            f"median of {len(fetching)} such steps, slowest {max(fetching) * 1000:.0f} ms",
        )
    )
    screen.close()
    db.close()
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
