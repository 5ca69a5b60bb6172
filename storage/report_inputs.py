"""What a report's drafted sections are written from (core.report_sections.ReportInputs), read-only.

For the reported plans and period: the period figures, each task's outcome (rolled up from the
tasks derived from it when there are any, else from its own units' rounds), what falls due in the
next period of the same length, the units' own words and the proposals written on their rounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from sqlite_utils import Database

from core.chain.rollup import UnitResult, rollup_summary
from core.period_report import PeriodFigures, ReportStatus, WorkRound, worst_report_status
from core.periods import Period
from core.report_sections import DueNext, ReportInputs, TaskOutcome, UnitWords
from core.status import DEFAULT_WARN_DAYS
from storage.chain import implementing_plans, rollup
from storage.office import get_office
from storage.period_report import period_figures, target_rows, work_rounds
from storage.plans import get_plan
from storage.unit_reports import unit_reports
from storage.units import get_unit


def report_inputs(
    db: Database,
    plan_ids: Sequence[int],
    period: Period,
    *,
    unit_id: int | None = None,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> ReportInputs:
    """Everything the sections of a report on `plan_ids` for `period` are drafted from.

    With `unit_id` the report is that unit's own (a school reporting up): only its work counts.
    """
    plans = tuple(get_plan(db, plan_id) for plan_id in plan_ids)
    office_name = get_unit(db, unit_id).name if unit_id is not None else get_office(db).name
    figures = period_figures(db, plan_ids, period, unit_id=unit_id, warn_days=warn_days)
    rounds = list(work_rounds(db, plan_ids, unit_id))
    outcomes: list[TaskOutcome] = []
    for plan in plans:
        outcomes += _outcomes(db, plan.id, period, figures, rounds, unit_id, warn_days)
    units_active = {u.unit_name for u in figures.units}
    words = [
        UnitWords(r.unit_name, r.highlights, r.shortcomings, r.proposals)
        for r in unit_reports(db, period.code, None if unit_id is None else [unit_id])
        if unit_id is not None or r.unit_name in units_active or not units_active
    ]
    proposals = tuple(
        (r.unit_name, r.proposals) for r in rounds if r.proposals and _touches(r, period, figures)
    )
    implementing = tuple(p for plan in plans for p in implementing_plans(db, plan.id))
    return ReportInputs(
        period=period, office_name=office_name, plans=plans, figures=figures, outcomes=tuple(outcomes),
        due_next=tuple(_due_next(db, rounds, period, figures)), unit_words=tuple(words),
        round_proposals=proposals, implementing=implementing,
        targets=tuple(target_rows(db, plan_ids, period, unit_id)),
    )


def _touches(item: WorkRound, period: Period, figures: PeriodFigures) -> bool:
    status = figures.statuses.get((item.task_id, item.unit_id, item.key))
    return status is not None and (
        (item.due_on is not None and item.due_on >= period.start) or not status.is_done
        or (item.completed_on is not None and item.completed_on >= period.start)
    )  # fmt: skip


def _groups(db: Database, plan_id: int) -> dict[int, tuple[str, str, str]]:
    """task id → (its top section's text, path, content) for the plan's tasks."""
    rows = db.execute(
        "SELECT id, parent_id, kind, path, content, title FROM tasks WHERE plan_id = ? ORDER BY order_key",
        (plan_id,),
    ).fetchall()
    parents = {row[0]: row[1] for row in rows}
    info = {row[0]: row for row in rows}
    result = {}
    for task_id, _parent, kind, path, content, _title in rows:
        if kind != "task":
            continue
        top, node = None, task_id
        while node is not None:
            if info[node][2] == "section":
                top = node
            node = parents[node]
        group = (info[top][5] or info[top][4]) if top is not None else ""
        result[task_id] = (group, path, content)
    return result


def _outcomes(
    db: Database,
    plan_id: int,
    period: Period,
    figures: PeriodFigures,
    rounds: list[WorkRound],
    unit_id: int | None,
    warn_days: int,
) -> list[TaskOutcome]:
    groups = _groups(db, plan_id)
    rolled = {r.task_id: r for r in rollup(db, plan_id, period.end, warn_days)} if unit_id is None else {}
    own: dict[int, list[WorkRound]] = defaultdict(list)
    for item in rounds:
        if item.task_id in groups and _touches(item, period, figures):
            own[item.task_id].append(item)
    outcomes = []
    for task_id, (group, path, content) in groups.items():
        derived = rolled.get(task_id)
        if derived is not None and derived.derived:
            status = ReportStatus(derived.status.value) if derived.status is not None else None
            outcomes.append(TaskOutcome(group, path, content, status, derived.summary))
            continue
        items = own.get(task_id, [])
        if not items:
            continue
        statuses = [figures.statuses[(i.task_id, i.unit_id, i.key)] for i in items]
        results = [
            UnitResult(i.unit_name, s, i.progress, i.completed_on if s.is_done else None, i.result)
            for i, s in zip(items, statuses, strict=True)
        ]
        status = worst_report_status(statuses)
        settled = status in (ReportStatus.DONE_ON_TIME, ReportStatus.DONE_LATE, ReportStatus.OVERDUE,
                             ReportStatus.PAUSED)  # fmt: skip
        if settled or any(r.result.strip() for r in results):
            # Work merely under way with nothing written yet is in the counts, not in the prose.
            outcomes.append(TaskOutcome(group, path, content, status, rollup_summary(results)))
    return outcomes


def _due_next(db: Database, rounds: list[WorkRound], period: Period, figures: PeriodFigures) -> list[DueNext]:
    start = period.end + timedelta(days=1)
    end = start + (period.end - period.start)
    contents = {}
    by_task: dict[int, list[str]] = defaultdict(list)
    dues = {}
    for item in rounds:
        if item.due_on is None or not start <= item.due_on <= end:
            continue
        status = figures.statuses.get((item.task_id, item.unit_id, item.key))
        if status is not None and status.is_done:
            continue
        if item.unit_name not in by_task[item.task_id]:
            by_task[item.task_id].append(item.unit_name)
        dues[item.task_id] = min(dues.get(item.task_id, item.due_on), item.due_on)
        contents[item.task_id] = item.task_path
    if not dues:
        return []
    marks = ", ".join("?" * len(dues))
    texts = dict(db.execute(f"SELECT id, content FROM tasks WHERE id IN ({marks})", list(dues)).fetchall())
    ordered = sorted(dues, key=lambda task_id: (dues[task_id], contents[task_id]))
    return [DueNext(contents[t], texts[t], dues[t], tuple(by_task[t])) for t in ordered]
