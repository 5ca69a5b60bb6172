"""Assignments, their occurrences (materialised from the timeframe) and progress reporting."""

import unicodedata
from datetime import date

import pytest

from core.model import Assignment, Occurrence, Plan, Role, Task, Unit, WorkState
from storage.assignments import (
    effective_period,
    expand_groups,
    get_occurrence,
    list_assignments,
    list_occurrences,
    progress_history,
    record_progress,
    set_assignments,
)
from storage.database import StorageError
from storage.plans import save_plan
from storage.tasks import save_task
from storage.units import save_unit, set_group_members

YEARS = [str(year) for year in range(2025, 2031)]


@pytest.fixture
def plan(db):
    return save_plan(
        db,
        Plan(
            "Chuyển đổi số giai đoạn 2025-2030",
            number="367",
            symbol="KH-UBND",
            period_start=date(2025, 1, 1),
            period_end=date(2030, 12, 31),
        ),
    )


@pytest.fixture
def units(db):
    return [
        save_unit(db, Unit("Phòng Giáo dục và Đào tạo", kind_code="phong_ban")),
        save_unit(db, Unit("Phòng Tài chính - Kế hoạch", kind_code="phong_ban")),
        save_unit(db, Unit("UBND xã Sơn Bình", kind_code="ubnd_xa")),
    ]


def dump(db) -> list[str]:
    return list(db.conn.iterdump())


def yearly_task(db, plan, timeframe="Hằng năm"):
    return save_task(db, Task(plan.id, "Tổng kết, đánh giá", ordinal="1.", timeframe_text=timeframe))


def test_assignments_round_trip_with_roles_and_deadlines(db, plan, units):
    task = yearly_task(db, plan, "Quý II/2025")
    rows = set_assignments(
        db, task.id, [(units[1].id, Role.SUPPORT, None), (units[0].id, Role.LEAD, date(2025, 5, 31))]
    )
    assert rows == list_assignments(db, task.id)
    assert [(r.unit_name, r.unit_kind, r.assignment.role) for r in rows] == [
        ("Phòng Giáo dục và Đào tạo", "phong_ban", Role.LEAD),
        ("Phòng Tài chính - Kế hoạch", "phong_ban", Role.SUPPORT),
    ]
    assert rows[0].assignment == Assignment(
        task_id=task.id,
        unit_id=units[0].id,
        role=Role.LEAD,
        deadline_override=date(2025, 5, 31),
        id=rows[0].assignment.id,
    )


def test_a_yearly_task_over_2025_2030_has_six_occurrences(db, plan, units):
    task = yearly_task(db, plan)
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    occurrences = list_occurrences(db, row.assignment.id)
    assert [(o.key, o.starts_on, o.due_on) for o in occurrences] == [
        (str(year), date(year, 1, 1), date(year, 12, 31)) for year in range(2025, 2031)
    ]
    assert all(o.state is WorkState.NOT_STARTED and o.progress == 0 for o in occurrences)


def test_a_one_off_task_has_a_single_occurrence_with_an_empty_key(db, plan, units):
    task = yearly_task(db, plan, "Quý II/2025")
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    assert list_occurrences(db, row.assignment.id) == [
        Occurrence(
            assignment_id=row.assignment.id,
            key="",
            due_on=date(2025, 6, 30),
            starts_on=date(2025, 4, 1),
            id=list_occurrences(db, row.assignment.id)[0].id,
        )
    ]


def test_an_assignment_deadline_overrides_the_task_deadline(db, plan, units):
    task = save_task(
        db, Task(plan.id, "Báo cáo", timeframe_text="Quý II/2025", deadline_override=date(2025, 6, 15))
    )
    rows = set_assignments(
        db, task.id, [(units[0].id, Role.LEAD, date(2025, 5, 20)), (units[1].id, Role.SUPPORT, None)]
    )
    assert list_occurrences(db, rows[0].assignment.id)[0].due_on == date(2025, 5, 20)
    assert list_occurrences(db, rows[1].assignment.id)[0].due_on == date(2025, 6, 15)


