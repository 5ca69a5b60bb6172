"""The plan chain: our implementation plan made from a received one, the links, and the roll-up.

`candidates` lists a received plan's tasks with the reason each one is ours (core.chain.claims);
`derive_plan` writes our draft plan in one transaction: the plan (type KH, issuer us, the received
plan as its first "Căn cứ" and as the plan it implements), the chosen tasks under copies of their
section headings, each linked to its source task (`tasks.source_task_id`), and their assignments
with groups expanded. `rollup` gives each source task the status and result summary of the work
derived from it, as of a date.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from core.chain.claims import AssignedUnit, Claim, DirectoryUnit, claim, default_units
from core.chain.derive import basis_line, implementation_title, later_than_source, ordinal
from core.chain.groups import is_school
from core.chain.rollup import UnitResult, rollup_status, rollup_summary
from core.model import BasisDocument, Plan, PlanStatus, Role, TaskKind, WorkState
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus, deadline_status
from core.timeframe import occurrence_slots, parse_timeframe
from core.vntext import clean, format_date, nfc, search_key, sort_key
from storage import audit
from storage.assignments import effective_period, expand_groups, refresh_plan_occurrences
from storage.database import StorageError, date_text, date_value, now_text, transaction
from storage.office import get_office
from storage.plans import get_plan, plan_label, save_plan
from storage.tasks import recompute_tree

_MAX_DEPTH = 16  # links deeper than this are not followed (a chain is a handful of levels)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A task of the received plan as the wizard lists it."""

    task_id: int
    path: str
    depth: int
    kind: TaskKind
    ordinal: str
    title: str
    content: str
    timeframe_text: str
    due: date | None  # the source's single deadline; None for recurring or open-ended work
    lead_units: tuple[str, ...]
    support_units: tuple[str, ...]
    parent_id: int | None
    claim: Claim | None = None
    default_leads: tuple[int, ...] = ()
    default_supports: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftTask:
    """One task of our plan as the wizard (or --ours) sets it: from a source task, or added."""

    content: str
    source_task_id: int | None = None
    title: str = ""
    lead_ids: tuple[int, ...] = ()
    support_ids: tuple[int, ...] = ()
    due: date | None = None  # our deadline; None keeps the timeframe's
    timeframe_text: str = ""


@dataclass(frozen=True, slots=True)
class DerivedTask:
    task_id: int
    path: str
    source_path: str | None
    content: str
    lead_units: tuple[str, ...]
    support_units: tuple[str, ...]
    due: date | None
    later_than_source: bool


