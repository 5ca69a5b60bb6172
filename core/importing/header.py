"""The head of an official document: issuing bodies, "Số: …", place and date, type and title.

Nghị định 30/2020 prints two columns: the parent body and the issuing body over "Số: …" on
the left, the national motto over "Place, ngày … tháng … năm …" on the right; then the
document type ("KẾ HOẠCH") and the summary line (trích yếu), then "Căn cứ …" lines.
Extracted text may keep both columns on one line, lose the issuing bodies entirely, or leave
the number and day blank (a draft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from core.importing.textprep import BASIS_START, Line, columns, is_marker
from core.importing.units import UPPER, starts_unit_name
from core.vntext import search_key

# A legal document's number carries its year: "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC".
_NUMBER = re.compile(
    rf"\bSố\s{{0,5}}:?\s{{0,20}}((?:\d{{1,6}}\s{{0,5}})?[-.…_\s]{{0,30}}?[/-]\s{{0,5}}(?:\d{{4}}\s{{0,5}}/\s{{0,5}})?"
    rf"[{UPPER}][\w&.\-/]{{0,40}})"
)
_NUMBER_PARTS = re.compile(
    rf"(?P<serial>\d+)?(?P<filler>[-.…_]*?)(?P<sep>[/-])(?P<symbol>(?:\d{{4}}/)?[{UPPER}][\w&.\-/]*)"
)
# Up to seven words of at most 30 letters: unbounded words made a search of a long run of
# letters try every start against the rest of the run (quadratic time).
_PLACE_WORDS = r"[^\W\d_][^\W\d_ ]{0,29}(?: [^\W\d_]{1,30}){0,6}"
_DATE_WORDS = re.compile(
    rf"(?P<place>{_PLACE_WORDS})\s{{0,5}},\s{{0,5}}"
    # Blanks in a draft are dots or underscores; OCR reads a blank or a stroke as a dash.
    r"ngày[.…_ —–-]{0,40}(?P<d>\d{1,2})?[.…_ —–-]{0,40}"
    r"tháng[.…_ —–-]{0,40}(?P<m>\d{1,2})?[.…_ —–-]{0,40}năm[.…_ —–-]{0,40}(?P<y>\d{4})?",
    re.IGNORECASE,
)
_DATE_NUMERIC = re.compile(
    rf"(?P<place>{_PLACE_WORDS})\s{{0,5}},\s{{0,5}}ngày\s{{0,5}}(?P<d>\d{{1,2}})\s{{0,5}}[/.-]\s{{0,5}}"
    r"(?P<m>\d{1,2})\s{0,5}[/.-]\s{0,5}(?P<y>\d{4})",
    re.IGNORECASE,
)
# Where a date line's ", ngày" is. A match's place ends at the first comma after it starts, so
# each match lies within a short window around one such comma: searching only those windows
# finds the same match as searching the whole text, without scanning every run of letters.
_DATE_ANCHOR = re.compile(r",\s*ngày", re.IGNORECASE)
_PLACE_REACH = 230  # characters a place of seven words of 30 letters (and spaces) can take
_DATE_REACH = 240  # characters from the comma to the end of a date ("ngày … tháng … năm …")


def _date_search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)` for `_DATE_WORDS` and `_DATE_NUMERIC`, in linear time."""
    previous = -1
    for anchor in _DATE_ANCHOR.finditer(text):
        comma = anchor.start()
        match = pattern.search(text, max(previous + 1, comma - _PLACE_REACH), comma + _DATE_REACH)
        if match is not None:
            return match
        previous = comma
    return None


_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap", "dang cong san viet nam", "tu do - hanh phuc")
_CONNECTOR_END = re.compile(r"(?:\bVÀ|\bCỦA|&|-|–|,)$")
_CONNECTOR_START = re.compile(r"^(?:VÀ\b|&|-|–)")
# "ỦY BAN NHÂN DÂN" over "HUYỆN PHONG THỔ" is one body printed on two lines.
_UNFINISHED_COUNCIL = re.compile(r"(?:NHÂN DÂN|UBND|HĐND)$")
_PLACE_START = re.compile(r"^(?:HUYỆN|TỈNH|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)\b")