def test_changing_the_task_deadline_moves_its_occurrences(db, plan, units):
    task = yearly_task(db, plan, "Quý II/2025")
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    save_task(
        db,
        Task(
            plan.id,
            task.content,
            timeframe_text=task.timeframe_text,
            deadline_override=date(2025, 7, 10),
            id=task.id,
        ),
    )
    assert list_occurrences(db, row.assignment.id)[0].due_on == date(2025, 7, 10)


def test_setting_assignments_again_keeps_the_progress_of_units_that_stay(db, plan, units):
    task = yearly_task(db, plan)
    first = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None), (units[1].id, Role.SUPPORT, None)])
    kept = list_occurrences(db, first[0].assignment.id)[0]
    record_progress(db, kept.id, WorkState.IN_PROGRESS, 40, None, "Đang rà soát")
    rows = set_assignments(db, task.id, [(units[2].id, Role.SUPPORT, None), (units[0].id, Role.LEAD, None)])
    assert {r.unit_name for r in rows} == {"Phòng Giáo dục và Đào tạo", "UBND xã Sơn Bình"}
    assert rows[0].assignment.id == first[0].assignment.id
    assert get_occurrence(db, kept.id).progress == 40
    assert (
        db.execute(
            "SELECT count(*) FROM occurrences WHERE assignment_id = ?", (first[1].assignment.id,)
        ).fetchone()[0]
        == 0
    )


def test_a_bad_unit_at_the_end_leaves_the_assignments_exactly_as_before(db, plan, units):
    task = yearly_task(db, plan)
    first = set_assignments(db, task.id, [(units[2].id, Role.LEAD, None)])
    record_progress(
        db, list_occurrences(db, first[0].assignment.id)[0].id, WorkState.DONE, 100, date(2025, 3, 1), "Xong"
    )
    before = dump(db)
    with pytest.raises(StorageError, match="9999"):
        set_assignments(
            db,
            task.id,
            [(units[0].id, Role.LEAD, None), (units[1].id, Role.SUPPORT, None), (9999, Role.SUPPORT, None)],
        )
    assert dump(db) == before


def test_the_same_unit_twice_is_refused(db, plan, units):
    task = yearly_task(db, plan)
    with pytest.raises(StorageError, match="Phòng Giáo dục và Đào tạo"):
        set_assignments(db, task.id, [(units[0].id, Role.LEAD, None), (units[0].id, Role.SUPPORT, None)])
    assert list_assignments(db, task.id) == []


def test_assignments_of_an_unknown_task_are_refused(db, units):
    with pytest.raises(StorageError, match="404"):
        set_assignments(db, 404, [(units[0].id, Role.LEAD, None)])


def test_a_changed_timeframe_keeps_progress_on_slots_that_stay_or_were_reported(db, plan, units):
    task = yearly_task(db, plan)
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    by_key = {o.key: o for o in list_occurrences(db, row.assignment.id)}
    record_progress(db, by_key["2026"].id, WorkState.IN_PROGRESS, 30, None, "Đã triển khai")

    save_task(db, Task(plan.id, task.content, timeframe_text="Tháng 9 hằng năm", id=task.id))
    occurrences = list_occurrences(db, row.assignment.id)
    assert [o.key for o in occurrences] == YEARS
    assert [o.due_on for o in occurrences] == [date(year, 9, 30) for year in range(2025, 2031)]
    assert occurrences[1].id == by_key["2026"].id
    assert occurrences[1].progress == 30

    save_task(db, Task(plan.id, task.content, timeframe_text="Năm 2025", id=task.id))
    occurrences = list_occurrences(db, row.assignment.id)
    assert [(o.key, o.due_on) for o in occurrences] == [("", date(2025, 12, 31)), ("2026", date(2026, 9, 30))]
    assert occurrences[1].result == "Đã triển khai"


