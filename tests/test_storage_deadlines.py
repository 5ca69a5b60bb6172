"""Deadline rows and counts: the SQL status agrees with core.status, filters, order and paging."""

from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.model import Plan, Role, Task, Unit, WorkState
from core.status import DeadlineStatus, deadline_status
from storage.assignments import list_occurrences, record_progress, set_assignments
from storage.database import transaction
from storage.deadlines import DeadlineRow, deadline_rows, status_counts
from storage.plans import delete_plan, save_plan
from storage.tasks import save_task
from storage.units import save_unit
from tests.fixtures.deadline_data import save_period_plan

AS_OF = date(2025, 7, 1)


@pytest.fixture
def world(db):
    """Two plans, three units of two kinds, tasks with one-off, yearly and ongoing timeframes."""
    pgd = save_unit(db, Unit("Phòng Giáo dục và Đào tạo", kind_code="phong_ban"))
    tckh = save_unit(db, Unit("Phòng Tài chính - Kế hoạch", kind_code="phong_ban"))
    xa = save_unit(db, Unit("UBND xã Sơn Bình", kind_code="ubnd_xa"))
    cds = save_period_plan(db, "Chuyển đổi số ngành giáo dục", 2025, 2030)
    mn = save_plan(db, Plan("Phát triển giáo dục mầm non", number="12", symbol="KH-PGDĐT", issued_year=2025))
    section = save_task(db, Task(cds.id, "NHIỆM VỤ", ordinal="II."))
    survey = save_task(
        db,
        Task(
            cds.id,
            "Rà soát hạ tầng công nghệ thông tin",
            ordinal="1.",
            parent_id=section.id,
            timeframe_text="Quý II/2025",
        ),
    )
    review = save_task(
        db,
        Task(
            cds.id, "Sơ kết, đánh giá kết quả", ordinal="2.", parent_id=section.id, timeframe_text="Hằng năm"
        ),
    )
    ongoing = save_task(
        db, Task(mn.id, "Tuyên truyền về giáo dục mầm non", ordinal="1.", timeframe_text="Thường xuyên")
    )
    soon = save_task(
        db, Task(mn.id, "Kiểm tra cơ sở vật chất", ordinal="2.", timeframe_text="Trước 05/7/2025")
    )
    set_assignments(db, survey.id, [(pgd.id, Role.LEAD, None), (tckh.id, Role.SUPPORT, None)])
    set_assignments(db, review.id, [(pgd.id, Role.LEAD, None)])
    set_assignments(db, ongoing.id, [(xa.id, Role.LEAD, None)])
    set_assignments(db, soon.id, [(xa.id, Role.LEAD, None)])
    return {
        "pgd": pgd,
        "tckh": tckh,
        "xa": xa,
        "cds": cds,
        "mn": mn,
        "survey": survey,
        "review": review,
        "ongoing": ongoing,
        "soon": soon,
    }


def _summary(rows: list[DeadlineRow]) -> list[tuple[str, str, str, DeadlineStatus]]:
    return [(row.task_path, row.unit_name, row.occurrence_key, row.status) for row in rows]


def test_rows_carry_plan_task_unit_and_status_fields(db, world):
    rows = deadline_rows(db, AS_OF, plan_id=world["cds"].id, unit_id=world["pgd"].id)
    survey = next(row for row in rows if row.task_id == world["survey"].id)
    assert survey == DeadlineRow(
        occurrence_id=survey.occurrence_id,
        assignment_id=survey.assignment_id,
        plan_id=world["cds"].id,
        plan_reference="367/KH-UBND",
        plan_title="Chuyển đổi số ngành giáo dục",
        task_id=world["survey"].id,
        task_path="II.1",
        task_content="Rà soát hạ tầng công nghệ thông tin",
        unit_id=world["pgd"].id,
        unit_name="Phòng Giáo dục và Đào tạo",
        unit_kind="phong_ban",
        role=Role.LEAD,
        occurrence_key="",
        due_on=date(2025, 6, 30),
        state=WorkState.NOT_STARTED,
        progress=0,
        completed_on=None,
        result="",
        status=DeadlineStatus.OVERDUE,
        days_left=-1,
    )


