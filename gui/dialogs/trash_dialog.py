"""The trash: deleted plans, restored or removed for good."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model import Plan
from gui.context import AppContext, Change
from gui.models.plan_table import COL_TITLE, PlanTableModel
from gui.operations import attempt


class TrashDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Thùng rác — kế hoạch đã xóa")
        self.resize(820, 420)
        self.model = PlanTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            COL_TITLE, self.table.horizontalHeader().ResizeMode.Stretch
        )
        self.empty_label = QLabel("Thùng rác trống.")
        self.restore_button = QPushButton("&Khôi phục")
        self.purge_button = QPushButton("Xóa &vĩnh viễn…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đó&ng")
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from storage.plans import list_trash

        plans = list_trash(self.context.db)
        self.model.set_plans(plans)
        self.empty_label.setVisible(not plans)
        if plans:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(plans))
        self.purge_button.setEnabled(bool(plans))

    def selected_plan(self) -> Plan | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.plan_at(rows[0].row()) if rows else None

    def restore_selected(self) -> None:
        from storage.plans import restore_plan

        plan = self.selected_plan()
        if plan and attempt(self, lambda: restore_plan(self.context.db, plan.id)):
            self.context.changed(Change.PLANS)
            self.refresh()

    def purge_selected(self) -> None:
        from storage.plans import purge_plan

        plan = self.selected_plan()
        if plan is None:
            return
        answer = QMessageBox.warning(
            self,
            "Xóa vĩnh viễn",
            f"Xóa vĩnh viễn kế hoạch «{plan.reference or plan.title[:60]}» cùng toàn bộ nhiệm vụ, phân công "
            "và tiến độ của nó?\nKhông thể hoàn tác.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes and attempt(
            self, lambda: purge_plan(self.context.db, plan.id)
        ):
            self.refresh()
