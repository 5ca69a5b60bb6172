"""Reading a plan file: what it is by its content, its text, then the parse (see core.importing)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from core.importing.docx_reader import docx_text, open_document
from core.importing.errors import PlanImportError
from core.importing.legacy_text import ENCODING_LABELS, decode_legacy
from core.importing.parsed import (
    ParsedPlan,
)
from core.importing.progress import ProgressCallback, no_progress
from core.importing.text_parser import parse_plan_text
from core.importing.xlsx_reader import read_sheets, xlsx_text

_CONTROL_LIMIT = 0.01  # share of control characters above which "text" is really binary


def _fail(name: str, reason: str) -> PlanImportError:
    reason = " ".join(reason.split())  # one line, whatever the library put in its message
    if len(reason) > 200:
        reason = reason[:199] + "…"
    return PlanImportError(f"Không nhập được tệp {name}: {reason}.")


def decode_text(data: bytes, name: str) -> tuple[str, str | None]:
    """(text, legacy encoding or None): UTF-8 (with or without BOM), UTF-16 (with a BOM, or
    recognisable by its zero bytes), else TCVN3, VNI or Windows-1258 when the text reads clearly
    as Vietnamese in one of them (see `core.importing.legacy_text`)."""
    encoding = None
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        elif len(data) >= 4 and data[1::2].count(0) > len(data) // 4 and data[0::2].count(0) == 0:
            text = data.decode("utf-16-le")
        elif len(data) >= 4 and data[0::2].count(0) > len(data) // 4 and data[1::2].count(0) == 0:
            text = data.decode("utf-16-be")
        else:
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        found = decode_legacy(data) if b"\x00" not in data else None
        if found is None:
            reason = "không phải văn bản UTF-8 hay UTF-16 (tệp nhị phân hoặc bảng mã khác)"
            raise _fail(name, reason) from None
        text, encoding = found
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or control > _CONTROL_LIMIT * max(len(text), 1):
        raise _fail(name, "tệp nhị phân, không phải văn bản")
    return text, encoding


def _encoding_warning(encoding: str) -> str:
    return f"Văn bản dùng bảng mã {ENCODING_LABELS[encoding]}, đã chuyển sang Unicode."


def _kind(data: bytes, suffix: str, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise _fail(name, "tệp nén bị hỏng, không phải .docx hay .xlsx hợp lệ") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise _fail(name, "tệp nén không phải Word (.docx) hay Excel (.xlsx)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".xls", ".xlt"):
            raise _fail(name, "định dạng Excel cũ (.xls); hãy lưu lại thành .xlsx")
        return "doc"
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if suffix in (".docx", ".xlsx"):
        kind = "Word (.docx)" if suffix == ".docx" else "Excel (.xlsx)"
        raise _fail(name, f"không phải tệp {kind} hợp lệ")
    return "text"


def read_plan_file(path: Path, progress: ProgressCallback = no_progress) -> ParsedPlan:
    """Read a plan from a .txt (UTF-8, UTF-8 with BOM, UTF-16, TCVN3, VNI, Windows-1258), .docx,
    .xlsx, .pdf, .doc or .rtf file. Text converted from a legacy encoding says so in a warning."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "không tìm thấy tệp") from None
    except IsADirectoryError:
        raise _fail(name, "đây là một thư mục, không phải tệp") from None
    except OSError as error:
        raise _fail(name, f"không đọc được tệp ({error.strerror or error})") from None
    if not data.strip():
        raise _fail(name, "tệp rỗng")
    kind = _kind(data, path.suffix.lower(), name)
    uncertain: tuple[str, ...] = ()
    reader_warnings: tuple[str, ...] = ()
    encodings: tuple[str, ...] = ()  # legacy Vietnamese encodings the text was converted from
    if kind == "pdf":
        # pypdfium2 and the OCR and conversion helpers load only when such a file comes (start-up time).
        from core.importing.pdf import read_pdf

        extracted = read_pdf(path, progress)
        text, uncertain, reader_warnings = extracted.text, extracted.uncertain, extracted.warnings
    elif kind in ("doc", "rtf"):
        from core.importing.convert import converted_docx

        with converted_docx(path, progress) as converted:
            try:
                text, encodings = docx_text(open_document(converted))
            except ValueError as error:
                raise _fail(name, f"không đọc được tệp Word đã chuyển đổi ({error})") from None
    elif kind == "docx":
        try:
            document = open_document(path)
        except ValueError as error:
            raise _fail(name, f"tệp Word bị hỏng ({error})") from None
        text, encodings = docx_text(document)
    elif kind == "xlsx":
        try:
            sheets = read_sheets(path)
        except ValueError as error:
            raise _fail(name, f"tệp Excel bị hỏng ({error})") from None
        found = xlsx_text(sheets)
        if found is None:
            raise _fail(name, "không thấy bảng nhiệm vụ (các cột TT, Nội dung, Chủ trì, Phối hợp, Thời gian)")
        text = found
    else:
        text, encoding = decode_text(data, name)
        encodings = (encoding,) if encoding else ()
    if not text.strip():
        raise _fail(name, "tệp không có nội dung")
    parsed = parse_plan_text(text, name, progress)
    if encodings:
        reader_warnings = (*(_encoding_warning(encoding) for encoding in encodings), *reader_warnings)
    if reader_warnings:
        parsed = replace(parsed, warnings=(*reader_warnings, *parsed.warnings))
    if uncertain:  # only a PDF has them, so the OCR module is loaded already
        from core.importing.ocr import mark_unsure

        parsed = mark_unsure(parsed, uncertain)
    return parsed
