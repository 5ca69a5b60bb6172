"""What a report of a period prints, read from the report as saved (core.reports.period_data).

The figures and the task annex come from the report's snapshot only, never from today's data, so
a report re-prints the same after more progress is recorded. The letterhead is the office's (a
unit's own report is issued by the unit, under our office); the signer and Nơi nhận are the
report's own, as it was edited.
"""

from __future__ import annotations

from sqlite_utils import Database

from core.chain.derive import citation
from core.period_targets import targets_from_snapshot
from core.report_document import (
    FULL_TASK_TEXT,
    ReportDocument,
    annex_from_snapshot,
    figures_from_snapshot,
    printing_option,
)
from core.reports.data import Letterhead, Signer
from core.reports.period_data import PeriodReportData
from storage.database import StorageError
from storage.office import get_office
from storage.plans import get_plan
from storage.units import get_unit


def report_letterhead(db: Database, report: ReportDocument) -> Letterhead:
    """The issuing body of the report with the report's signer and recipients."""
    office = get_office(db)
    signer = Signer(report.signer_authority, report.signer_title, report.signer_name)
    if report.unit_id is None:
        return Letterhead(office.parent_body, office.name, office.place, office.symbol, signer,
                          report.recipients)  # fmt: skip
    unit = get_unit(db, report.unit_id)
    # A school reporting up issues it itself; the body above it in the header is our office.
    return Letterhead(office.name, unit.name, office.place, unit.short_name, signer, report.recipients)


def period_report_data(db: Database, report: ReportDocument) -> PeriodReportData:
    """The report as it prints, from its snapshot (StorageError when the snapshot cannot be read)."""
    try:
        figures = figures_from_snapshot(report.snapshot)
        tasks = tuple(annex_from_snapshot(report.snapshot))
        targets = tuple(targets_from_snapshot(report.snapshot))
    except (ValueError, KeyError, TypeError) as error:
        label = report.period.label
        raise StorageError(f"Không đọc được số liệu lưu kèm báo cáo {label}: {error}") from error
    citations = []
    for plan_id in report.plan_ids:
        try:
            citations.append(citation(get_plan(db, plan_id)))
        except StorageError:
            continue  # a plan deleted since: the report prints its own title, the file loses a subject
    return PeriodReportData(
        report=report, figures=figures, tasks=tasks, targets=targets, plan_citations=tuple(citations),
        full_task_text=printing_option(report.snapshot, FULL_TASK_TEXT),
        letterhead=report_letterhead(db, report),
    )  # fmt: skip
