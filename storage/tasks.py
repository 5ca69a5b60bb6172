"""A plan's task tree: tasks and section headings, their order, paths ("II.1.a") and tree moves.

Positions are managed here: a new task goes to the end of its parent, and the tree operations
(indent, outdent, move up/down) renumber siblings. After every change the stored `path`,
`depth` and `order_key` (zero-padded positions, so that sorting by it walks the tree depth
first) are recomputed for the plan, which lets other queries order tasks in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlite_utils import Database

from core.model import Task, TaskKind
from core.tasktree import task_paths
from core.vntext import clean, nfc, search_key
from storage import audit
from storage.assignments import refresh_task_occurrences
from storage.attachments import FileJournal, attachments_root_of, file_transaction, trash_task_files
from storage.database import StorageError, date_text, date_value, now_text, query_one, transaction
from storage.plans import get_plan, plan_label

_ORDER_WIDTH = 6  # digits per level of order_key; a parent never has a million children


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task as the task tree screen shows it."""

    task: Task
    path: str
    depth: int
    lead_units: list[str]
    support_units: list[str]


def list_tasks(db: Database, plan_id: int) -> list[TaskRow]:
    """The plan's tasks in tree order (depth first, siblings by position) with their unit names."""
    units: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"lead": [], "support": []})
    for task_id, role, name in db.execute(
        "SELECT a.task_id, a.role, u.name FROM assignments a JOIN units u ON u.id = a.unit_id"
        " JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ? ORDER BY a.task_id, a.position, a.id",
        (plan_id,),
    ).fetchall():
        units[task_id][role].append(name)
    rows = db.query("SELECT * FROM tasks WHERE plan_id = ? ORDER BY order_key, id", [plan_id])
    result = []
    for row in rows:
        names = units.get(row["id"], {"lead": [], "support": []})
        result.append(
            TaskRow(
                task=_task(row),
                path=row["path"],
                depth=row["depth"],
                lead_units=list(names["lead"]),
                support_units=list(names["support"]),
            )
        )
    return result


def get_task(db: Database, task_id: int) -> Task:
    return _task(_row(db, task_id))


def save_task(db: Database, task: Task) -> Task:
    """Insert the task when its id is None (at the end of its parent), else update it.

    `task.position` is ignored: positions change only through the tree operations, or when a
    saved task gets another parent (it then goes to the end of the new parent). Paths and, when
    the timeframe or deadline changed, occurrences are recomputed. Returns the task as stored.
    """
    content = nfc(task.content).strip()
    if not content:
        raise StorageError("Nội dung nhiệm vụ không được để trống")
    title = clean(task.title)
    now = now_text()
    with transaction(db):
        plan = _plan_row(db, task.plan_id)
        old = None
        if task.id is not None:
            old = get_task(db, task.id)
            if old.plan_id != task.plan_id:
                raise StorageError(
                    f"Không thể chuyển nhiệm vụ {_label(db, task.id)} sang kế hoạch khác ({plan['label']})"
                )
        if task.parent_id is not None:
            _check_parent(db, task, plan)
        if old is None or old.parent_id != task.parent_id:
            position = _end_position(db, task.plan_id, task.parent_id)
        else:
            position = old.position
        values = (
            task.parent_id, position, clean(task.ordinal), title, content,
            search_key(f"{title} {content}"), TaskKind(task.kind).value, clean(task.timeframe_text),
            date_text(task.deadline_override), nfc(task.notes),
        )
        if old is None:
            cursor = db.execute(
                "INSERT INTO tasks (plan_id, parent_id, position, ordinal, title, content, content_key, kind,"
                " timeframe_text, deadline_override, notes, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (task.plan_id, *values, now, now),
            )
            task_id = int(cursor.lastrowid)
        else:
            task_id = old.id
            db.execute(
                "UPDATE tasks SET parent_id = ?, position = ?, ordinal = ?, title = ?, content = ?,"
                " content_key = ?, kind = ?, timeframe_text = ?, deadline_override = ?, notes = ?,"
                " updated_at = ? WHERE id = ?",
                (*values, now, task_id),
            )
        recompute_tree(db, task.plan_id)
        saved = get_task(db, task_id)
        if old is not None and (old.timeframe_text, old.deadline_override) != (
            saved.timeframe_text, saved.deadline_override
        ):
            refresh_task_occurrences(db, task_id)
        verb = "Thêm" if old is None else "Sửa"
        audit.record(
            db, "insert" if old is None else "update", "task", task_id,
            f"{verb} nhiệm vụ {_label(db, task_id)} của kế hoạch {plan['label']}",
        )
        return saved


