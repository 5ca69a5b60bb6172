"""The report of a period as printed: PDF and .docx of the hand-picked world of tests/fixtures/report_world.py
(figures worked out in tests/test_period_report.py), its annexes and charts, re-printing, the CLI."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from datetime import date

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from cli import main
from core.model import WorkState
from core.period_report import AnnexTaskRow, ReportStatus
from core.periods import parse_period
from core.report_sections import Section
from core.reports import render_docx, render_pdf
from core.reports.data import ReportOptions
from core.reports.period_data import (
    BULLET,
    HEADING,
    SUBHEADING,
    TEXT,
    Cells,
    addressee_lines,
    annex_labels,
    section_lines,
    task_rows,
)
from storage.assignments import list_assignments, list_occurrences, record_progress
from storage.database import open_database
from storage.period_reports import period_report_data
from storage.report_documents import draft_report, get_report, issue_report, save_report
from storage.reports import report_margins
from storage.settings import set_settings
from tests.fixtures.report_world import build_report_world

Q2 = parse_period("2025-Q2")
OFFICE = {
    "office.parent_body": "UBND huyện Phong Thổ",
    "office.issuing_body": "Phòng Giáo dục và Đào tạo",
    "office.place": "Phong Thổ",
    "office.abbreviation": "PGDĐT",
    "signer.title": "Trưởng phòng",
    "signer.name": "Lò Thị Mai",
    "recipients": ["Sở GD&ĐT (b/c)", "UBND huyện (b/c)"],
}
REASON = "Chưa bố trí được kinh phí"
REMEDY = "Đề nghị bổ sung kinh phí trong quý III"
SUBGROUP = "1) Công tác tham mưu"


def occurrence_of(db, units, task_path: str, unit: str) -> int:
    task_id = db.execute("SELECT id FROM tasks WHERE path = ?", (task_path,)).fetchone()[0]
    assignment = next(
        a.assignment for a in list_assignments(db, task_id) if a.assignment.unit_id == units[unit]
    )
    return list_occurrences(db, assignment.id)[0].id


def build(db):
    """The world with our office filled in and A's reason for T2 being late (A had reported already)."""
    set_settings(db, OFFICE)
    db, plan, units = build_report_world(db)
    record_progress(db, occurrence_of(db, units, "2", "A"), WorkState.NOT_STARTED, 0, None, "",
                    difficulties=REASON, proposals=REMEDY)  # fmt: skip
    return plan, units


def issued_report(db, plan):
    """The Q2 report with two addressees, a sub-heading typed into section I, issued as số 5 on 20/6/2025."""
    report = draft_report(db, "ket_qua", [plan.id], Q2, addressees=["Sở Giáo dục và Đào tạo", "UBND huyện"])
    sections = list(report.sections)
    sections[0] = dataclasses.replace(
        sections[0], text=f"{sections[0].text}\n{SUBGROUP}\n- Tham mưu kịp thời."
    )
    saved = save_report(db, dataclasses.replace(report, sections=tuple(sections)))
    return issue_report(db, saved.id, "5", date(2025, 6, 20))


def rendered(db, report) -> tuple[bytes, bytes]:
    data = period_report_data(db, report)
    options = ReportOptions(margins=report_margins(db))
    return render_pdf(data, options), render_docx(data, options)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("period") / "kehoach.sqlite3")
    plan, units = build(db)
    report = issued_report(db, plan)
    pdf, word = rendered(db, report)
    yield {"db": db, "plan": plan, "units": units, "report": report, "pdf": pdf, "docx": word}
    db.close()


