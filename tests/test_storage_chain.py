"""The plan chain in storage: our office, our plan derived from a received one, links, roll-up.

The fixtures are the real sample chain: the annex of UBND thành phố Lai Châu's plan (002) that
Phòng GD&ĐT implements, 000 citing its parent by number, and a received signed PDF (12) that a
kindergarten implements.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.importing import read_plan_file, to_domain
from core.model import Plan, Unit, WorkState
from core.office import Office
from core.reports.data import Signer
from core.status import DeadlineStatus
from storage.assignments import list_assignments, list_occurrences, record_progress
from storage.chain import (
    DraftTask,
    candidates,
    default_drafts,
    derive_plan,
    derived_count,
    derived_tasks,
    implemented_plans,
    implementing_plans,
    rollup,
    source_task,
    units_below,
)
from storage.database import StorageError
from storage.office import get_office, save_office
from storage.plan_import import save_imported_plan
from storage.plans import delete_plan, get_basis, save_plan
from storage.tasks import delete_task, list_tasks
from storage.units import find_unit, list_units, save_unit

S = DeadlineStatus
RECEIVED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "received"
SCHOOLS = (("Trường Mầm non Hoa Ban", "mam_non"), ("Trường Mầm non Sơn Ca", "mam_non"),
           ("Trường Tiểu học Kim Đồng", "tieu_hoc"))  # fmt: skip


def _import(db, path):
    return save_imported_plan(db, to_domain(read_plan_file(path)))


def _counts(db) -> tuple[int, ...]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("plans", "tasks", "assignments", "occurrences", "plan_basis", "units")
    )


@pytest.fixture
def received(db, samples_dir):
    """The city's annex received by the Phòng, with our office and three schools in the directory."""
    plan = _import(db, samples_dir / "002_2317825042ac3b9f.txt")
    save_office(
        db,
        Office(
            name="Phòng Giáo dục và Đào tạo",
            parent_body="UBND thành phố Lai Châu",
            kind_code="phong_ban",
            place="Lai Châu",
            symbol="PGDĐT",
            signer=Signer(("KT. TRƯỞNG PHÒNG",), "PHÓ TRƯỞNG PHÒNG", "Lò Văn A"),
            recipients=("Như trên;", "UBND thành phố (b/c);", "Lưu: VT, PGDĐT."),
        ),
    )
    for name, kind in SCHOOLS:
        save_unit(db, Unit(name=name, kind_code=kind))
    return plan


def _school_ids(db) -> list[int]:
    return [find_unit(db, name).id for name, _ in SCHOOLS]


def _by_path(found):
    return {c.path: c for c in found}


def test_our_office_is_the_directory_unit_the_received_plan_already_names(db, received):
    office = get_office(db)
    assert office.unit_id == find_unit(db, "Phòng Giáo dục và Đào tạo").id
    renamed = save_office(db, replace(office, name="Phòng Giáo dục và Đào tạo thành phố Lai Châu"))
    assert renamed.unit_id == office.unit_id  # renamed, not a second unit
    assert find_unit(db, "Phòng Giáo dục và Đào tạo thành phố Lai Châu").kind_code == "phong_ban"


def test_saving_the_office_with_a_bad_kind_changes_nothing(db, received):
    before = (get_office(db), _counts(db))
    with pytest.raises(StorageError, match="Loại đơn vị"):
        save_office(db, Office(name="Trường Mới", kind_code="khong_co"))
    assert (get_office(db), _counts(db)) == before
    with pytest.raises(StorageError, match="nhóm"):
        save_office(db, Office(name="UBND các xã, phường"))
    assert (get_office(db), _counts(db)) == before


def test_a_new_office_becomes_a_unit_and_an_empty_one_has_none(db):
    assert get_office(db).unit_id is None
    office = save_office(db, Office(name="Trường THCS Lê Lợi", kind_code="thcs"))
    assert find_unit(db, "Trường THCS Lê Lợi").id == office.unit_id
    assert units_below(db, office.unit_id) == []  # a school passes work to nobody below it


def test_the_received_plans_tasks_are_claimed_for_us(db, received):
    found = _by_path(candidates(db, received.id))
    tasks = [c for c in found.values() if c.kind.value == "task"]
    assert len(tasks) == 15
    assert all(c.claim is not None for c in tasks)
    assert found["VII.1"].claim.reason.value == "support"  # Phòng Tài chính - Kế hoạch leads it
    assert found["I.1"].claim.reason.value == "lead_group"  # "Các phòng, ban, cơ quan, đơn vị thành phố"
    assert found["I.2"].due == date(2025, 12, 31)
    assert found["I.1"].due is None  # "Thường xuyên"
    office_id = get_office(db).unit_id
    assert found["IV.2"].default_leads == (office_id,)
    assert [u.name for u in units_below(db, office_id)] == [name for name, _ in SCHOOLS]


