"""The task tree: round trips, tree order and paths, indent/outdent/move, subtree deletion."""

import unicodedata
from datetime import date

import pytest

from core.model import Plan, Role, Task, TaskKind, Unit
from storage.assignments import list_assignments, set_assignments
from storage.database import StorageError
from storage.plans import save_plan
from storage.tasks import (
    delete_task,
    get_task,
    indent_task,
    list_tasks,
    move_task_down,
    move_task_up,
    outdent_task,
    save_task,
)
from storage.units import save_unit


@pytest.fixture
def plan(db):
    return save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND", issued_year=2025))


def add(db, plan, content, ordinal="", parent=None, **fields):
    return save_task(
        db, Task(plan.id, content, ordinal=ordinal, parent_id=parent.id if parent else None, **fields)
    )


def tree(db, plan) -> list[tuple[str, str, int]]:
    return [(row.path, row.task.content, row.depth) for row in list_tasks(db, plan.id)]


def test_task_round_trip_stores_nfc_even_when_given_nfd(db, plan):
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    section = add(db, plan, "MỤC ĐÍCH, YÊU CẦU", "I.", kind=TaskKind.SECTION)
    task = save_task(
        db,
        Task(
            plan_id=plan.id,
            content=nfd("Rà soát hạ tầng công nghệ thông tin các trường học"),
            ordinal="1.",
            title=nfd("Hạ tầng số"),
            kind=TaskKind.TASK,
            parent_id=section.id,
            timeframe_text=nfd("Quý II/2025"),
            deadline_override=date(2025, 6, 15),
            notes=nfd("Ưu tiên điểm trường"),
        ),
    )
    assert task == Task(
        plan_id=plan.id,
        content="Rà soát hạ tầng công nghệ thông tin các trường học",
        ordinal="1.",
        title="Hạ tầng số",
        kind=TaskKind.TASK,
        parent_id=section.id,
        position=0,
        timeframe_text="Quý II/2025",
        deadline_override=date(2025, 6, 15),
        notes="Ưu tiên điểm trường",
        id=task.id,
    )
    assert get_task(db, task.id) == task
    assert get_task(db, section.id).kind is TaskKind.SECTION


def test_new_tasks_go_to_the_end_of_their_parent_and_get_paths_from_ordinals(db, plan):
    one = add(db, plan, "Mục đích", "I.")
    two = add(db, plan, "Nhiệm vụ", "II.")
    add(db, plan, "Yêu cầu thứ nhất", "1.", one)
    b = add(db, plan, "Hạ tầng", "1.", two)
    add(db, plan, "Yêu cầu thứ hai", "2.", one)
    add(db, plan, "Trường học", "a)", b)
    add(db, plan, "Điểm trường", "-", b)
    assert tree(db, plan) == [
        ("I", "Mục đích", 0),
        ("I.1", "Yêu cầu thứ nhất", 1),
        ("I.2", "Yêu cầu thứ hai", 1),
        ("II", "Nhiệm vụ", 0),
        ("II.1", "Hạ tầng", 1),
        ("II.1.a", "Trường học", 2),
        ("II.1.2", "Điểm trường", 2),
    ]
    assert [row.task.position for row in list_tasks(db, plan.id)] == [0, 0, 1, 1, 0, 0, 1]


def test_list_tasks_names_lead_and_supporting_units(db, plan):
    task = add(db, plan, "Rà soát", "1.")
    a = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    b = save_unit(db, Unit("Phòng Tài chính - Kế hoạch"))
    c = save_unit(db, Unit("UBND các xã"))
    set_assignments(
        db, task.id, [(b.id, Role.SUPPORT, None), (a.id, Role.LEAD, None), (c.id, Role.SUPPORT, None)]
    )
    (row,) = list_tasks(db, plan.id)
    assert row.lead_units == ["Phòng Giáo dục và Đào tạo"]
    assert row.support_units == ["Phòng Tài chính - Kế hoạch", "UBND các xã"]


def test_the_position_given_for_a_new_task_is_ignored(db, plan):
    add(db, plan, "Thứ nhất", "1.")
    second = save_task(db, Task(plan.id, "Thứ hai", ordinal="2.", position=0))
    assert second.position == 1


def test_indent_makes_a_task_the_last_child_of_the_sibling_before_it(db, plan):
    a = add(db, plan, "A", "1.")
    add(db, plan, "A con", "a)", a)
    b = add(db, plan, "B", "2.")
    add(db, plan, "B con", "a)", b)
    moved = indent_task(db, b.id)
    assert moved.parent_id == a.id
    assert moved.position == 1
    assert tree(db, plan) == [("1", "A", 0), ("1.a", "A con", 1), ("1.2", "B", 1), ("1.2.a", "B con", 2)]


def test_the_first_task_of_a_level_cannot_be_indented(db, plan):
    a = add(db, plan, "A", "1.")
    with pytest.raises(StorageError, match="hạ cấp nhiệm vụ 1"):
        indent_task(db, a.id)


