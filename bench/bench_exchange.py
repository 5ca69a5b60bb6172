"""Spreadsheet exchange with 10,000 assignment rows: export, then import of the returned template.

One plan with 100 tasks assigned to 100 units (10,000 rounds of work). Export: the collection
workbook for every unit (a sheet each) and the progress report. Import: read the returned workbook
(every row changed), match and check it, then write all 10,000 changes. Reading is timed with
python-calamine and with openpyxl's read-only mode on the same file, after checking both give the
same values; the application's "auto" reader uses calamine when it is installed. Target: each
direction under 3 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Result, median_seconds, under  # noqa: E402  (needs the path set above)

UNITS = 100
TASKS = 100
TARGET_SECONDS = 3.0
AS_OF = date(2025, 11, 20)


def _build(db_path: Path) -> int:
    from core.model import Plan, Role, Task, TaskKind, Unit
    from storage.assignments import set_assignments
    from storage.database import open_database
    from storage.plans import save_plan
    from storage.tasks import save_task
    from storage.units import save_unit

    db = open_database(db_path)
    units = [
        save_unit(db, Unit(f"Trường Tiểu học số {index} xã Sùng Phài")).id for index in range(1, UNITS + 1)
    ]
    plan = save_plan(
        db,
        Plan(
            "Chuyển đổi số ngành giáo dục",
            number="367",
            symbol="KH-UBND",
            issued_on=date(2025, 1, 5),
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )
    section = save_task(db, Task(plan.id, "NHIỆM VỤ VÀ GIẢI PHÁP", ordinal="II.", kind=TaskKind.SECTION))
    for index in range(1, TASKS + 1):
        task = save_task(
            db,
            Task(
                plan.id,
                f"Nhiệm vụ số {index}: rà soát, cập nhật cơ sở dữ liệu ngành, triển khai học bạ số và hồ sơ"
                " điện tử tại các cơ sở giáo dục; báo cáo kết quả về Phòng Giáo dục và Đào tạo",
                ordinal=f"{index}.",
                parent_id=section.id,
                timeframe_text="Năm 2025",
            ),
        )
        set_assignments(db, task.id, [(unit_id, Role.LEAD, None) for unit_id in units])
    db.close()
    return plan.id


def _fill(template: Path, filled: Path) -> None:
    """Every row reported done, the way a school would type it (text dates, results)."""
    from openpyxl import load_workbook

    from core.exchange.template import GUIDE_SHEET, REPORT_SHEET, TARGET_SHEET

    workbook = load_workbook(template)
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" or sheet.title in (GUIDE_SHEET, TARGET_SHEET, REPORT_SHEET):
            continue
        for row in range(7, sheet.max_row + 1):
            sheet.cell(row=row, column=6, value="Hoàn thành")
            sheet.cell(row=row, column=7, value=100)
            sheet.cell(row=row, column=8, value=f"{row % 28 + 1:02d}/10/2025")
            sheet.cell(row=row, column=9, value=f"Đã hoàn thành, báo cáo số {row}/BC-TH")
    workbook.save(filled)


def run() -> list[Result]:
    from core.exchange.progress import write_progress
    from core.exchange.reader import calamine_available, read_values
    from core.exchange.template import write_template
    from storage import exchange
    from storage.database import open_database
    from storage.plans import get_plan

    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        plan_id = _build(work / "data.sqlite3")
        db = open_database(work / "data.sqlite3")
        plan = get_plan(db, plan_id)

        def export_template() -> int:
            units = exchange.template_units(db, plan_id, None, AS_OF)
            write_template(plan, units, work / "template.xlsx", as_of=AS_OF)
            return sum(len(unit.rows) for unit in units)

        rows = export_template()
        seconds = median_seconds(export_template, repeat=3)
        results.append(
            under(
                f"export collection workbook, {rows:,} rows in {UNITS} sheets".replace(",", "."),
                seconds,
                TARGET_SECONDS,
                unit="s",
            )
        )
        seconds = median_seconds(
            lambda: write_progress(exchange.progress_report(db, plan_id, AS_OF), work / "progress.xlsx"),
            repeat=3,
        )
        results.append(
            under("export progress report workbook (10.000 task rows)", seconds, TARGET_SECONDS, unit="s")
        )

        _fill(work / "template.xlsx", work / "filled.xlsx")
        engines = ["openpyxl", *(["calamine"] if calamine_available() else [])]
        values = {engine: read_values(work / "filled.xlsx", engine) for engine in engines}
        same = len({repr(item) for item in values.values()}) == 1
        for engine in engines:
            seconds = median_seconds(lambda e=engine: read_values(work / "filled.xlsx", e), repeat=3)
            note = "same values as openpyxl" if engine == "calamine" and same else ""
            if engine == "calamine" and not same:
                note = "VALUES DIFFER from openpyxl"
            results.append(
                Result(f"read returned workbook with {engine}", round(seconds * 1000, 1), "ms", note=note)
            )
        if not same:
            results.append(Result("readers agree", 0, "", "same values", False))

        def preview():
            return exchange.preview_file(db, work / "filled.xlsx")

        preview_seconds = median_seconds(preview, repeat=3)
        checked = preview()
        assert len(checked.changes) == rows and not checked.problems, "benchmark file must import cleanly"
        results.append(
            under(
                "import preview: read, match, check 10.000 rows (auto reader)",
                preview_seconds,
                TARGET_SECONDS,
                unit="s",
            )
        )
        start = time.perf_counter()
        written = exchange.apply_file(db, checked)
        apply_seconds = time.perf_counter() - start
        assert written == rows
        results.append(
            under(
                "import apply: write 10.000 changes in one transaction",
                apply_seconds,
                TARGET_SECONDS,
                unit="s",
            )
        )
        results.append(
            under("import total (preview + apply)", preview_seconds + apply_seconds, TARGET_SECONDS, unit="s")
        )
        start = time.perf_counter()
        again = preview()
        results.append(
            under(
                "re-import of the same file (no change found)",
                time.perf_counter() - start,
                TARGET_SECONDS,
                note=f"{len(again.changes)} changes",
                unit="s",
            )
        )
        db.close()
    return results


if __name__ == "__main__":
    for result in run():
        print(f"{result.name}: {result.value} {result.unit} {result.target} {result.met}")
