"""A source task's status and result summary rolled up from the work derived from it.

The status is the worst status among the parts (`core.status.worst_status`): all done on time is
done on time, any part overdue makes the whole overdue. The summary is what a report to the level
above says about the task: how many units finished, who is late, then each unit's own result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.status import DeadlineStatus, worst_status
from core.vntext import format_date

_MAX_NAMED = 5  # units named in the head sentence before "và N đơn vị khác"


@dataclass(frozen=True, slots=True)
class UnitResult:
    """One unit's part in one derived task as of the roll-up date."""

    unit_name: str
    status: DeadlineStatus
    progress: int = 0
    completed_on: date | None = None
    result: str = ""


def rollup_status(parts: Sequence[DeadlineStatus]) -> DeadlineStatus | None:
    return worst_status(Counter(parts))


def _names(names: list[str]) -> str:
    if len(names) <= _MAX_NAMED:
        return ", ".join(names)
    return f"{', '.join(names[:_MAX_NAMED])} và {len(names) - _MAX_NAMED} đơn vị khác"


def rollup_summary(results: Sequence[UnitResult]) -> str:
    """'2/3 đơn vị đã hoàn thành; quá hạn: Trường MN B. Trường MN A: đã tập huấn (20/03/2025).'

    Statuses are compared by value, so a report's statuses (core.period_report.ReportStatus, which
    adds "paused") summarise the same way.
    """
    if not results:
        return ""
    units = list(dict.fromkeys(r.unit_name for r in results))
    done_units = [u for u in units if all(r.status.is_done for r in results if r.unit_name == u)]
    parts = [f"{len(done_units)}/{len(units)} đơn vị đã hoàn thành"]
    late = [u for u in units if any(r.status == DeadlineStatus.OVERDUE for r in results if r.unit_name == u)]
    if late:
        parts.append(f"quá hạn: {_names(late)}")
    working = [
        r for r in results if not r.status.is_done and r.status != DeadlineStatus.OVERDUE and r.progress
    ]
    if working:
        average = round(sum(r.progress for r in working) / len(working))
        parts.append(f"đang thực hiện bình quân {average}%")
    text = "; ".join(parts) + "."
    said = []
    for r in results:
        if r.result.strip():
            when = f" ({format_date(r.completed_on)})" if r.completed_on and r.status.is_done else ""
            said.append(f"{r.unit_name}: {r.result.strip().rstrip('.;')}{when}")
    if said:
        text += " " + "; ".join(said) + "."
    return text
