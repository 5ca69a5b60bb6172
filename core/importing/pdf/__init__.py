"""PDF files → text the plan parser reads, laid out from where words stand on the page.

Each page's text layer is read with positions (pypdfium2). A page without a usable layer — a
scan, or a layer with no Vietnamese letters at all (an OCR layer made for English, a stamp) —
is read by Tesseract instead (`core.importing.ocr`). Both give `PageWords`, which
`core.importing.pdf.layout` turns into lines, columns, paragraphs and table rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.importing.errors import PlanImportError
from core.importing.pdf.extract import page_words
from core.importing.pdf.layout import layout_text
from core.importing.pdf.stamps import merge_stamps, stamped_words
from core.importing.pdf.words import PageWords
from core.importing.progress import ProgressCallback, no_progress
from core.importing.textprep import repair_pdf_text

OCR_CONFIDENCE = 60.0  # below this a word read by OCR is "uncertain"


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    pages: int
    ocr_pages: tuple[int, ...] = ()  # 1-based numbers of the pages read by OCR
    uncertain: tuple[str, ...] = ()  # OCR words below OCR_CONFIDENCE
    stamps: tuple[str, ...] = ()  # digital-signature stamps found (kept out of the text)
    warnings: tuple[str, ...] = ()


def _fail(name: str, reason: str) -> PlanImportError:
    return PlanImportError(f"Không nhập được tệp {name}: {reason}.")


def open_pdf(path: Path) -> pdfium.PdfDocument:
    name = path.name
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise _fail(name, "tệp PDF có mật khẩu; hãy lưu lại bản không khóa rồi nhập") from None
        raise _fail(name, "tệp PDF bị hỏng hoặc không đọc được") from None


def needs_ocr(page: PageWords) -> bool:
    """No text layer worth reading: a picture of a page with little or no text over it, or a layer
    of many letters without a single Vietnamese one (an OCR layer made for English)."""
    letters = [ch for word in page.words for ch in word.text if ch.isalpha()]
    if len(letters) < 40:
        return not letters or page.picture_share > 0.5
    vietnamese = sum(1 for ch in letters if not ch.isascii())
    return vietnamese < 0.02 * len(letters)


def read_pdf(path: Path, progress: ProgressCallback = no_progress) -> PdfText:
    """The text of a PDF, page by page; pages without a usable text layer go through OCR."""
    path = Path(path)
    document = open_pdf(path)
    try:
        total = len(document)
        if total == 0:
            raise _fail(path.name, "tệp PDF không có trang nào")
        pages: list[PageWords] = []
        annotated = False
        for index in range(total):
            progress(index, total, f"Đang đọc trang {index + 1}/{total}…")
            page = document[index]
            annotated = annotated or pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0
            pages.append(page_words(page, index + 1))
    finally:
        document.close()
    scanned = [page.number - 1 for page in pages if needs_ocr(page)]
    warnings: list[str] = []
    if scanned:
        # core.importing.ocr builds on this package's words; it loads once a scanned page comes.
        from core.importing.ocr import ocr_pages, tesseract_problem

        problem = tesseract_problem()
        if problem is not None:
            if len(scanned) == total:
                raise _fail(path.name, f"bản quét không có lớp chữ, cần nhận dạng chữ (OCR): {problem}")
            listed = ", ".join(str(index + 1) for index in scanned[:12])
            warnings.append(f"Bỏ qua trang quét chưa nhận dạng được chữ (trang {listed}): {problem}.")
        else:
            for page in ocr_pages(path, scanned, progress):
                pages[page.number - 1] = page
    # Stamps go in after OCR, which replaces a scanned page's words with what it reads.
    uncertain: list[str] = []
    if annotated:
        for stamp in stamped_words(path):
            page = pages[stamp.page - 1]
            words, clashes = merge_stamps(page.words, stamp.words)
            pages[stamp.page - 1] = replace(page, words=words)
            uncertain.extend(clashes)
    progress(total, total, "Đang phân tích bố cục…")
    text = repair_pdf_text(layout_text(pages))
    uncertain.extend(
        word.text for page in pages if page.ocr for word in page.words if word.confidence < OCR_CONFIDENCE
    )
    return PdfText(
        text=text,
        pages=total,
        ocr_pages=tuple(page.number for page in pages if page.ocr),
        uncertain=tuple(dict.fromkeys(uncertain)),
        stamps=tuple(stamp for page in pages for stamp in page.stamps),
        warnings=tuple(warnings),
    )
