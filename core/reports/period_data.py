"""What the printed report of a period is made of, and the words and cells both its outputs print.

`PeriodReportData` holds plain values only: the report document as saved (its edited text, number,
date, signer and Nơi nhận), the figures and the task annex frozen in its snapshot, the citations of
the plans it reports on, and the letterhead to print. `storage.period_reports.period_report_data`
builds it from a report; nothing here reads today's data, so a saved report re-prints as it was.

The functions below give the PDF (`core.reports.period`) and the Word file
(`core.reports.docx.period`) the same content: which annexes print and their numbers, each table's
cells as text, how a section's lines are set, the sentences the body adds, the charts' figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.period_report import AnnexTaskRow, PeriodFigures, ReportStatus, UnitFigures
from core.report_document import ReportDocument
from core.reports.data import DocumentId, Letterhead
from core.reports.phrases import NUMBER_BLANK, date_text, padded_number, symbol_for
from core.vntext import clean, format_date, format_number, search_key

if TYPE_CHECKING:  # core.period_targets reads core.reports, which reads this module
    from core.period_targets import TargetRow

TASKS, UNITS, OVERDUE, TARGETS = "tasks", "units", "overdue", "targets"
ANNEX_TITLES = {
    TASKS: "Kết quả thực hiện nhiệm vụ",
    UNITS: "Kết quả thực hiện theo đơn vị",
    OVERDUE: "Danh sách nhiệm vụ quá hạn",
    TARGETS: "Kết quả thực hiện chỉ tiêu",
}
_ROMAN = ("I", "II", "III", "IV")
TOTAL_LABEL = "Tổng cộng"
NO_RATE = "–"  # a unit with nothing due or done yet has no completion rate

# How a line of a section's text is set: "1. Kết quả chung" bold, "1) Nhóm …" italic, "- …" a bullet.
HEADING, SUBHEADING, BULLET, TEXT = "heading", "subheading", "bullet", "text"
_HEADING = re.compile(r"^\d+\.\s")
_SUBHEADING = re.compile(r"^(?:\d+|[a-zđ])\)\s")

# The status split chart, in the order a reader reads it: done first, overdue last.
STATUS_ORDER = (
    ReportStatus.DONE_ON_TIME, ReportStatus.DONE_LATE, ReportStatus.IN_PROGRESS, ReportStatus.NO_DEADLINE,
    ReportStatus.PAUSED, ReportStatus.OVERDUE,
)  # fmt: skip
STATUS_NAMES = {
    ReportStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
    ReportStatus.DONE_LATE: "Hoàn thành quá hạn",
    ReportStatus.IN_PROGRESS: "Đang thực hiện trong hạn",
    ReportStatus.NO_DEADLINE: "Thường xuyên",
    ReportStatus.PAUSED: "Tạm dừng",
    ReportStatus.OVERDUE: "Quá hạn",
}


@dataclass(frozen=True, slots=True)
class PeriodReportData:
    report: ReportDocument
    figures: PeriodFigures  # frozen in report.snapshot
    tasks: tuple[AnnexTaskRow, ...] = ()  # Phụ lục I, frozen in report.snapshot
    targets: tuple[TargetRow, ...] = ()  # the targets annex, frozen in report.snapshot
    full_task_text: bool = False  # Phụ lục I prints whole task texts, not short titles
    plan_citations: tuple[str, ...] = ()  # "Kế hoạch số 25/KH-SGDĐT ngày … về …"
    letterhead: Letterhead = field(default_factory=Letterhead)  # with the report's signer and recipients

    @property
    def title(self) -> str:
        """The trích yếu: the report's own, else its kind and period."""
        return clean(self.report.title) or f"{self.report.kind_name} {self.report.period.label}"


@dataclass(frozen=True, slots=True)
class Cells:
    """A table row as text; `bold` for a section row and the total."""

    cells: tuple[str, ...]
    bold: bool = False


def document_id(data: PeriodReportData) -> DocumentId:
    """The report's number and date when issued; blanks with the period's closing year for a draft."""
    report = data.report
    return DocumentId(number=report.number or "", issued_on=report.issued_on, year=report.period.end.year)


