"""The «Tổng quan» screen's figures, counted in SQL (rules and sums in core.overview).

Each query groups in SQLite and returns at most a few hundred rows (per unit, per day of the year,
per task due this week), never a row per assignment: the screen opens in under 100 ms on 100,000
assignments (bench/bench_overview.py, which also prints the query plans). The counts per status and
per day are DeadlineSelection's, so they are the «Hạn xử lý» list's by construction; the others walk
the covering index occurrences_due_status over a range of due dates, except the silent units, which
walk the progress entries (see `not_reported`).
"""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from core import overview
from core.overview import DayFigures, DueItem, DueThisWeek, Overview, UnitCount, UnitRef
from core.periods import Period
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus, deadline_status
from storage.database import date_text
from storage.deadlines import DeadlineSelection

# Done as of :as_of, the first rule of core.status.deadline_status.
_DONE = "(o.state = 'done' AND (o.completed_on IS NULL OR o.completed_on <= :as_of))"
_STARTED = "(o.starts_on IS NULL OR o.starts_on <= :as_of)"
_TRASHED = (
    "SELECT a.id FROM plans p JOIN tasks t ON t.plan_id = p.id JOIN assignments a ON a.task_id = t.id"
    " WHERE p.deleted_at IS NOT NULL"
)
_IN_PLAN = "SELECT a.id FROM tasks t JOIN assignments a ON a.task_id = t.id WHERE t.plan_id = :plan_id"


def load_overview(
    db: Database,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    *,
    plan_id: int | None = None,
    period_kind: str = "month",
) -> Overview:
    """Every figure of the screen as of `as_of`, for one plan or (None) every plan not in the trash."""
    scope = _Scope(db, as_of, plan_id)
    selection = DeadlineSelection(db, as_of, warn_days, plan_id=plan_id)
    periods = overview.year_periods(as_of, period_kind)
    month = overview.reporting_month(as_of)
    overdue, leading_overdue = overdue_by_unit(scope)
    return Overview(
        as_of=as_of,
        counts=selection.counts(),
        overdue_by_unit=overview.rank_overdue(overdue),
        due_this_week=due_this_week(scope, warn_days),
        periods=overview.completion_by_period(
            periods, due_days(selection, periods[0].start, periods[-1].end), as_of
        ),
        report_period=month,
        not_reported=not_reported(db, month, plan_id=plan_id, active=leading_overdue),
    )


class _Scope:
    """The rows counted: started by `as_of`, in one plan or in any plan not in the trash."""

    def __init__(self, db: Database, as_of: date, plan_id: int | None):
        self.db = db
        self.as_of = as_of
        self.params: dict[str, object] = {"as_of": as_of.isoformat()}
        self.conditions = [_STARTED]
        self.trash = False
        if plan_id is not None:
            self.params["plan_id"] = plan_id
            self.conditions.append(f"o.assignment_id IN ({_IN_PLAN})")
        else:
            self.trash = bool(
                db.execute("SELECT EXISTS (SELECT 1 FROM plans WHERE deleted_at IS NOT NULL)").fetchone()[0]
            )

    def where(self, *more: str, trash: bool = True) -> str:
        """The conditions; without `trash`, rows in the trash are counted too (to be taken away)."""
        conditions = [*more, *self.conditions]
        if trash and self.trash:
            conditions.append(f"o.assignment_id NOT IN ({_TRASHED})")
        return " AND ".join(conditions)


def overdue_by_unit(scope: _Scope) -> tuple[list[UnitCount], set[int]]:
    """Per unit, its rounds overdue as of the day (not done, due before it); and the units among
    them that lead overdue work not paused, which certainly lead work of the day's reporting month.

    Rows in the trash are counted on their own and taken away: probing the trash for each of the
    tens of thousands of overdue rows costs more.
    """
    overdue = scope.where("o.due_on < :as_of", f"NOT {_DONE}", trash=False)
    sql = f"""
        SELECT a.unit_id, count(*), sum(a.role = 'lead' AND o.state != 'paused')
        FROM {{source}} CROSS JOIN assignments a ON a.id = o.assignment_id
        WHERE {overdue} GROUP BY a.unit_id
    """
    source = "occurrences o INDEXED BY occurrences_due_status"
    counts = {row[0]: list(row[1:]) for row in scope.db.execute(sql.format(source=source), scope.params)}
    if scope.trash:
        trashed = f"({_TRASHED}) AS trashed CROSS JOIN occurrences o ON o.assignment_id = trashed.id"
        for unit_id, count, leading in scope.db.execute(sql.format(source=trashed), scope.params):
            counts[unit_id][0] -= count
            counts[unit_id][1] -= leading
    names = dict(
        scope.db.execute(
            "SELECT id, name FROM units WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(counts)),),
        )
    )
    units = [UnitCount(unit_id, names[unit_id], count) for unit_id, (count, _lead) in counts.items() if count]
    return units, {unit_id for unit_id, (_count, lead) in counts.items() if lead}


def due_days(selection: DeadlineSelection, start: date, end: date) -> list[DayFigures]:
    """Per due date from `start` to `end`: rounds done on time, done late and not done as of the day."""
    days = []
    for day, counts in sorted(selection.day_counts(start, end).items()):
        done_on_time = counts.get(DeadlineStatus.DONE_ON_TIME, 0)
        done_late = counts.get(DeadlineStatus.DONE_LATE, 0)
        days.append(DayFigures(day, done_on_time, done_late, sum(counts.values()) - done_on_time - done_late))
    return days


