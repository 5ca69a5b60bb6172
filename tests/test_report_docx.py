"""Reports as .docx: read back with python-docx, the official layout of Nghị định 30/2020 is in the file
(A4 sections, margins, landscape annexes numbered on their own, Times New Roman 13–14, header table,
title, body, tables with repeated header rows, signature block beside 'Nơi nhận'); LibreOffice lays it
out on as many pages as the reportlab PDF, with the same text."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cli import main
from core.importing.convert import libreoffice
from core.model import Plan, TaskKind
from core.reports import markup, render_docx, render_pdf
from core.reports.data import Letterhead, Margins, PlanItem, PlanReportData, ReportOptions, Signer
from core.reports.docx.plan import item_paragraphs
from core.reports.fonts import FONTS
from core.reports.fonts import text_width as width_of
from core.reports.phrases import recipient_lines
from core.reports.plan import ANNEX_COLUMNS, _item_paragraphs
from core.reports.progress import INDICATOR_COLUMNS, TASK_COLUMNS, summary_paragraphs
from core.reports.styles import FIRST_LINE_INDENT
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
from tests.test_report_fixtures import AS_OF, BASIS, build_sample

KINDS = ("plan", "progress", "deadlines", "assignment")
DATELINE = re.compile(r"ngày (0[1-9]|[12]\d|3[01]|\s+) tháng (0[12]|[3-9]|1[0-2]|\s+) năm \d{4}")
WIDE_MARGINS = Margins(top=25, bottom=22, left=35, right=20)
EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[object, ReportOptions]]:
    """Each report's data and options, from the sample plan with progress and targets."""
    db = open_database(tmp_path_factory.mktemp("docx") / "sample.sqlite3")
    try:
        sample = build_sample(db)
        margins = report_margins(db)
        office = office_letterhead(db)
        unit = sample.units["Phòng Giáo dục và Đào tạo"]
        return {
            "plan": (
                plan_report_data(db, sample.plan.id),
                ReportOptions(plan_letterhead(db, sample.plan), margins),
            ),
            "progress": (
                progress_report_data(db, sample.plan.id, AS_OF, 7),
                ReportOptions(office, WIDE_MARGINS, number="7", issued_on=date(2025, 1, 5)),
            ),
            "deadlines": (deadline_list_data(db, AS_OF, 7), ReportOptions(office, margins)),
            "assignment": (
                assignment_sheet_data(db, unit.id, AS_OF, 7),
                ReportOptions(office, margins, issued_on=date(2025, 6, 9)),
            ),
        }
    finally:
        db.close()


@pytest.fixture(scope="module")
def files(reports) -> dict[str, bytes]:
    return {kind: render_docx(data, options) for kind, (data, options) in reports.items()}


def opened(content: bytes):
    return docx.Document(io.BytesIO(content))


def style_value(paragraph, read):
    """A formatting value as Word resolves it: the paragraph's own, else its style's, else the base's."""
    value = read(paragraph.paragraph_format)
    style = paragraph.style
    while value is None and style is not None:
        value = read(style.paragraph_format)
        style = style.base_style
    return value


def font_value(paragraph, read, run=None):
    """A font value of `run` (or the paragraph's first run) as Word resolves it."""
    run = run if run is not None else next(r for r in paragraph.runs if r.text.strip())
    value = read(run.font)
    style = paragraph.style
    while value is None and style is not None:
        value = read(style.font)
        style = style.base_style
    return value


def millimetres(*lengths) -> tuple[float, ...]:
    """Lengths in mm to a tenth (Word stores them in twentieths of a point)."""
    return tuple(round(length.mm, 1) for length in lengths)


def points(length) -> float:
    return round(length / EMU_PER_PT, 1)


def cell_paragraphs(cell) -> list:
    return [p for p in cell.paragraphs if p.text.strip()]


def rule_below(cell, text: str):
    """The empty paragraph drawn as a rule right after the paragraph reading `text`, or None."""
    paragraphs = cell.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == text)
    after = paragraphs[index + 1]
    border = after._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    return None if border is None or after.text else after


def rule_length(paragraph, column: float) -> float:
    indent = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return column - (int(indent.get(qn("w:left"))) + int(indent.get(qn("w:right")))) / 20


def is_bordered(table) -> bool:
    top = table._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:top')}")
    return top is not None and top.get(qn("w:val")) == "single"