def report_symbol(data: PeriodReportData) -> str:
    return symbol_for("BC", data.letterhead.abbreviation)


def annex_labels(data: PeriodReportData) -> dict[str, str]:
    """The annexes that have rows, in order, with their labels: "Phụ lục I" … or "Phụ lục" alone."""
    present = [
        key
        for key, rows in (
            (TASKS, data.tasks), (UNITS, data.figures.units), (OVERDUE, data.figures.overdue),
            (TARGETS, data.targets),
        )  # fmt: skip
        if rows
    ]
    if len(present) == 1:
        return {present[0]: "Phụ lục"}
    return {key: f"Phụ lục {_ROMAN[index]}" for index, key in enumerate(present)}


def annex_note(data: PeriodReportData) -> str:
    """'(Kèm theo Báo cáo số 05/BC-PGDĐT ngày 20 tháng 6 năm 2025 của Phòng …)'."""
    document = document_id(data)
    number = padded_number(document.number) or NUMBER_BLANK
    issuer = clean(data.letterhead.issuing_body)
    of_issuer = f" của {issuer}" if issuer else ""
    return f"(Kèm theo Báo cáo số {number}/{report_symbol(data)} {date_text(document)}{of_issuer})"


def addressee_lines(addressees: Sequence[str]) -> list[str]:
    """'Kính gửi' items: one prints after the label with a full stop; several, '- …;' each, the last '.'."""
    items = [text for text in (clean(a).lstrip("-–+• ").rstrip(" ;.,") for a in addressees) if text]
    if len(items) == 1:
        return [f"{items[0]}."]
    return [f"- {item}{'.' if index == len(items) - 1 else ';'}" for index, item in enumerate(items)]


def section_lines(text: str) -> list[tuple[str, str]]:
    """The lines of a section's text with how each is set (HEADING, SUBHEADING, BULLET, TEXT)."""
    lines = []
    for line in (clean(raw) for raw in text.split("\n")):
        if not line:
            continue
        if line.startswith("- "):
            lines.append((BULLET, line))
        elif _HEADING.match(line):
            lines.append((HEADING, line))
        elif _SUBHEADING.match(line):
            lines.append((SUBHEADING, line))
        else:
            lines.append((TEXT, line))
    return lines


def results_index(data: PeriodReportData) -> int:
    """The section after which the annex references and the charts print: the results, else the last."""
    keys = [section.key for section in data.report.sections]
    return keys.index("results") if "results" in keys else len(keys) - 1


def annex_reference(data: PeriodReportData, labels: dict[str, str]) -> str:
    """'Chi tiết kết quả thực hiện từng nhiệm vụ tại Phụ lục I, … kèm theo.'; '' without annexes."""
    what = {
        TASKS: "kết quả thực hiện từng nhiệm vụ",
        UNITS: "kết quả theo đơn vị",
        OVERDUE: "danh sách nhiệm vụ quá hạn",
        TARGETS: "kết quả thực hiện chỉ tiêu",
    }
    parts = [f"{what[key]} tại {label}" for key, label in labels.items()]
    return f"Chi tiết {', '.join(parts)} kèm theo." if parts else ""


def not_reported_sentence(data: PeriodReportData) -> str:
    """The units that have not reported, unless the report's text already names them all.

    The drafted assessment names them; a report reader needs them once, not twice.
    """
    names = data.figures.not_reported
    if not names:
        return ""
    text = search_key(" ".join(s.text for s in data.report.sections))
    if "chua bao cao" in text and all(search_key(name) in text for name in names):
        return ""
    return f"Đơn vị chưa báo cáo kết quả trong kỳ ({len(names):02d} đơn vị): {', '.join(names)}."


def rate_text(rate: float | None) -> str:
    """A completion rate in a column headed (%): 0.5 → "50", None → "–"."""
    return NO_RATE if rate is None else format_number(rate * 100)


