"""Scanned PDFs through Tesseract (Vietnamese): words with positions, header fields, unsure marks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import core.importing.ocr as ocr
from core.importing import ParsedPlan, PlanImportError, read_plan_file, to_json
from core.importing.ocr import mark_unsure, ocr_pages, parse_tsv

RECEIVED = Path(__file__).resolve().parents[2] / "shared" / "samples" / "received"


def received(prefix: str) -> Path:
    return next(RECEIVED.glob(f"{prefix}_*.pdf"))


def test_tesseract_with_vietnamese_is_installed_by_the_set_up():
    assert ocr.tesseract_problem() is None  # scripts/dev.py installs tesseract-ocr and tesseract-ocr-vie


def test_a_scanned_plan_imports_through_ocr_with_its_stamped_number_and_day():
    reports: list[tuple[int, int, str]] = []
    parsed = read_plan_file(received("11"), lambda done, total, text: reports.append((done, total, text)))
    result = to_json(parsed)
    assert result["number"] == "22/KH-PGDĐT"  # the number and day come from the signing software's stamp
    assert result["issued_on"] == "2020-10-20"
    assert result["parent_issuer"] == "UBND HUYỆN HIỆP HÒA" and result["doc_type"] == "KH"
    assert result["title"].startswith("Khảo thí năm học 2020-2021")
    assert result["signer"]["name"] == "Nguyễn Văn Thảo"
    assert len(result["tasks"]) >= 10
    ocr_reports = [text for _, _, text in reports if "OCR" in text]
    assert ocr_reports == [f"Đang nhận dạng chữ (OCR) trang {n}/3…" for n in (1, 2, 3)]


def test_ocr_words_have_boxes_on_the_page_and_confidences():
    (page,) = ocr_pages(received("15"), [0], lambda *_: None)
    assert page.ocr and page.number == 1 and len(page.words) > 200
    assert all(
        0 <= w.x0 < w.x1 <= page.width + 1 and 0 <= w.top < w.bottom <= page.height + 1 for w in page.words
    )
    texts = {w.text for w in page.words}
    assert {"GIÁO", "DỤC"} <= texts
    assert any(w.confidence < 100 for w in page.words)


def test_cancelling_stops_after_the_current_page():
    class Stop(Exception):
        pass

    seen: list[int] = []

    def progress(done: int, total: int, text: str) -> None:
        seen.append(done)
        if done == 1:
            raise Stop

    with pytest.raises(Stop):
        ocr_pages(received("15"), [0, 1, 2, 3], progress)
    assert seen == [0, 1]


def test_without_tesseract_a_scan_is_refused_naming_what_to_install(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_command", lambda: None)
    with pytest.raises(PlanImportError) as error:
        read_plan_file(received("11"))
    message = str(error.value)
    assert "11_pgd" in message and "tesseract-ocr-vie" in message and "Windows" in message
    assert "\n" not in message


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def test_tsv_words_of_one_line_share_its_baseline():
    rows = [
        TSV_HEADER,
        "4\t1\t1\t1\t1\t0\t100\t200\t300\t50\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t205\t80\t40\t96.5\tKẾ",
        "5\t1\t1\t1\t1\t2\t190\t200\t120\t50\t41.0\tHOẠCH",
    ]
    words = parse_tsv("\n".join(rows), 200 / 72)
    assert [w.text for w in words] == ["KẾ", "HOẠCH"]
    assert words[0].bottom == words[1].bottom == pytest.approx(250 * 72 / 200)
    assert words[1].confidence == 41.0


@given(st.lists(st.text(min_size=0, max_size=30), max_size=20))
def test_tsv_parser_never_fails_on_damaged_output(lines):
    parse_tsv("\n".join([TSV_HEADER, *lines]), 2.0)


@pytest.mark.parametrize(
    "uncertain, expected",
    [
        (["22"], ("number",)),
        (["20"], ("issued_on",)),
        (["Thảo"], ("signer",)),
        (["Khảo", "22"], ("number", "title")),
        (["xyz"], ()),
        ([], ()),
    ],
)
def test_fields_holding_uncertain_ocr_words_are_marked_unsure(uncertain, expected):
    parsed = ParsedPlan(
        doc_type="KH",
        title="Khảo thí năm học 2020-2021",
        number="22/KH-PGDĐT",
        serial="22",
        symbol="KH-PGDĐT",
        issued_on=date(2020, 10, 20),
        place="Hiệp Hòa",
    )
    parsed = ParsedPlan(
        **{
            **{f: getattr(parsed, f) for f in parsed.__dataclass_fields__},
            "signer": type(parsed.signer)((), "PHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Thảo"),
        }
    )
    marked = mark_unsure(parsed, uncertain)
    assert set(marked.unsure) == set(expected)
    assert bool(expected) == any("OCR" in warning for warning in marked.warnings)


def test_a_provincial_scan_with_a_handwritten_number_leaves_the_number_blank():
    parsed = read_plan_file(received("15"))
    result = to_json(parsed)
    assert (result["doc_type"], result["issuer"], result["issued_on"]) == (
        "HD",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "2020-10-06",
    )
    assert result["number"] is None  # handwritten: never guessed
    assert "Không thấy số, ký hiệu văn bản." in result["warnings"]
    assert "kỹ năng sống" in result["title"] and len(result["tasks"]) >= 10
