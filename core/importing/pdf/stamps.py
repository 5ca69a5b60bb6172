"""Text stamped on a PDF by the signing software: the number and the day filled in on issue.

Offices issue documents through a document-management system that signs the PDF and writes
the serial number ("Số: 25") and the day ("ngày 30") into the blanks of the header as the
appearance of signature fields, not as page text. pdfium's text page does not see annotation
appearances, so they are read here with pypdf and placed where they are drawn.

A stamp that falls on a blank keeps its place in the line. A stamp drawn over a word the page
already has (a day typed, then stamped over with another) is kept out, and both readings are
reported as uncertain so that the preview asks the user instead of choosing silently.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from core.importing.pdf.words import Word

_EM_SPACE = 0.25  # advance of a space in a serif face, in ems
_EM_GLYPH = 0.5  # average advance of a digit or letter
_MAX_STAMP_HEIGHT = 40.0  # points: taller widgets are signature pictures and seals

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged annotation trees are skipped, not shouted


@dataclass(frozen=True, slots=True)
class Stamp:
    page: int  # 1-based
    words: tuple[Word, ...]


def _pieces(text: str, x: float, size: float) -> list[tuple[str, float]]:
    """Runs of non-space text with their x, estimated from glyph advances."""
    found: list[tuple[str, float]] = []
    position, current, start = x, "", x
    for ch in text:
        if ch.isspace():
            if current:
                found.append((current, start))
                current = ""
            position += _EM_SPACE * size
            continue
        if not current:
            start = position
        current += ch
        position += _EM_GLYPH * size
    if current:
        found.append((current, start))
    return found


def _appearance_runs(normal: object, width: float, height: float) -> list[tuple[str, float, float | None]]:
    """(text, x offset, font size) of what one appearance stream draws, read on a blank page."""
    import pypdf  # loaded only for PDFs (start-up time)
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    canvas = pypdf.PageObject.create_blank_page(width=max(width, 1), height=max(height, 1))
    canvas[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/S0"): normal})}
    )
    content = DecodedStreamObject()
    content.set_data(b"/S0 Do")
    canvas[NameObject("/Contents")] = content
    runs: list[tuple[str, float, float | None]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            runs.append((text, tm[4] + cm[4], size or None))

    canvas.extract_text(visitor_text=visit)
    return runs


def stamped_words(path: Path) -> list[Stamp]:
    """The text of signature-field appearances, page by page, as words in page coordinates."""
    import pypdf  # loaded only for PDFs (start-up time)

    damaged = (pypdf.errors.PyPdfError, KeyError, ValueError, TypeError, AttributeError)
    try:
        reader = pypdf.PdfReader(str(path))
        pages = list(reader.pages)
    except damaged:  # pdfium has read the page text already; the stamps are read where they can be
        return []
    stamps: list[Stamp] = []
    for number, page in enumerate(pages, start=1):
        words: list[Word] = []
        try:
            annotations = page.get("/Annots") or []
            height = float(page.mediabox.height)
            for reference in annotations:
                annotation = reference.get_object()
                if annotation.get("/Subtype") != "/Widget" or "/AP" not in annotation:
                    continue
                normal = annotation["/AP"].raw_get("/N") if "/N" in annotation["/AP"] else None
                left, bottom, right, top = (float(v) for v in annotation["/Rect"])
                if normal is None or top - bottom > _MAX_STAMP_HEIGHT:
                    continue
                for text, offset, found_size in _appearance_runs(normal, right - left, top - bottom):
                    size = found_size or (top - bottom) * 0.75
                    for piece, x in _pieces(text, left + offset, size):
                        right_edge = x + _EM_GLYPH * size * len(piece)
                        words.append(Word(piece, x, height - top, right_edge, height - bottom, size))
        except damaged:  # one damaged annotation must not stop the import
            continue
        if words:
            stamps.append(Stamp(number, tuple(words)))
    return stamps


def _overlaps(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def merge_stamps(
    words: tuple[Word, ...], stamps: tuple[Word, ...]
) -> tuple[tuple[Word, ...], tuple[str, ...]]:
    """The page's words with the stamps that fill blanks; the readings that clash, as uncertain."""
    merged = list(words)
    uncertain: list[str] = []
    for stamp in stamps:
        # The stamp's line: the page words whose vertical middle falls inside the stamp's box.
        clashing = [w for w in words if _overlaps(w, stamp) and w.text != stamp.text and w.text[:1].isdigit()]
        if clashing:
            uncertain.extend([stamp.text, *(w.text for w in clashing)])
            continue
        line = [w for w in words if stamp.top <= (w.top + w.bottom) / 2 <= stamp.bottom]
        size = line[0].size if line else stamp.size
        baseline = max((w.bottom for w in line), default=stamp.bottom)
        merged.append(Word(stamp.text, stamp.x0, baseline - size, stamp.x1, baseline, size))
    return tuple(merged), tuple(uncertain)
