"""Saving an imported plan: units matched to the directory, duplicates found, all in one transaction.

The parser (core.importing) turns a document into a `DomainPlan`; this module decides which
unit each name refers to, whether the plan is already in the database, and writes plan,
basis, task tree, assignments and indicators together, so a failure leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from core.importing.to_domain import DomainPlan, TaskNode
from core.importing.units import guess_unit_kind, is_group_name, unit_key
from core.model import Plan, Role, Task, Unit
from storage.assignments import set_assignments
from storage.database import transaction
from storage.indicators import replace_indicators
from storage.plans import get_plan, list_plans, save_plan
from storage.tasks import delete_task, list_tasks, save_task
from storage.units import list_units, save_unit


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit name from the document and the directory unit it refers to (None: a new unit)."""

    name: str
    unit: Unit | None
    is_group: bool

    @property
    def is_new(self) -> bool:
        return self.unit is None


def unit_names(domain: DomainPlan) -> list[str]:
    """Every unit name the plan's tasks mention, first appearance first, each once."""
    seen: dict[str, str] = {}
    for node in domain.all_tasks():
        for name in (*node.lead_units, *node.support_units):
            seen.setdefault(unit_key(name), name)
    return list(seen.values())


def match_units(db: Database, names: Iterable[str]) -> list[UnitMatch]:
    """Match names to the directory ignoring case, diacritics and abbreviations (GD&ĐT, UBND)."""
    directory: dict[str, Unit] = {}
    for unit in list_units(db):
        for text in (unit.name, unit.short_name):
            if text:
                directory.setdefault(unit_key(text), unit)
    matches = []
    for name in names:
        unit = directory.get(unit_key(name))
        matches.append(UnitMatch(name, unit, unit.is_group if unit else is_group_name(name)))
    return matches


def find_duplicates(db: Database, plan: Plan) -> list[Plan]:
    """Plans already in the database with the same number and year, or the same source text."""
    found = []
    for other in list_plans(db):
        same_number = (
            bool(plan.number)
            and _normal_reference(other) == _normal_reference(plan)
            and (plan.year is None or other.year is None or other.year == plan.year)
        )
        same_text = bool(plan.source_text) and other.source_text == plan.source_text
        if same_number or same_text:
            found.append(other)
    return found


def _normal_reference(plan: Plan) -> str:
    return re.sub(r"\s+", "", plan.reference).upper()


def save_imported_plan(
    db: Database,
    domain: DomainPlan,
    *,
    update_plan_id: int | None = None,
    unit_ids: Mapping[str, int] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Plan:
    """Write the imported plan in one transaction and return it as stored.

    `unit_ids` maps a document's unit name to a directory unit chosen by the user; other
    names are matched with `match_units`, and those still unmatched become new units (groups
    when their name says so), their kind guessed from the name.
    `update_plan_id` replaces that plan's fields, tasks and indicators: tasks whose path is
    unchanged are updated in place, so their assignments keep the progress already reported.
    """
    nodes = domain.all_tasks()
    total = len(nodes) + 2
    report = progress or (lambda done, total, text: None)
    with transaction(db):
        report(0, total, "Đang đối chiếu đơn vị…")
        resolved = _resolve_units(db, unit_names(domain), unit_ids or {})
        plan = dataclasses.replace(domain.plan, id=update_plan_id)
        if update_plan_id is not None:
            existing = get_plan(db, update_plan_id)
            plan = dataclasses.replace(plan, status=existing.status, parent_plan_id=existing.parent_plan_id)
        saved = save_plan(db, plan, list(domain.basis))
        report(1, total, "Đang lưu nhiệm vụ…")
        ids_by_path = _save_tree(
            db, saved.id, domain.tasks, resolved, update_plan_id is not None, report, total
        )
        indicators = [
            dataclasses.replace(item.indicator, task_id=ids_by_path.get(item.task_path or ""))
            for item in domain.indicators
        ]
        replace_indicators(db, saved.id, indicators)
        report(total, total, "Đã lưu")
        return get_plan(db, saved.id)


def _resolve_units(db: Database, names: list[str], chosen: Mapping[str, int]) -> dict[str, int]:
    resolved: dict[str, int] = {}
    for match in match_units(db, names):
        if match.name in chosen:
            resolved[unit_key(match.name)] = chosen[match.name]
        elif match.unit is not None:
            resolved[unit_key(match.name)] = match.unit.id
        else:
            kind = None if match.is_group else guess_unit_kind(match.name)
            unit = save_unit(
                db,
                Unit(name=match.name, kind_code=kind, is_group=match.is_group, notes="Tạo khi nhập kế hoạch"),
            )
            resolved[unit_key(match.name)] = unit.id
    return resolved


def _save_tree(
    db: Database,
    plan_id: int,
    roots: tuple[TaskNode, ...],
    units: dict[str, int],
    updating: bool,
    report: Callable[[int, int, str], None],
    total: int,
) -> dict[str, int]:
    """Insert (or update by path) every node; returns task ids by the node's path."""
    existing: dict[str, Task] = {}
    if updating:
        existing = {row.path: row.task for row in list_tasks(db, plan_id)}
    ids: dict[str, int] = {}
    done = 1

    def save(node: TaskNode, parent_id: int | None) -> None:
        nonlocal done
        # Storage derives paths from the same printed ordinals, so the document's path finds
        # the task an earlier import of this plan created.
        old = existing.pop(node.path, None)
        task = Task(
            plan_id=plan_id,
            content=node.content,
            ordinal=node.ordinal,
            title=node.title,
            kind=node.kind,
            parent_id=parent_id,
            timeframe_text=node.timeframe_text,
            notes=old.notes if old else "",
            deadline_override=old.deadline_override if old else None,
            id=old.id if old else None,
        )
        saved = save_task(db, task)
        ids[node.path] = saved.id
        items = [(units[unit_key(name)], Role.LEAD, None) for name in node.lead_units]
        items += [
            (units[unit_key(name)], Role.SUPPORT, None)
            for name in node.support_units
            if units[unit_key(name)] not in {unit_id for unit_id, _, _ in items}
        ]
        if items or old is not None:
            set_assignments(db, saved.id, _unique(items))
        done += 1
        report(done, total, f"Đang lưu nhiệm vụ {node.path}")
        for child in node.children:
            save(child, saved.id)

    for root in roots:
        save(root, None)
    for task in sorted(existing.values(), key=lambda t: -len(t.ordinal)):
        if _exists(db, task.id):
            delete_task(db, task.id)  # tasks the new version of the document no longer has
    return ids


def _unique(items: list[tuple[int, Role, None]]) -> list[tuple[int, Role, None]]:
    seen: set[tuple[int, Role]] = set()
    result = []
    for unit_id, role, deadline in items:
        if (unit_id, role) not in seen:
            seen.add((unit_id, role))
            result.append((unit_id, role, deadline))
    return result


def _exists(db: Database, task_id: int) -> bool:
    return db.execute("SELECT 1 FROM tasks WHERE id = ?", (task_id,)).fetchone() is not None
