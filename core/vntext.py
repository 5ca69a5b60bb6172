"""Vietnamese text helpers: normal form, search and sort keys, numbers and dates as written.

Everything stored is NFC (`nfc`/`clean`); every searchable column has a twin holding
`search_key`, so SQL LIKE ignores case and diacritics. Numbers and dates accept the ways
Vietnamese documents write them and print them the way official documents do.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

from core.errors import UserError

# U+0110/U+0111 (Đ/đ) do not decompose; U+00D0 (Icelandic eth) looks identical and turns up in
# text converted from old encodings, so it (and its lower case ð) is folded the same way.
_D_FOLD = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, every run of whitespace (including non-breaking spaces) to one space, stripped."""
    # str.split() without arguments treats NBSP (U+00A0) and the other Unicode spaces as
    # whitespace; the zero-width space U+200B, which pasted text often carries, shows nothing
    # and is dropped.
    return " ".join(nfc(text).replace("\u200b", "").split())


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters with "…" when longer."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def search_key(text: str) -> str:
    """Case- and diacritic-insensitive key: "Phòng Giáo dục" → "phong giao duc", "ĐÀO TẠO" → "dao tao".

    Compatibility decomposition (NFKD) splits every accented letter into its base and
    combining marks, whatever form the input was in; the marks are dropped, đ/Đ become d,
    the text is case-folded and whitespace runs collapse to one space. Idempotent.
    """
    # Decompose both before and after case folding: folding can produce combining marks
    # (İ → i̇) and decomposition can produce capitals (ℌ → H).
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_D_FOLD)
    return " ".join(stripped.replace("\u200b", "").split())


# --- sort key ------------------------------------------------------------------------------

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # Vietnamese order, with the loan letters f j w z at their Latin places
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_SHAPE_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: part of the letter
# Dictionary tone order: none, huyền, sắc, hỏi, ngã, nặng.
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}

_CLASS_SPACE, _CLASS_PUNCT, _CLASS_DIGIT, _CLASS_LETTER, _CLASS_OTHER = range(5)

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[bool, ...], str]


def _clusters(text: str) -> list[tuple[str, str]]:
    """Split NFD text into (base character, its combining marks)."""
    clusters: list[tuple[str, str]] = []
    for ch in text:
        if unicodedata.combining(ch) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + ch)
        else:
            clusters.append((ch, ""))
    return clusters


def sort_key(text: str) -> SortKey:
    """Key for Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.

    Compared first on letters alone (case-insensitive, ă/â/ê/ô/ơ/ư/đ being letters of their
    own, tone marks ignored), then on the tones word by word (none, huyền, sắc, hỏi, ngã,
    nặng), then lower case before upper case, and finally on the NFC text itself so that two
    different texts never tie. Spaces sort before punctuation, digits, then letters.
    """
    text = clean(text)
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    upper: list[bool] = []
    in_word = False
    word_tone = 0
    for base, marks in _clusters(unicodedata.normalize("NFD", text)):
        lower = base.lower()
        upper.append(base != lower)
        if lower.isalpha():
            shape = "".join(m for m in marks if m in _SHAPE_MARKS)
            letter = unicodedata.normalize("NFC", lower + shape)
            if letter in _LETTER_RANK:
                letters.append((_CLASS_LETTER, _LETTER_RANK[letter]))
            else:
                letters.append((_CLASS_OTHER, ord(letter[0])))
            # One tone per syllable, wherever the writer put it (hoà = hòa).
            if not word_tone:
                word_tone = next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)
            in_word = True
            continue
        if in_word:
            tones.append(word_tone)
            in_word, word_tone = False, 0
        if base.isspace():
            letters.append((_CLASS_SPACE, 0))
        elif base.isdigit():
            letters.append((_CLASS_DIGIT, ord(base)))
        else:
            letters.append((_CLASS_PUNCT, ord(base)))
    if in_word:
        tones.append(word_tone)
    return tuple(letters), tuple(tones), tuple(upper), text


# --- numbers -------------------------------------------------------------------------------

_NUMBER_SHAPE = re.compile(r"[+-]?\d[\d.,]*")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:X\d{3})+")  # X = the thousands separator being tested


def _is_grouped(integer: str, sep: str) -> bool:
    return _GROUPED.fullmatch(integer.replace(sep, "X")) is not None


