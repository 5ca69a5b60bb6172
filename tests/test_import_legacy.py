"""Plans typed in the legacy Vietnamese encodings: TCVN3 (ABC, .VnTime), VNI (VNI-Times), Windows-1258.

Legacy bytes are generated from known Unicode text with the importer's own tables, and the
tables are checked against text published elsewhere and, where the system has it, against the
C library's TCVN 5712 converter.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.importing import PlanImportError, parse_plan_text, read_plan_file, to_json
from core.importing import legacy_text as legacy

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
ENCODINGS = (legacy.TCVN3, legacy.VNI, legacy.CP1258)
WARNINGS = {
    legacy.TCVN3: "Văn bản dùng bảng mã TCVN3 (ABC), đã chuyển sang Unicode.",
    legacy.VNI: "Văn bản dùng bảng mã VNI, đã chuyển sang Unicode.",
    legacy.CP1258: "Văn bản dùng bảng mã Windows-1258, đã chuyển sang Unicode.",
}
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES} | {"đ"}
)


def _sample(prefix: str) -> str:
    return next(SAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _without_encoding_warning(parsed) -> dict:
    found = to_json(parsed)
    found["warnings"] = [w for w in found["warnings"] if "bảng mã" not in w]
    return found


def _as_run_text(text: str, encoding: str) -> str:
    """What Word stores for `text` typed in a legacy font: the bytes read as Windows-1252."""
    return "".join(legacy.BYTE_CHARS[byte] for byte in legacy.encode(text, encoding))


# --- the tables --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_every_vietnamese_letter_round_trips(encoding, case):
    # In a word: a TCVN3 capital on a byte 1252 reads as a quote is a letter only inside a word.
    for word in (case("th" + letter) for letter in LETTERS):
        assert legacy.decode(legacy.encode(word, encoding), encoding) == word, word


def test_tcvn3_writes_every_letter_in_one_byte_and_vni_in_at_most_two():
    for letter in LETTERS + [letter.upper() for letter in LETTERS]:
        assert len(legacy.encode(letter, legacy.TCVN3)) == 1
        assert 1 <= len(legacy.encode(letter, legacy.VNI)) <= 2


@pytest.mark.parametrize(
    "stored, expected",
    [
        # Published as examples of a TCVN3 converter.
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("M\xadêng Kh\xad¬ng", "Mường Khương"),  # ư is 0xAD, a soft hyphen in Windows-1252
        ("B¸t X¸t", "Bát Xát"),
        # Typed from the TCVN 5712:1993 table.
        ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
        ("§¶ng Céng s¶n ViÖt Nam", "Đảng Cộng sản Việt Nam"),
    ],
)
def test_tcvn3_text_reads_as_published(stored, expected):
    assert legacy.convert(stored, legacy.TCVN3) == expected


@pytest.mark.parametrize(
    "stored, expected",
    [
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("KEÁ HOAÏCH", "KẾ HOẠCH"),
        ("ngöôøi ñöôïc", "người được"),
    ],
)
def test_vni_text_reads_as_published(stored, expected):
    assert legacy.convert(stored, legacy.VNI) == expected


def test_windows_1258_tone_marks_are_composed():
    # "ệ" is ê (0xEA) followed by the combining dot below (0xF2); "á" is one byte.
    assert legacy.decode(b"Vi\xea\xf2t Nam c\xe1c", legacy.CP1258) == "Việt Nam các"
    assert unicodedata.is_normalized("NFC", legacy.decode(b"Vi\xea\xf2t", legacy.CP1258))


def _iconv_tcvn(data: bytes) -> str:
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True)
    assert result.returncode == 0
    return result.stdout.decode("utf-8")


def _iconv_has_tcvn() -> bool:
    if shutil.which("iconv") is None:
        return False
    command = ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"]
    return subprocess.run(command, input=b"a", capture_output=True).returncode == 0


@pytest.mark.skipif(not _iconv_has_tcvn(), reason="iconv without TCVN 5712")
def test_tcvn3_table_agrees_with_the_c_library():
    # After "H" every capital reads as a capital syllable, so quote-like bytes read as letters.
    # 0xB0–0xB4 are VN1's combining marks, which TCVN3 text does not use (kept as °±²³´).
    for byte in [*range(0x01, 0x18), *range(0x80, 0xB0), *range(0xB5, 0x100)]:
        if byte in (0x09, 0x0A, 0x0D):
            continue
        data = b"H" + bytes([byte])
        assert legacy.decode(data, legacy.TCVN3) == unicodedata.normalize("NFC", _iconv_tcvn(data)), hex(byte)


def test_tcvn3_quotes_stay_quotes_beside_small_letters_and_around_capitals():
    assert legacy.convert("“VÒ ®æi míi”", legacy.TCVN3) == "“Về đổi mới”"
    # "HOẠCH": Ạ is byte 0x84, which Windows-1252 reads as „.
    assert legacy.convert("“KÚ HO„CH”", legacy.TCVN3) == "“KẾ HOẠCH”"
    assert legacy.convert("Tù do – H¹nh phóc", legacy.TCVN3) == "Tự do – Hạnh phúc"


def test_font_names_tell_the_encoding():
    assert legacy.font_encoding(".VnTime") == legacy.TCVN3
    assert legacy.font_encoding(".VnArialH") == legacy.TCVN3
    assert legacy.font_encoding("VNI-Times") == legacy.VNI
    assert legacy.font_encoding("Times New Roman") is None
    assert legacy.font_encoding(None) is None
    assert legacy.capitals_font(".VnTimeH") and not legacy.capitals_font(".VnTime")


# --- generated text round trips ---------------------------------------------------------------


@st.composite
def _word(draw: st.DrawFn) -> str:
    onset = draw(st.sampled_from(["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng",
                                  "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"]))  # fmt: skip
    vowels = draw(st.sampled_from(["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa",
                                   "uô", "ươ", "iê", "ai", "ao", "ôi", "ơi", "ưu"]))  # fmt: skip
    coda = draw(st.sampled_from(["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]))
    # After a final c, ch, p or t Vietnamese writes only sắc or nặng.
    tone = draw(st.sampled_from(["\u0301", "\u0323"] if coda in ("c", "ch", "p", "t") else _TONES))
    word = unicodedata.normalize("NFC", onset + vowels[0] + tone + vowels[1:] + coda)
    word = draw(st.sampled_from([str.lower, str.capitalize, str.upper]))(word)
    # TCVN3 puts Ã Ạ Ặ Ị Ò Ỏ Õ Ó Ọ Ộ on the bytes Windows-1252 reads as quotes and dashes; such a
    # byte is a letter only inside a word in capitals, so "Ọc" or a lone "Ọ" would read as "–c", "–".
    first = legacy.BYTE_CHARS[legacy.encode(word[0], legacy.TCVN3)[0]]
    assume(first not in "“”‘’‚„–—…•" or (word.isupper() and len(word) > 1))
    return word


# Punctuation stands apart from the words: in TCVN3, "“" next to a capital is the same byte as "Ỏ".
_TEXT = st.lists(
    st.one_of(_word(), st.sampled_from(["“", "”", "–", "…", ",", ".", "12/KH-UBND", "2024", "(a)", "\n"])),
    min_size=1,
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(ENCODINGS))
def test_generated_vietnamese_text_round_trips(text, encoding):
    data = legacy.encode(text, encoding)
    assert legacy.decode(data, encoding) == text
    assert legacy.encode(legacy.decode(data, encoding), encoding) == data


@settings(max_examples=200, deadline=None)
@given(st.lists(_word(), min_size=12, max_size=80).map(" ".join), st.sampled_from(ENCODINGS))
def test_generated_text_is_never_read_in_the_wrong_encoding(text, encoding):
    found = legacy.decode_legacy(legacy.encode(text, encoding))
    assert found is None or found == (text, encoding)
    # A few words may read as Vietnamese in two encodings ("aù" is "á" in VNI, "aù" in 1258);
    # a varied text does not.
    if len({word for word in text.split() if not word.isascii()}) >= 25:
        assert found == (text, encoding)


# --- .txt files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_sample_in_a_legacy_encoding_reads_as_its_utf8_file(tmp_path, prefix, encoding):
    text = _sample(prefix)
    utf8 = read_plan_file(next(SAMPLES.glob(f"{prefix}_*.txt")))
    legacy_file = tmp_path / f"{prefix}-{encoding}.txt"
    legacy_file.write_bytes(legacy.encode(text, encoding))
    parsed = read_plan_file(legacy_file)
    assert parsed.warnings[0] == WARNINGS[encoding]
    assert _without_encoding_warning(parsed) == to_json(utf8)
    assert parsed.source_text == utf8.source_text


def test_random_binary_junk_is_still_refused_with_the_old_message(tmp_path):
    junk = tmp_path / "rac.txt"
    junk.write_bytes(random.Random(13).randbytes(8192))
    with pytest.raises(PlanImportError) as error:
        read_plan_file(junk)
    message = str(error.value)
    assert "\n" not in message
    assert message == (
        "Không nhập được tệp rac.txt: không phải văn bản UTF-8 hay UTF-16 (tệp nhị phân hoặc bảng mã khác)."
    )


def test_western_european_text_is_not_taken_for_vietnamese(tmp_path):
    french = tmp_path / "menu.txt"
    line = "Le café est très bon, déjà vu à la crème brûlée et à l'élève.\n"
    french.write_bytes(line.encode("latin-1") * 20)
    with pytest.raises(PlanImportError, match="không phải văn bản UTF-8 hay UTF-16"):
        read_plan_file(french)


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=3000))
def test_any_bytes_give_nfc_text_in_a_legacy_encoding_or_none(data):
    legacy_result = legacy.decode_legacy(data)
    if legacy_result is not None:
        text, encoding = legacy_result
        assert encoding in ENCODINGS and unicodedata.is_normalized("NFC", text)


# --- .docx runs in legacy fonts ---------------------------------------------------------------


def _tcvn3_paragraph(document, line: str) -> None:
    """A line as an ABC user typed it: capitals in .VnTimeH, other words in .VnTime, and a word
    with a capital TCVN3 keeps on a control byte (not allowed in a .docx) in Unicode."""
    paragraph = document.add_paragraph()
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        paragraph.add_run(_as_run_text(line.lower(), legacy.TCVN3)).font.name = ".VnTimeH"
        return
    for index, word in enumerate(line.split(" ")):
        text = (" " if index else "") + word
        stored = _as_run_text(text, legacy.TCVN3)
        if any(ord(ch) < 0x20 for ch in stored):
            paragraph.add_run(text).font.name = "Times New Roman"
        else:
            paragraph.add_run(stored).font.name = ".VnTime"


def test_docx_with_vntime_runs_reads_as_unicode(tmp_path):
    text = _sample("000")
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            _tcvn3_paragraph(document, line)
    path = tmp_path / "abc.docx"
    document.save(path)
    unicode_document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            unicode_document.add_paragraph(line)
    expected_path = tmp_path / "unicode.docx"
    unicode_document.save(expected_path)
    parsed = read_plan_file(path)
    assert parsed.warnings[0] == WARNINGS[legacy.TCVN3]
    assert _without_encoding_warning(parsed) == to_json(read_plan_file(expected_path))


def test_docx_whose_normal_style_is_vni_times_reads_as_unicode(tmp_path):
    text = _sample("001")
    document = docx.Document()
    document.styles["Normal"].font.name = "VNI-Times"
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(_as_run_text(line, legacy.VNI))
    path = tmp_path / "vni.docx"
    document.save(path)
    parsed = read_plan_file(path)
    assert parsed.warnings[0] == WARNINGS[legacy.VNI]
    assert parsed.title and parsed.title in text
    assert [task.content for task in parsed.tasks] == [task.content for task in parse_plan_text(text).tasks]


def test_docx_typed_in_unicode_under_a_vntime_style_is_left_alone(tmp_path):
    text = _sample("000")
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / "unicode-vntime.docx"
    document.save(path)
    parsed = read_plan_file(path)
    assert not any("bảng mã" in warning for warning in parsed.warnings)
    assert parsed.title and parsed.title in text


def test_vntime_table_cells_are_converted(tmp_path):
    document = docx.Document()
    document.styles["Normal"].font.name = ".VnTime"
    document.add_paragraph(_as_run_text("kế hoạch triển khai các nhiệm vụ năm học", legacy.TCVN3))
    table = document.add_table(rows=2, cols=2)
    cells = [("Nội dung", "Đơn vị chủ trì"), ("Tổ chức tập huấn cho giáo viên", "Phòng Giáo dục và Đào tạo")]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = _as_run_text(value, legacy.TCVN3)
    path = tmp_path / "bang.docx"
    document.save(path)
    from core.importing.docx_reader import docx_text, open_document

    text, encodings = docx_text(open_document(path))
    assert encodings == (legacy.TCVN3,)
    assert "Tổ chức tập huấn cho giáo viên\tPhòng Giáo dục và Đào tạo" in text