def _derive_our_plan(db, received):
    """Our plan: the claimed tasks, II.1 passed down to the schools, IV.2 split into ours and the schools'."""
    found = _by_path(candidates(db, received.id))
    schools = tuple(_school_ids(db))
    drafts = []
    for draft in default_drafts(found.values()):
        path = next(c.path for c in found.values() if c.task_id == draft.source_task_id)
        if path == "IX.2":
            continue  # left out: not ours to plan this year
        if path == "II.1":
            draft = replace(draft, lead_ids=schools, support_ids=())
        if path == "IV.2":
            drafts.append(replace(draft, due=date(2025, 6, 30)))
            draft = replace(
                draft,
                content="Các trường rà soát chương trình",
                lead_ids=schools[:2],
                support_ids=(),
                due=date(2025, 10, 31),
            )
        drafts.append(draft)
    drafts.append(DraftTask(content="Tổ chức sơ kết học kỳ I", lead_ids=schools, due=date(2026, 1, 20)))
    return derive_plan(db, received.id, drafts), found


def test_deriving_makes_our_draft_plan_linked_to_the_received_one(db, received):
    derived, found = _derive_our_plan(db, received)
    plan = derived.plan
    assert plan.status.value == "draft" and plan.number is None
    assert plan.symbol == "KH-PGDĐT" and plan.issuer == "Phòng Giáo dục và Đào tạo"
    assert plan.parent_plan_id == received.id
    assert plan.title.startswith("Thực hiện Kế hoạch")
    basis = get_basis(db, plan.id)
    assert basis[0].linked_plan_id == received.id and basis[0].text.startswith("Căn cứ Kế hoạch")
    assert implemented_plans(db, plan.id) == [received]
    assert [p.id for p in implementing_plans(db, received.id)] == [plan.id]
    # Nơi nhận: the units assigned, then our usual lines.
    assert plan.recipients[:3] == tuple(f"{name};" for name, _ in SCHOOLS)
    assert plan.recipients[-1] == "Lưu: VT, PGDĐT."
    assert plan.signer_title == "PHÓ TRƯỞNG PHÒNG"

    tasks = derived.tasks
    assert len(tasks) == 16  # 14 claimed + IV.2 split in two + one added
    by_source: dict[str | None, list] = {}
    for task in tasks:
        by_source.setdefault(task.source_path, []).append(task)
    assert len(by_source["IV.2"]) == 2
    assert by_source["II.1"][0].lead_units == tuple(name for name, _ in SCHOOLS)
    assert by_source[None][0].content == "Tổ chức sơ kết học kỳ I"
    assert tasks[-1].source_path is None  # added tasks come last
    # Numbering is ours and official: sections I, II … in the source's order, tasks 1, 2 …
    rows = list_tasks(db, plan.id)
    sections = [r for r in rows if r.task.kind.value == "section"]
    assert [s.task.ordinal for s in sections][:3] == ["I", "II", "III"]
    assert sections[0].task.content == found["I"].content
    assert "IX.2" not in by_source
    # Each task knows its source; the source knows what was made from it.
    ii_1 = by_source["II.1"][0]
    assert source_task(db, ii_1.task_id).task_id == found["II.1"].task_id
    assert [t.task_id for t in derived_tasks(db, found["IV.2"].task_id)] == [
        t.task_id for t in by_source["IV.2"]
    ]
    assert derived_count(db, [found["IV.2"].task_id, found["II.1"].task_id]) == 3


def test_a_deadline_later_than_the_source_is_kept_and_flagged(db, received):
    found = _by_path(candidates(db, received.id))
    source = found["I.2"]
    derived = derive_plan(
        db,
        received.id,
        [
            DraftTask(
                content=source.content,
                source_task_id=source.task_id,
                lead_ids=source.default_leads,
                due=date(2026, 2, 1),
            )
        ],
    )
    assert derived.tasks[0].later_than_source
    assert derived.tasks[0].due == date(2026, 2, 1)
    assert derived.warnings and "muộn hơn hạn của cấp trên (31/12/2025)" in derived.warnings[0]


