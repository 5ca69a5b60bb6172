"""Timeframes as plans write them, and the occurrences they produce within a plan period."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.timeframe import OccurrenceSlot, Timeframe, TimeframeKind, occurrence_slots, parse_timeframe

K = TimeframeKind
D = date


@pytest.mark.parametrize(
    ("text", "kind", "due", "start", "annual"),
    [
        ("Thường xuyên", K.ONGOING, None, None, None),
        ("THƯỜNG XUYÊN", K.ONGOING, None, None, None),
        ("Thường xuyên, liên tục", K.ONGOING, None, None, None),
        ("Thực hiện thường xuyên.", K.ONGOING, None, None, None),
        ("Hằng tháng", K.ONGOING, None, None, None),
        ("Hằng năm", K.RECURRING, None, None, (12, 31)),
        ("Hàng năm", K.RECURRING, None, None, (12, 31)),
        ("Hằng năm.", K.RECURRING, None, None, (12, 31)),
        ("  hằng   năm ; ", K.RECURRING, None, None, (12, 31)),
        ("Định kỳ hằng năm", K.RECURRING, None, None, (12, 31)),
        ("Hằng năm học", K.RECURRING, None, None, (5, 31)),
        ("Năm 2025", K.ONE_OFF, D(2025, 12, 31), D(2025, 1, 1), None),
        ("2025", K.ONE_OFF, D(2025, 12, 31), D(2025, 1, 1), None),
        ("Trong năm 2025", K.ONE_OFF, D(2025, 12, 31), D(2025, 1, 1), None),
        ("Hoàn thành trong năm 2025", K.ONE_OFF, D(2025, 12, 31), D(2025, 1, 1), None),
        ("Giai đoạn 2025-2030", K.PERIOD, D(2030, 12, 31), D(2025, 1, 1), None),
        ("2025 - 2030", K.PERIOD, D(2030, 12, 31), D(2025, 1, 1), None),
        ("Giai đoạn 2025–2030", K.PERIOD, D(2030, 12, 31), D(2025, 1, 1), None),
        ("Giai đoạn 2026 — 2030", K.PERIOD, D(2030, 12, 31), D(2026, 1, 1), None),
        ("Từ năm 2025 đến năm 2030", K.PERIOD, D(2030, 12, 31), D(2025, 1, 1), None),
        ("Năm học 2024-2025", K.ONE_OFF, D(2025, 5, 31), D(2024, 9, 1), None),
        ("Năm học 2024 - 2025", K.ONE_OFF, D(2025, 5, 31), D(2024, 9, 1), None),
        ("Quý II/2025", K.ONE_OFF, D(2025, 6, 30), D(2025, 4, 1), None),
        ("Quý 2 năm 2025", K.ONE_OFF, D(2025, 6, 30), D(2025, 4, 1), None),
        ("Quý IV năm 2025", K.ONE_OFF, D(2025, 12, 31), D(2025, 10, 1), None),
        ("Quý I/2024", K.ONE_OFF, D(2024, 3, 31), D(2024, 1, 1), None),
        ("Quý III/2025", K.ONE_OFF, D(2025, 9, 30), D(2025, 7, 1), None),
        ("Quý I hằng năm", K.RECURRING, None, None, (3, 31)),
        ("Quý II", K.RECURRING, None, None, (6, 30)),
        ("6 tháng đầu năm 2025", K.ONE_OFF, D(2025, 6, 30), D(2025, 1, 1), None),
        ("6 tháng cuối năm 2025", K.ONE_OFF, D(2025, 12, 31), D(2025, 7, 1), None),
        ("6 tháng đầu năm", K.RECURRING, None, None, (6, 30)),
        ("6 tháng cuối năm hằng năm", K.RECURRING, None, None, (12, 31)),
        ("Tháng 9 hằng năm", K.RECURRING, None, None, (9, 30)),
        ("Tháng 2 hằng năm", K.RECURRING, None, None, (2, 29)),
        ("Tháng 9", K.RECURRING, None, None, (9, 30)),
        ("Tháng 9/2025", K.ONE_OFF, D(2025, 9, 30), D(2025, 9, 1), None),
        ("Tháng 09/2025", K.ONE_OFF, D(2025, 9, 30), D(2025, 9, 1), None),
        ("Tháng 9 năm 2025", K.ONE_OFF, D(2025, 9, 30), D(2025, 9, 1), None),
        ("Tháng 2/2024", K.ONE_OFF, D(2024, 2, 29), D(2024, 2, 1), None),
        ("Trước 30/6/2025", K.ONE_OFF, D(2025, 6, 30), None, None),
        ("Trước ngày 30/6/2025", K.ONE_OFF, D(2025, 6, 30), None, None),
        ("Chậm nhất ngày 30/6/2025", K.ONE_OFF, D(2025, 6, 30), None, None),
        ("Trước ngày 30 tháng 6 năm 2025", K.ONE_OFF, D(2025, 6, 30), None, None),
        ("Hoàn thành trước ngày 15/3/2025.", K.ONE_OFF, D(2025, 3, 15), None, None),
        ("30/06/2025", K.ONE_OFF, D(2025, 6, 30), None, None),
        ("30-06-2025", K.ONE_OFF, D(2025, 6, 30), None, None),
        ("Trước ngày 15/12 hằng năm", K.RECURRING, None, None, (12, 15)),
        ("Trước ngày 15/12", K.RECURRING, None, None, (12, 15)),
        ("Ngày 29/02 hằng năm", K.RECURRING, None, None, (2, 29)),
        ("Từ ngày 01/3/2025 đến ngày 30/6/2025", K.PERIOD, D(2025, 6, 30), D(2025, 3, 1), None),
        ("Đến năm 2030", K.ONE_OFF, D(2030, 12, 31), None, None),
        ("Đến hết năm 2030", K.ONE_OFF, D(2030, 12, 31), None, None),
        ("Trước năm 2026", K.ONE_OFF, D(2025, 12, 31), None, None),
        ("Từ năm 2025", K.RECURRING, None, D(2025, 1, 1), (12, 31)),
        ("Năm 2025 và các năm tiếp theo", K.RECURRING, None, D(2025, 1, 1), (12, 31)),
        ("Từ năm 2026 trở đi", K.RECURRING, None, D(2026, 1, 1), (12, 31)),
        ("Theo kế hoạch của Trung ương, tỉnh", K.EXTERNAL, None, None, None),
        ("Theo kế hoạch của cấp trên", K.EXTERNAL, None, None, None),
        ("Theo chỉ đạo của UBND tỉnh", K.EXTERNAL, None, None, None),
        ("Theo lộ trình của Bộ Giáo dục và Đào tạo", K.EXTERNAL, None, None, None),
        ("Khi có yêu cầu", K.EXTERNAL, None, None, None),
        ("", K.NONE, None, None, None),
        ("   ", K.NONE, None, None, None),
        (None, K.NONE, None, None, None),
    ],
)
def test_timeframes_plans_write_are_understood(text, kind, due, start, annual):
    tf = parse_timeframe(text)
    assert (tf.kind, tf.due, tf.start, tf.annual_due) == (kind, due, start, annual)
    assert tf.understood


@pytest.mark.parametrize(
    "text",
    [
        "Thường",  # a cell split across lines in a PDF annex
        "xuyên",
        "Sau khi",
        "Trước ngày 31/02/2025",  # no such day
        "Trước ngày 31/4 hằng năm",
        "Tháng 13/2025",
        "Tháng 13",
        "Quý V/2025",
        "Năm học 2024-2026",
        "Giai đoạn 2030-2025",
        "Từ ngày 30/6/2025 đến ngày 01/3/2025",
        "Trước 30/6/25",  # two-digit year
        "Năm 0000",
        "Giai đoạn 2021-2025, định hướng đến năm 2030",
        "Sớm nhất có thể",
    ],
)
def test_unreadable_timeframes_are_unknown_and_kept(text):
    tf = parse_timeframe(text)
    assert tf.kind is K.UNKNOWN
    assert not tf.understood
    assert tf.text == text
    assert (tf.due, tf.start, tf.annual_due) == (None, None, None)


def test_timeframe_text_is_kept_verbatim_in_nfc():
    written = unicodedata.normalize("NFD", "  Hằng năm. ")
    tf = parse_timeframe(written)
    assert tf.text == unicodedata.normalize("NFC", written)
    assert tf.kind is K.RECURRING


def test_decomposed_input_parses_like_precomposed():
    nfd = unicodedata.normalize("NFD", "Quý II/2025")
    assert parse_timeframe(nfd).due == D(2025, 6, 30)


@given(st.text())
def test_any_text_parses_without_raising_and_keeps_the_text(text):
    tf = parse_timeframe(text)
    assert isinstance(tf, Timeframe)
    assert tf.text == unicodedata.normalize("NFC", text)
    assert tf.describe().startswith("→ ")


@given(
    st.lists(
        st.sampled_from(
            ["Quý", "II", "/", "2025", "năm", "Tháng", "9", "hằng", "Trước", "ngày", "30/6", "-", "2030",
             "Giai đoạn", "học", "6 tháng đầu", " ", ".", "Theo", "29/2", "0", "99"]
        ),
        max_size=8,
    )
)
def test_fragments_of_real_timeframes_never_raise(words):
    text = " ".join(words)
    tf = parse_timeframe(text)
    assert tf.text == text
    if tf.kind in (K.ONE_OFF, K.PERIOD):
        assert tf.due is not None
    if tf.kind is K.RECURRING:
        assert tf.annual_due is not None


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("Năm 2025", "→ hạn 31/12/2025"),
        ("Giai đoạn 2025-2030", "→ hạn 31/12/2030"),
        ("Trước ngày 15/12 hằng năm", "→ lặp hằng năm, hạn 15/12"),
        ("Tháng 9 hằng năm", "→ lặp hằng năm, hạn 30/09"),
        ("Từ năm 2025", "→ lặp hằng năm từ 2025, hạn 31/12"),
        ("Thường xuyên", "→ không thời hạn"),
        ("Theo kế hoạch của cấp trên", "→ theo kế hoạch cấp trên"),
        ("abc", "→ chưa hiểu, cần nhập hạn"),
        ("", "→ chưa có thời hạn"),
    ],
)
def test_describe_says_how_the_text_was_read(text, description):
    assert parse_timeframe(text).describe() == description


# --- occurrence slots ----------------------------------------------------------------------

P_START, P_END = D(2025, 1, 1), D(2030, 12, 31)


def slot(key, starts, due):
    return OccurrenceSlot(key, starts, due)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2025", [slot("", D(2025, 1, 1), D(2025, 12, 31))]),
        ("Trước ngày 30/6/2025", [slot("", None, D(2025, 6, 30))]),
        ("Giai đoạn 2025-2030", [slot("", D(2025, 1, 1), D(2030, 12, 31))]),
        ("Thường xuyên", [slot("", None, None)]),
        ("Theo kế hoạch của cấp trên", [slot("", None, None)]),
        ("không rõ", [slot("", None, None)]),
        ("", [slot("", None, None)]),
    ],
)
def test_non_recurring_timeframes_have_one_slot(text, expected):
    assert occurrence_slots(parse_timeframe(text), P_START, P_END) == expected


def test_recurring_timeframe_has_one_slot_per_year_of_the_plan():
    slots = occurrence_slots(parse_timeframe("Hằng năm"), P_START, P_END)
    assert [s.key for s in slots] == ["2025", "2026", "2027", "2028", "2029", "2030"]
    assert slots[0] == slot("2025", D(2025, 1, 1), D(2025, 12, 31))
    assert slots[-1] == slot("2030", D(2030, 1, 1), D(2030, 12, 31))


def test_recurring_slots_only_for_due_dates_inside_the_period():
    # Plan from 01/07/2025 to 30/06/2027: the 30/09 deadlines of 2025 and 2026 fall inside,
    # that of 2027 after the end.
    slots = occurrence_slots(parse_timeframe("Tháng 9 hằng năm"), D(2025, 7, 1), D(2027, 6, 30))
    assert slots == [slot("2025", D(2025, 1, 1), D(2025, 9, 30)), slot("2026", D(2026, 1, 1), D(2026, 9, 30))]


def test_recurring_period_boundaries_are_inclusive():
    slots = occurrence_slots(parse_timeframe("Trước ngày 15/12 hằng năm"), D(2024, 12, 15), D(2025, 12, 15))
    assert [s.due_on for s in slots] == [D(2024, 12, 15), D(2025, 12, 15)]


def test_recurring_task_is_never_lost_when_no_due_date_falls_inside():
    slots = occurrence_slots(parse_timeframe("Quý I hằng năm"), D(2025, 6, 1), D(2025, 12, 31))
    assert slots == [slot("2025", D(2025, 1, 1), D(2025, 3, 31))]


def test_recurring_29_february_is_clamped_in_common_years():
    slots = occurrence_slots(parse_timeframe("Tháng 2 hằng năm"), D(2024, 1, 1), D(2025, 12, 31))
    assert [s.due_on for s in slots] == [D(2024, 2, 29), D(2025, 2, 28)]


def test_recurring_from_a_year_skips_earlier_years():
    slots = occurrence_slots(parse_timeframe("Từ năm 2027"), P_START, P_END)
    assert [s.key for s in slots] == ["2027", "2028", "2029", "2030"]


def test_override_replaces_the_due_date_of_a_single_slot():
    for text in ["Năm 2025", "Thường xuyên", "không rõ", ""]:
        slots = occurrence_slots(parse_timeframe(text), P_START, P_END, override=D(2025, 10, 15))
        assert [s.due_on for s in slots] == [D(2025, 10, 15)]
        assert [s.key for s in slots] == [""]


def test_override_applies_its_day_and_month_to_every_year_of_a_recurring_task():
    slots = occurrence_slots(parse_timeframe("Hằng năm"), D(2025, 1, 1), D(2027, 12, 31), D(2025, 11, 20))
    assert [s.due_on for s in slots] == [D(2025, 11, 20), D(2026, 11, 20), D(2027, 11, 20)]


def test_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="Thời gian của kế hoạch không hợp lệ"):
        occurrence_slots(parse_timeframe("Hằng năm"), D(2026, 1, 1), D(2025, 1, 1))


@given(
    text=st.sampled_from(["Hằng năm", "Tháng 2 hằng năm", "Quý III hằng năm", "Trước ngày 31/12 hằng năm"]),
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31)),
    days=st.integers(0, 3000),
)
def test_recurring_slots_are_yearly_and_never_empty(text, start, days):
    end = date.fromordinal(start.toordinal() + days)
    slots = occurrence_slots(parse_timeframe(text), start, end)
    assert slots
    assert [int(s.key) for s in slots] == sorted({s.due_on.year for s in slots})
    assert all(s.starts_on == D(int(s.key), 1, 1) for s in slots)
    if len(slots) > 1 or start <= slots[0].due_on <= end:
        assert all(start <= s.due_on <= end for s in slots)
