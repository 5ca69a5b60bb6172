"""Plans: round trips, basis documents, search, trash, lookup by reference, period changes."""

import unicodedata
from datetime import date

import pytest

from core.model import BasisDocument, Plan, PlanStatus, Role, Task, Unit
from storage.assignments import list_assignments, list_occurrences, record_progress, set_assignments
from storage.database import StorageError
from storage.plans import (
    delete_plan,
    find_plan,
    get_basis,
    get_plan,
    list_plans,
    list_trash,
    purge_plan,
    restore_plan,
    save_plan,
)
from storage.tasks import list_tasks, save_task
from storage.units import save_unit


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def dump(db) -> list[str]:
    return list(db.conn.iterdump())


FULL_PLAN = Plan(
    title="Thực hiện Chương trình chuyển đổi số ngành Giáo dục giai đoạn 2025-2030",
    doc_type="KH",
    number="367",
    symbol="KH-UBND",
    issuer="UBND huyện Tam Đường",
    parent_issuer="UBND tỉnh Lai Châu",
    place="Tam Đường",
    issued_on=date(2025, 1, 5),
    issued_year=2025,
    issued_month=1,
    period_start=date(2025, 1, 1),
    period_end=date(2030, 12, 31),
    signer_authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
    signer_title="PHÓ CHỦ TỊCH",
    signer_name="Nguyễn Văn Đức",
    recipients=("Như trên", "Lưu: VT"),
    status=PlanStatus.ISSUED,
    source_name="367-KH-UBND.txt",
    source_text="ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\n…",
)


def nfd_plan(plan: Plan) -> Plan:
    return Plan(
        **{
            name: (
                nfd(value)
                if isinstance(value, str)
                else tuple(nfd(v) for v in value)
                if isinstance(value, tuple)
                else value
            )
            for name, value in ((f, getattr(plan, f)) for f in plan.__slots__)
        }
    )


def test_plan_round_trip_keeps_every_field_and_stores_nfc(db):
    saved = save_plan(db, nfd_plan(FULL_PLAN))
    assert saved.id is not None
    expected = Plan(**{f: getattr(FULL_PLAN, f) for f in FULL_PLAN.__slots__ if f != "id"}, id=saved.id)
    assert saved == expected
    assert get_plan(db, saved.id) == expected
    title = db.execute("SELECT title FROM plans WHERE id = ?", (saved.id,)).fetchone()[0]
    assert title == unicodedata.normalize("NFC", title)
    assert isinstance(saved.signer_authority, tuple)


def test_a_draft_without_number_round_trips(db):
    draft = save_plan(db, Plan("Kế hoạch dự thảo", symbol="KH-PGDĐT"))
    assert draft.number is None
    assert draft.reference == "/KH-PGDĐT"
    assert draft.status is PlanStatus.DRAFT


def test_updating_a_plan_keeps_its_id_and_changes_its_fields(db):
    plan = save_plan(db, Plan("Kế hoạch cũ", number="1", symbol="KH-UBND"))
    updated = save_plan(db, Plan("Kế hoạch mới", number="2", symbol="KH-UBND", id=plan.id))
    assert updated.id == plan.id
    assert find_plan(db, "2/KH-UBND").title == "Kế hoạch mới"
    with pytest.raises(StorageError):
        find_plan(db, "1/KH-UBND")


def test_updating_a_plan_that_does_not_exist_is_refused(db):
    with pytest.raises(StorageError, match="42"):
        save_plan(db, Plan("Không có", id=42))


def test_an_unknown_document_type_is_refused(db):
    with pytest.raises(StorageError, match="XYZ"):
        save_plan(db, Plan("Kế hoạch", doc_type="XYZ"))


def test_a_period_ending_before_it_starts_is_refused(db):
    with pytest.raises(StorageError, match="31/12/2025"):
        save_plan(db, Plan("Kế hoạch", period_start=date(2026, 1, 1), period_end=date(2025, 12, 31)))
    assert list_plans(db) == []


def test_basis_documents_round_trip_in_order_and_link_to_known_plans(db):
    upper = save_plan(db, Plan("Kế hoạch của tỉnh", number="740", symbol="KH-BCSD"))
    plan = save_plan(
        db,
        Plan("Kế hoạch của huyện", number="367", symbol="KH-UBND"),
        basis=[
            BasisDocument(nfd("Căn cứ Luật Giáo dục năm 2019;")),
            BasisDocument("Căn cứ Kế hoạch số 740/KH-BCSD ngày 10/12/2024;", reference="740/KH-BCSD"),
            BasisDocument("Căn cứ Công văn số 12/SGDĐT;", reference="12/SGDĐT"),
        ],
    )
    basis = get_basis(db, plan.id)
    assert [b.text for b in basis] == [
        "Căn cứ Luật Giáo dục năm 2019;",
        "Căn cứ Kế hoạch số 740/KH-BCSD ngày 10/12/2024;",
        "Căn cứ Công văn số 12/SGDĐT;",
    ]
    assert [b.linked_plan_id for b in basis] == [None, upper.id, None]
    save_plan(db, Plan("Kế hoạch của huyện (sửa)", number="367", symbol="KH-UBND", id=plan.id))
    assert len(get_basis(db, plan.id)) == 3, "basis=None keeps the basis documents"
    save_plan(db, plan, basis=[])
    assert get_basis(db, plan.id) == []


