"""Raw document text → clean lines and paragraphs, whatever produced the text.

Text reaches the importer from Word files, from PDFs (`pdftotext`, with or without
`-layout`) and from other converters, so it carries noise: HTML tags (`<p>`, `<i>`),
Markdown emphasis (`*…*`), page breaks that cut a paragraph in two, two columns printed side
by side on one line, and table rows as tab-separated cells. This module removes the noise and
re-joins paragraphs; the structure is read by the other modules from what it returns.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from core.importing.units import UPPER
from core.vntext import nfc

PARA_BREAK = "\u2029"  # a paragraph break inside one table cell

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
_PARA_TAGS = re.compile(r"</p>\s*<p(?:\s[^<>]{0,200})?>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,200})?\s*/?>")
_EMPHASIS = re.compile(r"(?<![*\w])\*{1,2}(?=\S)([^*\n]{1,800}?)(?<=\S)\*{1,2}(?![*\w])")
_QUOTE_SPACE = re.compile(r"([“(\[])\s+|\s+([”)\]])")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_UNDERLINE = re.compile(r"^[\s_\-–—=*.·…]{3,}$")

# --- markers that start a paragraph --------------------------------------------------------

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
ROMAN = re.compile(r"^(?P<ord>X{0,3}(?:IX|IV|V?I{0,3}))\s*[.\-–—:)]\s*(?P<text>\S.*)$")
ARABIC_MULTI = re.compile(
    rf"^(?P<ord>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})(?:\.\s*|\s+)(?P<text>[{UPPER}“\"(].*)$"
)
ARABIC = re.compile(r"^(?P<ord>\d{1,2})\s*(?:[.)]|\s[-–])\s*(?P<text>[^\W\d_“\"(].*|[“\"(].*)$")
LETTER = re.compile(rf"^(?P<ord>[a-zđ])\s*(?:\)\s*|\.\s+(?=[{UPPER}]))(?P<text>\S.*)$")
BULLET = re.compile(r"^(?P<ord>[-–—+•·▪◦■□●○➢➤✓*])\s*(?P<text>[^\s\d\-–—+].*|\d+\D.*)$")
AUTHORITY = re.compile(rf"^(?:TM|T/M|KT|K/T|Q|TL|T/L|TUQ|T\.U\.Q)\s*\.?\s+[{UPPER}]{{2,}}")
RECIPIENTS_LABEL = re.compile(r"^n[ơo]i\s+nh[ậa]n\b\s*:?", re.IGNORECASE)
ANNEX_START = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?P<rest>.*)$")
BASIS_START = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Theo)\b")

# Document-type words as printed in the title line, with their official code.
DOC_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "CTr"),
    ("CHƯƠNG TRÌNH", "CTr"),
    ("KẾ HOẠCH", "KH"),
    ("BÁO CÁO", "BC"),
    ("QUYẾT ĐỊNH", "QĐ"),
    ("THÔNG BÁO", "TB"),
    ("HƯỚNG DẪN", "HD"),
    ("NGHỊ QUYẾT", "NQ"),
    ("CHỈ THỊ", "CT"),
    ("KẾT LUẬN", "KL"),
)


def roman_value(text: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text]
    for index, value in enumerate(values):
        total += -value if index + 1 < len(values) and values[index + 1] > value else value
    return total


def roman_match(text: str) -> re.Match[str] | None:
    match = ROMAN.match(text)
    return match if match and match["ord"] else None


def doc_type_line(text: str) -> tuple[str, str] | None:
    """("KH", rest of the line) when `text` is a title line such as "KẾ HOẠCH"."""
    for words, code in DOC_TYPE_WORDS:
        if text.startswith(words):
            rest = text[len(words):].strip()
            if not rest or rest[:1] in ":-–" or rest.isupper() or rest[:1].isupper():
                return code, rest.lstrip(":-– ")
    return None


def is_marker(text: str) -> bool:
    """Does this paragraph start a numbered or bulleted item or a structural line?"""
    return bool(
        roman_match(text)
        or ARABIC_MULTI.match(text)
        or ARABIC.match(text)
        or LETTER.match(text)
        or BULLET.match(text)
        or AUTHORITY.match(text)
        or RECIPIENTS_LABEL.match(text)
        or text.startswith("Căn cứ")
        or doc_type_line(text) and text.isupper()
    )


# --- cleaning --------------------------------------------------------------------------------


def _unescape(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def normalise(text: str) -> str:
    """NFC text with one kind of line break, no control characters, entities or emphasis marks.

    Paragraph tags between two paragraphs of a table cell become `PARA_BREAK`; outside tables
    they become a blank line. Every other tag is removed. A form feed (page break) becomes a
    blank line.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _CONTROL.sub("", text)
    lines: list[str] = []
    for line in text.split("\n"):
        if "<" in line:
            separator = PARA_BREAK if "\t" in line else "\n\n"
            line = _PARA_TAGS.sub(separator, line)
            line = _TAG.sub(" ", line)
        if "&" in line:
            line = _ENTITY.sub(_unescape, line)
        if "*" in line:
            line = _EMPHASIS.sub(r"\1", line)
        lines.append(line)
    return "\n".join(lines)


