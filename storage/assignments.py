"""Assignments (a unit's part in a task), their occurrences and the progress reported on them.

Occurrences are materialised here: whenever a task's timeframe or deadline, the plan period
or a task's assignments change, each assignment gets the slots `core.timeframe` computes for
it. A slot that still exists keeps its progress; a slot that vanished is dropped unless
progress was already reported on it, in which case it is kept so no report is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from core.model import Assignment, Occurrence, ProgressUpdate, Role, WorkState
from core.progress_rules import progress_problems
from core.timeframe import Timeframe, occurrence_slots, parse_timeframe
from core.vntext import nfc
from storage import audit
from storage.database import StorageError, date_text, date_value, now_text, query_one, transaction

# Progress has been reported on an occurrence when any of its fields moved from the initial
# values or anything was recorded against it.
_HAS_PROGRESS = (
    "(o.state <> 'not_started' OR o.progress > 0 OR o.completed_on IS NOT NULL OR o.result <> ''"
    " OR o.difficulties <> '' OR o.proposals <> ''"
    " OR EXISTS (SELECT 1 FROM progress_updates pu WHERE pu.occurrence_id = o.id)"
    " OR EXISTS (SELECT 1 FROM attachments att WHERE att.occurrence_id = o.id))"
)


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """An assignment with the names the screens show for its unit."""

    assignment: Assignment
    unit_name: str
    unit_short_name: str = ""
    unit_kind: str | None = None


AssignmentItem = tuple[int, Role, date | None]


def effective_period(
    period_start: date | None, period_end: date | None, year: int | None, today: date | None = None
) -> tuple[date, date]:
    """The period a plan's occurrences fall in.

    The plan's own start and end when set; a missing end is 31/12 and a missing start 01/01 of
    the plan's year (the year it was issued), or of the current year when that is unknown too,
    widened so that the start never comes after the end.
    """
    default_year = year if year is not None else (today or date.today()).year
    if period_start is not None and period_end is not None:
        return period_start, period_end
    if period_start is not None:
        return period_start, date(max(default_year, period_start.year), 12, 31)
    if period_end is not None:
        return date(min(default_year, period_end.year), 1, 1), period_end
    return date(default_year, 1, 1), date(default_year, 12, 31)


def list_assignments(db: Database, task_id: int) -> list[AssignmentRow]:
    """A task's assignments: lead units first, then in the order they were set."""
    rows = db.query(
        "SELECT a.*, u.name AS unit_name, u.short_name AS unit_short_name, u.kind_code AS unit_kind"
        " FROM assignments a JOIN units u ON u.id = a.unit_id"
        " WHERE a.task_id = ? ORDER BY a.role = 'support', a.position, a.id",
        [task_id],
    )
    return [
        AssignmentRow(
            assignment=_assignment(row),
            unit_name=row["unit_name"],
            unit_short_name=row["unit_short_name"],
            unit_kind=row["unit_kind"],
        )
        for row in rows
    ]


def get_assignment(db: Database, assignment_id: int) -> Assignment:
    row = query_one(db, "SELECT * FROM assignments WHERE id = ?", [assignment_id])
    if row is None:
        raise StorageError(f"Không tìm thấy phân công có mã số {assignment_id}")
    return _assignment(row)


def expand_groups(db: Database, items: Iterable[AssignmentItem]) -> list[AssignmentItem]:
    """`items` with every group unit replaced by its members, in order, each unit once.

    A unit named more than once keeps its first deadline, and the lead role if any mention
    of it is a lead.
    """
    expanded: dict[int, AssignmentItem] = {}
    for unit_id, role, override in items:
        members = [
            row[0]
            for row in db.execute(
                "SELECT member_id FROM unit_group_members WHERE group_id = ? ORDER BY position", (unit_id,)
            ).fetchall()
        ]
        for member_id in members or [unit_id]:
            if member_id in expanded:
                first = expanded[member_id]
                if Role(role) is Role.LEAD:
                    expanded[member_id] = (member_id, Role.LEAD, first[2])
            else:
                expanded[member_id] = (member_id, Role(role), override)
    return list(expanded.values())


