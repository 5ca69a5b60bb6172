"""«Ban hành kế hoạch»: a draft gets its number and date, the number suggested from the year's sequence.

The suggestion (storage.plans.suggest_number) follows the highest number our office has issued that
year; the clerk may type another (the register at the office is the authority). The date defaults to
today. Refusals (a number used that year, a plan already issued) are shown and nothing is saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget
from sqlite_utils import Database

from core.model import Plan
from core.vntext import shorten
from gui.dialogs.issuing import IssueDialog
from storage.office import get_office
from storage.plans import issue_plan, plan_label, suggest_number


class IssuePlanDialog(IssueDialog):
    def __init__(self, db: Database, plan: Plan, parent: QWidget | None = None, today: date | None = None):
        today = today or date.today()
        # A draft's reference ("/KH-PGDĐT") names nothing yet: its title does.
        name = f"«{shorten(plan.title, 90)}»" if plan.title.strip() else plan_label(plan)
        super().__init__(
            "Ban hành kế hoạch",
            f"Ban hành kế hoạch {name}: ghi số và ngày ký. Sau khi ban hành, kế hoạch"
            " chuyển sang trạng thái «Đã ban hành».",
            lambda number, issued_on: issue_plan(db, plan.id, number, issued_on),
            parent,
            today,
        )
        self.db = db
        self.plan = plan
        self.number_edit.setText(suggest_number(db, get_office(db).symbol, today.year))
        self.number_edit.setToolTip("Số kế tiếp trong sổ văn bản đi của năm; sửa nếu sổ ghi số khác")
        self.preview = QLabel()
        self.form.addRow("Sẽ in:", self.preview)
        self.number_edit.textChanged.connect(self._show_reference)
        self._show_reference()
        self.number_edit.selectAll()

    def _show_reference(self) -> None:
        symbol = self.plan.symbol or "KH"
        self.preview.setText(f"Số: {self.number_edit.text().strip() or '…'}/{symbol}")
