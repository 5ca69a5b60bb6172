"""Table model of plans: one row per Plan, columns as the plan list shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core import vntext
from core.model import DOC_TYPES, Plan
from gui.models.base import RowTableModel
from gui.models.sorting import SORT_ROLE

COL_NUMBER, COL_TYPE, COL_DATE, COL_TITLE, COL_ISSUER, COL_STATUS = range(6)
HEADERS = ("Số, ký hiệu", "Loại", "Ngày ban hành", "Trích yếu", "Cơ quan ban hành", "Trạng thái")
PLAN_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def plan_date_text(plan: Plan) -> str:
    if plan.issued_on:
        return vntext.format_date(plan.issued_on)
    if plan.issued_month and plan.issued_year:
        return f"…/{plan.issued_month:02d}/{plan.issued_year}"
    return str(plan.issued_year) if plan.issued_year else ""


def plan_sort_date(plan: Plan) -> str:
    if plan.issued_on:
        return plan.issued_on.isoformat()
    return f"{plan.issued_year or 0:04d}-{plan.issued_month or 0:02d}-00"


class PlanTableModel(RowTableModel[Plan]):
    HEADERS = HEADERS

    def set_plans(self, plans: list[Plan]) -> None:
        self.set_rows(plans)

    def plan_at(self, row: int) -> Plan:
        return self._rows[row]

    def row_of(self, plan_id: int) -> int | None:
        return next((i for i, plan in enumerate(self._rows) if plan.id == plan_id), None)

    def cell(self, plan: Plan, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(plan, column)
        if role == SORT_ROLE:
            if column == COL_DATE:
                return plan_sort_date(plan)
            if column == COL_NUMBER:
                # numeric part first so 5 sorts before 12
                digits = "".join(ch for ch in (plan.number or "") if ch.isdigit())
                return f"{plan.year or 0:04d}{int(digits) if digits else 0:08d}{plan.symbol or ''}"
            return self._display(plan, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE:
            return plan.title
        if role == PLAN_ID_ROLE:
            return plan.id
        return None

    @staticmethod
    def _display(plan: Plan, column: int) -> str:
        if column == COL_NUMBER:
            return plan.reference or "(chưa có số)"
        if column == COL_TYPE:
            return DOC_TYPES.get(plan.doc_type, plan.doc_type)
        if column == COL_DATE:
            return plan_date_text(plan)
        if column == COL_TITLE:
            return plan.title
        if column == COL_ISSUER:
            return plan.issuer
        return plan.status.label
