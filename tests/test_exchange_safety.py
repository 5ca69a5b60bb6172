"""Files that are not real, safe .xlsx workbooks get one clear line; both readers agree on good ones."""

import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from core.exchange import safety
from core.exchange.reader import calamine_available, read_values
from core.exchange.safety import ExchangeFileError, check_xlsx

BOMB = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def _workbook(path):
    workbook = Workbook()
    workbook.active["A1"] = "TT"
    workbook.active["B2"] = "Nội dung"
    workbook.save(path)
    return path


def _replace_part(source, target, part, data):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, data if item.filename == part else old.read(item.filename))
    return target


@pytest.fixture
def bomb(tmp_path):
    return _replace_part(
        _workbook(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", BOMB
    )


def test_xml_bomb_is_refused_before_any_parser_sees_it(bomb):
    with pytest.raises(ExchangeFileError) as error:
        read_values(bomb)
    assert str(error.value) == (
        "Tệp bomb.xlsx: phần xl/worksheets/sheet1.xml khai báo DTD/ENTITY"
        " (kiểu tấn công «bom XML»); từ chối đọc"
    )


def test_openpyxl_parses_through_defusedxml_and_refuses_the_bomb_by_itself(bomb):
    from defusedxml import DefusedXmlException

    safety.require_defused_xml()
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(Exception) as error:  # noqa: B017 (openpyxl wraps the parser's error in a ValueError)
        workbook = openpyxl.load_workbook(bomb)
        list(workbook.worksheets[0].iter_rows(values_only=True))
    chain = [error.value]
    while chain[-1].__context__ is not None:
        chain.append(chain[-1].__context__)
    assert any(isinstance(item, DefusedXmlException) for item in chain)


def test_refusal_without_defusedxml(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        safety.require_defused_xml()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "cu.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le"),
            "định dạng Excel cũ (.xls); hãy mở và lưu lại thành .xlsx",
        ),
        (
            "matkhau.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 600
            + "EncryptionInfo".encode("utf-16-le")
            + "EncryptedPackage".encode("utf-16-le"),
            "tệp được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại",
        ),
        (
            "baocao.xlsx",
            "TT;Nội dung;Trạng thái\n1;Rà soát;Hoàn thành\n".encode(),
            "tệp văn bản (CSV?), không phải bảng tính .xlsx",
        ),
        ("rong.xlsx", b"", "tệp rỗng"),
        (
            "anh.xlsx",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "tệp không rõ định dạng, không phải bảng tính .xlsx",
        ),
    ],
)
def test_files_that_are_not_xlsx_get_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExchangeFileError) as error:
        read_values(path)
    assert str(error.value) == f"Tệp {name}: {message}"
    assert "\n" not in str(error.value)


def test_zip_of_something_else_and_word_files_are_named(tmp_path):
    other = tmp_path / "anh.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    word = tmp_path / "congvan.xlsx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(
        ExchangeFileError, match=r"^Tệp anh\.xlsx: tệp nén không phải bảng tính Excel \(\.xlsx\)$"
    ):
        check_xlsx(other)
    with pytest.raises(ExchangeFileError, match=r"đây là tệp Word \(\.docx\)"):
        check_xlsx(word)


def test_truncated_file_is_refused(tmp_path):
    good = _workbook(tmp_path / "good.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ExchangeFileError, match=r"^Tệp cut\.xlsx: tệp bị hỏng hoặc chưa tải về hết"):
        read_values(cut)


def test_damaged_part_inside_a_valid_zip_gives_one_line(tmp_path):
    damaged = _replace_part(
        _workbook(tmp_path / "good.xlsx"),
        tmp_path / "damaged.xlsx",
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData><row",
    )
    for engine in ("openpyxl", *(("calamine",) if calamine_available() else ())):
        with pytest.raises(ExchangeFileError) as error:
            read_values(damaged, engine)
        assert str(error.value).startswith("Tệp damaged.xlsx: không đọc được bảng tính")
        assert "\n" not in str(error.value)


def test_zip_bomb_is_refused_from_the_sizes_in_the_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1024)
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 100_000)
    with pytest.raises(ExchangeFileError, match="giải nén quá lớn"):
        check_xlsx(path)


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_sheet_over_the_row_limit_is_refused_with_a_clear_message(tmp_path, monkeypatch, engine):
    if engine == "calamine" and not calamine_available():
        pytest.skip("python-calamine is not installed")
    from core.exchange import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    workbook = Workbook()
    for row in range(1, 61):
        workbook.active.append([row, f"dòng {row}"])
    workbook.save(tmp_path / "long.xlsx")
    with pytest.raises(ExchangeFileError) as error:
        read_values(tmp_path / "long.xlsx", engine)
    assert str(error.value) == "Tệp long.xlsx: trang tính «Sheet» có hơn 50 dòng (60); hãy chia nhỏ tệp"


@pytest.mark.skipif(not calamine_available(), reason="python-calamine is not installed")
def test_both_readers_give_the_same_values(tmp_path):
    from datetime import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet["C5"], sheet["D5"], sheet["E5"] = "Hoàn thành", 100.0, 80.5
    sheet["C7"] = datetime(2025, 1, 5)
    sheet["F9"] = "05/01/2025"
    sheet.merge_cells("A1:F1")
    sheet["A1"] = "BIỂU MẪU"
    hidden = workbook.create_sheet("_an")
    hidden.sheet_state = "veryHidden"
    hidden["A1"] = 42
    workbook.save(tmp_path / "mixed.xlsx")
    calamine, openpyxl_values = (
        read_values(tmp_path / "mixed.xlsx", "calamine"),
        read_values(tmp_path / "mixed.xlsx", "openpyxl"),
    )
    assert calamine == openpyxl_values
    assert calamine[0].cell(5, 4) == 100 and isinstance(calamine[0].cell(5, 4), int)
    assert calamine[1].visible is False and calamine[1].cell(1, 1) == 42
