"""Vietnamese text: normal form, search and sort keys, numbers and dates."""

import math
import re
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.vntext import (
    clean,
    format_date,
    format_date_long,
    format_number,
    nfc,
    parse_date,
    parse_number,
    search_key,
    sort_key,
)

NFD = "NFD"
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE_TEXT = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " \u00a0\t", max_size=30)
DATE_LINE = re.compile(r"ngày (0[1-9]|[12]\d|3[01]|\s+) tháng (0[12]|[3-9]|1[0-2]|\s+) năm \d{4}")


# --- nfc / clean ---------------------------------------------------------------------------


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize(NFD, "Hạnh phúc")
    assert decomposed != "Hạnh phúc"
    assert nfc(decomposed) == "Hạnh phúc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Phòng   Giáo dục\n và\tĐào tạo ", "Phòng Giáo dục và Đào tạo"),
        ("UBND\u00a0huyện", "UBND huyện"),
        ("Hà\u200b Nội\u200b", "Hà Nội"),
        (unicodedata.normalize(NFD, " Trường  THCS "), "Trường THCS"),
        ("", ""),
    ],
)
def test_clean_normalises_and_collapses_whitespace(text, expected):
    assert clean(text) == expected


# --- search key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phòng Giáo dục", "phong giao duc"),
        ("ĐÀO TẠO", "dao tao"),
        ("đường", "duong"),
        (unicodedata.normalize(NFD, "Đường Hoà Bình"), "duong hoa binh"),
        ("Hòa  Bình\u00a0", "hoa binh"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Trường THPT Mường Tè", "truong thpt muong te"),
        ("Ð (eth look-alike)", "d (eth look-alike)"),
        ("367/KH-UBND", "367/kh-ubnd"),
        ("", ""),
    ],
)
def test_search_key_ignores_case_diacritics_and_d_stroke(text, expected):
    assert search_key(text) == expected


@given(st.text())
def test_search_key_is_idempotent(text):
    assert search_key(search_key(text)) == search_key(text)


@given(VIETNAMESE_TEXT)
def test_search_key_of_vietnamese_is_ascii_and_form_independent(text):
    key = search_key(text)
    assert key.isascii()
    assert key == search_key(unicodedata.normalize(NFD, text))
    assert key == search_key(text.upper())


# --- sort key ------------------------------------------------------------------------------


def test_sort_key_puts_letters_with_marks_after_their_base():
    assert sorted(["Đà", "Da", "Ăn", "An", "Bé"], key=sort_key) == ["An", "Ăn", "Bé", "Da", "Đà"]


def test_sort_key_follows_the_vietnamese_alphabet():
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    assert sorted(reversed(letters), key=sort_key) == letters
    assert sorted(sorted(letters), key=sort_key) == letters  # code-point order differs


def test_sort_key_orders_tones_none_huyen_sac_hoi_nga_nang():
    assert sorted(["mạ", "mã", "mả", "má", "mà", "ma"], key=sort_key) == ["ma", "mà", "má", "mả", "mã", "mạ"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ma", "mà"),  # tone is only a tie-breaker …
        ("mà", "mb"),  # … after the letters
        ("Ăn", "ân"),  # ă before â whatever the case
        ("an", "An"),  # lower case before upper when all else is equal
        ("Hòa", "Hoa B"),  # letters decide before tones
        ("Hoa", "Hoà"),  # old and new tone placement sort together
        ("Nam", "Nam Định"),
        ("Trường 2", "Trường A"),  # digits before letters
        ("Zê", "zê!"),
    ],
)
def test_sort_key_orders_pairs(first, second):
    assert sort_key(first) < sort_key(second)


def test_sort_key_treats_old_and_new_tone_placement_alike():
    assert sort_key("Hoà")[:3] == sort_key("Hòa")[:3]


def test_sort_key_ignores_normal_form():
    assert sort_key(unicodedata.normalize(NFD, "Đắk Lắk")) == sort_key("Đắk Lắk")


@given(st.lists(VIETNAMESE_TEXT | st.text(max_size=10), min_size=3, max_size=3))
def test_sort_key_is_a_consistent_total_order(texts):
    a, b, c = (sort_key(t) for t in texts)
    assert (a < b) + (a == b) + (a > b) == 1  # comparable, exactly one relation
    if a <= b <= c:
        assert a <= c
    if a == b:
        assert clean(texts[0]) == clean(texts[1])


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80,39", 80.39),
        ("80.39", 80.39),
        ("80", 80.0),
        (" 99,7 % ", 99.7),
        ("100%", 100.0),
        ("1.234", 1234.0),
        ("12.345", 12345.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("12.345.678,25", 12345678.25),
        ("1,234,567", 1234567.0),
        ("1,234", 1.234),  # a single comma is the decimal comma
        ("1234.567", 1234.567),  # integer part of four digits: a decimal point
        ("0.125", 0.125),
        ("-3", -3.0),
        ("−3,5", -3.5),  # U+2212 minus sign
        ("+2", 2.0),
        ("0", 0.0),
        ("-0,5", -0.5),
        ("9,5", 9.5),
    ],
)
def test_parse_number_reads_vietnamese_and_english_forms(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["abc", "", "  ", "%", "1.2.3", "1,2,3", "1.234,5.6", "12,34.5", "1.", ",5", "--3", "1 234", "80,39a",
     "9" * 400],  # too long for a float
)
def test_parse_number_rejects_anything_else_with_a_vietnamese_message(text):
    with pytest.raises(ValueError, match=re.escape(f'Không đọc được số: "{text}"')):
        parse_number(text)


