"""Page 3 of the wizard, «Hoàn tất»: our plan's title and what will be written."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWizardPage

from core.vntext import format_date
from gui.dialogs.derive_plan.draft_model import DraftRow


def summary_text(rows: Sequence[DraftRow], unit_count: int) -> str:
    """"5 nhiệm vụ, giao cho 3 đơn vị; 1 hạn muộn hơn cấp trên"."""
    late = sum(1 for row in rows if row.late)
    text = f"{len(rows)} nhiệm vụ, giao cho {unit_count} đơn vị"
    return text + (f"; {late} hạn muộn hơn cấp trên" if late else "; không có hạn nào muộn hơn cấp trên")


class FinishPage(QWizardPage):
    """`rows` gives the Phân công page's rows; `count_units` how many units they reach."""

    def __init__(self, default_title: str, rows: Callable[[], list[DraftRow]],
                 count_units: Callable[[Sequence[DraftRow]], int], create: Callable[[], bool], parent=None):
        super().__init__(parent)
        self.setTitle("Hoàn tất")
        self.setSubTitle("Kiểm tra tên kế hoạch rồi bấm «Tạo kế hoạch». Kế hoạch được tạo ở dạng dự thảo.")
        self.setFinalPage(True)
        self._rows, self._count_units, self._create = rows, count_units, create
        self.title_edit = QPlainTextEdit(default_title)
        self.title_edit.setObjectName("derivePlanTitle")
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.title_edit.setToolTip("Trích yếu của kế hoạch thực hiện, in dưới chữ «KẾ HOẠCH»")
        self.summary = QLabel()
        self.summary.setObjectName("deriveSummary")
        self.summary.setWordWrap(True)
        self.late_list = QLabel()
        self.late_list.setObjectName("deriveLateList")
        self.late_list.setWordWrap(True)
        self.late_list.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow("&Tên kế hoạch:", self.title_edit)
        form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.title_edit)
        form.addRow("Sẽ tạo:", self.summary)
        form.addRow("", self.late_list)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def plan_title(self) -> str:
        return self.title_edit.toPlainText()

    def initializePage(self) -> None:
        rows = self._rows()
        self.summary.setText(summary_text(rows, self._count_units(rows)))
        late = [row for row in rows if row.late]
        self.late_list.setText("<br>".join(
            f"Mục {row.source.path}: hạn của ta {format_date(row.due)} muộn hơn hạn của cấp trên"
            f" ({format_date(row.source_due)})"
            for row in late if row.source is not None and row.due is not None and row.source_due is not None
        ))
        self.late_list.setVisible(bool(late))

    def validatePage(self) -> bool:
        return self._create()
