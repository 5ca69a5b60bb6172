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
import unicodedata
from dataclasses import dataclass

from core.importing.units import UPPER, starts_unit_name
from core.vntext import nfc, search_key

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
    ("THÔNG TƯ LIÊN TỊCH", "TTLT"),
    ("THÔNG TƯ", "TT"),
    ("NGHỊ ĐỊNH", "NĐ"),
    ("ĐỀ ÁN", "ĐA"),
    ("PHƯƠNG ÁN", "PA"),
    ("TỜ TRÌNH", "TTr"),
)
# Legal texts: articles ("Điều 1.") that state rules, not a plan's tasks.
LEGAL_TYPES = frozenset({"TT", "TTLT", "NĐ"})


def roman_value(text: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text]
    for index, value in enumerate(values):
        total += -value if index + 1 < len(values) and values[index + 1] > value else value
    return total


def roman_match(text: str) -> re.Match[str] | None:
    match = ROMAN.match(text)
    return match if match and match["ord"] else None


_DOC_TYPE_INITIALS = frozenset(search_key(words[0]) for words, _ in DOC_TYPE_WORDS)


def doc_type_line(text: str) -> tuple[str, str] | None:
    """("KH", rest of the line) when `text` is a title line such as "KẾ HOẠCH"."""
    if not text or search_key(text[0]) not in _DOC_TYPE_INITIALS:
        return None  # asked of every line: most start with another letter
    for words, code in DOC_TYPE_WORDS:
        # An upper-case line also matches without its diacritics: OCR reads "KẾ HOẠCH" as "KÉ HOẠCH".
        loose = text[: len(words)].isupper() and search_key(text[: len(words)]) == search_key(words)
        if text.startswith(words) or loose:
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

    Rows copied from a web portal (cells joined by " | ") become tab rows or column lines
    (`portal_rows`). Paragraph tags between two paragraphs of a table cell become `PARA_BREAK`;
    outside tables they become a blank line. Every other tag is removed. A form feed (page break) becomes a
    blank line.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = portal_rows(_CONTROL.sub("", text))
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


# --- text copied from legal-document web portals -----------------------------------------------

# A portal prints each table row on one line, its cells joined by " | ".
_PORTAL_LINE = re.compile(r"(?:^|\s)\|(?:\s|$)")
_PORTAL_SPLIT = re.compile(r"\s*\|\s*")
# Inside a flattened header or foot cell: where one printed line of the cell ended.
_CELL_LINE_BREAKS = re.compile(
    rf"\s+(?=(?:TM|T/M|KT|K/T|TL|T/L|TUQ|Q)\s*\.\s*[{UPPER}])"  # authority lines "TM. …", "KT. …"
    r"|(?<=[:;.)])\s+(?=[-–—+•]\s)"  # the next "- …" recipient
    r"|\s+(?=V/[vV]\b|Số\s*:|\(\s*(?:[đĐ]ã\s+)?[kK][ýí]\b)"  # the trích yếu, the number, "(đã ký)"
    r"|(?<=[kK][ýí]\))\s+"  # the name after "(Đã ký)"
    r"|(?<=Hạnh phúc)\s+",  # the motto ends its cell's first lines
)
_RULE_TOKEN = re.compile(r"(?:^|\s)[-–—_=*]{3,}(?=\s|$)")


def _portal_cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in _PORTAL_SPLIT.split(line.strip())]
    # A merged cell is repeated in every column it spans; the .docx form writes it once.
    return [cell if index == 0 or cell != cells[index - 1] else "" for index, cell in enumerate(cells)]


_DASH_ITEM = re.compile(r"\s+(?=[-–—+•]\s+\S)")
_RECIPIENT_START = re.compile(r"^(?:Lưu|Như trên|TT\b|Thường trực|Lãnh đạo|Chủ tịch|Đ/c|Website|Cổng|Trang)")


_NUMBER_HEADING = re.compile(r"^(?:S?TT|Số TT|Số thứ tự|Thứ tự)\.?$", re.IGNORECASE)