# Codes as printed in a symbol ("KH-UBND", "505-KH/HU") → the official spelling.
_CODE_SPELLING = {
    search_key(code): code
    for code in ("KH", "CTr", "BC", "QĐ", "TB", "HD", "NQ", "CT", "KL", "TT", "TTLT", "NĐ", "ĐA", "PA", "TTr")
}
# The trích yếu of a Công văn, under its number: "V/v triển khai …" (or "Về việc …").
_SUMMARY = re.compile(r"^(?:V/[vV]|Về việc)\s*[:.]?\s*(?P<text>.*)$")
ADDRESSEES_LABEL = re.compile(r"^Kính\s+gửi\s*:?\s*", re.IGNORECASE)
# Bodies issuing one document jointly, printed on one line: "BỘ GIÁO DỤC VÀ ĐÀO TẠO - BỘ TÀI CHÍNH".
_JOINT_SEPARATOR = re.compile(
    r"\s+[-–]\s+(?=(?:BỘ|SỞ|ỦY BAN|UBND|BAN|HỘI ĐỒNG|TRUNG ƯƠNG|TỔNG CỤC|CỤC|VIỆN|TÒA ÁN|VIỆN KIỂM SÁT"
    r"|MẶT TRẬN|ĐOÀN|HỘI|CÔNG ĐOÀN|TỔNG LIÊN ĐOÀN)\b)"
)
# "ngày 29" over "24 tháng 9 năm 2021": a day written over the typed one, on the line above.
_UNFINISHED_DATE = re.compile(r",\s*ngày[\s.…_]*\d{0,2}\s*$", re.IGNORECASE)
_TWO_DAYS = re.compile(r"ngày\s*(?P<first>\d{1,2})\s+(?P<second>\d{1,2})\s*(?=tháng)", re.IGNORECASE)


@dataclass
class Header:
    serial: str | None = None
    symbol: str | None = None
    number: str | None = None
    place: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    issuers: list[str] = field(default_factory=list)
    joint: bool = False  # the issuers issue the document together (not parent and issuing body)
    summary: str | None = None  # the "V/v …" line under the number
    addressees: list[str] = field(default_factory=list)  # "Kính gửi: …"
    found_number_line: bool = False
    found_date_line: bool = False
    warnings: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)  # fields read but doubtful ("issued_on")

    @property
    def issued_on(self) -> date | None:
        if self.day and self.month and self.year:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


def parse_reference(text: str) -> tuple[str | None, str | None, str | None]:
    """(serial, symbol, number) from "367 /KH-UBND", "/KH-UBND", "505-KH/HU", "-/KH-UBND"."""
    compact = "".join(text.split()).rstrip(".,;")
    match = _NUMBER_PARTS.fullmatch(compact)
    if match is None:
        return None, None, None
    serial = match["serial"]
    symbol = match["symbol"].rstrip(".-/")
    number = f"{serial}{match['sep']}{symbol}" if serial else None
    return serial, symbol, number


def code_from_symbol(symbol: str | None) -> str | None:
    """"KH-UBND" → "KH", "KH/HU" → "KH", "QĐ-UBND" → "QĐ"; None for an unknown code."""
    if not symbol:
        return None
    symbol = re.sub(r"^\d{4}/", "", symbol)  # "2013/TTLT-BGDĐT" → "TTLT-BGDĐT"
    first = re.split(r"[-/]", symbol, maxsplit=1)[0]
    return _CODE_SPELLING.get(search_key(first))


def _is_motto(text: str) -> bool:
    key = search_key(text)
    return any(words in key for words in _MOTTO)


def _read_date(header: Header, text: str) -> bool:
    two = _TWO_DAYS.search(text)
    if two is not None:
        # The day next to "tháng" is the typed one; the other was written over it (by hand or a stamp).
        header.warnings.append(
            f"Ngày ban hành có hai số chồng lên nhau ({two['first']} và {two['second']});"
            f" đã lấy {two['second']}, cần kiểm tra lại."
        )
        text = text[: two.start("first")] + text[two.start("second"):]
        header.unsure.append("issued_on")
    match = _date_search(_DATE_NUMERIC, text) or _date_search(_DATE_WORDS, text)
    if match is None:
        return False
    header.found_date_line = True
    header.place = match["place"].strip()
    header.day = int(match["d"]) if match["d"] else None
    header.month = int(match["m"]) if match["m"] else None
    header.year = int(match["y"]) if match["y"] else None
    if header.month is not None and not 1 <= header.month <= 12:
        header.warnings.append(f"Tháng ban hành không hợp lệ: {header.month}.")
        header.month = None
    if header.day is not None and not 1 <= header.day <= 31:
        header.warnings.append(f"Ngày ban hành không hợp lệ: {header.day}.")
        header.day = None
    return True


