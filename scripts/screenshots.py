"""Render the main screens with the demonstration data to docs/screenshots/*.png (offscreen).

    .venv/bin/python scripts/screenshots.py

The README shows these pictures; re-run after changing a screen and look at the result.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = REPO / "docs" / "screenshots"
SCREENS = ("overview", "plans", "tasks", "deadlines", "units", "indicators", "reports", "period_reports")


def main() -> int:
    from PySide6.QtCore import QDate, QSettings
    from PySide6.QtWidgets import QApplication

    from gui.app import make_application
    from gui.context import AppContext
    from gui.main_window import MainWindow
    from gui.workers import SynchronousRunner
    from storage.database import open_database
    from storage.demo import load_demo_data

    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "kehoach.sqlite3"
        load_demo_data(db_path)
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        context = AppContext(open_database(db_path), db_path, settings, SynchronousRunner())
        window = MainWindow(context)
        window.resize(1280, 800)
        window.show()
        plans = window.screens["plans"]
        plans.refresh()
        # The Lai Châu annex: the richest task tree of the samples.
        for row in range(plans.model.rowCount()):
            if "740/KH-BCSD" in plans.model.plan_at(row).title:
                context.select_plan(plans.model.plan_at(row).id)
                break
        # The samples' deadlines fall in 2024-2025: show them as a clerk saw them then.
        window.screens["deadlines"].as_of_edit.setDate(QDate(2025, 10, 15))
        window.screens["overview"].as_of_edit.setDate(QDate(2025, 10, 15))
        window.screens["reports"].generate()  # the plan with its annex, previewed in the screen
        # A quarter's report on that plan, drafted from the data and previewed.
        from core.periods import parse_period
        from storage.report_documents import draft_report, save_report

        quarter = parse_period("2025-Q3")
        drafted = draft_report(context.db, "ket_qua", [context.current_plan_id], quarter)
        kept = save_report(context.db, drafted)
        window.screens["period_reports"].reload(select_id=kept.id)
        window.screens["period_reports"].show_preview()
        OUT.mkdir(parents=True, exist_ok=True)
        for key in SCREENS:
            window.show_screen(key)
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(OUT / f"{key}.png"))
            print(OUT / f"{key}.png")
        window.close()
        context.db.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
