"""The report of a period (báo cáo kết quả thực hiện 9 tháng năm 2025) for a plan of 500 tasks and
2,000 assignments, to PDF and to .docx: a saved report re-printed from its snapshot (reading it
included), and the whole of `report progress --period` (drafting from the data included). The same
database as bench_reports.py. Target: under 2 s each for the re-printed report."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from bench.bench_reports import build_database
from bench.common import Result, median_seconds, under
from core.periods import parse_period
from core.reports import render_docx, render_pdf
from core.reports.data import ReportOptions
from storage.database import open_database

PERIOD = parse_period("2025-9M")


def save_draft(path: Path, plan_id: int) -> int:
    from storage.report_documents import draft_report, save_report

    db = open_database(path, create=False)
    try:
        return save_report(db, draft_report(db, "ket_qua", [plan_id], PERIOD)).id
    finally:
        db.close()


def reprint(path: Path, report_id: int, render) -> bytes:
    """What re-printing a kept report does: its own connection, the report, its rendering."""
    from storage.period_reports import period_report_data
    from storage.report_documents import get_report
    from storage.reports import report_margins

    db = open_database(path, create=False)
    try:
        data = period_report_data(db, get_report(db, report_id))
        options = ReportOptions(data.letterhead, report_margins(db))
    finally:
        db.close()
    return render(data, options)


def drafted(path: Path, plan_id: int, render) -> bytes:
    """What `report progress --period` does: draft the report from the data (not saved), render it."""
    from storage.period_reports import period_report_data
    from storage.report_documents import draft_report
    from storage.reports import report_margins

    db = open_database(path, create=False)
    try:
        data = period_report_data(db, draft_report(db, "ket_qua", [plan_id], PERIOD))
        options = ReportOptions(data.letterhead, report_margins(db))
    finally:
        db.close()
    return render(data, options)


def run() -> list[Result]:
    import docx
    import pypdfium2

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        plan_id = build_database(db_path)
        report_id = save_draft(db_path, plan_id)
        pdf = reprint(db_path, report_id, render_pdf)
        pages = len(pypdfium2.PdfDocument(pdf))
        word = reprint(db_path, report_id, render_docx)
        rows = sum(len(table.rows) - 1 for table in docx.Document(io.BytesIO(word)).tables[1:-1])
        results = []
        for name, render, note in (
            ("PDF", render_pdf, f"{pages} trang, {len(pdf) // 1024} KB"),
            (".docx", render_docx, f"{rows} dòng bảng, {len(word) // 1024} KB"),
        ):
            seconds = median_seconds(lambda r=render: reprint(db_path, report_id, r), repeat=3, warmup=1)
            results.append(
                under(f"Báo cáo kỳ in lại ra {name}, 500 nhiệm vụ / 2.000 phân công", seconds, 2.0,
                      note=f"{note}, gồm đọc báo cáo", unit="s")
            )  # fmt: skip
        for name, render in (("PDF", render_pdf), (".docx", render_docx)):
            seconds = median_seconds(lambda r=render: drafted(db_path, plan_id, r), repeat=3, warmup=1)
            results.append(
                under(f"report progress --period ra {name} (soạn từ dữ liệu và in)", seconds, 4.0,
                      note="gồm tính số liệu, soạn các phần, phụ lục", unit="s")
            )  # fmt: skip
        return results
