"""The lower half of the "Chỉ tiêu" screen: one target's details and the figures reported for it.

Shows the target's sentence, its level, deadline, baseline, task and breakdown, how the figure in the
table above was obtained, and every reported figure by period and unit. The buttons ask the screen
to open the figure dialog (signals), since saving and reloading are the screen's business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.indicators import target_text
from core.model import IndicatorValue
from core.vntext import format_number
from gui.models.indicator_table import (
    COL_FIGURE,
    COL_NOTE,
    COL_PERIOD,
    COL_RECORDED,
    COL_SOURCE,
    COL_UNIT,
    IndicatorRow,
    IndicatorValueModel,
)
from gui.widgets import add_shortcuts

NO_VALUES_TEXT = "Chưa có số liệu nào cho chỉ tiêu này. Nhấn «Nhập số liệu» (Ctrl+Insert) để nhập."
VALUE_WIDTHS = {COL_PERIOD: 100, COL_UNIT: 240, COL_FIGURE: 130, COL_NOTE: 220, COL_SOURCE: 120,
                COL_RECORDED: 120}


def configure_table(table: QTableView) -> None:
    """Row selection, no editing, one line per row, elided text: both tables of the screen."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)


def facts_text(row: IndicatorRow) -> str:
    """Level, deadline, baseline, task, breakdown and achievement of a target, one topic a line."""
    indicator = row.indicator
    facts = [f"Kế hoạch: {target_text(indicator) or '(chưa có mức cần đạt)'}"]
    if indicator.deadline:
        facts.append(f"Thời hạn: {indicator.deadline}")
    if indicator.baseline is not None:
        unit = "%" if indicator.measure == "%" else f" {indicator.measure}"
        facts.append(f"Số liệu gốc: {format_number(indicator.baseline)}{unit}")
    lines = [" · ".join(facts)]
    if row.task_path:
        lines.append(f"Nhiệm vụ {row.task_path}: {row.task_text}")
    if indicator.breakdown:
        parts = " · ".join(f"{name} {format_number(count)}" for name, count in indicator.breakdown)
        total = format_number(sum(count for _name, count in indicator.breakdown))
        lines.append(f"Chi tiết: {parts} (tổng {total})")
    verdict = row.verdict.label + (f", bằng {row.rate_text} kế hoạch" if row.rate_text else "")
    lines.append(f"Thực hiện: {row.actual_text} — {verdict}. {row.actual_note}")
    return "\n".join(lines)


class IndicatorFigurePanel(QWidget):
    add_requested = Signal()
    edit_requested = Signal()
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("indicatorTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.facts = QLabel()
        self.facts.setObjectName("indicatorFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.values_label = QLabel()
        self.add_button = QPushButton("&Nhập số liệu…")
        self.add_button.setToolTip("Nhập số liệu thực hiện của chỉ tiêu đang chọn cho một kỳ (Ctrl+Insert)")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton("Sửa số &liệu…")
        self.edit_button.setToolTip("Sửa số liệu đang chọn (Enter, nhấp đúp)")
        self.edit_button.clicked.connect(self.edit_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.values_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)

        self.model = IndicatorValueModel(self)
        self.table = QTableView()
        self.table.setObjectName("indicatorValues")
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in VALUE_WIDTHS.items():
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_requested.emit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        add_shortcuts((key, self.edit_requested.emit, self.table) for key in ("Return", "Enter"))
        self.empty = QLabel(NO_VALUES_TEXT)
        self.empty.setObjectName("indicatorValuesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)

    def show_indicator(
        self,
        row: IndicatorRow | None,
        values: Sequence[IndicatorValue],
        unit_names: Mapping[int, str],
        value_id: int | None = None,
    ) -> None:
        """Show `row` with its figures, `value_id` (else the last figure) selected; hide when None."""
        self.setVisible(row is not None)
        self.model.set_values(row.indicator if row else None, values, unit_names)
        if row is not None:
            self.title.setText(" ".join(row.indicator.text.split()))
            self.facts.setText(facts_text(row))
            self.values_label.setText(f"Số liệu đã báo cáo ({len(values)}):")
            self.stack.setCurrentWidget(self.table if values else self.empty)
            if values:
                wanted = (i for i, value in enumerate(values) if value.id == value_id)
                self.table.selectRow(next(wanted, len(values) - 1))
        self._selection_changed()

    def current_value(self) -> IndicatorValue | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.value_at(index.row())

    def _selection_changed(self) -> None:
        self.edit_button.setEnabled(self.current_value() is not None)
        self.current_changed.emit()

    def save_state(self) -> QByteArray:
        return self.table.horizontalHeader().saveState()

    def restore_state(self, state: object) -> None:
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)
