"""«Tổng quan» figures without Qt: the pure sums of core.overview, and storage.overview counted in SQL on
the deadline screen's small world (tests/gui/deadlines_world.py, as of 25/09/2026), worked out by hand.

The world's rounds (unit, due, state as of 25/09/2026):
  survey     PGD lead 30/06 done 20/06 (on time), NV support 30/06 done 10/07 (late)
  yearly     PGD lead 31/12/2024 done (on time), 31/12/2025 overdue, 31/12/2026 in progress
  september  MN lead and XA support, 30/09 of 2024 and 2025 overdue, of 2026 due soon
  ongoing    XA lead, no deadline
  check      MN lead 05/07/2026 overdue                    (plan «mầm non»)
  training   PGD lead 31/08/2026 overdue (60 %), MN support 31/08 overdue   (plan «mầm non»)
"""

from __future__ import annotations

from datetime import date

import pytest

from core.model import WorkState
from core.overview import (
    DayFigures,
    PeriodCompletion,
    UnitCount,
    completion_by_period,
    rank_overdue,
    reporting_month,
    reporting_year,
    silent_units,
    week_of,
    year_periods,
)
from core.periods import parse_period
from core.status import DeadlineStatus
from storage.assignments import record_progress
from storage.deadlines import status_counts
from storage.overview import load_overview, not_reported
from storage.period_report import period_figures
from storage.plans import delete_plan
from tests.fixtures.deadline_data import rows_by_key
from tests.gui.deadlines_world import AS_OF, build_world

S = DeadlineStatus


# --------------------------------------------------------------------------- core
def test_a_week_runs_from_monday_to_sunday():
    assert week_of(date(2026, 9, 25)) == (date(2026, 9, 21), date(2026, 9, 27))  # a Friday
    assert week_of(date(2026, 9, 21)) == (date(2026, 9, 21), date(2026, 9, 27))
    assert week_of(date(2026, 9, 27)) == (date(2026, 9, 21), date(2026, 9, 27))


def test_the_reporting_year_turns_on_the_fifteenth_of_december():
    assert reporting_year(date(2026, 12, 14)) == 2026
    assert reporting_year(date(2026, 12, 15)) == 2027
    months = year_periods(date(2026, 12, 15))
    assert [p.code for p in months] == [f"2027-{m:02d}" for m in range(1, 13)]
    assert (months[0].start, months[-1].end) == (date(2026, 12, 15), date(2027, 12, 14))
    quarters = year_periods(date(2026, 9, 25), "quarter")
    assert [(q.start, q.end) for q in quarters][2] == (date(2026, 6, 15), date(2026, 9, 14))
    assert reporting_month(date(2026, 9, 25)) == parse_period("2026-10")  # 15/09 – 14/10
    assert reporting_month(date(2026, 9, 14)) == parse_period("2026-09")
    with pytest.raises(ValueError, match="theo tháng hoặc theo quý"):
        year_periods(date(2026, 1, 1), "week")


def test_days_are_summed_into_their_periods_and_late_work_is_overdue_only_once_its_day_passed():
    periods = year_periods(date(2026, 9, 25), "quarter")
    days = [
        DayFigures(date(2026, 1, 10), done_on_time=2, done_late=1, not_done=1),  # Q1
        DayFigures(date(2026, 3, 14), done_on_time=1),  # Q1's last day
        DayFigures(date(2026, 3, 15), not_done=4),  # Q2's first
        DayFigures(date(2026, 9, 24), not_done=2),  # Q4, before the day: overdue
        DayFigures(date(2026, 9, 25), not_done=3),  # Q4, due on the day: not yet overdue
        DayFigures(date(2027, 1, 1), not_done=9),  # outside the year: left out
    ]
    q1, q2, q3, q4 = completion_by_period(periods, days, date(2026, 9, 25))
    assert (q1.done_on_time, q1.done_late, q1.overdue, q1.pending, q1.due) == (3, 1, 1, 0, 5)
    assert q1.rate == pytest.approx(4 / 5)
    assert (q2.overdue, q2.pending, q2.rate) == (4, 0, 0.0)
    assert q3 == PeriodCompletion(periods[2])
    assert q3.rate is None, "nothing fell due: no rate, not 0 %"
    assert (q4.overdue, q4.pending, q4.done) == (2, 3, 0)