def _pieces(lines: list[Line]) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each non-blank line's column pieces; a date line cut after "ngày 29" gets the rest of its line."""
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    for index, line in enumerate(lines):
        if not line.text:
            continue
        rows.append((index, _rejoin_blanks(columns(line))))
    for number, (index, pieces) in enumerate(rows[:-1]):
        for which, (position, piece) in enumerate(pieces):
            if not _UNFINISHED_DATE.search(piece):
                continue
            following_index, following = rows[number + 1]
            if following_index != index + 1:
                continue
            rest = [(p, t) for p, t in following if p >= position - 4 and t[:1].isdigit() and "tháng" in t]
            if rest:
                pieces[which] = (position, f"{piece} {rest[0][1]}")
                following.remove(rest[0])
    return rows


def parse_header(lines: list[Line]) -> Header:
    """Read the lines above the document-type line, column by column.

    Also the Công văn's trích yếu ("V/v …", possibly on two lines of the left column) and its
    addressees ("Kính gửi: …", one line or a list of "- …" lines).
    """
    header = Header()
    left: list[str] = []
    in_summary = False
    previous_addressee = ""  # the last line of the "Kính gửi" block while inside it
    summary: list[str] = []
    for _, pieces in _pieces(lines):
        for position, piece in pieces:
            label = ADDRESSEES_LABEL.match(piece)
            if label is not None or (previous_addressee and continues_addressees(previous_addressee, piece)):
                in_summary = False
                _addressee(header, piece[label.end():] if label else piece, label is not None)
                previous_addressee = piece
                continue
            previous_addressee = ""
            found = _SUMMARY.match(piece)
            if found is not None and not header.summary and not summary:
                summary.append(found["text"])
                in_summary = True
                continue
            if in_summary and _continues_summary(piece, position, len(pieces)):
                summary.append(piece)
                continue
            if _is_motto(piece):
                continue
            number = _NUMBER.search(piece)
            if number and not header.found_number_line:
                header.found_number_line = True
                header.serial, header.symbol, header.number = parse_reference(number.group(1))
                piece = (piece[: number.start()] + piece[number.end():]).strip()
            if not header.found_date_line and _read_date(header, piece):
                continue
            letters = [ch for ch in piece if ch.isalpha()]
            # The issuing bodies are the upper-case lines of the left column.
            if letters and all(ch.isupper() for ch in letters) and (position < 20 or len(pieces) == 1):
                left.append(piece)
    if summary:
        header.summary = " ".join(summary).strip() or None
    joined = [body for piece in _join_wrapped(left) for body in _parent_and_body(piece)]
    split = [body for piece in joined for body in _JOINT_SEPARATOR.split(piece)]
    header.joint = len(split) > len(joined)
    header.issuers = split
    return header


def _continues_summary(piece: str, position: int, count: int) -> bool:
    """A wrapped line of the "V/v …" summary: mixed case, in the left column."""
    if (
        _is_motto(piece) or _NUMBER.search(piece) or _date_search(_DATE_WORDS, piece)
        or _date_search(_DATE_NUMERIC, piece)
    ):
        return False
    letters = [ch for ch in piece if ch.isalpha()]
    return bool(letters) and not all(ch.isupper() for ch in letters) and (position < 20 or count == 1)


# "ỦY BAN NHÂN DÂN HUYỆN X PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" (two lines of a cell run together): the
# parent council ends with its place's name, and the issuing body begins with its own head word.
_PARENT_AND_BODY = re.compile(
    r"^(?P<parent>(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\s+(?:TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN"
    r"|XÃ|PHƯỜNG|THỊ TRẤN)\s+\S.*?)\s+"
    r"(?P<body>(?:PHÒNG|SỞ|BAN|VĂN PHÒNG|TRUNG TÂM|CHI CỤC|TRƯỜNG|THANH TRA)\s.+)$"
)


def _parent_and_body(piece: str) -> list[str]:
    match = _PARENT_AND_BODY.match(piece)
    return [match["parent"], match["body"]] if match else [piece]


_ADDRESSEE_BULLET = re.compile(r"^[-–—+•]\s*")
_INLINE_ITEM = re.compile(r"(?<=;)\s+(?=[-–—+•]\s)")
_LONGEST_ADDRESSEE_LINE = 100  # longer lines are body paragraphs, not a wrapped addressee


def continues_addressees(previous: str, text: str) -> bool:
    """Is `text` still part of the "Kính gửi" block whose last line was `previous`?

    A "- …" item is; so is the wrapped rest of a line that did not end its item with "." or ";"
    ("Kính gửi:" alone, "… Phòng Giáo dục và" / "Đào tạo."), unless it begins the body.
    """
    if _ADDRESSEE_BULLET.match(text):
        return True
    if previous.rstrip().endswith((".", ";")) or BASIS_START.match(text) or is_marker(text):
        return False
    return len(text) <= _LONGEST_ADDRESSEE_LINE


