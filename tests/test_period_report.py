"""Period report figures against hand-computed counts: in the period, cumulative, by unit, late, silent."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import Role, WorkState
from core.period_report import (
    ReportStatus,
    WorkRound,
    in_period,
    period_figures,
    round_status,
    unit_table_rows,
)
from core.periods import parse_period
from storage.database import StorageError
from storage.period_report import period_figures as stored_figures
from tests.fixtures.report_world import build_report_world

R = ReportStatus
Q2 = parse_period("2025-Q2")  # 15/03/2025 – 14/06/2025


@pytest.fixture
def world(db):
    return build_report_world(db)


def test_the_period_counts_what_was_due_or_done_in_it(world):
    db, plan, _ = world
    figures = stored_figures(db, [plan.id], Q2)
    assert {s: n for s, n in figures.in_period.items() if n} == {
        R.DONE_ON_TIME: 1, R.DONE_LATE: 2, R.NO_DEADLINE: 1, R.PAUSED: 1, R.OVERDUE: 1,
    }  # fmt: skip
    assert figures.carried_overdue == 1  # T2 of A, due 10/03, before the period
    assert {s: n for s, n in figures.cumulative.items() if n} == {
        R.DONE_ON_TIME: 1, R.DONE_LATE: 2, R.OVERDUE: 2, R.NO_DEADLINE: 1, R.PAUSED: 1, R.IN_PROGRESS: 1,
    }  # fmt: skip
    assert figures.in_period_rate == pytest.approx(3 / 4)
    assert figures.cumulative_rate == pytest.approx(3 / 5)


def test_the_unit_table_late_list_and_silent_units(world):
    db, plan, _ = world
    figures = stored_figures(db, [plan.id], Q2)
    assert unit_table_rows(figures) == [
        ("Trường A", 3, 1, 0, 0, 1, 0, 0.5),
        ("Trường B", 2, 0, 2, 0, 0, 0, 1.0),
        ("Trường C", 1, 0, 0, 0, 0, 1, None),
        ("Trường E", 1, 0, 0, 0, 1, 0, 0.0),
    ]
    assert [(r.item.task_path, r.item.unit_name, r.days_late) for r in figures.overdue] == [
        ("2", "Trường A", 96), ("5", "Trường E", 9),
    ]  # fmt: skip
    assert figures.not_reported == ("Trường C", "Trường E")
    # The coordinating unit is not counted, but its status is known for the task table.
    assert figures.statuses[(figures.overdue[1].item.task_id, world[2]["D"], "")] is R.OVERDUE


def test_one_units_report_counts_only_its_work(world):
    db, plan, units = world
    figures = stored_figures(db, [plan.id], Q2, unit_id=units["B"])
    assert sum(figures.cumulative.values()) == 2
    assert [u.unit_name for u in figures.units] == ["Trường B"]
    with pytest.raises(StorageError, match="999"):
        stored_figures(db, [999], Q2)


def _round(**changes) -> WorkRound:
    values = dict(task_id=1, task_path="1", unit_id=1, unit_name="A", role=Role.LEAD, due_on=None,
                  state=WorkState.NOT_STARTED)  # fmt: skip
    values.update(changes)
    return WorkRound(**values)


def test_paused_work_is_never_overdue_but_paused_work_finished_is_done():
    late = date(2025, 3, 1)
    assert round_status(_round(due_on=late, state=WorkState.PAUSED), Q2.end) is R.PAUSED
    assert round_status(_round(due_on=late, state=WorkState.NOT_STARTED), Q2.end) is R.OVERDUE
    assert (
        round_status(_round(due_on=late, state=WorkState.DONE, completed_on=late), Q2.end) is R.DONE_ON_TIME
    )
    assert R.PAUSED.label == "Tạm dừng" and R.OVERDUE.label == "Quá hạn"


dates = st.one_of(st.none(), st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))


@given(dates, dates, st.sampled_from(list(WorkState)), dates)
def test_every_started_round_is_counted_once_cumulatively_and_at_most_once_in_the_period(
    due, completed, state, starts
):
    item = _round(due_on=due, completed_on=completed if state is WorkState.DONE else None, state=state,
                  starts_on=starts)  # fmt: skip
    figures = period_figures([item], Q2)
    started = starts is None or starts <= Q2.end
    assert sum(figures.cumulative.values()) == (1 if started else 0)
    assert sum(figures.in_period.values()) + figures.carried_overdue <= 1
    if started and due is not None and Q2.start <= due <= Q2.end:
        assert sum(figures.in_period.values()) == 1
        assert in_period(item, Q2, round_status(item, Q2.end))


def test_the_drafted_sections_say_what_the_figures_say(world):
    from core.report_sections import closing_sentence, draft_sections, opening_sentence
    from storage.report_inputs import report_inputs
    from storage.unit_reports import save_unit_report

    db, plan, units = world
    save_unit_report(
        db, units["B"], "2025-Q2", highlights="Tổ chức tốt hội thi", proposals="Bổ sung kinh phí"
    )
    inputs = report_inputs(db, [plan.id], Q2)
    sections = {s.key: s for s in draft_sections(inputs)}
    assert [s.title for s in draft_sections(inputs)] == [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]  # fmt: skip
    results = sections["results"].text
    assert "Trong quý II năm 2025: 6 lượt nhiệm vụ: hoàn thành 3 (đúng hạn 1, quá hạn 2)" in results
    assert "quá hạn chưa hoàn thành 1, thường xuyên 1, tạm dừng 1; tỷ lệ hoàn thành 75%" in results
    assert "Lũy kế đến ngày 14/06/2025: 8 lượt nhiệm vụ" in results
    assert "Còn 1 lượt nhiệm vụ quá hạn từ các kỳ trước" in results
    assert "- T1 (hoàn thành quá hạn): 2/2 đơn vị đã hoàn thành. Trường A: Đã xong (20/05/2025)." in results
    assessment = sections["assessment"].text
    assert "Trường B: Tổ chức tốt hội thi." in assessment
    assert "Còn 2 lượt nhiệm vụ quá hạn chưa hoàn thành, tại: Trường A, Trường E." in assessment
    assert "Các đơn vị chưa báo cáo kết quả trong kỳ: Trường C, Trường E." in assessment
    assert sections["next"].text == "Tập trung hoàn thành 2 lượt nhiệm vụ đã quá hạn."  # T4 is due after Q3
    half = {s.key: s for s in draft_sections(report_inputs(db, [plan.id], parse_period("2025-H1")))}
    assert "- T4: hạn 30/09/2025 (Trường A)." in half["next"].text
    assert sections["proposals"].text == "Trường B: Bổ sung kinh phí."
    assert opening_sentence(inputs.plans, "", Q2).endswith(
        "báo cáo kết quả thực hiện quý II năm 2025 như sau:"
    )
    assert closing_sentence("Báo cáo kết quả thực hiện kế hoạch", Q2, "Phòng GD&ĐT") == (
        "Trên đây là báo cáo kết quả thực hiện kế hoạch quý II năm 2025 của Phòng GD&ĐT./."
    )
    # A school's own report counts only its work and speaks in its name.
    own = report_inputs(db, [plan.id], Q2, unit_id=units["B"])
    assert own.office_name == "Trường B" and sum(own.figures.cumulative.values()) == 2


def test_the_task_annex_has_one_row_per_task_with_every_unit_in_its_cell(world):
    from core.report_document import annex_from_snapshot, snapshot_json
    from storage.period_report import annex_rows

    db, plan, units = world
    figures = stored_figures(db, [plan.id], Q2)
    rows = {row.content: row for row in annex_rows(db, [plan.id], figures)}
    assert len(rows) == 5
    t1 = rows["T1"]
    assert (t1.lead_units, t1.progress, t1.result, t1.completed_on, t1.status) == (
        ("Trường A", "Trường B"), 100, "Đã xong", date(2025, 6, 10), R.DONE_LATE,
    )  # fmt: skip
    t3 = rows["T3"]
    assert (t3.progress, t3.status, t3.completed_on) == (35, R.PAUSED, None)  # paused, never "overdue"
    t5 = rows["T5"]
    assert (t5.lead_units, t5.support_units, t5.status) == (("Trường E",), ("Trường D",), R.OVERDUE)
    frozen = annex_from_snapshot(snapshot_json(figures, list(rows.values())))
    assert frozen == list(rows.values())
    own = annex_rows(db, [plan.id], stored_figures(db, [plan.id], Q2, unit_id=units["E"]), unit_id=units["E"])
    assert [row.content for row in own] == ["T5"]


def test_the_body_names_the_first_tasks_of_a_group_and_counts_the_rest():
    from core.report_sections import BODY_TASKS_PER_GROUP, ReportInputs, TaskOutcome, results_section

    figures = period_figures([], Q2)
    outcomes = tuple(
        TaskOutcome("Nhóm 1", str(n), f"Nhiệm vụ {n}", R.DONE_ON_TIME, "1/1 đơn vị đã hoàn thành.")
        for n in range(BODY_TASKS_PER_GROUP + 3)
    )
    text = results_section(ReportInputs(Q2, "Phòng GD&ĐT", (), figures, outcomes)).text
    assert text.count("\n- Nhiệm vụ") == BODY_TASKS_PER_GROUP
    assert "- Và 3 nhiệm vụ khác (chi tiết tại phụ lục kết quả thực hiện nhiệm vụ)." in text
