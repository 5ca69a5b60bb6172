"""Rules of document structure, on small plans written the way offices write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importing import PlanImportError, parse_plan_text, to_json
from core.importing.units import unit_key

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"

HEADER = """UBND HUYỆN PHONG THỔ
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO

Số: 05/KH-PGDĐT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Phong Thổ, ngày 05 tháng 01 năm 2025

KẾ HOẠCH

Tổ chức Ngày hội đọc sách năm 2025

Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2025 của UBND huyện Phong Thổ;

Phòng Giáo dục và Đào tạo xây dựng kế hoạch như sau:
"""

FOOT = """
Nơi nhận:
- Như trên;
- Lưu: VT, PGDĐT.

TRƯỞNG PHÒNG

Nguyễn Văn An
"""


def _plan(body: str, header: str = HEADER, foot: str = FOOT):
    return parse_plan_text(header + "\n" + body + "\n" + foot, "thu.txt")


def _paths(plan) -> list[str]:
    return [task.path for task in plan.tasks]


def test_header_with_parent_and_issuing_body_number_and_full_date() -> None:
    plan = _plan("I. NHIỆM VỤ\n\n1. Tổ chức ngày hội.\n\n2. Tổng kết.\n")
    data = to_json(plan)
    assert data["parent_issuer"] == "UBND HUYỆN PHONG THỔ"
    assert data["issuer"] == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    assert data["number"] == "05/KH-PGDĐT"
    assert data["issued_on"] == "2025-01-05"
    assert data["title"] == "Tổ chức Ngày hội đọc sách năm 2025"
    assert data["basis"] == ["Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2025 của UBND huyện Phong Thổ"]
    assert data["signer"] == {"authority": [], "title": "TRƯỞNG PHÒNG", "name": "Nguyễn Văn An"}
    assert data["recipients"] == ["Như trên", "Lưu: VT, PGDĐT."]


def test_party_style_number_and_numeric_date() -> None:
    header = (
        "HUYỆN ỦY PHONG THỔ\nSố 505-KH/HU\nPhong Thổ, ngày 19/12/2024\n\nKẾ HOẠCH\n\nThực hiện Kết luận 91\n"
    )
    plan = _plan("I. NHIỆM VỤ\n\n1. Quán triệt.\n", header=header)
    assert plan.number == "505-KH/HU"
    assert plan.doc_type == "KH"
    assert plan.issued_on is not None and plan.issued_on.isoformat() == "2024-12-19"


def test_draft_number_and_blank_day_and_month() -> None:
    header = HEADER.replace("Số: 05/KH-PGDĐT", "Số:      /KH-PGDĐT").replace(
        "ngày 05 tháng 01 năm 2025", "ngày      tháng      năm 2025"
    )
    plan = _plan("I. NHIỆM VỤ\n\n1. Tổ chức.\n", header=header)
    assert plan.number is None and plan.symbol == "KH-PGDĐT"
    assert (plan.issued_on, plan.issued_year, plan.issued_month) == (None, 2025, None)
    assert any("thiếu ngày, tháng" in w for w in plan.warnings)


def test_pdftotext_layout_header_and_signature_give_the_same_as_the_plain_text() -> None:
    original = (SAMPLES / "000_a704352cefaf8eca.txt").read_text(encoding="utf-8")
    _, rest = original.split("KẾ HOẠCH\n", 1)
    body, foot = rest.split("Nơi nhận:", 1)
    gap = " " * 10
    header = (
        f"ỦY BAN NHÂN DÂN{gap}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"HUYỆN PHONG THỔ{gap}      Độc lập - Tự do - Hạnh phúc\n"
        f"                               ___________________________\n"
        f"Số: 367 /KH-UBND{gap}Phong Thổ, ngày 24 tháng 12 năm 2024\n\n"
        "                              KẾ HOẠCH\n"
    )
    left = ["Nơi nhận:", *[line for line in foot.split("\n") if line.startswith("- ")]]
    right = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Mai Thị Hồng Sim"]
    lines = []
    for index in range(max(len(left), len(right))):
        recipient = left[index] if index < len(left) else ""
        signer = right[index] if index < len(right) else ""
        lines.append(f"{recipient:<44}    {signer}".rstrip())
    variant = to_json(parse_plan_text(header + body + "\n".join(lines) + "\n", "layout.txt"))
    plain = to_json(parse_plan_text(original, "000.txt"))
    for key in ("doc_type", "number", "place", "issued_on", "title", "signer", "recipients"):
        assert variant[key] == plain[key], key
    # Tasks naming no unit belong to the issuer, which only the layout text's header gives.
    def without_owner(tasks: list[dict]) -> list[dict]:
        return [
            {**task, "lead_units": [] if any(i["field"] == "owner" for i in task["inferred"]) else
             task["lead_units"], "inferred": [i for i in task["inferred"] if i["field"] != "owner"]}
            for task in tasks
        ]
    assert without_owner(variant["tasks"]) == without_owner(plain["tasks"])
    assert variant["issuer"] == "ỦY BAN NHÂN DÂN HUYỆN PHONG THỔ"


def test_wrapped_lines_without_blank_lines_are_joined_into_paragraphs() -> None:
    body = (
        "I. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Tăng cường công tác tuyên truyền\n"
        "Tổ chức tuyên truyền sâu rộng đến cán bộ, giáo viên, nhân viên và học sinh về mục đích, ý\n"
        "nghĩa của Ngày hội đọc sách; phát động phong trào đọc sách trong toàn ngành giáo dục\n"
        "huyện Phong Thổ.\n"
        "2. Tổ chức các hoạt động\n"
        "Mỗi trường tổ chức ít nhất một hoạt động hưởng ứng.\n"
    )
    plan = _plan(body)
    first = next(task for task in plan.tasks if task.path == "I.1")
    assert first.title == "Tăng cường công tác tuyên truyền"
    assert first.content == (
        "Tổ chức tuyên truyền sâu rộng đến cán bộ, giáo viên, nhân viên và học sinh về mục đích, ý "
        "nghĩa của Ngày hội đọc sách; phát động phong trào đọc sách trong toàn ngành giáo dục "
        "huyện Phong Thổ."
    )
    assert _paths(plan) == ["I.1", "I.2"]


def test_levels_numbers_letters_and_bullets_nest_and_skip() -> None:
    body = """II. NHIỆM VỤ VÀ GIẢI PHÁP