def test_units_are_ranked_by_overdue_work_ties_by_vietnamese_name_and_the_rest_summed():
    counts = [
        UnitCount(1, "Trường Tiểu học Đông Thành", 3),
        UnitCount(2, "Trường Tiểu học Dương Liễu", 3),  # D before Đ
        UnitCount(3, "Phòng Nội vụ", 9),
        UnitCount(4, "UBND xã Tân Lập", 1),
        UnitCount(5, "Phòng Tư pháp", 2),
        UnitCount(6, "Trường Mầm non Sơn Bình", 0),  # nothing overdue: not a bar
    ]
    ranked = rank_overdue(counts, top=3)
    assert [u.unit_id for u in ranked.top] == [3, 2, 1]
    assert (ranked.other_units, ranked.other_count, ranked.total) == (2, 3, 18)


def test_silent_units_are_those_active_without_a_report_in_name_order():
    active = {1: "UBND xã Tân Lập", 2: "Trường Mầm non Ánh Dương", 3: "Phòng Nội vụ"}
    assert [u.unit_id for u in silent_units(active, reported=[3])] == [2, 1]


# -------------------------------------------------------------------------- storage
@pytest.fixture
def world(db):
    made = build_world(db)
    # Progress entries dated inside the reporting month of AS_OF (15/09 – 14/10/2026), whatever
    # day the test runs on.
    db.execute("UPDATE progress_updates SET recorded_at = '2026-09-20T08:00:00+07:00'")
    return made


def test_the_status_counts_are_those_of_the_deadline_list(db, world):
    figures = load_overview(db, AS_OF)
    expected = {
        S.OVERDUE: 8,
        S.DUE_SOON: 2,
        S.IN_PROGRESS: 1,
        S.NO_DEADLINE: 1,
        S.DONE_LATE: 1,
        S.DONE_ON_TIME: 2,
    }
    assert figures.counts == expected == status_counts(db, AS_OF)
    assert figures.total == 15


def test_overdue_work_is_counted_per_unit_lead_and_support(db, world):
    ranked = load_overview(db, AS_OF).overdue_by_unit
    # MN: september 2024, 2025 (lead), check, training (support); PGD: yearly 2025, training;
    # XA: september 2024, 2025 (support). PGD before UBND on a tie.
    assert [(u.unit_name, u.count) for u in ranked.top] == [
        ("Trường Mầm non Sơn Bình", 4),
        ("Phòng Giáo dục và Đào tạo", 2),
        ("UBND xã Tân Lập", 2),
    ]
    assert (ranked.other_units, ranked.total) == (0, 8)


def test_one_plan_counts_only_its_work(db, world):
    figures = load_overview(db, AS_OF, plan_id=world["mnp"].id)
    assert figures.counts[S.OVERDUE] == 3 and figures.total == 3
    assert [(u.unit_name, u.count) for u in figures.overdue_by_unit.top] == [
        ("Trường Mầm non Sơn Bình", 2),
        ("Phòng Giáo dục và Đào tạo", 1),
    ]


def test_a_plan_in_the_trash_is_left_out_of_every_figure(db, world):
    delete_plan(db, world["cds"].id)
    figures = load_overview(db, AS_OF)
    assert figures.total == 3
    assert [(u.unit_name, u.count) for u in figures.overdue_by_unit.top] == [
        ("Trường Mầm non Sơn Bình", 2),
        ("Phòng Giáo dục và Đào tạo", 1),
    ]
    assert sum(p.due for p in figures.periods) == 3
    # XA only leads the ongoing task of the plan now in the trash; MN still leads «check».
    assert [u.unit_name for u in figures.not_reported] == ["Trường Mầm non Sơn Bình"]


def test_completion_per_reporting_month_counts_what_fell_due_in_it(db, world):
    months = {p.period.code: p for p in load_overview(db, AS_OF).periods}
    assert len(months) == 12
    january = months["2026-01"]  # 15/12/2025 – 14/01/2026: yearly 31/12/2025, not done
    assert (january.done, january.overdue, january.pending) == (0, 1, 0)
    july = months["2026-07"]  # 15/06 – 14/07: survey (on time, late), check (overdue)
    assert (july.done_on_time, july.done_late, july.overdue, july.rate) == (1, 1, 1, pytest.approx(2 / 3))
    september = months["2026-09"]  # 15/08 – 14/09: training, both overdue
    assert (september.overdue, september.rate) == (2, 0.0)
    october = months["2026-10"]  # september 30/09/2026 twice: not yet due
    assert (october.pending, october.overdue, october.rate) == (2, 0, None)
    assert sum(p.due for p in months.values()) == 8, "31/12/2026 is in 2027's first month; undated never"


def test_completion_per_quarter(db, world):
    quarters = load_overview(db, AS_OF, period_kind="quarter").periods
    q3 = quarters[2]  # 15/06 – 14/09/2026
    assert (q3.done_on_time, q3.done_late, q3.overdue, q3.pending) == (1, 1, 3, 0)
    assert quarters[3].pending == 2


