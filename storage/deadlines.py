"""Deadline tracking over every occurrence: rows for the deadlines screen and counts per status.

The status is computed in SQL so that filtering, counting and paging 100,000 assignments
never loops over them in Python. The CASE expression below must stay identical to
`core.status.deadline_status`; tests compare the two on generated data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from core.model import Role, WorkState
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus
from storage.database import date_text, date_value, search_condition

# Status of an occurrence as of :as_of (the rule of core.status.deadline_status, in order):
# 1. It counts as done only if state = 'done' and completed_on IS NULL or completed_on <= as_of
#    (work finished after the as-of date was not yet done then).
# 2. Done: done_on_time if due_on IS NULL or completed_on IS NULL or completed_on <= due_on,
#    otherwise done_late.
# 3. Not done, due_on IS NULL: no_deadline (never overdue).
# 4. Not done, as_of > due_on: overdue.
# 5. Not done, due_on - as_of <= warn_days: due_soon. :soon_until is as_of + warn_days, so
#    this is due_on <= :soon_until; for a negative warn_days it is NULL, which disables it.
# 6. Otherwise in_progress.
# ISO date text compares in date order, so plain text comparisons are date comparisons.
_STATUS_SQL = """
    CASE
        WHEN o.state = 'done' AND (o.completed_on IS NULL OR o.completed_on <= :as_of) THEN
            CASE WHEN o.due_on IS NULL OR o.completed_on IS NULL OR o.completed_on <= o.due_on
                THEN 'done_on_time' ELSE 'done_late' END
        WHEN o.due_on IS NULL THEN 'no_deadline'
        WHEN :as_of > o.due_on THEN 'overdue'
        WHEN o.due_on <= :soon_until THEN 'due_soon'
        ELSE 'in_progress'
    END
"""

_ORDER = (
    "status = 'overdue' DESC, due_on IS NULL, due_on, plan_id, order_key, role = 'support',"
    " assignment_position, occurrence_key, occurrence_id"
)


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One occurrence of one assignment with its deadline status as of a date."""

    occurrence_id: int
    assignment_id: int
    plan_id: int
    plan_reference: str
    plan_title: str
    task_id: int
    task_path: str
    task_content: str
    unit_id: int
    unit_name: str
    unit_kind: str | None
    role: Role
    occurrence_key: str
    due_on: date | None
    state: WorkState
    progress: int
    completed_on: date | None
    result: str
    status: DeadlineStatus
    days_left: int | None