def set_assignments(db: Database, task_id: int, items: Sequence[AssignmentItem]) -> list[AssignmentRow]:
    """Replace a task's assignments with `items` (unit id, role, own deadline or None).

    Units that stay keep their assignment, occurrences and progress; units left out lose
    theirs. All in one transaction: an unknown or repeated unit leaves everything as it was.
    """
    now = now_text()
    with transaction(db):
        task = _task_row(db, task_id)
        kept: set[int] = set()
        for position, (unit_id, role, override) in enumerate(items):
            unit = db.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone()
            if unit is None:
                raise StorageError(
                    f"Không tìm thấy đơn vị có mã số {unit_id} để giao nhiệm vụ {task['label']}"
                )
            if unit_id in kept:
                raise StorageError(f'Đơn vị "{unit[0]}" được giao nhiệm vụ {task["label"]} hai lần')
            kept.add(unit_id)
            db.execute(
                "INSERT INTO assignments (task_id, unit_id, role, deadline_override, position,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (task_id, unit_id) DO UPDATE SET role = excluded.role,"
                " deadline_override = excluded.deadline_override, position = excluded.position,"
                " updated_at = excluded.updated_at",
                (task_id, unit_id, Role(role).value, date_text(override), position, now, now),
            )
        current = db.execute("SELECT id, unit_id FROM assignments WHERE task_id = ?", (task_id,)).fetchall()
        for assignment_id, unit_id in current:
            if unit_id not in kept:
                db.execute("DELETE FROM assignments WHERE id = ?", (assignment_id,))
        refresh_task_occurrences(db, task_id)
        audit.record(
            db, "update", "task", task_id, f"Giao nhiệm vụ {task['label']} cho {len(kept)} đơn vị"
        )
        return list_assignments(db, task_id)


def list_occurrences(db: Database, assignment_id: int) -> list[Occurrence]:
    rows = db.query("SELECT * FROM occurrences WHERE assignment_id = ? ORDER BY key, id", [assignment_id])
    return [_occurrence(row) for row in rows]


def get_occurrence(db: Database, occurrence_id: int) -> Occurrence:
    row = query_one(db, "SELECT * FROM occurrences WHERE id = ?", [occurrence_id])
    if row is None:
        raise StorageError(f"Không tìm thấy lượt thực hiện có mã số {occurrence_id}")
    return _occurrence(row)


def record_progress(
    db: Database,
    occurrence_id: int,
    state: WorkState,
    progress: int,
    completed_on: date | None,
    result: str,
    source: str = "GUI",
    *,
    difficulties: str | None = None,
    proposals: str | None = None,
) -> Occurrence:
    """Set an occurrence's progress and append the change to its history; returns it as stored.

    `difficulties` (khó khăn, vướng mắc / lý do chậm) and `proposals` (đề xuất, kiến nghị) keep
    their stored text when None.
    """
    try:
        state = WorkState(state)
    except ValueError as exc:
        raise StorageError(f'Trạng thái thực hiện "{state}" không hợp lệ') from exc
    if isinstance(progress, bool) or not isinstance(progress, int):
        raise StorageError(f"Tiến độ phải là số nguyên từ 0 đến 100 (nhận được {progress!r})")
    result = nfc(result)
    now = now_text()
    with transaction(db):
        label = occurrence_label(db, occurrence_id)
        # The rule the task form and the spreadsheet import check first, so nothing they let through
        # is refused here and nothing stored here fails their round trip.
        problems = progress_problems(state, progress, completed_on)
        if problems:
            raise StorageError(f"Không ghi được tiến độ {label}: {'; '.join(problems.values())}.")
        current = get_occurrence(db, occurrence_id)
        difficulties = current.difficulties if difficulties is None else nfc(difficulties).strip()
        proposals = current.proposals if proposals is None else nfc(proposals).strip()
        db.execute(
            "UPDATE occurrences SET state = ?, progress = ?, completed_on = ?, result = ?, difficulties = ?,"
            " proposals = ?, updated_at = ? WHERE id = ?",
            (state.value, progress, date_text(completed_on), result, difficulties, proposals, now,
             occurrence_id),
        )
        db.execute(
            "INSERT INTO progress_updates (occurrence_id, recorded_at, state, progress, completed_on,"
            " result, source, user, difficulties, proposals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (occurrence_id, now, state.value, progress, date_text(completed_on), result, nfc(source),
             audit.current_user(), difficulties, proposals),
        )
        summary = f"Cập nhật tiến độ {label}: {state.label}, {progress}%"
        audit.record(db, "progress", "occurrence", occurrence_id, summary)
        return get_occurrence(db, occurrence_id)


def occurrence_label(db: Database, occurrence_id: int) -> str:
    """How messages and the audit log name an occurrence: 'nhiệm vụ II.1 năm 2025 của "Phòng Nội vụ"'."""
    described = db.execute(
        "SELECT t.path, u.name, o.key FROM occurrences o JOIN assignments a ON a.id = o.assignment_id"
        " JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE o.id = ?",
        (occurrence_id,),
    ).fetchone()
    if described is None:
        raise StorageError(f"Không tìm thấy lượt thực hiện có mã số {occurrence_id}")
    path, unit_name, key = described
    round_text = f" năm {key}" if key else ""
    return f'nhiệm vụ {path or occurrence_id}{round_text} của "{unit_name}"'


