"""One PDF page's text layer → words with positions and the ruled lines drawn on it (pypdfium2).

pdfium gives characters with their boxes in PDF space (origin bottom-left). Words are built
here from geometry rather than from the spaces pdfium guesses: Word-exported PDFs set a
Vietnamese tone mark as a separate glyph drawn over its letter, and pdfium then inserts a
space before the mark ("phu ̣ huynh"); a mark is therefore joined to the letter it sits on.
Small raised characters (footnote marks glued to a word: "GD&ĐT¹.") are left out.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.importing.pdf.words import PageWords, Rule, Word

_BOLD_WEIGHT = 600
_RULE_THICKNESS = 2.5  # points: thicker shapes are shading or pictures, not borders
# PDF-font artefacts: fonts whose "ư" glyph is mapped to LATIN SMALL LETTER OI.
_LETTER_REPAIRS = str.maketrans({"ƣ": "ư", "Ƣ": "Ư"})


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    space_before: bool  # the PDF has a real (not generated) space before this character


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


def _chars(textpage: pdfium.PdfTextPage, page_height: float) -> list[_Char]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
    raw = textpage.raw
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    chars: list[_Char] = []
    pending_space = False
    for index, ch in enumerate(text):
        generated = pdfium_c.FPDFText_IsGenerated(raw, index) == 1
        if ch.isspace() or ch == "\x00" or generated:
            if not generated and ch.isspace():
                pending_space = True
            continue
        # The loose box spans the font's ascent to descent and the glyph's advance, so letters
        # of one word touch and a space shows as a gap.
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, ctypes.byref(box)):
            continue
        left, right, top, bottom = box.left, box.right, box.top, box.bottom
        pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or (top - bottom)
        weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
        chars.append(
            _Char(
                text=ch.translate(_LETTER_REPAIRS),
                x0=left,
                x1=right,
                top=page_height - top,
                bottom=page_height - bottom,
                baseline=page_height - origin_y.value,
                size=size,
                bold=weight >= _BOLD_WEIGHT,
                space_before=pending_space,
            )
        )
        pending_space = False
    return chars


def _is_raised_mark(char: _Char, base: _Char) -> bool:
    """A footnote reference: smaller than the text it follows and set above its baseline."""
    return (
        char.size < 0.8 * base.size
        and base.baseline - char.baseline > 0.2 * base.size
        and (char.text.isdigit() or char.text in "*)")
    )


_VOWELS = set("aeiouyAEIOUY")


def place_marks(text: str) -> str:
    """Tone and shape marks moved onto the vowel they belong to, then NFC.

    Fonts that draw a mark as its own glyph may emit it a letter late ("viêc̣", "hoc̣") or after
    the punctuation that follows its vowel ("vi.̣"); in Vietnamese a mark sits on a vowel, so
    each mark goes back to the nearest vowel at most three letters before it.
    """
    decomposed = unicodedata.normalize("NFD", text)
    out: list[str] = []
    for ch in decomposed:
        if not _is_mark(ch) or not out:
            out.append(ch)
            continue
        position = len(out)
        letters_back = 0
        while position > 0 and letters_back <= 3:
            before = out[position - 1]
            if _is_mark(before):
                position -= 1
                continue
            if before in _VOWELS:
                break
            letters_back += 1
            position -= 1
        if position > 0 and out[position - 1] in _VOWELS:
            while position < len(out) and _is_mark(out[position]):
                if out[position] == ch:
                    break  # the letter already carries this mark: a glyph printed twice
                position += 1
            else:
                out.insert(position, ch)
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _words(chars: list[_Char]) -> list[Word]:
    words: list[Word] = []
    current: list[_Char] = []
    raised_after: _Char | None = None

    def flush() -> None:
        if not current:
            return
        text = place_marks("".join(c.text for c in current))
        if words and not any(ch.isalnum() for ch in text) and any(_is_mark(ch) for ch in text):
            # Punctuation carrying the mark of the word before it ("bô ,̣"): the mark goes back.
            marks = "".join(ch for ch in text if _is_mark(ch))
            words[-1] = replace(words[-1], text=place_marks(words[-1].text + marks))
            text = "".join(ch for ch in text if not _is_mark(ch))
        base = [c for c in current if not _is_mark(c.text)] or current
        size = max(base, key=lambda c: c.size).size
        words.append(
            Word(
                text=text,
                x0=min(c.x0 for c in base),
                top=min(c.top for c in base),
                x1=max(c.x1 for c in base),
                bottom=max(c.bottom for c in base),
                size=size,
                bold=sum(c.bold for c in base) * 2 > len(base),
            )
        )
        current.clear()

    for char in chars:
        previous = current[-1] if current else None
        if _is_mark(char.text) and previous is not None:
            current.append(char)  # placed on its vowel by place_marks
            continue
        base = next((c for c in reversed(current) if not _is_mark(c.text)), None)
        if base is not None and _is_raised_mark(char, base):
            raised_after = base
            continue
        if base is None and raised_after is not None and _is_raised_mark(char, raised_after):
            continue
        if base is not None:
            same_line = abs(char.baseline - base.baseline) < 0.5 * max(base.size, char.size)
            gap = char.x0 - base.x1
            joined = same_line and not char.space_before and -0.5 * base.size < gap < 0.12 * base.size
            if not joined:
                flush()
                raised_after = None
        current.append(char)
    flush()
    return words


def _thin(left: float, bottom: float, right: float, top: float, page_height: float) -> Rule | None:
    left, right = min(left, right), max(left, right)
    bottom, top = min(bottom, top), max(bottom, top)
    if min(right - left, top - bottom) <= _RULE_THICKNESS and max(right - left, top - bottom) >= 4:
        return Rule(left, page_height - top, right, page_height - bottom)
    return None


def _segments(obj: pdfium.PdfObject, page_height: float) -> list[Rule]:
    """The straight strokes of one path that draws many lines at once (a whole table grid)."""
    matrix = obj.get_matrix()
    a, b, c, d, e, f = matrix.get()
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    x, y = ctypes.c_float(), ctypes.c_float()
    found: list[Rule] = []
    last: tuple[float, float] | None = None
    for index in range(max(count, 0)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            rule = _thin(last[0], last[1], point[0], point[1], page_height)
            if rule is not None:
                found.append(rule)
        last = point
    return found


def _rules(page: pdfium.PdfPage, page_height: float) -> list[Rule]:
    """Thin filled or stroked shapes: table borders and underlines."""
    found: list[Rule] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        rule = _thin(left, bottom, right, top, page_height)
        if rule is not None:
            found.append(rule)
        elif pdfium_c.FPDFPath_CountSegments(obj.raw) > 5:
            found.extend(_segments(obj, page_height))
    return found


def page_words(page: pdfium.PdfPage, number: int) -> PageWords:
    """The words and rules of one page, in page coordinates from the top-left, in points."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(_chars(textpage, height))
    finally:
        textpage.close()
    return PageWords(
        number, width, height, tuple(words), tuple(_rules(page, height)), picture_share=_picture_share(page)
    )


def _picture_share(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    largest = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        largest = max(
            largest,
            max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0)),
        )
    return largest / (width * height) if width and height else 0.0