def parse_number(text: str) -> float:
    """Read a number as Vietnamese documents write it.

    Accepted: "80,39" and "80.39" (either mark as the decimal point), "80", "-3",
    " 99,7 % " (surrounding spaces and a percent sign are ignored).
    Thousands separators:
    - with both "." and "," present, the one that comes last is the decimal point and the
      other must separate groups of three digits ("1.234,5" and "1,234.5" → 1234.5);
    - a "." followed by exactly three digits is a thousands separator when the integer part
      before it has 1–3 digits not starting with 0, or when several such groups follow
      ("1.234" → 1234, "1.234.567" → 1234567; but "1234.567", "0.125" and "80.39" are decimals);
    - a single "," is always the decimal comma ("1,234" → 1.234); several commas must be
      thousands groups ("1,234,567").
    Anything else raises ValueError naming the text.
    """
    s = clean(text).replace("\u2212", "-").removesuffix("%").rstrip()
    literal = _float_literal(s.lstrip("+-")) if _NUMBER_SHAPE.fullmatch(s) else None
    value = float(literal) if literal is not None else math.nan
    if not math.isfinite(value):  # also a number too long for a float
        raise UserError(f'Không đọc được số: "{text}"')
    return -value if s.startswith("-") else value


def _float_literal(body: str) -> str | None:
    """Unsigned digits with Vietnamese/English separators as a Python float literal, or None."""
    if body[-1] in ".,":
        return None
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        integer, _, fraction = body.rpartition(decimal_mark)
        if group_mark in fraction or decimal_mark in integer or not _is_grouped(integer, group_mark):
            return None
        return f"{integer.replace(group_mark, '')}.{fraction}"
    if not (dots or commas):
        return body
    mark = "." if dots else ","
    if dots + commas > 1:
        return body.replace(mark, "") if _is_grouped(body, mark) else None
    if mark == "." and _is_grouped(body, "."):
        return body.replace(".", "")
    return body.replace(mark, ".")


def format_number(value: float, decimals: int = 2, *, group_thousands: bool = True) -> str:
    """Vietnamese style: decimal comma, trailing zeros trimmed, dots between thousands.

    80.39 → "80,39", 100.0 → "100", 9.5 → "9,5", 1234.5 → "1.234,5" (or "1234,5" with
    ``group_thousands=False``, e.g. for years). Rounded to ``decimals`` places.
    """
    if math.isnan(value) or math.isinf(value):
        raise UserError(f"Không thể viết số: {value}")
    if decimals < 0:
        raise UserError(f"Số chữ số thập phân không hợp lệ: {decimals}")
    fixed = f"{value:.{decimals}f}"
    if "." in fixed:
        fixed = fixed.rstrip("0").rstrip(".")
    negative = fixed.startswith("-")
    integer, _, fraction = fixed.lstrip("-").partition(".")
    if group_thousands:
        integer = f"{int(integer):,}".replace(",", ".")
    text = integer + ("," + fraction if fraction else "")
    # "-0" after rounding a tiny negative value is just 0.
    return "-" + text if negative and text != "0" else text


# --- dates ---------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_BLANK = " " * 3  # with the spaces either side, five spaces for the clerk to fill in by hand


def parse_date(text: str) -> date:
    """Read "05/01/2025", "5/1/2025", "05-01-2025", "05.01.2025" (day first) or "2025-01-05".

    The separator must be the same twice; years have four digits. Raises ValueError
    (`Ngày không hợp lệ: "…"`) for anything else, including dates that do not exist.
    """
    s = clean(text)
    error = UserError(f'Ngày không hợp lệ: "{text}"')
    if m := _DMY.fullmatch(s):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    elif m := _ISO.fullmatch(s):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise error
    try:
        return date(year, month, day)
    except ValueError:
        raise error from None


def format_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _long_month(month: int) -> str:
    # Nghị định 30/2020: months 1 and 2 take a leading zero (so "tháng 01" cannot be misread
    # as "tháng 10" or "tháng 11" when filled in by hand); 3–12 do not.
    return f"{month:02d}" if month < 3 else str(month)


def format_date_long(d: date | None, *, year: int | None = None, month: int | None = None) -> str:
    """The dateline of an official document: "ngày 05 tháng 01 năm 2025", "ngày 20 tháng 6 năm 2025".

    With ``d`` None, the parts not known are left blank (five spaces between the words) for the
    clerk to fill in:
    ``format_date_long(None, year=2025, month=1)`` → "ngày     tháng 01 năm 2025", with no
    month "ngày     tháng     năm 2025". ``year`` and ``month`` are ignored when ``d`` is given.
    """
    if d is not None:
        return f"ngày {d.day:02d} tháng {_long_month(d.month)} năm {d.year}"
    if month is not None and not 1 <= month <= 12:
        raise UserError(f"Tháng không hợp lệ: {month}")
    month_text = _long_month(month) if month is not None else _BLANK
    year_text = str(year) if year is not None else _BLANK
    return f"ngày {_BLANK} tháng {month_text} năm {year_text}"
