"""The targets annex of a period's report: figures of the period and a year before, the share of the
plan, a verdict fair to the deadline, frozen with the report and printed in the PDF and the .docx."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import docx
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import Indicator, IndicatorValue
from core.period_targets import (
    MET,
    NO_FIGURE,
    NOT_MET,
    ONGOING,
    deadline_end,
    read_period,
    target_row,
    targets_from_snapshot,
    verdict,
)
from core.periods import parse_period
from core.reports import render_docx, render_pdf
from core.reports.data import ReportOptions
from storage.indicators import record_indicator_value, save_indicator
from storage.period_reports import period_report_data
from storage.report_documents import draft_report, get_report, refresh_report, save_report
from tests.fixtures.report_world import build_report_world

Q2 = parse_period("2025-Q2")


# ------------------------------------------------------------------------ reading periods
@pytest.mark.parametrize(("text", "code"), [
    ("2025-Q2", "2025-Q2"),
    ("quý II năm 2025", "2025-Q2"),
    ("Quý 2/2025", "2025-Q2"),
    ("năm học 2024-2025", "2024-2025"),
    ("Năm học 2024 – 2025", "2024-2025"),
    ("Học kỳ I năm học 2024 - 2025", "2024-2025-HK1"),
    ("học kỳ 2 năm học 2024-2025", "2024-2025-HK2"),
    ("6 tháng đầu năm 2025", "2025-H1"),
    ("6 tháng cuối năm 2025", "2025-H2"),
    ("9 tháng đầu năm 2025", "2025-9M"),
    ("tháng 5/2025", "2025-05"),
    ("Tháng 12 năm 2024", "2024-12"),
    ("năm 2025", "2025"),
    ("2025", "2025"),
    ("giai đoạn 2021-2025", None),
    ("cuối năm", None),
    ("", None),
])  # fmt: skip
def test_a_figures_period_is_read_from_its_code_or_its_words(text, code):
    found = read_period(text)
    assert (found.code if found else None) == code


PERIOD_CODES = st.one_of(
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2000, 2099), st.integers(1, 12)),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(2000, 2099), st.integers(1, 4)),
    st.builds(lambda y, h: f"{y}-H{h}", st.integers(2000, 2099), st.integers(1, 2)),
    st.builds(lambda y: f"{y}-9M", st.integers(2000, 2099)),
    st.builds(str, st.integers(2000, 2099)),
    st.builds(lambda y: f"{y}-{y + 1}", st.integers(2000, 2098)),
    st.builds(lambda y, s: f"{y}-{y + 1}-HK{s}", st.integers(2000, 2098), st.integers(1, 2)),
)


@given(PERIOD_CODES)
def test_every_period_is_read_back_from_the_words_a_report_prints_for_it(code):
    period = parse_period(code)
    assert read_period(period.label) == period
    assert read_period(period.label.upper()) == period  # «NĂM HỌC 2024-2025» in a heading


@pytest.mark.parametrize(("deadline", "end"), [
    ("2030", date(2030, 12, 14)),  # the year's reporting cut-off: the year's own report judges it
    ("năm học 2025-2026", date(2026, 5, 31)),
    ("giai đoạn 2021-2025", date(2025, 12, 14)),
    ("đến năm 2030", date(2030, 12, 14)),
    ("", None),
])  # fmt: skip
def test_a_targets_deadline_is_the_cut_off_of_the_period_it_names(deadline, end):
    assert deadline_end(deadline) == end


@pytest.mark.parametrize(("met", "deadline", "cut_off", "expected"), [
    (True, date(2030, 12, 14), date(2026, 6, 14), MET),
    (False, date(2030, 12, 14), date(2026, 6, 14), ONGOING),  # a 2030 target in 2026
    (False, date(2025, 12, 14), date(2025, 12, 14), NOT_MET),  # judged in its own period's report
    (False, date(2025, 12, 14), date(2026, 3, 14), NOT_MET),
    (False, None, date(2026, 3, 14), ONGOING),  # no deadline known: never called a failure
    (None, date(2020, 1, 1), date(2026, 3, 14), NO_FIGURE),
])  # fmt: skip
def test_the_verdict_waits_for_the_deadline(met, deadline, cut_off, expected):
    assert verdict(met, deadline, cut_off) == expected


# ------------------------------------------------------------------------ one target's row
def _value(period: str, value: float, unit_id: int | None = None, day: int = 1) -> IndicatorValue:
    recorded = datetime(2025, 1, day, tzinfo=UTC)
    return IndicatorValue(indicator_id=1, period=period, unit_id=unit_id, value=value, recorded_at=recorded)


RATE_2030 = Indicator(plan_id=1, text="Tỷ lệ trẻ 5 tuổi hoàn thành chương trình", measure="%",
                      comparator=">=", target_value=99.8, deadline="2030", id=1)  # fmt: skip


def test_the_row_prints_the_periods_figure_the_year_before_and_the_share_of_the_plan():
    values = [_value("2024-Q2", 98.1), _value("năm học 2024-2025", 99.2), _value("2025-Q2", 99.67),
              _value("2025-Q3", 99.9)]  # fmt: skip
    row = target_row(RATE_2030, values, Q2)
    assert (row.measure, row.target, row.deadline) == ("%", "≥ 99,8%", "2030")
    assert row.actual == "99,67%"  # the figure reached, not its share of the plan
    assert row.last_year == "98,1%"
    assert row.rate == pytest.approx(99.67 / 99.8)
    assert row.verdict == ONGOING  # short of 99,8% but due in 2030


def test_a_later_periods_figure_never_prints_and_an_older_one_names_its_period():
    values = [_value("năm học 2024-2025", 99.2), _value("2025-Q3", 99.9)]
    assert target_row(RATE_2030, values, Q2).actual == "99,2% (năm học 2024-2025)"
    assert target_row(RATE_2030, values, parse_period("2025-Q1")).verdict == NO_FIGURE


def test_a_target_past_its_deadline_is_judged():
    due_2025 = Indicator(plan_id=1, text="Trường đạt chuẩn", measure="trường", target_value=12,
                         deadline="2025", id=1)  # fmt: skip
    values = [_value("2025", 10)]
    assert target_row(due_2025, values, parse_period("2025")).verdict == NOT_MET
    assert target_row(due_2025, [_value("2025", 12)], parse_period("2025")).verdict == MET
    assert target_row(due_2025, [_value("2025-Q2", 10)], Q2).verdict == ONGOING


# ------------------------------------------------------------------------ kept and printed
@pytest.fixture
def world(db):
    db, plan, units = build_report_world(db)
    rate = save_indicator(db, Indicator(plan_id=plan.id, text="Tỷ lệ huy động trẻ 5 tuổi ra lớp", measure="%",
                                        target_value=99.8, deadline="2030"))  # fmt: skip
    schools = save_indicator(db, Indicator(plan_id=plan.id, text="Trường đạt chuẩn quốc gia",
                                           measure="trường", target_value=3,
                                           deadline="quý II năm 2025"))  # fmt: skip
    record_indicator_value(db, IndicatorValue(rate.id, period="2024-Q2", value=98.1))
    record_indicator_value(db, IndicatorValue(rate.id, period="2025-Q2", value=99.67))
    record_indicator_value(db, IndicatorValue(schools.id, period="2025-Q2", unit_id=units["A"], value=1))
    record_indicator_value(db, IndicatorValue(schools.id, period="2025-Q2", unit_id=units["B"], value=1))
    return db, plan, units, rate, schools


def test_the_report_freezes_its_targets_and_reprints_them_after_later_figures(world):
    db, plan, _, rate, _ = world
    report = save_report(db, draft_report(db, "ket_qua", [plan.id], Q2))
    rows = targets_from_snapshot(report.snapshot)
    assert [(r.text, r.actual, r.last_year, r.verdict) for r in rows] == [
        ("Tỷ lệ huy động trẻ 5 tuổi ra lớp", "99,67%", "98,1%", ONGOING),
        ("Trường đạt chuẩn quốc gia", "2 trường", "", NOT_MET),  # 1 + 1 of 3, due this quarter
    ]
    record_indicator_value(db, IndicatorValue(rate.id, period="2025-Q2", value=99.9))
    assert targets_from_snapshot(get_report(db, report.id).snapshot) == rows
    refreshed = targets_from_snapshot(refresh_report(db, report.id).snapshot)
    assert refreshed[0].actual == "99,9%" and refreshed[0].verdict == MET


def test_a_units_own_report_counts_its_own_figures(world):
    db, plan, units, _, _ = world
    report = draft_report(db, "ket_qua", [plan.id], Q2, unit_id=units["A"])
    assert [r.actual for r in targets_from_snapshot(report.snapshot)] == ["", "1 trường"]


def test_the_targets_annex_prints_last_in_the_pdf_and_the_docx_with_its_columns(world):
    db, plan, _, _, _ = world
    report = save_report(db, draft_report(db, "ket_qua", [plan.id], Q2))
    data = period_report_data(db, report)
    pdf, word = render_pdf(data, ReportOptions()), render_docx(data, ReportOptions())
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        landscape = [page for page in document.pages if page.width > page.height]
        last = landscape[-1]
        assert re.search(r"^Phụ lục IV$", last.extract_text(), re.MULTILINE)
        assert "KẾT QUẢ THỰC HIỆN CHỈ TIÊU" in last.extract_text()
        table = [[(cell or "").replace("\n", " ") for cell in row] for row in last.extract_tables()[0]]
    assert table[0] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thời hạn", "Thực hiện đến kỳ báo cáo",
                        "Cùng kỳ năm trước", "So với kế hoạch (%)", "Đánh giá"]  # fmt: skip
    assert table[1] == ["1", "Tỷ lệ huy động trẻ 5 tuổi ra lớp", "%", "≥ 99,8%", "2030", "99,67%", "98,1%",
                        "99,87", ONGOING]  # fmt: skip
    body = "\n".join(page.extract_text() or "" for page in pdfplumber.open(io.BytesIO(pdf)).pages)
    assert "kết quả thực hiện chỉ tiêu tại Phụ lục IV" in body.replace("\n", " ")
    document = docx.Document(io.BytesIO(word))
    headers = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thời hạn", "Thực hiện đến kỳ báo cáo",
            "Cùng kỳ năm trước", "So với kế hoạch (%)", "Đánh giá"] in headers  # fmt: skip
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Phụ lục IV" in texts


def test_the_progress_report_and_its_summary_use_the_same_verdict():
    import dataclasses

    from core.reports.figures import indicator_line
    from core.reports.progress import INDICATOR_COLUMNS, indicator_summary

    values = [_value("2025-Q2", 99.67)]
    ongoing = indicator_line(RATE_2030, values, as_of=date(2026, 6, 1))
    assert (ongoing.met, ongoing.verdict) == (False, ONGOING)
    late = indicator_line(dataclasses.replace(RATE_2030, deadline="2025"), values, as_of=date(2026, 6, 1))
    assert late.verdict == NOT_MET
    undated = dataclasses.replace(RATE_2030, deadline="")
    assert indicator_line(undated, values, date(2025, 6, 1), plan_end=date(2025, 12, 31)).verdict == ONGOING
    assert indicator_line(undated, values, date(2026, 1, 5), plan_end=date(2025, 12, 31)).verdict == NOT_MET
    summary = indicator_summary((ongoing, late))
    assert "đang thực hiện (chưa đến hạn)" in summary and "chưa đạt" in summary
    assert [c.heading for c in INDICATOR_COLUMNS][4] == "So với kế hoạch (%)"
