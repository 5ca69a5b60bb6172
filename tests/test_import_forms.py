"""Document forms other than a plain Kế hoạch: Công văn, Hướng dẫn, a Quyết định carrying a programme,
legal texts, text copied from legal-document portals (" | " rows) and `pdftotext -layout` text of
received PDFs, with the PDF-font repairs and stamp recognition the PDF layout step uses."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.importing import PlanImportError, parse_plan_text, to_json
from core.importing.textprep import (
    ANNEX_START,
    RECIPIENTS_LABEL,
    doc_type_line,
    is_signature_stamp,
    portal_rows,
    repair_pdf_text,
    roman_match,
)

RECEIVED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "received"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


# --- portal text: cells joined by " | " ---------------------------------------------------------


def to_portal(text: str) -> str:
    """Write a plan the way a legal-document portal prints it: each table row on one line.

    The head's two columns (issuers and number | motto and date) become rows of two cells, each
    cell's lines run together; the foot becomes one "Nơi nhận: … | TM. …" row; every annex row
    is joined by " | ", a group row repeating its merged title in each column.
    """
    lines = text.split("\n")
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if (t := line.strip()) and (t.isupper() and doc_type_line(t) or ANNEX_START.match(t))
        ),
        0,
    )
    head = [line.strip() for line in lines[:first] if line.strip()]
    right = [line for line in head if "ngày" in line or "Hạnh phúc" in line or "CỘNG HÒA" in line]
    left = [line for line in head if line not in right]
    left_bodies = [line for line in left if line.isupper()]
    left_rest = [line for line in left if not line.isupper()]
    out = []
    if left_bodies or right[:2] == MOTTO.split("\n"):
        out.append(f"{' '.join(left_bodies)} ------- | {' '.join(right[:2])} ---------------")
        right = right[2:]
    if left_rest or right:
        out.append(" | ".join([" ".join(left_rest), " ".join(right)]))
    out.append("")
    index = first
    header_above: list[str] = []
    while index < len(lines):
        line = lines[index]
        if RECIPIENTS_LABEL.match(line.strip()):
            end = next(
                (j for j in range(index, len(lines)) if ANNEX_START.match(lines[j].strip())), len(lines)
            )
            foot = [text.strip() for text in lines[index:end] if text.strip()]
            split = next(
                j
                for j, text in enumerate(foot)
                if j and not text.startswith(("-", "+")) and not RECIPIENTS_LABEL.match(text)
            )
            out += [" ".join(foot[:split]) + " | " + " ".join(foot[split:]), ""]
            index = end
            continue
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            tt = cells[0]
            if roman_match(tt + ". x") and tt.isupper() and not any(cells[2:]):
                cells = [tt] + [cells[1]] * (len(cells) - 1)  # a merged group cell, repeated
            elif tt == "TT":  # a header cell merged across, repeated
                cells = [cell or cells[i - 1] for i, cell in enumerate(cells)]
            elif not tt and header_above:  # the header's cells merged down, repeated
                cells = [cell or header_above[i] for i, cell in enumerate(cells)]
            header_above = [cell.strip() for cell in line.split("\t")] if tt == "TT" else []
            out.append(" | ".join(cells))
        else:
            out.append(line)
        index += 1
    return "\n".join(out)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_sample_copied_from_a_portal_parses_as_its_text(samples_dir, prefix):
    text = next(samples_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    portal = to_portal(text)
    assert " | " in portal
    assert to_json(parse_plan_text(portal)) == to_json(parse_plan_text(text))


@pytest.mark.parametrize(
    "parent, issuer",
    [
        ("ỦY BAN NHÂN DÂN", "HUYỆN PHONG THỔ"),
        ("UBND HUYỆN HIỆP HÒA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
        ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        ("UBND THÀNH PHỐ LAI CHÂU", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
    ],
)
def test_portal_header_columns_give_the_issuers_of_the_two_line_form(samples_dir, parent, issuer):
    text = next(samples_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    with_issuers = f"{parent}\n{issuer}\n\n{MOTTO}\n\n{text.lstrip()}"
    from_text = to_json(parse_plan_text(with_issuers))
    from_portal = to_json(parse_plan_text(to_portal(with_issuers)))
    assert from_portal == from_text
    assert from_text["issuer"] and from_text["number"] == "367/KH-UBND"


def test_portal_rows_keep_plain_text_and_turn_table_runs_into_tab_rows():
    text = "Mở đầu.\nTT | Nội dung | Chủ trì\n\n1 | Việc | Phòng GD&ĐT\nII | NHÓM | NHÓM\nKết thúc."
    assert portal_rows(text).split("\n") == [
        "Mở đầu.", "TT\tNội dung\tChủ trì", "", "1\tViệc\tPhòng GD&ĐT", "II\tNHÓM\t", "Kết thúc.",
    ]  # fmt: skip
    assert portal_rows("Không có bảng nào.") == "Không có bảng nào."


@pytest.mark.parametrize(
    "row, lines",
    [
        (
            "Nơi nhận: - Như trên; - Phòng Tài chính - Kế hoạch - Phòng Nội vụ; - Lưu: VT."
            " | TM. ỦY BAN NHÂN DÂN"
            " KT. CHỦ TỊCH PHÓ CHỦ TỊCH Mai Thị Hồng Sim",
            ["Nơi nhận:", "- Như trên;", "- Phòng Tài chính - Kế hoạch", "- Phòng Nội vụ;", "- Lưu: VT.",
             "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Mai Thị Hồng Sim"],
        ),
        (
            "Số: 12/SGDĐT-VP V/v báo cáo | Bắc Giang, ngày 05 tháng 01 năm 2021",
            ["Số: 12/SGDĐT-VP", "V/v báo cáo", "Bắc Giang, ngày 05 tháng 01 năm 2021"],
        ),
        ("SỞ GD&ĐT ------- | " + MOTTO.replace("\n", " ") + " Hà Nội, ngày 1 tháng 2 năm 2020",
         ["SỞ GD&ĐT", MOTTO.replace("\n", " "), "Hà Nội, ngày 1 tháng 2 năm 2020"]),
        ("| TRƯỞNG PHÒNG (Đã ký) Phạm Văn Hà", ["TRƯỞNG PHÒNG", "(Đã ký)", "Phạm Văn Hà"]),
    ],
)  # fmt: skip
def test_portal_layout_cells_are_read_line_by_line(row, lines):
    assert portal_rows(row).split("\n") == lines


@pytest.mark.parametrize(
    "block, authority, title, name",
    [
        ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Mai Thị Hồng Sim",
         ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Mai Thị Hồng Sim"),
        ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn An", ["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Nguyễn Văn An"),
        ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Thị Hoa", ["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Lê Thị Hoa"),
        ("KT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Thị Nghĩa", ["KT. BỘ TRƯỞNG"], "THỨ TRƯỞNG", "Nguyễn Thị Nghĩa"),
        ("KT. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG Đỗ Văn Tâm", ["KT. HIỆU TRƯỞNG"], "PHÓ HIỆU TRƯỞNG", "Đỗ Văn Tâm"),
        ("TRƯỞNG PHÒNG (Đã ký) Phạm Văn Hà", [], "TRƯỞNG PHÒNG", "Phạm Văn Hà"),
    ],
)  # fmt: skip
def test_portal_signature_cell_splits_into_authority_title_and_name(block, authority, title, name):
    text = f"KẾ HOẠCH\n\nViệc thử\n\n1. Một\n\n2. Hai\n\nNơi nhận: - UBND huyện; - Lưu: VT. | {block}"
    signer = to_json(parse_plan_text(text))["signer"]
    assert signer == {"authority": authority, "title": title, "name": name}


_WORDS = st.sampled_from(
    [
        "Tổ chức",
        "tuyên truyền",
        "rà soát",
        "kế hoạch",
        "giáo viên",
        "học sinh",
        "trường học",
        "năm 2025",
        "xã",
    ]
)
_CELL = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_UNITS = st.sampled_from(["Phòng Giáo dục và Đào tạo", "UBND các xã", "Phòng Nội vụ", "Các trường học", ""])
_TIMES = st.sampled_from(["Thường xuyên", "Năm 2025", "Hằng năm", "Giai đoạn 2025-2030", "Quý II/2025"])


@st.composite
def _annex(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        rows = ["TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện"]
    else:  # "Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"
        rows = ["TT\tNội dung\tCơ quan thực hiện\t\tThời gian", "\t\tChủ trì\tPhối hợp\t"]
    for group in ("I", "II", "III")[: draw(st.integers(1, 3))]:
        rows.append(f"{group}\t{draw(_CELL).upper()}\t\t\t")
        for number in range(1, draw(st.integers(1, 4)) + 1):
            lead, support = draw(_UNITS), draw(_UNITS)
            # No row names one unit both to lead and to support: equal neighbours are a merged cell.
            support = "" if support == lead else support
            rows.append(f"{number}\t{draw(_CELL)}.\t{lead}\t{support}\t{draw(_TIMES)}")
    return (
        "Phụ lục\nNHIỆM VỤ\n(Kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND huyện X)\n\n"
        + "\n".join(rows)
    )


@settings(max_examples=60, deadline=None)
@given(_annex())
def test_any_annex_table_parses_the_same_from_portal_rows(annex):
    from_text = to_json(parse_plan_text(annex))
    assert from_text["tasks"] and all(task["timeframe"] for task in from_text["tasks"])
    assert to_json(parse_plan_text(to_portal(annex))) == from_text


# --- Công văn ------------------------------------------------------------------------------------

_CV_HEAD = "UBND HUYỆN PHONG THỔ\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\n" + MOTTO + "\n\n"
_CV_BODY = """
Căn cứ Kế hoạch số 120/KH-PGDĐT ngày 05/9/2024 của Phòng GD&ĐT về thực hiện nhiệm vụ năm học 2024-2025;