def test_occurrences_not_yet_open_and_plans_in_the_trash_are_left_out(db, world):
    rows = deadline_rows(db, AS_OF)
    yearly_keys = sorted(row.occurrence_key for row in rows if row.task_id == world["review"].id)
    assert yearly_keys == ["2025"], "2026-2030 open on 1 January of their year"
    later = deadline_rows(db, date(2027, 3, 1))
    assert sorted(row.occurrence_key for row in later if row.task_id == world["review"].id) == [
        "2025",
        "2026",
        "2027",
    ]
    delete_plan(db, world["mn"].id)
    assert {row.plan_id for row in deadline_rows(db, AS_OF)} == {world["cds"].id}
    assert sum(status_counts(db, AS_OF).values()) == len(deadline_rows(db, AS_OF))


def test_overdue_rows_come_first_then_by_due_date_then_plan_and_task_order(db, world):
    assert _summary(deadline_rows(db, AS_OF)) == [
        ("II.1", "Phòng Giáo dục và Đào tạo", "", DeadlineStatus.OVERDUE),
        ("II.1", "Phòng Tài chính - Kế hoạch", "", DeadlineStatus.OVERDUE),
        ("2", "UBND xã Sơn Bình", "", DeadlineStatus.DUE_SOON),
        ("II.2", "Phòng Giáo dục và Đào tạo", "2025", DeadlineStatus.IN_PROGRESS),
        ("1", "UBND xã Sơn Bình", "", DeadlineStatus.NO_DEADLINE),
    ]


def test_done_items_are_on_time_or_late_by_their_completion_date(db, world):
    rows = {row.task_id: row for row in deadline_rows(db, AS_OF, unit_id=world["xa"].id)}
    record_progress(db, rows[world["soon"].id].occurrence_id, WorkState.DONE, 100, date(2025, 6, 28), "Xong")
    survey = deadline_rows(db, AS_OF, unit_id=world["pgd"].id, plan_id=world["cds"].id)[0]
    record_progress(db, survey.occurrence_id, WorkState.DONE, 100, date(2025, 7, 1), "Muộn một ngày")
    statuses = {row.task_id: row.status for row in deadline_rows(db, AS_OF, role=Role.LEAD)}
    assert statuses[world["soon"].id] is DeadlineStatus.DONE_ON_TIME
    assert statuses[world["survey"].id] is DeadlineStatus.DONE_LATE
    before_completion = {
        row.task_id: row.status for row in deadline_rows(db, date(2025, 6, 30), role=Role.LEAD)
    }
    assert before_completion[world["survey"].id] is DeadlineStatus.DUE_SOON


def test_filters_by_plan_unit_kind_role_status_and_search(db, world):
    assert {row.plan_id for row in deadline_rows(db, AS_OF, plan_id=world["mn"].id)} == {world["mn"].id}
    assert {row.unit_name for row in deadline_rows(db, AS_OF, unit_kind="ubnd_xa")} == {"UBND xã Sơn Bình"}
    assert [row.unit_name for row in deadline_rows(db, AS_OF, role=Role.SUPPORT)] == [
        "Phòng Tài chính - Kế hoạch"
    ]
    overdue_or_soon = deadline_rows(db, AS_OF, statuses=[DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON])
    assert [row.status for row in overdue_or_soon] == [DeadlineStatus.OVERDUE] * 2 + [DeadlineStatus.DUE_SOON]
    assert deadline_rows(db, AS_OF, statuses=[]) == []
    assert [row.task_path for row in deadline_rows(db, AS_OF, search="ra soat ha tang")] == ["II.1", "II.1"]
    assert {row.unit_name for row in deadline_rows(db, AS_OF, search="SON BINH")} == {"UBND xã Sơn Bình"}
    assert {row.plan_reference for row in deadline_rows(db, AS_OF, search="12/kh-pgddt")} == {"12/KH-PGDĐT"}
    assert {row.plan_id for row in deadline_rows(db, AS_OF, search="mầm non")} == {world["mn"].id}
    assert deadline_rows(db, AS_OF, search="tài chính", role=Role.LEAD) == []