def _without_vertical_repeats(
    run: list[tuple[int, list[str]]], lines: list[str]
) -> list[tuple[int, list[str]]]:
    """A header over two rows ("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"): the portal repeats
    the cells merged down ("TT", "Nội dung") in the second row; the .docx form leaves them empty.

    Only under a header row ("TT | …") with a cell merged across (the heading of the second
    row's cells), and only where two cells or more repeat the row above.
    """
    result = list(run)
    for number in range(1, len(run)):
        above = [cell.strip() for cell in _PORTAL_SPLIT.split(lines[run[number - 1][0]].strip())]
        index, cells = run[number]
        if not above or not _NUMBER_HEADING.match(above[0]):
            continue  # not under a header row: repeated cells of data rows are data
        spanned = any(a and a == b for a, b in zip(above, above[1:], strict=False))
        same = [i for i, cell in enumerate(cells) if cell and i < len(above) and cell == above[i]]
        if spanned and len(same) >= 2 and len(same) < len([cell for cell in cells if cell]):
            result[number] = (index, ["" if i in same else cell for i, cell in enumerate(cells)])
    return result


def _cell_lines(cell: str) -> list[str]:
    cell = _RULE_TOKEN.sub(" ", cell).strip()
    lines: list[str] = []
    for part in _CELL_LINE_BREAKS.split(cell):
        if part and part.strip():
            lines.extend(_recipient_items(part.strip()))
    return lines


def _recipient_items(text: str) -> list[str]:
    """"- A; - B - C" → items: a dash after ";" starts one, and so does one before a unit's name.

    "Phòng Tài chính - Kế hoạch" keeps its dash: "Kế hoạch" does not begin a unit's name.
    """
    if not text.startswith(("-", "–", "—", "+", "•")):
        return [text]
    items: list[str] = []
    for piece in _DASH_ITEM.split(text):
        following = piece.lstrip("-–—+• ")
        if items and not (starts_unit_name(following) or _RECIPIENT_START.match(following)):
            items[-1] = f"{items[-1]} {piece}"
        else:
            items.append(piece)
    return items


def portal_rows(text: str) -> str:
    """Rows of a web portal's " | " text as the rest of the importer reads tables and columns.

    A run of such lines in which some row has three cells or more is a table: its rows become
    tab-separated, as a .docx table is written. Other rows (the header's issuer | motto
    columns, "Nơi nhận: … | TM. …") are cells of a layout table: each cell's printed lines
    follow one another, left cell first, as text extracted column by column gives them.
    """
    lines = text.split("\n")
    if not any("|" in line and _PORTAL_LINE.search(line) for line in lines):
        return text
    is_row = [bool("|" in line and _PORTAL_LINE.search(line)) for line in lines]
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not is_row[index]:
            out.append(lines[index])
            index += 1
            continue
        end = index
        # A run of rows may have blank lines between them (a page break inside a table).
        probe = index
        while probe < len(lines) and (is_row[probe] or not lines[probe].strip()):
            if is_row[probe]:
                end = probe + 1
            probe += 1
        run = [(i, _portal_cells(lines[i])) for i in range(index, end) if is_row[i]]
        tabular = any(len(cells) >= 3 for _, cells in run)
        if tabular:
            run = _without_vertical_repeats(run, lines)
        cells_at = dict(run)
        for position in range(index, end):
            if not is_row[position]:
                out.append(lines[position])
                continue
            cells = cells_at[position]
            if tabular:
                out.append("\t".join(cells))
            else:
                out.extend(piece for cell in cells for piece in _cell_lines(cell))
        index = end
    return "\n".join(out)


# --- PDF text repairs ----------------------------------------------------------------------

# Fonts of some PDF makers map ư/Ư to the glyphs of ƣ/Ƣ (U+01A3/U+01A2), which Vietnamese never uses.
_PDF_LETTERS = str.maketrans({"\u01a3": "\u01b0", "\u01a2": "\u01af"})
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWEL_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn
_VIETNAMESE_MARKS = set(_TONE_MARKS + _VOWEL_MARKS)
_STRAY_ON_CONSONANT = set("\u0300\u0309\u0323")
_PLAIN_VOWELS = set("aăâeêioôơuưy")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_SYLLABLE = re.compile(rf"^{_ONSET}(?:[aăâeêioôơuưy]{{1,3}})(?P<coda>ch|nh|ng|[cmnpt])?$")
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c, ch, p or t has sắc or nặng


def _base_and_marks(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[:1], decomposed[1:]


def _vietnamese_vowel(ch: str) -> bool:
    """A vowel letter with at most its vowel mark and one tone mark (as Vietnamese writes them)."""
    base, marks = _base_and_marks(ch.lower())
    if base not in "aeiouy" or not base:
        return False
    return sum(1 for m in marks if m in _TONE_MARKS) <= 1 and all(m in _VIETNAMESE_MARKS for m in marks)


def _strip_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))


def _has_tone(word: str) -> bool:
    return any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", word))