Phòng Giáo dục và Đào tạo đề nghị các trường tổ chức kiểm tra học kỳ I, xong trước ngày 10/01/2025.

Nơi nhận:
- Như trên;
- Lưu: VT.

TRƯỞNG PHÒNG

Nguyễn Văn Bình
"""


@pytest.mark.parametrize(
    "head, title, addressees",
    [
        ("Số: 215/PGDĐT\nV/v kiểm tra cuối học kỳ I\n\nPhong Thổ, ngày 02 tháng 12 năm 2024\n\n"
         "Kính gửi: Hiệu trưởng các trường trực thuộc.",
         "kiểm tra cuối học kỳ I", ["Hiệu trưởng các trường trực thuộc"]),
        ("Số: 215/PGDĐT\nV/v hướng dẫn tổ chức kiểm tra\ncuối học kỳ I năm học 2024-2025\n"
         "Phong Thổ, ngày 02 tháng 12 năm 2024\n\nKính gửi:\n- Các trường Tiểu học;\n- Các trường THCS.",
         "hướng dẫn tổ chức kiểm tra cuối học kỳ I năm học 2024-2025",
         ["Các trường Tiểu học", "Các trường THCS"]),
        ("Số: 215/PGDĐT\nVề việc kiểm tra học kỳ\nPhong Thổ, ngày 02 tháng 12 năm 2024\n"
         "Kính gửi: - Các trường Tiểu học; - Các trường THCS trên địa bàn huyện.",
         "kiểm tra học kỳ", ["Các trường Tiểu học", "Các trường THCS trên địa bàn huyện"]),
        ("Số: 215/PGDĐT          Phong Thổ, ngày 02 tháng 12 năm 2024\n  V/v kiểm tra cuối học kỳ I\n"
         "        năm học 2024-2025\n\n     Kính gửi: Các trường học trực thuộc Phòng Giáo dục và\nĐào tạo.",
         "kiểm tra cuối học kỳ I năm học 2024-2025", ["Các trường học trực thuộc Phòng Giáo dục và Đào tạo"]),
    ],
)  # fmt: skip
def test_cong_van_summary_and_addressees(head, title, addressees):
    for text in (_CV_HEAD + head + "\n" + _CV_BODY, to_portal(_CV_HEAD + head + "\n" + _CV_BODY)):
        result = to_json(parse_plan_text(text))
        assert (result["doc_type"], result["number"], result["issued_on"]) == (
            "CV",
            "215/PGDĐT",
            "2024-12-02",
        )
        assert (result["issuer"], result["parent_issuer"]) == (
            "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
            "UBND HUYỆN PHONG THỔ",
        )
        assert result["title"] == title
        assert result["addressees"] == addressees
        assert result["basis"] == [_CV_BODY.split("\n")[1].rstrip(";")]
        assert result["signer"]["name"] == "Nguyễn Văn Bình"
        assert not any("trích yếu" in warning or "loại văn bản" in warning for warning in result["warnings"])


def test_v_v_line_gives_the_title_of_a_typed_document_without_its_own_summary():
    text = (
        "Số: 07/KH-PGDĐT\nV/v tổ chức ngày hội đọc sách\nPhong Thổ, ngày 02 tháng 3 năm 2025\n\nKẾ HOẠCH\n\n"
    )
    text += "1. Tổ chức ngày hội\n\n2. Tổng kết\n\nNơi nhận:\n- Lưu: VT.\n\nTRƯỞNG PHÒNG\n\nLê Văn An"
    result = to_json(parse_plan_text(text))
    assert (result["doc_type"], result["title"]) == ("KH", "tổ chức ngày hội đọc sách")


# --- Quyết định with an attached programme --------------------------------------------------------

DECISION = f"""ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU

