"""Indicators of a plan and reported figures: round trips, replacement, refusals that change nothing."""

from dataclasses import replace

import pytest

from core.model import Indicator, IndicatorValue, Plan, Task, Unit
from storage.database import StorageError
from storage.indicators import (
    delete_indicator,
    indicator_values,
    list_indicators,
    plan_indicator_values,
    record_indicator_value,
    replace_indicators,
    save_indicator,
)
from storage.plans import delete_plan, purge_plan, save_plan
from storage.tasks import save_task
from storage.units import save_unit


@pytest.fixture
def plan(db):
    return save_plan(db, Plan(title="Kế hoạch năm học 2022-2023"))


def test_indicator_round_trip_keeps_counts_breakdown_and_order(db, plan):
    first = save_indicator(
        db,
        Indicator(
            plan_id=plan.id,
            text="41/51 trường đạt chuẩn quốc gia, tỷ lệ 80.39%",
            numerator=41,
            denominator=51,
            target_value=80.39,
        ),
    )
    second = save_indicator(
        db,
        Indicator(
            plan_id=plan.id,
            text="09 trường đạt kiểm định",
            measure="trường",
            comparator="=",
            target_value=9,
            breakdown=(("Mầm non", 5.0), ("Tiểu học", 2.0), ("THCS", 2.0)),
        ),
    )
    assert list_indicators(db, plan.id) == [first, second]
    assert second.breakdown == (("Mầm non", 5.0), ("Tiểu học", 2.0), ("THCS", 2.0))
    assert first.position < second.position


def test_a_bad_indicator_is_refused_with_its_text_in_the_message(db, plan):
    with pytest.raises(StorageError, match="Tỷ lệ chuyên cần"):
        save_indicator(db, Indicator(plan_id=plan.id, text="Tỷ lệ chuyên cần", comparator="~"))
    other = save_plan(db, Plan(title="Kế hoạch khác"))
    task = save_task(db, Task(plan_id=other.id, content="Nhiệm vụ của kế hoạch khác"))
    with pytest.raises(StorageError, match="không thuộc kế hoạch"):
        save_indicator(db, Indicator(plan_id=plan.id, text="Chỉ tiêu", task_id=task.id))
    assert list_indicators(db, plan.id) == []


def test_a_unit_figure_replaces_its_earlier_figure_for_the_same_period(db, plan):
    indicator = save_indicator(
        db, Indicator(plan_id=plan.id, text="Tỷ lệ huy động trẻ 5 tuổi", target_value=99)
    )
    school = save_unit(db, Unit(name="Trường Mầm non Sùng Phài"))
    record_indicator_value(
        db, IndicatorValue(indicator.id, "2024-2025", school.id, value=97.5, source="a.xlsx")
    )
    record_indicator_value(
        db, IndicatorValue(indicator.id, "2024-2025", school.id, value=99.2, source="b.xlsx")
    )
    record_indicator_value(
        db, IndicatorValue(indicator.id, "2025-2026", school.id, numerator=40, denominator=41)
    )
    values = indicator_values(db, indicator.id)
    assert [(v.period, v.value, v.numerator, v.source) for v in values] == [
        ("2024-2025", 99.2, None, "b.xlsx"),
        ("2025-2026", None, 40, ""),
    ]


def test_impossible_figures_are_refused(db, plan):
    indicator = save_indicator(db, Indicator(plan_id=plan.id, text="Trường đạt chuẩn", measure="trường"))
    with pytest.raises(StorageError, match="tử số 52 lớn hơn mẫu số 51"):
        record_indicator_value(db, IndicatorValue(indicator.id, "2025", numerator=52, denominator=51))
    with pytest.raises(StorageError, match="trống"):
        record_indicator_value(db, IndicatorValue(indicator.id, "2025"))
    assert indicator_values(db, indicator.id) == []


def test_replace_is_all_or_nothing(db, plan):
    kept = save_indicator(db, Indicator(plan_id=plan.id, text="Chỉ tiêu cũ", target_value=50))
    good = Indicator(plan_id=plan.id, text="Chỉ tiêu mới", target_value=90)
    with pytest.raises(StorageError):
        replace_indicators(db, plan.id, [good, replace(good, text="Hỏng", comparator="?")])
    assert list_indicators(db, plan.id) == [kept]
    assert [i.text for i in replace_indicators(db, plan.id, [good])] == ["Chỉ tiêu mới"]


def test_deleting_a_plan_or_an_indicator_removes_its_figures(db, plan):
    indicator = save_indicator(db, Indicator(plan_id=plan.id, text="Tỷ lệ", target_value=90))
    record_indicator_value(db, IndicatorValue(indicator.id, "2025", value=91))
    delete_indicator(db, indicator.id)
    assert db.execute("SELECT count(*) FROM indicator_values").fetchone()[0] == 0
    again = save_indicator(db, Indicator(plan_id=plan.id, text="Tỷ lệ", target_value=90))
    record_indicator_value(db, IndicatorValue(again.id, "2025", value=91))
    delete_plan(db, plan.id)
    purge_plan(db, plan.id)
    assert db.execute("SELECT count(*) FROM indicators").fetchone()[0] == 0


def test_a_plans_figures_come_in_one_call_grouped_by_indicator(db, plan):
    rate = save_indicator(db, Indicator(plan_id=plan.id, text="Tỷ lệ huy động trẻ", target_value=98))
    schools = save_indicator(db, Indicator(plan_id=plan.id, text="Trường đạt chuẩn", measure="trường"))
    silent = save_indicator(db, Indicator(plan_id=plan.id, text="Chưa ai báo cáo", target_value=1))
    other_plan = save_plan(db, Plan(title="Kế hoạch khác"))
    elsewhere = save_indicator(db, Indicator(plan_id=other_plan.id, text="Của kế hoạch khác", target_value=5))
    school = save_unit(db, Unit(name="Trường Tiểu học San Thàng"))
    record_indicator_value(db, IndicatorValue(rate.id, "2025", value=98.5))
    record_indicator_value(db, IndicatorValue(schools.id, "2025", school.id, numerator=20, denominator=25))
    record_indicator_value(db, IndicatorValue(schools.id, "2024", None, numerator=18, denominator=25))
    record_indicator_value(db, IndicatorValue(elsewhere.id, "2025", value=5))
    found = plan_indicator_values(db, plan.id)
    assert set(found) == {rate.id, schools.id} and silent.id not in found
    assert found[rate.id] == indicator_values(db, rate.id)
    assert [(v.period, v.unit_id) for v in found[schools.id]] == [("2024", None), ("2025", school.id)]