def test_outdent_places_a_task_right_after_its_former_parent(db, plan):
    a = add(db, plan, "A", "1.")
    child = add(db, plan, "A con", "a)", a)
    add(db, plan, "A con 2", "b)", a)
    add(db, plan, "B", "2.")
    moved = outdent_task(db, child.id)
    assert moved.parent_id is None
    assert [(content, depth) for _, content, depth in tree(db, plan)] == [
        ("A", 0),
        ("A con 2", 1),
        ("A con", 0),
        ("B", 0),
    ]
    assert [row.task.position for row in list_tasks(db, plan.id) if row.depth == 0] == [0, 1, 2]


def test_a_top_level_task_cannot_be_outdented(db, plan):
    a = add(db, plan, "A", "I.")
    with pytest.raises(StorageError, match="cấp cao nhất"):
        outdent_task(db, a.id)


def test_moving_up_and_down_swaps_siblings_and_recomputes_paths(db, plan):
    a = add(db, plan, "A", "")
    b = add(db, plan, "B", "")
    add(db, plan, "B con", "", b)
    c = add(db, plan, "C", "")
    assert move_task_up(db, b.id).position == 0
    assert tree(db, plan) == [("1", "B", 0), ("1.1", "B con", 1), ("2", "A", 0), ("3", "C", 0)]
    assert move_task_down(db, a.id).position == 2
    assert [content for _, content, _ in tree(db, plan)] == ["B", "B con", "C", "A"]
    with pytest.raises(StorageError, match="đầu"):
        move_task_up(db, b.id)
    with pytest.raises(StorageError, match="cuối"):
        move_task_down(db, a.id)
    assert get_task(db, c.id).position == 1


def test_deleting_a_task_removes_its_subtree_and_renumbers_its_siblings(db, plan):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    a = add(db, plan, "A", "")
    b = add(db, plan, "B", "")
    b1 = add(db, plan, "B con", "", b)
    b11 = add(db, plan, "B cháu", "", b1)
    add(db, plan, "C", "")
    set_assignments(db, b11.id, [(unit.id, Role.LEAD, None)])
    delete_task(db, b.id)
    assert tree(db, plan) == [("1", "A", 0), ("2", "C", 0)]
    assert db.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM occurrences").fetchone()[0] == 0
    with pytest.raises(StorageError, match=str(b1.id)):
        get_task(db, b1.id)
    assert get_task(db, a.id).position == 0


def test_a_parent_from_another_plan_is_refused_naming_both_plans(db, plan):
    other = save_plan(db, Plan("Kế hoạch khác", number="12", symbol="KH-PGDĐT"))
    foreign_parent = add(db, other, "Nhiệm vụ của kế hoạch khác", "1.")
    before = list(db.conn.iterdump())
    with pytest.raises(StorageError, match="12/KH-PGDĐT") as error:
        add(db, plan, "Nhiệm vụ", "1.", foreign_parent)
    assert "367/KH-UBND" in str(error.value)
    assert list(db.conn.iterdump()) == before


def test_a_task_cannot_move_under_its_own_descendant(db, plan):
    a = add(db, plan, "A", "1.")
    child = add(db, plan, "A con", "a)", a)
    with pytest.raises(StorageError, match="chính nó"):
        save_task(db, Task(plan.id, "A", ordinal="1.", parent_id=child.id, id=a.id))
    with pytest.raises(StorageError, match="chính nó"):
        save_task(db, Task(plan.id, "A", ordinal="1.", parent_id=a.id, id=a.id))
    assert get_task(db, a.id).parent_id is None


def test_a_task_cannot_move_to_another_plan(db, plan):
    other = save_plan(db, Plan("Kế hoạch khác"))
    task = add(db, plan, "A", "1.")
    with pytest.raises(StorageError, match="kế hoạch khác"):
        save_task(db, Task(other.id, "A", id=task.id))


def test_saving_a_task_under_a_new_parent_moves_it_to_the_end_there(db, plan):
    a = add(db, plan, "A", "1.")
    add(db, plan, "A con", "a)", a)
    b = add(db, plan, "B", "2.")
    moved = save_task(db, Task(plan.id, "B", ordinal="b)", parent_id=a.id, id=b.id))
    assert moved.position == 1
    assert tree(db, plan) == [("1", "A", 0), ("1.a", "A con", 1), ("1.b", "B", 1)]


def test_empty_content_and_unknown_plans_are_refused(db, plan):
    with pytest.raises(StorageError, match="Nội dung"):
        add(db, plan, "  ")
    with pytest.raises(StorageError, match="555"):
        save_task(db, Task(555, "Nhiệm vụ"))


def test_editing_a_task_keeps_its_assignments(db, plan):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    task = add(db, plan, "Rà soát", "1.")
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    save_task(db, Task(plan.id, "Rà soát lại", ordinal="1.", id=task.id))
    assert [row.unit_name for row in list_assignments(db, task.id)] == ["Phòng Giáo dục và Đào tạo"]