def progress_history(db: Database, occurrence_id: int) -> list[ProgressUpdate]:
    """Every progress change of an occurrence, oldest first."""
    rows = db.query("SELECT * FROM progress_updates WHERE occurrence_id = ? ORDER BY id", [occurrence_id])
    return [
        ProgressUpdate(
            occurrence_id=row["occurrence_id"],
            recorded_at=datetime.fromisoformat(row["recorded_at"]),
            state=WorkState(row["state"]),
            progress=row["progress"],
            completed_on=date_value(row["completed_on"]),
            result=row["result"],
            source=row["source"],
            difficulties=row["difficulties"],
            proposals=row["proposals"],
            id=row["id"],
        )
        for row in rows
    ]


def refresh_task_occurrences(db: Database, task_id: int) -> None:
    """Recompute the occurrences of one task's assignments (call inside a transaction)."""
    _refresh_occurrences(db, "t.id = ?", [task_id])


def refresh_plan_occurrences(db: Database, plan_id: int) -> None:
    """Recompute the occurrences of every assignment of a plan (call inside a transaction)."""
    _refresh_occurrences(db, "t.plan_id = ?", [plan_id])


def _refresh_occurrences(db: Database, where: str, params: list[object]) -> None:
    assignments = db.execute(
        "SELECT a.id, a.deadline_override, t.id, t.timeframe_text, t.deadline_override,"
        " p.period_start, p.period_end, p.issued_on, p.issued_year"
        " FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id"
        f" WHERE {where}",
        params,
    ).fetchall()
    existing: dict[int, dict[str, tuple[int, str | None, str | None, int]]] = {}
    for occurrence_id, assignment_id, key, starts_on, due_on, has_progress in db.execute(
        f"SELECT o.id, o.assignment_id, o.key, o.starts_on, o.due_on, {_HAS_PROGRESS}"
        " FROM occurrences o JOIN assignments a ON a.id = o.assignment_id JOIN tasks t ON t.id = a.task_id"
        f" WHERE {where}",
        params,
    ).fetchall():
        existing.setdefault(assignment_id, {})[key] = (occurrence_id, starts_on, due_on, has_progress)

    timeframes: dict[str, Timeframe] = {}
    now = now_text()
    inserts, updates, deletes = [], [], []
    for (assignment_id, own_override, _task_id, timeframe_text, task_override, period_start, period_end,
         issued_on, issued_year) in assignments:
        timeframe = timeframes.get(timeframe_text)
        if timeframe is None:
            timeframe = timeframes[timeframe_text] = parse_timeframe(timeframe_text)
        year = date_value(issued_on).year if issued_on else issued_year
        start, end = effective_period(date_value(period_start), date_value(period_end), year)
        override = date_value(own_override) or date_value(task_override)
        old = existing.get(assignment_id, {})
        slots = occurrence_slots(timeframe, start, end, override=override)
        for slot in slots:
            starts_on, due_on = date_text(slot.starts_on), date_text(slot.due_on)
            if slot.key not in old:
                inserts.append((assignment_id, slot.key, starts_on, due_on, now))
            elif old[slot.key][1:3] != (starts_on, due_on):
                updates.append((starts_on, due_on, now, old[slot.key][0]))
        new_keys = {slot.key for slot in slots}
        deletes.extend(
            (occurrence_id,)
            for key, (occurrence_id, _start, _due, has_progress) in old.items()
            if key not in new_keys and not has_progress
        )
    # executemany on the connection joins the caller's open transaction like db.execute does.
    conn = db.conn
    if not conn.in_transaction:
        raise RuntimeError("occurrences must be refreshed inside storage.database.transaction()")
    conn.executemany("DELETE FROM occurrences WHERE id = ?", deletes)
    conn.executemany(
        "UPDATE occurrences SET starts_on = ?, due_on = ?, updated_at = ? WHERE id = ?", updates
    )
    conn.executemany(
        "INSERT INTO occurrences (assignment_id, key, starts_on, due_on, updated_at) VALUES (?, ?, ?, ?, ?)",
        inserts,
    )


def _task_row(db: Database, task_id: int) -> dict:
    row = query_one(db, "SELECT id, path, plan_id FROM tasks WHERE id = ?", [task_id])
    if row is None:
        raise StorageError(f"Không tìm thấy nhiệm vụ có mã số {task_id}")
    row["label"] = row["path"] or f"mã số {task_id}"
    return row


def _assignment(row: dict) -> Assignment:
    return Assignment(
        task_id=row["task_id"],
        unit_id=row["unit_id"],
        role=Role(row["role"]),
        deadline_override=date_value(row["deadline_override"]),
        id=row["id"],
    )


def _occurrence(row: dict) -> Occurrence:
    return Occurrence(
        assignment_id=row["assignment_id"],
        key=row["key"],
        due_on=date_value(row["due_on"]),
        starts_on=date_value(row["starts_on"]),
        state=WorkState(row["state"]),
        progress=row["progress"],
        completed_on=date_value(row["completed_on"]),
        result=row["result"],
        difficulties=row["difficulties"],
        proposals=row["proposals"],
        id=row["id"],
    )
