"""The words reports print: user text kept literal in reportlab markup, 'Số', the dateline, 'Nơi nhận',
'Căn cứ' lines, ordinals, statuses, the completion sentence, target figures, margin ranges."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from core.model import Indicator, IndicatorValue, Plan, Role
from core.reports.data import DocumentId, Margins, ProgressReportData, TrackedItem
from core.reports.figures import actual_figure, actual_text, indicator_line
from core.reports.markup import NBSP, literal, plain
from core.reports.phrases import (
    basis_lines,
    date_text,
    dateline,
    number_line,
    padded_number,
    plan_citation,
    recipient_lines,
    status_text,
    symbol_for,
)
from core.reports.plan import ordinal_label
from core.reports.progress import rate_text, summary_paragraphs
from core.reports.styles import styles
from core.status import DeadlineStatus

# ------------------------------------------------------------------------------ markup


def _words(text: str) -> list[str]:
    return text.replace(NBSP, " ").split()


# Soft hyphens are left out: they are break hints, shown as "-" only where a line breaks.
TYPED = st.characters(blacklist_categories=("Cs",), blacklist_characters="\xad")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TYPED, max_size=120))
def test_any_text_becomes_a_paragraph_that_shows_it_literally(text):
    paragraph = Paragraph(literal(text), styles()["body"])
    paragraph.wrap(200, 10_000)  # layout never fails either, whatever the text
    # Every visible character in order; lines are separate (<br/> adds no character), whitespace
    # between words is the paragraph's business.
    expected = [word for line in plain(text).split("\n") for word in _words(line)]
    assert "".join(_words(paragraph.getPlainText())) == "".join(expected)


@pytest.mark.parametrize(
    "text",
    [
        "<b>đậm</b>",
        "a & b",
        "&amp;",
        "<br/>",
        "]]>",
        "<!-- x -->",
        "&#65;",
        "\"x\" 'y'",
        "<script>alert(1)</script>",
    ],
)
def test_markup_characters_print_as_typed(text):
    assert Paragraph(literal(text), styles()["body"]).getPlainText() == text


def test_line_breaks_and_blank_runs_are_kept_and_control_characters_dropped():
    assert literal("dòng 1\ndòng 2") == "dòng 1<br/>dòng 2"
    assert literal("Số:     /KH") == f"Số:{NBSP * 5}/KH"
    assert literal("a\x00b\x0bc\u200bd\te") == "abcd e"


# ------------------------------------------------------------------------------ phrases
@pytest.mark.parametrize(("number", "expected"), [("5", "05"), ("05", "05"), ("9", "09"), ("10", "10"),
                                                  ("367", "367"), ("", ""), ("12a", "12a")])  # fmt: skip
def test_document_numbers_below_ten_take_a_leading_zero(number, expected):
    assert padded_number(number) == expected


def test_number_line_with_and_without_a_number():
    assert number_line("5", "KH-PGDĐT") == "Số: 05/KH-PGDĐT"
    assert number_line("", "KH-UBND") == "Số:     /KH-UBND"
    assert symbol_for("BC", "PGDĐT") == "BC-PGDĐT" and symbol_for("BC", "") == "BC"


def test_dateline_leading_zeros_and_blanks():
    assert dateline("Phong Thổ", date_text(DocumentId(issued_on=date(2025, 1, 5)))) == (
        "Phong Thổ, ngày 05 tháng 01 năm 2025"
    )
    assert date_text(DocumentId(issued_on=date(2025, 6, 20))) == "ngày 20 tháng 6 năm 2025"
    assert date_text(DocumentId(year=2025, month=1)) == "ngày     tháng 01 năm 2025"
    assert date_text(DocumentId(year=2025)) == "ngày     tháng     năm 2025"
    assert dateline("", "ngày 05 tháng 01 năm 2025").startswith("……, ngày")


def test_recipients_end_with_semicolons_and_a_final_luu_line():
    assert recipient_lines(["- Như trên;", "Lưu: VT, VX.", "Sở GD&ĐT (b/c)"]) == [
        "- Như trên;",
        "- Sở GD&ĐT (b/c);",
        "- Lưu: VT, VX.",
    ]
    assert recipient_lines([]) == ["- Lưu: VT."]


def test_basis_lines_end_with_semicolons_and_a_full_stop():
    assert basis_lines(["Căn cứ A.", "Căn cứ B", " ", "Căn cứ C;"]) == ["Căn cứ A;", "Căn cứ B;", "Căn cứ C."]


def test_plan_citation_of_an_issued_plan_and_of_a_draft():
    issued = Plan(title="x", number="5", symbol="KH-PGDĐT", issuer="Phòng GD&ĐT", issued_on=date(2025, 1, 5))
    assert plan_citation(issued) == "Kế hoạch số 05/KH-PGDĐT ngày 05 tháng 01 năm 2025 của Phòng GD&ĐT"
    draft = Plan(title="x", symbol="KH-UBND", issued_year=2025, issued_month=1)
    assert plan_citation(draft, "UBND thành phố") == (
        "Kế hoạch số      /KH-UBND ngày     tháng 01 năm 2025 của UBND thành phố"
    )


@pytest.mark.parametrize(("ordinal", "label"), [("I", "I."), ("1", "1."), ("1.2", "1.2."), ("a", "a)"),
                                                ("b)", "b)"), ("-", "-"), ("+", "-"), ("", "")])  # fmt: skip
def test_ordinals_print_as_plans_number_their_levels(ordinal, label):
    assert ordinal_label(ordinal) == label


def _item(status: DeadlineStatus, days_left: int | None = None, completed: date | None = None) -> TrackedItem:
    return TrackedItem(
        "05/KH", "I.1", "x", "Phòng", Role.LEAD, status, days_left=days_left, completed_on=completed
    )


def test_status_texts_say_how_late_or_how_soon():
    assert status_text(_item(DeadlineStatus.OVERDUE, -12)) == "Quá hạn 12 ngày"
    assert status_text(_item(DeadlineStatus.DUE_SOON, 3)) == "Sắp đến hạn (còn 3 ngày)"
    assert status_text(_item(DeadlineStatus.DUE_SOON, 0)) == "Đến hạn hôm nay"
    assert status_text(_item(DeadlineStatus.DONE_LATE, completed=date(2025, 4, 2))) == (
        "Hoàn thành quá hạn (02/04/2025)"
    )
    assert status_text(_item(DeadlineStatus.NO_DEADLINE)) == "Không thời hạn"


def test_summary_counts_every_status_and_the_completion_rate():
    counts = dict.fromkeys(DeadlineStatus, 0) | {
        DeadlineStatus.DONE_ON_TIME: 6,
        DeadlineStatus.DONE_LATE: 2,
        DeadlineStatus.OVERDUE: 4,
        DeadlineStatus.DUE_SOON: 1,
        DeadlineStatus.IN_PROGRESS: 10,
        DeadlineStatus.NO_DEADLINE: 3,
    }
    first, rate = summary_paragraphs(ProgressReportData(Plan(title="x"), date(2025, 7, 10), counts))
    assert "Tổng số nhiệm vụ được giao (tính theo đơn vị chủ trì): 26 nhiệm vụ" in first
    assert "hoàn thành đúng hạn 06 nhiệm vụ; hoàn thành quá hạn 02 nhiệm vụ" in first
    assert (
        "đang thực hiện trong hạn 11 nhiệm vụ (trong đó sắp đến hạn trong 7 ngày tới: 01 nhiệm vụ)" in first
    )
    assert "quá hạn 04 nhiệm vụ; không thời hạn (thường xuyên) 03 nhiệm vụ." in first
    assert rate.startswith("Tỷ lệ hoàn thành: 66,67% (8/12")
    none_due = dict.fromkeys(DeadlineStatus, 0) | {DeadlineStatus.IN_PROGRESS: 2}
    assert (
        "chưa tính tỷ lệ"
        in summary_paragraphs(ProgressReportData(Plan(title="x"), date.today(), none_due))[1]
    )
    assert rate_text(0.8039) == "80,39%" and rate_text(None) == ""


# ------------------------------------------------------------------------------ targets
def _value(
    indicator_id=1, unit_id=None, value=None, numerator=None, denominator=None, period="2025", minute=0
):
    return IndicatorValue(
        indicator_id,
        period,
        unit_id,
        value,
        numerator,
        denominator,
        recorded_at=datetime(2025, 6, 1, 8, minute),
    )


def test_the_plan_wide_figure_wins_and_the_latest_one_is_used():
    schools = Indicator(1, "Trường đạt chuẩn", measure="%", target_value=80.39, numerator=41, denominator=51)
    values = [_value(numerator=40, denominator=51, minute=1), _value(numerator=42, denominator=51, minute=2),
              _value(unit_id=3, numerator=1, denominator=1, minute=3)]  # fmt: skip
    line = indicator_line(schools, values)
    assert (line.target, line.actual, line.met) == ("41/51 (80,39%)", "42/51 (82,35%)", True)
    assert line.rate == pytest.approx(82.3529 / 80.39, rel=1e-4)


def test_unit_figures_of_the_latest_period_add_up_when_they_are_counts():
    indicator = Indicator(1, "Trường đạt chuẩn", measure="trường", target_value=9)
    values = [_value(unit_id=1, value=4, period="2024"), _value(unit_id=1, value=5, minute=1),
              _value(unit_id=2, value=3, minute=2)]  # fmt: skip
    assert actual_figure(indicator, values).value == 8
    assert actual_text(indicator, actual_figure(indicator, values)) == "8 trường"
    percent = Indicator(1, "Tỷ lệ huy động", measure="%", target_value=99.9)
    assert (
        actual_figure(percent, [_value(unit_id=1, value=99.0), _value(unit_id=2, value=98.0, minute=1)])
        is None
    )
    assert indicator_line(percent, []).met is None


# ------------------------------------------------------------------------------ margins
@pytest.mark.parametrize("margins", [dict(top=19), dict(bottom=26), dict(left=29), dict(right=21)])
def test_margins_outside_the_decree_are_refused(margins):
    with pytest.raises(ValueError, match="Nghị định 30/2020"):
        Margins(**margins)
    assert Margins(25, 25, 35, 20).left == 35