def delete_task(db: Database, task_id: int, *, journal: FileJournal | None = None) -> None:
    """Delete a task with its subtree, their assignments, occurrences and progress history.

    Their evidence files go to the attachments trash (`_da_xoa/`), never deleted, and come back
    if the change fails. Called inside a caller's transaction, pass its `file_transaction`
    journal; without one there the files stay where they are (`check --repair` finds them),
    since a later failure of the caller could not move them back.
    """
    if journal is None and not db.conn.in_transaction:
        with file_transaction(db) as own:
            return delete_task(db, task_id, journal=own)
    root = attachments_root_of(db)
    with transaction(db):
        task = get_task(db, task_id)
        label = _label(db, task_id)
        subtree = _subtree(db, task_id)
        removed = len(subtree)
        if root is not None and journal is not None:
            trash_task_files(db, sorted(subtree), root, journal)
        db.execute("DELETE FROM tasks WHERE id = ?", (task_id,))
        recompute_tree(db, task.plan_id)
        below = f" cùng {removed - 1} nhiệm vụ con" if removed > 1 else ""
        audit.record(db, "delete", "task", task_id, f"Xoá nhiệm vụ {label}{below}")


def indent_task(db: Database, task_id: int) -> Task:
    """Make a task the last child of the sibling just before it."""
    with transaction(db):
        task = get_task(db, task_id)
        previous = _sibling(db, task, before=True)
        if previous is None:
            raise StorageError(
                f"Không thể hạ cấp nhiệm vụ {_label(db, task_id)}: không có nhiệm vụ cùng cấp đứng trước"
            )
        return _move(db, task, previous, _end_position(db, task.plan_id, previous), "Hạ cấp")


def outdent_task(db: Database, task_id: int) -> Task:
    """Make a task the sibling that directly follows its parent."""
    with transaction(db):
        task = get_task(db, task_id)
        if task.parent_id is None:
            raise StorageError(f"Nhiệm vụ {_label(db, task_id)} đã ở cấp cao nhất")
        parent = get_task(db, task.parent_id)
        db.execute(
            "UPDATE tasks SET position = position + 1 WHERE plan_id = ? AND parent_id IS ? AND position > ?",
            (task.plan_id, parent.parent_id, parent.position),
        )
        return _move(db, task, parent.parent_id, parent.position + 1, "Nâng cấp")


def move_task_up(db: Database, task_id: int) -> Task:
    """Swap a task with the sibling before it."""
    return _swap(db, task_id, before=True)


def move_task_down(db: Database, task_id: int) -> Task:
    """Swap a task with the sibling after it."""
    return _swap(db, task_id, before=False)


def _swap(db: Database, task_id: int, *, before: bool) -> Task:
    with transaction(db):
        task = get_task(db, task_id)
        other_id = _sibling(db, task, before=before)
        if other_id is None:
            where = "đầu" if before else "cuối"
            raise StorageError(f"Nhiệm vụ {_label(db, task_id)} đã ở vị trí {where} trong cùng cấp")
        other = get_task(db, other_id)
        db.execute("UPDATE tasks SET position = ? WHERE id = ?", (task.position, other.id))
        db.execute("UPDATE tasks SET position = ? WHERE id = ?", (other.position, task.id))
        recompute_tree(db, task.plan_id)
        direction = "lên" if before else "xuống"
        summary = f"Chuyển nhiệm vụ {direction}, nay là {_label(db, task_id)}"
        audit.record(db, "move", "task", task_id, summary)
        return get_task(db, task_id)


def _move(db: Database, task: Task, parent_id: int | None, position: int, verb: str) -> Task:
    old_label = _label(db, task.id)
    db.execute(
        "UPDATE tasks SET parent_id = ?, position = ?, updated_at = ? WHERE id = ?",
        (parent_id, position, now_text(), task.id),
    )
    recompute_tree(db, task.plan_id)
    audit.record(db, "move", "task", task.id, f"{verb} nhiệm vụ {old_label}, nay là {_label(db, task.id)}")
    return get_task(db, task.id)


