"""The figures of a report for a period: what was due or done in it, cumulatively, by unit, and who is late.

A report covers a period (core.periods) of one or more plans. Its figures are counted over the
rounds of work (one occurrence of one assignment) of the lead units, as the Government Office
counts them, with these rules:

- the status of a round is `core.status.deadline_status` as of the period's last day, except that
  a round paused (state "Tạm dừng") and not done is PAUSED: it is neither overdue nor in progress;
- **cumulative** counts every round started by the period's end;
- **in the period** counts the rounds due in it or completed in it, and ongoing work without a
  deadline that had started by its end; rounds overdue since an earlier period and still not done
  are counted apart (`carried_overdue`), as reports list them as "tồn đọng";
- the **completion rate** is done ÷ (done + overdue) (core.status.completion_rate);
- a unit **has not reported** when it leads work of the period and has recorded nothing on any
  of it since the period began.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from core.model import Role, WorkState
from core.periods import Period
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus, completion_rate, deadline_status
from core.vntext import shorten, sort_key


class ReportStatus(StrEnum):
    """A round's status in a report: the deadline statuses, and paused work apart."""

    DONE_ON_TIME = DeadlineStatus.DONE_ON_TIME.value
    DONE_LATE = DeadlineStatus.DONE_LATE.value
    IN_PROGRESS = DeadlineStatus.IN_PROGRESS.value
    DUE_SOON = DeadlineStatus.DUE_SOON.value
    OVERDUE = DeadlineStatus.OVERDUE.value
    NO_DEADLINE = DeadlineStatus.NO_DEADLINE.value
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return "Tạm dừng" if self is ReportStatus.PAUSED else DeadlineStatus(self.value).label

    @property
    def is_done(self) -> bool:
        return self in (ReportStatus.DONE_ON_TIME, ReportStatus.DONE_LATE)


# The roll-up order of core.status.SEVERITY, paused work after work in progress.
REPORT_SEVERITY = (
    ReportStatus.OVERDUE, ReportStatus.DUE_SOON, ReportStatus.IN_PROGRESS, ReportStatus.PAUSED,
    ReportStatus.NO_DEADLINE, ReportStatus.DONE_LATE, ReportStatus.DONE_ON_TIME,
)  # fmt: skip


def worst_report_status(statuses: Iterable[ReportStatus]) -> ReportStatus | None:
    found = set(statuses)
    return next((status for status in REPORT_SEVERITY if status in found), None)


@dataclass(frozen=True, slots=True)
class WorkRound:
    """One occurrence of one unit's assignment, as stored."""

    task_id: int
    task_path: str
    unit_id: int
    unit_name: str
    role: Role
    due_on: date | None
    state: WorkState
    progress: int = 0
    completed_on: date | None = None
    starts_on: date | None = None
    result: str = ""
    key: str = ""
    last_update: date | None = None  # the day progress was last recorded on it
    difficulties: str = ""  # khó khăn, vướng mắc; lý do chậm: the reason a late round gives
    proposals: str = ""


def round_status(item: WorkRound, as_of: date, warn_days: int = DEFAULT_WARN_DAYS) -> ReportStatus:
    done = item.state is WorkState.DONE
    status = ReportStatus(deadline_status(item.due_on, done, item.completed_on, as_of, warn_days).value)
    if item.state is WorkState.PAUSED and not status.is_done:
        return ReportStatus.PAUSED
    return status


def _started(item: WorkRound, period: Period) -> bool:
    return item.starts_on is None or item.starts_on <= period.end


def in_period(item: WorkRound, period: Period, status: ReportStatus) -> bool:
    """Whether the round belongs to the period (module docstring), given its status at the end."""
    if not _started(item, period):
        return False
    if item.due_on is not None and period.start <= item.due_on <= period.end:
        return True
    if status.is_done and item.completed_on is not None and period.start <= item.completed_on <= period.end:
        return True
    return item.due_on is None and not status.is_done


def is_carried_overdue(item: WorkRound, period: Period, status: ReportStatus) -> bool:
    return status is ReportStatus.OVERDUE and item.due_on is not None and item.due_on < period.start


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """A row of the per-unit table: what the unit leads in the period and how it stands."""

    unit_name: str
    counts: dict[ReportStatus, int]

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def in_progress(self) -> int:
        """In progress within the deadline, due soon included."""
        return self.counts.get(ReportStatus.IN_PROGRESS, 0) + self.counts.get(ReportStatus.DUE_SOON, 0)

    @property
    def rate(self) -> float | None:
        return _rate(self.counts)


@dataclass(frozen=True, slots=True)
class LateRound:
    item: WorkRound
    days_late: int


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    period: Period
    cumulative: dict[ReportStatus, int]
    in_period: dict[ReportStatus, int]
    carried_overdue: int
    units: tuple[UnitFigures, ...] = ()
    overdue: tuple[LateRound, ...] = ()  # every lead round overdue at the period's end, most late first
    not_reported: tuple[str, ...] = ()
    statuses: dict[tuple[int, int, str], ReportStatus] = field(default_factory=dict)  # (task, unit, key)

    @property
    def in_period_rate(self) -> float | None:
        return _rate(self.in_period)

    @property
    def cumulative_rate(self) -> float | None:
        return _rate(self.cumulative)


def _rate(counts: dict[ReportStatus, int]) -> float | None:
    # Paused work is neither done nor overdue: it stays out of the rate.
    return completion_rate(
        {DeadlineStatus(s.value): n for s, n in counts.items() if s is not ReportStatus.PAUSED}
    )


def _zero() -> dict[ReportStatus, int]:
    return dict.fromkeys(ReportStatus, 0)


