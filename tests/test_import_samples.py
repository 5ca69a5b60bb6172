"""The five real plan documents in resources/samples parse to what a reader of them sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importing import ParsedPlan, read_plan_file, to_json
from core.importing.units import unit_key

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _sample(prefix: str) -> ParsedPlan:
    return read_plan_file(next(SAMPLES.glob(f"{prefix}_*.txt")))


@pytest.fixture(scope="module")
def plan_000() -> ParsedPlan:
    return _sample("000")


@pytest.fixture(scope="module")
def plan_001() -> ParsedPlan:
    return _sample("001")


@pytest.fixture(scope="module")
def plan_002() -> ParsedPlan:
    return _sample("002")


@pytest.fixture(scope="module")
def plan_003() -> ParsedPlan:
    return _sample("003")


@pytest.fixture(scope="module")
def plan_004() -> ParsedPlan:
    return _sample("004")


def _task(plan: ParsedPlan, path: str):
    return next(task for task in plan.tasks if task.path == path)


def _values(plan: ParsedPlan) -> list[float | None]:
    return [indicator.value for indicator in plan.indicators]


# --- 000: Kế hoạch 367/KH-UBND, Phong Thổ ---------------------------------------------------


def test_000_header_number_place_and_date(plan_000: ParsedPlan) -> None:
    data = to_json(plan_000)
    assert data["doc_type"] == "KH"
    assert data["number"] == "367/KH-UBND"
    assert plan_000.symbol == "KH-UBND"
    assert data["place"] == "Phong Thổ"
    assert data["issued_on"] == "2024-12-24"
    assert (data["issued_year"], data["issued_month"]) == (2024, 12)


def test_000_title_and_one_basis_with_its_reference(plan_000: ParsedPlan) -> None:
    assert plan_000.title.startswith("Thực hiện Kết luận số 91-KL/TW")
    assert len(plan_000.basis) == 1
    assert plan_000.basis[0].startswith("Căn cứ Kế hoạch số 505/KH-HU")


def test_000_sections_and_eight_tasks_under_section_ii(plan_000: ParsedPlan) -> None:
    assert [(s.path, s.title) for s in plan_000.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NHIỆM VỤ, GIẢI PHÁP"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
        ("III.1", "Phòng Giáo dục & Đào tạo"),
        ("III.2", "Phòng Nội vụ"),
        ("III.3", "Phòng Tài chính - Kế hoạch"),
        ("III.4", "Ủy ban nhân dân các xã, thị trấn"),
    ]
    # The eight tasks of II, then the duty paragraphs under each unit of III (issue 10).
    assert [task.path for task in plan_000.tasks] == [f"II.{n}" for n in range(1, 9)] + [
        "III.1.1", "III.1.2", "III.2.1", "III.3.1", "III.4.1",
    ]


def test_000_task_heading_is_title_and_following_paragraphs_are_content(plan_000: ParsedPlan) -> None:
    first = _task(plan_000, "II.1")
    assert first.title is not None and first.title.startswith("Tăng cường sự lãnh đạo, chỉ đạo")
    assert first.content.startswith("Cấp ủy, đảng chỉ đạo quán triệt")
    # The paragraph cut by a page break ("về phát" / "triển giáo dục") is joined again.
    assert "về phát triển giáo dục và đào tạo; Chương trình hành động số 69-CTr/TU" in first.content


def test_000_four_responsibilities(plan_000: ParsedPlan) -> None:
    units = [unit_key(r.unit) for r in plan_000.responsibilities]
    expected = [
        "Phòng Giáo dục & Đào tạo", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "UBND các xã, thị trấn",
    ]
    assert units == [unit_key(name) for name in expected]
    assert plan_000.responsibilities[2].text.startswith("Hằng năm, tham mưu cho UBND huyện")


def test_000_indicator_41_of_51_schools_at_80_39_percent(plan_000: ParsedPlan) -> None:
    indicator = next(i for i in plan_000.indicators if i.numerator == 41)
    assert indicator.denominator == 51
    assert indicator.value == pytest.approx(80.39)
    assert indicator.measure == "%"
    assert indicator.comparator == ">="
    assert indicator.deadline == "đến năm học 2029-2030"
    assert indicator.path == "II.4"
    minimum = next(i for i in plan_000.indicators if i.value == 50)
    assert minimum.comparator == ">="
    assert "tối thiểu 50%" in minimum.text


def test_000_same_target_in_task_and_responsibility_is_listed_once(plan_000: ParsedPlan) -> None:
    fifty = [i for i in plan_000.indicators if i.value == 50]
    assert len(fifty) == 1
    assert fifty[0].path == "II.7"


def test_000_signer_and_recipients(plan_000: ParsedPlan) -> None:
    data = to_json(plan_000)
    assert data["signer"] == {
        "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "title": "PHÓ CHỦ TỊCH",
        "name": "Mai Thị Hồng Sim",
    }
    assert len(data["recipients"]) == 8
    assert data["recipients"][0] == "TT. Huyện ủy (B/c)"
    assert data["recipients"][-1] == "Lưu: VT."


def test_000_tasks_naming_no_unit_are_the_signing_body_s_own(plan_000: ParsedPlan) -> None:
    # The text has no issuer line: the body the "TM. ỦY BAN NHÂN DÂN" signature signs for owns them.
    task = _task(plan_000, "II.8")
    assert task.lead_units == ("Ủy ban nhân dân",)
    assert [(i.field, i.value) for i in task.inferred] == [("owner", "Ủy ban nhân dân")]
    assert not any("chưa có đơn vị chủ trì" in warning for warning in plan_000.warnings)


# --- 001: Chương trình hành động, Thủ Thừa --------------------------------------------------


def test_001_programme_without_number_or_date(plan_001: ParsedPlan) -> None:
    data = to_json(plan_001)
    assert data["doc_type"] == "CTr"
    assert data["number"] is None
    assert data["issued_on"] is None and data["issued_year"] is None
    assert [s["ordinal"] for s in data["sections"]] == ["I", "II", "III", "IV", "IV.1", "IV.3"]


def test_001_five_task_groups_with_25_lettered_tasks_in_vietnamese_order(plan_001: ParsedPlan) -> None:
    paths = [task.path for task in plan_001.tasks]
    assert [p for p in paths if p.count(".") == 1] == [f"III.{n}" for n in range(1, 6)]
    lettered = [p for p in paths if p.count(".") == 2 and p.startswith("III.")]
    assert len(lettered) == 25
    assert "III.2.đ" in lettered
    assert paths.index("III.2.đ") == paths.index("III.2.d") + 1
    assert "III.4.e" in lettered


def test_001_at_least_twelve_targets(plan_001: ParsedPlan) -> None:
    values = _values(plan_001)
    assert len(values) >= 12
    for value in (9.5, 86, 99.9):
        assert value in values
    twelve = [i for i in plan_001.indicators if (i.numerator, i.denominator) == (12, 12)]
    assert len(twelve) == 2
    assert all(i.value == 100 and i.measure == "đơn vị cấp xã" for i in twelve)
    over = next(i for i in plan_001.indicators if i.value == 9.5)
    assert over.comparator == ">"
    assert over.deadline == "đến năm 2025"
    at_least = next(i for i in plan_001.indicators if i.value == 98)
    assert at_least.comparator == ">="


def test_001_signer_without_authority_and_twelve_recipients(plan_001: ParsedPlan) -> None:
    assert plan_001.signer.authority == ()
    assert plan_001.signer.title == "TRƯỞNG PHÒNG"
    assert plan_001.signer.name == "Võ Văn Mười"
    assert len(plan_001.recipients) == 12


def test_001_numbering_that_skips_is_warned(plan_001: ParsedPlan) -> None:
    assert any("mục IV" in w and "sau 1 là 3" in w for w in plan_001.warnings)


def test_001_unit_leading_the_whole_programme_leads_its_tasks(plan_001: ParsedPlan) -> None:
    numbered = [t for t in plan_001.tasks if t.path.startswith("III.")]
    assert all(unit_key(t.lead_units[0]) == unit_key("Phòng GD&ĐT") for t in numbered)
    assert any("chủ trì 30 nhiệm vụ" in w for w in plan_001.warnings)


# --- 002: the annex table of the Lai Châu city plan -------------------------------------------


def test_002_fifteen_tasks_in_nine_groups_all_with_lead_and_timeframe(plan_002: ParsedPlan) -> None:
    assert [s.path for s in plan_002.sections] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert len(plan_002.tasks) == 15
    assert {task.path.split(".")[0] for task in plan_002.tasks} == {s.path for s in plan_002.sections}
    for task in plan_002.tasks:
        assert task.lead_units, task.path
        assert task.timeframe, task.path
    assert _task(plan_002, "III.1").content.startswith("Xây dựng kế hoạch phát triển giáo dục giai đoạn")


def test_002_rows_split_across_pages_are_merged_cell_by_cell(plan_002: ParsedPlan) -> None:
    assert _task(plan_002, "VIII.1").timeframe == "Thường xuyên"
    assert "Phòng Giáo dục và Đào tạo" in _task(plan_002, "IV.3").lead_units
    assert _task(plan_002, "IV.3").support_units == ("Các Phòng, ban, các cơ quan, đơn vị thành phố",)
    assert _task(plan_002, "II.1").content.endswith("phổ cập giáo dục, xóa mù chữ giai đoạn 2025-2030.")
    assert "trên địa bản tỉnh" in _task(plan_002, "II.1").content
    assert _task(plan_002, "VI.1").content.splitlines()[-1] == (
        "Thực hiện đầy đủ các chính sách đối với nhà giáo, "
        "tổ chức thăng hạng chức danh nghề nghiệp cho giáo viên theo quy định."
    )


def test_002_no_markup_left_anywhere(plan_002: ParsedPlan) -> None:
    text = repr(to_json(plan_002))
    for tag in ("<p>", "</p>", "<i>", "</i>"):
        assert tag not in text


def test_002_unit_cells_split_into_units_and_groups(plan_002: ParsedPlan) -> None:
    assert _task(plan_002, "I.1").lead_units == (
        "Các phòng, ban, cơ quan, đơn vị thành phố", "UBND các xã, phường"
    )
    assert _task(plan_002, "I.2").lead_units == ("Phòng Giáo dục và Đào tạo", "UBND các xã, phường")
    assert _task(plan_002, "V.1").support_units[1] == (
        "Trung tâm Văn hoá, Thể thao và Truyền thông - thành phố Lai Châu"
    )


def test_002_timeframes_as_written(plan_002: ParsedPlan) -> None:
    timeframes = {task.path: task.timeframe for task in plan_002.tasks}
    assert timeframes["I.2"] == "Năm 2025"
    assert timeframes["II.1"] == "Giai đoạn 2025-2030"
    assert timeframes["V.1"] == "Hàng năm"
    assert timeframes["IX.2"] == "Theo kế hoạch của Trung ương, tỉnh"


def test_002_annex_only_takes_its_plan_from_the_attached_line(plan_002: ParsedPlan) -> None:
    assert plan_002.doc_type == "KH"
    assert plan_002.number is None
    assert plan_002.issued_year == 2025
    assert plan_002.issuer == "UBND thành phố Lai Châu"
    assert plan_002.title.startswith("CÁC NHIỆM VỤ, GIẢI PHÁP TRIỂN KHAI THỰC HIỆN")


# --- 003: draft Kế hoạch of Lai Châu city -----------------------------------------------------


def test_003_draft_with_month_and_year_only(plan_003: ParsedPlan) -> None:
    data = to_json(plan_003)
    assert data["doc_type"] == "KH"
    assert data["number"] is None
    assert plan_003.symbol == "KH-UBND"
    assert data["issued_on"] is None
    assert (data["issued_year"], data["issued_month"]) == (2025, 1)
    assert data["place"] == "Thành phố Lai Châu"
    assert any("thiếu ngày" in w for w in plan_003.warnings)
    assert any("chưa có số" in w for w in plan_003.warnings)


def test_003_two_basis_lines(plan_003: ParsedPlan) -> None:
    assert len(plan_003.basis) == 2
    assert "740/KH-BCSD" in plan_003.basis[1]


def test_003_sub_numbered_tasks(plan_003: ParsedPlan) -> None:
    paths = [task.path for task in plan_003.tasks]
    assert [p for p in paths if p.startswith("II.1.")] == [f"II.1.{n}" for n in range(1, 9)]
    assert _task(plan_003, "II.1").title == "Nhiệm vụ, giải pháp chung"
    assert _task(plan_003, "II.2").title == "Nhiệm vụ cụ thể"


def test_003_signer_and_recipients(plan_003: ParsedPlan) -> None:
    assert plan_003.signer.name == "Trần Đình Tiến"
    assert plan_003.signer.authority == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    assert len(plan_003.recipients) == 6


def test_003_responsibility_subject_units(plan_003: ParsedPlan) -> None:
    units = [unit_key(r.unit) for r in plan_003.responsibilities]
    assert unit_key("Phòng Giáo dục và Đào tạo") in units
    assert unit_key("UBND các xã, phường") in units


# --- 004: Mường Tè, school year 2022-2023 ---------------------------------------------------


def test_004_header(plan_004: ParsedPlan) -> None:
    data = to_json(plan_004)
    assert data["doc_type"] == "KH"
    assert data["place"] == "Mường Tè"
    assert (data["issued_year"], data["issued_month"]) == (2022, 9)
    assert plan_004.signer.name == "Kiều Hải Nam"
    assert len(plan_004.recipients) == 8


def test_004_dense_targets(plan_004: ParsedPlan) -> None:
    values = _values(plan_004)
    assert len(values) >= 20
    for value in (78.5, 22.6, 98.1):
        assert value in values
    outer = next(i for i in plan_004.indicators if i.value == pytest.approx(99.7))
    nested = next(i for i in plan_004.indicators if i.value == 34)
    assert outer.comparator == ">" and nested.comparator == ">"
    assert "trong đó Hoàn thành Tốt" in nested.text
    assert next(i for i in plan_004.indicators if i.value == pytest.approx(22.6)).comparator == ">="


def test_004_count_with_breakdown_and_ratio_of_communes(plan_004: ParsedPlan) -> None:
    schools = next(i for i in plan_004.indicators if i.measure == "trường")
    assert schools.value == 9
    assert schools.deadline == "Năm học 2022 - 2023"
    assert schools.breakdown == (("cấp Mầm non", 5.0), ("cấp Tiểu học", 2.0), ("cấp Trung học cơ sở", 2.0))
    assert 5.0 not in _values(plan_004)  # the parts are not targets of their own
    communes = next(i for i in plan_004.indicators if i.numerator == 10)
    assert (communes.value, communes.denominator) == (100, 10)


def test_004_bullets_under_lettered_items_are_tasks(plan_004: ParsedPlan) -> None:
    paths = [task.path for task in plan_004.tasks]
    assert "III.2.a.1" in paths and "III.2.c.4" in paths
    title = _task(plan_004, "III.2.a.1").title
    assert title == "Đẩy mạnh đổi mới công tác quản lý giáo dục, quản trị trường học"
