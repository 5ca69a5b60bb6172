"""The audit log records who did what to which entity, for every kind of change."""

import getpass
from datetime import date

import pytest

from core.model import Plan, Role, Task, Unit, WorkState
from storage import audit
from storage.assignments import list_occurrences, record_progress, set_assignments
from storage.database import StorageError
from storage.plans import delete_plan, purge_plan, restore_plan, save_plan
from storage.settings import set_setting
from storage.tasks import delete_task, indent_task, save_task
from storage.units import delete_unit, save_unit


def actions(db):
    return [(e.action, e.entity, e.entity_id) for e in reversed(audit.list_audit(db))]


def test_every_kind_of_change_is_logged_with_the_os_user(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    spare = save_unit(db, Unit("Phòng Nội vụ"))
    plan = save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND", issued_year=2025))
    plan = save_plan(db, Plan("Chuyển đổi số ngành giáo dục", number="367", symbol="KH-UBND", id=plan.id))
    first = save_task(db, Task(plan.id, "Rà soát", ordinal="1."))
    second = save_task(db, Task(plan.id, "Báo cáo", ordinal="2."))
    (row,) = set_assignments(db, first.id, [(unit.id, Role.LEAD, None)])
    occurrence = list_occurrences(db, row.assignment.id)[0]
    record_progress(db, occurrence.id, WorkState.DONE, 100, date(2025, 5, 1), "Xong")
    indent_task(db, second.id)
    delete_task(db, second.id)
    delete_unit(db, spare.id)
    set_setting(db, "warn_days", 5)
    delete_plan(db, plan.id)
    restore_plan(db, plan.id)
    delete_plan(db, plan.id)
    purge_plan(db, plan.id)
    assert actions(db) == [
        ("insert", "unit", unit.id),
        ("insert", "unit", spare.id),
        ("insert", "plan", plan.id),
        ("update", "plan", plan.id),
        ("insert", "task", first.id),
        ("insert", "task", second.id),
        ("update", "task", first.id),
        ("progress", "occurrence", occurrence.id),
        ("move", "task", second.id),
        ("delete", "task", second.id),
        ("delete", "unit", spare.id),
        ("update", "setting", None),
        ("delete", "plan", plan.id),
        ("restore", "plan", plan.id),
        ("delete", "plan", plan.id),
        ("purge", "plan", plan.id),
    ]
    entries = audit.list_audit(db)
    assert {entry.user for entry in entries} == {getpass.getuser()}
    assert all(entry.at.tzinfo is not None for entry in entries)
    summaries = [entry.summary for entry in reversed(entries)]
    assert summaries[0] == 'Thêm đơn vị "Phòng Giáo dục và Đào tạo"'
    assert summaries[-1] == "Xoá hẳn kế hoạch 367/KH-UBND"
    assert "Hoàn thành, 100%" in summaries[7]


def test_the_log_can_be_read_for_one_entity(db):
    a = save_unit(db, Unit("Phòng A"))
    save_unit(db, Unit("Phòng B"))
    save_unit(db, Unit("Phòng A mới", id=a.id))
    entries = audit.list_audit(db, entity="unit", entity_id=a.id)
    assert [entry.summary for entry in entries] == ['Sửa đơn vị "Phòng A mới"', 'Thêm đơn vị "Phòng A"']
    assert len(audit.list_audit(db, limit=1)) == 1


def test_a_refused_change_leaves_no_log_row(db):
    with pytest.raises(StorageError):
        save_unit(db, Unit("Trường", kind_code="khong_co"))
    assert audit.list_audit(db) == []


def test_the_user_is_empty_when_the_os_cannot_name_it(monkeypatch):
    def no_user():
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert audit.current_user() == ""


def test_unknown_actions_and_entities_are_programming_errors(db):
    with pytest.raises(ValueError):
        audit.record(db, "rename", "unit", 1, "")
    with pytest.raises(ValueError):
        audit.record(db, "update", "school", 1, "")
