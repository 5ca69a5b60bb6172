"""PDF plans: the text layer read with positions, laid out, and parsed like the text it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from cli import main
from core.importing import PlanImportError, parse_plan_text, read_plan_file, to_json
from core.importing.pdf import read_pdf
from core.importing.pdf.layout import layout_text
from core.importing.pdf.words import PageWords, Word
from core.reports.fonts import register_fonts
from tests.pdf_documents import plan_pdf

RECEIVED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "received"
COMPARED = (
    "doc_type", "number", "issuer", "parent_issuer", "place", "issued_on", "issued_year", "issued_month",
    "title", "basis", "sections", "tasks", "indicators", "responsibilities", "signer", "recipients",
)  # fmt: skip


def received(prefix: str) -> Path:
    return next(RECEIVED.glob(f"{prefix}_*.pdf"))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_sample_printed_as_an_office_prints_it_reads_back_as_its_text(samples_dir, tmp_path, prefix):
    source = next(samples_dir.glob(f"{prefix}_*.txt"))
    text = source.read_text(encoding="utf-8")
    pdf = plan_pdf(text, tmp_path / f"{prefix}.pdf")
    from_text = to_json(parse_plan_text(text, source.name))
    from_pdf = to_json(read_plan_file(pdf))
    assert {key: from_pdf[key] for key in COMPARED} == {key: from_text[key] for key in COMPARED}


@pytest.mark.parametrize(
    "prefix, number, issued_on, issuer, parent",
    [
        ("10", "25/KH-PGD&ĐT", "2020-10-30", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "UBND HUYỆN HIỆP HOÀ"),
        ("12", "500/HD-PGD&ĐT", "2020-11-06", "PHÒNG GIÁO DỤC & ĐÀO TẠO", "UBND HUYỆN HIỆP HOÀ"),
        ("13", "415/HD-PGDĐT", "2021-09-24", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "UBND HUYỆN HIỆP HÒA"),
        ("14", "453/PGDĐT", "2020-10-12", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "UBND HUYỆN HIỆP HÒA"),
    ],
)
def test_received_pdfs_give_their_header_and_signer(prefix, number, issued_on, issuer, parent):
    result = to_json(read_plan_file(received(prefix)))
    assert (result["number"], result["issued_on"]) == (number, issued_on)
    assert (result["issuer"], result["parent_issuer"]) == (issuer, parent)
    assert result["place"] in ("Hiệp Hoà", "Hiệp Hòa")
    assert result["signer"]["title"] == "TRƯỞNG PHÒNG" and result["signer"]["name"] == "Phạm Văn Hà"
    assert result["recipients"][-1] == "Lưu: VT."
    assert result["tasks"]


def test_the_number_and_day_stamped_by_the_signing_software_fill_the_blanks():
    # The text layer of 10 has blanks in "Số:    /KH-PGD&ĐT" and "ngày    tháng 10"; signature fields: 25, 30.
    text = read_pdf(received("10")).text
    assert "Số: 25 /KH-PGD&ĐT" in text and "ngày 30 tháng 10 năm 2020" in text


def test_a_stamp_over_a_typed_day_is_reported_uncertain_not_chosen():
    extracted = read_pdf(received("13"))
    assert "ngày 24 tháng 9 năm 2021" in extracted.text  # the typed day stays
    assert {"24", "29"} <= set(extracted.uncertain)


def test_pdf_font_artefacts_are_repaired():
    assert "HƯỚNG DẪN" in read_pdf(received("13")).text and "ƣ" not in read_pdf(received("13")).text
    text = read_pdf(received("12")).text
    assert "phụ huynh học sinh" in text and "\u0323" not in text and "ho ̣c" not in text


def _letters_pdf(path: Path, pages: list[list[tuple[float, float, float, str]]]) -> Path:
    """A PDF with text drawn at given places: (x, y from the top, size, text) per item, per page."""
    fonts = register_fonts()
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for items in pages:
        for x, y, size, text in items:
            drawing.setFont(fonts.regular, size)
            drawing.drawString(x, A4[1] - y, text)
        drawing.showPage()
    drawing.save()
    return path


def test_page_numbers_running_heads_footnote_marks_and_bodies_stay_out(tmp_path):
    body = "Các trường tổ chức thực hiện nghiêm túc nội dung kế hoạch của Phòng GD&ĐT"
    pages = []
    for number in range(1, 4):
        items = [(200, 40, 11, "Kế hoạch số 25/KH-PGD&ĐT"), (290, 60, 13, str(number))]
        items += [(85, 120 + 20 * line, 14, f"{body} dòng {number}.{line}") for line in range(5)]
        items += [
            (85, 240, 14, "Giao Phòng GD&ĐT"),
            (196, 234, 8, "1"),
            (85, 770, 10, "1 Chú thích cuối trang."),
        ]
        pages.append(items)
    text = read_pdf(_letters_pdf(tmp_path / "ghi-chu.pdf", pages)).text
    assert "dòng 2.3" in text and "Giao Phòng GD&ĐT" in text
    assert "Kế hoạch số 25" not in text  # the running head
    assert "Chú thích" not in text  # the footnote body
    assert "GD&ĐT1" not in text and "GD&ĐT 1" not in text  # the raised mark
    assert not any(line.strip() in ("1", "2", "3") for line in text.splitlines())  # page numbers


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path):
    plain = _letters_pdf(tmp_path / "mo.pdf", [[(85, 100, 14, "Kế hoạch")]])
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    locked = tmp_path / "khoa.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(PlanImportError) as error:
        read_plan_file(locked)
    assert "khoa.pdf" in str(error.value) and "mật khẩu" in str(error.value)
    assert "\n" not in str(error.value)


def test_a_damaged_pdf_is_refused_and_nothing_is_saved(tmp_path, db_path, capsys):
    whole = plan_pdf("KẾ HOẠCH\n\nThử\n\n1. Việc một\n\n2. Việc hai\n", tmp_path / "nguyen.pdf")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(whole.read_bytes()[:300])
    assert main(["import-plan", str(broken), "--db", str(db_path)]) == 1
    message = capsys.readouterr().err.strip()
    assert "hong.pdf" in message and len(message.splitlines()) == 1
    assert not db_path.exists()


def test_a_scan_without_ocr_installed_names_what_to_install(tmp_path, monkeypatch):
    import core.importing.ocr as ocr_module

    picture_only = _letters_pdf(tmp_path / "scan.pdf", [[], []])
    monkeypatch.setattr(ocr_module, "tesseract_problem", lambda: "cần cài Tesseract (tesseract-ocr-vie)")
    with pytest.raises(PlanImportError) as error:
        read_plan_file(picture_only)
    assert "scan.pdf" in str(error.value) and "tesseract-ocr-vie" in str(error.value)


def test_a_long_pdf_reports_each_page_and_stops_when_cancelled(tmp_path):
    lines = [[(85, 100, 14, f"Trang nội dung số {n} của kế hoạch rất dài")] for n in range(500)]
    long = _letters_pdf(tmp_path / "dai.pdf", lines)
    seen: list[tuple[int, int]] = []

    class Stop(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        seen.append((done, total))
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        read_plan_file(long, progress)
    assert seen == [(0, 500), (1, 500), (2, 500), (3, 500)]


def test_import_plan_json_reads_a_pdf(db_path, capsys):
    assert main(["import-plan", str(received("10")), "--db", str(db_path), "--dry-run", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["number"] == "25/KH-PGD&ĐT" and result["issued_on"] == "2020-10-30"


_WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãÀÁĐ", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(_WORD, st.floats(60, 500), st.floats(60, 780), st.sampled_from([10.0, 13.0, 14.0])),
            max_size=40,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_layout_keeps_every_word_of_any_page(pages):
    # Each word is unique, so that no line repeats at the top of pages as a running head would.
    built = [
        PageWords(
            number,
            595.0,
            842.0,
            tuple(
                Word(f"{text}{number}x{index}", x, y, x + 6 * len(text), y + size, size)
                for index, (text, x, y, size) in enumerate(words)
            ),
        )
        for number, words in enumerate(pages, start=1)
    ]
    text = layout_text(built)
    found = text.split()
    for page in built:
        for word in page.words:
            if word.size >= 13:  # small type at the foot of a page may be a footnote, left out on purpose
                assert word.text in found