1. Nâng cao chất lượng

a) Dạy học

- Đổi mới phương pháp.

+ Dự giờ thăm lớp.

b) Kiểm tra

c) Đánh giá

d) Tổng kết

đ) Báo cáo

e) Lưu trữ

1.1. Mục con đứng sau chữ cái

2. Một nhiệm vụ có gạch đầu dòng trực tiếp

- Việc thứ nhất.

- Việc thứ hai.
"""
    plan = _plan(body)
    assert _paths(plan) == [
        "II.1", "II.1.a", "II.1.a.1", "II.1.a.1.1", "II.1.b", "II.1.c", "II.1.d", "II.1.đ", "II.1.e",
        "II.1.1",
        "II.2", "II.2.1", "II.2.2",
    ]
    assert not any("Đánh số" in w for w in plan.warnings)


def test_numbering_gap_and_letters_skipping_d_are_told_apart() -> None:
    body = (
        "I. NHIỆM VỤ\n\n1. Một.\n\n2. Hai.\n\n4. Bốn.\n\n"
        "II. HOẠT ĐỘNG\n\na) A.\n\nb) B.\n\nc) C.\n\nd) D.\n\ne) E.\n"
    )
    plan = _plan(body)
    gaps = [w for w in plan.warnings if "Đánh số" in w]
    assert gaps == ["Đánh số không liên tục ở mục I: sau 2 là 4."]


def test_field_lines_give_units_and_timeframe_not_tasks() -> None:
    body = """II. NHIỆM VỤ CỤ THỂ

1. Tổ chức Ngày hội đọc sách

- Đơn vị chủ trì: Phòng GD&ĐT.
- Đơn vị phối hợp: Các trường học trực thuộc; UBND các xã, thị trấn.
- Thời gian thực hiện: Quý II/2025.