def _addressee(header: Header, text: str, first: bool) -> None:
    """Add one line of the "Kính gửi" block: items, or the wrapped rest of the last item."""
    text = text.strip()
    if not text:
        return
    continued = bool(header.addressees) and not first and not _ADDRESSEE_BULLET.match(text)
    # "Kính gửi: - A; - B." on one line is a list too.
    items = [_ADDRESSEE_BULLET.sub("", part).rstrip(";,.").strip() for part in _INLINE_ITEM.split(text)]
    if continued:
        header.addressees[-1] = f"{header.addressees[-1]} {items.pop(0)}"
    header.addressees.extend(item for item in items if item)


_LEFT_BLANK = re.compile(r"(?:\bSố\s*:?\s*\d*|\bngày\s*\d*|\btháng\s*\d*)$", re.IGNORECASE)


def _rejoin_blanks(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Undo column splits inside a draft's blanks: "Số:      /KH-UBND", "ngày      tháng      năm 2025"."""
    joined: list[tuple[int, str]] = []
    for position, piece in pieces:
        if joined and _LEFT_BLANK.search(joined[-1][1]):
            joined[-1] = (joined[-1][0], f"{joined[-1][1]} {piece}")
        else:
            joined.append((position, piece))
    return joined


def _join_wrapped(pieces: list[str]) -> list[str]:
    """"PHÒNG GIÁO DỤC VÀ" + "ĐÀO TẠO" → one body; separate bodies stay separate."""
    joined: list[str] = []
    for piece in pieces:
        piece = piece.strip(" *")
        if not piece:
            continue
        unfinished = joined and _UNFINISHED_COUNCIL.search(joined[-1]) and _PLACE_START.match(piece)
        if joined and (_CONNECTOR_END.search(joined[-1]) or _CONNECTOR_START.match(piece) or unfinished):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


# --- title and basis -----------------------------------------------------------------------

_REFERENCE_IN_TEXT = re.compile(rf"\b(?:số|Số)\s+(\d[\w]*(?:\s?[/-]\s?[\w{UPPER}&.]+)+)")
_INTRO_VERBS = (
    "ban hành", "xây dựng", "triển khai", "đề ra", "lập", "phát động", "hướng dẫn", "tổ chức", "thông báo",
    "yêu cầu", "đề nghị", "chỉ đạo",
)  # fmt: skip
_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])")
_DOCUMENT_WORDS = re.compile(
    r"\b(?:Kế hoạch|Nghị quyết|Quyết định|Chỉ thị|Kết luận|Chương trình|Thông tư|Nghị định|Luật|Công văn"
    r"|Hướng dẫn|Đề án|Thông báo)\b",
    re.IGNORECASE,
)


def reference_in(text: str) -> str | None:
    """The first document number cited: "Căn cứ Kế hoạch số 740/KH-BCSD ngày …" → "740/KH-BCSD"."""
    match = _REFERENCE_IN_TEXT.search(text)
    if match is None:
        return None
    reference = "".join(match.group(1).split()).rstrip(".,;:")
    return reference if any(ch.isalpha() for ch in reference) else None


def basis_text(paragraph: str) -> str | None:
    """The basis a "Căn cứ …"/"Thực hiện …" paragraph states, or None if it states none.

    "Thực hiện X, ngành … xây dựng chương trình … như sau:" is both a basis and the lead-in
    sentence; only "Thực hiện X" is kept.
    """
    if not BASIS_START.match(paragraph):
        return None
    if not paragraph.startswith("Căn cứ") and not _DOCUMENT_WORDS.search(paragraph):
        return None
    if paragraph.rstrip().endswith("như sau:"):
        cut = _lead_in_start(paragraph)
        if cut is None:
            # "Căn cứ X. Thực hiện …, Phòng … hướng dẫn … như sau:": the basis is the first sentence.
            sentence = _SENTENCE_END.search(paragraph)
            if sentence is None:
                return None
            cut = sentence.start()
        paragraph = paragraph[:cut]
    return paragraph.strip().rstrip(";.,").strip() or None


def _lead_in_start(paragraph: str) -> int | None:
    """Where ", ngành GD&ĐT xây dựng … như sau:" begins: the first comma followed by subject and verb."""
    position = paragraph.find(",")
    while position >= 0:
        following = paragraph[position + 1:]
        clause = following.split(",", 1)[0].strip()
        if starts_unit_name(clause) and any(f" {verb} " in f" {clause} " for verb in _INTRO_VERBS):
            return position
        position = paragraph.find(",", position + 1)
    return None
