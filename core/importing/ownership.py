"""Who owns each task and when it falls due, read from the sentences of a prose plan.

Order of evidence for the lead unit: the task's own fields (annex cells, "Đơn vị chủ trì:"),
then "X chủ trì" / "Giao X chủ trì" in its sentences, then the unit heading it sits under in
"Tổ chức thực hiện", then (for a duty) the unit its first sentence starts with; a task that
names no unit at all is the issuing office's own. Coordinating units come from "phối hợp với …".
A task with no deadline of its own falls due with the plan's period. Every value found this
way is recorded as an `Inference` with the sentence it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.importing.outline import Node
from core.importing.parsed import Inference, ParsedTask
from core.importing.progress import TICK_EVERY, Tick, no_tick
from core.importing.sentences import deadline_in, roles_in, subject_unit
from core.importing.to_domain import infer_period
from core.importing.units import unit_key
from core.timeframe import parse_timeframe
from core.vntext import format_date, search_key


def _text(task: ParsedTask) -> str:
    return "\n".join(part for part in (task.title or "", task.content) if part)


def _merge(names: tuple[str, ...], more: list[str]) -> tuple[str, ...]:
    keys = {unit_key(name) for name in names}
    merged = list(names)
    for name in more:
        if unit_key(name) not in keys:
            keys.add(unit_key(name))
            merged.append(name)
    return tuple(merged)


def _group_units(task: ParsedTask, group_units: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    path = task.parent_path
    while path:
        if path in group_units:
            return group_units[path]
        path = path.rsplit(".", 1)[0] if "." in path else ""
    return None


def infer_ownership(
    tasks: list[ParsedTask],
    group_units: dict[str, tuple[str, ...]],
    duty_paths: set[str],
    owner: str | None,
    period: tuple[str, str] | None,
    tick: Tick = no_tick,
) -> list[ParsedTask]:
    """Tasks with lead, support and timeframe filled in from their sentences, each inference recorded.

    `owner` is the issuing office (None when the document does not say); `period` is the plan
    period's text and the sentence it came from, given to tasks with no deadline of their own.
    """
    result: list[ParsedTask] = []
    for number, task in enumerate(tasks):
        if number % TICK_EVERY == 0:
            tick(number, len(tasks))
        text = _text(task)
        inferred = list(task.inferred)
        lead, support, timeframe = task.lead_units, task.support_units, task.timeframe
        roles = roles_in(text)
        if not lead:
            found = list(roles.lead)
            group = _group_units(task, group_units)
            if not found and group is not None:
                lead = group  # the heading is the sentence: it names the unit and nothing else
                inferred.extend(Inference("lead", name, ", ".join(group)) for name in group)
            if not lead and not found and task.path in duty_paths:
                found = subject_unit(text)
            if found:
                lead = _merge((), [item.value for item in found])
                inferred.extend(Inference("lead", item.value, item.sentence) for item in found)
        new_support = [
            item for item in roles.support if unit_key(item.value) not in {unit_key(n) for n in lead}
        ]
        if new_support:
            before = support
            support = _merge(support, [item.value for item in new_support])
            added = {unit_key(n) for n in support} - {unit_key(n) for n in before}
            inferred.extend(
                Inference("support", item.value, item.sentence)
                for item in new_support
                if unit_key(item.value) in added
            )
        if not lead and owner:
            lead = (owner,)
            inferred.append(Inference("owner", owner, ""))
        if not timeframe:
            deadline = deadline_in(text)
            if deadline is not None:
                timeframe = deadline.value
                inferred.append(Inference("timeframe", deadline.value, deadline.sentence))
            elif period is not None:
                timeframe = period[0]
                inferred.append(Inference("timeframe", period[0], period[1]))
        result.append(
            replace(
                task, lead_units=lead, support_units=support, timeframe=timeframe, inferred=tuple(inferred)
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class Period:
    """The plan's period: dates, a text `parse_timeframe` reads as that period, and its source."""

    start: date
    end: date
    text: str
    sentence: str


_PERIOD_LABEL = re.compile(
    r"^(?:[-–+•]\s*)?thời gian(?: thực hiện| triển khai)?\s*:\s*(?P<value>.+)$", re.IGNORECASE
)


def _period_of(text: str, sentence: str) -> Period | None:
    timeframe = parse_timeframe(text.strip().rstrip(".;"))
    if timeframe.start is not None and timeframe.due is not None and timeframe.start <= timeframe.due:
        return Period(timeframe.start, timeframe.due, timeframe.text, sentence)
    return None


def plan_period(body: Node, title: str) -> Period | None:
    """ "Thời gian thực hiện: Từ tháng 4 đến tháng 12 năm 2020" outside the tasks, else the title's period.

    The line is read where it speaks for the whole plan: a paragraph of the body before or between
    sections, a field of a section (not of a task), or the text of a section titled "Thời gian …".
    """
    candidates: list[tuple[str, str]] = []
    for para in body.paras:
        if match := _PERIOD_LABEL.match(para.strip()):
            candidates.append((match["value"], para))
    for node in body.children:
        if node.kind != "section":
            continue
        candidates.extend((value, value) for value in node.fields.get("time", []))
        if search_key(node.text).startswith("thoi gian"):
            after = node.text.split(":", 1)[1] if ":" in node.text else ""
            for text in [after, *node.paras]:
                if text.strip():
                    candidates.append((text, text))
    for value, sentence in candidates:
        period = _period_of(value, sentence)
        if period is not None:
            return period
    start, end = infer_period(title)
    if start is None or end is None:
        return None
    return Period(start, end, f"Từ {format_date(start)} đến {format_date(end)}", title)


def owner_of(issuer: str | None, authority: tuple[str, ...]) -> str | None:
    """The issuing office: the header's issuer, else the body a "TM. …" signature signs for."""
    if issuer:
        return issuer
    for line in authority:
        if line.upper().startswith("TM."):
            body = " ".join(line[3:].split())
            return body[:1].upper() + body[1:].lower() if body.isupper() else body
    return None
