"""What units write beside their results: per round difficulties and proposals, per period a report."""

from __future__ import annotations

from datetime import date

import pytest

from core.model import Plan, Role, Task, Unit, WorkState
from core.periods import parse_period
from storage.assignments import (
    list_assignments,
    list_occurrences,
    progress_history,
    record_progress,
    set_assignments,
)
from storage.database import StorageError
from storage.period_report import period_figures
from storage.plans import save_plan
from storage.tasks import save_task
from storage.unit_reports import save_unit_report, unit_reports
from storage.units import save_unit


@pytest.fixture
def round_of(db):
    unit = save_unit(db, Unit(name="Trường Mầm non Hoa Ban"))
    plan = save_plan(db, Plan(title="Kế hoạch", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)))
    task = save_task(
        db, Task(plan_id=plan.id, content="Sửa phòng học", timeframe_text="trước ngày 31/3/2025")
    )
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    assignment = list_assignments(db, task.id)[0].assignment
    return db, plan, unit, list_occurrences(db, assignment.id)[0]


def test_difficulties_and_proposals_are_kept_until_changed_and_enter_the_history(round_of):
    db, plan, _, occurrence = round_of
    stored = record_progress(db, occurrence.id, WorkState.IN_PROGRESS, 40, None, "Đã sửa 2 phòng",
                             difficulties="Thiếu kinh phí ", proposals="Đề nghị cấp bổ sung")  # fmt: skip
    assert (stored.difficulties, stored.proposals) == ("Thiếu kinh phí", "Đề nghị cấp bổ sung")
    kept = record_progress(db, occurrence.id, WorkState.IN_PROGRESS, 60, None, "Đã sửa 3 phòng")
    assert kept.difficulties == "Thiếu kinh phí"
    cleared = record_progress(db, occurrence.id, WorkState.IN_PROGRESS, 70, None, "", difficulties="")
    assert cleared.difficulties == "" and cleared.proposals == "Đề nghị cấp bổ sung"
    assert [u.difficulties for u in progress_history(db, occurrence.id)] == [
        "Thiếu kinh phí",
        "Thiếu kinh phí",
        "",
    ]
    record_progress(db, occurrence.id, WorkState.IN_PROGRESS, 70, None, "", difficulties="Mưa lũ")
    late = period_figures(db, [plan.id], parse_period("2025-Q2")).overdue[0]
    assert late.item.difficulties == "Mưa lũ"  # the reason the report's list of late work gives


def test_a_units_own_report_for_a_period_is_saved_replaced_and_listed(round_of):
    db, _, unit, _ = round_of
    save_unit_report(
        db, unit.id, "2025-q2", highlights="Tổ chức tốt ngày hội", shortcomings="Thiếu giáo viên"
    )
    saved = save_unit_report(
        db, unit.id, "2025-Q2", highlights="Tổ chức tốt ngày hội", proposals="Bổ sung biên chế"
    )
    assert (saved.period, saved.shortcomings, saved.proposals) == ("2025-Q2", "", "Bổ sung biên chế")
    assert [r.unit_name for r in unit_reports(db, "2025-Q2")] == ["Trường Mầm non Hoa Ban"]
    assert unit_reports(db, "2025-Q3") == []
    with pytest.raises(StorageError, match="không hợp lệ"):
        save_unit_report(db, unit.id, "quý hai")
    with pytest.raises(StorageError, match="999"):
        save_unit_report(db, 999, "2025-Q2")