{MOTTO}

Số: 1234/QĐ-UBND

Lai Châu, ngày 15 tháng 3 năm 2025

QUYẾT ĐỊNH

Về việc ban hành Chương trình hành động thực hiện Kết luận số 91-KL/TW

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Chương trình hành động thực hiện Kết luận số 91-KL/TW.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Điều 3. Giám đốc Sở Giáo dục và Đào tạo và các cơ quan liên quan chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Văn Lương

ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU

{MOTTO}

CHƯƠNG TRÌNH HÀNH ĐỘNG

Thực hiện Kết luận số 91-KL/TW của Bộ Chính trị về đổi mới căn bản, toàn diện giáo dục và đào tạo

(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 15 tháng 3 năm 2025 của Chủ tịch UBND tỉnh Lai Châu)

I. MỤC TIÊU

Nâng cao chất lượng giáo dục toàn diện.

II. NHIỆM VỤ, GIẢI PHÁP

1. Tăng cường sự lãnh đạo, chỉ đạo

Sở Giáo dục và Đào tạo tham mưu kế hoạch triển khai trong năm 2025.

2. Phát triển đội ngũ nhà giáo

Rà soát, bổ sung đủ giáo viên các cấp học.
"""


def test_decision_header_with_the_attached_programme_title_and_tasks():
    result = to_json(parse_plan_text(DECISION))
    assert (result["doc_type"], result["number"], result["issued_on"]) == ("QĐ", "1234/QĐ-UBND", "2025-03-15")
    assert result["issuer"] == "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" and result["attached_doc_type"] == "CTr"
    assert result["title"].startswith("Thực hiện Kết luận số 91-KL/TW của Bộ Chính trị")
    assert [task["path"] for task in result["tasks"]] == ["II.1", "II.2"]
    assert result["basis"] == ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"]
    assert result["signer"] == {
        "authority": ["TM. ỦY BAN NHÂN DÂN"],
        "title": "CHỦ TỊCH",
        "name": "Lê Văn Lương",
    }
    assert result["recipients"] == ["Như Điều 3", "Lưu: VT."]
    assert any("Chương trình ban hành kèm theo Quyết định số 1234/QĐ-UBND" in w for w in result["warnings"])


def test_a_resolution_with_an_attached_plan_reads_like_a_decision():
    text = (
        DECISION.replace("QUYẾT ĐỊNH", "NGHỊ QUYẾT")
        .replace("Quyết định", "Nghị quyết")
        .replace("QĐ-UBND", "NQ-HĐND")
        .replace("CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾ HOẠCH")
        .replace("TM. ỦY BAN NHÂN DÂN", "TM. HỘI ĐỒNG NHÂN DÂN")
    )
    result = to_json(parse_plan_text(text))
    assert (result["doc_type"], result["number"], result["attached_doc_type"]) == ("NQ", "1234/NQ-HĐND", "KH")
    assert [task["path"] for task in result["tasks"]] == ["II.1", "II.2"]
    assert result["signer"]["authority"] == ["TM. HỘI ĐỒNG NHÂN DÂN"]
    assert any("Kế hoạch ban hành kèm theo Nghị quyết số 1234/NQ-HĐND" in w for w in result["warnings"])


def test_a_decision_of_articles_only_is_a_legal_text_without_tasks():
    text = DECISION.split("\nỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\n" + MOTTO + "\n\nCHƯƠNG")[0]
    result = to_json(parse_plan_text(text))
    assert result["doc_type"] == "QĐ" and result["tasks"] == []
    assert [s["ordinal"] for s in result["sections"]] == ["Điều 1", "Điều 2", "Điều 3"]
    assert any("không tạo nhiệm vụ" in warning for warning in result["warnings"])


# --- legal texts -----------------------------------------------------------------------------------

LEGAL = f"""BỘ GIÁO DỤC VÀ ĐÀO TẠO - BỘ TÀI CHÍNH