def test_a_bad_basis_row_leaves_the_database_exactly_as_before(db):
    plan = save_plan(db, Plan("Kế hoạch", number="5", symbol="KH-UBND"), basis=[BasisDocument("Căn cứ A")])
    before = dump(db)
    changed = Plan("Kế hoạch đã sửa", number="6", symbol="KH-UBND", id=plan.id)
    with pytest.raises(StorageError, match="Căn cứ thứ 2"):
        save_plan(db, changed, basis=[BasisDocument("Căn cứ B"), BasisDocument("   ")])
    with pytest.raises(StorageError, match="999"):
        save_plan(
            db, changed, basis=[BasisDocument("Căn cứ B"), BasisDocument("Căn cứ C", linked_plan_id=999)]
        )
    assert dump(db) == before


def test_search_finds_plans_by_title_issuer_or_reference_ignoring_diacritics(db):
    a = save_plan(
        db,
        Plan(
            "Phát triển giáo dục mầm non",
            issuer="Phòng Giáo dục và Đào tạo",
            number="12",
            symbol="KH-PGDĐT",
            issued_on=date(2025, 3, 1),
        ),
    )
    b = save_plan(
        db,
        Plan(
            "Chuyển đổi số",
            issuer="UBND xã Sùng Phài",
            number="367",
            symbol="KH-UBND",
            issued_on=date(2025, 1, 5),
        ),
    )
    assert list_plans(db, "phong giao duc") == [a]
    assert list_plans(db, "CHUYEN DOI SO") == [b]
    assert list_plans(db, "sung phai") == [b]
    assert list_plans(db, "367/kh") == [b]
    assert list_plans(db, "kh-pgddt") == [a]
    assert list_plans(db, "mầm non 2030") == []


def test_plans_are_listed_newest_first(db):
    older = save_plan(db, Plan("Cũ", issued_on=date(2024, 6, 1)))
    newest = save_plan(db, Plan("Mới nhất", issued_on=date(2025, 9, 1)))
    middle = save_plan(db, Plan("Giữa", issued_year=2025, issued_month=2))
    assert [p.id for p in list_plans(db)] == [newest.id, middle.id, older.id]


def test_deleted_plans_go_to_the_trash_and_can_be_restored(db):
    plan = save_plan(db, Plan("Kế hoạch", number="367", symbol="KH-UBND"))
    delete_plan(db, plan.id)
    assert list_plans(db) == []
    assert list_trash(db) == [plan]
    assert get_plan(db, plan.id) == plan
    with pytest.raises(StorageError, match="thùng rác"):
        delete_plan(db, plan.id)
    restore_plan(db, plan.id)
    assert list_plans(db) == [plan]
    assert list_trash(db) == []
    with pytest.raises(StorageError, match="không ở thùng rác"):
        restore_plan(db, plan.id)


