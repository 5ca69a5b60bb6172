"""OCR of scanned PDF pages with Tesseract (its Vietnamese data), into words with positions.

Each page is drawn by pdfium in grey at 200 dpi (what office scanners produce; more only slows
Tesseract) and written as a PGM file, which Tesseract reads without an imaging library. Its TSV
output gives every word with its box and confidence; the words go through the same layout step
as a born-digital page. Page segmentation mode 4 (one column of text of varying size) keeps the
header's two columns apart as separate blocks.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from core.importing.errors import PlanImportError
from core.importing.parsed import ParsedPlan
from core.importing.pdf.words import PageWords, Word
from core.importing.progress import ProgressCallback

DPI = 200
_SPECK_CONFIDENCE = 35.0
PAGE_TIMEOUT = 120  # seconds for one page; a hung Tesseract must not hang the import
INSTALL = (
    "chưa cài Tesseract OCR với dữ liệu tiếng Việt; trên Windows cài Tesseract (bản UB Mannheim) và chọn"
    " Vietnamese, trên Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie"
)
_FIELD_NAMES = {
    "number": "số văn bản",
    "issued_on": "ngày ban hành",
    "place": "địa danh",
    "issuer": "cơ quan ban hành",
    "title": "trích yếu",
    "signer": "người ký",
}


def _candidates() -> list[str]:
    found = [os.environ.get("TESSERACT_CMD", ""), shutil.which("tesseract") or ""]
    if os.name == "nt":
        for root in (
            os.environ.get("PROGRAMFILES", ""),
            os.environ.get("PROGRAMFILES(X86)", ""),
            os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs"),
        ):
            if root:
                found.append(os.path.join(root, "Tesseract-OCR", "tesseract.exe"))
    return [path for path in found if path]


@functools.cache
def tesseract_command() -> str | None:
    """The Tesseract program that can read Vietnamese, or None."""
    for command in _candidates():
        try:
            listing = subprocess.run(
                [command, "--list-langs"],
                capture_output=True,
                text=True,
                timeout=20,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        languages = {line.strip() for line in (listing.stdout + listing.stderr).splitlines()}
        if listing.returncode == 0 and "vie" in languages:
            return command
    return None


def tesseract_problem() -> str | None:
    """None when Tesseract with Vietnamese data can be run; else one line saying what to install."""
    return None if tesseract_command() is not None else INSTALL


def parse_tsv(tsv: str, scale: float) -> list[Word]:
    """Tesseract's TSV rows of words (level 5) → words in PDF points; line height as the size."""
    rows = [line.split("\t") for line in tsv.splitlines()[1:]]
    lines: dict[tuple[str, str, str], list[list[str]]] = {}
    for row in rows:
        if len(row) >= 12 and row[0] == "5" and row[11].strip():
            lines.setdefault((row[2], row[3], row[4]), []).append(row)
    words: list[Word] = []
    for members in lines.values():
        tops = [int(row[7]) for row in members]
        bottoms = [int(row[7]) + int(row[9]) for row in members]
        size = (max(bottoms) - min(tops)) / scale
        baseline = max(bottoms) / scale
        members = _without_leading_specks(members, max(bottoms) - min(tops))
        for row in members:
            left, width = int(row[6]), int(row[8])
            confidence = float(row[10])
            text = row[11].strip()
            if confidence < _SPECK_CONFIDENCE and len(text) <= 2:
                continue  # a speck, a stroke of the seal or of handwriting read as a letter
            words.append(
                Word(
                    text=unicodedata.normalize("NFC", row[11].strip()),
                    x0=left / scale,
                    top=baseline - size,
                    x1=(left + width) / scale,
                    bottom=baseline,
                    size=max(size * 0.8, 1.0),  # a line box spans ascenders to descenders: about 1.25 em
                    confidence=max(confidence, 0.0),
                )
            )
    return words


def _without_leading_specks(members: list[list[str]], height: int) -> list[list[str]]:
    """A line's first word dropped when it is a mark in the margin: a stroke of a seal or of a
    handwritten note read as "W" or "5", short, unsure and standing apart from the line."""
    while len(members) >= 2:
        first, second = members[0], members[1]
        text, confidence = first[11].strip(), float(first[10])
        gap = int(second[6]) - (int(first[6]) + int(first[8]))
        if len(text) <= 2 and (confidence < 70 or confidence < 80 and gap > 3 * height):
            members = members[1:]
        else:
            break
    return members


