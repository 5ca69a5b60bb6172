"""The deadline tally (schema v6) stays exact through every change, and counts read from it equal
counts read from the rows and the plain rule of core.status; the search index follows the tasks."""

import shutil
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.model import Plan, Role, Task, Unit, WorkState
from core.status import DeadlineStatus, deadline_status
from storage import deadlines
from storage.assignments import record_progress, set_assignments
from storage.database import open_database, schema_version, transaction
from storage.deadlines import DeadlineSelection, rebuild_tally, tally_problems
from storage.plans import delete_plan, purge_plan, restore_plan, save_plan
from storage.tasks import delete_task, get_task, save_task
from storage.units import get_unit, save_unit
from tests.fixtures.deadline_data import save_period_plan

AS_OF = date(2026, 3, 15)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def world(db):
    units = [
        save_unit(db, Unit("Phòng Giáo dục và Đào tạo", kind_code="phong_ban")),
        save_unit(db, Unit("Trường Mầm non Sơn Bình", kind_code="mam_non")),
        save_unit(db, Unit("UBND xã Tân Lập", kind_code="ubnd_xa")),
        save_unit(db, Unit("Hội Khuyến học", kind_code=None)),
    ]
    plans = [
        save_period_plan(db, "Chuyển đổi số ngành giáo dục", 2025, 2027),
        save_plan(db, Plan("Phát triển giáo dục mầm non", number="12", symbol="KH-PGDĐT", issued_year=2026)),
    ]
    tasks = []
    for plan, content, timeframe in (
        (plans[0], "Rà soát hạ tầng công nghệ thông tin", "Quý I/2026"),
        (plans[0], "Sơ kết, đánh giá kết quả", "Hằng năm"),
        (plans[0], "Tuyên truyền chuyển đổi số", "Thường xuyên"),
        (plans[1], "Kiểm tra bữa ăn bán trú", "Trước 20/3/2026"),
        (plans[1], "Tập huấn giáo viên mầm non", "Tháng 8/2026"),
    ):
        tasks.append(save_task(db, Task(plan.id, content, timeframe_text=timeframe)))
    for index, task in enumerate(tasks):
        chosen = units[index % 2 :: 1][:3]
        items = [(unit.id, Role.LEAD if i == 0 else Role.SUPPORT, None) for i, unit in enumerate(chosen)]
        set_assignments(db, task.id, items)
    return {"units": units, "plans": plans, "tasks": tasks}


def _occurrence_ids(db) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM occurrences ORDER BY id")]


def _assert_exact(db) -> None:
    assert tally_problems(db) == []
    for filters in ({}, {"unit_kind": "mam_non"}, {"role": Role.SUPPORT}, {"due_from": date(2026, 1, 1)}):
        from_tally = DeadlineSelection(db, AS_OF, **filters).counts()
        rows = DeadlineSelection(db, AS_OF, **filters).rows()
        assert from_tally == {s: Counter(r.status for r in rows)[s] for s in DeadlineStatus}, filters


def test_a_new_file_has_an_empty_tally_and_the_world_one_that_is_exact(db, world):
    assert db.execute("SELECT sum(n) FROM deadline_tally").fetchone()[0] == db.execute(
        "SELECT count(*) FROM occurrences"
    ).fetchone()[0]
    _assert_exact(db)


def test_the_tally_follows_progress_timeframes_assignments_and_deletes(db, world):
    first, second, *_ = _occurrence_ids(db)
    record_progress(db, first, WorkState.DONE, 100, date(2026, 3, 1), "Xong")
    record_progress(db, second, WorkState.IN_PROGRESS, 50, None, "")
    _assert_exact(db)
    task = world["tasks"][0]
    save_task(db, replace(get_task(db, task.id), timeframe_text="Năm 2026"))
    _assert_exact(db)
    units = world["units"]
    set_assignments(db, task.id, [(units[3].id, Role.LEAD, None), (units[0].id, Role.SUPPORT, None)])
    _assert_exact(db)
    delete_task(db, world["tasks"][1].id)
    _assert_exact(db)
    db.execute("DELETE FROM occurrences WHERE id = ?", (_occurrence_ids(db)[0],))
    db.execute("UPDATE assignments SET role = 'support' WHERE id = (SELECT min(id) FROM assignments)")
    _assert_exact(db)