def test_work_due_this_week_is_listed_by_task_with_the_units_that_owe_it(db, world):
    assert load_overview(db, AS_OF).due_this_week.items == (), "nothing falls due 21/09 – 27/09"
    monday = date(2026, 9, 28)
    week = load_overview(db, monday).due_this_week
    assert (week.start, week.end) == (monday, date(2026, 10, 4))
    [item] = week.items
    september = world["tasks"]["september"]
    assert (item.task_id, item.due_on, item.status) == (september.id, date(2026, 9, 30), S.DUE_SOON)
    assert item.unit_names == ("Trường Mầm non Sơn Bình", "UBND xã Tân Lập")
    rows = rows_by_key(db, monday)
    assert item.occurrence_id == rows[(september.id, world["mn"].id, "2026")].occurrence_id
    assert (week.total_tasks, week.total_rounds) == (1, 2)
    record_progress(db, rows[(september.id, world["xa"].id, "2026")].occurrence_id, WorkState.DONE, 100,
                    date(2026, 9, 27), "")  # fmt: skip
    [item] = load_overview(db, monday).due_this_week.items
    assert item.unit_names == ("Trường Mầm non Sơn Bình",), "done work is no longer owed"


def test_units_leading_work_of_the_month_without_any_report_in_it_are_named(db, world):
    month = reporting_month(AS_OF)
    figures = load_overview(db, AS_OF)
    assert figures.report_period == month
    # PGD recorded on 20/09; MN (overdue, due 30/09) and XA (ongoing) recorded nothing; NV only supports.
    assert [u.unit_name for u in figures.not_reported] == ["Trường Mầm non Sơn Bình", "UBND xã Tân Lập"]
    plans = [world["cds"].id, world["mnp"].id]
    assert [u.unit_name for u in figures.not_reported] == list(period_figures(db, plans, month).not_reported)


def test_a_report_recorded_before_the_month_does_not_count_and_one_in_it_does(db, world):
    month = reporting_month(AS_OF)
    db.execute("UPDATE progress_updates SET recorded_at = '2026-09-14T17:00:00+07:00'")
    assert [u.unit_name for u in not_reported(db, month)] == [
        "Phòng Giáo dục và Đào tạo", "Trường Mầm non Sơn Bình", "UBND xã Tân Lập",
    ]  # fmt: skip
    ongoing = rows_by_key(db, AS_OF)[(world["tasks"]["ongoing"].id, world["xa"].id, "")]
    record_progress(db, ongoing.occurrence_id, WorkState.IN_PROGRESS, 30, None, "Đã tuyên truyền")
    sql = "UPDATE progress_updates SET recorded_at = '2026-09-15T08:00:00+07:00' WHERE occurrence_id = ?"
    db.execute(sql, (ongoing.occurrence_id,))
    names = [u.unit_name for u in not_reported(db, month)]
    assert names == ["Phòng Giáo dục và Đào tạo", "Trường Mầm non Sơn Bình"]
    plans = [world["cds"].id, world["mnp"].id]
    assert names == list(period_figures(db, plans, month).not_reported)


def test_a_unit_whose_lead_work_is_all_paused_and_past_due_owes_no_report(db, world):
    november = parse_period("2026-11")  # 15/10 – 14/11/2026: all of MN's lead work fell due before it
    tasks, mn = world["tasks"], world["mn"].id
    rows = rows_by_key(db, AS_OF)
    mine = [(tasks["september"].id, mn, year) for year in ("2024", "2025", "2026")] + [
        (tasks["check"].id, mn, "")
    ]
    plans = [world["cds"].id, world["mnp"].id]
    for key in mine:
        record_progress(db, rows[key].occurrence_id, WorkState.PAUSED, 0, None, "")
    db.execute("UPDATE progress_updates SET recorded_at = '2026-09-01T08:00:00+07:00'")
    names = [u.unit_name for u in not_reported(db, november)]
    assert "Trường Mầm non Sơn Bình" not in names, "paused work is not overdue"
    assert names == list(period_figures(db, plans, november).not_reported)
    assert [u.unit_name for u in load_overview(db, date(2026, 10, 20)).not_reported] == names
    record_progress(db, rows[mine[-1]].occurrence_id, WorkState.IN_PROGRESS, 10, None, "")
    db.execute("UPDATE progress_updates SET recorded_at = '2026-09-01T08:00:00+07:00'")
    names = [u.unit_name for u in not_reported(db, november)]
    assert "Trường Mầm non Sơn Bình" in names, "resumed, the check of 05/07 is overdue again"
    assert names == list(period_figures(db, plans, november).not_reported)
    assert [u.unit_name for u in load_overview(db, date(2026, 10, 20)).not_reported] == names
