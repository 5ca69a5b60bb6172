"""The long work of the screen as jobs for `gui.operations.run_with_progress`: each opens a connection
of its own (SQLite connections belong to the thread that opened them) and touches no widget.

A report is rendered from the document as the editor holds it, so the preview shows unsaved edits;
its figures and annexes are always the ones frozen in its snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.paths import atomic_write_bytes
from core.report_document import ReportDocument
from core.report_sections import Section
from gui.workers import Progress

Job = Callable[[Progress], Any]


def _reading(progress: Progress, db_path: Path, report: ReportDocument):
    from core.reports.data import ReportOptions
    from storage.database import open_database
    from storage.period_reports import period_report_data
    from storage.reports import report_margins

    progress.report(0, 0, "Đang đọc báo cáo…")
    db = open_database(db_path, create=False)
    try:
        data, options = period_report_data(db, report), ReportOptions(margins=report_margins(db))
    finally:
        db.close()
    progress.check()
    return data, options


def pdf_job(db_path: Path, report: ReportDocument) -> Job:
    """The report's PDF bytes."""
    from core.reports import render_pdf

    def job(progress: Progress) -> bytes:
        data, options = _reading(progress, db_path, report)

        def page_done(number: int) -> None:
            progress.check()
            progress.report(0, 0, f"Đang dàn trang {number}…")

        return render_pdf(data, options, page_done)

    return job


def docx_job(db_path: Path, report: ReportDocument, path: str) -> Job:
    """The report written to `path` as a .docx; the job's result is the path."""
    from core.reports import render_docx

    def job(progress: Progress) -> str:
        data, options = _reading(progress, db_path, report)
        progress.report(0, 0, "Đang ghi tệp Word…")
        atomic_write_bytes(path, render_docx(data, options))  # a full disk leaves no partial .docx
        return path

    return job


def refresh_job(db_path: Path, report_id: int) -> Job:
    """The draft with its figures recounted from today's data (its text kept), as saved."""
    from storage.database import open_database
    from storage.report_documents import refresh_report
    from storage.reports import warn_days

    def job(progress: Progress) -> ReportDocument:
        progress.report(0, 0, "Đang tính lại số liệu…")
        db = open_database(db_path, create=False)
        try:
            return refresh_report(db, report_id, warn_days(db))
        finally:
            db.close()

    return job


def redraft_job(db_path: Path, report: ReportDocument, key: str) -> Job:
    """One section drafted anew from today's data for the report's plans, period and unit."""
    from core.report_sections import draft_sections
    from storage.database import open_database
    from storage.report_inputs import report_inputs
    from storage.reports import warn_days

    def job(progress: Progress) -> Section:
        progress.report(0, 0, "Đang viết lại từ số liệu…")
        db = open_database(db_path, create=False)
        try:
            inputs = report_inputs(db, report.plan_ids, report.period, unit_id=report.unit_id,
                                   warn_days=warn_days(db))  # fmt: skip
        finally:
            db.close()
        progress.check()
        drafted = next((s for s in draft_sections(inputs) if s.key == key), None)
        if drafted is None:
            raise UserError(f"Không có phần «{key}» để viết lại từ số liệu")
        return drafted

    return job
