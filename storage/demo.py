"""Demonstration data: the five sample plan documents imported, with some progress reported.

Offered when a new database is created, so a first-time user sees real plans, units and
deadlines instead of an empty window. Importing is idempotent: a sample already in the
database (same text) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from core.importing import read_plan_file, to_domain
from core.model import WorkState
from core.resources import resource_path
from storage.assignments import record_progress
from storage.database import open_database, transaction
from storage.plan_import import find_duplicates, save_imported_plan

Report = Callable[[int, int, str], None]


def sample_files() -> list[Path]:
    return sorted(resource_path("samples").glob("*.txt"))


def load_demo_data(
    db_path: Path, report: Report | None = None, check: Callable[[], None] | None = None
) -> str:
    """Import the samples into the database at `db_path`; returns a one-line Vietnamese summary.

    Runs on a worker thread, so it opens its own connection. `check` raises to cancel between
    documents; each document is saved in its own transaction.
    """
    report = report or (lambda done, total, text: None)
    files = sample_files()
    db = open_database(db_path)
    imported = skipped = 0
    try:
        for index, path in enumerate(files):
            if check:
                check()
            report(index, len(files), f"Đang nhập {path.name}…")
            domain = to_domain(read_plan_file(path))
            if find_duplicates(db, domain.plan):
                skipped += 1
                continue
            with transaction(db):
                plan = save_imported_plan(db, domain)
                _report_some_progress(db, plan.id)
            imported += 1
        report(len(files), len(files), "Xong")
    finally:
        db.close()
    summary = f"Đã nạp {imported} kế hoạch mẫu"
    return summary + (f" (bỏ qua {skipped} kế hoạch đã có)" if skipped else "") + "."


def _report_some_progress(db, plan_id: int) -> None:
    """Deterministic progress on some occurrences, so every deadline status shows up in the demo."""
    rows = db.execute(
        "SELECT o.id, o.due_on FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
        " JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ? AND o.due_on IS NOT NULL ORDER BY o.id",
        (plan_id,),
    ).fetchall()
    from storage.database import date_value

    for number, (occurrence_id, due_text) in enumerate(rows):
        due = date_value(due_text)
        if number % 4 == 0:
            record_progress(
                db,
                occurrence_id,
                WorkState.DONE,
                100,
                due - timedelta(days=10),
                "Đã triển khai, có báo cáo kết quả gửi Phòng.",
                source="Dữ liệu mẫu",
            )
        elif number % 7 == 1:
            record_progress(
                db,
                occurrence_id,
                WorkState.DONE,
                100,
                due + timedelta(days=6),
                "Hoàn thành, chậm so với kế hoạch.",
                source="Dữ liệu mẫu",
            )
        elif number % 3 == 1:
            record_progress(
                db, occurrence_id, WorkState.IN_PROGRESS, 50, None, "Đang triển khai.", source="Dữ liệu mẫu"
            )
