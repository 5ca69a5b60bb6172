"""Benchmark of the plan chain: deriving our plan of 200 tasks for 100 units, and rolling it up.

Targets (issue 11): deriving a plan of 200 tasks passed down to 100 schools (20,000 assignments
with their occurrences, written in one transaction) under 1 s, and rolling those 20,000
assignments up to the 200 source tasks under 1 s.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402  (needs the path set above)

TASKS = 200
UNITS = 100
SECTIONS = 10


def _received(db):
    """A Sở's plan: 10 sections of 20 tasks, each led by "Các trường học"; our office and 100 schools."""
    from core.model import Plan, Role, Task, TaskKind, Unit
    from core.office import Office
    from storage.assignments import set_assignments
    from storage.office import save_office
    from storage.plans import save_plan
    from storage.tasks import save_task
    from storage.units import save_unit

    save_office(db, Office(name="Phòng Giáo dục và Đào tạo huyện Mẫu", kind_code="phong_ban", symbol="PGDĐT"))
    for index in range(UNITS):
        save_unit(db, Unit(name=f"Trường Tiểu học số {index + 1}", kind_code="tieu_hoc"))
    group = save_unit(db, Unit(name="Các trường học", is_group=True))
    plan = save_plan(
        db,
        Plan(
            title="Nhiệm vụ năm học",
            number="25",
            symbol="KH-SGDĐT",
            issuer="SỞ GIÁO DỤC",
            period_start=date(2025, 9, 1),
            period_end=date(2026, 5, 31),
        ),
    )
    for section in range(SECTIONS):
        heading = save_task(
            db, Task(plan_id=plan.id, content=f"Nhóm nhiệm vụ {section + 1}", kind=TaskKind.SECTION)
        )
        for number in range(TASKS // SECTIONS):
            task = save_task(
                db,
                Task(
                    plan_id=plan.id,
                    parent_id=heading.id,
                    ordinal=str(number + 1),
                    content=f"Nhiệm vụ {section + 1}.{number + 1} của các trường",
                    timeframe_text="trước ngày 30/4/2026",
                ),
            )
            set_assignments(db, task.id, [(group.id, Role.LEAD, None)])
    return plan


def run() -> list[Result]:
    from core.model import WorkState
    from storage.chain import candidates, default_drafts, derive_plan, rollup
    from storage.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "chain.sqlite3")
        try:
            source = _received(db)
            drafts = default_drafts(candidates(db, source.id))
            assert len(drafts) == TASKS and all(len(d.lead_ids) == UNITS for d in drafts)
            made = []
            derive_seconds = median_seconds(lambda: made.append(derive_plan(db, source.id, drafts)), repeat=3)
            # Roll up one derived plan: the others go to the trash, and a third of its work is done.
            keep = made[0].plan.id
            db.execute(
                "UPDATE plans SET deleted_at = '2026-01-01' WHERE parent_plan_id = ? AND id <> ?",
                (source.id, keep),
            )
            db.execute(
                "UPDATE occurrences SET state = ?, progress = 100, completed_on = '2026-03-01',"
                " result = 'Xong'"
                " WHERE id % 3 = 0 AND assignment_id IN (SELECT a.id FROM assignments a JOIN tasks t"
                " ON t.id = a.task_id WHERE t.plan_id = ?)",
                (WorkState.DONE.value, keep),
            )
            db.conn.commit()
            assignments = db.execute(
                "SELECT count(*) FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ?",
                (keep,),
            ).fetchone()[0]
            rolled = []
            rollup_seconds = median_seconds(lambda: rolled.append(rollup(db, source.id, date(2026, 5, 1))))
            assert all(task.status is not None for task in rolled[-1])
        finally:
            db.close()
    return [
        under(
            f"Xây dựng kế hoạch thực hiện: {TASKS} nhiệm vụ × {UNITS} đơn vị",
            derive_seconds,
            1.0,
            f"{TASKS * UNITS:,}".replace(",", ".") + " phân công, một giao dịch",
        ),
        under(
            f"Tổng hợp từ cấp dưới: {assignments:,} phân công".replace(",", "."),
            rollup_seconds,
            1.0,
            f"{TASKS} nhiệm vụ nguồn, tóm tắt kết quả từng nhiệm vụ",
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