def data_tables(document) -> list:
    return [table for table in document.tables if is_bordered(table)]


def signature_table(document):
    return next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")


def text_width(section) -> float:
    return points(section.page_width - section.left_margin - section.right_margin)


def repeats_as_header(row) -> bool:
    return row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------------------ page set-up
@pytest.mark.parametrize(
    ("kind", "annexes"), [("plan", 1), ("progress", 2), ("deadlines", 0), ("assignment", 0)]
)
def test_a4_portrait_with_the_margins_then_one_landscape_section_per_annex(reports, files, kind, annexes):
    margins = reports[kind][1].margins
    sections = opened(files[kind]).sections
    assert len(sections) == 1 + annexes
    first = sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert millimetres(first.page_width, first.page_height) == (210, 297)
    assert millimetres(first.top_margin, first.bottom_margin) == (margins.top, margins.bottom)
    assert millimetres(first.left_margin, first.right_margin) == (margins.left, margins.right)
    for annex in sections[1:]:
        assert annex.orientation == WD_ORIENT.LANDSCAPE
        assert millimetres(annex.page_width, annex.page_height) == (297, 210)
        # The same margins on the same edges of the sheet, turned with it (as the PDF).
        assert millimetres(annex.left_margin, annex.right_margin) == (margins.top, margins.bottom)
        assert millimetres(annex.top_margin, annex.bottom_margin) == (margins.left, margins.right)