def pages_text(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def annex_tables(content: bytes) -> dict[str, list[list[str]]]:
    """The table rows of each annex, by its label, continued across its pages (header row once)."""
    tables: dict[str, list[list[str]]] = {}
    label = None
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            if page.width < page.height:
                continue
            found = re.search(r"^Phụ lục( [IV]+)?$", page.extract_text(), re.MULTILINE)
            if found:
                label = found.group(0)
                tables[label] = []
            for table in page.extract_tables():
                rows = [[(cell or "").replace("\n", " ") for cell in row] for row in table]
                tables[label] += rows if not tables[label] else rows[1:]
    return tables


# ------------------------------------------------------------------------------------------ PDF
def test_the_first_page_has_header_title_addressees_opening_and_sections(world):
    first = pages_text(world["pdf"])[0]
    for line in (
        "UBND HUYỆN PHONG THỔ",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 05/BC-PGDĐT Phong Thổ, ngày 20 tháng 6 năm 2025",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch về kế hoạch năm 2025 quý II năm 2025",
        "Kính gửi: - Sở Giáo dục và Đào tạo;",
        "- UBND huyện.",
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "II. KẾT QUẢ THỰC HIỆN",
    ):
        assert line in first, line
    assert first.index("Kính gửi") < first.index("báo cáo kết quả thực hiện quý II") < first.index("I. CÔNG")


def test_the_body_has_every_section_the_annex_references_the_closing_and_the_signature(world):
    body = "\n".join(page for page in pages_text(world["pdf"]) if "Phụ lục I\n" not in page[:40])
    titles = [section.title for section in world["report"].sections]
    assert [body.index(title) for title in titles] == sorted(body.index(title) for title in titles)
    flat = " ".join(body.split())
    assert (
        "Chi tiết kết quả thực hiện từng nhiệm vụ tại Phụ lục I, kết quả theo đơn vị tại Phụ lục II,"
        " danh sách nhiệm vụ quá hạn tại Phụ lục III kèm theo." in flat
    )
    # The drafted assessment names the silent units already: the body does not say it twice.
    assert flat.count("Trường C, Trường E") == 1
    assert (
        "Trên đây là báo cáo kết quả thực hiện kế hoạch quý II năm 2025 của Phòng Giáo dục và Đào tạo./."
        in flat
    )
    for line in ("Nơi nhận:", "- Sở GD&ĐT (b/c);", "- Lưu: VT.", "TRƯỞNG PHÒNG", "Lò Thị Mai"):
        assert line in body, line


def test_sub_headings_are_bold_numbered_ones_and_italic_bracketed_ones(world):
    with pdfplumber.open(io.BytesIO(world["pdf"])) as pdf:
        words = [w for page in pdf.pages[:2] for w in page.extract_words(extra_attrs=["fontname"])]
    font = {w["text"]: w["fontname"] for w in words}
    assert font["tham"].endswith("-Italic") and font["chung"].endswith("-Bold")  # "1) Công tác tham mưu"
    assert font["Ưu"].endswith("-Bold")  # "1. Ưu điểm"
    assert section_lines("1. Kết quả chung\n a) Nội dung \n- Một ý\n\n2) Nhóm\nVăn bản") == [
        (HEADING, "1. Kết quả chung"), (SUBHEADING, "a) Nội dung"), (BULLET, "- Một ý"),
        (SUBHEADING, "2) Nhóm"), (TEXT, "Văn bản"),
    ]  # fmt: skip


def test_the_annexes_are_landscape_numbered_in_order_each_on_its_own(world):
    with pdfplumber.open(io.BytesIO(world["pdf"])) as pdf:
        starts = [
            (page.width > page.height, (page.extract_text() or "").splitlines()[0]) for page in pdf.pages
        ]
    annexes = [start for start in starts if start[0]]
    assert [text for _, text in annexes] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    text = "\n".join(pages_text(world["pdf"]))
    assert (
        text.count("(Kèm theo Báo cáo số 05/BC-PGDĐT ngày 20 tháng 6 năm 2025 của Phòng Giáo dục và Đào tạo)")
        == 3
    )


def test_the_task_annex_has_one_row_per_task_with_its_units_progress_and_status(world):
    rows = annex_tables(world["pdf"])["Phụ lục I"]
    assert rows[0] == [
        "TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ (%)", "Kết quả thực hiện",
        "Minh chứng", "Ngày hoàn thành", "Tình trạng",
    ]  # fmt: skip
    assert rows[1:] == [
        ["1", "T1", "Trường A Trường B", "", "100", "Đã xong", "", "10/06/2025", "Hoàn thành quá hạn"],
        ["2", "T2", "Trường A Trường B", "", "50", "", "", "", "Quá hạn"],
        ["3", "T3", "Trường A Trường C", "", "35", "", "", "", "Tạm dừng"],
        ["4", "T4", "Trường A", "", "0", "", "", "", "Đang thực hiện trong hạn"],
        ["5", "T5", "Trường E", "Trường D", "0", "", "", "", "Quá hạn"],
    ]


def test_the_unit_annex_adds_up_to_its_total(world):
    rows = annex_tables(world["pdf"])["Phụ lục II"]
    assert rows[0][1:] == [
        "Đơn vị", "Được giao", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn",
        "Thường xuyên", "Quá hạn", "Tạm dừng", "Tỷ lệ hoàn thành (%)",
    ]  # fmt: skip
    assert rows[1:] == [
        ["1", "Trường A", "3", "1", "0", "0", "1", "1", "0", "50"],
        ["2", "Trường B", "2", "0", "2", "0", "0", "0", "0", "100"],
        ["3", "Trường C", "1", "0", "0", "0", "0", "0", "1", "–"],
        ["4", "Trường E", "1", "0", "0", "0", "0", "1", "0", "0"],
        ["", "Tổng cộng", "7", "1", "2", "0", "1", "2", "1", "60"],
    ]
    for row in rows[1:]:
        assert int(row[2]) == sum(int(cell) for cell in row[3:9])


def test_the_overdue_annex_lists_late_work_most_late_first_with_the_reason(world):
    rows = annex_tables(world["pdf"])["Phụ lục III"]
    assert rows[0] == [
        "TT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Hạn",
        "Số ngày quá hạn",
        "Lý do, khó khăn, vướng mắc",
        "Đề xuất, biện pháp khắc phục",
    ]
    assert rows[1:] == [
        ["1", "2. T2", "Trường A", "10/03/2025", "96", REASON, REMEDY],
        ["2", "5. T5", "Trường E", "05/06/2025", "9", "", ""],
    ]


def test_the_charts_are_vector_drawings_with_their_values_after_the_results(world):
    with pdfplumber.open(io.BytesIO(world["pdf"])) as pdf:
        page = next(p for p in pdf.pages if "Biểu đồ 1" in (p.extract_text() or ""))
        text = page.extract_text()
        assert not page.images and len(page.rects) >= 6  # bars and segments, not a picture
    body = "\n".join(pages_text(world["pdf"]))
    assert body.index("II. KẾT QUẢ THỰC HIỆN") < body.index("Biểu đồ 1") < body.index("III. ĐÁNH GIÁ CHUNG")
    for label in (
        "Trường A",
        "50%",
        "100%",
        "0%",
        "Biểu đồ 2",
        "Hoàn thành quá hạn: 2 (28,57%)",
        "Tạm dừng: 1",
    ):
        assert label in text, label
    assert "Trường C" not in text.split("Biểu đồ 1")[0].split("kèm theo.")[-1]  # paused only: no rate


def test_an_empty_annex_is_left_out_and_the_others_keep_their_numbers(world):
    data = period_report_data(world["db"], world["report"])
    none_late = dataclasses.replace(data, figures=dataclasses.replace(data.figures, overdue=()))
    assert annex_labels(none_late) == {"tasks": "Phụ lục I", "units": "Phụ lục II"}
    text = "\n".join(pages_text(render_pdf(none_late, ReportOptions())))
    assert "Phụ lục II" in text and "Phụ lục III" not in text and "danh sách nhiệm vụ quá hạn" not in text
    alone = dataclasses.replace(none_late, tasks=(), figures=dataclasses.replace(none_late.figures, units=()))
    assert annex_labels(alone) == {}
    assert addressee_lines(["Sở Giáo dục và Đào tạo;"]) == ["Sở Giáo dục và Đào tạo."]


def test_a_section_row_of_the_task_annex_is_bold_with_its_other_cells_empty(world):
    data = period_report_data(world["db"], world["report"])
    grouped = dataclasses.replace(data, tasks=(AnnexTaskRow("I", "Nhóm nhiệm vụ chuyên môn", is_section=True),
                                               *data.tasks))  # fmt: skip
    rows = task_rows(grouped)
    assert rows[0] == Cells(("I", "Nhóm nhiệm vụ chuyên môn", *[""] * 7), bold=True) and not rows[1].bold
    with pdfplumber.open(io.BytesIO(render_pdf(grouped, ReportOptions()))) as pdf:
        page = next(p for p in pdf.pages if p.width > p.height)
        words = {w["text"]: w["fontname"] for w in page.extract_words(extra_attrs=["fontname"])}
    assert words["chuyên"].endswith("-Bold") and not words["T1"].endswith("-Bold")


def test_a_draft_prints_blanks_for_its_number_and_day(world):
    draft = draft_report(world["db"], "so_ket", [world["plan"].id], Q2)
    first = pages_text(rendered(world["db"], draft)[0])[0]
    assert re.search(r"Số: +/BC-PGDĐT", first)
    assert re.search(r"ngày +tháng +năm 2025", first)
    assert "Sơ kết quý II năm 2025" in first and "Kính gửi" not in first


def test_a_units_own_report_is_issued_by_the_unit_under_our_office(world):
    db = world["db"]
    report = draft_report(db, "ket_qua", [world["plan"].id], Q2, unit_id=world["units"]["E"])
    pages = pages_text(rendered(db, report)[0])
    assert "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG E" in pages[0].replace(
        " CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ""
    )
    assert [row[1] for row in annex_tables(rendered(db, report)[0])["Phụ lục I"][1:]] == ["T5"]
    # No chart of one bar: the status split is the only chart.
    assert "Biểu đồ 1. Tình trạng thực hiện" in "\n".join(pages) and "Biểu đồ 2" not in "\n".join(pages)


# ----------------------------------------------------------------------------------------- Word
def bordered(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return borders is not None and borders.find(qn("w:top")).get(qn("w:val")) == "single"


def test_the_docx_has_the_same_header_sections_tables_and_signature(world):
    document = docx.Document(io.BytesIO(world["docx"]))
    header = document.tables[0]
    header_text = "\n".join(cell.text for row in header.rows for cell in row.cells)
    for line in ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Số: 05/BC-PGDĐT", "Phong Thổ, ngày 20 tháng 6 năm 2025"):
        assert line in header_text
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    for section in world["report"].sections:
        assert section.title in texts
    assert "Kính gửi: - Sở Giáo dục và Đào tạo;" in texts and "- UBND huyện." in texts
    sub = paragraphs[texts.index(SUBGROUP)]
    assert all(run.italic for run in sub.runs)
    assert paragraphs[texts.index("1. Kết quả chung")].style.style_id == "KhHeading"
    assert len(document.inline_shapes) == 2  # the two charts, as pictures
    # Flush with the margins: LibreOffice adds 0.125" either side of a picture without its distances.
    assert all(
        shape._inline.get("distL") == shape._inline.get("distR") == "0" for shape in document.inline_shapes
    )
    assert [t for t in texts if t.startswith("Phụ lục")] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]

    data = [table for table in document.tables if bordered(table)]
    assert [len(table.rows) for table in data] == [6, 6, 3]
    for table in data:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
        assert all(
            row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:]
        )
    assert [c.text for c in data[0].rows[3].cells][4:] == ["35", "", "", "", "Tạm dừng"]
    assert " ".join(c.text for c in data[1].rows[-1].cells) == " Tổng cộng 7 1 2 0 1 2 1 60"
    assert [c.text for c in data[2].rows[1].cells][4:] == ["96", REASON, REMEDY]
    assert [c.text for c in data[2].rows[2].cells][4] == "9"
    signature = "\n".join(c.text for c in [t for t in document.tables if not bordered(t)][-1].rows[0].cells)
    assert "Nơi nhận:" in signature and "TRƯỞNG PHÒNG" in signature and "Lò Thị Mai" in signature
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert len(landscape) == 3


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice không có trên máy này")
def test_libreoffice_lays_the_docx_out_on_as_many_pages_as_the_pdf(world, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(world["docx"])
    profile = (tmp_path / "profile").resolve().as_uri()
    subprocess.run(
        [libreoffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = (tmp_path / "bao-cao.pdf").read_bytes()
    assert abs(len(pages_text(converted)) - len(pages_text(world["pdf"]))) <= 1
    text = "\n".join(pages_text(converted))
    for line in (
        "BÁO CÁO",
        "Số: 05/BC-PGDĐT",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "Phụ lục III",
        "Tổng cộng",
        "Lò Thị Mai",
    ):
        assert line in text, line


# ----------------------------------------------------------------------------------- re-printing
def test_a_saved_report_reprints_the_same_text_after_later_progress(db):
    plan, units = build(db)
    report = issued_report(db, plan)
    before = pages_text(rendered(db, report)[0])
    record_progress(
        db, occurrence_of(db, units, "5", "E"), WorkState.DONE, 100, date(2025, 6, 10), "Đã xong T5"
    )
    record_progress(db, occurrence_of(db, units, "3", "C"), WorkState.IN_PROGRESS, 80, None, "Tiếp tục")
    again = pages_text(rendered(db, get_report(db, report.id))[0])
    assert again == before
    # Not a test that cannot fail: the same report drafted today prints the new progress.
    fresh = dataclasses.replace(
        draft_report(db, "ket_qua", [plan.id], Q2), number="5", issued_on=report.issued_on
    )
    today = "\n".join(pages_text(rendered(db, fresh)[0]))
    assert "Đã xong T5" in today and "Đã xong T5" not in "\n".join(before)


def test_a_report_prints_its_own_signer_and_recipients_not_the_settings(db):
    plan, _ = build(db)
    report = dataclasses.replace(
        draft_report(db, "ket_qua", [plan.id], Q2),
        signer_authority=("KT. TRƯỞNG PHÒNG",), signer_title="Phó Trưởng phòng", signer_name="Vàng A Sử",
        recipients=("Sở GD&ĐT",), sections=(Section("results", "II. KẾT QUẢ", "Đã sửa."),),
    )  # fmt: skip
    text = "\n".join(pages_text(rendered(db, report)[0]))
    assert "KT. TRƯỞNG PHÒNG" in text and "PHÓ TRƯỞNG PHÒNG" in text and "Vàng A Sử" in text
    assert "Lò Thị Mai" not in text and "UBND huyện (b/c)" not in text
    assert "- Sở GD&ĐT;" in text and "- Lưu: VT." in text
    assert ReportStatus.PAUSED.label == "Tạm dừng"


# ------------------------------------------------------------------------------------------ CLI
@pytest.fixture
def world_db(db_path):
    db = open_database(db_path)
    plan, _ = build(db)
    saved = issued_report(db, plan)
    db.close()
    return db_path, saved.id


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_report_progress_with_a_period_drafts_and_prints_the_periods_report(
    world_db, tmp_path, capsys, suffix
):
    path, _ = world_db
    out = tmp_path / f"q2{suffix}"
    argv = ["report", "progress", "--plan", "1", "--period", "2025-Q2", "--kind", "so_ket", "--out", str(out)]
    assert main([*argv, "--db", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"Đã ghi {out}")
    if suffix == ".pdf":
        text = "\n".join(pages_text(out.read_bytes()))
    else:
        document = docx.Document(out)
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "Sơ kết quý II năm 2025" in text and "Phụ lục III" in text and "Tổng cộng" in text


def test_report_progress_for_one_unit_prints_only_its_work(world_db, tmp_path):
    path, _ = world_db
    out = tmp_path / "e.pdf"
    argv = [
        "report",
        "progress",
        "--plan",
        "1",
        "--period",
        "2025-Q2",
        "--unit",
        "Trường E",
        "--out",
        str(out),
    ]
    assert main([*argv, "--db", str(path)]) == 0
    assert [row[1] for row in annex_tables(out.read_bytes())["Phụ lục I"][1:]] == ["T5"]


def test_report_saved_reprints_the_kept_report(world_db, tmp_path):
    path, report_id = world_db
    out = tmp_path / "kept.pdf"
    assert main(["report", "saved", "--id", str(report_id), "--out", str(out), "--db", str(path)]) == 0
    db = open_database(path)
    try:
        expected = pages_text(rendered(db, get_report(db, report_id))[0])
    finally:
        db.close()
    assert pages_text(out.read_bytes()) == expected and "Số: 05/BC-PGDĐT" in expected[0]


def test_without_a_period_the_progress_report_stays_as_it_was(world_db, tmp_path):
    path, _ = world_db
    out = tmp_path / "old.pdf"
    assert (
        main(
            [
                "report",
                "progress",
                "--plan",
                "1",
                "--as-of",
                "2025-06-14",
                "--out",
                str(out),
                "--db",
                str(path),
            ]
        )
        == 0
    )
    first = pages_text(out.read_bytes())[0]
    assert "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in first and "CÔNG TÁC LÃNH ĐẠO" not in first


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["progress", "--plan", "1", "--period", "2025-Q5"], "Kỳ báo cáo «2025-Q5» không hợp lệ"),
        (["progress", "--plan", "1", "--period", "2025-2027"], "hai năm phải liền nhau"),
        (["progress", "--period", "2025-Q2"], "cần --plan"),
        (
            ["progress", "--plan", "1", "--period", "2025", "--kind", "bao_cao"],
            'Loại báo cáo "bao_cao" không có',
        ),
        (["progress", "--plan", "1", "--kind", "so_ket"], "--kind: chỉ dùng cùng --period"),
        (["progress", "--plan", "1", "--period", "2025", "--unit", "Trường Z"], "--unit"),
        (["deadlines", "--period", "2025-Q2"], "--period: chỉ dùng với report progress"),
        (["saved"], "cần --id"),
        (["saved", "--id", "99"], "Không tìm thấy báo cáo có mã số 99"),
        (["plan", "--plan", "1", "--id", "1"], "--id: chỉ dùng với report saved"),
    ],
)
def test_bad_period_arguments_exit_1_with_one_line_and_write_nothing(
    world_db, tmp_path, capsys, argv, message
):
    path, _ = world_db
    out = tmp_path / "x.pdf"
    assert main(["report", *argv, "--out", str(out), "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1 and captured.out == ""
    assert not out.exists()