2. Tổng kết, khen thưởng

Cơ quan chủ trì: Phòng Nội vụ; phối hợp: Phòng Tài chính - Kế hoạch; thời gian: khi nào xong
"""
    plan = _plan(body)
    first, second = plan.tasks
    assert (first.title, first.content) == (None, "Tổ chức Ngày hội đọc sách")
    assert first.lead_units == ("Phòng GD&ĐT",)
    assert first.support_units == ("Các trường học trực thuộc", "UBND các xã, thị trấn")
    assert first.timeframe == "Quý II/2025"
    assert second.lead_units == ("Phòng Nội vụ",)
    assert second.support_units == ("Phòng Tài chính - Kế hoạch",)
    assert any("Chưa hiểu thời gian thực hiện của nhiệm vụ II.2" in w for w in plan.warnings)
    assert not any("chưa có đơn vị chủ trì" in w for w in plan.warnings)


def test_responsibilities_name_tasks_they_lead_and_the_closing_is_not_a_duty() -> None:
    body = """I. MỤC ĐÍCH, YÊU CẦU

Nâng cao văn hóa đọc.

II. NỘI DUNG

1. Trưng bày sách.

2. Thi kể chuyện.

III. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ: Chủ trì thực hiện nội dung tại mục II.2.

2. Các trường học trực thuộc

Phối hợp thực hiện nội dung 1 mục II.

Trên đây là Kế hoạch tổ chức Ngày hội đọc sách năm 2025./.
"""
    plan = _plan(body)
    second = next(task for task in plan.tasks if task.path == "II.2")
    first = next(task for task in plan.tasks if task.path == "II.1")
    assert second.lead_units == ("Phòng Nội vụ",)
    assert first.support_units == ("Các trường học trực thuộc",)
    assert [(r.unit, r.text) for r in plan.responsibilities] == [
        ("Phòng Nội vụ", "Chủ trì thực hiện nội dung tại mục II.2."),
        ("Các trường học trực thuộc", "Phối hợp thực hiện nội dung 1 mục II."),
    ]


def test_plan_wide_lead_from_organisation_section() -> None:
    body = """I. NHIỆM VỤ

1. Trưng bày sách.

II. TỔ CHỨC THỰC HIỆN