def is_syllable(word: str) -> bool:
    """Is `word` (any case, NFC) one Vietnamese syllable: onset, vowels, coda and a tone that fits?"""
    match = _SYLLABLE.match(_strip_tone(word)) if word else None
    if match is None:
        return False
    if match["coda"] in ("c", "ch", "p", "t"):
        tones = "".join(ch for ch in unicodedata.normalize("NFD", word) if ch in _TONE_MARKS)
        return tones in _STOP_TONES
    return True


def _tone_position(syllable: str) -> int | None:
    """Index of the letter of `syllable` that carries the tone mark, by Vietnamese spelling."""
    lower = _strip_tone(syllable)
    start = 0
    if lower.startswith("qu") or (lower.startswith("gi") and len(lower) > 2 and lower[2] in _PLAIN_VOWELS):
        start = 2
    vowels = [i for i in range(start, len(lower)) if lower[i] in _PLAIN_VOWELS]
    if not vowels and start:
        vowels = [start - 1]
    if not vowels:
        return None
    marked = [i for i in vowels if lower[i] in "ăâêôơư"]
    if marked:
        return marked[-1]  # "ươ" carries it on "ơ"
    coda = vowels[-1] + 1 < len(lower)
    if len(vowels) >= 3 or (len(vowels) == 2 and coda):
        return vowels[1]
    return vowels[0]


def _place_tone(syllable: str, mark: str) -> str:
    position = _tone_position(syllable)
    if position is None or _has_tone(syllable):
        return syllable
    letter = unicodedata.normalize("NFC", syllable[position] + mark)
    return syllable[:position] + letter + syllable[position + 1:]


def _split_foreign_letters(text: str) -> str:
    """Split "ḥ", "ṇ", "ṭ": a consonant NFC fused with a tone mark meant for the vowel before it."""
    out: list[str] = []
    for ch in text:
        if ch.isalpha() and not ch.isascii() and ch not in "đĐ":
            base, marks = _base_and_marks(ch)
            # Only marks no other Latin orthography puts on these consonants (not "ñ", "ś").
            consonant = base.isascii() and base.lower() not in "aeiouy"
            if consonant and marks and set(marks) <= _STRAY_ON_CONSONANT:
                out.append(base + marks)
                continue
        out.append(ch)
    return "".join(out)


def repair_pdf_text(text: str) -> str:
    """Undo PDF-font artefacts in Vietnamese text; clean NFC text comes back unchanged.

    - `ƣ`/`Ƣ` (glyphs some fonts use for `ư`/`Ư`) become `ư`/`Ư`;
    - a tone mark set apart from its word ("ho ̣c", "phu ̣ huynh", "điê ̣n", "đinh ̣") is put back
      on the vowel that carries it; a second tone mark for a word that has one is dropped;
    - where the mark stood between two words glued together ("Nghi ̣quyế"), they stay apart;
    - consonants set apart from the rest of their word ("Cổ ng", "quyế t", "t ăng", "khai t hác")
      join it when together they spell one syllable; a consonant alone is never a word.
    The result is NFC.
    """
    # Letters set apart are joined only in a text layer that shows the font's artefacts elsewhere:
    # in clean text a consonant standing alone is a list item ("điểm đ") or a unit ("10 m").
    broken = any(ch in "\u01a2\u01a3" for ch in text)
    text = _split_foreign_letters(unicodedata.normalize("NFC", text.translate(_PDF_LETTERS)))
    if any(ch in _VIETNAMESE_MARKS for ch in text):
        broken = True
        text = _put_back_marks(text)
    if not broken:
        return text
    return "\n".join(_join_split_letters(line) for line in text.split("\n"))


def _put_back_marks(text: str) -> str:
    out: list[str] = []  # one character per item, so that a mark can be put on the letter before it
    for index, ch in enumerate(text):
        if ch not in _VIETNAMESE_MARKS:
            out.append(ch)
        elif out and _attached(out[-1], ch):
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
        else:
            _put_back(out, ch, text[index + 1 : index + 20])
    return unicodedata.normalize("NFC", "".join(out))


_CONSONANTS_ONLY = re.compile(r"^[bcdđghklmnpqrstvx]{1,3}$")
_LETTERS = re.compile(r"[^\W\d_]+")
_CLOSING = ".,;:)”\"'"
_OPENING = "(“\"'"