@pytest.mark.parametrize(
    ("drafts", "message"),
    [
        ([], "Chưa chọn nhiệm vụ"),
        ([DraftTask(content="X", lead_ids=(99999,))], "99999"),
        ([DraftTask(content="   ")], "không có nội dung"),
        ([DraftTask(content="X", source_task_id=99999)], "không thuộc kế hoạch"),
    ],
)
def test_a_refused_derivation_writes_nothing(db, received, drafts, message):
    before = _counts(db)
    with pytest.raises(StorageError, match=message):
        derive_plan(db, received.id, drafts)
    assert _counts(db) == before


def test_a_failure_inside_the_transaction_leaves_nothing(db, received, monkeypatch):
    import storage.chain

    before = _counts(db)
    found = candidates(db, received.id)

    def broken(*args, **kwargs):
        raise StorageError("đĩa đầy")

    monkeypatch.setattr(storage.chain, "refresh_plan_occurrences", broken)
    with pytest.raises(StorageError, match="đĩa đầy"):
        derive_plan(db, received.id, default_drafts(found))
    assert _counts(db) == before


def _record(db, task_id, unit_id, state, progress, completed_on=None, result=""):
    assignment = next(a.assignment for a in list_assignments(db, task_id) if a.assignment.unit_id == unit_id)
    occurrence = list_occurrences(db, assignment.id)[0]
    record_progress(db, occurrence.id, state, progress, completed_on, result)


def test_results_roll_up_to_each_source_task(db, received):
    derived, found = _derive_our_plan(db, received)
    office_id = get_office(db).unit_id
    kg1, kg2, primary = _school_ids(db)
    by_source: dict[str | None, list] = {}
    for task in derived.tasks:
        by_source.setdefault(task.source_path, []).append(task)
    ours_iv2, schools_iv2 = by_source["IV.2"]
    # I.2: we finished on time. IV.2: our part done, one kindergarten still at 30 % past its date.
    _record(
        db,
        by_source["I.2"][0].task_id,
        office_id,
        WorkState.DONE,
        100,
        date(2025, 11, 3),
        "Đã ban hành kế hoạch phát triển giáo dục",
    )
    _record(db, ours_iv2.task_id, office_id, WorkState.DONE, 100, date(2025, 6, 20), "Đã tổ chức tập huấn")
    _record(db, schools_iv2.task_id, kg1, WorkState.DONE, 100, date(2025, 10, 1), "Đã rà soát 12 lớp")
    _record(db, schools_iv2.task_id, kg2, WorkState.IN_PROGRESS, 30, result="Đang rà soát")
    # II.1: the schools are working on a 2030 deadline.
    _record(db, by_source["II.1"][0].task_id, primary, WorkState.IN_PROGRESS, 60)

    rolled = {r.path: r for r in rollup(db, received.id, date(2025, 12, 1))}
    assert rolled["I.2"].status is S.DONE_ON_TIME
    assert rolled["I.2"].summary.startswith("1/1 đơn vị đã hoàn thành.")
    assert "Đã ban hành kế hoạch phát triển giáo dục (03/11/2025)" in rolled["I.2"].summary
    assert rolled["IV.2"].status is S.OVERDUE
    assert rolled["IV.2"].derived == 2
    assert "quá hạn: Trường Mầm non Sơn Ca" in rolled["IV.2"].summary
    assert "Trường Mầm non Hoa Ban: Đã rà soát 12 lớp (01/10/2025)" in rolled["IV.2"].summary
    assert rolled["II.1"].status is S.IN_PROGRESS
    assert rolled["IX.2"].status is None and rolled["IX.2"].summary == "" and rolled["IX.2"].derived == 0
    # As of an earlier date, work finished later was not yet done.
    early = {r.path: r for r in rollup(db, received.id, date(2025, 6, 25))}
    assert early["I.2"].status is S.IN_PROGRESS
    assert early["IV.2"].status is S.IN_PROGRESS  # ours done 20/06; the schools' due 31/10
    # A plan in the trash no longer counts; a deleted source task leaves ours unlinked but kept.
    delete_plan(db, derived.plan.id)
    assert all(r.status is None for r in rollup(db, received.id, date(2025, 12, 1)))


def test_deleting_a_source_task_keeps_the_tasks_made_from_it(db, received):
    derived, found = _derive_our_plan(db, received)
    made = derived_tasks(db, found["II.1"].task_id)
    delete_task(db, found["II.1"].task_id)
    assert source_task(db, made[0].task_id) is None
    assert any(row.task.id == made[0].task_id for row in list_tasks(db, derived.plan.id))


