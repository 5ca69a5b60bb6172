"""storage.reports: what each report is given, read from the database without writing anything."""

from __future__ import annotations

from datetime import date

import pytest

from core.model import Plan, Role, TaskKind
from core.plan_names import list_label
from core.reports.data import Margins, Signer
from core.status import DeadlineStatus
from storage.plans import save_plan
from storage.reports import (
    assignment_sheet_data,
    deadline_list_data,
    office_letterhead,
    plan_letterhead,
    plan_report_data,
    progress_report_data,
    report_margins,
    warn_days,
)
from storage.settings import set_setting
from tests.test_report_fixtures import AS_OF, BASIS, OFFICE, build_sample

OFFICE_NAME = "Phòng Giáo dục và Đào tạo"


def test_office_letterhead_and_margins_come_from_the_settings(db):
    build_sample(db, progress=False, indicators=False)
    letterhead = office_letterhead(db)
    assert letterhead.issuing_body == OFFICE["office.issuing_body"]
    assert letterhead.parent_body == OFFICE["office.parent_body"]
    assert letterhead.abbreviation == "PGDĐT"
    assert letterhead.signer == Signer((), "Trưởng phòng", "Lò Thị Mai")
    assert letterhead.recipients == tuple(OFFICE["recipients"])
    assert report_margins(db) == Margins(20, 20, 30, 15)
    set_setting(db, "margins.left", 35)
    set_setting(db, "warn_days", 10)
    assert report_margins(db).left == 35 and warn_days(db) == 10


def test_a_plan_prints_its_own_issuer_and_signer_and_the_settings_fill_the_gaps(db):
    sample = build_sample(db, progress=False, indicators=False)
    own = plan_letterhead(db, sample.plan)
    assert own.issuing_body == "UBND thành phố Lai Châu"
    assert own.parent_body == ""  # a plan with its own issuer does not borrow the office's parent body
    assert own.signer == Signer(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), "PHÓ CHỦ TỊCH", "Nguyễn Văn An")
    assert own.recipients[-1] == "Lưu: VT."
    bare = save_plan(db, Plan(title="Kế hoạch chưa đủ thông tin"))
    filled = plan_letterhead(db, bare)
    assert filled == office_letterhead(db)


def test_plan_data_is_the_tree_with_units_timeframes_and_basis(db):
    sample = build_sample(db, progress=False, indicators=False)
    data = plan_report_data(db, sample.plan.id)
    assert data.basis == BASIS
    assert [(item.ordinal, item.kind, item.depth) for item in data.items][:3] == [
        ("I", TaskKind.SECTION, 0),
        ("1", TaskKind.TASK, 1),
        ("2", TaskKind.TASK, 1),
    ]
    second = data.items[2]
    assert second.lead_units == (OFFICE_NAME, "UBND phường Tân Phong")
    assert second.timeframe_text == "Trước 31/3/2025"


def test_progress_data_lists_lead_units_in_task_order_with_counts_and_targets(db):
    sample = build_sample(db)
    data = progress_report_data(db, sample.plan.id, AS_OF, 7)
    assert [(item.task_path, item.unit_name) for item in data.items] == [
        ("I.1", OFFICE_NAME),
        ("I.2", OFFICE_NAME),
        ("I.2", "UBND phường Tân Phong"),
        ("II.1", OFFICE_NAME),
        ("II.2", "Phòng Tài chính - Kế hoạch"),
        ("II.3", OFFICE_NAME),
    ]
    assert all(item.role is Role.LEAD for item in data.items)
    assert data.items[0].timeframe_text == "Thường xuyên"
    assert sum(data.counts.values()) == len(data.items)
    assert data.items[3].result == "Đã tập huấn giáo viên cốt cán"
    assert [(line.actual, line.met) for line in data.indicators] == [
        ("42/51 (82,35%)", True),
        ("99,5%", False),
        ("", None),
    ]


def test_deadline_list_splits_overdue_from_due_soon_and_filters_by_unit_and_plan(db):
    sample = build_sample(db)
    everything = deadline_list_data(db, AS_OF, 7)
    assert [(i.task_path, i.unit_name, i.role) for i in everything.overdue] == [
        ("II.1", OFFICE_NAME, Role.LEAD),
        ("II.1", "Phòng Nội vụ", Role.SUPPORT),
    ]
    assert {i.status for i in everything.due_soon} == {DeadlineStatus.DUE_SOON}
    assert everything.overdue[0].days_left == -10
    assert everything.overdue[0].plan_reference == "/KH-UBND (dự thảo)"
    one_unit = deadline_list_data(
        db, AS_OF, 7, unit_id=sample.units["Phòng Nội vụ"].id, plan_id=sample.plan.id
    )
    assert one_unit.unit_name == "Phòng Nội vụ" and one_unit.plan.id == sample.plan.id
    assert [i.unit_name for i in one_unit.overdue] == ["Phòng Nội vụ"] and one_unit.due_soon == ()


def test_assignment_sheet_lists_what_a_unit_leads_and_supports_with_its_partners(db):
    sample = build_sample(db)
    data = assignment_sheet_data(db, sample.units[OFFICE_NAME].id, AS_OF, 7)
    assert data.unit_name == OFFICE_NAME
    led = {item.task_path: item.other_units for item in data.leads}
    assert led["I.1"] == ("Phòng Nội vụ", "UBND phường Tân Phong")
    assert led["I.2"] == ()
    assert [(item.task_path, item.other_units) for item in data.supports] == [
        ("II.2", ("Phòng Tài chính - Kế hoạch",))
    ]


def test_gathering_report_data_writes_nothing(db):
    sample = build_sample(db)
    before = db.conn.total_changes
    plan_report_data(db, sample.plan.id)
    progress_report_data(db, sample.plan.id, AS_OF, 7)
    deadline_list_data(db, AS_OF, 7)
    assignment_sheet_data(db, sample.units[OFFICE_NAME].id, date(2025, 1, 1), 7, plan_id=sample.plan.id)
    assert db.conn.total_changes == before


@pytest.mark.parametrize(
    ("reference", "title", "label"),
    [("05/KH-PGDĐT", "x", "05/KH-PGDĐT"), ("/KH-UBND", "x", "/KH-UBND (dự thảo)"), ("", "Ngắn", "Ngắn"),
     ("", "Một tiêu đề rất dài " * 5, ("Một tiêu đề rất dài " * 5)[:59].rstrip() + "…")],
)  # fmt: skip
def test_lists_name_a_plan_by_its_number_else_as_a_draft_else_by_its_title(reference, title, label):
    assert list_label(reference, title) == label