def test_page_numbers_are_a_centred_page_field_from_page_two_and_restart_in_each_annex(files):
    sections = opened(files["progress"]).sections
    header = sections[0].header
    field = "".join(node.text or "" for node in header._element.iter(qn("w:instrText")))
    assert field.strip() == "PAGE"
    paragraph = header.paragraphs[0]
    assert style_value(paragraph, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    assert font_value(paragraph, lambda f: f.size, paragraph.runs[0]) in (Pt(13), Pt(14))
    assert not list(sections[0].first_page_header._element.iter(qn("w:instrText")))
    for index, section in enumerate(sections):
        assert section.different_first_page_header_footer
        numbering = section._sectPr.find(qn("w:pgNumType"))
        if index == 0:
            assert numbering is None or numbering.get(qn("w:start")) in (None, "1")
        else:
            assert numbering.get(qn("w:start")) == "1"
            # Inherits the page-number header of the document.
            assert section.header.is_linked_to_previous
        # The number sits inside the top margin.
        assert section.header_distance < section.top_margin / 2


# ------------------------------------------------------------------------------ fonts and body
@pytest.mark.parametrize("kind", KINDS)
def test_body_text_is_times_new_roman_14_justified_with_first_line_indent(files, kind):
    document = opened(files[kind])
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    assert not [name for name in fonts.attrib if name.endswith("Theme")]
    body = [p for p in document.paragraphs if p.style.name == "Nội dung văn bản" and p.text.strip()]
    assert body
    for paragraph in body:
        assert font_value(paragraph, lambda f: f.name) == "Times New Roman"
        assert font_value(paragraph, lambda f: f.size) == Pt(14)
        assert not font_value(paragraph, lambda f: f.bold)
        assert style_value(paragraph, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(points(style_value(paragraph, lambda f: f.first_line_indent)) - FIRST_LINE_INDENT) < 0.1
        assert style_value(paragraph, lambda f: f.space_after) >= Pt(6)
        line = style_value(paragraph, lambda f: f.line_spacing)
        assert Pt(14) <= line <= Pt(14 * 1.5 * 1.15)


def test_the_progress_report_body_has_its_headings_and_sentences_in_order(reports, files):
    data = reports["progress"][0]
    document = opened(files["progress"])
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    expected = [
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        *summary_paragraphs(data),
        "Chi tiết tại Phụ lục I kèm theo.",
        "II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU",
    ]
    positions = [texts.index(text) for text in expected]
    assert positions == sorted(positions)
    assert "Tỷ lệ hoàn thành: 66,67% (2/3 nhiệm vụ đã đến hạn hoặc đã hoàn thành)." in texts
    headings = [p for p in document.paragraphs if p.text.startswith(("I. ", "II. "))]
    for heading in headings:
        assert font_value(heading, lambda f: f.bold)
        assert style_value(heading, lambda f: f.keep_with_next)


def test_the_plan_prints_its_basis_in_italics_and_its_sections_and_tasks(files):
    document = opened(files["plan"])
    texts = [p.text for p in document.paragraphs]
    basis = [p for p in document.paragraphs if p.text.startswith("Căn cứ")]
    assert [p.text for p in basis] == [BASIS[0], BASIS[1]]
    assert all(font_value(p, lambda f: f.italic) for p in basis)
    section = next(p for p in document.paragraphs if p.text.startswith("I. TĂNG CƯỜNG"))
    assert font_value(section, lambda f: f.bold)
    assert any(text.startswith("1. Tiếp tục quán triệt") for text in texts)


@pytest.mark.parametrize("kind", KINDS)
def test_every_body_paragraph_reads_as_the_pdf_prints_it(reports, files, kind):
    data, options = reports[kind]
    with pdfplumber.open(io.BytesIO(render_pdf(data, options))) as pdf:
        printed = squeezed("".join(page.extract_text() for page in pdf.pages))
    document = opened(files[kind])
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert len(paragraphs) >= 5
    for text in paragraphs:
        assert squeezed(text) in printed, text


# ------------------------------------------------------------------------------ header, title
@pytest.mark.parametrize(
    ("kind", "number", "dateline"),
    [
        ("plan", "Số:     /KH-UBND", "Thành phố Lai Châu, ngày     tháng 01 năm 2025"),
        ("progress", "Số: 07/BC-PGDĐT", "Thành phố Lai Châu, ngày 05 tháng 01 năm 2025"),
        ("deadlines", "Số:     /PGDĐT", "Thành phố Lai Châu, ngày     tháng     năm 2025"),
        ("assignment", "Số:     /PGDĐT", "Thành phố Lai Châu, ngày 09 tháng 6 năm 2025"),
    ],
)
def test_header_table_agencies_national_title_motto_number_and_dateline(files, kind, number, dateline):
    document = opened(files[kind])
    header = document.tables[0]
    assert not is_bordered(header)
    left, right = header.cell(0, 0), header.cell(0, 1)
    left_width = points(left.width)
    assert 0.38 < left_width / text_width(document.sections[0]) < 0.46
    agencies = cell_paragraphs(left)
    if kind == "plan":
        assert [p.text for p in agencies] == ["UBND THÀNH PHỐ LAI CHÂU"]
        issuing = agencies[0]
    else:
        assert [p.text for p in agencies] == ["UBND THÀNH PHỐ LAI CHÂU", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]
        assert not font_value(agencies[0], lambda f: f.bold)
        issuing = agencies[1]
    assert font_value(issuing, lambda f: f.bold)
    assert font_value(issuing, lambda f: f.size) in (Pt(12), Pt(13))
    national, motto = cell_paragraphs(right)
    assert (national.text, motto.text) == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert font_value(national, lambda f: f.bold) and font_value(national, lambda f: f.size) in (
        Pt(12),
        Pt(13),
    )
    assert font_value(motto, lambda f: f.bold) and font_value(motto, lambda f: f.size) in (Pt(13), Pt(14))
    # A rule under the issuing body (1/3–1/2 of its width) and one as long as the motto.
    issuing_rule = rule_length(rule_below(left, issuing.text), left_width)
    issuing_width = min(width_of(issuing.text, FONTS.bold, 12), left_width)
    assert issuing_width / 3 - 1 <= issuing_rule <= issuing_width / 2 + 1
    motto_rule = rule_length(rule_below(right, motto.text), points(right.width))
    assert abs(motto_rule - width_of(motto.text, FONTS.bold, 13)) < 2
    number_cell, date_cell = header.cell(1, 0), header.cell(1, 1)
    assert number_cell.text == number
    assert date_cell.text == dateline and DATELINE.search(date_cell.text)
    assert font_value(date_cell.paragraphs[0], lambda f: f.italic)


@pytest.mark.parametrize(
    ("kind", "doc_type", "summary"),
    [
        ("plan", "KẾ HOẠCH", "Triển khai, thực hiện Kế hoạch số 740/KH-BCSD"),
        ("progress", "BÁO CÁO", "Kết quả thực hiện Kế hoạch số"),
        ("deadlines", "DANH SÁCH", "Nhiệm vụ quá hạn, sắp đến hạn"),
        ("assignment", "PHIẾU GIAO NHIỆM VỤ", "Đơn vị: Phòng Giáo dục và Đào tạo"),
    ],
)
def test_title_is_the_document_type_in_capitals_then_the_summary_with_a_short_rule(
    files, kind, doc_type, summary
):
    document = opened(files[kind])
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == doc_type)
    title, line = paragraphs[index], paragraphs[index + 1]
    assert line.text.startswith(summary)
    for paragraph in (title, line):
        assert style_value(paragraph, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.CENTER
        assert font_value(paragraph, lambda f: f.bold)
        assert font_value(paragraph, lambda f: f.size) in (Pt(13), Pt(14))
    rule = paragraphs[index + 2]
    assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    if kind in ("deadlines", "assignment"):
        assert paragraphs[index + 3].text == "(Tính đến ngày 10 tháng 7 năm 2025)"


# ------------------------------------------------------------------------------ tables
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("plan", [(ANNEX_COLUMNS, 1 + 7)]),
        ("progress", [(TASK_COLUMNS, 1 + 6), (INDICATOR_COLUMNS, 1 + 3)]),
        ("deadlines", [(None, 1 + 2), (None, 1 + 2)]),
        ("assignment", [(None, None), (None, None)]),
    ],
)
def test_every_table_repeats_its_header_row_and_has_a_row_per_item(reports, files, kind, expected):
    data = reports[kind][0]
    document = opened(files[kind])
    tables = data_tables(document)
    assert len(tables) == len(expected)
    if kind == "assignment":
        expected = [(None, 1 + len(data.leads)), (None, 1 + len(data.supports))]
    annex_width = text_width(document.sections[-1])
    for table, (columns, rows) in zip(tables, expected, strict=True):
        assert len(table.rows) == rows
        assert repeats_as_header(table.rows[0])
        assert not any(repeats_as_header(row) for row in table.rows[1:])
        assert all(
            p.runs and font_value(p, lambda f: f.bold) for p in (c.paragraphs[0] for c in table.rows[0].cells)
        )
        assert table.rows[0].cells[0].text == "TT"
        if columns is not None:
            assert [cell.text for cell in table.rows[0].cells] == [column.heading for column in columns]
            grid = [int(col.get(qn("w:w"))) / 20 for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
            total = sum(column.share for column in columns)
            assert abs(sum(grid) - annex_width) < 1
            for width, column in zip(grid, columns, strict=True):
                assert abs(width - annex_width * column.share / total) < 0.5


def test_the_plan_annex_has_section_rows_in_bold_and_tasks_with_their_units(files):
    table = data_tables(opened(files["plan"]))[0]
    section = table.rows[1]
    assert section.cells[0].text == "I"
    assert font_value(section.cells[1].paragraphs[0], lambda f: f.bold)
    task = table.rows[2]
    assert [cell.text for cell in task.cells][2:] == [
        "Phòng Giáo dục và Đào tạo",
        "Phòng Nội vụ\nUBND phường Tân Phong",
        "Thường xuyên",
    ]
    assert not font_value(task.cells[1].paragraphs[0], lambda f: f.bold)


def test_the_progress_annex_prints_results_as_typed(files):
    table = data_tables(opened(files["progress"]))[0]
    results = [row.cells[4].text for row in table.rows[1:]]
    assert "Đã ban hành Kế hoạch số 15/KH-PGDĐT ngày 20/3/2025 <đính kèm> & gửi các trường" in results


# ------------------------------------------------------------------------------ signature
@pytest.mark.parametrize(
    ("kind", "signer"),
    [
        ("plan", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]),
        ("progress", ["TRƯỞNG PHÒNG", "Lò Thị Mai"]),
        ("deadlines", ["TRƯỞNG PHÒNG", "Lò Thị Mai"]),
        ("assignment", ["TRƯỞNG PHÒNG", "Lò Thị Mai"]),
    ],
)
def test_signature_block_with_recipients_on_the_left(reports, files, kind, signer):
    options = reports[kind][1]
    document = opened(files[kind])
    table = signature_table(document)
    assert not is_bordered(table)
    assert len(table.rows) == 1 and len(table.columns) == 2
    left, right = table.cell(0, 0), table.cell(0, 1)
    label, *items = cell_paragraphs(left)
    assert font_value(label, lambda f: f.bold) and font_value(label, lambda f: f.italic)
    assert font_value(label, lambda f: f.size) == Pt(12)
    assert [p.text for p in items] == recipient_lines(options.letterhead.recipients)
    assert items[-1].text.startswith("- Lưu: VT")
    for item in items:
        assert font_value(item, lambda f: f.size) == Pt(11) and not font_value(item, lambda f: f.bold)
    lines = cell_paragraphs(right)
    assert [p.text for p in lines] == signer
    for line in lines:
        assert font_value(line, lambda f: f.bold) and font_value(line, lambda f: f.size) in (Pt(13), Pt(14))
        assert style_value(line, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.CENTER
    # Room for the signature and the seal above the name (about 25–30 mm).
    assert Mm(25) <= lines[-1].paragraph_format.space_before <= Mm(30)
    # The block closes the portrait part, before any annex section begins.
    if len(document.sections) > 1:
        body = document.element.body
        section_end = document.sections[0]._sectPr.getparent().getparent()
        assert body.index(table._tbl) < body.index(section_end)


# ------------------------------------------------------------------------------ user text
def test_what_a_user_typed_reads_back_as_typed_even_markup_and_control_characters():
    content = 'Nội dung <b>thẻ</b> & "ngoặc" ]]> \x01\x0bcuối\nDòng hai'
    items = (
        PlanItem("I", "", TaskKind.SECTION, title="Mục <1>", depth=0),
        PlanItem("1", content, depth=1, lead_units=("Đơn vị <A> & B",), timeframe_text="Trước 30/6"),
    )
    plan = Plan(title="Tiêu đề & <x>", symbol="KH-UBND", issued_year=2025)
    letterhead = Letterhead(
        "UBND xã A", "Trường Tiểu học B", "Xã A", "THB", Signer((), "Hiệu trưởng", "Lê C")
    )
    document = opened(render_docx(PlanReportData(plan, items=items), ReportOptions(letterhead)))
    texts = [p.text for p in document.paragraphs]
    assert '1. Nội dung <b>thẻ</b> & "ngoặc" ]]> cuối\nDòng hai' in texts
    cells = [cell.text for row in data_tables(document)[0].rows for cell in row.cells]
    assert "Đơn vị <A> & B" in cells and 'Nội dung <b>thẻ</b> & "ngoặc" ]]> cuối\nDòng hai' in cells


def test_an_office_without_a_letterhead_still_gives_a_document():
    data = PlanReportData(
        Plan(title="", symbol="", issued_year=None), items=(PlanItem("1", "Việc", depth=0),)
    )
    document = opened(render_docx(data, ReportOptions()))
    assert document.tables[0].cell(1, 0).text == "Số:     /KH"
    assert signature_table(document).cell(0, 1).text.strip() == ""


# ------------------------------------------------------------------------------ command line
@pytest.fixture
def sample_db(db_path):
    db = open_database(db_path)
    build_sample(db)
    db.close()
    return db_path


def test_report_progress_writes_a_docx_from_the_command_line(sample_db, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    argv = [
        "report",
        "progress",
        "--plan",
        "1",
        "--as-of",
        "10/07/2025",
        "--out",
        str(out),
        "--db",
        str(sample_db),
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == f"Đã ghi {out}"
    document = opened(out.read_bytes())
    assert "Tỷ lệ hoàn thành: 66,67% (2/3 nhiệm vụ đã đến hạn hoặc đã hoàn thành)." in [
        p.text for p in document.paragraphs
    ]
    assert document.tables[0].cell(1, 0).text == "Số:     /BC-PGDĐT"
    assert len(document.sections) == 3


def test_other_suffixes_are_refused_in_one_line_naming_the_file(sample_db, tmp_path, capsys):
    out = tmp_path / "bao-cao.odt"
    assert main(["report", "progress", "--plan", "1", "--out", str(out), "--db", str(sample_db)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and str(out) in captured.err and ".docx" in captured.err
    assert captured.out == "" and not out.exists()


# ------------------------------------------------------------------------------ LibreOffice
def _convert(office: str, paths: list[Path], work: Path) -> None:
    profile = (work / "profile").resolve().as_uri()
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(work / "out"), *map(str, paths)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=180)


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice không có trên máy này")
def test_libreoffice_lays_the_docx_out_on_as_many_pages_as_the_pdf_with_the_same_lines(
    reports, files, tmp_path
):
    paths = []
    for kind, content in files.items():
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(content)
        paths.append(path)
    _convert(libreoffice(), paths, tmp_path)
    key_lines = {
        "plan": [
            "KẾ HOẠCH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TM. ỦY BAN NHÂN DÂN",
            "Nguyễn Văn An",
            "Phụ lục",
        ],
        "progress": ["BÁO CÁO", "Số: 07/BC-PGDĐT", "Tỷ lệ hoàn thành: 66,67%", "Phụ lục II", "Lò Thị Mai"],
        "deadlines": ["DANH SÁCH", "I. NHIỆM VỤ QUÁ HẠN (02 nhiệm vụ)", "Nơi nhận:", "Lò Thị Mai"],
        "assignment": [
            "PHIẾU GIAO NHIỆM VỤ",
            "Đơn vị: Phòng Giáo dục và Đào tạo",
            "Nơi nhận:",
            "TRƯỞNG PHÒNG",
        ],
    }
    for kind, (data, options) in reports.items():
        with pdfplumber.open(io.BytesIO(render_pdf(data, options))) as pdf:
            expected_pages = len(pdf.pages)
        with pdfplumber.open(tmp_path / "out" / f"{kind}.pdf") as converted:
            assert abs(len(converted.pages) - expected_pages) <= 1, kind
            text = "\n".join(page.extract_text() for page in converted.pages)
            fonts = {char["fontname"].split("+")[-1] for char in converted.pages[0].chars}
        for line in key_lines[kind]:
            assert line in text, (kind, line)
        # Times New Roman, or its metric twin where it is not installed.
        assert fonts and all(re.match(r"(TimesNewRoman|LiberationSerif)", font) for font in fonts), fonts


def test_a_line_ended_by_a_line_break_is_not_stretched_in_a_justified_paragraph(files):
    # The plan and task line above a task in a cell ends in a line break; Word would justify it.
    compat = opened(files["deadlines"]).settings.element.find(qn("w:compat"))
    assert compat.find(qn("w:doNotExpandShiftReturn")) is not None


def test_the_file_properties_name_the_report_its_issuer_and_vietnamese(files):
    properties = opened(files["progress"]).core_properties
    assert properties.title.startswith("Báo cáo kết quả thực hiện Kế hoạch")
    assert (properties.author, properties.language) == ("Phòng Giáo dục và Đào tạo", "vi-VN")
    assert "python-docx" not in (properties.comments + properties.author)
    assert b"thumbnail" not in files["progress"]


@pytest.mark.parametrize(
    "item",
    [
        PlanItem("I", "Mục đích, yêu cầu", TaskKind.SECTION, depth=0),
        PlanItem("II", "Nội dung dài của mục", TaskKind.SECTION, title="Nhiệm vụ", depth=0),
        PlanItem("1", "Nội dung", TaskKind.SECTION, title="Tiêu đề nhóm", depth=1),
        PlanItem("1.2", "Tổ chức tập huấn", depth=2),
        PlanItem("a", "Việc theo chữ cái", depth=2),
        PlanItem("b)", "Nội dung chi tiết", title="Tiêu đề việc b", depth=2),
        PlanItem("2", "Nội dung chi tiết", title="Tiêu đề việc 2", depth=1),
        PlanItem("đ.", "Mục chữ cái", TaskKind.SECTION, depth=1),
        PlanItem("-", "Gạch đầu dòng", depth=3),
        PlanItem("", "Không số thứ tự", depth=1),
    ],
)
def test_a_plan_item_gives_the_paragraphs_and_weights_the_pdf_prints(item):
    printed = [(paragraph.style.name, paragraph.text) for paragraph in _item_paragraphs(item)]
    written = [(style, markup.literal(text)) for style, text in item_paragraphs(item)]
    assert written == printed


def test_no_rule_is_drawn_under_an_issuing_body_not_filled_in():
    data = PlanReportData(
        Plan(title="", symbol="", issued_year=None), items=(PlanItem("1", "Việc", depth=0),)
    )
    left = opened(render_docx(data, ReportOptions())).tables[0].cell(0, 0)
    assert not list(left._element.iter(qn("w:pBdr")))