def deadline_rows(
    db: Database,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    *,
    plan_id: int | None = None,
    unit_id: int | None = None,
    unit_kind: str | None = None,
    role: Role | None = None,
    statuses: Iterable[DeadlineStatus] | None = None,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> list[DeadlineRow]:
    """Occurrences open as of `as_of` (not in the trash, started), overdue first, then by due date,
    plan and task order; `limit`/`offset` page through them.

    Filters combine with AND; `search` must find each of its words in the task content, the
    unit name or the plan's reference or title, ignoring case and diacritics.
    """
    sql, params = _filtered(as_of, warn_days, plan_id, unit_id, unit_kind, role, statuses, search)
    sql += f" ORDER BY {_ORDER}"
    if limit is not None or offset:
        sql += " LIMIT :limit OFFSET :offset"
        params["limit"] = -1 if limit is None else limit
        params["offset"] = offset
    return [_deadline_row(row, as_of) for row in db.query(sql, params)]


def status_counts(
    db: Database,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    *,
    plan_id: int | None = None,
    unit_id: int | None = None,
    unit_kind: str | None = None,
    role: Role | None = None,
    statuses: Iterable[DeadlineStatus] | None = None,
    search: str = "",
) -> dict[DeadlineStatus, int]:
    """How many of the rows `deadline_rows` would return have each status (every status listed)."""
    sql, params = _filtered(as_of, warn_days, plan_id, unit_id, unit_kind, role, statuses, search)
    counts = dict.fromkeys(DeadlineStatus, 0)
    for row in db.query(f"SELECT status, count(*) AS n FROM ({sql}) GROUP BY status", params):
        counts[DeadlineStatus(row["status"])] = row["n"]
    return counts


def _filtered(
    as_of: date,
    warn_days: int,
    plan_id: int | None,
    unit_id: int | None,
    unit_kind: str | None,
    role: Role | None,
    statuses: Iterable[DeadlineStatus] | None,
    search: str,
) -> tuple[str, dict[str, object]]:
    params: dict[str, object] = {"as_of": as_of.isoformat(), "soon_until": _soon_until(as_of, warn_days)}
    conditions = ["p.deleted_at IS NULL", "(o.starts_on IS NULL OR o.starts_on <= :as_of)"]
    if plan_id is not None:
        conditions.append("p.id = :plan_id")
        params["plan_id"] = plan_id
    if unit_id is not None:
        conditions.append("u.id = :unit_id")
        params["unit_id"] = unit_id
    if unit_kind is not None:
        conditions.append("u.kind_code = :unit_kind")
        params["unit_kind"] = unit_kind
    if role is not None:
        conditions.append("a.role = :role")
        params["role"] = Role(role).value
    conditions.append(
        search_condition(
            ["t.content_key", "u.name_key", "u.short_name_key", "p.reference_key", "p.title_key"],
            search,
            params,
        )
    )
    sql = f"""
        SELECT * FROM (
            SELECT o.id AS occurrence_id, a.id AS assignment_id, p.id AS plan_id,
                p.number AS plan_number, p.symbol AS plan_symbol, p.title AS plan_title,
                t.id AS task_id, t.path AS task_path, t.content AS task_content, t.order_key,
                u.id AS unit_id, u.name AS unit_name, u.kind_code AS unit_kind,
                a.role, a.position AS assignment_position, o.key AS occurrence_key, o.due_on,
                o.state, o.progress, o.completed_on, o.result, {_STATUS_SQL} AS status
            FROM occurrences o
            JOIN assignments a ON a.id = o.assignment_id
            JOIN tasks t ON t.id = a.task_id
            JOIN plans p ON p.id = t.plan_id
            JOIN units u ON u.id = a.unit_id
            WHERE {" AND ".join(conditions)}
        )
    """
    if statuses is not None:
        wanted = sorted({DeadlineStatus(status).value for status in statuses})
        names = []
        for index, value in enumerate(wanted):
            params[f"status_{index}"] = value
            names.append(f":status_{index}")
        sql += f" WHERE status IN ({', '.join(names)})" if names else " WHERE 0"
    return sql, params


def _soon_until(as_of: date, warn_days: int) -> str | None:
    # A negative warn_days disables DUE_SOON: `due_on <= NULL` is never true. A window reaching
    # past year 9999 saturates instead of overflowing, since it covers every date anyway.
    if warn_days < 0:
        return None
    if warn_days >= (date.max - as_of).days:
        return date_text(date.max)
    return date_text(as_of + timedelta(days=warn_days))


def _deadline_row(row: dict, as_of: date) -> DeadlineRow:
    due_on = date_value(row["due_on"])
    number, symbol = row["plan_number"], row["plan_symbol"]
    reference = f"{number or ''}/{symbol or ''}".rstrip("/") if (number or symbol) else ""
    return DeadlineRow(
        occurrence_id=row["occurrence_id"],
        assignment_id=row["assignment_id"],
        plan_id=row["plan_id"],
        plan_reference=reference,
        plan_title=row["plan_title"],
        task_id=row["task_id"],
        task_path=row["task_path"],
        task_content=row["task_content"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        unit_kind=row["unit_kind"],
        role=Role(row["role"]),
        occurrence_key=row["occurrence_key"],
        due_on=due_on,
        state=WorkState(row["state"]),
        progress=row["progress"],
        completed_on=date_value(row["completed_on"]),
        result=row["result"],
        status=DeadlineStatus(row["status"]),
        days_left=(due_on - as_of).days if due_on is not None else None,
    )