def test_the_tally_follows_the_trash_restore_purge_and_unit_kinds(db, world):
    plans, units = world["plans"], world["units"]
    delete_plan(db, plans[0].id)
    _assert_exact(db)
    assert all(row.plan_id != plans[0].id for row in DeadlineSelection(db, AS_OF).rows())
    restore_plan(db, plans[0].id)
    _assert_exact(db)
    save_unit(db, replace(get_unit(db, units[1].id), kind_code="tieu_hoc"))
    _assert_exact(db)
    db.execute("UPDATE unit_kinds SET code = 'mam_non_moi' WHERE code = 'phong_ban'")  # cascades to units
    _assert_exact(db)
    delete_plan(db, plans[1].id)
    purge_plan(db, plans[1].id)
    _assert_exact(db)
    db.execute("DELETE FROM plans WHERE id = ?", (plans[0].id,))  # not in the trash, deleted at once
    _assert_exact(db)
    assert db.execute("SELECT count(*) FROM deadline_tally WHERE n <> 0").fetchone()[0] == 0


def test_undoing_an_edit_writes_the_tally_back_as_it_was(db, world):
    """Undo (gui/dialogs/task/undo.py) writes the state before back through the same storage calls."""
    before = sorted(db.execute("SELECT * FROM deadline_tally WHERE n <> 0").fetchall())
    task = world["tasks"][3]
    occurrence = db.execute(
        "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE a.task_id = ?",
        (task.id,),
    ).fetchone()[0]
    record_progress(db, occurrence, WorkState.DONE, 100, date(2026, 3, 10), "Xong")
    set_assignments(db, task.id, [(world["units"][2].id, Role.LEAD, None)])
    created = save_task(db, Task(world["plans"][1].id, "Nhiệm vụ thêm", timeframe_text="Tháng 4/2026"))
    set_assignments(db, created.id, [(world["units"][0].id, Role.LEAD, None)])
    _assert_exact(db)
    # Undo: the created task deleted, the assignments and the progress written back.
    delete_task(db, created.id)
    units = world["units"][1:4]
    items = [(unit.id, Role.LEAD if i == 0 else Role.SUPPORT, None) for i, unit in enumerate(units)]
    set_assignments(db, task.id, items)
    _assert_exact(db)
    restored = db.execute(
        "SELECT o.id FROM occurrences o JOIN assignments a ON a.id = o.assignment_id WHERE a.task_id = ?"
        " AND a.unit_id = ?",
        (task.id, world["units"][1].id),
    ).fetchone()[0]
    record_progress(db, restored, WorkState.NOT_STARTED, 0, None, "")
    _assert_exact(db)
    assert sorted(db.execute("SELECT * FROM deadline_tally WHERE n <> 0").fetchall()) == before


def test_a_failed_change_leaves_the_tally_as_it_was(db, world):
    before = sorted(db.execute("SELECT * FROM deadline_tally").fetchall())
    with pytest.raises(RuntimeError), transaction(db):
        delete_plan(db, world["plans"][0].id)
        raise RuntimeError("cắt ngang")
    assert sorted(db.execute("SELECT * FROM deadline_tally").fetchall()) == before


def test_a_wrong_tally_is_reported_and_rebuilt(db, world):
    db.execute("UPDATE deadline_tally SET n = n + 1 WHERE n > 0")
    (problem,) = tally_problems(db)
    assert "deadline_tally" in problem
    rebuild_tally(db)
    assert tally_problems(db) == []


