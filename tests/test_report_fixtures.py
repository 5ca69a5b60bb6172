"""Report test data built with the storage API: a draft plan like sample 003 with rows of its annex
(sample 002), units, progress on some assignments and targets with figures.

The other report tests import `build_sample` from here; the tests below check the data is what
they rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.model import (
    BasisDocument,
    Indicator,
    IndicatorValue,
    Plan,
    Role,
    Task,
    TaskKind,
    Unit,
    WorkState,
)
from core.status import DeadlineStatus
from storage.assignments import list_assignments, list_occurrences, record_progress, set_assignments
from storage.deadlines import status_counts
from storage.indicators import record_indicator_value, save_indicator
from storage.plans import save_plan
from storage.settings import set_settings
from storage.tasks import list_tasks, save_task
from storage.units import save_unit

AS_OF = date(2025, 7, 10)
OFFICE = {
    "office.parent_body": "UBND thành phố Lai Châu",
    "office.issuing_body": "Phòng Giáo dục và Đào tạo",
    "office.place": "Thành phố Lai Châu",
    "office.abbreviation": "PGDĐT",
    "signer.authority": [],
    "signer.title": "Trưởng phòng",
    "signer.name": "Lò Thị Mai",
    "recipients": ["UBND thành phố (b/c)", "Các trường học trực thuộc", "Lưu: VT, PGDĐT"],
}
BASIS = (
    "Căn cứ Kế hoạch số 224-KH/ThU ngày 27/11/2024 của Thành ủy Lai Châu về thực hiện Kết luận số "
    "91-KL/TW, ngày 12/8/2024 của Bộ Chính trị;",
    "Căn cứ Kế hoạch số 740/KH-BCSD ngày 31/12/2024 của Ban Cán sự đảng UBND tỉnh Lai Châu.",
)
# (ordinal, content, lead units, support units, timeframe) — rows of sample 002's annex.
SECTION_I = "Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng, sự quản lý của chính quyền các cấp"
TASKS_I = (
    (
        "1",
        "Tiếp tục quán triệt, thực hiện nghiêm túc, hiệu quả các quan điểm, mục tiêu, nhiệm vụ, giải pháp đã "
        "nêu trong Chương trình hành động số 69-CTr/TU ngày 26/12/2014 của Tỉnh ủy về thực hiện Nghị quyết "
        "số 29-NQ/TW.",
        ("Phòng Giáo dục và Đào tạo",),
        ("Phòng Nội vụ", "UBND phường Tân Phong"),
        "Thường xuyên",
    ),
    (
        "2",
        "Xây dựng kế hoạch thực hiện Kế hoạch số 740/KH-BCSD ngày 31/12/2024 của Ban cán sự Đảng UBND tỉnh "
        "Lai Châu phù hợp với chức năng, nhiệm vụ và tình hình thực tiễn của cơ quan, đơn vị.",
        ("Phòng Giáo dục và Đào tạo", "UBND phường Tân Phong"),
        (),
        "Trước 31/3/2025",
    ),
)
SECTION_II = "Đổi mới, nâng cao chất lượng giáo dục và đào tạo"
TASKS_II = (
    (
        "1",
        "Triển khai thực hiện hiệu quả Chương trình giáo dục mầm non và Chương trình giáo dục phổ thông "
        "2018.",
        ("Phòng Giáo dục và Đào tạo",),
        ("Phòng Nội vụ",),
        "Trước 30/6/2025",
    ),
    (
        "2",
        "Rà soát cơ sở vật chất (phòng học, phòng chức năng...), thiết bị đồ dùng dạy học; phấn đấu tỷ lệ "
        "trường đạt chuẩn quốc gia đạt 100%.",
        ("Phòng Tài chính - Kế hoạch",),
        ("Phòng Giáo dục và Đào tạo",),
        "Trước 15/7/2025",
    ),
    (
        "3",
        "Tổ chức sơ kết, tổng kết thực hiện Kế hoạch số 740/KH-BCSD ngày 31/12/2024 của Ban cán sự đảng "
        "UBND tỉnh Lai Châu và Kế hoạch này.",
        ("Phòng Giáo dục và Đào tạo",),
        ("Phòng Nội vụ",),
        "Trước 31/12/2025",
    ),
)


@dataclass(frozen=True)
class Sample:
    plan: Plan
    units: dict[str, Unit]


def build_sample(db, *, progress: bool = True, indicators: bool = True) -> Sample:
    """The sample plan in `db`; with `progress`, statuses as of AS_OF cover every case."""
    set_settings(db, OFFICE)
    units = {
        name: save_unit(db, Unit(name=name))
        for name in (
            "Phòng Giáo dục và Đào tạo",
            "Phòng Nội vụ",
            "Phòng Tài chính - Kế hoạch",
            "UBND phường Tân Phong",
        )
    }
    plan = save_plan(
        db,
        Plan(
            title="Triển khai, thực hiện Kế hoạch số 740/KH-BCSD ngày 31/12/2024 của Ban Cán sự đảng UBND "
            "tỉnh Lai Châu về đổi mới căn bản, toàn diện giáo dục và đào tạo",
            symbol="KH-UBND",
            issuer="UBND thành phố Lai Châu",
            parent_issuer="",
            place="Thành phố Lai Châu",
            issued_year=2025,
            issued_month=1,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            signer_authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
            signer_title="PHÓ CHỦ TỊCH",
            signer_name="Nguyễn Văn An",
            recipients=(
                "Sở Giáo dục và Đào tạo tỉnh;",
                "TT: Thành ủy, HĐND, UBND thành phố;",
                "UBND các xã, phường;",
                "Lưu: VT.",
            ),
        ),
        [BasisDocument(text) for text in BASIS],
    )
    for ordinal, title, rows in (("I", SECTION_I, TASKS_I), ("II", SECTION_II, TASKS_II)):
        section = save_task(db, Task(plan.id, title, ordinal=ordinal, title=title, kind=TaskKind.SECTION))
        for number, content, leads, supports, timeframe in rows:
            task = save_task(
                db, Task(plan.id, content, ordinal=number, parent_id=section.id, timeframe_text=timeframe)
            )
            items = [(units[name].id, Role.LEAD, None) for name in leads]
            items += [(units[name].id, Role.SUPPORT, None) for name in supports]
            set_assignments(db, task.id, items)
    if progress:
        _record_progress(db, plan.id)
    if indicators:
        _indicators(db, plan.id, units)
    return Sample(plan, units)


def _occurrence(db, plan_id: int, path: str, unit_name: str) -> int:
    task = next(row.task for row in list_tasks(db, plan_id) if row.path == path)
    assignment = next(row.assignment for row in list_assignments(db, task.id) if row.unit_name == unit_name)
    return list_occurrences(db, assignment.id)[0].id


def _record_progress(db, plan_id: int) -> None:
    lead = "Phòng Giáo dục và Đào tạo"
    # I.2 done on time by the office, late by the ward; II.1 overdue; II.2 due soon; II.3 in progress.
    record_progress(
        db, _occurrence(db, plan_id, "I.2", lead), WorkState.DONE, 100, date(2025, 3, 20),
        "Đã ban hành Kế hoạch số 15/KH-PGDĐT ngày 20/3/2025 <đính kèm> & gửi các trường",
    )  # fmt: skip
    record_progress(
        db, _occurrence(db, plan_id, "I.2", "UBND phường Tân Phong"), WorkState.DONE, 100, date(2025, 4, 2),
        "Đã ban hành kế hoạch (chậm do sáp nhập đơn vị hành chính)",
    )  # fmt: skip
    record_progress(
        db,
        _occurrence(db, plan_id, "II.1", lead),
        WorkState.IN_PROGRESS,
        60,
        None,
        "Đã tập huấn giáo viên cốt cán",
    )


def _indicators(db, plan_id: int, units: dict[str, Unit]) -> None:
    schools = save_indicator(
        db,
        Indicator(plan_id, "Tỷ lệ trường đạt chuẩn quốc gia", measure="%", comparator=">=",
                  target_value=80.39, numerator=41, denominator=51, deadline="2025"),
    )  # fmt: skip
    enrolment = save_indicator(
        db,
        Indicator(plan_id, "Tỷ lệ huy động học sinh trong độ tuổi đến trường bậc tiểu học", measure="%",
                  comparator=">=", target_value=99.9, deadline="2025"),
    )  # fmt: skip
    save_indicator(db, Indicator(plan_id, "Phòng học được kiên cố hóa", measure="%", target_value=100))
    record_indicator_value(db, IndicatorValue(schools.id, period="2025", numerator=42, denominator=51))
    record_indicator_value(db, IndicatorValue(enrolment.id, period="2025", value=99.5))


def test_the_sample_plan_has_two_sections_five_tasks_and_every_status_as_of_the_report_date(db):
    sample = build_sample(db)
    rows = list_tasks(db, sample.plan.id)
    assert [row.path for row in rows] == ["I", "I.1", "I.2", "II", "II.1", "II.2", "II.3"]
    counts = status_counts(db, AS_OF, 7, plan_id=sample.plan.id, role=Role.LEAD)
    assert counts == {
        DeadlineStatus.DONE_ON_TIME: 1,
        DeadlineStatus.DONE_LATE: 1,
        DeadlineStatus.IN_PROGRESS: 1,
        DeadlineStatus.DUE_SOON: 1,
        DeadlineStatus.OVERDUE: 1,
        DeadlineStatus.NO_DEADLINE: 1,
    }


def test_the_sample_draft_has_no_number_and_no_day(db):
    plan = build_sample(db, progress=False, indicators=False).plan
    assert (plan.number, plan.issued_on, plan.issued_month, plan.issued_year) == (None, None, 1, 2025)
