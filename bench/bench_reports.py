"""PDF reports: a progress report (Báo cáo kết quả thực hiện) for a plan of 500 tasks and 2,000
assignments, against the route a clerk uses today — the same content typed into a .docx and turned
into PDF by LibreOffice headless — measured in the same run. Target: under 2 s, and at least 5× faster
than LibreOffice. Where `soffice` is not installed the comparison is reported as skipped."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import Result, median_seconds, under
from core.model import Plan, Role, Task, TaskKind, Unit, WorkState
from core.reports import render_pdf
from core.reports.data import ReportOptions, ReportRequest
from core.reports.phrases import due_text, status_text
from core.reports.progress import rate_text
from core.status import DeadlineStatus
from storage.database import open_database, transaction
from storage.settings import set_settings

TASKS = 500
SECTIONS = 10
ASSIGNMENTS = 2000
AS_OF = date(2025, 9, 15)
CONTENT = (
    "Tiếp tục rà soát, sắp xếp mạng lưới trường, lớp gắn với quy hoạch tỉnh; huy động học sinh lớp 3, 4, 5 ở "
    "các điểm trường lẻ về học tại điểm trường trung tâm, bảo đảm tiêu chuẩn cơ sở vật chất các trường mầm "
    "non, phổ thông (nhiệm vụ số {n})."
)
TIMEFRAMES = ("Năm 2025", "Trước 30/6/2025", "Thường xuyên", "Quý III/2025", "Trước 30/9/2025")


def build_database(path: Path) -> int:
    """A plan of 500 tasks (10 sections) with 2,000 assignments to 40 units, a third with progress."""
    from storage.assignments import list_assignments, list_occurrences, record_progress, set_assignments
    from storage.plans import save_plan
    from storage.tasks import save_task
    from storage.units import save_unit

    db = open_database(path)
    with transaction(db):
        set_settings(
            db,
            {
                "office.parent_body": "UBND thành phố Lai Châu",
                "office.issuing_body": "Phòng Giáo dục và Đào tạo",
                "office.place": "Thành phố Lai Châu",
                "office.abbreviation": "PGDĐT",
                "signer.title": "Trưởng phòng",
                "signer.name": "Lò Thị Mai",
                "recipients": ["UBND thành phố (b/c)", "Lưu: VT, PGDĐT"],
            },
        )
        units = [save_unit(db, Unit(name=f"Trường Tiểu học số {i} phường Tân Phong")) for i in range(1, 41)]
        plan = save_plan(
            db,
            Plan(
                title="Triển khai nhiệm vụ năm học 2025-2026",
                number="5",
                symbol="KH-PGDĐT",
                issuer="Phòng Giáo dục và Đào tạo",
                place="Thành phố Lai Châu",
                issued_on=date(2025, 1, 5),
                period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31),
            ),
        )
        per_section = (TASKS - SECTIONS) // SECTIONS
        made = 0
        n = 0
        for s in range(SECTIONS):
            section = save_task(
                db, Task(plan.id, f"Nhóm nhiệm vụ {s + 1}", ordinal=_roman(s + 1), kind=TaskKind.SECTION)
            )
            for t in range(per_section):
                n += 1
                task = save_task(
                    db,
                    Task(
                        plan.id,
                        CONTENT.format(n=n),
                        ordinal=str(t + 1),
                        parent_id=section.id,
                        timeframe_text=TIMEFRAMES[n % len(TIMEFRAMES)],
                    ),
                )
                count = 4 + (1 if n <= ASSIGNMENTS - 4 * (TASKS - SECTIONS) else 0)
                chosen = [units[(n * 7 + k) % len(units)] for k in range(count)]
                items = [(u.id, Role.LEAD if k < 2 else Role.SUPPORT, None) for k, u in enumerate(chosen)]
                set_assignments(db, task.id, items)
                made += count
                if n % 3 == 0:
                    for row in list_assignments(db, task.id)[:1]:
                        occurrence = list_occurrences(db, row.assignment.id)[0]
                        done = n % 2 == 0
                        record_progress(
                            db, occurrence.id, WorkState.DONE if done else WorkState.IN_PROGRESS,
                            100 if done else 50, date(2025, 3, 1) if done else None,
                            "Đã triển khai tới các trường, tổ chức kiểm tra và báo cáo kết quả về Phòng.",
                        )  # fmt: skip
    assert made == ASSIGNMENTS, made
    db.close()
    return plan.id


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][number - 1]


def our_report(path: Path, plan_id: int, render=render_pdf) -> bytes:
    """What the GUI job does: its own connection, the data, the PDF (or with `render_docx` the .docx)."""
    from storage.reports import default_letterhead, gather, report_margins

    db = open_database(path, create=False)
    try:
        request = ReportRequest("progress", AS_OF, plan_id)
        data = gather(db, request)
        options = ReportOptions(default_letterhead(db, request), report_margins(db))
    finally:
        db.close()
    return render(data, options)


def write_docx(path: Path, db_path: Path, plan_id: int) -> None:
    """The same report as a clerk would type it in Word: text, task table, target table."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    from storage.reports import progress_report_data

    db = open_database(db_path, create=False)
    try:
        data = progress_report_data(db, plan_id, AS_OF, 7)
    finally:
        db.close()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND THÀNH PHỐ LAI CHÂU\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số:     /BC-PGDĐT"
    header.cell(1, 1).text = "Thành phố Lai Châu, ngày     tháng     năm 2025"
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả thực hiện Kế hoạch số 05/KH-PGDĐT ngày 05 tháng 01 năm 2025")
    counts = data.counts
    document.add_paragraph("; ".join(f"{status.label}: {counts[status]}" for status in DeadlineStatus) + ".")
    document.add_paragraph("Nơi nhận:\n- UBND thành phố (b/c);\n- Lưu: VT, PGDĐT.")
    document.add_paragraph("TRƯỞNG PHÒNG\n\n\n\nLò Thị Mai")
    annex = document.add_section()
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Mm(297), Mm(210)
    document.add_paragraph("Phụ lục I\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    headings = ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Kết quả", "Tình trạng")
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
    for item in data.items:
        cells = table.add_row().cells
        for cell, text in zip(
            cells,
            (item.task_path, item.content, item.unit_name, due_text(item), item.result, status_text(item)),
            strict=True,
        ):
            cell.text = text
    targets = document.add_table(rows=1, cols=5)
    for line in data.indicators:
        cells = targets.add_row().cells
        texts = (line.text, line.target, line.actual, rate_text(line.rate), "")
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    document.save(path)