def test_status_counts_list_every_status_and_follow_the_filters(db, world):
    counts = status_counts(db, AS_OF)
    assert counts == {
        DeadlineStatus.DONE_ON_TIME: 0,
        DeadlineStatus.DONE_LATE: 0,
        DeadlineStatus.IN_PROGRESS: 1,
        DeadlineStatus.DUE_SOON: 1,
        DeadlineStatus.OVERDUE: 2,
        DeadlineStatus.NO_DEADLINE: 1,
    }
    assert status_counts(db, AS_OF, unit_kind="ubnd_xa")[DeadlineStatus.OVERDUE] == 0
    assert sum(status_counts(db, AS_OF, statuses=[DeadlineStatus.OVERDUE]).values()) == 2
    assert status_counts(db, AS_OF, warn_days=0)[DeadlineStatus.DUE_SOON] == 0


def test_pages_of_rows_follow_the_full_order(db, world):
    everything = deadline_rows(db, AS_OF)
    pages = [deadline_rows(db, AS_OF, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [row for page in pages for row in page] == everything
    assert deadline_rows(db, AS_OF, offset=3) == everything[3:]


# --- SQL status = core.status.deadline_status on generated data -----------------------------

# A one-week window makes equal dates (due = completed = as-of), where the boundaries are, common;
# warn_days reaches past both ends of it and below zero.
_DATES = st.dates(min_value=date(2025, 6, 28), max_value=date(2025, 7, 4))
_OCCURRENCE = st.tuples(
    st.none() | _DATES,  # due_on
    st.sampled_from(list(WorkState)),
    st.none() | _DATES,  # completed_on
    st.none() | _DATES,  # starts_on
)


@pytest.fixture
def one_assignment(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    plan = save_plan(db, Plan("Kế hoạch", issued_year=2025))
    task = save_task(db, Task(plan.id, "Nhiệm vụ"))
    (row,) = set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    assert len(list_occurrences(db, row.assignment.id)) == 1
    return row.assignment.id


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(  # the boundaries, every one of them equal: done on the due date, due and opening today
    occurrences=[
        (date(2025, 7, 1), WorkState.DONE, date(2025, 7, 1), None),
        (date(2025, 7, 1), WorkState.IN_PROGRESS, None, date(2025, 7, 1)),
    ],
    as_of=date(2025, 7, 1),
    warn_days=0,
)
@given(occurrences=st.lists(_OCCURRENCE, max_size=25), as_of=_DATES, warn_days=st.integers(-2, 8))
def test_sql_status_agrees_with_core_status_for_generated_occurrences(
    db, one_assignment, occurrences, as_of, warn_days
):
    with transaction(db):
        db.execute("DELETE FROM occurrences")
        for index, (due, state, completed, starts) in enumerate(occurrences):
            db.execute(
                "INSERT INTO occurrences (assignment_id, key, starts_on, due_on, state, completed_on,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, '')",
                (
                    one_assignment,
                    str(index),
                    starts and starts.isoformat(),
                    due and due.isoformat(),
                    state.value,
                    completed and completed.isoformat(),
                ),
            )
    expected = {
        str(index): deadline_status(due, state is WorkState.DONE, completed, as_of, warn_days)
        for index, (due, state, completed, starts) in enumerate(occurrences)
        if starts is None or starts <= as_of
    }
    rows = deadline_rows(db, as_of, warn_days)
    assert {row.occurrence_key: row.status for row in rows} == expected
    assert len(rows) == len(expected)
    counts = status_counts(db, as_of, warn_days)
    assert counts == {status: Counter(expected.values())[status] for status in DeadlineStatus}


def test_a_warning_window_past_the_end_of_the_calendar_does_not_overflow(db, world):
    counts = status_counts(db, date(9999, 12, 30), warn_days=30)
    assert counts[DeadlineStatus.OVERDUE] == len(deadline_rows(db, date(9999, 12, 30))) - 1
    assert counts[DeadlineStatus.NO_DEADLINE] == 1