@dataclass(frozen=True, slots=True)
class DerivedPlan:
    plan: Plan
    tasks: tuple[DerivedTask, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task named across plans: "740/KH-BCSD II.1 Rà soát, sửa đổi…"."""

    task_id: int
    plan_id: int
    plan_label: str
    path: str
    content: str
    in_trash: bool = False

    @property
    def label(self) -> str:
        return f"{self.plan_label} mục {self.path}" if self.path else self.plan_label


@dataclass(frozen=True, slots=True)
class RolledTask:
    task_id: int
    path: str
    content: str
    status: DeadlineStatus | None  # None: nothing was derived from the task
    summary: str
    derived: int  # our tasks made from it
    units: tuple[UnitResult, ...] = field(default=())


# --- the directory seen from our office ------------------------------------------------------


def units_below(db: Database, office_id: int | None) -> list[DirectoryUnit]:
    """Units work can be passed down to: those under our office in the directory (by parent).

    When the directory records no unit under us, its schools (by kind, else by name): the units a
    Phòng or a commune passes work down to; a school then has none. Groups are never units below.
    """
    rows = db.execute("SELECT id, name, kind_code, parent_id, is_group FROM units").fetchall()
    children: dict[int | None, list[tuple]] = defaultdict(list)
    for row in rows:
        children[row[3]].append(row)
    below: list[tuple] = []
    if office_id is not None:
        pending = list(children.get(office_id, []))
        seen = {office_id}
        while pending:
            row = pending.pop(0)
            if row[0] in seen:
                continue
            seen.add(row[0])
            below.append(row)
            pending.extend(children.get(row[0], []))
    office = next((row for row in rows if row[0] == office_id), None)
    if not below and not (office is not None and is_school(office[1], office[2])):
        below = [row for row in rows if row[0] != office_id and is_school(row[1], row[2])]
    units = [DirectoryUnit(row[0], row[1], row[2]) for row in below if not row[4]]
    return sorted(units, key=lambda unit: sort_key(unit.name))


def _office_unit(db: Database) -> DirectoryUnit | None:
    office = get_office(db)
    if office.unit_id is None:
        return None
    row = db.execute("SELECT id, name, kind_code FROM units WHERE id = ?", (office.unit_id,)).fetchone()
    return DirectoryUnit(*row) if row else None


# --- candidates -------------------------------------------------------------------------------


def source_due(plan: Plan, timeframe_text: str, deadline_override: date | None) -> date | None:
    """The one deadline a task of `plan` has, or None when it recurs or has none."""
    start, end = effective_period(plan.period_start, plan.period_end, plan.year)
    slots = occurrence_slots(parse_timeframe(timeframe_text), start, end, override=deadline_override)
    return slots[0].due_on if len(slots) == 1 else None


def candidates(db: Database, source_plan_id: int) -> list[Candidate]:
    """The received plan's tasks in tree order, each with why it is ours and to whom it goes."""
    plan = get_plan(db, source_plan_id)
    office = _office_unit(db)
    below = units_below(db, office.id if office else None)
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, member_id in db.execute("SELECT group_id, member_id FROM unit_group_members").fetchall():
        members[group_id].add(member_id)
    assigned: dict[int, list[AssignedUnit]] = defaultdict(list)
    for task_id, role, unit_id, name, kind, is_group in db.execute(
        "SELECT a.task_id, a.role, u.id, u.name, u.kind_code, u.is_group FROM assignments a"
        " JOIN units u ON u.id = a.unit_id JOIN tasks t ON t.id = a.task_id"
        " WHERE t.plan_id = ? ORDER BY a.task_id, a.role, a.position, a.id",
        (source_plan_id,),
    ).fetchall():
        assigned[task_id].append(
            AssignedUnit(DirectoryUnit(unit_id, name, kind), Role(role), bool(is_group),
                         frozenset(members.get(unit_id, ())))
        )
    result = []
    for row in db.execute(
        "SELECT id, path, depth, kind, ordinal, title, content, timeframe_text, deadline_override, parent_id"
        " FROM tasks WHERE plan_id = ? ORDER BY order_key, id",
        (source_plan_id,),
    ).fetchall():
        task_id, path, depth, kind, number, title, content, timeframe, override, parent_id = row
        units = assigned.get(task_id, [])
        found = claim(units, office, below) if kind == TaskKind.TASK.value else None
        leads, supports = default_units(found, office.id if office else None) if found else ((), ())
        result.append(
            Candidate(
                task_id=task_id, path=path, depth=depth, kind=TaskKind(kind), ordinal=number, title=title,
                content=content, timeframe_text=timeframe,
                due=source_due(plan, timeframe, date_value(override)) if kind == TaskKind.TASK.value
                else None,
                lead_units=tuple(u.unit.name for u in units if u.role is Role.LEAD),
                support_units=tuple(u.unit.name for u in units if u.role is Role.SUPPORT),
                parent_id=parent_id, claim=found, default_leads=leads, default_supports=supports,
            )
        )
    return result


def default_drafts(found: Sequence[Candidate]) -> list[DraftTask]:
    """Our tasks as `--ours` makes them: every claimed task, with the default units and the source's date."""
    return [
        DraftTask(
            content=c.content, source_task_id=c.task_id, title=c.title, lead_ids=c.default_leads,
            support_ids=c.default_supports, due=c.due, timeframe_text=c.timeframe_text,
        )
        for c in found
        if c.claim is not None
    ]


# --- deriving our plan ------------------------------------------------------------------------


def derive_plan(
    db: Database,
    source_plan_id: int,
    drafts: Sequence[DraftTask],
    *,
    title: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> DerivedPlan:
    """Write our draft implementation plan of the received plan, in one transaction.

    Each draft from a source task goes under copies of the source's section headings, in the
    source's order; added drafts (no source) follow at the end. Our deadline later than the
    source's is kept but reported in `warnings` and `DerivedTask.later_than_source`.
    StorageError, with nothing written, for an empty choice, an unknown task or unit, or a
    source task of another plan.
    """
    report = progress or (lambda done, total, text: None)
    if not drafts:
        raise StorageError("Chưa chọn nhiệm vụ nào để đưa vào kế hoạch thực hiện")
    source = get_plan(db, source_plan_id)
    office = get_office(db)
    tasks = {c.task_id: c for c in candidates_tree(db, source_plan_id)}
    for number, draft in enumerate(drafts, start=1):
        if not nfc(draft.content).strip():
            raise StorageError(f"Nhiệm vụ thứ {number} của kế hoạch thực hiện không có nội dung")
        if draft.source_task_id is not None and draft.source_task_id not in tasks:
            raise StorageError(
                f"Nhiệm vụ nguồn mã số {draft.source_task_id} không thuộc kế hoạch {plan_label(source)}"
            )
    unit_ids = {u for d in drafts for u in (*d.lead_ids, *d.support_ids)}
    known = _unit_names(db, unit_ids)
    if missing := sorted(unit_ids - set(known)):
        raise StorageError(f"Không tìm thấy đơn vị có mã số {', '.join(map(str, missing))}")

    now = now_text()
    total = len(drafts) + 2
    with transaction(db):
        report(0, total, "Đang tạo kế hoạch…")
        plan = save_plan(
            db,
            Plan(
                title=clean(title) if title and clean(title) else implementation_title(source),
                doc_type="KH",
                symbol=f"KH-{office.symbol}" if office.symbol else "KH",
                issuer=office.name,
                parent_issuer=office.parent_body,
                place=office.place,
                period_start=source.period_start,
                period_end=source.period_end,
                issued_year=source.period_start.year if source.period_start else source.year,
                parent_plan_id=source.id,
                signer_authority=office.signer.authority,
                signer_title=office.signer.title,
                signer_name=office.signer.name,
                status=PlanStatus.DRAFT,
            ),
            [BasisDocument(basis_line(source), reference=source.reference or None, linked_plan_id=source.id)],
        )
        copied: dict[int, int] = {}  # source section id → our section id
        sequence = 0

        def insert(parent_id, kind, number, task_title, content, timeframe, override, source_id) -> int:
            nonlocal sequence
            sequence += 1
            cursor = db.execute(
                "INSERT INTO tasks (plan_id, parent_id, position, ordinal, title, content, content_key, kind,"
                " timeframe_text, deadline_override, source_task_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (plan.id, parent_id, sequence, number, clean(task_title), nfc(content).strip(),
                 search_key(f"{task_title} {content}"), kind, clean(timeframe), date_text(override),
                 source_id, now, now),
            )
            return int(cursor.lastrowid)

        made_from: dict[int, int] = {}  # source task id → our first task made from it

        def parent_for(source_id: int | None) -> int | None:
            # Our task made from the nearest chosen ancestor, under our copies of the section
            # headings above it (made on first use); a task keeps the tree it had.
            chain = []
            node = tasks[source_id].parent_id if source_id is not None else None
            while node is not None:
                if node in made_from:
                    return made_from[node]
                if tasks[node].kind is TaskKind.SECTION:
                    chain.append(node)
                node = tasks[node].parent_id
            parent = None
            for section_id in reversed(chain):
                if section_id not in copied:
                    heading = tasks[section_id]
                    copied[section_id] = insert(
                        parent, TaskKind.SECTION.value, "", heading.title, heading.content, "", None,
                        section_id,
                    )
                parent = copied[section_id]
            return parent

        order = {task_id: index for index, task_id in enumerate(tasks)}
        ordered = sorted(
            enumerate(drafts),
            key=lambda item: (item[1].source_task_id is None, order.get(item[1].source_task_id, 0), item[0]),
        )
        assignments: list[tuple] = []
        for done, (_, draft) in enumerate(ordered, start=1):
            parent = parent_for(draft.source_task_id)
            source_task = tasks.get(draft.source_task_id) if draft.source_task_id is not None else None
            timeframe = draft.timeframe_text or (source_task.timeframe_text if source_task else "")
            task_id = insert(
                parent, TaskKind.TASK.value, "", draft.title, draft.content, timeframe, draft.due,
                draft.source_task_id,
            )
            if draft.source_task_id is not None:
                made_from.setdefault(draft.source_task_id, task_id)
            items = [(u, Role.LEAD, None) for u in draft.lead_ids]
            items += [(u, Role.SUPPORT, None) for u in draft.support_ids if u not in draft.lead_ids]
            for position, (unit_id, role, _) in enumerate(expand_groups(db, items)):
                assignments.append((task_id, unit_id, role.value, position, now, now))
            report(done, total, f"Đang tạo nhiệm vụ {done}/{len(drafts)}")
        db.conn.executemany(
            "INSERT INTO assignments (task_id, unit_id, role, position, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, unit_id) DO NOTHING",
            assignments,
        )
        _number_tree(db, plan.id)
        recompute_tree(db, plan.id)
        refresh_plan_occurrences(db, plan.id)
        recipients = _recipients(db, plan.id, office.unit_id, office.recipients)
        plan = save_plan(db, dataclasses.replace(plan, recipients=recipients))
        audit.record(
            db, "insert", "plan", plan.id,
            f"Xây dựng kế hoạch thực hiện {plan_label(source)}: {len(drafts)} nhiệm vụ",
        )
        report(total, total, "Đã tạo kế hoạch")
        result = _derived_tasks(db, plan.id, tasks)
    warnings = tuple(
        f"Nhiệm vụ {t.path}: hạn của ta {format_date(t.due)} muộn hơn hạn của cấp trên"
        f" ({format_date(tasks[s].due)})"
        for t, s in ((t, _source_of(db, t.task_id)) for t in result if t.later_than_source)
        if s is not None and t.due is not None and tasks[s].due is not None
    )
    return DerivedPlan(plan=plan, tasks=result, warnings=warnings)


def candidates_tree(db: Database, plan_id: int) -> list[Candidate]:
    """The plan's tasks as candidates without working out claims (cheaper: for lookups)."""
    plan = get_plan(db, plan_id)
    return [
        Candidate(
            task_id=row[0], path=row[1], depth=row[2], kind=TaskKind(row[3]), ordinal=row[4], title=row[5],
            content=row[6], timeframe_text=row[7],
            due=source_due(plan, row[7], date_value(row[8])) if row[3] == TaskKind.TASK.value else None,
            lead_units=(), support_units=(), parent_id=row[9],
        )
        for row in db.execute(
            "SELECT id, path, depth, kind, ordinal, title, content, timeframe_text, deadline_override,"
            " parent_id FROM tasks WHERE plan_id = ? ORDER BY order_key, id",
            (plan_id,),
        ).fetchall()
    ]


def _recipients(db: Database, plan_id: int, office_id: int | None, usual: Sequence[str]) -> tuple[str, ...]:
    """Nơi nhận: the units our plan assigns (each once, leads first), then our usual lines with "Lưu"."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT u.name FROM assignments a JOIN tasks t ON t.id = a.task_id"
            " JOIN units u ON u.id = a.unit_id"
            " WHERE t.plan_id = ? AND u.id IS NOT ?"
            " GROUP BY u.id ORDER BY min(a.role = 'support'), min(t.order_key), u.name_key",
            (plan_id, office_id),
        ).fetchall()
    ]
    lines = [f"{name};" for name in names]
    stored = [line for line in usual if line.strip()]
    if not any(line.lower().startswith("lưu") for line in stored):
        stored.append("Lưu: VT.")
    return tuple(lines + [line for line in stored if line not in lines])


def _number_tree(db: Database, plan_id: int) -> None:
    """Our plan's ordinals in the official order (I → 1 → a → -), from the tree's shape."""
    rows = db.execute(
        "SELECT id, parent_id, kind FROM tasks WHERE plan_id = ? ORDER BY position, id", (plan_id,)
    ).fetchall()
    sectioned = any(kind == TaskKind.SECTION.value and parent is None for _, parent, kind in rows)
    children: dict[int | None, list[int]] = defaultdict(list)
    for task_id, parent_id, _ in rows:
        children[parent_id].append(task_id)
    updates = []

    def walk(parent: int | None, level: int) -> None:
        for index, task_id in enumerate(children.get(parent, [])):
            updates.append((ordinal(level, index, sectioned=sectioned), index, task_id))
            walk(task_id, level + 1)

    walk(None, 0)
    db.conn.executemany("UPDATE tasks SET ordinal = ?, position = ? WHERE id = ?", updates)


def _unit_names(db: Database, unit_ids: Iterable[int]) -> dict[int, str]:
    ids = list(unit_ids)
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    return dict(db.execute(f"SELECT id, name FROM units WHERE id IN ({marks})", ids).fetchall())


def _source_of(db: Database, task_id: int) -> int | None:
    row = db.execute("SELECT source_task_id FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return row[0] if row else None


def _derived_tasks(db: Database, plan_id: int, sources: dict[int, Candidate]) -> tuple[DerivedTask, ...]:
    units: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"lead": [], "support": []})
    for task_id, role, name in db.execute(
        "SELECT a.task_id, a.role, u.name FROM assignments a JOIN units u ON u.id = a.unit_id"
        " JOIN tasks t ON t.id = a.task_id WHERE t.plan_id = ? ORDER BY a.task_id, a.position",
        (plan_id,),
    ).fetchall():
        units[task_id][role].append(name)
    result = []
    for task_id, path, content, override, source_id in db.execute(
        "SELECT id, path, content, deadline_override, source_task_id FROM tasks"
        " WHERE plan_id = ? AND kind = 'task' ORDER BY order_key",
        (plan_id,),
    ).fetchall():
        due = date_value(override)
        source = sources.get(source_id) if source_id is not None else None
        result.append(
            DerivedTask(
                task_id=task_id, path=path, source_path=source.path if source else None, content=content,
                lead_units=tuple(units[task_id]["lead"]), support_units=tuple(units[task_id]["support"]),
                due=due, later_than_source=later_than_source(due, source.due if source else None),
            )
        )
    return tuple(result)


# --- the chain seen from a task or a plan -------------------------------------------------------


def _refs(db: Database, where: str, params: Sequence[object]) -> list[TaskRef]:
    rows = db.execute(
        "SELECT t.id, t.plan_id, p.number, p.symbol, p.title, t.path, t.content, p.deleted_at IS NOT NULL"
        f" FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE {where} ORDER BY p.id, t.order_key",
        list(params),
    ).fetchall()
    return [
        TaskRef(row[0], row[1], plan_label(Plan(title=row[4], number=row[2], symbol=row[3], id=row[1])),
                row[5], row[6], bool(row[7]))
        for row in rows
    ]


def source_task(db: Database, task_id: int) -> TaskRef | None:
    """The task of the plan above that `task_id` was made from, if any."""
    found = _refs(db, "t.id = (SELECT source_task_id FROM tasks WHERE id = ?)", [task_id])
    return found[0] if found else None


def derived_tasks(db: Database, task_id: int) -> list[TaskRef]:
    """Tasks made from `task_id`, in any plan (also in the trash, marked)."""
    return _refs(db, "t.source_task_id = ?", [task_id])


def derived_count(db: Database, task_ids: Iterable[int]) -> int:
    """How many tasks of plans not in the trash were made from any of `task_ids`."""
    ids = list(task_ids)
    if not ids:
        return 0
    marks = ", ".join("?" * len(ids))
    return db.execute(
        f"SELECT count(*) FROM tasks t JOIN plans p ON p.id = t.plan_id"
        f" WHERE t.source_task_id IN ({marks}) AND p.deleted_at IS NULL",
        ids,
    ).fetchone()[0]


def implemented_plans(db: Database, plan_id: int) -> list[Plan]:
    """Plans this plan implements: its parent plan and the plans its "Căn cứ" lines are linked to."""
    rows = db.execute(
        "SELECT parent_plan_id FROM plans WHERE id = ? AND parent_plan_id IS NOT NULL"
        " UNION SELECT linked_plan_id FROM plan_basis WHERE plan_id = ? AND linked_plan_id IS NOT NULL",
        (plan_id, plan_id),
    ).fetchall()
    return _live_plans(db, [row[0] for row in rows if row[0] != plan_id])


def implementing_plans(db: Database, plan_id: int) -> list[Plan]:
    """Plans that implement this plan: made from it, or citing it in a linked "Căn cứ" line."""
    rows = db.execute(
        "SELECT id FROM plans WHERE parent_plan_id = ?"
        " UNION SELECT plan_id FROM plan_basis WHERE linked_plan_id = ?",
        (plan_id, plan_id),
    ).fetchall()
    return _live_plans(db, [row[0] for row in rows if row[0] != plan_id])


def _live_plans(db: Database, ids: list[int]) -> list[Plan]:
    plans = [get_plan(db, plan_id) for plan_id in sorted(set(ids))]
    trashed = {
        row[0] for row in db.execute("SELECT id FROM plans WHERE deleted_at IS NOT NULL").fetchall()
    }
    return [plan for plan in plans if plan.id not in trashed]


# --- roll-up ----------------------------------------------------------------------------------


def rollup(
    db: Database,
    source_plan_id: int,
    as_of: date,
    warn_days: int = DEFAULT_WARN_DAYS,
    *,
    task_id: int | None = None,
) -> list[RolledTask]:
    """Each task of the source plan (or only `task_id`) with the status and summary of the work
    derived from it.

    A derived task that has tasks derived from it in turn (a school's plan made from ours, in a
    consolidated file) counts through them; otherwise through its own assignments. Status as of
    `as_of` follows `core.status.deadline_status`; plans in the trash do not count.
    """
    get_plan(db, source_plan_id)
    only = "" if task_id is None else " AND id = ?"
    tasks = db.execute(
        f"SELECT id, path, content FROM tasks WHERE plan_id = ? AND kind = 'task'{only}"
        " ORDER BY order_key, id",
        (source_plan_id,) if task_id is None else (source_plan_id, task_id),
    ).fetchall()
    children = _derived_ids(db, [row[0] for row in tasks])
    leaves: dict[int, list[int]] = {}
    frontier = {task_id for ids in children.values() for task_id in ids}
    depth = 0
    below = dict(children)
    while frontier and depth < _MAX_DEPTH:
        deeper = _derived_ids(db, frontier)
        below.update(deeper)
        frontier = {task_id for ids in deeper.values() for task_id in ids} - set(below)
        depth += 1

    def leaf_tasks(task_id: int, seen: frozenset[int]) -> list[int]:
        if task_id in leaves:
            return leaves[task_id]
        found: list[int] = []
        for child in below.get(task_id, []):
            if child in seen:
                continue
            found.extend(leaf_tasks(child, seen | {child}) if below.get(child) else [child])
        leaves[task_id] = found
        return found

    results = _unit_results(db, {t for row in tasks for t in leaf_tasks(row[0], frozenset({row[0]}))},
                            as_of, warn_days)
    rolled = []
    for task_id, path, content in tasks:
        parts = [r for leaf in leaf_tasks(task_id, frozenset({task_id})) for r in results.get(leaf, [])]
        rolled.append(
            RolledTask(
                task_id=task_id, path=path, content=content,
                status=rollup_status([r.status for r in parts]) if parts else None,
                summary=rollup_summary(parts), derived=len(children.get(task_id, [])), units=tuple(parts),
            )
        )
    return rolled


def _derived_ids(db: Database, task_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(task_ids)
    found: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for task_id, source_id in db.execute(
            f"SELECT t.id, t.source_task_id FROM tasks t JOIN plans p ON p.id = t.plan_id"
            f" WHERE t.source_task_id IN ({marks}) AND p.deleted_at IS NULL ORDER BY t.plan_id, t.order_key",
            chunk,
        ).fetchall():
            found[source_id].append(task_id)
    return found


def _unit_results(
    db: Database, task_ids: set[int], as_of: date, warn_days: int
) -> dict[int, list[UnitResult]]:
    results: dict[int, list[UnitResult]] = defaultdict(list)
    ids = sorted(task_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for task_id, unit_name, due_on, state, progress, completed_on, result in db.execute(
            "SELECT a.task_id, u.name, o.due_on, o.state, o.progress, o.completed_on, o.result"
            " FROM assignments a JOIN units u ON u.id = a.unit_id"
            " JOIN occurrences o ON o.assignment_id = a.id"
            f" WHERE a.task_id IN ({marks}) ORDER BY a.task_id, a.role, a.position, o.due_on, o.key",
            chunk,
        ).fetchall():
            completed = date_value(completed_on)
            done = state == WorkState.DONE.value
            status = deadline_status(date_value(due_on), done, completed, as_of, warn_days)
            counted = done and (completed is None or completed <= as_of)
            results[task_id].append(
                UnitResult(unit_name, status, 100 if counted else (0 if done else progress),
                           completed if counted else None, result)
            )
    return results
