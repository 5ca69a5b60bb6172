"""The rounds of work a period report counts, read from the database (rules in core.period_report).

Read-only. `period_figures(db, plan_ids, period)` gathers every occurrence of the plans' assignments
(lead and coordinating units; `unit_id` keeps one unit's), with the day progress was last recorded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlite_utils import Database

from core import period_report
from core.model import Role, WorkState
from core.period_report import AnnexTaskRow, PeriodFigures, WorkRound
from core.period_targets import TargetRow
from core.periods import Period
from core.status import DEFAULT_WARN_DAYS
from storage.database import StorageError, date_value


def work_rounds(db: Database, plan_ids: Sequence[int], unit_id: int | None = None) -> Iterator[WorkRound]:
    """Every occurrence of the plans' assignments, in task order, streamed."""
    if not plan_ids:
        return
    marks = ", ".join("?" * len(plan_ids))
    params: list[object] = list(plan_ids)
    unit_filter = ""
    if unit_id is not None:
        unit_filter = " AND a.unit_id = ?"
        params.append(unit_id)
    rows = db.execute(
        "SELECT t.id, t.path, u.id, u.name, a.role, o.due_on, o.state, o.progress, o.completed_on,"
        " o.starts_on, o.result, o.key, o.difficulties, o.proposals,"
        " (SELECT max(substr(pu.recorded_at, 1, 10)) FROM progress_updates pu WHERE pu.occurrence_id = o.id)"
        " FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
        " JOIN units u ON u.id = a.unit_id"
        f" WHERE t.plan_id IN ({marks}){unit_filter} ORDER BY t.plan_id, t.order_key, a.position, o.key",
        params,
    )
    for row in rows:
        yield WorkRound(
            task_id=row[0], task_path=row[1], unit_id=row[2], unit_name=row[3], role=Role(row[4]),
            due_on=date_value(row[5]), state=WorkState(row[6]), progress=row[7],
            completed_on=date_value(row[8]), starts_on=date_value(row[9]), result=row[10], key=row[11],
            difficulties=row[12], proposals=row[13], last_update=date_value(row[14]),
        )


def period_figures(
    db: Database,
    plan_ids: Sequence[int],
    period: Period,
    *,
    unit_id: int | None = None,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> PeriodFigures:
    """The report figures of the plans for the period (one unit's when `unit_id` is given)."""
    for plan_id in plan_ids:
        if db.execute("SELECT 1 FROM plans WHERE id = ?", (plan_id,)).fetchone() is None:
            raise StorageError(f"Không tìm thấy kế hoạch có mã số {plan_id}")
    return period_report.period_figures(work_rounds(db, plan_ids, unit_id), period, warn_days)


def annex_rows(
    db: Database, plan_ids: Sequence[int], figures: PeriodFigures, *, unit_id: int | None = None
) -> list[AnnexTaskRow]:
    """Phụ lục I of a report on the plans (one unit's tasks only, with `unit_id`)."""
    tasks = []
    for plan_id in plan_ids:
        tasks += [
            (row[0], row[1], row[2] or row[3], row[4] == "section", row[3] if row[2] else "")
            for row in db.execute(
                "SELECT id, path, content, title, kind FROM tasks WHERE plan_id = ? ORDER BY order_key, id",
                (plan_id,),
            ).fetchall()
        ]
    rounds = list(work_rounds(db, plan_ids, unit_id))
    if unit_id is not None:
        mine = {item.task_id for item in rounds}
        tasks = [t for t in tasks if t[3] or t[0] in mine]
    marks = ", ".join("?" * len(plan_ids))
    evidence = dict(
        db.execute(
            "SELECT a.task_id, count(*) FROM attachments f JOIN occurrences o ON o.id = f.occurrence_id"
            " JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
            f" WHERE t.plan_id IN ({marks}) GROUP BY a.task_id",
            list(plan_ids),
        ).fetchall()
    ) if plan_ids else {}
    return period_report.annex_task_rows(tasks, rounds, figures, evidence)


def target_rows(
    db: Database, plan_ids: Sequence[int], period: Period, unit_id: int | None = None
) -> list[TargetRow]:
    """The targets annex of the plans for `period`; a unit's own report counts its own figures only."""
    from core.period_targets import target_row
    from storage.indicators import list_indicators, plan_indicator_values
    from storage.plans import get_plan, plan_end

    rows: list[TargetRow] = []
    for plan_id in plan_ids:
        ends = plan_end(get_plan(db, plan_id))
        values = plan_indicator_values(db, plan_id)
        for indicator in list_indicators(db, plan_id):
            known = values.get(indicator.id, [])
            if unit_id is not None:
                known = [v for v in known if v.unit_id == unit_id]
            rows.append(target_row(indicator, known, period, ends))
    return rows
