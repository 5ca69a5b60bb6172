"""Read-only queries gathering what each PDF report prints (core/reports takes plain values).

Nothing here writes. The defaults a report starts from (letterhead, margins, warning window) come
from the settings; the plan report takes the plan's own issuer, place, signer and recipients first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlite_utils import Database

from core.model import Plan, Role
from core.plan_names import list_label
from core.reports import REPORT_KINDS, ReportData
from core.reports.data import (
    AssignmentSheetData,
    DeadlineListData,
    Letterhead,
    Margins,
    PlanItem,
    PlanReportData,
    ProgressReportData,
    ReportRequest,
    Signer,
    TrackedItem,
)
from core.reports.figures import indicator_line
from core.reports.phrases import sheet_recipients
from core.status import DeadlineStatus
from storage.database import StorageError
from storage.deadlines import DeadlineRow, deadline_rows, status_counts
from storage.indicators import indicator_values, list_indicators
from storage.office import get_office
from storage.plans import get_basis, get_plan, plan_end
from storage.settings import get_setting
from storage.tasks import list_tasks
from storage.units import get_unit


def office_letterhead(db: Database) -> Letterhead:
    """The office identity, default signer and recipients from the settings."""
    return get_office(db).letterhead()


def plan_letterhead(db: Database, plan: Plan) -> Letterhead:
    """The plan's own issuer, place, signer and recipients; the settings fill what the plan lacks."""
    office = office_letterhead(db)
    signer = Signer(plan.signer_authority, plan.signer_title, plan.signer_name)
    if not (signer.authority or signer.title or signer.name):
        signer = office.signer
    return Letterhead(
        parent_body=plan.parent_issuer or (office.parent_body if not plan.issuer else ""),
        issuing_body=plan.issuer or office.issuing_body,
        place=plan.place or office.place,
        abbreviation=office.abbreviation,
        signer=signer,
        recipients=plan.recipients or office.recipients,
    )


def report_margins(db: Database) -> Margins:
    """Margins from the settings (ValueError with a Vietnamese message if outside the legal ranges)."""
    return Margins(
        top=get_setting(db, "margins.top"),
        bottom=get_setting(db, "margins.bottom"),
        left=get_setting(db, "margins.left"),
        right=get_setting(db, "margins.right"),
    )


def warn_days(db: Database) -> int:
    return int(get_setting(db, "warn_days"))


def gather(db: Database, request: ReportRequest) -> ReportData:
    """The data of the requested report; StorageError (a ValueError) when the plan or unit it needs is
    missing or unknown."""
    if request.kind not in REPORT_KINDS:
        raise StorageError(f'Không có loại báo cáo "{request.kind}" ({", ".join(REPORT_KINDS)})')
    if request.kind in ("plan", "progress") and request.plan_id is None:
        raise StorageError(f"Báo cáo «{REPORT_KINDS[request.kind]}» cần chọn một kế hoạch")
    if request.kind == "assignment" and request.unit_id is None:
        raise StorageError("Phiếu giao nhiệm vụ cần chọn một đơn vị")
    warn = warn_days(db)
    if request.kind == "plan":
        return plan_report_data(db, request.plan_id)
    if request.kind == "progress":
        return progress_report_data(db, request.plan_id, request.as_of, warn)
    if request.kind == "deadlines":
        return deadline_list_data(db, request.as_of, warn, plan_id=request.plan_id, unit_id=request.unit_id)
    return assignment_sheet_data(db, request.unit_id, request.as_of, warn, plan_id=request.plan_id)


def default_letterhead(db: Database, request: ReportRequest) -> Letterhead:
    """What a report starts from before the user changes anything: the plan's own letterhead for the
    plan report, the office's for the others (a sheet sent to its unit first)."""
    if request.kind == "plan" and request.plan_id is not None:
        return plan_letterhead(db, get_plan(db, request.plan_id))
    office = office_letterhead(db)
    if request.kind == "assignment" and request.unit_id is not None:
        unit = get_unit(db, request.unit_id)
        return Letterhead(
            office.parent_body, office.issuing_body, office.place, office.abbreviation, office.signer,
            sheet_recipients(unit.name, office.recipients),
        )  # fmt: skip
    return office


def plan_report_data(db: Database, plan_id: int) -> PlanReportData:
    """The plan, its 'Căn cứ' lines and its task tree with units and timeframes."""
    plan = get_plan(db, plan_id)
    items = tuple(
        PlanItem(
            ordinal=row.task.ordinal,
            content=row.task.content,
            kind=row.task.kind,
            title=row.task.title,
            depth=row.depth,
            lead_units=tuple(row.lead_units),
            support_units=tuple(row.support_units),
            timeframe_text=row.task.timeframe_text,
            deadline=row.task.deadline_override,
        )
        for row in list_tasks(db, plan_id)
    )
    basis = tuple(document.text for document in get_basis(db, plan_id))
    return PlanReportData(plan=plan, basis=basis, items=items)


