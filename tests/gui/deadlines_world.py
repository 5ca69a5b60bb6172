"""A small office for the deadline screen tests: two plans, four units, one-off, yearly and ongoing
tasks, with progress giving every status as of AS_OF (25/09/2026); and the screen opened on it."""

from __future__ import annotations

from datetime import date

from core.model import Plan, Role, Unit, WorkState
from gui.views.deadlines import DeadlinesScreen, qdate
from storage.assignments import record_progress
from storage.plans import save_plan
from storage.units import save_unit
from tests.fixtures.deadline_data import rows_by_key, save_assigned_tasks, save_period_plan

AS_OF = date(2026, 9, 25)


def build_world(db) -> dict:
    pgd = save_unit(db, Unit("Phòng Giáo dục và Đào tạo", short_name="Phòng GD&ĐT", kind_code="phong_ban"))
    nv = save_unit(db, Unit("Phòng Nội vụ", kind_code="phong_ban"))
    mn = save_unit(db, Unit("Trường Mầm non Sơn Bình", kind_code="mam_non"))
    xa = save_unit(db, Unit("UBND xã Tân Lập", kind_code="ubnd_xa"))
    cds = save_period_plan(db, "Chuyển đổi số ngành giáo dục giai đoạn 2024-2026", 2024, 2026)
    mnp = save_plan(
        db, Plan("Phát triển giáo dục mầm non năm 2026", number="12", symbol="KH-PGDĐT", issued_year=2026)
    )
    specs = {
        "survey": (
            cds,
            "Rà soát hạ tầng công nghệ thông tin các trường",
            "Quý II/2026",
            [(pgd, Role.LEAD), (nv, Role.SUPPORT)],
        ),
        "yearly": (cds, "Sơ kết, đánh giá kết quả chuyển đổi số", "Hằng năm", [(pgd, Role.LEAD)]),
        "september": (
            cds,
            "Báo cáo số liệu đầu năm học",
            "Tháng 9 hằng năm",
            [(mn, Role.LEAD), (xa, Role.SUPPORT)],
        ),
        "ongoing": (cds, "Tuyên truyền về chuyển đổi số", "Thường xuyên", [(xa, Role.LEAD)]),
        "check": (mnp, "Kiểm tra cơ sở vật chất trường mầm non", "Trước 05/7/2026", [(mn, Role.LEAD)]),
        "training": (
            mnp,
            "Tập huấn giáo viên mầm non",
            "Tháng 8/2026",
            [(pgd, Role.LEAD), (mn, Role.SUPPORT)],
        ),
    }
    tasks = dict(zip(specs, save_assigned_tasks(db, specs.values()), strict=True))
    rows = {key: row.occurrence_id for key, row in rows_by_key(db, AS_OF).items()}
    survey = tasks["survey"].id
    record_progress(
        db, rows[(survey, pgd.id, "")], WorkState.DONE, 100, date(2026, 6, 20), "Đã rà soát 51 trường"
    )
    record_progress(db, rows[(survey, nv.id, "")], WorkState.DONE, 100, date(2026, 7, 10), "Hoàn thành muộn")
    record_progress(
        db, rows[(tasks["yearly"].id, pgd.id, "2024")], WorkState.DONE, 100, date(2024, 12, 20), ""
    )
    record_progress(db, rows[(tasks["training"].id, pgd.id, "")], WorkState.IN_PROGRESS, 60, None, "")
    return {"pgd": pgd, "nv": nv, "mn": mn, "xa": xa, "cds": cds, "mnp": mnp, "tasks": tasks}


def open_screen(qtbot, context) -> DeadlinesScreen:
    """The "Hạn xử lý" screen, shown at a size that fits every column, as of AS_OF."""
    screen = DeadlinesScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.as_of_edit.setDate(qdate(AS_OF))
    screen.show()
    return screen
