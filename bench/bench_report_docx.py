"""Word reports: the progress report (Báo cáo kết quả thực hiện) of a plan of 500 tasks and 2,000
assignments written as a .docx in the official layout, reading the data included (the same database
as bench_reports.py, which times the PDF). Target: under 2 s."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from bench.bench_reports import build_database, our_report
from bench.common import Result, median_seconds, under
from core.reports import render_docx


def our_docx(path: Path, plan_id: int) -> bytes:
    """What a "save as .docx" does: its own connection, the data, the Word file."""
    return our_report(path, plan_id, render_docx)


def run() -> list[Result]:
    import docx

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        plan_id = build_database(db_path)
        content = our_docx(db_path, plan_id)
        document = docx.Document(io.BytesIO(content))
        rows = sum(len(table.rows) - 1 for table in document.tables[1:-1])
        seconds = median_seconds(lambda: our_docx(db_path, plan_id), repeat=3, warmup=1)
        return [
            under(
                "Báo cáo tiến độ ra .docx, 500 nhiệm vụ / 2.000 phân công",
                seconds,
                2.0,
                note=f"{rows} dòng phụ lục, {len(content) // 1024} KB, gồm đọc dữ liệu",
                unit="s",
            )
        ]
