"""A parsed plan → domain values the storage side saves in one transaction.

`to_domain` returns a `DomainPlan`:
- `plan`: a `Plan` (id None; status DRAFT while the document has no number, else ISSUED; the
  period inferred from the title: "giai đoạn 2025-2030", "năm học 2022-2023",
  "nhiệm kỳ 2020-2025", or a title ending "năm 2025");
- `basis`: one `BasisDocument` per "Căn cứ"/"Thực hiện" line, with the number it cites;
- `tasks`: the task tree as `TaskNode`s — the sections that carry tasks (kind SECTION) and
  their tasks (kind TASK), children in document order, each with the unit names that lead
  and support it (resolved to unit ids by the storage side, e.g. `storage.units.find_unit`);
- `indicators`: `PlannedIndicator`s, each an `Indicator` whose `plan_id` is 0 and `task_id`
  None until saved, with the path of the task it belongs to (or None).
Saving walks `tasks` depth-first: parents are saved before their children, so each child's
`parent_id` is known; ordinals are those printed, so `core.tasktree.task_paths` gives the
same paths as `ParsedTask.path`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.importing.header import reference_in
from core.importing.parsed import ParsedPlan, ParsedSection, ParsedTask
from core.model import BasisDocument, Indicator, Plan, PlanStatus, TaskKind
from core.timeframe import parse_timeframe
from core.vntext import search_key


@dataclass(frozen=True, slots=True)
class TaskNode:
    path: str
    ordinal: str
    title: str
    content: str  # never empty: a heading without text of its own repeats its title
    kind: TaskKind
    timeframe_text: str = ""
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    children: tuple[TaskNode, ...] = ()

    def walk(self) -> list[TaskNode]:
        """This node and all below it, depth-first in document order."""
        return [self, *(node for child in self.children for node in child.walk())]


@dataclass(frozen=True, slots=True)
class PlannedIndicator:
    task_path: str | None
    indicator: Indicator


@dataclass(frozen=True, slots=True)
class DomainPlan:
    plan: Plan
    basis: tuple[BasisDocument, ...]
    tasks: tuple[TaskNode, ...]
    indicators: tuple[PlannedIndicator, ...]

    def all_tasks(self) -> list[TaskNode]:
        return [node for root in self.tasks for node in root.walk()]


_PERIODS = (
    (re.compile(r"giai doan (\d{4}) ?- ?(\d{4})"), "Giai đoạn {0}-{1}"),
    (re.compile(r"nam hoc (\d{4}) ?- ?(\d{4})"), "Năm học {0}-{1}"),
    (re.compile(r"nhiem ky (\d{4}) ?- ?(\d{4})"), "Giai đoạn {0}-{1}"),
    (re.compile(r"\bnam (\d{4})$"), "Năm {0}"),
)


def infer_period(title: str) -> tuple[date | None, date | None]:
    """(start, end) of the period a title names, read the way timeframes are read."""
    key = search_key(title).rstrip(" .")
    for pattern, template in _PERIODS:
        match = pattern.search(key)
        if match is None:
            continue
        timeframe = parse_timeframe(template.format(*match.groups()))
        if timeframe.start is not None and timeframe.due is not None:
            return timeframe.start, timeframe.due
    return None, None


def _section_node(section: ParsedSection, children: tuple[TaskNode, ...]) -> TaskNode:
    return TaskNode(
        section.path, section.ordinal, section.title, section.title, TaskKind.SECTION, children=children
    )


def _task_node(task: ParsedTask, children: tuple[TaskNode, ...]) -> TaskNode:
    title = task.title or ""
    return TaskNode(
        path=task.path,
        ordinal=task.ordinal,
        title=title,
        content=task.content or title,
        kind=TaskKind.TASK,
        timeframe_text=task.timeframe or "",
        lead_units=task.lead_units,
        support_units=task.support_units,
        children=children,
    )


def _tree(parsed: ParsedPlan) -> tuple[TaskNode, ...]:
    sections = {s.path: s for s in parsed.sections if s.carries_tasks}
    tasks = {t.path: t for t in parsed.tasks}
    order = {path: item.order for path, item in [*sections.items(), *tasks.items()]}
    children: dict[str | None, list[str]] = {}
    for path, item in [*sections.items(), *tasks.items()]:
        parent = item.parent_path or None
        children.setdefault(parent if parent in order else None, []).append(path)

    def build(path: str) -> TaskNode:
        below = tuple(build(child) for child in sorted(children.get(path, []), key=order.__getitem__))
        if path in sections:
            return _section_node(sections[path], below)
        return _task_node(tasks[path], below)

    return tuple(build(path) for path in sorted(children.get(None, []), key=order.__getitem__))


def to_domain(parsed: ParsedPlan) -> DomainPlan:
    # The body's "Thời gian thực hiện" (read by the parser) wins over the title's period.
    start, end = parsed.period_start, parsed.period_end
    if start is None or end is None:
        start, end = infer_period(parsed.title)
    plan = Plan(
        title=parsed.title,
        doc_type=parsed.doc_type,
        number=parsed.serial,
        symbol=parsed.symbol,
        issuer=parsed.issuer or "",
        parent_issuer=parsed.parent_issuer or "",
        place=parsed.place or "",
        issued_on=parsed.issued_on,
        issued_year=parsed.issued_year,
        issued_month=parsed.issued_month,
        period_start=start,
        period_end=end,
        signer_authority=parsed.signer.authority,
        signer_title=parsed.signer.title or "",
        signer_name=parsed.signer.name or "",
        recipients=parsed.recipients,
        status=PlanStatus.ISSUED if parsed.serial else PlanStatus.DRAFT,
        source_name=parsed.source_name,
        source_text=parsed.source_text,
    )
    basis = tuple(BasisDocument(text=text, reference=reference_in(text)) for text in parsed.basis)
    indicators = tuple(
        PlannedIndicator(
            item.path,
            Indicator(
                plan_id=0,
                text=item.text,
                measure=item.measure,
                comparator=item.comparator,
                target_value=item.value,
                numerator=item.numerator,
                denominator=item.denominator,
                deadline=item.deadline or "",
                breakdown=item.breakdown,
                position=position,
            ),
        )
        for position, item in enumerate(parsed.indicators)
    )
    return DomainPlan(plan, basis, _tree(parsed), indicators)


def with_plan_id(planned: PlannedIndicator, plan_id: int, task_id: int | None) -> Indicator:
    """The indicator ready to save once its plan (and task) have ids."""
    return replace(planned.indicator, plan_id=plan_id, task_id=task_id)
