"""Deadline selections: every sort order, keyset paging, counts per day and plan, period filters,
and the schema v3 index they read; the fast paths agree with the straightforward ones."""

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from core.model import Plan, Role, Unit, WorkState
from core.status import DeadlineStatus
from storage import deadlines
from storage.assignments import record_progress
from storage.database import StorageError, open_database, schema_version
from storage.deadlines import SEVERITY, DeadlineSelection, DeadlineSort, deadline_rows, status_counts
from storage.plans import delete_plan, save_plan
from storage.units import save_unit
from tests.fixtures.deadline_data import rows_by_key, save_assigned_tasks, save_period_plan

AS_OF = date(2026, 9, 25)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def world(db):
    """Two plans and one in the trash; one-off, yearly, September-yearly and ongoing tasks;
    progress giving every status as of AS_OF."""
    pgd = save_unit(db, Unit("Phòng Giáo dục và Đào tạo", kind_code="phong_ban"))
    nv = save_unit(db, Unit("Phòng Nội vụ", kind_code="phong_ban"))
    mn = save_unit(db, Unit("Trường Mầm non Sơn Bình", short_name="MN Sơn Bình", kind_code="mam_non"))
    xa = save_unit(db, Unit("UBND xã Tân Lập", kind_code="ubnd_xa"))
    cds = save_period_plan(db, "Chuyển đổi số ngành giáo dục", 2025, 2027)
    mnp = save_plan(db, Plan("Phát triển giáo dục mầm non", number="12", symbol="KH-PGDĐT", issued_year=2025))
    old = save_plan(db, Plan("Kế hoạch cũ đã bỏ", number="1", symbol="KH-UBND", issued_year=2025))
    specs = [
        (cds, "Rà soát hạ tầng công nghệ thông tin", "Quý II/2025", [(pgd, Role.LEAD), (nv, Role.SUPPORT)]),
        (cds, "Sơ kết, đánh giá kết quả", "Hằng năm", [(pgd, Role.LEAD), (xa, Role.SUPPORT)]),
        (cds, "Báo cáo số liệu đầu năm học", "Tháng 9 hằng năm", [(mn, Role.LEAD), (xa, Role.SUPPORT)]),
        (cds, "Tuyên truyền chuyển đổi số", "Thường xuyên", [(xa, Role.LEAD), (pgd, Role.SUPPORT)]),
        (mnp, "Kiểm tra cơ sở vật chất", "Trước 05/7/2025", [(mn, Role.LEAD)]),
        (mnp, "Tập huấn giáo viên mầm non", "Tháng 8/2025", [(pgd, Role.LEAD), (mn, Role.SUPPORT)]),
        (old, "Việc của kế hoạch đã bỏ", "Năm 2025", [(pgd, Role.LEAD)]),
    ]
    tasks = {task.content.split()[0]: task for task in save_assigned_tasks(db, specs)}
    delete_plan(db, old.id)
    rows = rows_by_key(db, AS_OF)
    survey = tasks["Rà"].id
    on_time, late = rows[(survey, pgd.id, "")].occurrence_id, rows[(survey, nv.id, "")].occurrence_id
    record_progress(db, on_time, WorkState.DONE, 100, date(2025, 6, 20), "Xong")
    record_progress(db, late, WorkState.DONE, 100, date(2025, 7, 10), "Muộn")
    training = rows[(tasks["Tập"].id, pgd.id, "")].occurrence_id
    record_progress(db, training, WorkState.IN_PROGRESS, 60, None, "")
    # Finished after the as-of date: not yet done then.
    later = rows[(tasks["Sơ"].id, pgd.id, "2025")].occurrence_id
    record_progress(db, later, WorkState.DONE, 100, date(2026, 10, 1), "")
    return {"pgd": pgd, "nv": nv, "mn": mn, "xa": xa, "cds": cds, "mnp": mnp, "old": old, "tasks": tasks}


def _reference_order(db, rows, sort: DeadlineSort) -> list[int]:
    """The order each sort promises, computed in Python from the rows and their tasks."""
    extra = {
        row["id"]: row
        for row in db.query(
            "SELECT o.id, t.order_key, a.position, u.name_key FROM occurrences o"
            " JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
            " JOIN units u ON u.id = a.unit_id"
        )
    }

    def tie(row):
        more = extra[row.occurrence_id]
        return (
            row.plan_id,
            more["order_key"],
            row.role is Role.SUPPORT,
            more["position"],
            row.occurrence_key,
            row.occurrence_id,
        )

    def due(row):
        return (row.due_on is None, row.due_on or date.min)

    keys = {
        DeadlineSort.DEFAULT: lambda r: (r.status is not DeadlineStatus.OVERDUE, *due(r), *tie(r)),
        DeadlineSort.STATUS: lambda r: (SEVERITY.index(r.status), *due(r), *tie(r)),
        DeadlineSort.DUE: lambda r: (*due(r), *tie(r)),
        DeadlineSort.PLAN: tie,
        DeadlineSort.UNIT: lambda r: (
            extra[r.occurrence_id]["name_key"],
            r.unit_name,
            r.unit_id,
            *due(r),
            *tie(r),
        ),
        DeadlineSort.ROLE: lambda r: (r.role is Role.SUPPORT, *due(r), *tie(r)),
        DeadlineSort.PROGRESS: lambda r: (r.progress, *due(r), *tie(r)),
    }
    return [row.occurrence_id for row in sorted(rows, key=keys[sort])]