def _join_split_letters(line: str) -> str:
    """"Cổ ng TTĐT" → "Cổng TTĐT", "t ăng cường" → "tăng cường"; "điểm đ khoản 2" stays."""
    if " " not in line:
        return line
    tokens = line.split(" ")  # runs of spaces leave empty tokens, which keep columns apart
    if not any(_CONSONANTS_ONLY.match(token) for token in tokens):
        return line
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if _CONSONANTS_ONLY.match(token):
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            ahead = following.rstrip(_CLOSING)
            after_number = bool(out) and out[-1][-1:].isdigit()  # "10 m ống": a unit
            word_rest = bool(_LETTERS.fullmatch(ahead)) and ahead[0].islower()
            if word_rest and not after_number and is_syllable(token + ahead):
                out.append(token + following)  # "t ăng" → "tăng", "n hà" → "nhà"
                index += 2
                continue
            previous = out[-1] if out else ""
            behind = previous.lstrip(_OPENING)
            if _LETTERS.fullmatch(behind) and is_syllable(behind + token):
                out[-1] = previous + token  # "Cổ ng" → "Cổng", "quyế t" → "quyết"
                index += 1
                continue
        out.append(token)
        index += 1
    return " ".join(out)


def _attached(previous: str, mark: str) -> bool:
    """Does `mark` belong to the letter right before it (a vowel it combines with)?"""
    if not previous.isalpha():
        return False
    combined = unicodedata.normalize("NFC", previous + mark)
    return len(combined) == 1 and _vietnamese_vowel(combined)


_MAX_GAP = 12  # characters between a word and a mark set apart from it


def _put_back(out: list[str], mark: str, following: str) -> None:
    """Put a stray `mark` on the word before it, or drop it; `out` holds the text so far."""
    gap_start = len(out)
    while gap_start > 0 and not out[gap_start - 1].isalpha() and len(out) - gap_start <= _MAX_GAP:
        gap_start -= 1
    word_start = gap_start
    while word_start > 0 and out[word_start - 1].isalpha():
        word_start -= 1
    word = "".join(out[word_start:gap_start])
    gap = "".join(out[gap_start:])
    if not word or len(gap) > _MAX_GAP:
        return  # too far from any word to belong to it: drop the stray mark
    if mark in _VOWEL_MARKS:
        last = unicodedata.normalize("NFC", word[-1] + mark)
        if not gap.strip() and len(last) == 1 and _vietnamese_vowel(last):
            out[word_start:] = [*word[:-1], last]
        return
    if not is_syllable(word):
        return
    repaired = _place_tone(word, mark)
    if not gap.strip():
        glued = re.match(r"[^\W\d_]+", following)
        # "ho ̣c" is one word "học"; "Nghi ̣quyế" is two words that the mark stood between.
        gap = "" if glued is None or is_syllable(repaired + glued.group(0)) else " "
    out[word_start:] = [*repaired, *gap]


# --- digital-signature stamps ------------------------------------------------------------------

# What signing software prints in its stamp: the signer, the time, the agency, its e-mail.
_STAMP_LABEL = re.compile(
    r"^\s*(?:ky boi|nguoi ky|signed by|signature valid|thoi gian ky|ngay ky|co quan|to chuc|email|e-mail)"
    r"\s*:",
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STAMP_TIME = re.compile(
    r"\b\d{4}[.\-/]\d{2}[.\-/]\d{2}[ T]+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{2}:?\d{2}|Z)\b"
    r"|\b\d{2}[.\-/]\d{2}[.\-/]\d{4}[ T]+\d{1,2}:\d{2}(?::\d{2})?\s*[+-]\d{2}:?\d{2}\b"
)


def is_signature_stamp(line: str) -> bool:
    """Is this line text of a digital-signature stamp rather than of the document?

    "Ký bởi: Phòng Giáo dục và Đào tạo", "Thời gian ký: 27.03.2020 14:26:14 +07:00", "Cơ quan:
    Sở Giáo dục và Đào tạo", "Email: pgd@bacgiang.gov.vn", and the signer's name with the signing
    time "Sở Giáo dục và Đào tạo 2020.03.27 14:26:14 +07:00". A signing time carries seconds or a
    time-zone offset, which no date written in a document does.
    """
    key = search_key(line).strip()
    if not key:
        return False
    label = _STAMP_LABEL.match(key)
    if label is not None:
        rest = key[label.end():].strip()
        if key.startswith(("email", "e-mail")):
            return bool(_EMAIL.fullmatch(rest.rstrip(".;")))
        # "Cơ quan: …" also begins prose and table cells; a stamp's value is a name or a time, short.
        return bool(rest) and len(rest.split()) <= 16 and not rest.endswith((";", ":"))
    return bool(_STAMP_TIME.search(line))
