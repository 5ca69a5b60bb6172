"""Dialog to create or edit a plan: header fields, basis documents, signer and recipients."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.model import BasisDocument, Plan
from gui.dialogs.plan_form import WIDGET_NAMES, PlanForm, plain_lines
from gui.widgets import save_cancel_buttons


class PlanDialog(QDialog):
    """Edits a Plan value; `result_plan()` and `result_basis()` give what the user entered."""

    def __init__(
        self,
        plan: Plan | None = None,
        basis: list[BasisDocument] | None = None,
        other_plans: list[Plan] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Sửa kế hoạch" if plan and plan.id else "Thêm kế hoạch")
        self.resize(720, 560)
        self.form = PlanForm(plan, other_plans)
        # Callers and tests reach the fields as attributes of the dialog.
        for name in WIDGET_NAMES:
            setattr(self, name, getattr(self.form, name))

        tabs = QTabWidget()
        tabs.addTab(self.form.general_page, "&Thông tin chung")
        tabs.addTab(self._basis_tab(), "&Căn cứ")
        tabs.addTab(self.form.signer_page, "&Ký và nơi nhận")

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        buttons = save_cancel_buttons(self)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.basis.setPlainText("\n".join(item.text for item in basis or []))
        # What the widgets hold before the user types, to tell real edits from normalisation.
        self._loaded_plan = self.result_plan()
        self._loaded_basis = [item.text for item in self.result_basis()]

    def _basis_tab(self) -> QWidget:
        self.basis = QPlainTextEdit()
        self.basis.setPlaceholderText(
            "Mỗi dòng một văn bản căn cứ, ví dụ:\nCăn cứ Kế hoạch số 740/KH-BCSD ngày "
            "31/12/2024 của Ban cán sự đảng UBND tỉnh …;"
        )
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel("Các văn bản căn cứ (mỗi dòng một văn bản):"))
        layout.addWidget(self.basis)
        return tab

    def validate(self) -> str | None:
        """The first problem with what was entered, as a message naming the field; None when fine."""
        return self.form.validate()

    def accept(self) -> None:
        problem = self.validate()
        if problem:
            self.error_label.setText(problem)
            return
        super().accept()

    def reject(self) -> None:
        if (
            self.is_modified()
            and QMessageBox.question(self, "Bỏ thay đổi?", "Kế hoạch đã bị sửa. Đóng mà không lưu?")
            != QMessageBox.StandardButton.Yes
        ):
            return
        super().reject()

    def is_modified(self) -> bool:
        basis_now = [item.text for item in self.result_basis()]
        return self.result_plan() != self._loaded_plan or basis_now != self._loaded_basis

    def result_plan(self) -> Plan:
        return self.form.result_plan()

    def result_basis(self) -> list[BasisDocument]:
        return [BasisDocument(text=line) for line in plain_lines(self.basis)]