def libreoffice_seconds(docx: Path, workdir: Path, repeat: int = 2) -> tuple[float, int]:
    """Median seconds of `soffice --headless --convert-to pdf` (a fresh process each time, as a clerk
    runs it), after one untimed run that creates the LibreOffice profile; and the PDF's page count."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    profile = (workdir / "lo-profile").as_uri()
    command = [
        soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
        "--convert-to", "pdf", "--outdir", str(workdir / "lo"), str(docx),
    ]  # fmt: skip

    def convert() -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=600)

    seconds = median_seconds(convert, repeat=repeat, warmup=1)
    from pypdf import PdfReader

    return seconds, len(PdfReader(workdir / "lo" / f"{docx.stem}.pdf").pages)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        db_path = workdir / "bench.sqlite3"
        start = time.perf_counter()
        plan_id = build_database(db_path)
        build_seconds = time.perf_counter() - start
        pdf = our_report(db_path, plan_id)
        from pypdf import PdfReader

        (workdir / "ours.pdf").write_bytes(pdf)
        pages = len(PdfReader(workdir / "ours.pdf").pages)
        ours = median_seconds(lambda: our_report(db_path, plan_id), repeat=3, warmup=1)
        results = [
            under(
                "Báo cáo tiến độ, 500 nhiệm vụ / 2.000 phân công (của chương trình)",
                ours,
                2.0,
                note=f"{pages} trang, gồm đọc dữ liệu; dựng CSDL thử mất {build_seconds:.0f} s, không tính",
                unit="s",
            )
        ]
        if shutil.which("soffice") is None:
            results.append(
                Result(
                    "Cùng nội dung qua LibreOffice headless (.docx → PDF)",
                    0.0,
                    "s",
                    "",
                    None,
                    "bỏ qua: máy này không có soffice",
                )
            )
            return results
        docx = workdir / "baocao.docx"
        write_docx(docx, db_path, plan_id)
        libreoffice, lo_pages = libreoffice_seconds(docx, workdir)
        ratio = libreoffice / ours
        results += [
            Result(
                "Cùng nội dung qua LibreOffice headless (.docx → PDF)",
                round(libreoffice, 2),
                "s",
                "",
                None,
                f"{lo_pages} trang; soffice khởi động mỗi lần như văn thư dùng",
            ),
            Result("Nhanh hơn LibreOffice", round(ratio, 1), "×", "≥ 5×", ratio >= 5),
        ]
        return results
