"""The printed layout of the generated PDFs, checked as numbers (official-layout.md, "Checks a test can
run on a generated PDF"): page size and orientation, text inside the margins, embedded fonts, the
face and size of each element, the rules under the header lines, page numbers, the dateline, the
signature block beside 'Nơi nhận', the annex table's repeated header, and text extracted as put in."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from datetime import date

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from core.model import Plan, TaskKind
from core.reports import render_pdf, styles
from core.reports.data import (
    Letterhead,
    Margins,
    PlanItem,
    PlanReportData,
    ReportOptions,
    Signer,
)
from core.reports.fonts import register_fonts
from core.reports.layout import LANDSCAPE, PORTRAIT, text_box
from storage.database import open_database
from storage.reports import (
    assignment_sheet_data,
    deadline_list_data,
    office_letterhead,
    plan_letterhead,
    plan_report_data,
    progress_report_data,
    report_margins,
)
from tests.test_report_fixtures import AS_OF, BASIS, TASKS_I, build_sample

A4_PORTRAIT = (595.28, 841.89)
DATELINE = re.compile(r"ngày (0[1-9]|[12]\d|3[01]|\s+) tháng (0[12]|[3-9]|1[0-2]|\s+) năm \d{4}")
TOLERANCE = 0.5


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory) -> dict[str, bytes]:
    db = open_database(tmp_path_factory.mktemp("reports") / "sample.sqlite3")
    try:
        sample = build_sample(db)
        margins = report_margins(db)
        office = office_letterhead(db)
        unit = sample.units["Phòng Giáo dục và Đào tạo"]
        return {
            "plan": render_pdf(
                plan_report_data(db, sample.plan.id), ReportOptions(plan_letterhead(db, sample.plan), margins)
            ),
            "progress": render_pdf(
                progress_report_data(db, sample.plan.id, AS_OF, 7),
                ReportOptions(office, margins, number="7", issued_on=date(2025, 1, 5)),
            ),
            "deadlines": render_pdf(deadline_list_data(db, AS_OF, 7), ReportOptions(office, margins)),
            "assignment": render_pdf(
                assignment_sheet_data(db, unit.id, AS_OF, 7),
                ReportOptions(office, margins, issued_on=date(2025, 6, 9)),
            ),
        }
    finally:
        db.close()


HOSTILE_CONTENT = (
    "Nội dung có <b>thẻ</b> & \"ngoặc kép\", 'đơn', <script>alert(1)</script> &amp; &#65; ]]> " * 36
)[:3000]
LONG_WORD = "Siêudàikhôngcódấucách" * 25


def hostile_plan() -> PlanReportData:
    """What a user can type: markup characters, 3,000-character contents, a 525-letter word, empty
    fields everywhere else."""
    items = [PlanItem("I", "", TaskKind.SECTION, title='<Mục> & "đích"', depth=0)]
    for number in range(1, 4):
        items.append(
            PlanItem(
                str(number),
                HOSTILE_CONTENT,
                depth=1,
                lead_units=("Đơn vị <A> & B",),
                support_units=(LONG_WORD,),
                timeframe_text="Trước 30/6/2025 & <sau>",
            )
        )
    items.append(PlanItem("a", LONG_WORD, depth=2))
    plan = Plan(title="", symbol="", issued_year=None)
    return PlanReportData(plan, basis=('Căn cứ <Luật> & "Nghị định"',), items=tuple(items))


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    return render_pdf(hostile_plan(), ReportOptions(Letterhead(), Margins(25, 25, 35, 20)))


# ------------------------------------------------------------------------------ helpers
def faces() -> dict[str, str]:
    """PostScript name of each registered face → its style."""
    fonts = register_fonts()
    return {
        pdfmetrics.getFont(name).face.name.decode(): style
        for style, name in (
            ("regular", fonts.regular),
            ("bold", fonts.bold),
            ("italic", fonts.italic),
            ("bolditalic", fonts.bolditalic),
        )
    }


def style_of(fontname: str) -> str:
    return faces()[fontname.split("+", 1)[-1]]


def find(page, text: str) -> dict:
    matches = page.search(text, regex=False)
    assert matches, f"không thấy «{text}» trên trang {page.page_number}"
    return matches[0]


def look(page, text: str) -> set[tuple[str, float]]:
    """(style, size) of the visible characters of the first occurrence of `text`."""
    return {
        (style_of(c["fontname"]), round(c["size"], 1)) for c in find(page, text)["chars"] if c["text"].strip()
    }


def pages(pdf: bytes):
    return pdfplumber.open(io.BytesIO(pdf)).pages


def box_of(page, margins: Margins):
    orientation = PORTRAIT if page.width < page.height else LANDSCAPE
    box = text_box(margins, orientation)
    # pdfplumber measures from the top of the page.
    return box.x, page.height - box.y - box.height, box.x + box.width, page.height - box.y


def top_margin(page, margins: Margins) -> float:
    return (margins.top if page.width < page.height else margins.left) * mm


def page_number_chars(page, margins: Margins) -> list[dict]:
    return [c for c in page.chars if c["bottom"] <= top_margin(page, margins) and c["text"].strip()]


def column_text(page, heading: str) -> str:
    """The text of one table column on a page, read between the grid lines around its heading."""
    cell = find(page, heading)
    centre = (cell["x0"] + cell["x1"]) / 2
    verticals = sorted({round(line["x0"], 1) for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1})
    left = max(x for x in verticals if x < centre)
    right = min(x for x in verticals if x > centre)
    return page.crop((left, cell["bottom"], right, page.height)).extract_text()


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# ------------------------------------------------------------------------------ page and fonts
@pytest.mark.parametrize("kind", ["plan", "progress", "deadlines", "assignment"])
def test_every_page_is_a4_and_the_first_is_portrait(sample_pdfs, kind):
    sizes = [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in
             PdfReader(io.BytesIO(sample_pdfs[kind])).pages]  # fmt: skip
    assert sizes[0] == A4_PORTRAIT
    assert all(size in (A4_PORTRAIT, A4_PORTRAIT[::-1]) for size in sizes)


@pytest.mark.parametrize("kind", ["plan", "progress", "deadlines", "assignment"])
def test_every_font_is_one_of_the_four_registered_faces_and_embedded(sample_pdfs, kind):
    seen = set()
    for page in PdfReader(io.BytesIO(sample_pdfs[kind])).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} không được nhúng"
            seen.add(faces()[name])
    assert seen == {"regular", "bold", "italic", "bolditalic"}


@pytest.mark.parametrize("kind", ["plan", "progress", "deadlines", "assignment"])
def test_text_and_lines_stay_inside_the_margins_except_the_page_number(sample_pdfs, kind):
    margins = Margins()
    for page in pages(sample_pdfs[kind]):
        x0, top, x1, bottom = box_of(page, margins)
        numbers = page_number_chars(page, margins)
        for c in page.chars:
            if c in numbers or not c["text"].strip():
                continue
            assert x0 - TOLERANCE <= c["x0"] and c["x1"] <= x1 + TOLERANCE, (page.page_number, c["text"])
            assert top - TOLERANCE <= c["top"] and c["bottom"] <= bottom + TOLERANCE, (
                page.page_number,
                c["text"],
            )
        for line in page.lines:
            assert x0 - TOLERANCE <= line["x0"] and line["x1"] <= x1 + TOLERANCE
            assert top - TOLERANCE <= line["top"] and line["bottom"] <= bottom + TOLERANCE


def test_what_a_user_typed_stays_inside_other_legal_margins_too(hostile_pdf):
    margins = Margins(25, 25, 35, 20)
    printed = pages(hostile_pdf)
    assert len(printed) > 3
    for page in printed:
        x0, top, x1, bottom = box_of(page, margins)
        numbers = page_number_chars(page, margins)
        for c in page.chars:
            if c not in numbers and c["text"].strip():
                assert x0 - TOLERANCE <= c["x0"] and c["x1"] <= x1 + TOLERANCE, c["text"]
                assert top - TOLERANCE <= c["top"] and c["bottom"] <= bottom + TOLERANCE, c["text"]


# ------------------------------------------------------------------------------ header block
def test_header_block_faces_and_sizes(sample_pdfs):
    page = pages(sample_pdfs["progress"])[0]
    assert look(page, "UBND THÀNH PHỐ LAI CHÂU") == {("regular", styles.AGENCY_SIZE)}
    assert look(page, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO") == {("bold", styles.AGENCY_SIZE)}
    assert look(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == {("bold", styles.NATIONAL_SIZE)}
    assert look(page, "Độc lập - Tự do - Hạnh phúc") == {("bold", styles.MOTTO_SIZE)}
    assert look(page, "Số: 07/BC-PGDĐT") == {("regular", styles.NUMBER_SIZE)}
    assert look(page, "Thành phố Lai Châu, ngày 05 tháng 01 năm 2025") == {("italic", styles.DATELINE_SIZE)}
    assert 12 <= styles.AGENCY_SIZE <= 13 and 12 <= styles.NATIONAL_SIZE <= 13
    assert 13 <= styles.MOTTO_SIZE <= 14 and 13 <= styles.DATELINE_SIZE <= 14


def test_header_has_two_columns_with_number_and_dateline_on_one_line(sample_pdfs):
    page = pages(sample_pdfs["progress"])[0]
    agency, nation = find(page, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"), find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    number, dateline = find(page, "Số: 07/BC-PGDĐT"), find(page, "Thành phố Lai Châu, ngày")
    assert agency["x1"] < nation["x0"]
    assert abs(number["bottom"] - dateline["bottom"]) < 1.5
    # Each line centred within its own column.
    assert abs((agency["x0"] + agency["x1"]) / 2 - (number["x0"] + number["x1"]) / 2) < 2


def test_rules_under_the_issuing_body_the_motto_and_the_summary(sample_pdfs):
    page = pages(sample_pdfs["progress"])[0]
    rules = sorted(
        (line for line in page.lines if abs(line["top"] - line["bottom"]) < 0.1), key=lambda rule: rule["top"]
    )

    def rule_under(match: dict) -> dict:
        below = [r for r in rules if 0 < r["top"] - match["bottom"] < 8 and r["x0"] >= match["x0"] - 1
                 and r["x1"] <= match["x1"] + 1]  # fmt: skip
        assert len(below) == 1
        return below[0]

    agency = find(page, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    motto = find(page, "Độc lập - Tự do - Hạnh phúc")
    for match, low, high in ((agency, 1 / 3, 1 / 2), (motto, 0.99, 1.01)):
        rule = rule_under(match)
        assert low <= (rule["x1"] - rule["x0"]) / (match["x1"] - match["x0"]) <= high
        assert abs((rule["x0"] + rule["x1"]) / 2 - (match["x0"] + match["x1"]) / 2) < 1.5
    summary_rule = next(r for r in rules if r["top"] > find(page, "BÁO CÁO")["bottom"])
    summary_width = max(
        line["x1"] - line["x0"] for line in page.extract_text_lines() if find(page, "BÁO CÁO")["bottom"]
        < line["top"] < summary_rule["top"]
    )  # fmt: skip
    assert 1 / 3 <= (summary_rule["x1"] - summary_rule["x0"]) / summary_width <= 1 / 2


# ------------------------------------------------------------------------------ title and body
def test_document_type_summary_and_basis_lines(sample_pdfs):
    page = pages(sample_pdfs["plan"])[0]
    assert look(page, "KẾ HOẠCH") == {("bold", styles.DOC_TYPE_SIZE)}
    assert look(page, "Triển khai, thực hiện Kế hoạch số 740/KH-BCSD") == {("bold", styles.SUMMARY_SIZE)}
    assert look(page, "Căn cứ Kế hoạch số 224-KH/ThU") == {("italic", styles.BODY_SIZE)}
    text = normalised(page.extract_text())
    assert normalised(BASIS[0]) in text and normalised(BASIS[1]) in text
    assert look(page, "I. TĂNG CƯỜNG SỰ LÃNH ĐẠO") == {("bold", styles.BODY_SIZE)}
    assert look(page, "1. Tiếp tục quán triệt") == {("regular", styles.BODY_SIZE)}


def test_a_draft_prints_its_number_and_day_blank(sample_pdfs):
    page = pages(sample_pdfs["plan"])[0]
    text = page.extract_text(keep_blank_chars=True)
    assert re.search(r"Số:\s{5}/KH-UBND", text)
    assert re.search(r"ngày\s{5}tháng 01 năm 2025", text)
    assert DATELINE.search(text)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("progress", "ngày 05 tháng 01 năm 2025"), ("assignment", "ngày 09 tháng 6 năm 2025")],
)
def test_the_dateline_matches_the_decree_format(sample_pdfs, kind, expected):
    text = pages(sample_pdfs[kind])[0].extract_text()
    assert DATELINE.search(text).group(0) == expected


# ------------------------------------------------------------------------------ signature block
@pytest.mark.parametrize("kind", ["plan", "progress"])
def test_signature_block_beside_the_recipients(sample_pdfs, kind):
    page = next(p for p in pages(sample_pdfs[kind]) if p.search("Nơi nhận:", regex=False))
    label = find(page, "Nơi nhận:")
    assert look(page, "Nơi nhận:") == {("bolditalic", styles.RECIPIENTS_LABEL_SIZE)}
    first_authority = "TM. ỦY BAN NHÂN DÂN" if kind == "plan" else "TRƯỞNG PHÒNG"
    signer = find(page, first_authority)
    assert abs(label["bottom"] - signer["bottom"]) < 2.5  # the label level with the first authority line
    assert label["x0"] == pytest.approx(30 * mm, abs=TOLERANCE)
    assert (signer["x0"] + signer["x1"]) / 2 > page.width / 2
    assert look(page, first_authority) == {("bold", styles.SIGNER_SIZE)}
    left_column = page.crop((0, label["top"] - 1, signer["x0"] - 1, page.height))
    items = [line for line in left_column.extract_text_lines() if line["text"].startswith("- ")]
    assert items and items[-1]["text"].startswith("- Lưu: VT") and items[-1]["text"].endswith(".")
    assert all(line["text"].endswith(";") for line in items[:-1])
    for item in items:
        assert {
            (style_of(c["fontname"]), round(c["size"], 1)) for c in item["chars"] if c["text"].strip()
        } == {("regular", styles.RECIPIENTS_SIZE)}


def test_signer_title_and_name(sample_pdfs):
    page = pages(sample_pdfs["plan"])[0]
    for text in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"):
        assert look(page, text) == {("bold", styles.SIGNER_SIZE)}
    space = find(page, "Nguyễn Văn An")["top"] - find(page, "PHÓ CHỦ TỊCH")["bottom"]
    assert 25 * mm <= space <= 32 * mm


# ------------------------------------------------------------------------------ page numbers
def test_no_number_on_page_one_and_centred_numbers_after(hostile_pdf):
    margins = Margins(25, 25, 35, 20)
    printed = pages(hostile_pdf)
    assert page_number_chars(printed[0], margins) == []
    portrait = [p for p in printed if p.width < p.height]
    for index, page in enumerate(portrait[1:], start=2):
        digits = page_number_chars(page, margins)
        assert "".join(c["text"] for c in digits) == str(index)
        centre = (min(c["x0"] for c in digits) + max(c["x1"] for c in digits)) / 2
        assert centre == pytest.approx(page.width / 2, abs=0.5)
        assert {round(c["size"], 1) for c in digits} == {styles.PAGE_NUMBER_SIZE}


def test_each_annex_is_numbered_on_its_own(sample_pdfs):
    printed = pages(sample_pdfs["progress"])
    landscape = [p for p in printed if p.width > p.height]
    starts = [p for p in landscape if p.search("Phụ lục", regex=False)]
    assert len(starts) == 2
    for page in starts:
        assert page_number_chars(page, Margins()) == []
    continued = [p for p in landscape if p not in starts]
    assert all("".join(c["text"] for c in page_number_chars(p, Margins())) == "2" for p in continued)


# ------------------------------------------------------------------------------ annex
def test_plan_annex_is_landscape_with_title_note_and_columns(sample_pdfs):
    printed = pages(sample_pdfs["plan"])
    assert printed[0].width < printed[0].height
    annex = printed[1]
    assert annex.width > annex.height
    assert look(annex, "Phụ lục") == {("bold", styles.ANNEX_LABEL_SIZE)}
    assert look(annex, "DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN KẾ HOẠCH") == {
        ("bold", styles.ANNEX_TITLE_SIZE)
    }
    note = annex.extract_text(keep_blank_chars=True)
    assert re.search(
        r"\(Kèm theo Kế hoạch số\s+/KH-UBND ngày\s+tháng 01 năm 2025 của UBND thành phố Lai Châu\)", note
    )
    assert look(annex, "(Kèm theo Kế hoạch số") == {("italic", styles.ANNEX_NOTE_SIZE)}
    for heading in ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực"):
        assert look(annex, heading) == {("bold", styles.TABLE_SIZE)}
    contents = normalised(column_text(annex, "Nội dung"))
    leads = normalised(column_text(annex, "Cơ quan chủ trì"))
    times = normalised(column_text(annex, "Thời gian thực"))
    for _, content, lead_units, _, timeframe in TASKS_I:
        assert normalised(content) in contents and lead_units[0] in leads and timeframe in times


def test_a_long_annex_repeats_its_header_and_continues_a_tall_row_with_tt_blank(hostile_pdf):
    annex = [p for p in pages(hostile_pdf) if p.width > p.height]
    assert len(annex) >= 3
    for page in annex:
        header = find(page, "Cơ quan phối hợp")
        assert style_of(header["chars"][0]["fontname"]) == "bold"
    tt_column_x1 = find(annex[0], "TT")["x1"] + 10
    # A page that starts inside a row: its first body line has nothing in the TT column.
    continued = [
        page for page in annex[1:]
        if not [c for c in page.chars if c["x1"] < tt_column_x1 and c["top"] > find(page, "TT")["bottom"] + 8
                and c["top"] < find(page, "TT")["bottom"] + 30]
    ]  # fmt: skip
    assert continued


# ------------------------------------------------------------------------------ text as put in
def test_extracted_text_is_nfc_and_equals_what_was_put_in(sample_pdfs, hostile_pdf):
    for pdf in (*sample_pdfs.values(), hostile_pdf):
        text = "\n".join(page.extract_text() for page in pages(pdf))
        assert unicodedata.is_normalized("NFC", text)
    annex = next(p for p in pages(sample_pdfs["progress"]) if p.search("Kết quả thực hiện", regex=False)
                 and p.width > p.height)  # fmt: skip
    results = normalised(column_text(annex, "Kết quả thực hiện"))
    assert "Đã ban hành Kế hoạch số 15/KH-PGDĐT ngày 20/3/2025 <đính kèm> & gửi các trường" in results
    margins = Margins(25, 25, 35, 20)
    body_pages = [p.crop(box_of(p, margins)) for p in pages(hostile_pdf) if p.width < p.height]
    hostile = "".join("".join(p.extract_text().split()) for p in body_pages)
    assert "".join(HOSTILE_CONTENT.split()) in hostile
    assert LONG_WORD in hostile
    assert '<Mục>&"ĐÍCH"'.upper() in hostile.upper()


def test_reports_for_other_offices_print_their_names_not_constants(sample_pdfs):
    letterhead = Letterhead(
        parent_body="UBND tỉnh Lai Châu",
        issuing_body="Sở Giáo dục và Đào tạo",
        place="Lai Châu",
        abbreviation="SGDĐT",
        signer=Signer(("KT. GIÁM ĐỐC",), "Phó Giám đốc", "Trần Thị Bình"),
        recipients=("Bộ GD&ĐT (b/c)",),
    )
    plan = hostile_plan()
    pdf = render_pdf(
        replace(plan, plan=replace(plan.plan, symbol="KH-SGDĐT", number="3")), ReportOptions(letterhead)
    )
    text = pages(pdf)[0].extract_text()
    for expected in ("UBND TỈNH LAI CHÂU", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 03/KH-SGDĐT", "Lai Châu, ngày"):
        assert expected in text
    assert "PHÒNG GIÁO DỤC" not in text and "Thành phố" not in text