def test_a_school_plan_made_from_ours_rolls_up_through_two_levels(db, received):
    derived, found = _derive_our_plan(db, received)
    kg1 = _school_ids(db)[0]
    our_i2 = next(t for t in derived.tasks if t.source_path == "I.2")
    # The kindergarten's own plan made from ours, consolidated in the same file.
    school = derive_plan(
        db,
        derived.plan.id,
        [
            DraftTask(
                content="Xây dựng kế hoạch của trường",
                source_task_id=our_i2.task_id,
                lead_ids=(kg1,),
                due=date(2025, 10, 1),
            )
        ],
    )
    task = school.tasks[0]
    _record(db, task.task_id, kg1, WorkState.DONE, 100, date(2025, 10, 5), "Đã xây dựng")
    rolled = {r.path: r for r in rollup(db, received.id, date(2025, 12, 1))}
    assert rolled["I.2"].status is S.DONE_LATE
    assert "Trường Mầm non Hoa Ban: Đã xây dựng (05/10/2025)" in rolled["I.2"].summary


def test_plans_imported_separately_are_chained_by_number(db, samples_dir):
    child = _import(db, samples_dir / "000_a704352cefaf8eca.txt")
    assert implemented_plans(db, child.id) == []
    parent = save_plan(
        db,
        Plan(
            title="Thực hiện Kết luận số 91-KL/TW",
            number="505",
            symbol="KH-HU",
            issuer="Huyện ủy Phong Thổ",
            issued_on=date(2024, 12, 19),
        ),
    )
    assert [p.id for p in implemented_plans(db, child.id)] == [parent.id]
    assert [p.id for p in implementing_plans(db, parent.id)] == [child.id]


def test_a_kindergarten_implements_a_received_signed_pdf(db, samples_dir):
    received = _import(db, RECEIVED / "12_pgd-hiephoa-500-HD-2020-cntt-signed.pdf")
    office = save_office(db, Office(name="Trường Mầm non Thị trấn Thắng", kind_code="mam_non", symbol="MNTT"))
    found = candidates(db, received.id)
    claimed = [c for c in found if c.claim is not None]
    assert claimed, "the guidance addresses kindergartens"
    assert {c.claim.via for c in claimed} >= {"Các trường Mầm non, Tiểu học"}
    derived = derive_plan(db, received.id, default_drafts(found))
    assert derived.plan.title.startswith("Thực hiện Hướng dẫn số 500/HD-PGD&ĐT")
    assert all(t.lead_units == ("Trường Mầm non Thị trấn Thắng",) for t in derived.tasks)
    first = derived.tasks[0]
    _record(db, first.task_id, office.unit_id, WorkState.DONE, 100, date(2020, 12, 1), "Đã cập nhật website")
    rolled = {r.path: r for r in rollup(db, received.id, date(2021, 1, 10))}
    assert rolled[first.source_path].status is S.DONE_ON_TIME
    assert "Đã cập nhật website" in rolled[first.source_path].summary
    assert len(list_units(db)) >= 2


def test_issuing_our_draft_gives_it_the_next_number_and_the_date(db, received):
    from storage.plans import issue_plan, suggest_number

    derived, _ = _derive_our_plan(db, received)
    assert suggest_number(db, "PGDĐT", 2025) == "01"
    save_plan(
        db,
        Plan(title="Báo cáo cũ", doc_type="BC", number="07", symbol="BC-PGDĐT", issued_on=date(2025, 3, 2)),
    )
    save_plan(db, Plan(title="Của nơi khác", number="40", symbol="KH-UBND", issued_on=date(2025, 3, 2)))
    assert suggest_number(db, "PGDĐT", 2025) == "08"
    issued = issue_plan(db, derived.plan.id, "08", date(2025, 4, 2))
    assert (issued.reference, issued.issued_on, issued.status.value) == (
        "08/KH-PGDĐT",
        date(2025, 4, 2),
        "issued",
    )
    with pytest.raises(StorageError, match="đã ban hành, không ban hành lại"):
        issue_plan(db, derived.plan.id, "09", date(2025, 4, 2))
    other = derive_plan(db, received.id, default_drafts(candidates(db, received.id))[:1]).plan
    before = _counts(db)
    with pytest.raises(StorageError, match="08/KH-PGDĐT năm 2025 đã dùng"):
        issue_plan(db, other.id, "08", date(2025, 5, 1))
    with pytest.raises(StorageError, match="phải là số"):
        issue_plan(db, other.id, "tám", date(2025, 5, 1))
    assert _counts(db) == before
    assert issue_plan(db, other.id, "08", date(2026, 1, 5)).reference == "08/KH-PGDĐT"  # a new year