def progress_report_data(db: Database, plan_id: int, as_of: date, warn: int) -> ProgressReportData:
    """Lead units' occurrences of the plan in task order with their status as of `as_of`, the counts
    by status, and the plan's targets with the figures reached."""
    plan = get_plan(db, plan_id)
    order = {row.task.id: index for index, row in enumerate(list_tasks(db, plan_id))}
    rows = deadline_rows(db, as_of, warn, plan_id=plan_id, role=Role.LEAD)
    # A stable sort keeps deadline_rows' order (overdue first, by due date) among a task's rows.
    rows.sort(key=lambda row: (order.get(row.task_id, len(order)), row.occurrence_key))
    timeframes = _timeframes(db, {row.task_id for row in rows})
    items = tuple(_tracked(row, timeframes) for row in rows)
    counts = status_counts(db, as_of, warn, plan_id=plan_id, role=Role.LEAD)
    indicators = tuple(
        indicator_line(indicator, indicator_values(db, indicator.id), as_of, plan_end(plan))
        for indicator in list_indicators(db, plan_id)
    )
    return ProgressReportData(plan, as_of, counts, items, indicators, warn)


def deadline_list_data(
    db: Database, as_of: date, warn: int, *, plan_id: int | None = None, unit_id: int | None = None
) -> DeadlineListData:
    """Overdue and due-soon occurrences, of every plan or one, every unit or one."""
    wanted = [DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON]
    rows = deadline_rows(db, as_of, warn, plan_id=plan_id, unit_id=unit_id, statuses=wanted)
    items = [_tracked(row, {}) for row in rows]
    return DeadlineListData(
        as_of=as_of,
        overdue=tuple(item for item in items if item.status is DeadlineStatus.OVERDUE),
        due_soon=tuple(item for item in items if item.status is DeadlineStatus.DUE_SOON),
        unit_name=get_unit(db, unit_id).name if unit_id is not None else "",
        plan=get_plan(db, plan_id) if plan_id is not None else None,
        warn_days=warn,
    )


def assignment_sheet_data(
    db: Database, unit_id: int, as_of: date, warn: int, *, plan_id: int | None = None
) -> AssignmentSheetData:
    """Everything the unit leads or supports (of every plan or one), with the other units of each task."""
    unit = get_unit(db, unit_id)
    rows = deadline_rows(db, as_of, warn, plan_id=plan_id, unit_id=unit_id)
    task_ids = {row.task_id for row in rows}
    timeframes = _timeframes(db, task_ids)
    partners = _task_units(db, task_ids)
    leads, supports = [], []
    for row in rows:
        # A unit's partners: the supporters of what it leads, the leads of what it supports.
        other_role = Role.SUPPORT if row.role is Role.LEAD else Role.LEAD
        others = tuple(name for name in partners[row.task_id][other_role] if name != unit.name)
        item = _tracked(row, timeframes, others)
        (leads if row.role is Role.LEAD else supports).append(item)
    return AssignmentSheetData(
        unit_name=unit.name,
        as_of=as_of,
        leads=tuple(leads),
        supports=tuple(supports),
        plan=get_plan(db, plan_id) if plan_id is not None else None,
    )


def _tracked(row: DeadlineRow, timeframes: dict[int, str], others: tuple[str, ...] = ()) -> TrackedItem:
    return TrackedItem(
        plan_reference=list_label(row.plan_reference, row.plan_title),
        task_path=row.task_path,
        content=row.task_content,
        unit_name=row.unit_name,
        role=row.role,
        status=row.status,
        due_on=row.due_on,
        timeframe_text=timeframes.get(row.task_id, ""),
        occurrence_key=row.occurrence_key,
        days_left=row.days_left,
        result=row.result,
        completed_on=row.completed_on,
        other_units=others,
    )


def _timeframes(db: Database, task_ids: Iterable[int]) -> dict[int, str]:
    ids = json.dumps(sorted(task_ids))
    rows = db.execute(
        "SELECT id, timeframe_text FROM tasks WHERE id IN (SELECT value FROM json_each(?))", (ids,)
    ).fetchall()
    return {task_id: text for task_id, text in rows}


def _task_units(db: Database, task_ids: Iterable[int]) -> dict[int, dict[Role, list[str]]]:
    units: dict[int, dict[Role, list[str]]] = defaultdict(lambda: {Role.LEAD: [], Role.SUPPORT: []})
    for task_id, role, name in db.execute(
        "SELECT a.task_id, a.role, u.name FROM assignments a JOIN units u ON u.id = a.unit_id"
        " WHERE a.task_id IN (SELECT value FROM json_each(?)) ORDER BY a.task_id, a.position, a.id",
        (json.dumps(sorted(task_ids)),),
    ).fetchall():
        units[task_id][Role(role)].append(name)
    return units
