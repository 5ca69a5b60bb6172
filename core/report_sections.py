"""The sections of a report, drafted from the data in words a head of office would sign after editing.

Only what the data can honestly say is written: counts in the period and since the plan began,
each task group's results as the units reported them, late work with the reasons units gave,
what falls due next period, and the units' own highlights, shortcomings and proposals. The user
edits every section before the report is issued; the draft is a start, never the last word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from core.chain.derive import citation
from core.model import Plan
from core.period_report import PeriodFigures, ReportStatus
from core.periods import Period
from core.vntext import format_date, format_number, shorten

if TYPE_CHECKING:  # core.period_targets reads core.reports, which reads this module
    from core.period_targets import TargetRow

_SHORT = 160  # characters of a task's text quoted in a sentence
# A report's body tells the main results of each group; every task is in the annex (Phụ lục I).
BODY_TASKS_PER_GROUP = 8


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # "direction", "results", "assessment", "next", "proposals"
    title: str  # "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"
    text: str  # paragraphs separated by blank-free newlines; "- " starts a bullet


@dataclass(frozen=True, slots=True)
class TaskOutcome:
    """A task of the reported plan with its status at the period's end and what units reported."""

    group: str  # the section heading it belongs to ("" when the plan has none)
    path: str
    content: str
    status: ReportStatus | None
    summary: str = ""


@dataclass(frozen=True, slots=True)
class DueNext:
    path: str
    content: str
    due_on: date
    units: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitWords:
    """A unit's own words for the period (storage.unit_reports) and on its rounds of work."""

    unit_name: str
    highlights: str = ""
    shortcomings: str = ""
    proposals: str = ""


@dataclass(frozen=True, slots=True)
class ReportInputs:
    period: Period
    office_name: str
    plans: tuple[Plan, ...]
    figures: PeriodFigures
    outcomes: tuple[TaskOutcome, ...] = ()
    due_next: tuple[DueNext, ...] = ()
    unit_words: tuple[UnitWords, ...] = ()
    round_proposals: tuple[tuple[str, str], ...] = ()  # (unit name, proposal) written on rounds
    implementing: tuple[Plan, ...] = field(default=())  # our plans made to implement the reported ones
    targets: tuple[TargetRow, ...] = ()  # the targets annex of the period


def short(text: str, limit: int = _SHORT) -> str:
    """A unit's or a task's words quoted inside a sentence: one line, no closing stop, cut at a word."""
    return shorten(" ".join(text.split()).rstrip(".;:"), limit)


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{format_number(rate * 100)}%"


def _done(counts: dict[ReportStatus, int]) -> int:
    return counts[ReportStatus.DONE_ON_TIME] + counts[ReportStatus.DONE_LATE]


def _counts_sentence(counts: dict[ReportStatus, int], rate: float | None) -> str:
    total = sum(counts.values())
    on_time, late = counts[ReportStatus.DONE_ON_TIME], counts[ReportStatus.DONE_LATE]
    parts = [
        f"hoàn thành {on_time + late} (đúng hạn {on_time}, quá hạn {late})",
        f"đang thực hiện trong hạn {counts[ReportStatus.IN_PROGRESS] + counts[ReportStatus.DUE_SOON]}",
        f"quá hạn chưa hoàn thành {counts[ReportStatus.OVERDUE]}",
    ]
    if counts[ReportStatus.NO_DEADLINE]:
        parts.append(f"thường xuyên {counts[ReportStatus.NO_DEADLINE]}")
    if counts[ReportStatus.PAUSED]:
        parts.append(f"tạm dừng {counts[ReportStatus.PAUSED]}")
    rate_text = f"; tỷ lệ hoàn thành {_percent(rate)}" if rate is not None else ""
    return f"{total} lượt nhiệm vụ: " + ", ".join(parts) + rate_text


