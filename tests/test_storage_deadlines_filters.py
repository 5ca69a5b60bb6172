"""Every filter combination of a DeadlineSelection (search through the trigram index, unit, plan, unit
kind, role, period) keeps exactly the rows a plain Python filter keeps, whichever way it is read:
from the filter and sorted, or walking an index; counts from the tally or from the rows."""

from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.model import Plan, Role, Task, Unit
from core.status import DeadlineStatus
from core.vntext import search_key
from storage import deadlines
from storage.assignments import set_assignments
from storage.deadlines import DeadlineSelection, DeadlineSort
from storage.plans import delete_plan, save_plan
from storage.tasks import save_task
from storage.units import save_unit
from tests.fixtures.deadline_data import save_period_plan

AS_OF = date(2026, 3, 15)
# Fragments of the names and contents below, a few of them shorter than a trigram.
FRAGMENTS = [
    *("son", "binh", "an", "tra", "kiem", "ra", "12/kh", "mam non", "xa", "bua", "tru", "truong", "367"),
]


@pytest.fixture
def world(db):
    units = [
        save_unit(db, Unit("Phòng Giáo dục và Đào tạo", short_name="Phòng GD&ĐT", kind_code="phong_ban")),
        save_unit(db, Unit("Trường Mầm non Sơn Bình", short_name="MN Sơn Bình", kind_code="mam_non")),
        save_unit(db, Unit("UBND xã Tân Lập", kind_code="ubnd_xa")),
        save_unit(db, Unit("Thanh tra huyện", kind_code="phong_ban")),
        save_unit(db, Unit("Trường Tiểu học Hòa Bình", kind_code="tieu_hoc")),
    ]
    plans = [
        save_period_plan(db, "Chuyển đổi số ngành giáo dục", 2025, 2027),
        save_plan(db, Plan("Kiểm định chất lượng mầm non", number="12", symbol="KH-PGDĐT", issued_year=2026)),
        save_plan(db, Plan("Bảo đảm an toàn trường học", number="5", symbol="KH-UBND", issued_year=2026)),
    ]
    contents = [
        "Kiểm tra bữa ăn bán trú",
        "Rà soát hạ tầng công nghệ thông tin",
        "Tuyên truyền phòng chống đuối nước",
        "Sơ kết, đánh giá kết quả",
        "Kiểm tra cơ sở vật chất trường mầm non",
        "Tập huấn giáo viên",
    ]
    timeframes = ["Quý I/2026", "Hằng năm", "Thường xuyên", "Trước 20/3/2026", "Tháng 2/2026", "Năm 2025"]
    for index, content in enumerate(contents * 3):
        plan = plans[index % len(plans)]
        task = save_task(db, Task(plan.id, content, timeframe_text=timeframes[index % len(timeframes)]))
        chosen = [units[(index + step) % len(units)] for step in range(1 + index % 3)]
        items = [(unit.id, Role.LEAD if i == 0 else Role.SUPPORT, None) for i, unit in enumerate(chosen)]
        set_assignments(db, task.id, items)
    delete_plan(db, plans[2].id)
    save_plan(db, Plan("Kế hoạch còn lại", issued_year=2026))
    return {"units": units, "plans": plans}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(FRAGMENTS), max_size=3),
    unit=st.one_of(st.none(), st.integers(0, 4)),
    plan=st.one_of(st.none(), st.integers(0, 1)),
    kind=st.one_of(st.none(), st.sampled_from(["phong_ban", "mam_non", "tieu_hoc"])),
    role=st.one_of(st.none(), st.sampled_from(list(Role))),
    period=st.booleans(),
    few=st.booleans(),
    sort=st.sampled_from(list(DeadlineSort)),
)
def test_a_selection_keeps_what_the_plain_filter_keeps(
    db, world, words, unit, plan, kind, role, period, few, sort
):
    fields = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT o.id, t.content_key, p.reference_key, p.title_key, u.name_key, u.short_name_key, u.id,"
            " p.id, u.kind_code, a.role, o.due_on FROM occurrences o"
            " JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
            " JOIN plans p ON p.id = t.plan_id JOIN units u ON u.id = a.unit_id"
        )
    }
    filters: dict = {"search": " ".join(words)}
    if unit is not None:
        filters["unit_id"] = world["units"][unit].id
    if plan is not None:
        filters["plan_id"] = world["plans"][plan].id
    if kind is not None:
        filters["unit_kind"] = kind
    if role is not None:
        filters["role"] = role
    if period:
        filters["due_from"], filters["due_to"] = date(2026, 1, 1), date(2026, 3, 31)
    everything = {row.occurrence_id: row for row in DeadlineSelection(db, AS_OF).rows()}
    assert len(everything) > 15
    expected = set()
    for occurrence_id in everything:
        *keys, unit_id, plan_id, kind_code, role_code, due = fields[occurrence_id]
        if not all(any(word in key for key in keys) for word in search_key(" ".join(words)).split()):
            continue
        if unit is not None and unit_id != filters["unit_id"]:
            continue
        if plan is not None and plan_id != filters["plan_id"]:
            continue
        if kind is not None and kind_code != kind:
            continue
        if role is not None and role_code != role.value:
            continue
        if period and due is not None and not "2026-01-01" <= due <= "2026-03-31":
            continue
        expected.add(occurrence_id)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(deadlines, "_FEW", 10_000 if few else 0)
    monkeypatch.setattr(deadlines, "_USE_TALLY", few)
    try:
        selection = DeadlineSelection(db, AS_OF, **filters)
        rows = selection.rows(sort=sort)
        counts = selection.counts()
        paged = []
        while True:
            page = selection.rows(sort=sort, limit=4, after=paged[-1].occurrence_id if paged else None)
            paged += page
            if len(page) < 4:
                break
    finally:
        monkeypatch.undo()
    assert {row.occurrence_id for row in rows} == expected
    assert paged == rows
    assert rows == [everything[row.occurrence_id] for row in rows]
    found = Counter(everything[i].status for i in expected)
    assert counts == {status: found[status] for status in DeadlineStatus}