def due_this_week(scope: _Scope, warn_days: int = DEFAULT_WARN_DAYS) -> DueThisWeek:
    """The tasks with work not done due from Monday to Sunday of the day's week, earliest first."""
    as_of = scope.as_of
    monday, sunday = overview.week_of(as_of)
    params = dict(scope.params, start=monday.isoformat(), end=sunday.isoformat())
    # One line per task and day: the units owing it, and its first round for the task form.
    sql = f"""
        SELECT a.task_id, o.due_on, min(o.id), count(*),
            json_group_array(a.unit_id)
        FROM occurrences o INDEXED BY occurrences_due_status
        CROSS JOIN assignments a ON a.id = o.assignment_id
        WHERE {scope.where("o.due_on BETWEEN :start AND :end", f"NOT {_DONE}")}
        GROUP BY a.task_id, o.due_on
        ORDER BY o.due_on, a.task_id
    """
    rows = scope.db.execute(sql, params).fetchall()  # one per task and day: a few hundred at most
    shown = rows[: overview.WEEK_ITEMS]
    tasks = {
        row[0]: row[1:]
        for row in scope.db.execute(
            "SELECT t.id, p.number, p.symbol, t.path, t.content FROM tasks t JOIN plans p ON p.id = t.plan_id"
            " WHERE t.id IN (SELECT value FROM json_each(?))",
            (json.dumps([row[0] for row in shown]),),
        )
    }
    unit_ids = {unit_id for row in shown for unit_id in json.loads(row[4])}
    names = scope.db.execute(
        "SELECT id, name FROM units WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name_key, id",
        (json.dumps(sorted(unit_ids)),),
    ).fetchall()
    items = []
    for task_id, due_text, occurrence_id, _count, owing in shown:
        number, symbol, path, content = tasks[task_id]
        owing_ids = set(json.loads(owing))
        due_on = date.fromisoformat(due_text)
        items.append(
            DueItem(
                task_id=task_id,
                occurrence_id=occurrence_id,
                plan_reference="/".join(part for part in (number, symbol) if part),
                task_path=path,
                task_content=content,
                due_on=due_on,
                unit_names=tuple(name for unit_id, name in names if unit_id in owing_ids),
                # Work not done: the rules 3-6 of the status.
                status=deadline_status(due_on, False, None, as_of, warn_days),
            )
        )
    return DueThisWeek(
        monday, sunday, tuple(items), len({row[0] for row in rows}), sum(row[3] for row in rows)
    )


def not_reported(
    db: Database,
    period: Period,
    *,
    plan_id: int | None = None,
    active: set[int] | frozenset[int] = frozenset(),
) -> tuple[UnitRef, ...]:
    """Units leading work of `period` that recorded no progress on any of their work since it began.

    The rule of core.period_report.period_figures (`not_reported`), over every plan not in the
    trash (or one): a lead round belongs to the period when it is due in it, was done in it, has
    no deadline and is not done, or is overdue at its end (paused work is not overdue); only
    rounds started by the period's end count, for belonging and for reporting.

    Units that reported are found first, walking the progress entries until each unit leading
    work has been seen once (DISTINCT … LIMIT stops there); only the others are then asked
    whether they lead work of the period, each stopping at its first round that does, unless
    `active` already names them: units known to lead such work (overdue_by_unit's second answer,
    for a day inside the period: work overdue on that day is done in the period or overdue at its
    end).
    """
    params: dict[str, object] = {"start": date_text(period.start), "end": date_text(period.end)}
    if plan_id is not None:
        params["plan_id"] = plan_id
        scope = f"a.id IN ({_IN_PLAN})"
    else:
        scope = f"a.id NOT IN ({_TRASHED})"
    started = "(o.starts_on IS NULL OR o.starts_on <= :end)"
    leading = db.execute(
        f"SELECT u.id, u.name FROM units u WHERE EXISTS (SELECT 1 FROM assignments a"
        f" WHERE a.unit_id = u.id AND a.role = 'lead' AND {scope})",
        params,
    ).fetchall()
    if not leading:
        return ()
    params["units"] = json.dumps([unit_id for unit_id, _name in leading])
    reported_sql = f"""
        SELECT DISTINCT a.unit_id FROM progress_updates pu
        CROSS JOIN occurrences o ON o.id = pu.occurrence_id
        CROSS JOIN assignments a ON a.id = o.assignment_id
        WHERE pu.recorded_at >= :start AND {started} AND {scope}
            AND a.unit_id IN (SELECT value FROM json_each(:units))
        LIMIT {len(leading)}
    """
    reported = {row[0] for row in db.execute(reported_sql, params).fetchall()}
    quiet = [unit_id for unit_id, _name in leading if unit_id not in reported and unit_id not in active]
    if not quiet:
        return overview.silent_units({u: name for u, name in leading if u in active}, reported)
    done = "(o.state = 'done' AND (o.completed_on IS NULL OR o.completed_on <= :end))"
    belongs = f"""(
        o.due_on BETWEEN :start AND :end
        OR ({done} AND o.completed_on BETWEEN :start AND :end)
        OR (o.due_on IS NULL AND NOT {done})
        OR (o.due_on < :end AND NOT {done} AND o.state != 'paused')
    )"""
    params["units"] = json.dumps(quiet)
    active_sql = f"""
        SELECT value FROM json_each(:units) WHERE EXISTS (
            SELECT 1 FROM assignments a CROSS JOIN occurrences o ON o.assignment_id = a.id
            WHERE a.unit_id = value AND a.role = 'lead' AND {scope} AND {started} AND {belongs}
        )
    """
    found = {row[0] for row in db.execute(active_sql, params).fetchall()} | set(active)
    return overview.silent_units({unit_id: name for unit_id, name in leading if unit_id in found}, reported)