def _ocr_image(command: str, image: Path, name: str, number: int) -> str:
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [command, str(image), "stdout", "-l", "vie", "--psm", "4", "--dpi", str(DPI), "tsv"],
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            stdin=subprocess.DEVNULL,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        raise PlanImportError(f"Không nhập được tệp {name}: nhận dạng chữ trang {number} quá lâu.") from None
    except OSError as error:
        raise PlanImportError(f"Không nhập được tệp {name}: không chạy được Tesseract ({error}).") from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.decode("utf-8", "replace").split())[:150]
        raise PlanImportError(f"Không nhập được tệp {name}: Tesseract lỗi ở trang {number} ({detail}).")
    return done.stdout.decode("utf-8", "replace")


def ocr_pages(path: Path, indexes: Sequence[int], progress: ProgressCallback) -> list[PageWords]:
    """The words of the given pages (0-based indexes) of the PDF at `path`, read by Tesseract."""
    import pypdfium2 as pdfium  # loaded with the PDF reader that calls this

    command = tesseract_command()
    if command is None:
        raise PlanImportError(f"Không nhập được tệp {path.name}: {INSTALL}.")
    scale = DPI / 72
    pages: list[PageWords] = []
    document = pdfium.PdfDocument(str(path))
    try:
        with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as folder:
            for done, index in enumerate(indexes):
                progress(done, len(indexes), f"Đang nhận dạng chữ (OCR) trang {index + 1}/{len(document)}…")
                page = document[index]
                width, height = page.get_size()
                bitmap = page.render(scale=scale, grayscale=True)
                image = Path(folder) / f"trang-{index + 1}.pgm"
                _write_pgm(image, bitmap)
                tsv = _ocr_image(command, image, path.name, index + 1)
                pages.append(PageWords(index + 1, width, height, tuple(parse_tsv(tsv, scale)), ocr=True))
            progress(len(indexes), len(indexes), "Đã nhận dạng chữ xong")
    finally:
        document.close()
    return pages


def _write_pgm(path: Path, bitmap: object) -> None:
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride  # type: ignore[attr-defined]
    buffer = bytes(bitmap.buffer)  # type: ignore[attr-defined]
    rows = (
        buffer
        if stride == width
        else b"".join(buffer[y * stride : y * stride + width] for y in range(height))
    )
    path.write_bytes(f"P5\n{width} {height}\n255\n".encode() + rows)


def _date_tokens(parsed: ParsedPlan) -> str:
    day = parsed.issued_on
    if day is None:
        return " ".join(str(value) for value in (parsed.issued_month, parsed.issued_year) if value)
    return f"{day.day:02d} {day.month:02d} {day.day} {day.month} {day.year}"


def _field_texts(parsed: ParsedPlan) -> dict[str, str]:
    return {
        "number": " ".join(filter(None, (parsed.number, parsed.serial, parsed.symbol))),
        "issued_on": _date_tokens(parsed),
        "place": parsed.place or "",
        "issuer": " ".join(filter(None, (parsed.issuer, parsed.parent_issuer))),
        "title": parsed.title,
        "signer": " ".join(filter(None, (parsed.signer.title, parsed.signer.name))),
    }


def mark_unsure(parsed: ParsedPlan, uncertain: Sequence[str]) -> ParsedPlan:
    """`parsed` with `unsure` naming the header fields that contain words OCR was unsure of."""
    words = {word.strip(".,;:()") for word in uncertain if word.strip(".,;:()")}
    found = list(parsed.unsure)
    for field, text in _field_texts(parsed).items():
        tokens = {token.strip(".,;:()/") for token in text.replace("/", " / ").split()}
        if field not in found and words & tokens:
            found.append(field)
    if tuple(found) == parsed.unsure:
        return parsed
    names = ", ".join(_FIELD_NAMES.get(field, field) for field in found)
    warning = f"Chữ nhận dạng (OCR) chưa chắc ở: {names} — hãy kiểm tra với bản gốc."
    return replace(parsed, unsure=tuple(found), warnings=(warning, *parsed.warnings))