@given(st.text(alphabet="0123456789.,-+% \u00a0abc", max_size=12) | st.text(max_size=12))
def test_parse_number_either_reads_a_number_or_raises_value_error(text):
    try:
        value = parse_number(text)
    except ValueError as error:
        assert text in str(error)
    else:
        assert math.isfinite(value)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (80.39, 2, "80,39"),
        (100.0, 2, "100"),
        (9.5, 2, "9,5"),
        (99.999, 2, "100"),
        (0.004, 2, "0"),
        (-0.001, 2, "0"),
        (-3.25, 1, "-3,2"),  # rounding of the binary value 3.25 is to even
        (1234.5, 2, "1.234,5"),
        (1234567.0, 0, "1.234.567"),
        (2025.0, 0, "2.025"),
        (12.3456, 3, "12,346"),
    ],
)
def test_format_number_writes_vietnamese_style(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_can_leave_thousands_ungrouped():
    assert format_number(2025, 0, group_thousands=False) == "2025"
    assert format_number(1234.5, group_thousands=False) == "1234,5"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_format_number_refuses_non_finite_values(value):
    with pytest.raises(ValueError):
        format_number(value)


@given(
    value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    decimals=st.integers(0, 4),
    grouped=st.booleans(),
)
def test_parse_number_reads_back_what_format_number_writes(value, decimals, grouped):
    text = format_number(value, decimals, group_thousands=grouped)
    assert parse_number(text) == pytest.approx(float(f"{value:.{decimals}f}"), abs=1e-9)


@given(st.integers(-10**9, 10**9))
def test_grouped_integers_round_trip_exactly(number):
    assert parse_number(format_number(number, 0)) == number


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["05/01/2025", "5/1/2025", "05-01-2025", "05.01.2025", "2025-01-05", " 5/01/2025 "]
)
def test_parse_date_reads_day_first_and_iso(text):
    assert parse_date(text) == date(2025, 1, 5)


@pytest.mark.parametrize(
    "text", ["31/02/2025", "29/02/2025", "00/01/2025", "05/13/2025", "5/1/25", "05/01-2025", "2025/01/05",
             "hôm nay", "", "05/01/20255"]
)
def test_parse_date_rejects_invalid_dates_with_a_vietnamese_message(text):
    with pytest.raises(ValueError, match=re.escape(f'Ngày không hợp lệ: "{text}"')):
        parse_date(text)


def test_parse_date_accepts_29_february_in_a_leap_year():
    assert parse_date("29/02/2024") == date(2024, 2, 29)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_reads_back_format_date(d):
    assert parse_date(format_date(d)) == d


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 1, 5), "05/01/2025"),
        (date(2025, 12, 31), "31/12/2025"),
    ],
)
def test_format_date_is_dd_mm_yyyy(d, expected):
    assert format_date(d) == expected


@pytest.mark.parametrize(
    ("d", "kwargs", "expected"),
    [
        (date(2025, 1, 5), {}, "ngày 05 tháng 01 năm 2025"),
        (date(2025, 2, 28), {}, "ngày 28 tháng 02 năm 2025"),
        (date(2025, 3, 1), {}, "ngày 01 tháng 3 năm 2025"),
        (date(2025, 6, 20), {}, "ngày 20 tháng 6 năm 2025"),
        (date(2025, 10, 10), {}, "ngày 10 tháng 10 năm 2025"),
        (date(2025, 12, 31), {}, "ngày 31 tháng 12 năm 2025"),
        (None, {"year": 2025, "month": 1}, "ngày     tháng 01 năm 2025"),
        (None, {"year": 2025, "month": 7}, "ngày     tháng 7 năm 2025"),
        (None, {"year": 2025}, "ngày     tháng     năm 2025"),
        (date(2025, 1, 5), {"year": 1999, "month": 9}, "ngày 05 tháng 01 năm 2025"),
    ],
)
def test_format_date_long_prints_the_official_dateline(d, kwargs, expected):
    text = format_date_long(d, **kwargs)
    assert text == expected
    assert DATE_LINE.fullmatch(text)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_dateline_matches_the_official_pattern(d):
    assert DATE_LINE.fullmatch(format_date_long(d))
    assert DATE_LINE.fullmatch(format_date_long(None, year=d.year, month=d.month))


def test_format_date_long_rejects_a_month_that_does_not_exist():
    with pytest.raises(ValueError, match="Tháng không hợp lệ: 13"):
        format_date_long(None, year=2025, month=13)


@given(st.text(max_size=300), st.integers(min_value=2, max_value=120))
def test_shorten_never_exceeds_its_limit_and_keeps_short_text(text, limit):
    from core.vntext import clean, shorten

    result = shorten(text, limit)
    assert len(result) <= limit
    if len(clean(text)) <= limit:
        assert result == clean(text)
    else:
        assert result.endswith("…")


def test_shorten_cuts_at_a_word():
    from core.vntext import shorten

    assert shorten("Rà soát mạng lưới trường lớp mầm non", 20) == "Rà soát mạng lưới…"
