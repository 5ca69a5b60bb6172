"""The plan-chain rules of core/chain: group coverage, claims, numbering, titles and the roll-up."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.chain.claims import AssignedUnit, ClaimReason, DirectoryUnit, claim, default_units
from core.chain.derive import (
    basis_line,
    implementation_title,
    later_than_source,
    ordinal,
    point_letter,
    roman,
    sentence_agency,
)
from core.chain.groups import Coverage, coverage, is_school, school_level_kinds
from core.chain.rollup import UnitResult, rollup_status, rollup_summary
from core.model import Plan, Role
from core.office import Office, missing_office_warning
from core.reports.data import Signer
from core.status import SEVERITY, DeadlineStatus

N, G, X = Coverage.NAMED, Coverage.GENERIC, Coverage.NONE

COVERAGE_CASES = [
    # group, unit, unit kind, expected
    ("Phòng GD&ĐT các huyện, thành phố", "Phòng Giáo dục và Đào tạo huyện Phong Thổ", None, N),
    ("Phòng GD&ĐT các huyện, thành phố", "Phòng GD&ĐT", None, N),
    ("Phòng Giáo dục và Đào tạo các huyện", "Phòng GD&ĐT thành phố Lai Châu", None, X),
    ("UBND các xã, phường", "UBND xã Yên Lạc", "ubnd_xa", N),
    ("UBND các xã, phường", "UBND huyện Mường Tè", None, X),
    ("UBND các xã, phường, thị trấn", "Ủy ban nhân dân phường Tân Phong", None, N),
    ("Ủy ban nhân dân các xã", "Phòng GD&ĐT", None, X),
    ("Các phòng, ban, ngành", "Phòng Giáo dục và Đào tạo", None, N),
    ("Các phòng, ban, ngành", "Trường THCS Lê Lợi", "thcs", X),
    ("Các cơ sở giáo dục mầm non", "Trường MN Hoa Ban", "mam_non", N),
    ("Các cơ sở giáo dục mầm non", "Trường Mầm non Hoa Ban", None, N),
    ("Các cơ sở giáo dục mầm non", "Trường Tiểu học Kim Đồng", "tieu_hoc", X),
    ("Các trường Mầm non, Tiểu học", "Trường Tiểu học Kim Đồng", "tieu_hoc", N),
    ("Các trường tiểu học, THCS", "Trường TH&THCS Sơn Bình", None, N),
    ("Các trường THCS", "Trường PTDTBT THCS Pa Vệ Sủ", "ptdtbt", N),
    ("các trường học", "Trường MN A", None, N),
    ("Các nhà trường", "Trường Tiểu học B", None, N),
    ("Các trường học", "Phòng GD&ĐT", None, X),
    ("Các đơn vị trực thuộc Phòng GD&ĐT", "Trường THCS X", None, G),
    ("Các đơn vị trực thuộc Sở", "Phòng GD&ĐT huyện Y", None, X),
    ("Các Phòng, ban, các cơ quan, đơn vị thành phố", "Phòng GD&ĐT", None, N),
    ("Các cơ quan, đơn vị", "Trường MN A", None, G),
    ("Các cơ quan, đơn vị", "Phòng Nội vụ", None, G),
    ("Sở GD&ĐT", "Phòng GD&ĐT", None, X),  # not a group
    ("Phòng GD&ĐT", "Phòng GD&ĐT", None, X),  # the unit itself is matched by id, not by coverage
]


@pytest.mark.parametrize(("group", "unit", "kind", "expected"), COVERAGE_CASES)
def test_coverage_of_group_names(group, unit, kind, expected):
    assert coverage(group, unit, kind) is expected


@pytest.mark.parametrize(("group", "unit", "kind", "expected"), COVERAGE_CASES)
def test_coverage_ignores_case_and_diacritics_of_the_unit(group, unit, kind, expected):
    from core.vntext import search_key

    assert coverage(group.upper(), search_key(unit), kind) is expected


@given(st.text(max_size=40), st.text(max_size=40), st.sampled_from([None, "mam_non", "thcs", "ubnd_xa", ""]))
def test_coverage_never_fails_and_a_name_that_is_no_group_covers_nothing(group, unit, kind):
    found = coverage(group, unit, kind)
    assert isinstance(found, Coverage)
    if (
        "các" not in group.lower()
        and "cac" not in group.lower()
        and not any(
            w in group.lower() for w in ("những", "tất cả", "toàn", "mọi", "nhung", "tat ca", "toan", "moi")
        )
    ):
        assert found is Coverage.NONE


def test_school_levels_and_schools():
    assert school_level_kinds("Các trường mầm non, tiểu học") == {"mam_non", "tieu_hoc", "th_thcs"}
    assert school_level_kinds("các phòng, ban") is None
    assert is_school("Trường THCS Lê Lợi")
    assert is_school("Bất kỳ", "thpt")
    assert not is_school("Trường THCS Lê Lợi", "phong_ban")  # the kind, when set, decides
    assert not is_school("Các trường học")


OFFICE = DirectoryUnit(1, "Phòng Giáo dục và Đào tạo huyện Phong Thổ", "phong_ban")
KG_A = DirectoryUnit(10, "Trường Mầm non A", "mam_non")
KG_B = DirectoryUnit(11, "Trường Mầm non B", "mam_non")
PRIMARY = DirectoryUnit(12, "Trường Tiểu học C", "tieu_hoc")
BELOW = (KG_A, KG_B, PRIMARY)


def _assigned(unit_id, name, role=Role.LEAD, group=False, members=()):
    return AssignedUnit(DirectoryUnit(unit_id, name), role, group, frozenset(members))


def test_a_task_led_by_us_is_ours_and_we_lead_it():
    found = claim([_assigned(1, OFFICE.name)], OFFICE, BELOW)
    assert found.reason is ClaimReason.LEAD
    assert default_units(found, OFFICE.id) == ((1,), ())


def test_a_group_covering_us_by_name_or_by_its_members():
    by_name = claim([_assigned(5, "Phòng GD&ĐT các huyện, thành phố", group=True)], OFFICE, BELOW)
    assert by_name.reason is ClaimReason.LEAD_GROUP
    assert "Phòng GD&ĐT các huyện" in by_name.explanation
    # Members listed in the directory decide over the name.
    listed = claim([_assigned(5, "Phòng GD&ĐT các huyện", group=True, members={99})], OFFICE, BELOW)
    assert listed is None
    member = claim([_assigned(6, "Nhóm A", role=Role.SUPPORT, group=True, members={1})], OFFICE, BELOW)
    assert member.reason is ClaimReason.SUPPORT_GROUP


def test_a_task_for_the_units_below_us_goes_to_them():
    found = claim([_assigned(7, "Các cơ sở giáo dục mầm non", group=True)], OFFICE, BELOW)
    assert found.reason is ClaimReason.BELOW
    assert found.below == (10, 11)
    assert default_units(found, OFFICE.id) == ((10, 11), ())


def test_we_lead_and_the_schools_it_names_coordinate():
    found = claim(
        [_assigned(1, OFFICE.name), _assigned(8, "Các trường tiểu học", role=Role.SUPPORT, group=True)],
        OFFICE,
        BELOW,
    )
    assert found.reason is ClaimReason.LEAD
    assert default_units(found, OFFICE.id) == ((1,), (12,))


def test_a_generic_group_claims_for_us_but_never_passes_work_down():
    found = claim([_assigned(9, "Các cơ quan, đơn vị", group=True)], OFFICE, BELOW)
    assert found.reason is ClaimReason.LEAD_GROUP
    assert found.below == ()


def test_work_of_others_is_not_ours():
    assert claim([_assigned(3, "Phòng Tài chính - Kế hoạch")], OFFICE, BELOW) is None
    assert claim([], OFFICE, BELOW) is None
    # Without our office only work for units below can be claimed.
    assert claim([_assigned(1, OFFICE.name)], None, BELOW) is None


@given(st.lists(st.sampled_from([0, 1, 2, 3]), max_size=8))
def test_the_strongest_reason_wins(kinds):
    units = [
        [
            _assigned(1, OFFICE.name, Role.SUPPORT),
            _assigned(1, OFFICE.name),
            _assigned(7, "Các trường mầm non", group=True),
            _assigned(3, "Phòng Nội vụ"),
        ][k]
        for k in kinds
    ]
    found = claim(units, OFFICE, BELOW)
    if 1 in kinds:
        assert found.reason is ClaimReason.LEAD
    elif 0 in kinds:
        assert found.reason is ClaimReason.SUPPORT
    elif 2 in kinds:
        assert found.reason is ClaimReason.BELOW
    else:
        assert found is None


def test_point_letters_follow_the_vietnamese_order():
    assert [point_letter(i) for i in range(8)] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert point_letter(99) == "-"
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
    assert ordinal(0, 1, sectioned=True) == "II"
    assert ordinal(1, 1, sectioned=True) == "2"
    assert ordinal(2, 4, sectioned=True) == "đ"
    assert ordinal(0, 1, sectioned=False) == "2"
    assert ordinal(1, 0, sectioned=False) == "a"
    assert ordinal(5, 0, sectioned=False) == "-"


@given(st.integers(min_value=0, max_value=22))
def test_point_letters_never_skip_or_repeat(index):
    letters = [point_letter(i) for i in range(index + 1)]
    assert len(set(letters)) == len(letters)


def test_the_title_and_basis_cite_the_received_plan():
    source = Plan(
        title="Triển khai nhiệm vụ chuyển đổi số năm học 2025-2026",
        number="25",
        symbol="KH-SGDĐT",
        issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        issued_on=date(2025, 9, 10),
    )
    assert implementation_title(source) == (
        "Thực hiện Kế hoạch số 25/KH-SGDĐT ngày 10/09/2025 của Sở Giáo dục và Đào tạo"
        " về triển khai nhiệm vụ chuyển đổi số năm học 2025-2026"
    )
    assert basis_line(source).startswith("Căn cứ Kế hoạch số 25/KH-SGDĐT ngày 10/09/2025")
    assert basis_line(source).endswith(";")
    undated = Plan(title="Về việc báo cáo", doc_type="CV", issued_year=2024)
    assert implementation_title(undated) == "Thực hiện Công văn năm 2024 về việc báo cáo"


def test_a_title_in_capitals_is_cited_in_sentence_case_keeping_references():
    title = "CÁC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH SỐ 740/KH-BCSD CỦA UBND TỈNH LAI CHÂU"
    annex = Plan(title=title, issued_year=2025)
    assert implementation_title(annex) == (
        "Thực hiện Kế hoạch năm 2025 về các nhiệm vụ triển khai"
        " kế hoạch số 740/KH-BCSD của UBND tỉnh Lai Châu"
    )


def test_agency_names_read_inside_a_sentence():
    assert sentence_agency("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LAI CHÂU") == "Sở Giáo dục và Đào tạo tỉnh Lai Châu"
    assert sentence_agency("UBND THÀNH PHỐ LAI CHÂU") == "UBND thành phố Lai Châu"
    assert sentence_agency("Phòng GD&ĐT Hiệp Hòa") == "Phòng GD&ĐT Hiệp Hòa"


def test_a_later_deadline_is_flagged_an_earlier_one_is_not():
    assert later_than_source(date(2025, 5, 1), date(2025, 4, 30))
    assert not later_than_source(date(2025, 4, 10), date(2025, 4, 30))
    assert not later_than_source(None, date(2025, 4, 30))
    assert not later_than_source(date(2025, 4, 10), None)


S = DeadlineStatus


@given(st.lists(st.sampled_from(list(S)), min_size=1, max_size=12))
def test_rollup_status_is_the_worst_part(parts):
    rolled = rollup_status(parts)
    assert rolled in parts
    assert all(SEVERITY.index(rolled) <= SEVERITY.index(part) for part in parts)
    if S.OVERDUE in parts:
        assert rolled is S.OVERDUE
    if set(parts) == {S.DONE_ON_TIME}:
        assert rolled is S.DONE_ON_TIME


def test_rollup_of_nothing_is_nothing():
    assert rollup_status([]) is None
    assert rollup_summary([]) == ""


def test_rollup_summary_counts_names_the_late_and_quotes_results():
    text = rollup_summary(
        [
            UnitResult("Trường MN A", S.DONE_ON_TIME, 100, date(2025, 3, 20), "Đã tập huấn 40 giáo viên."),
            UnitResult("Trường MN B", S.OVERDUE, 30),
            UnitResult("Trường TH C", S.IN_PROGRESS, 50, result="Đang khảo sát"),
        ]
    )
    assert text.startswith("1/3 đơn vị đã hoàn thành; quá hạn: Trường MN B; đang thực hiện bình quân 50%.")
    assert "Trường MN A: Đã tập huấn 40 giáo viên (20/03/2025)" in text
    assert "Trường TH C: Đang khảo sát" in text
    many = rollup_summary([UnitResult(f"Trường {i}", S.OVERDUE) for i in range(8)])
    assert "và 3 đơn vị khác" in many


def test_the_office_says_what_a_print_lacks():
    assert "Chưa có thông tin đơn vị" in missing_office_warning(Office())
    partial = Office(name="Phòng GD&ĐT", place="Phong Thổ", symbol="PGDĐT")
    warning = missing_office_warning(partial)
    assert "chức vụ người ký" in warning and "Tệp → Thông tin đơn vị" in warning
    full = Office(
        name="Phòng GD&ĐT", place="Phong Thổ", symbol="PGDĐT", signer=Signer((), "TRƯỞNG PHÒNG", "A")
    )
    assert missing_office_warning(full) == ""
    assert full.letterhead().issuing_body == "Phòng GD&ĐT"
