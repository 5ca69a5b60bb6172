"""OCR of scanned PDF pages with Tesseract (its Vietnamese data), into words with positions.

(Being written: see issue 10. Interface used by core.importing.pdf and read_plan_file.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.importing.parsed import ParsedPlan
from core.importing.pdf.words import PageWords
from core.importing.progress import ProgressCallback


def tesseract_problem() -> str | None:
    """None when Tesseract with Vietnamese data can be run; else one line saying what to install."""
    raise NotImplementedError


def ocr_pages(path: Path, indexes: Sequence[int], progress: ProgressCallback) -> list[PageWords]:
    """The words of the given pages (0-based indexes) of the PDF at `path`, read by Tesseract."""
    raise NotImplementedError


def mark_unsure(parsed: ParsedPlan, uncertain: Sequence[str]) -> ParsedPlan:
    """`parsed` with `unsure` naming the header fields that contain words OCR was unsure of."""
    raise NotImplementedError