def direction_section(inputs: ReportInputs) -> Section:
    lines = []
    for plan in inputs.plans:
        lines.append(
            f"Thực hiện {citation(plan)}, {inputs.office_name} đã triển khai đến các đơn vị liên quan."
        )
    for plan in inputs.implementing:
        lines.append(f"{inputs.office_name} đã xây dựng {citation(plan)}.")
    units = {u.unit_name for u in inputs.figures.units}
    if units:
        lines.append(f"Các nhiệm vụ trong kỳ được giao cho {len(units)} đơn vị chủ trì thực hiện.")
    return Section("direction", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "\n".join(lines))


def results_section(inputs: ReportInputs) -> Section:
    figures = inputs.figures
    lines = ["1. Kết quả chung"]
    if sum(figures.in_period.values()):
        counted = _counts_sentence(figures.in_period, figures.in_period_rate)
        lines.append(f"Trong {inputs.period.label}: {counted}.")
    else:
        lines.append(f"Trong {inputs.period.label} không có nhiệm vụ nào đến hạn hoặc hoàn thành.")
    lines.append(
        f"Lũy kế đến ngày {format_date(inputs.period.end)}: "
        + _counts_sentence(figures.cumulative, figures.cumulative_rate)
        + "."
    )
    if figures.carried_overdue:
        lines.append(f"Còn {figures.carried_overdue} lượt nhiệm vụ quá hạn từ các kỳ trước chưa hoàn thành.")
    groups: dict[str, list[TaskOutcome]] = {}
    for outcome in inputs.outcomes:
        if outcome.status is not None or outcome.summary:
            groups.setdefault(outcome.group, []).append(outcome)
    if groups:
        lines.append("2. Kết quả theo nhóm nhiệm vụ")
        for index, (group, outcomes) in enumerate(groups.items(), start=1):
            if group:
                lines.append(f"{index}) {short(group, 200)}")
            for outcome in outcomes[:BODY_TASKS_PER_GROUP]:
                status = f" ({outcome.status.label.lower()})" if outcome.status is not None else ""
                said = f": {shorten(outcome.summary, 600)}" if outcome.summary else ""
                lines.append(f"- {short(outcome.content)}{status}{said}")
            if len(outcomes) > BODY_TASKS_PER_GROUP:
                rest = len(outcomes) - BODY_TASKS_PER_GROUP
                lines.append(f"- Và {rest} nhiệm vụ khác (chi tiết tại phụ lục kết quả thực hiện nhiệm vụ).")
    lines += _target_lines(inputs.targets, 3 if groups else 2)
    return Section("results", "II. KẾT QUẢ THỰC HIỆN", "\n".join(lines))


def _target_lines(targets: Sequence[TargetRow], number: int) -> list[str]:
    """'3. Kết quả thực hiện chỉ tiêu', the verdicts counted, then each target's figure (the first
    BODY_TASKS_PER_GROUP; the annex lists them all)."""
    if not targets:
        return []
    verdicts = [row.verdict for row in targets]
    counted = ", ".join(f"{verdicts.count(word)} {word.lower()}" for word in dict.fromkeys(verdicts))
    lines = [f"{number}. Kết quả thực hiện chỉ tiêu", f"Kế hoạch có {len(targets)} chỉ tiêu: {counted}."]
    for row in targets[:BODY_TASKS_PER_GROUP]:
        figure = row.actual or "chưa có số liệu"
        before = f" (cùng kỳ năm trước {row.last_year})" if row.last_year else ""
        share = f", bằng {_percent(row.rate)} kế hoạch" if row.rate is not None else ""
        verdict = f"; {row.verdict.lower()}" if row.actual else ""
        lines.append(f"- {short(row.text)} (kế hoạch {row.target}): {figure}{before}{share}{verdict}.")
    if len(targets) > BODY_TASKS_PER_GROUP:
        lines.append(f"- Và {len(targets) - BODY_TASKS_PER_GROUP} chỉ tiêu khác (chi tiết tại phụ lục).")
    return lines


