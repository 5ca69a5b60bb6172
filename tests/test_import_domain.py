"""A parsed plan becomes the domain values storage saves: plan, basis, task tree, indicators."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.importing import read_plan_file
from core.importing.to_domain import infer_period, to_domain, with_plan_id
from core.model import PlanStatus, TaskKind
from core.tasktree import task_paths

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def _domain(prefix: str):
    return to_domain(read_plan_file(next(SAMPLES.glob(f"{prefix}_*.txt"))))


def test_plan_fields_of_an_issued_plan() -> None:
    result = _domain("000")
    plan = result.plan
    assert (plan.number, plan.symbol, plan.reference) == ("367", "KH-UBND", "367/KH-UBND")
    assert plan.doc_type == "KH" and plan.status is PlanStatus.ISSUED
    assert (plan.place, plan.issued_on) == ("Phong Thổ", date(2024, 12, 24))
    assert plan.signer_authority == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    assert (plan.signer_title, plan.signer_name) == ("PHÓ CHỦ TỊCH", "Mai Thị Hồng Sim")
    assert plan.recipients[-1] == "Lưu: VT."
    assert plan.source_name.startswith("000_") and "Mai Thị Hồng Sim" in plan.source_text
    assert plan.id is None


def test_draft_keeps_its_symbol_and_partial_date() -> None:
    plan = _domain("003").plan
    assert (plan.number, plan.symbol, plan.reference) == (None, "KH-UBND", "/KH-UBND")
    assert plan.status is PlanStatus.DRAFT
    assert (plan.issued_on, plan.issued_year, plan.issued_month) == (None, 2025, 1)


def test_basis_documents_carry_the_number_they_cite() -> None:
    assert [b.reference for b in _domain("003").basis] == ["224-KH/ThU", "740/KH-BCSD"]
    assert [b.reference for b in _domain("000").basis] == ["505/KH-HU"]


def test_task_tree_with_sections_and_children_in_order() -> None:
    result = _domain("001")
    section, duties = result.tasks  # "Nhiệm vụ" and the duties of "Tổ chức thực hiện" (issue 10)
    assert duties.ordinal == "IV" and [child.path for child in duties.children] == ["IV.1", "IV.3"]
    assert (section.kind, section.ordinal) == (TaskKind.SECTION, "III")
    assert section.title == "Nhiệm vụ và giải pháp chủ yếu"
    assert [child.path for child in section.children] == [f"III.{n}" for n in range(1, 6)]
    second = section.children[1]
    assert [child.ordinal for child in second.children] == ["a", "b", "c", "d", "đ"]
    assert all(node.content for node in result.all_tasks())  # storage refuses empty content
    assert second.content == second.title  # a heading with sub-items only


def test_annex_tasks_carry_units_and_timeframe() -> None:
    result = _domain("002")
    assert [root.path for root in result.tasks] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    task = result.tasks[7].children[0]
    assert (task.path, task.kind, task.timeframe_text) == ("VIII.1", TaskKind.TASK, "Thường xuyên")
    assert task.lead_units == ("Phòng Giáo dục và Đào tạo", "UBND các xã, phường")


def _tree_rows(node, parent: str | None) -> list[tuple[str, str | None, str]]:
    rows = [(node.path, parent, node.ordinal)]
    for child in node.children:
        rows.extend(_tree_rows(child, node.path))
    return rows


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_printed_ordinals_give_the_same_paths_as_the_parser(prefix: str) -> None:
    nodes = [row for root in _domain(prefix).tasks for row in _tree_rows(root, None)]
    assert task_paths(nodes) == {path: path for path, _, _ in nodes}


def test_indicators_keep_their_task_and_breakdown() -> None:
    result = _domain("000")
    planned = next(p for p in result.indicators if p.indicator.numerator == 41)
    assert planned.task_path == "II.4"
    indicator = with_plan_id(planned, plan_id=7, task_id=12)
    assert (indicator.plan_id, indicator.task_id, indicator.target_value) == (7, 12, pytest.approx(80.39))
    assert indicator.deadline == "đến năm học 2029-2030"
    counts = [p.indicator for p in _domain("004").indicators if p.indicator.measure == "trường"]
    assert counts[0].breakdown[0] == ("cấp Mầm non", 5.0)


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("Kế hoạch phát triển giáo dục giai đoạn 2025-2030", date(2025, 1, 1), date(2030, 12, 31)),
        ("Nâng cao chất lượng giáo dục năm học 2022 - 2023", date(2022, 9, 1), date(2023, 5, 31)),
        ("Thực hiện Nghị quyết Đại hội, nhiệm kỳ 2020-2025", date(2020, 1, 1), date(2025, 12, 31)),
        ("Kế hoạch công tác năm 2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("Thực hiện Kết luận số 91-KL/TW, ngày 12/8/2024", None, None),
    ],
)
def test_period_inferred_from_the_title(title: str, start: date | None, end: date | None) -> None:
    assert infer_period(title) == (start, end)


def test_plan_period_of_the_samples() -> None:
    plan = _domain("004").plan
    assert (plan.period_start, plan.period_end) == (date(2022, 9, 1), date(2023, 5, 31))
    assert _domain("001").plan.period_end == date(2025, 12, 31)
