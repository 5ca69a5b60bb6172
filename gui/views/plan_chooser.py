"""The plan chooser above the task and indicator screens: follows and sets the plan being worked on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from core.model import Plan
from core.plan_names import plan_choice_text
from gui.context import AppContext


class PlanChooser(QComboBox):
    """Lists the database's plans; choosing one selects it for every screen (context.select_plan).

    `plan_changed` fires after the shown plan changed, whoever changed it, and after `reload()`.
    """

    plan_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.plans: list[Plan] = []
        self.setObjectName("planChooser")
        self.setPlaceholderText("Chọn kế hoạch…")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(30)
        self.currentIndexChanged.connect(self._chosen)
        context.plan_selected.connect(self._selected)

    def reload(self) -> None:
        """Refill from the database, keeping the context's plan selected."""
        from storage.plans import list_plans

        self.plans = list_plans(self.context.db)
        self.blockSignals(True)
        self.clear()
        for plan in self.plans:
            self.addItem(plan_choice_text(plan), plan.id)
            self.setItemData(self.count() - 1, plan.title, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(self.findData(self.context.current_plan_id))
        self.blockSignals(False)
        self.plan_changed.emit()

    def current_plan(self) -> Plan | None:
        return next((plan for plan in self.plans if plan.id == self.context.current_plan_id), None)

    def _selected(self, plan_id: int | None) -> None:
        if plan_id is not None and self.findData(plan_id) < 0:
            self.reload()  # a plan created elsewhere and selected before "plans" reached us
            return
        self.blockSignals(True)
        self.setCurrentIndex(self.findData(plan_id) if plan_id is not None else -1)
        self.blockSignals(False)
        self.plan_changed.emit()

    def _chosen(self, row: int) -> None:
        self.context.select_plan(self.itemData(row) if row >= 0 else None)