def recompute_tree(db: Database, plan_id: int) -> None:
    """Renumber siblings 0, 1, 2… and store every task's path, depth and order key."""
    rows = db.execute(
        "SELECT id, parent_id, position, ordinal, path, depth, order_key FROM tasks WHERE plan_id = ?",
        (plan_id,),
    ).fetchall()
    children: dict[int | None, list[tuple]] = defaultdict(list)
    for row in rows:
        children[row[1]].append(row)
    for siblings in children.values():
        siblings.sort(key=lambda row: (row[2], row[0]))
    ordered: list[tuple[tuple, int, int, str]] = []  # (row, new position, depth, order key)
    stack = [(row, index, 0, "") for index, row in reversed(list(enumerate(children[None])))]
    while stack:
        row, index, depth, parent_key = stack.pop()
        order_key = f"{parent_key}.{index:0{_ORDER_WIDTH}d}" if parent_key else f"{index:0{_ORDER_WIDTH}d}"
        ordered.append((row, index, depth, order_key))
        stack.extend(
            (child, child_index, depth + 1, order_key)
            for child_index, child in reversed(list(enumerate(children[row[0]])))
        )
    paths = task_paths([(row[0], row[1], row[3]) for row, *_ in ordered])
    changes = [
        (index, paths[row[0]], depth, order_key, row[0])
        for row, index, depth, order_key in ordered
        if (row[2], row[4], row[5], row[6]) != (index, paths[row[0]], depth, order_key)
    ]
    for change in changes:
        db.execute("UPDATE tasks SET position = ?, path = ?, depth = ?, order_key = ? WHERE id = ?", change)


def _check_parent(db: Database, task: Task, plan: dict) -> None:
    parent = db.execute("SELECT plan_id FROM tasks WHERE id = ?", (task.parent_id,)).fetchone()
    if parent is None:
        raise StorageError(
            f"Không tìm thấy nhiệm vụ cha (mã số {task.parent_id}) trong kế hoạch {plan['label']}"
        )
    if parent[0] != task.plan_id:
        other = _plan_row(db, parent[0])
        raise StorageError(
            f"Nhiệm vụ cha {_label(db, task.parent_id)} thuộc kế hoạch {other['label']},"
            f" không thuộc kế hoạch {plan['label']}"
        )
    if task.id is not None and task.parent_id in _subtree(db, task.id):
        raise StorageError(
            f"Không thể chuyển nhiệm vụ {_label(db, task.id)} vào chính nó hoặc nhiệm vụ con của nó"
        )


def _subtree(db: Database, task_id: int) -> set[int]:
    rows = db.execute(
        "WITH RECURSIVE sub(id) AS"
        " (SELECT ? UNION ALL SELECT t.id FROM tasks t JOIN sub ON t.parent_id = sub.id)"
        " SELECT id FROM sub",
        (task_id,),
    ).fetchall()
    return {row[0] for row in rows}


def _sibling(db: Database, task: Task, *, before: bool) -> int | None:
    comparison, order = ("<", "DESC") if before else (">", "ASC")
    row = db.execute(
        f"SELECT id FROM tasks WHERE plan_id = ? AND parent_id IS ? AND position {comparison} ?"
        f" ORDER BY position {order} LIMIT 1",
        (task.plan_id, task.parent_id, task.position),
    ).fetchone()
    return row[0] if row else None


def _end_position(db: Database, plan_id: int, parent_id: int | None) -> int:
    row = db.execute(
        "SELECT max(position) FROM tasks WHERE plan_id = ? AND parent_id IS ?", (plan_id, parent_id)
    ).fetchone()
    return 0 if row[0] is None else row[0] + 1


def _label(db: Database, task_id: int) -> str:
    row = db.execute("SELECT path FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return row[0] if row and row[0] else f"mã số {task_id}"


def _plan_row(db: Database, plan_id: int) -> dict:
    return {"id": plan_id, "label": plan_label(get_plan(db, plan_id))}


def _row(db: Database, task_id: int) -> dict:
    row = query_one(db, "SELECT * FROM tasks WHERE id = ?", [task_id])
    if row is None:
        raise StorageError(f"Không tìm thấy nhiệm vụ có mã số {task_id}")
    return row


def _task(row: dict) -> Task:
    return Task(
        plan_id=row["plan_id"],
        content=row["content"],
        ordinal=row["ordinal"],
        title=row["title"],
        kind=TaskKind(row["kind"]),
        parent_id=row["parent_id"],
        position=row["position"],
        timeframe_text=row["timeframe_text"],
        deadline_override=date_value(row["deadline_override"]),
        notes=row["notes"],
        id=row["id"],
    )