_DATES = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(
            st.integers(0, 30),
            st.sampled_from(list(WorkState)),
            st.one_of(st.none(), _DATES),
            st.one_of(st.none(), _DATES),
            st.one_of(st.none(), _DATES),
        ),
        max_size=12,
    ),
    as_of=_DATES,
    warn_days=st.integers(-1, 10),
    trash=st.booleans(),
)
def test_counts_from_the_tally_agree_with_the_rows_and_core_status(
    db, world, changes, as_of, warn_days, trash
):
    ids = _occurrence_ids(db)
    with transaction(db):
        for pick, state, due, completed, starts in changes:
            db.execute(
                "UPDATE occurrences SET state = ?, due_on = ?, completed_on = ?, starts_on = ? WHERE id = ?",
                (
                    state.value,
                    due and due.isoformat(),
                    completed and completed.isoformat(),
                    starts and starts.isoformat(),
                    ids[pick % len(ids)],
                ),
            )
    if trash:
        delete_plan(db, world["plans"][1].id)
    assert tally_problems(db) == []
    rule = {}
    for occurrence_id, due, state, completed, starts, kind, role, deleted in db.execute(
        "SELECT o.id, o.due_on, o.state, o.completed_on, o.starts_on, u.kind_code, a.role, p.deleted_at"
        " FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN units u ON u.id = a.unit_id"
        " JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id"
    ):
        if deleted is None and (starts is None or date.fromisoformat(starts) <= as_of):
            due_on = due and date.fromisoformat(due)
            completed_on = completed and date.fromisoformat(completed)
            status = deadline_status(due_on, state == "done", completed_on, as_of, warn_days)
            rule[occurrence_id] = (status, kind, role)
    for filters, keep in (
        ({}, lambda kind, role: True),
        ({"unit_kind": "mam_non"}, lambda kind, role: kind == "mam_non"),
        ({"role": Role.LEAD}, lambda kind, role: role == "lead"),
    ):
        expected = Counter(status for status, kind, role in rule.values() if keep(kind, role))
        counts = DeadlineSelection(db, as_of, warn_days, **filters).counts()
        assert counts == {s: expected[s] for s in DeadlineStatus}, filters
        deadlines._USE_TALLY = False
        try:
            assert DeadlineSelection(db, as_of, warn_days, **filters).counts() == counts
        finally:
            deadlines._USE_TALLY = True
    if trash:
        restore_plan(db, world["plans"][1].id)
        assert tally_problems(db) == []


def test_the_search_index_follows_the_tasks(db, world):
    plan = world["plans"][1]
    task = save_task(db, Task(plan.id, "Khảo sát nhà vệ sinh", timeframe_text="Thường xuyên"))
    set_assignments(db, task.id, [(world["units"][0].id, Role.LEAD, None)])
    assert {r.task_id for r in DeadlineSelection(db, AS_OF, search="nha ve sinh").rows()} == {task.id}
    save_task(db, replace(get_task(db, task.id), content="Khảo sát thư viện"))
    assert DeadlineSelection(db, AS_OF, search="nha ve sinh").rows() == []
    assert {r.task_id for r in DeadlineSelection(db, AS_OF, search="thu vien").rows()} == {task.id}
    delete_task(db, task.id)
    assert DeadlineSelection(db, AS_OF, search="thu vien").rows() == []
    db.execute("INSERT INTO task_search(task_search) VALUES ('integrity-check')")  # raises when out of step


def test_an_old_file_gains_the_tally_index_and_search_index_on_upgrade(tmp_path):
    path = tmp_path / "v1.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite3", path)
    db = open_database(path)
    try:
        assert schema_version(db) >= 6
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"deadline_tally", "task_search", "occurrences_progress"} <= names
        assert tally_problems(db) == []
        searched = db.execute("SELECT count(*) FROM task_search").fetchone()[0]
        assert searched == db.execute("SELECT count(*) FROM tasks").fetchone()[0]
        soon = date.today() + timedelta(days=1)
        assert sum(DeadlineSelection(db, soon).counts().values()) == len(DeadlineSelection(db, soon).rows())
    finally:
        db.close()
