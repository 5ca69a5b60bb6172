"""Targets written in running text become indicators with value, comparator, measure and deadline."""

from __future__ import annotations

import pytest

from core.importing.indicators import extract_indicators


def _one(text: str):
    found = extract_indicators(text, "II.1")
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "comparator"),
    [
        ("trẻ 5 tuổi ra lớp đạt 98% trở lên", 98, ">="),
        ("huy động trẻ nhà trẻ ra lớp đạt từ 22,6% trở lên", 22.6, ">="),
        ("tỷ lệ học sinh tốt nghiệp trên 99,5%", 99.5, ">"),
        ("ngân sách chi cho giáo dục tối thiểu 20% tổng chi", 20, ">="),
        ("tỷ lệ học sinh bỏ học dưới 0,5%", 0.5, "<="),
        ("tỷ lệ suy dinh dưỡng không quá 3%", 3, "<="),
        ("tỷ lệ trường đạt chuẩn quốc gia đạt 75%", 75, ">="),
        ("tỷ lệ 80.39%", 80.39, ">="),
    ],
)
def test_percentages_and_their_comparators(text: str, value: float, comparator: str) -> None:
    indicator = _one(text)
    assert indicator.value == pytest.approx(value)
    assert (indicator.measure, indicator.comparator, indicator.path) == ("%", comparator, "II.1")


def test_ratio_and_the_percentage_it_spells_out_are_one_indicator() -> None:
    indicator = _one(
        "Phấn đấu đến năm học 2029-2030 toàn huyện có 41/51 trường học đạt chuẩn quốc gia, đạt tỷ lệ 80.39%."
    )
    assert (indicator.numerator, indicator.denominator, indicator.value) == (41, 51, pytest.approx(80.39))
    assert indicator.deadline == "đến năm học 2029-2030"


def test_ratio_alone_is_a_full_share_of_its_noun() -> None:
    indicator = _one("Đến năm 2025, toàn huyện có 12/12 đơn vị cấp xã đạt chuẩn xóa mù chữ mức độ 2.")
    assert (indicator.value, indicator.measure, indicator.numerator, indicator.denominator) == (
        100, "đơn vị cấp xã", 12, 12
    )
    assert indicator.deadline == "Đến năm 2025"


def test_ratio_in_brackets_after_a_percentage() -> None:
    indicator = _one("100% (10/10) xã đặc biệt khó khăn giữ vững chuẩn phổ cập giáo dục mầm non.")
    assert (indicator.value, indicator.measure) == (100, "%")
    assert (indicator.numerator, indicator.denominator) == (10, 10)


def test_nested_target_in_brackets_is_its_own_indicator() -> None:
    outer, nested = extract_indicators(
        "trên 99,7% học sinh đạt kết quả giáo dục từ Hoàn thành trở lên"
        " (trong đó Hoàn thành Tốt trở lên đạt trên 34%);"
    )
    assert (outer.value, outer.comparator) == (pytest.approx(99.7), ">")
    assert (nested.value, nested.comparator) == (34, ">")
    assert nested.text == "trong đó Hoàn thành Tốt trở lên đạt trên 34%"


@pytest.mark.parametrize(
    "text",
    [
        "Năm học 2022 - 2023, có 09 trường đạt chuẩn quốc gia, trong đó: cấp Mầm non 05 trường, "
        "cấp Tiểu học 02 trường, cấp Trung học cơ sở 02 trường.",
        "Năm học 2022 - 2023, có 09 trường đạt chuẩn quốc gia (Mầm non 05 trường, Tiểu học 02 trường, "
        "Trung học cơ sở 02 trường).",
    ],
)
def test_count_with_breakdown(text: str) -> None:
    indicator = _one(text)
    assert (indicator.value, indicator.measure) == (9, "trường")
    assert [value for _, value in indicator.breakdown] == [5, 2, 2]
    assert indicator.breakdown[0][0].endswith("Mầm non")
    assert indicator.deadline == "Năm học 2022 - 2023"


def test_deadline_stated_once_applies_to_each_clause_of_the_sentence() -> None:
    found = extract_indicators(
        "Phấn đấu đến năm 2025 đạt tỷ lệ huy động trẻ ra lớp trên 9,5%; từ 3 đến 5 tuổi ra lớp đạt 86%."
    )
    assert [(i.value, i.deadline) for i in found] == [(9.5, "đến năm 2025"), (86, "đến năm 2025")]
    assert found[1].text == "từ 3 đến 5 tuổi ra lớp đạt 86%"


def test_several_targets_in_one_clause_each_keep_their_own_words() -> None:
    first, second = extract_indicators(
        "Tỷ lệ huy động học sinh trong độ tuổi đến trường bậc tiểu học đạt 100%, trung học cơ sở đạt 99,8%."
    )
    assert first.text == "Tỷ lệ huy động học sinh trong độ tuổi đến trường bậc tiểu học đạt 100%"
    assert second.text == "trung học cơ sở đạt 99,8%"


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị quyết số 07/2024/NQ-HĐND ngày 12/8/2024 của Hội đồng nhân dân tỉnh.",
        "huy động học sinh lớp 3, 4, 5 về học tại điểm trường trung tâm",
        "tổ chức dạy học 2 buổi/ngày cho trẻ 5 tuổi",
        "theo Thông tư 32/2020 của Bộ",
        "Chương trình giáo dục phổ thông 2018",
    ],
)
def test_dates_document_numbers_ages_and_years_are_not_targets(text: str) -> None:
    assert extract_indicators(text) == []