def period_figures(
    rounds: Iterable[WorkRound], period: Period, warn_days: int = DEFAULT_WARN_DAYS
) -> PeriodFigures:
    """Count the rounds of a report's plans for `period` (rules in the module docstring)."""
    cumulative, current = _zero(), _zero()
    carried = 0
    per_unit: dict[str, dict[ReportStatus, int]] = {}
    active_units: dict[int, str] = {}
    reported: set[int] = set()
    late: list[LateRound] = []
    statuses: dict[tuple[int, int, str], ReportStatus] = {}
    for item in rounds:
        if not _started(item, period):
            continue
        status = round_status(item, period.end, warn_days)
        statuses[(item.task_id, item.unit_id, item.key)] = status
        if item.last_update is not None and period.start <= item.last_update:
            reported.add(item.unit_id)
        if item.role is not Role.LEAD:
            continue
        cumulative[status] += 1
        belongs = in_period(item, period, status)
        if belongs:
            current[status] += 1
            per_unit.setdefault(item.unit_name, _zero())[status] += 1
        elif is_carried_overdue(item, period, status):
            carried += 1
            per_unit.setdefault(item.unit_name, _zero())[status] += 1
        if belongs or status is ReportStatus.OVERDUE:
            active_units[item.unit_id] = item.unit_name
        if status is ReportStatus.OVERDUE:
            late.append(LateRound(item, (period.end - item.due_on).days))
    units = tuple(UnitFigures(name, per_unit[name]) for name in sorted(per_unit, key=sort_key))
    late.sort(key=lambda r: (-r.days_late, r.item.task_path, sort_key(r.item.unit_name)))
    silent = sorted((name for unit_id, name in active_units.items() if unit_id not in reported), key=sort_key)
    return PeriodFigures(
        period=period, cumulative=cumulative, in_period=current, carried_overdue=carried, units=units,
        overdue=tuple(late), not_reported=tuple(silent), statuses=statuses,
    )


UnitRow = tuple[str, int, int, int, int, int, int, float | None]


def unit_table_rows(figures: PeriodFigures) -> Sequence[UnitRow]:
    """(unit, assigned, done on time, done late, in progress, overdue, paused, rate) per unit."""
    return [
        (u.unit_name, u.assigned, u.counts[ReportStatus.DONE_ON_TIME], u.counts[ReportStatus.DONE_LATE],
         u.in_progress, u.counts[ReportStatus.OVERDUE], u.counts[ReportStatus.PAUSED], u.rate)
        for u in figures.units
    ]  # fmt: skip


SHORT_TASK_TEXT = 160  # characters of a task's content in Phụ lục I unless the full text is asked for


@dataclass(frozen=True, slots=True)
class AnnexTaskRow:
    """A row of the report's task annex (Phụ lục I): a section heading, or one task with all its units.

    One row per task, whatever the number of lead units: the leads and the coordinators in their
    own cells, the mean progress of the leads, the results the units wrote (each prefixed with its
    unit when several wrote), the day the last lead finished when all did, the task's status.
    """

    path: str
    content: str
    is_section: bool = False
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()
    progress: int | None = None
    result: str = ""
    evidence: str = ""  # "3 tệp minh chứng" or the documents named
    completed_on: date | None = None
    status: ReportStatus | None = None
    title: str = ""  # the task's own short title, when it has one

    def short_text(self, limit: int = SHORT_TASK_TEXT) -> str:
        """What Phụ lục I prints by default: the title, else the content cut at a word."""
        return self.title.strip() or shorten(self.content, limit)


def annex_task_rows(
    tasks: Sequence[tuple[int, str, str, bool] | tuple[int, str, str, bool, str]],
    rounds: Iterable[WorkRound],
    figures: PeriodFigures,
    evidence: dict[int, int] | None = None,
) -> list[AnnexTaskRow]:
    """Phụ lục I from the plans' tasks (id, path, content, is_section[, title]) in order and their rounds.

    Only rounds started by the period's end count; a task without any is listed with no status.
    `evidence` counts the evidence files per task.
    """
    by_task: dict[int, list[WorkRound]] = {}
    for item in rounds:
        if item.starts_on is None or item.starts_on <= figures.period.end:
            by_task.setdefault(item.task_id, []).append(item)
    rows = []
    for task_id, path, content, is_section, *title in tasks:
        if is_section:
            rows.append(AnnexTaskRow(path, content, is_section=True))
            continue
        items = by_task.get(task_id, [])
        leads = [i for i in items if i.role is Role.LEAD]
        statuses = [figures.statuses.get((i.task_id, i.unit_id, i.key)) for i in leads]
        known = [s for s in statuses if s is not None]
        status = worst_report_status(known) if known else None
        writers = [i for i in items if i.result.strip()]
        several = len({i.unit_name for i in writers}) > 1
        result = "; ".join(
            f"{i.unit_name}: {i.result.strip()}" if several else i.result.strip() for i in writers
        )
        paired = list(zip(leads, statuses, strict=True))
        done_days = [i.completed_on for i, s in paired if s is not None and s.is_done]
        all_done = bool(leads) and len(done_days) == len(leads) and all(done_days)
        progress = [100 if s is not None and s.is_done else i.progress for i, s in paired]
        files = (evidence or {}).get(task_id, 0)
        rows.append(
            AnnexTaskRow(
                path=path, content=content, title=title[0] if title else "",
                lead_units=tuple(dict.fromkeys(i.unit_name for i in leads)),
                support_units=tuple(dict.fromkeys(i.unit_name for i in items if i.role is Role.SUPPORT)),
                progress=round(sum(progress) / len(progress)) if progress else None,
                result=result, evidence=f"{files} tệp minh chứng" if files else "",
                completed_on=max(done_days) if all_done else None, status=status,
            )
        )  # fmt: skip
    return rows