def test_the_world_has_every_status(db, world):
    assert all(count > 0 for count in status_counts(db, AS_OF).values())


@pytest.mark.parametrize("sort", list(DeadlineSort))
def test_every_sort_gives_its_promised_order_and_descending_reverses_it(db, world, sort):
    selection = DeadlineSelection(db, AS_OF)
    rows = selection.rows(sort=sort)
    assert len(rows) == sum(selection.counts().values())
    assert [row.occurrence_id for row in rows] == _reference_order(db, rows, sort)
    backwards = selection.rows(sort=sort, descending=True)
    assert [row.occurrence_id for row in backwards] == [row.occurrence_id for row in reversed(rows)]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(DeadlineSort))
def test_pages_after_a_shown_row_join_up_to_the_whole_list(db, world, sort, descending):
    wanted = [DeadlineStatus.OVERDUE, DeadlineStatus.NO_DEADLINE, DeadlineStatus.DONE_LATE]
    for statuses in (None, wanted):
        selection = DeadlineSelection(db, AS_OF)
        everything = selection.rows(statuses=statuses, sort=sort, descending=descending)
        pages, after = [], None
        while True:
            page = selection.rows(statuses=statuses, sort=sort, descending=descending, limit=3, after=after)
            if not page:
                break
            pages.extend(page)
            after = page[-1].occurrence_id
        assert pages == everything
        offsets = [
            selection.rows(statuses=statuses, sort=sort, descending=descending, limit=4, offset=start)
            for start in range(0, len(everything), 4)
        ]
        assert [row for page in offsets for row in page] == everything


@pytest.mark.parametrize("batch", [1, 2, 5, 1000])
@pytest.mark.parametrize("sort", list(DeadlineSort))
def test_a_stream_gives_the_whole_list_in_order_whatever_its_page_size(db, world, sort, batch):
    selection = DeadlineSelection(db, AS_OF)
    everything = selection.rows(sort=sort)
    assert len(everything) > 5
    assert list(selection.stream(sort=sort, batch=batch)) == everything
    overdue = [DeadlineStatus.OVERDUE]
    assert list(selection.stream(statuses=overdue, batch=batch)) == selection.rows(statuses=overdue)


def test_paging_after_a_row_outside_the_filter_goes_on_from_where_it_would_sort(db, world):
    selection = DeadlineSelection(db, AS_OF)
    rows = selection.rows(sort=DeadlineSort.STATUS)
    first_overdue = next(row for row in rows if row.status is DeadlineStatus.OVERDUE)
    done = [DeadlineStatus.DONE_LATE, DeadlineStatus.DONE_ON_TIME]
    assert selection.rows(statuses=done, sort=DeadlineSort.STATUS, after=first_overdue.occurrence_id) == [
        row for row in rows if row.status in done
    ]
    last_done = [row for row in rows if row.status in done][-1]
    assert (
        selection.rows(
            statuses=[DeadlineStatus.OVERDUE], after=last_done.occurrence_id, sort=DeadlineSort.STATUS
        )
        == []
    )
    with pytest.raises(StorageError, match="Không tìm thấy"):
        selection.rows(after=999_999)