def test_record_progress_updates_the_occurrence_and_appends_history(db, plan, units):
    task = yearly_task(db, plan, "Quý II/2025")
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    (occurrence,) = list_occurrences(db, row.assignment.id)
    record_progress(db, occurrence.id, WorkState.IN_PROGRESS, 50, None, "Đã khảo sát 20 trường")
    done = record_progress(
        db,
        occurrence.id,
        "done",
        100,
        date(2025, 6, 20),
        unicodedata.normalize("NFD", "Hoàn thành rà soát"),
        source="bao-cao-xa.xlsx",
    )
    assert done == Occurrence(
        assignment_id=row.assignment.id,
        key="",
        due_on=date(2025, 6, 30),
        starts_on=date(2025, 4, 1),
        state=WorkState.DONE,
        progress=100,
        completed_on=date(2025, 6, 20),
        result="Hoàn thành rà soát",
        id=occurrence.id,
    )
    history = progress_history(db, occurrence.id)
    assert [(h.state, h.progress, h.completed_on, h.result, h.source) for h in history] == [
        (WorkState.IN_PROGRESS, 50, None, "Đã khảo sát 20 trường", "GUI"),
        (WorkState.DONE, 100, date(2025, 6, 20), "Hoàn thành rà soát", "bao-cao-xa.xlsx"),
    ]
    assert history[0].recorded_at.tzinfo is not None


@pytest.mark.parametrize("progress", [-1, 101, 50.5, True])
def test_progress_outside_0_to_100_is_refused_and_nothing_is_written(db, plan, units, progress):
    task = yearly_task(db, plan, "Quý II/2025")
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    (occurrence,) = list_occurrences(db, row.assignment.id)
    before = dump(db)
    with pytest.raises(StorageError, match="(?i)tiến độ"):
        record_progress(db, occurrence.id, WorkState.IN_PROGRESS, progress, None, "")
    assert dump(db) == before


@pytest.mark.parametrize(("state", "progress", "completed", "message"), [
    (WorkState.DONE, 100, None, "cần có ngày hoàn thành"),
    (WorkState.DONE, 80, date(2025, 6, 1), "tiến độ chỉ 80%"),
    (WorkState.IN_PROGRESS, 60, date(2025, 6, 1), "có ngày hoàn thành nhưng trạng thái là «Đang thực hiện»"),
])  # fmt: skip
def test_storage_refuses_what_the_progress_rule_refuses_naming_the_task_and_unit(
    db, plan, units, state, progress, completed, message
):
    task = yearly_task(db, plan, "Quý II/2025")
    (row,) = set_assignments(db, task.id, [(units[0].id, Role.LEAD, None)])
    (occurrence,) = list_occurrences(db, row.assignment.id)
    before = dump(db)
    with pytest.raises(StorageError, match=message) as raised:
        record_progress(db, occurrence.id, state, progress, completed, "")
    assert f'của "{units[0].name}"' in str(raised.value)
    assert dump(db) == before


def test_progress_on_an_unknown_occurrence_or_with_an_unknown_state_is_refused(db):
    with pytest.raises(StorageError, match="777"):
        record_progress(db, 777, WorkState.DONE, 100, None, "")
    with pytest.raises(StorageError, match="finished"):
        record_progress(db, 777, "finished", 100, None, "")


def test_groups_expand_to_their_members_once_each(db, units):
    group = save_unit(db, Unit("Các phòng chuyên môn", is_group=True))
    set_group_members(db, group.id, [units[0].id, units[1].id])
    items = expand_groups(
        db,
        [
            (units[1].id, Role.SUPPORT, None),
            (group.id, Role.LEAD, date(2025, 6, 1)),
            (units[2].id, Role.SUPPORT, None),
        ],
    )
    assert items == [
        (units[1].id, Role.LEAD, None),
        (units[0].id, Role.LEAD, date(2025, 6, 1)),
        (units[2].id, Role.SUPPORT, None),
    ]


def test_the_effective_period_falls_back_to_the_plan_year_then_the_current_year():
    assert effective_period(date(2025, 3, 1), date(2026, 2, 1), 2024) == (date(2025, 3, 1), date(2026, 2, 1))
    assert effective_period(None, None, 2024) == (date(2024, 1, 1), date(2024, 12, 31))
    assert effective_period(date(2025, 3, 1), None, 2024) == (date(2025, 3, 1), date(2025, 12, 31))
    assert effective_period(None, date(2023, 6, 30), 2024) == (date(2023, 1, 1), date(2023, 6, 30))
    assert effective_period(None, None, None, today=date(2027, 5, 5)) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