1. Giao phòng Giáo dục và Đào tạo chủ trì, phối hợp với các đơn vị triển khai thực hiện Kế hoạch này.
"""
    plan = _plan(body)
    assert plan.tasks[0].lead_units == ("Phòng Giáo dục và Đào tạo",)
    assert [r.unit for r in plan.responsibilities] == ["Phòng Giáo dục và Đào tạo"]


def test_markup_is_removed_from_every_field() -> None:
    body = "I. NHIỆM VỤ\n\n1. <p>Bảo đảm nguyên tắc “ <i>có học sinh phải có giáo viên</i> ”.</p>\n"
    plan = _plan(body)
    assert plan.tasks[0].content == "Bảo đảm nguyên tắc “có học sinh phải có giáo viên”."


def test_arabic_upper_case_headings_are_sections_when_there_are_no_roman_numerals() -> None:
    body = (
        "1. MỤC ĐÍCH\n\nNâng cao chất lượng.\n\n2. NỘI DUNG\n\n2.1. Trưng bày sách.\n\n2.2. Thi kể chuyện.\n"
    )
    plan = _plan(body)
    assert [s.path for s in plan.sections] == ["1", "2"]
    assert _paths(plan) == ["2.1", "2.2"]


def test_body_and_annex_in_one_text_keep_apart_under_pl() -> None:
    main = (SAMPLES / "003_ba6238f9405d9d7b.txt").read_text(encoding="utf-8")
    annex = (SAMPLES / "002_2317825042ac3b9f.txt").read_text(encoding="utf-8")
    plan = parse_plan_text(main + "\n\n" + annex, "ke-hoach-va-phu-luc.txt")
    paths = _paths(plan)
    assert "II.1.8" in paths
    assert [p for p in paths if p.startswith("PL.")][:3] == ["PL.I.1", "PL.I.2", "PL.II.1"]
    assert len([p for p in paths if p.startswith("PL.")]) == 15
    assert [s.path for s in plan.sections][:5] == ["I", "II", "III", "PL", "PL.I"]
    assert plan.signer.name == "Trần Đình Tiến"
    assert plan.number is None and plan.issued_month == 1


ANNEX_HEAD = "Phụ lục\nNHIỆM VỤ CỤ THỂ\n\nTT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"


def test_annex_unnumbered_complete_row_is_its_own_task() -> None:
    rows = (
        "I\tTuyên truyền\t\t\t\n"
        "1\tTổ chức tuyên truyền.\tPhòng GD&ĐT\t\tThường xuyên\n"
        "\tXây dựng chuyên mục.\tPhòng Văn hóa và Thông tin\t\tNăm 2025\n"
    )
    plan = parse_plan_text(ANNEX_HEAD + rows, "pl.txt")
    assert [(t.path, t.content) for t in plan.tasks] == [
        ("I.1", "Tổ chức tuyên truyền."),
        ("I.2", "Xây dựng chuyên mục."),
    ]


def test_annex_row_continued_after_a_page_break_is_merged() -> None:
    rows = (
        "I\tTuyên truyền\t\t\t\n"
        "1\tTổ chức tuyên truyền sâu rộng về\tPhòng Giáo\tCác Phòng, ban,\tThường\n"
        "\f"
        "\tmục đích của kế hoạch.\tdục và Đào tạo; UBND các xã, phường\tcác cơ quan, đơn vị\txuyên\n"
    )
    plan = parse_plan_text(ANNEX_HEAD + rows, "pl.txt")
    (task,) = plan.tasks
    assert task.content == "Tổ chức tuyên truyền sâu rộng về mục đích của kế hoạch."
    assert task.lead_units == ("Phòng Giáo dục và Đào tạo", "UBND các xã, phường")
    assert task.support_units == ("Các Phòng, ban, các cơ quan, đơn vị",)
    assert task.timeframe == "Thường xuyên"


def test_annex_header_over_two_rows() -> None:
    text = (
        "Phụ lục I\n\n"
        "STT\tNhiệm vụ\tCơ quan thực hiện\t\tThời hạn hoàn thành\n"
        "\t\tChủ trì\tPhối hợp\t\n"
        "1\tRà soát mạng lưới trường lớp.\tPhòng GD&ĐT\tUBND các xã\tQuý III/2025\n"
    )
    (task,) = parse_plan_text(text, "pl.txt").tasks
    assert (task.path, task.lead_units, task.support_units, task.timeframe) == (
        "1", ("Phòng GD&ĐT",), ("UBND các xã",), "Quý III/2025"
    )


def test_responsibility_units_match_their_abbreviations() -> None:
    plan = parse_plan_text((SAMPLES / "000_a704352cefaf8eca.txt").read_text(encoding="utf-8"), "000.txt")
    assert unit_key(plan.responsibilities[0].unit) == unit_key("Phòng GD&ĐT")


@pytest.mark.parametrize(
    "text",
    [
        "Xin chào, đây là một bức thư bình thường.\nHẹn gặp lại.",
        "- một dòng gạch đầu dòng",
        "12345\n\n67890",
    ],
)
def test_text_that_is_not_a_plan_is_refused_with_its_name(text: str) -> None:
    with pytest.raises(PlanImportError, match="thu-tu.txt"):
        parse_plan_text(text, "thu-tu.txt")


def test_empty_text_is_refused() -> None:
    with pytest.raises(PlanImportError, match="rỗng"):
        parse_plan_text("  \n\t\n", "rong.txt")


def test_items_numbered_alike_keep_distinct_paths_and_are_warned() -> None:
    plan = _plan("I. NHIỆM VỤ\n\n1. Một.\n\n2. Hai.\n\n2. Hai nữa.\n\n3. Ba.\n")
    assert _paths(plan) == ["I.1", "I.2", "I.2(2)", "I.3"]
    assert any("sau 2 là 2" in w for w in plan.warnings)
