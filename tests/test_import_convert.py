"""Word 97–2003 .doc and .rtf files converted through LibreOffice headless, then read as .docx."""

from __future__ import annotations

from pathlib import Path

import pytest

import core.importing.convert as convert
from cli import main
from core.importing import PlanImportError, read_plan_file, to_json

DOC = next((Path(__file__).resolve().parents[2] / "shared" / "samples" / "received").glob("16_*.doc"))


def test_libreoffice_is_installed_by_the_set_up():
    assert convert.libreoffice() is not None


def test_a_word_97_legal_text_keeps_its_diacritics_and_articles():
    result = to_json(read_plan_file(DOC))
    assert result["number"] == "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC"
    assert result["issued_on"] == "2013-12-31"
    assert result["title"] == "Quy định chính sách về giáo dục đối với người khuyết tật"
    assert any(section["title"] for section in result["sections"])
    assert result["tasks"] == []  # a legal text, not a plan: no invented tasks


def _rtf(text: str) -> bytes:
    body = "".join(
        ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?" for ch in text
    )
    return (
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 " + body.replace("\n", "\\par\n") + "}"
    ).encode()


def test_an_rtf_plan_converts(tmp_path):
    text = (
        "KẾ HOẠCH\nTổ chức ngày hội đọc sách năm 2025\n"
        "I. NHIỆM VỤ\n1. Phòng Giáo dục và Đào tạo chủ trì tổ chức ngày hội trước ngày 30/4/2025.\n"
        "2. Các trường học báo cáo kết quả trước ngày 15/5/2025.\n"
    )
    path = tmp_path / "ke-hoach.rtf"
    path.write_bytes(_rtf(text))
    result = to_json(read_plan_file(path))
    assert result["doc_type"] == "KH" and result["title"] == "Tổ chức ngày hội đọc sách năm 2025"
    assert [task["path"] for task in result["tasks"]] == ["I.1", "I.2"]


def test_a_broken_doc_is_refused_in_one_line_and_nothing_is_saved(tmp_path, db_path, capsys):
    broken = tmp_path / "hong.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    assert main(["import-plan", str(broken), "--db", str(db_path)]) == 1
    message = capsys.readouterr().err.strip()
    assert "hong.doc" in message and len(message.splitlines()) == 1
    assert not db_path.exists()


def test_without_libreoffice_or_word_the_message_names_what_to_install(monkeypatch):
    monkeypatch.setattr(convert, "libreoffice", lambda: None)
    monkeypatch.setattr(convert, "_word_available", lambda: False)
    with pytest.raises(PlanImportError) as error:
        read_plan_file(DOC)
    assert "libreoffice-writer-nogui" in str(error.value) and "16_bgddt" in str(error.value)


def test_cancelling_a_conversion_stops_libreoffice():
    class Stop(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        raise Stop

    with pytest.raises(Stop):
        read_plan_file(DOC, progress)
