"""Reading plan files: text encodings, Word documents, Excel annex tables, and files that are none."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from core.importing import PlanImportError, parse_plan_text, read_plan_file, to_json

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _sample_text(prefix: str) -> str:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _write_docx(path: Path, text: str, annex: str | None = None) -> Path:
    """A Word file with one paragraph per line of `text` and `annex` as a real table."""
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    if annex is not None:
        lines = annex.split("\n")
        for line in lines:
            if line.strip() and "\t" not in line:
                document.add_paragraph(line)
        rows = [line.split("\t") for line in lines if "\t" in line]
        table = document.add_table(rows=len(rows), cols=5)
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, cells, strict=False):
                cell.text = value
    document.save(path)
    return path


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_word_document_of_a_sample_gives_the_same_json(tmp_path: Path, prefix: str) -> None:
    text = _sample_text(prefix)
    path = _write_docx(tmp_path / f"{prefix}.docx", text)
    assert to_json(read_plan_file(path)) == to_json(parse_plan_text(text))


def test_word_document_with_the_annex_as_a_real_table(tmp_path: Path) -> None:
    main, annex = _sample_text("003"), _sample_text("002")
    path = _write_docx(tmp_path / "ke-hoach.docx", main, annex)
    parsed = read_plan_file(path)
    assert to_json(parsed) == to_json(parse_plan_text(main + "\n\n" + annex))
    assert len([t for t in parsed.tasks if t.path.startswith("PL.")]) == 15


def test_word_annex_alone_gives_the_annex_json(tmp_path: Path) -> None:
    annex = _sample_text("002")
    path = _write_docx(tmp_path / "phu-luc.docx", "", annex)
    assert to_json(read_plan_file(path)) == to_json(parse_plan_text(annex))


def test_word_header_table_numbering_and_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "UBND HUYỆN PHONG THỔ\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 05/KH-PGDĐT"
    header.cell(0, 1).text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Phong Thổ, ngày 05 tháng 01 năm 2025"
    )
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tổ chức Ngày hội đọc sách")
    document.add_paragraph("I. NHIỆM VỤ")
    document.add_paragraph("Trưng bày sách.", style="List Number")
    document.add_paragraph("Thi kể chuyện.", style="List Number")
    document.add_paragraph("Phụ lục")
    table = document.add_table(rows=3, cols=5)
    titles = ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell.text = title
    group = table.cell(1, 1).merge(table.cell(1, 4))
    table.cell(1, 0).text = "I"
    group.text = "Tuyên truyền"
    values = ["1", "Treo băng rôn.", "Phòng GD&ĐT", "", "Tháng 4/2025"]
    for cell, value in zip(table.rows[2].cells, values, strict=True):
        cell.text = value
    path = tmp_path / "co-bang.docx"
    document.save(path)
    parsed = read_plan_file(path)
    assert (parsed.parent_issuer, parsed.issuer) == ("UBND HUYỆN PHONG THỔ", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    assert parsed.number == "05/KH-PGDĐT"
    assert parsed.issued_on is not None and parsed.issued_on.isoformat() == "2025-01-05"
    numbered = [(t.path, t.content) for t in parsed.tasks][:2]
    assert numbered == [("I.1", "Trưng bày sách."), ("I.2", "Thi kể chuyện.")]
    assert [s.path for s in parsed.sections] == ["I", "PL", "PL.I"]
    assert parsed.sections[-1].title == "Tuyên truyền"
    last = parsed.tasks[-1]
    assert (last.path, last.lead_units, last.timeframe) == ("PL.I.1", ("Phòng GD&ĐT",), "Tháng 4/2025")


def _write_annex_xlsx(path: Path, two_row_header: bool = False) -> Path:
    """Sample 002 as a workbook: merged title rows, columns in another order."""
    lines = _sample_text("002").split("\n")
    titles = [line for line in lines if line.strip() and "\t" not in line]
    rows = [(line.split("\t") + [""] * 5)[:5] for line in lines if "\t" in line]
    order = [1, 0, 4, 3, 2]  # Nội dung, TT, Thời gian, Phối hợp, Chủ trì
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    row_number = 1
    for title in titles:
        sheet.cell(row_number, 1, title)
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=5)
        row_number += 1
    row_number += 1
    header, data = rows[0], rows[1:]
    if two_row_header:
        sheet.cell(row_number, 1, header[1])
        sheet.cell(row_number, 2, header[0])
        sheet.cell(row_number, 3, header[4])
        sheet.cell(row_number, 4, "Cơ quan thực hiện")
        sheet.merge_cells(start_row=row_number, start_column=4, end_row=row_number, end_column=5)
        sheet.cell(row_number + 1, 4, "Phối hợp")
        sheet.cell(row_number + 1, 5, "Chủ trì")
        row_number += 2
    else:
        for column, index in enumerate(order, start=1):
            sheet.cell(row_number, column, header[index])
        row_number += 1
    for cells in data:
        for column, index in enumerate(order, start=1):
            value: object = cells[index]
            sheet.cell(row_number, column, int(value) if str(value).isdigit() else (value or None))
        row_number += 1
    workbook.save(path)
    return path


@pytest.mark.parametrize("two_row_header", [False, True])
def test_excel_annex_gives_the_same_tasks_as_the_text_annex(tmp_path: Path, two_row_header: bool) -> None:
    path = _write_annex_xlsx(tmp_path / "phu-luc.xlsx", two_row_header)
    from_excel, from_text = to_json(read_plan_file(path)), to_json(parse_plan_text(_sample_text("002")))
    assert from_excel["tasks"] == from_text["tasks"]
    assert from_excel["sections"] == from_text["sections"]
    assert from_excel["title"] == from_text["title"]


def test_excel_without_a_task_table_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ tên", "Năm sinh"])
    workbook.active.append(["Nguyễn Văn An", 1980])
    path = tmp_path / "danh-sach.xlsx"
    workbook.save(path)
    with pytest.raises(PlanImportError, match="danh-sach.xlsx.*bảng nhiệm vụ"):
        read_plan_file(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_in_other_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    text = _sample_text("000")
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(text.encode(encoding))
    assert to_json(read_plan_file(path)) == to_json(parse_plan_text(text))


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.txt", b"", "rỗng"),
        ("trang.txt", b"  \n\n\t ", "rỗng"),
        ("nhi-phan.txt", bytes(range(256)) * 4, "UTF-8"),
        ("la-pdf.txt", b"%PDF-1.7\n...", "PDF"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "không chuyển được sang .docx"),
        ("gia.docx", "Không phải Word".encode(), "Word"),
        ("gia.xlsx", "Không phải Excel".encode(), "Excel"),
        ("thu.txt", "Kính gửi anh chị, hẹn gặp lại.".encode(), "không phải văn bản kế hoạch"),
    ],
)
def test_malformed_files_are_refused_with_their_name(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanImportError) as raised:
        read_plan_file(path)
    message = str(raised.value)
    assert name in message and reason in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "files", "reason"),
    [
        ("hong.docx", {"word/document.xml": "<không phải xml"}, "Word bị hỏng"),
        ("hong.xlsx", {"xl/workbook.xml": "<không phải xml"}, "Excel bị hỏng"),
        ("nen.zip", {"a.txt": "x"}, "không phải Word"),
    ],
)
def test_damaged_packages_are_refused(tmp_path: Path, name: str, files: dict[str, str], reason: str) -> None:
    path = _zip(tmp_path / name, files)
    with pytest.raises(PlanImportError, match=reason) as raised:
        read_plan_file(path)
    assert name in str(raised.value)


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PlanImportError, match="khong-co.txt"):
        read_plan_file(tmp_path / "khong-co.txt")
    with pytest.raises(PlanImportError, match="thư mục"):
        read_plan_file(tmp_path)