@pytest.mark.parametrize("few", [True, False])
def test_counts_match_the_rows_for_every_filter_whichever_way_they_are_read(db, world, monkeypatch, few):
    # Few rows are read from their filter and sorted, counts come from the tally; many rows are
    # found while walking an index in order (pages), counts from the rows themselves.
    monkeypatch.setattr(deadlines, "_FEW", 10_000 if few else 0)
    monkeypatch.setattr(deadlines, "_USE_TALLY", few)
    for filters in (
        {},
        {"plan_id": world["cds"].id},
        {"unit_id": world["pgd"].id},
        {"unit_kind": "mam_non"},
        {"role": Role.SUPPORT},
        {"search": "son binh"},
        {"search": "367 tuyen truyen"},
        {"search": "kế hoạch cũ"},
        {"due_from": date(2025, 7, 1), "due_to": date(2025, 12, 31)},
        {"unit_kind": "phong_ban", "role": Role.LEAD, "search": "ra soat"},
    ):
        selection = DeadlineSelection(db, AS_OF, **filters)
        rows = selection.rows(sort=DeadlineSort.STATUS)
        counts = selection.counts()
        found = Counter(row.status for row in rows)
        assert counts == {status: found[status] for status in DeadlineStatus}, filters
        assert world["old"].id not in {row.plan_id for row in rows}
        assert rows == deadline_rows(db, AS_OF, **filters, sort=DeadlineSort.STATUS)
        overdue = selection.rows(statuses=[DeadlineStatus.OVERDUE])
        assert (
            len(overdue)
            == counts[DeadlineStatus.OVERDUE]
            == selection.counts([DeadlineStatus.OVERDUE])[DeadlineStatus.OVERDUE]
        )


def test_search_matches_any_field_without_diacritics(db, world):
    rows = DeadlineSelection(db, AS_OF, search="MN SON BINH").rows()
    assert {row.unit_name for row in rows} == {"Trường Mầm non Sơn Bình"}
    by_reference = DeadlineSelection(db, AS_OF, search="12/kh-pgddt").rows()
    assert {row.plan_id for row in by_reference} == {world["mnp"].id}
    assert DeadlineSelection(db, AS_OF, search="tap huan xa tan lap").rows() == []
    assert DeadlineSelection(db, AS_OF, search="50%_").rows() == []


def test_a_period_keeps_rows_due_in_it_and_those_without_a_deadline_unless_told(db, world):
    period = DeadlineSelection(db, AS_OF, due_from=date(2025, 7, 1), due_to=date(2025, 9, 30))
    rows = period.rows()
    assert {row.due_on for row in rows} == {date(2025, 7, 5), date(2025, 8, 31), date(2025, 9, 30), None}
    dated = DeadlineSelection(db, AS_OF, due_from=date(2025, 7, 1), due_to=date(2025, 9, 30), undated=False)
    assert [row for row in rows if row.due_on is not None] == dated.rows()
    with pytest.raises(StorageError, match="Khoảng thời gian không hợp lệ"):
        DeadlineSelection(db, AS_OF, due_from=date(2025, 9, 30), due_to=date(2025, 7, 1))


def test_day_counts_give_each_due_date_of_the_range_with_its_statuses(db, world):
    days = DeadlineSelection(db, AS_OF).day_counts(date(2025, 9, 1), date(2025, 9, 30))
    assert days == {date(2025, 9, 30): {DeadlineStatus.OVERDUE: 2}}
    year = DeadlineSelection(db, AS_OF).day_counts(date(2025, 1, 1), date(2026, 12, 31))
    assert year[date(2025, 6, 30)] == {DeadlineStatus.DONE_ON_TIME: 1, DeadlineStatus.DONE_LATE: 1}
    assert year[date(2026, 9, 30)] == {DeadlineStatus.DUE_SOON: 2}
    assert sum(sum(day.values()) for day in year.values()) == sum(
        1 for row in DeadlineSelection(db, AS_OF).rows() if row.due_on is not None
    )


def test_plan_counts_group_a_units_rows_by_plan(db, world):
    by_plan = DeadlineSelection(db, AS_OF, unit_id=world["pgd"].id).plan_counts()
    assert set(by_plan) == {world["cds"].id, world["mnp"].id}
    assert by_plan[world["mnp"].id] == {DeadlineStatus.OVERDUE: 1}
    everything = DeadlineSelection(db, AS_OF).plan_counts()
    assert world["old"].id not in everything
    total = sum(status_counts(db, AS_OF).values())
    assert sum(sum(counts.values()) for counts in everything.values()) == total


def test_schema_v3_adds_the_deadline_indexes_and_drops_the_due_date_one(tmp_path):
    path = tmp_path / "v1.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite3", path)
    db = open_database(path)
    try:
        assert schema_version(db) >= 3
        indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"occurrences_due_status", "assignments_role"} <= indexes
        assert "occurrences_due_on" not in indexes
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT o.id FROM occurrences o WHERE o.due_on < '2026-01-01'"
            " AND o.state <> 'done' ORDER BY o.due_on"
        ).fetchall()
        assert "COVERING INDEX occurrences_due_status" in " ".join(str(step[-1]) for step in plan)
        # The pages walk that index by name, so a file migrated from v1 must serve them.
        everything = deadline_rows(db, AS_OF)
        assert len(everything) > 3
        assert deadline_rows(db, AS_OF, limit=3) == everything[:3]
    finally:
        db.close()