{MOTTO}

Số: 15/2020/TTLT-BGDĐT-BTC

Hà Nội, ngày 05 tháng 6 năm 2020

THÔNG TƯ LIÊN TỊCH
Hướng dẫn chế độ hỗ trợ học sinh

Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Thông tư liên tịch này hướng dẫn chế độ hỗ trợ.
Điều 2. Đối tượng áp dụng
Chương II. CHẾ ĐỘ HỖ TRỢ
Điều 3. Mức hỗ trợ
a) Học sinh được hỗ trợ 150.000 đồng/tháng.
"""


def test_legal_text_articles_become_sections_under_their_chapters_and_no_task_is_invented():
    plan = parse_plan_text(LEGAL)
    result = to_json(plan)
    assert (result["doc_type"], result["number"]) == ("TTLT", "15/2020/TTLT-BGDĐT-BTC")
    assert result["joint_issuers"] == ["BỘ GIÁO DỤC VÀ ĐÀO TẠO", "BỘ TÀI CHÍNH"]
    assert result["issuer"] == "BỘ GIÁO DỤC VÀ ĐÀO TẠO" and result["parent_issuer"] is None
    assert result["title"] == "Hướng dẫn chế độ hỗ trợ học sinh" and result["tasks"] == []
    assert [(s.path, s.title, s.parent_path) for s in plan.sections] == [
        ("Chương I", "QUY ĐỊNH CHUNG", None),
        ("Điều 1", "Phạm vi điều chỉnh", "Chương I"),
        ("Điều 2", "Đối tượng áp dụng", "Chương I"),
        ("Chương II", "CHẾ ĐỘ HỖ TRỢ", None),
        ("Điều 3", "Mức hỗ trợ", "Chương II"),
    ]
    assert any("Thông tư liên tịch" in w and "3 điều" in w for w in result["warnings"])


@pytest.fixture(scope="module")
def ttlt_text(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("doc")
    source = next(RECEIVED.glob("16_*.doc"))
    profile = (out / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return (out / f"{source.stem}.txt").read_text(encoding="utf-8-sig")


def test_joint_circular_from_word97_gives_its_header_and_articles(ttlt_text):
    result = to_json(parse_plan_text(ttlt_text))
    assert (result["doc_type"], result["number"]) == ("TTLT", "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC")
    assert result["issued_on"] == "2013-12-31" and result["place"] == "Hà Nội"
    assert result["joint_issuers"] == [
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "BỘ TÀI CHÍNH",
    ]
    assert result["title"] == "Quy định chính sách về giáo dục đối với người khuyết tật"
    assert [s["ordinal"] for s in result["sections"]] == [f"Điều {n}" for n in range(1, 13)]
    assert result["tasks"] == [] and result["signer"]["name"] == "Nguyễn Trọng Đàm"
    assert len(result["basis"]) == 7


# --- header rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head, number, issued_on, warned",
    [
        ("Số: 415 /HD-PGDĐT           Hiệp Hòa, ngày 29\n"
         "                                 24 tháng 9 năm 2021",
         "415/HD-PGDĐT", "2021-09-24", True),
        ("Số: 42/2013/TTLT-BGDĐT-BLĐTBXH-BTC\nHà Nội, ngày 31 tháng 12 năm 2013",
         "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC", "2013-12-31", False),
        ("Số: 25   /KH-PGD&ĐT                   Hiệp Hoà, ngày 30 tháng 10 năm 2020",
         "25/KH-PGD&ĐT", "2020-10-30", False),
    ],
)  # fmt: skip
def test_header_numbers_and_dates(head, number, issued_on, warned):
    text = f"PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n{head}\n\nHƯỚNG DẪN\n\nThực hiện việc thử\n\n1. Một\n\n2. Hai\n"
    plan = parse_plan_text(text)
    result = to_json(plan)
    assert (result["number"], result["issued_on"]) == (number, issued_on)
    assert any("chồng lên nhau" in warning for warning in result["warnings"]) == warned
    assert ("issued_on" in plan.unsure) == warned


# --- received PDFs through `pdftotext -layout` (the form the PDF layout step gives) --------------


def _layout_text(prefix: str) -> str:
    source = next(RECEIVED.glob(f"{prefix}_*.pdf"))
    done = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, timeout=60
    )
    return repair_pdf_text(done.stdout.decode("utf-8"))


@pytest.mark.parametrize(
    "prefix, doc_type, number, issued_on, parent, issuer, title_start, bases",
    [
        ("10", "KH", "25/KH-PGD&ĐT", "2020-10-30", "UBND HUYỆN HIỆP HOÀ", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
         "Phát động phong trào thi đua", 2),
        ("12", "HD", "500/HD-PGD&ĐT", "2020-11-06", "UBND HUYỆN HIỆP HOÀ", "PHÒNG GIÁO DỤC & ĐÀO TẠO",
         "Thực hiện nhiệm vụ Công nghệ thông tin", 1),
        ("13", "HD", "415/HD-PGDĐT", "2021-09-24", "UBND HUYỆN HIỆP HÒA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
         "Thực hiện nhiệm vụ ứng dụng công nghệ thông tin", 1),
        ("14", "CV", "453/PGDĐT", "2020-10-12", "UBND HUYỆN HIỆP HÒA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
         "triển khai báo cáo thống kê giáo dục kỳ đầu năm học 2020-2021", 1),
    ],
)  # fmt: skip
def test_received_pdf_layout_text_gives_header_signer_and_recipients(
    prefix, doc_type, number, issued_on, parent, issuer, title_start, bases
):
    result = to_json(parse_plan_text(_layout_text(prefix)))
    assert (result["doc_type"], result["number"], result["issued_on"]) == (doc_type, number, issued_on)
    assert (result["parent_issuer"], result["issuer"]) == (parent, issuer)
    assert result["place"] in ("Hiệp Hoà", "Hiệp Hòa") and result["title"].startswith(title_start)
    assert result["signer"] == {"authority": [], "title": "TRƯỞNG PHÒNG", "name": "Phạm Văn Hà"}
    assert result["recipients"][-1] == "Lưu: VT." and len(result["recipients"]) >= 3
    assert len(result["basis"]) == bases and all(
        b.startswith(("Căn cứ", "Thực hiện")) for b in result["basis"]
    )
    assert not any("TRƯỞNG PHÒNG" in r for r in result["recipients"])
    if doc_type == "CV":
        assert result["addressees"] == ["Hiệu trưởng các đơn vị trực thuộc Phòng Giáo dục và Đào tạo"]


# --- PDF text repairs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken, repaired",
    [
        ("năm ho ̣c 2020", "năm học 2020"),
        ("trực thuô ̣c triển khai", "trực thuộc triển khai"),
        ("phu ̣ huynh học sinh", "phụ huynh học sinh"),
        ("chính quyền điê ̣n tử", "chính quyền điện tử"),
        ("các Nghi ̣quyết", "các Nghị quyết"),
        ("Quyết đinh    ̣ thành lập", "Quyết định thành lập"),
        ("Ban biên tập,̣ ban hành", "Ban biên tập, ban hành"),
        ("cập ̣ nhật", "cập nhật"),
        ("HƢỚNG DẪN trƣớc ngày", "HƯỚNG DẪN trước ngày"),
        # Letters set apart are joined where the text layer shows the font's artefacts (ƣ, stray marks).
        ("Cổ ng TTĐT Phòng trƣờng", "Cổng TTĐT Phòng trường"),
        ("các đơn vị t ăng cường khai t hác ho ̣c", "các đơn vị tăng cường khai thác học"),
        ("chấ t lượng của n hà trƣờng", "chất lượng của nhà trường"),
        ("Quyế t định ho ̣c", "Quyết định học"),
        ("Cổ ng TTĐT", "Cổ ng TTĐT"),  # a clean text layer: nothing to say the split is an artefact
        ("điểm a, b và c khoản 1; điểm đ khoản 2; ƣ", "điểm a, b và c khoản 1; điểm đ khoản 2; ư"),
        ("50 kg gạo, 10 m ống ho ̣c", "50 kg gạo, 10 m ống học"),
        ("Señor Muñoz", "Señor Muñoz"),
    ],
)
def test_repair_pdf_text_cases(broken, repaired):
    assert repair_pdf_text(broken) == repaired


_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]


@st.composite
def _syllable(draw: st.DrawFn, tone: bool = False) -> str:
    """A one-vowel syllable: its tone sits on its only vowel, however the text was typed."""
    onset = draw(
        st.sampled_from(["", "b", "c", "d", "đ", "h", "l", "m", "n", "nh", "ph", "th", "tr", "v", "x"])
    )
    vowel = draw(st.sampled_from(_VOWELS))
    coda = draw(st.sampled_from(["", "c", "m", "n", "ng", "nh", "p", "t"]))
    # After a final c, p or t Vietnamese writes only sắc or nặng.
    tones = ["\u0301", "\u0323"] if coda in ("c", "p", "t") else _TONES[1:] if tone else _TONES
    mark = draw(st.sampled_from(tones))
    return unicodedata.normalize("NFC", onset + vowel + mark + coda)


_CLEAN_TEXT = st.lists(
    st.one_of(
        _syllable(),
        st.sampled_from(["Phòng", "GD&ĐT", "2020-2021", ",", ".", "(b/c);", "Điều 1.", "Ưu", "THCS", "x"]),
        # Where a consonant stands alone in clean text: items of a legal reference, units.
        st.sampled_from(["điểm a, b và c khoản 1", "điểm đ khoản 2 Điều 5", "50 kg gạo", "10 m", "mục d"]),
    ),
    min_size=1,
    max_size=30,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_CLEAN_TEXT)
def test_repair_never_changes_clean_vietnamese_text(text):
    assert repair_pdf_text(text) == text


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("hocđinêôơư ,.") + _TONES[1:] + ["\u0302", "\u031b", "ƣ"]), max_size=40
    )
)
def test_repair_is_idempotent_and_gives_nfc(text):
    once = repair_pdf_text(text)
    assert repair_pdf_text(once) == once and unicodedata.is_normalized("NFC", once)


@settings(max_examples=300, deadline=None)
@given(st.lists(_syllable(tone=True), min_size=1, max_size=8), st.data())
def test_a_tone_mark_set_apart_from_its_word_is_put_back(words, data):
    index = data.draw(st.integers(0, len(words) - 1))
    word = unicodedata.normalize("NFD", words[index])
    mark = next(ch for ch in word if ch in _TONES[1:])
    cut = word.index(mark)
    # PDF text gives the bare letters, then the mark after a space: "ho ̣c".
    broken = word[:cut] + " " + mark + word[cut + 1 :]
    text = " ".join([*words[:index], unicodedata.normalize("NFC", broken), *words[index + 1 :]])
    assert repair_pdf_text(text) == " ".join(words)


# --- signature stamps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, stamp",
    [
        ("Ký bởi: Phòng Giáo dục và Đào tạo", True),
        ("Ky boi: Sở Giáo dục và Đào tạo Bắc Giang", True),
        ("Thời gian ký: 27.03.2020 14:26:14 +07:00", True),
        ("Sở Giáo dục và Đào tạo 2020.03.27 14:26:14 +07:00", True),
        ("Email: pgdhiephoa@bacgiang.gov.vn", True),
        ("Cơ quan: Sở Giáo dục và Đào tạo, Tỉnh Bắc Giang", True),
        ("Hiệp Hòa, ngày 12 tháng 10 năm 2020", False),
        ("Email: gửi về Phòng trước ngày 10/4;", False),
        (
            "Cơ quan chủ trì: Phòng GD&ĐT; phối hợp: các trường và các cơ quan liên quan khác của huyện.",
            False,
        ),
        ("Báo cáo trước 10:00 ngày 05/01/2021.", False),
        ("Phạm Văn Hà", False),
        ("", False),
    ],
)
def test_signature_stamp_lines(line, stamp):
    assert is_signature_stamp(line) is stamp


# --- robustness ----------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "THÔNG TƯ LIÊN TỊCH", "KẾ HOẠCH", "Kính gửi:",
        "- Các trường;", "V/v báo cáo", "Số: 12/QĐ-UBND", "Hà Nội, ngày 29", "24 tháng 9 năm 2021",
        "Điều 1. Phạm vi", "Chương I", "(Ban hành kèm theo Quyết định số 12/QĐ-UBND)",
        "Nơi nhận: - Lưu: VT. | TM. UBND CHỦ TỊCH",
        "TM. ỦY BAN NHÂN DÂN", "1. Nhiệm vụ", "II. NHIỆM VỤ, GIẢI PHÁP", "I | NHÓM | NHÓM | NHÓM",
        "TT | Nội dung | Chủ trì | Thời gian", "1 | Việc | Phòng GD&ĐT | Năm 2025", " | ", "|", "", "ho ̣c ƣ",
        "BỘ A - BỘ B", "Căn cứ Luật Giáo dục;", "Nguyễn Văn An",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS, min_size=1, max_size=25))
def test_any_mix_of_document_forms_parses_or_is_refused_with_a_message(parts):
    text = repair_pdf_text("\n".join(parts))
    try:
        result = to_json(parse_plan_text(text, "thu.txt"))
    except PlanImportError as error:
        assert "thu.txt" in str(error) and "\n" not in str(error)
    else:
        assert isinstance(result["addressees"], list) and isinstance(result["joint_issuers"], list)


@pytest.mark.parametrize("form", ["cong_van", "decision", "legal"])
def test_other_document_forms_are_saved_by_import_plan(tmp_path, db_path, capsys, form):
    from cli import main  # the command line, as a user runs it

    text = {"cong_van": _CV_HEAD + "Số: 215/PGDĐT\nV/v kiểm tra\nPhong Thổ, ngày 02 tháng 12 năm 2024\n"
            "Kính gửi: Các trường.\n" + _CV_BODY, "decision": DECISION, "legal": LEGAL}[form]  # fmt: skip
    source = tmp_path / f"{form}.txt"
    source.write_text(text, encoding="utf-8")
    assert main(["import-plan", str(source), "--db", str(db_path)]) == 0
    assert "Đã lưu" in capsys.readouterr().out