def tidy(text: str) -> str:
    """One line of text with single spaces, no stray spaces inside quotes or brackets."""
    text = _SPACES.sub(" ", text.replace("\t", " ")).strip()
    text = _QUOTE_SPACE.sub(lambda m: m.group(1) or m.group(2), text)
    return text


def tidy_cell(text: str) -> str:
    """A table cell: its paragraphs tidied and kept apart by `PARA_BREAK`."""
    parts = [tidy(part) for part in text.split(PARA_BREAK)]
    return PARA_BREAK.join(part for part in parts if part)


def is_underline(text: str) -> bool:
    return bool(_UNDERLINE.match(text))


# --- lines, columns and paragraphs ------------------------------------------------------------

_GAP = re.compile(r"\t+| {3,}")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    raw: str
    text: str  # stripped and tidied; "" for a blank line
    indent: int
    blank_before: bool


def to_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped or is_underline(stripped):
            blank = True
            lines.append(Line(raw, "", 0, blank))
            continue
        expanded = raw.expandtabs(8) if "\t" not in stripped else raw
        indent = len(expanded) - len(expanded.lstrip())
        lines.append(Line(raw, stripped if "\t" in stripped else tidy(stripped), indent, blank))
        blank = False
    return lines


def columns(line: Line) -> list[tuple[int, str]]:
    """The pieces of a line printed as side-by-side columns, with their start positions.

    `pdftotext -layout` keeps the two columns of a header or signature block on one line,
    separated by a run of spaces; Word tables exported as text use tabs.
    """
    raw = line.raw.rstrip()
    pieces: list[tuple[int, str]] = []
    position = 0
    for match in _GAP.finditer(raw):
        piece = raw[position:match.start()]
        if piece.strip():
            pieces.append((position + len(piece) - len(piece.lstrip()), tidy(piece)))
        position = match.end()
    tail = raw[position:]
    if tail.strip():
        pieces.append((position + len(tail) - len(tail.lstrip()), tidy(tail)))
    return pieces


@dataclass(frozen=True, slots=True)
class Row:
    """A tab-separated table row."""

    cells: tuple[str, ...]
    blank_before: bool


Block = str | Row

_TERMINAL = (".", ";", ":", "!", "?", "./.", "…")


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”\"' )").endswith(_TERMINAL) or text.endswith(("”", '"', ")"))


def _is_heading_like(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def paragraphs(lines: list[Line]) -> list[Block]:
    """Join wrapped lines and page-split paragraphs back together; keep table rows apart.

    Blank-line separated text (one paragraph per line, as Word or plain `pdftotext` give
    it): a paragraph continues the previous one when it starts in lower case, or with a
    number that is not a list marker, or when the previous plain paragraph is long and stops
    mid-sentence (a page break). Wrapped text without blank lines (`pdftotext -layout`): a
    line continues the previous one unless it is indented further (a first-line indent),
    starts a list item, or the previous line stops well short of the text width.
    """
    text_lines = [ln for ln in lines if ln.text and "\t" not in ln.raw]
    widths = sorted(len(ln.raw.rstrip()) for ln in text_lines)
    width = widths[int(len(widths) * 0.9)] if widths else 0
    indents = [ln.indent for ln in text_lines]
    base_indent = max(set(indents), key=indents.count) if indents else 0
    blocks: list[Block] = []
    previous_line: Line | None = None
    for line in lines:
        if not line.text:
            continue
        if "\t" in line.raw.strip("\n"):
            cells = tuple(tidy_cell(cell) for cell in line.raw.split("\t"))
            blocks.append(Row(cells, line.blank_before))
            previous_line = None
            continue
        text = line.text
        if _PAGE_NUMBER.match(text):
            continue  # a page number printed alone between two pages
        last = blocks[-1] if blocks else None
        if isinstance(last, str) and previous_line is not None and _continues(
            last, text, line, previous_line, width, base_indent
        ):
            blocks[-1] = f"{last} {text}"
        else:
            blocks.append(text)
        previous_line = line
    return blocks


def _continues(previous: str, text: str, line: Line, previous_line: Line, width: int, base: int) -> bool:
    if is_marker(text) or ANNEX_START.match(text) or previous.endswith("./."):
        return False
    if _is_heading_like(previous) and not _is_heading_like(text):
        return False
    first = text[0]
    if line.blank_before:
        if first.islower():
            return True
        if _ends_sentence(previous) or is_marker(previous):
            return False
        return first.isdigit() or len(previous) >= 200
    # Wrapped lines.
    if line.indent > base + 1 and previous_line.indent <= base + 1 and not first.islower():
        return False
    if first.islower():
        return True
    return len(previous_line.raw.rstrip()) >= 0.75 * width and not _is_heading_like(text)