def task_rows(data: PeriodReportData) -> list[Cells]:
    """Phụ lục I: TT, task, leads, coordinators, progress, result, evidence, completed on, status."""
    rows = []
    for row in data.tasks:
        if row.is_section:
            rows.append(Cells((row.path, row.content, "", "", "", "", "", "", ""), bold=True))
            continue
        text = row.content if data.full_task_text else row.short_text()
        rows.append(
            Cells(
                (
                    row.path, text, "\n".join(row.lead_units), "\n".join(row.support_units),
                    "" if row.progress is None else str(row.progress), row.result, row.evidence,
                    format_date(row.completed_on) if row.completed_on else "",
                    row.status.label if row.status is not None else "",
                )
            )
        )  # fmt: skip
    return rows


def unit_rows(data: PeriodReportData) -> list[Cells]:
    """Phụ lục II: one row per unit, then the total (its rate from the summed counts).

    The columns add up to "Được giao": work without a deadline (thường xuyên) has its own.
    """
    totals: dict[ReportStatus, int] = dict.fromkeys(ReportStatus, 0)
    rows = []
    for index, unit in enumerate(data.figures.units, 1):
        for status, count in unit.counts.items():
            totals[status] += count
        rows.append(Cells((str(index), *_unit_cells(unit))))
    if rows:
        rows.append(Cells(("", *_unit_cells(UnitFigures(TOTAL_LABEL, totals))), bold=True))
    return rows


def _unit_cells(unit: UnitFigures) -> tuple[str, ...]:
    counts = unit.counts
    numbers = (
        unit.assigned, counts.get(ReportStatus.DONE_ON_TIME, 0), counts.get(ReportStatus.DONE_LATE, 0),
        unit.in_progress, counts.get(ReportStatus.NO_DEADLINE, 0), counts.get(ReportStatus.OVERDUE, 0),
        counts.get(ReportStatus.PAUSED, 0),
    )  # fmt: skip
    return (unit.unit_name, *(str(n) for n in numbers), rate_text(unit.rate))


def overdue_rows(data: PeriodReportData) -> list[Cells]:
    """Phụ lục III: TT, task, unit, deadline, days late, the reason the unit gave, what it proposes."""
    contents: dict[str, set[str]] = {}
    for row in data.tasks:
        if not row.is_section:
            contents.setdefault(row.path, set()).add(row.content)
    rows = []
    for index, late in enumerate(data.figures.overdue, 1):
        item = late.item
        known = contents.get(item.task_path, set())
        # Two plans may both have a task "1": the text is printed only when the path names one task.
        task = f"{item.task_path}. {next(iter(known))}" if len(known) == 1 else item.task_path
        rows.append(
            Cells(
                (
                    str(index), task, item.unit_name, format_date(item.due_on) if item.due_on else "",
                    str(late.days_late), item.difficulties, item.proposals,
                )
            )
        )  # fmt: skip
    return rows


def status_split(data: PeriodReportData) -> list[tuple[str, int]]:
    """The period's work by status (chart 2): (name, count) of each status with any."""
    counts = data.figures.in_period
    merged = dict(counts)
    merged[ReportStatus.IN_PROGRESS] = counts.get(ReportStatus.IN_PROGRESS, 0) + counts.get(
        ReportStatus.DUE_SOON, 0
    )
    merged[ReportStatus.OVERDUE] = counts.get(ReportStatus.OVERDUE, 0) + data.figures.carried_overdue
    return [(STATUS_NAMES[s], merged.get(s, 0)) for s in STATUS_ORDER if merged.get(s, 0)]


def unit_rates(data: PeriodReportData) -> list[tuple[str, float]]:
    """Completion rate by unit (chart 1), units without a rate left out, in the annex's order."""
    return [(unit.unit_name, unit.rate) for unit in data.figures.units if unit.rate is not None]


def target_cells(data: PeriodReportData) -> list[Cells]:
    """The targets annex: TT, target, unit of measure, plan, deadline, figure reached by the period,
    the same period a year before, the share of the plan (%), the verdict."""
    return [
        Cells(
            (
                str(index), row.text, row.measure, row.target, row.deadline, row.actual, row.last_year,
                rate_text(row.rate) if row.rate is not None else "", row.verdict,
            )
        )  # fmt: skip
        for index, row in enumerate(data.targets, 1)
    ]
