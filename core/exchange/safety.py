"""Checks a spreadsheet file passes before any reader parses it, each failing with one clear line.

Returned workbooks come from outside (email, USB sticks), so before a reader sees a file it must
be a real .xlsx: not an old .xls, a CSV, a Word file or another zip, not truncated, not
password-protected, not a zip bomb, and no XML part may declare a DTD (the only way to build an
entity-expansion "billion laughs" bomb — Office never writes one). Within a file, one typed text
cell holds at most MAX_TEXT_CHARS characters (core.exchange.preview refuses the row otherwise).
openpyxl parses with defusedxml as a second line of defence; `require_defused_xml` makes sure it
really does.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from core.errors import UserError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed for one large part; real sheets stay far below
MAX_ROWS = 200_000
MAX_COLUMNS = 500
# Longest text accepted in one typed cell (a result, a difficulty, a paragraph of the unit's report):
# a page of text; more is a paste gone wrong, and it would swamp the report it is compiled into.
MAX_TEXT_CHARS = 4000
_RATIO_FLOOR = 5 * 1024 * 1024  # parts smaller than this may compress as well as they like
_PROLOG_BYTES = 64 * 1024
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExchangeFileError(UserError):
    """A spreadsheet the application refuses or cannot read; the message is one Vietnamese line."""


def refuse(name: str, reason: str) -> ExchangeFileError:
    reason = " ".join(reason.split())
    if len(reason) > 240:
        reason = reason[:239] + "…"
    return ExchangeFileError(f"Tệp {name}: {reason}")


def require_defused_xml() -> None:
    """Raise unless openpyxl parses XML through defusedxml (it falls back silently otherwise)."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError(
            "openpyxl không dùng defusedxml (thiếu gói defusedxml hoặc OPENPYXL_DEFUSEDXML=False): "
            "từ chối đọc bảng tính từ bên ngoài"
        )


def check_xlsx(path: str | Path) -> None:
    """Raise ExchangeFileError with one line unless `path` looks like a safe, real .xlsx workbook."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise refuse(name, "đây là một thư mục, không phải tệp")
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise refuse(name, "không tìm thấy tệp") from None
    except OSError as error:
        raise refuse(name, f"không đọc được tệp ({error.strerror or error})") from None
    if size == 0:
        raise refuse(name, "tệp rỗng")
    if size > MAX_FILE_BYTES:
        raise refuse(
            name, f"tệp quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB)"
        )
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise refuse(name, "tệp được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại")
        raise refuse(name, "định dạng Excel cũ (.xls); hãy mở và lưu lại thành .xlsx")
    if not head.startswith(b"PK\x03\x04"):
        if head.startswith(b"%PDF"):
            kind = "tệp PDF"
        elif _looks_like_text(path):
            kind = "tệp văn bản (CSV?)"
        else:
            kind = "tệp không rõ định dạng"
        raise refuse(name, f"{kind}, không phải bảng tính .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive, name)
    except zipfile.BadZipFile:
        raise refuse(name, "tệp bị hỏng hoặc chưa tải về hết (không đọc được tệp nén .xlsx)") from None
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as error:
        raise refuse(name, f"tệp nén .xlsx bị hỏng ({error})") from None


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise refuse(name, "đây là tệp Word (.docx), không phải bảng tính .xlsx")
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
            raise refuse(name, "định dạng LibreOffice (.ods); hãy lưu lại thành .xlsx")
        raise refuse(name, "tệp nén không phải bảng tính Excel (.xlsx)")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise refuse(
            name, f"nội dung giải nén quá lớn ({unpacked // (1024 * 1024)} MB): có thể là tệp độc hại"
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise refuse(name, "tệp được đặt mật khẩu; hãy bỏ mật khẩu rồi lưu lại")
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise refuse(
                name, f"phần {member.filename} nén bất thường (tỷ lệ quá cao): có thể là tệp độc hại"
            )
        if member.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(member) as stream:
                prolog = stream.read(_PROLOG_BYTES)
            if any(mark in prolog for mark in _DTD_MARKS):
                raise refuse(
                    name, f"phần {member.filename} khai báo DTD/ENTITY (kiểu tấn công «bom XML»); từ chối đọc"
                )


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    try:
        # Incremental, so a character cut at the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    return b"\x00" not in sample