def test_purging_removes_a_trashed_plan_with_everything_under_it(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    plan = save_plan(
        db,
        Plan("Kế hoạch", number="367", symbol="KH-UBND", issued_year=2025),
        basis=[BasisDocument("Căn cứ A")],
    )
    child = save_plan(
        db,
        Plan("Kế hoạch triển khai", parent_plan_id=plan.id),
        basis=[BasisDocument("Căn cứ 367/KH-UBND", reference="367/KH-UBND")],
    )
    assert get_basis(db, child.id)[0].linked_plan_id == plan.id
    task = save_task(db, Task(plan.id, "Rà soát"))
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    with pytest.raises(StorageError, match="chưa ở thùng rác"):
        purge_plan(db, plan.id)
    delete_plan(db, plan.id)
    purge_plan(db, plan.id)
    assert list_trash(db) == []
    for table in ("tasks", "assignments", "occurrences", "plan_basis WHERE plan_id = 1"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert get_plan(db, child.id).parent_plan_id is None
    assert get_basis(db, child.id)[0].linked_plan_id is None
    with pytest.raises(StorageError):
        get_plan(db, plan.id)


def test_find_plan_by_id_or_reference_with_or_without_spaces(db):
    plan = save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND"))
    save_plan(db, Plan("Khác", number="12", symbol="KH-PGDĐT"))
    assert find_plan(db, plan.id) == plan
    assert find_plan(db, str(plan.id)) == plan
    assert find_plan(db, "367/KH-UBND") == plan
    assert find_plan(db, "367 /KH-UBND") == plan
    assert find_plan(db, " 367 / kh-ubnd ") == plan
    assert find_plan(db, "12/KH-PGDDT").title == "Khác"


def test_find_plan_names_the_reference_it_could_not_find(db):
    save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND"))
    with pytest.raises(StorageError, match="368/KH-UBND"):
        find_plan(db, "368/KH-UBND")
    with pytest.raises(StorageError, match="999"):
        find_plan(db, 999)


def test_find_plan_refuses_an_ambiguous_reference(db):
    a = save_plan(db, Plan("Năm 2024", number="367", symbol="KH-UBND", issued_year=2024))
    b = save_plan(db, Plan("Năm 2025", number="367", symbol="KH-UBND", issued_year=2025))
    with pytest.raises(StorageError, match="367/KH-UBND") as error:
        find_plan(db, "367/KH-UBND")
    assert f"{a.id}, {b.id}" in str(error.value)
    delete_plan(db, a.id)
    assert find_plan(db, "367/KH-UBND") == b


def test_find_plan_does_not_return_a_plan_in_the_trash(db):
    plan = save_plan(db, Plan("Chuyển đổi số", number="367", symbol="KH-UBND"))
    delete_plan(db, plan.id)
    with pytest.raises(StorageError, match="thùng rác"):
        find_plan(db, plan.id)
    with pytest.raises(StorageError, match="367/KH-UBND"):
        find_plan(db, "367/KH-UBND")


def test_a_plan_cannot_implement_itself_through_its_children(db):
    upper = save_plan(db, Plan("Cấp tỉnh"))
    lower = save_plan(db, Plan("Cấp huyện", parent_plan_id=upper.id))
    with pytest.raises(StorageError, match="Cấp tỉnh"):
        save_plan(db, Plan("Cấp tỉnh", parent_plan_id=lower.id, id=upper.id))
    with pytest.raises(StorageError, match="77"):
        save_plan(db, Plan("Cấp xã", parent_plan_id=77))


def test_changing_the_plan_period_recomputes_yearly_occurrences_keeping_progress(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    plan = save_plan(db, Plan("Kế hoạch", period_start=date(2025, 1, 1), period_end=date(2027, 12, 31)))
    task = save_task(db, Task(plan.id, "Tổng kết", timeframe_text="Hằng năm"))
    (row,) = set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    occurrences = list_occurrences(db, row.assignment.id)
    assert [o.key for o in occurrences] == ["2025", "2026", "2027"]
    record_progress(db, occurrences[0].id, "done", 100, date(2025, 12, 1), "Xong")
    save_plan(db, Plan("Kế hoạch", period_start=date(2025, 1, 1), period_end=date(2030, 12, 31), id=plan.id))
    occurrences = list_occurrences(db, row.assignment.id)
    assert [o.key for o in occurrences] == [str(year) for year in range(2025, 2031)]
    assert occurrences[0].result == "Xong"
    save_plan(db, Plan("Kế hoạch", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), id=plan.id))
    assert [o.key for o in list_occurrences(db, row.assignment.id)] == ["2025", "2026"], (
        "2025 left the period but keeps its reported progress"
    )


def test_a_plan_without_period_uses_the_year_it_was_issued(db):
    unit = save_unit(db, Unit("Phòng Giáo dục và Đào tạo"))
    plan = save_plan(db, Plan("Kế hoạch năm", issued_on=date(2024, 8, 20)))
    task = save_task(db, Task(plan.id, "Tổng kết", timeframe_text="Tháng 9 hằng năm"))
    (row,) = set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    assert [(o.key, o.due_on) for o in list_occurrences(db, row.assignment.id)] == [
        ("2024", date(2024, 9, 30))
    ]
    save_plan(db, Plan("Kế hoạch năm", issued_on=date(2025, 8, 20), id=plan.id))
    assert [(o.key, o.due_on) for o in list_occurrences(db, row.assignment.id)] == [
        ("2025", date(2025, 9, 30))
    ]
    assert list_assignments(db, task.id)[0].assignment == row.assignment
    assert [r.task.id for r in list_tasks(db, plan.id)] == [task.id]


def test_an_impossible_issue_month_is_refused(db):
    with pytest.raises(StorageError, match="13"):
        save_plan(db, Plan("Kế hoạch", number="1", symbol="KH-UBND", issued_year=2025, issued_month=13))


def test_a_plan_saved_after_the_plan_citing_it_is_linked_back(db):
    from core.model import BasisDocument

    district = save_plan(
        db,
        Plan(title="Kế hoạch của huyện", number="12", symbol="KH-UBND"),
        [BasisDocument("Căn cứ Kế hoạch số 740/KH-BCSD ngày 31/12/2024 của tỉnh;", reference="740/KH-BCSD")],
    )
    assert get_basis(db, district.id)[0].linked_plan_id is None
    province = save_plan(db, Plan(title="Kế hoạch của tỉnh", number="740", symbol="KH-BCSD"))
    assert get_basis(db, district.id)[0].linked_plan_id == province.id


def test_a_picker_reads_the_newest_matching_plans_only(db):
    from core.model import Plan
    from storage.plans import list_plans, save_plan

    for number in range(1, 13):
        save_plan(db, Plan(title=f"Kế hoạch chuyển đổi số {number}", number=str(number), symbol="KH-PGDĐT"))
    assert len(list_plans(db, "chuyen doi so", limit=4)) == 4
    assert [p.title for p in list_plans(db, "chuyen doi so", limit=4)] == [
        p.title for p in list_plans(db, "chuyen doi so")[:4]
    ]