def assessment_section(inputs: ReportInputs) -> Section:
    figures = inputs.figures
    good, weak, causes = [], [], []
    in_period_done = _done(figures.in_period)
    if in_period_done:
        rate = _percent(figures.in_period_rate)
        good.append(
            f"Hoàn thành {in_period_done} lượt nhiệm vụ trong kỳ" + (f", đạt {rate}." if rate else ".")
        )
    full = [u.unit_name for u in figures.units if u.rate == 1.0]
    if full:
        good.append(
            "Các đơn vị hoàn thành đúng hạn hoặc hoàn thành toàn bộ nhiệm vụ: " + ", ".join(full) + "."
        )
    good += [f"{w.unit_name}: {short(w.highlights, 400)}." for w in inputs.unit_words if w.highlights]
    if figures.overdue:
        names = list(dict.fromkeys(r.item.unit_name for r in figures.overdue))
        weak.append(
            f"Còn {len(figures.overdue)} lượt nhiệm vụ quá hạn chưa hoàn thành, tại: {', '.join(names)}."
        )
    if figures.not_reported:
        weak.append("Các đơn vị chưa báo cáo kết quả trong kỳ: " + ", ".join(figures.not_reported) + ".")
    weak += [f"{w.unit_name}: {short(w.shortcomings, 400)}." for w in inputs.unit_words if w.shortcomings]
    causes += [
        f"{r.item.unit_name} (nhiệm vụ {r.item.task_path}): {short(r.item.difficulties, 300)}."
        for r in figures.overdue
        if r.item.difficulties
    ]
    lines = ["1. Ưu điểm", *(good or ["(Chưa có số liệu để nêu ưu điểm.)"]),
             "2. Tồn tại, hạn chế", *(weak or ["Không có nhiệm vụ quá hạn."])]  # fmt: skip
    if causes:
        lines += ["3. Nguyên nhân", *causes]
    return Section("assessment", "III. ĐÁNH GIÁ CHUNG", "\n".join(lines))


def next_section(inputs: ReportInputs) -> Section:
    lines = []
    late_tasks = list(dict.fromkeys((r.item.task_path, r.item.unit_name) for r in inputs.figures.overdue))
    if late_tasks:
        lines.append(f"Tập trung hoàn thành {len(late_tasks)} lượt nhiệm vụ đã quá hạn.")
    for item in inputs.due_next:
        units = f" ({', '.join(item.units)})" if item.units else ""
        lines.append(f"- {short(item.content)}: hạn {format_date(item.due_on)}{units}.")
    if not lines:
        lines.append("Tiếp tục thực hiện các nhiệm vụ thường xuyên theo kế hoạch.")
    return Section("next", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "\n".join(lines))


def proposals_section(inputs: ReportInputs) -> Section:
    said = [f"{w.unit_name}: {short(w.proposals, 400)}." for w in inputs.unit_words if w.proposals]
    said += [f"{unit}: {short(text, 400)}." for unit, text in dict.fromkeys(inputs.round_proposals) if text]
    return Section("proposals", "V. ĐỀ XUẤT, KIẾN NGHỊ", "\n".join(said))


def draft_sections(inputs: ReportInputs) -> list[Section]:
    """Every section of the report drafted from `inputs`, in the order a report prints them."""
    return [
        direction_section(inputs),
        results_section(inputs),
        assessment_section(inputs),
        next_section(inputs),
        proposals_section(inputs),
    ]


def closing_sentence(kind_name: str, period: Period, office_name: str) -> str:
    """'Trên đây là báo cáo kết quả thực hiện … quý II năm 2025 của Phòng Giáo dục và Đào tạo./.'"""
    whose = f" của {office_name.strip()}" if office_name.strip() else ""
    return f"Trên đây là {kind_name[:1].lower()}{kind_name[1:]} {period.label}{whose}./."


def opening_sentence(plans: Sequence[Plan], request: str, period: Period) -> str:
    """The sentence before section I: what asked for the report and what it covers."""
    basis = request.strip().rstrip(".;") or "; ".join(f"Thực hiện {citation(p)}" for p in plans)
    return f"{basis}, báo cáo kết quả thực hiện {period.label} như sau:"
