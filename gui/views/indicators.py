"""The "Chỉ tiêu" screen: a plan's targets with what has been achieved, and the figures reported for one.

Top: the plan chooser (it follows and sets the plan the other screens work on), a search that
ignores diacritics, and the targets with their level, latest figure, achievement rate and verdict.
Bottom: the selected target's details (task, breakdown, baseline) and every figure reported for it,
by period and unit. Every change goes through storage and is announced with
`context.changed(Change.INDICATORS)`; the screen reloads on that signal like every other screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model import Indicator, IndicatorValue, Plan, Unit
from gui.context import AppContext, Change
from gui.dialogs.indicator_dialog import IndicatorDialog
from gui.dialogs.indicator_value_dialog import IndicatorValueDialog
from gui.models.indicator_table import (
    COL_ACTUAL,
    COL_DEADLINE,
    COL_NUMBER,
    COL_RATE,
    COL_TARGET,
    COL_TASK,
    COL_TEXT,
    COL_VERDICT,
    INDICATOR_ID_ROLE,
    IndicatorFilterProxy,
    IndicatorRow,
    IndicatorTableModel,
    Verdict,
    build_indicator_rows,
)
from gui.operations import attempt
from gui.views.indicator_figures import IndicatorFigurePanel, configure_table
from gui.views.plan_chooser import PlanChooser
from gui.widgets import add_shortcuts
from storage.indicators import delete_indicator, list_indicators, plan_indicator_values
from storage.plans import plan_end
from storage.tasks import TaskRow, list_tasks
from storage.units import list_units

NO_PLANS_TEXT = ("Chưa có kế hoạch nào.\nThêm hoặc nhập kế hoạch ở màn hình «Kế hoạch» (Ctrl+2), "
                 "rồi chọn kế hoạch đó ở đây để theo dõi chỉ tiêu.")
NO_PLAN_TEXT = "Chọn một kế hoạch ở ô «Kế hoạch» phía trên để xem chỉ tiêu và số liệu thực hiện."
NO_INDICATORS_TEXT = ("Kế hoạch chưa có chỉ tiêu. Chỉ tiêu được nhận ra khi nhập văn bản kế hoạch, "
                      "hoặc nhấn «Thêm chỉ tiêu» (Insert).")
COLUMN_WIDTHS = {COL_NUMBER: 40, COL_TASK: 70, COL_TARGET: 110, COL_DEADLINE: 110, COL_ACTUAL: 120,
                 COL_RATE: 66, COL_VERDICT: 140}
SETTINGS_KEYS = ("indicators/header", "indicators/valuesHeader", "indicators/splitter")


class IndicatorsScreen(QWidget):
    title = "Chỉ tiêu"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.plan: Plan | None = None
        self._tasks: list[TaskRow] = []
        self._units: list[Unit] = []
        self._values: dict[int, list[IndicatorValue]] = {}
        self._pending: tuple[int | None, int | None] | None = None  # (indicator, figure) to select

        self.plan_combo = PlanChooser(context)
        self.plan_combo.plan_changed.connect(self.reload_indicators)
        plan_label = QLabel("&Kế hoạch:")
        plan_label.setBuddy(self.plan_combo)
        self.search = QLineEdit()
        self.search.setObjectName("indicatorSearch")
        self.search.setPlaceholderText("Lọc chỉ tiêu, gõ không dấu được (Ctrl+F)")
        self.search.setToolTip("Lọc theo nội dung, nhiệm vụ, thời hạn, đơn vị tính; không cần dấu")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.add_button = self._button("&Thêm chỉ tiêu", "Thêm một chỉ tiêu vào kế hoạch (Insert)",
                                       self.add_indicator)
        self.edit_button = self._button("&Sửa", "Sửa chỉ tiêu đang chọn (F2, Enter, nhấp đúp)",
                                        self.edit_indicator)
        self.delete_button = self._button("&Xóa", "Xóa chỉ tiêu đang chọn cùng số liệu của nó (Delete)",
                                          self.delete_indicator)
        top = QHBoxLayout()
        top.addWidget(plan_label)
        top.addWidget(self.plan_combo, 3)
        top.addWidget(self.search, 2)
        for button in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(button)

        self.model = IndicatorTableModel(self)
        self.proxy = IndicatorFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("indicatorTable")
        self.table.setModel(self.proxy)
        configure_table(self.table)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NUMBER, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TEXT, header.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_indicator())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.empty_label = QLabel()
        self.empty_label.setObjectName("indicatorsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.figures = IndicatorFigurePanel()
        self.figures.add_requested.connect(self.add_value)
        self.figures.edit_requested.connect(self.edit_value)
        self.figures.current_changed.connect(self._update_buttons)
        self.splitter.addWidget(self.figures)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([440, 220])  # the targets first; the figures of one need less room
        self.summary = QLabel()
        self.summary.setObjectName("indicatorsSummary")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary)
        self._shortcuts()
        context.database_opened.connect(self.refresh)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _shortcuts(self) -> None:
        # Enter and Delete belong to the tables: in the search box they must edit the text.
        add_shortcuts([
            ("Insert", self.add_indicator, self),
            ("Ctrl+N", self.add_indicator, self),
            ("F2", self.edit_indicator, self),
            ("Ctrl+F", self._focus_search, self),
            ("Ctrl+Insert", self.add_value, self),
            ("Return", self.edit_indicator, self.table),
            ("Enter", self.edit_indicator, self.table),
            (QKeySequence.StandardKey.Delete, self.delete_indicator, self.table),
        ])  # fmt: skip

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------ loading
    def _data_changed(self, what: str) -> None:
        if what == Change.PLANS:
            self.refresh()
        elif what in (Change.INDICATORS, Change.TASKS, Change.UNITS):
            self.reload_indicators()

    def refresh(self) -> None:
        """Reload the plan list and the current plan's indicators."""
        self.plan_combo.reload()  # emits plan_changed, which reloads the rest

    def reload_indicators(self) -> None:
        db = self.context.db
        self.plan = self.plan_combo.current_plan()
        keep = self._pending or (self.current_indicator_id(), self.current_value_id())
        self._pending = None
        if self.plan is None:
            self._tasks, self._values, indicators = [], {}, []
        else:
            self._tasks = list_tasks(db, self.plan.id)
            self._values = plan_indicator_values(db, self.plan.id)
            indicators = list_indicators(db, self.plan.id)
        self._units = list_units(db)
        tasks = {row.task.id: (row.path, " ".join((row.task.title or row.task.content).split()), order)
                 for order, row in enumerate(self._tasks)}
        ends = plan_end(self.plan) if self.plan is not None else None
        self.model.set_rows(build_indicator_rows(indicators, self._values, tasks, plan_end=ends))
        self._show_state()
        self.select_indicator(*keep)

    def _show_state(self) -> None:
        if self.plan is None:
            self.empty_label.setText(NO_PLAN_TEXT if self.plan_combo.plans else NO_PLANS_TEXT)
        elif self.model.rowCount() == 0:
            self.empty_label.setText(NO_INDICATORS_TEXT)
        elif self.proxy.rowCount() == 0:
            self.empty_label.setText(f"Không có chỉ tiêu nào khớp «{self.search.text().strip()}».")
        else:
            self.stack.setCurrentWidget(self.table)
            counts = self.model.verdict_counts()
            total = self.model.rowCount()
            ongoing = f"{counts[Verdict.ONGOING]} đang thực hiện · " if counts[Verdict.ONGOING] else ""
            text = (f"{total} chỉ tiêu · {counts[Verdict.MET]} đạt · {ongoing}"
                    f"{counts[Verdict.NOT_MET]} chưa đạt · "
                    f"{counts[Verdict.NO_DATA] + counts[Verdict.NO_TARGET]} chưa đánh giá được")
            if self.proxy.is_filtering():
                text = f"Đang hiện {self.proxy.rowCount()} trong số {text}"
            self.summary.setText(text)
            return
        self.stack.setCurrentWidget(self.empty_label)
        self.summary.setText("")

    def _search_changed(self, text: str) -> None:
        keep = self.current_indicator_id()
        self.proxy.set_search(text)
        self._show_state()
        self.select_indicator(keep)

    # ---------------------------------------------------------------- selection
    def select_indicator(self, indicator_id: int | None, value_id: int | None = None) -> None:
        """Make `indicator_id` current (the first row when it is not shown) and `value_id` its figure."""
        source_row = self.model.row_of(indicator_id)
        index = self.proxy.mapFromSource(self.model.index(source_row, 0)) if source_row is not None else None
        if index is None or not index.isValid():
            index = self.proxy.index(0, 0)
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)
            self.table.scrollTo(index)
        else:
            self.table.selectionModel().clear()
        self._current_changed(value_id)

    def current_row(self) -> IndicatorRow | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or self.stack.currentWidget() is not self.table:
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def current_indicator_id(self) -> int | None:
        row = self.current_row()
        return row.indicator.id if row else None

    def current_value(self) -> IndicatorValue | None:
        return self.figures.current_value() if self.current_row() is not None else None

    def current_value_id(self) -> int | None:
        value = self.current_value()
        return value.id if value else None

    def _current_changed(self, value_id: int | None = None) -> None:
        row = self.current_row()
        values = self._values.get(row.indicator.id, []) if row else []
        self.figures.show_indicator(row, values, {unit.id: unit.name for unit in self._units}, value_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_plan, has_row = self.plan is not None, self.current_row() is not None
        self.add_button.setEnabled(has_plan)
        self.edit_button.setEnabled(has_row)
        self.delete_button.setEnabled(has_row)
        self.figures.add_button.setEnabled(has_row)

    # ------------------------------------------------------------------ actions
    def make_indicator_dialog(self, indicator: Indicator | None = None) -> IndicatorDialog:
        """The dialog for `indicator` (a new one when None); tests drive it before `exec`."""
        return IndicatorDialog(self.context.db, self.plan.id, self._tasks, indicator, parent=self)

    def add_indicator(self) -> None:
        if self.plan is not None:
            self._run_indicator_dialog(self.make_indicator_dialog())

    def edit_indicator(self) -> None:
        row = self.current_row()
        if row is not None:
            self._run_indicator_dialog(self.make_indicator_dialog(row.indicator))

    def _run_indicator_dialog(self, dialog: IndicatorDialog) -> None:
        if dialog.exec() != IndicatorDialog.DialogCode.Accepted or dialog.saved_indicator is None:
            return
        saved_id = dialog.saved_indicator.id
        self._announce(saved_id, None)
        if self.current_indicator_id() != saved_id:
            self.search.clear()  # the filter hides what was just saved: show everything
            self.select_indicator(saved_id)

    def delete_indicator(self) -> None:
        row = self.current_row()
        if row is None:
            return
        figures = len(self._values.get(row.indicator.id, []))
        extra = f"\n\n{figures} số liệu đã báo cáo cũng bị xóa." if figures else ""
        text = " ".join(row.indicator.text.split())
        answer = QMessageBox.question(
            self, "Xóa chỉ tiêu", f"Xóa chỉ tiêu «{text[:120]}»?{extra}\nKhông hoàn tác được.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        neighbour = self.proxy.index(self.table.currentIndex().row() + 1, 0)
        if not neighbour.isValid():
            neighbour = self.proxy.index(self.table.currentIndex().row() - 1, 0)
        following = neighbour.data(INDICATOR_ID_ROLE) if neighbour.isValid() else None
        deleted = attempt(self, lambda: delete_indicator(self.context.db, row.indicator.id),
                          "Không xóa được chỉ tiêu")
        if deleted:
            self._announce(following, None)

    def make_value_dialog(self, value: IndicatorValue | None = None) -> IndicatorValueDialog:
        """The figure dialog for the current indicator (a new figure when `value` is None)."""
        row = self.current_row()
        periods = sorted({v.period for values in self._values.values() for v in values if v.period})
        return IndicatorValueDialog(self.context.db, row.indicator, self._units, value, periods=periods,
                                    parent=self)

    def add_value(self) -> None:
        if self.current_row() is not None:
            self._run_value_dialog(self.make_value_dialog())

    def edit_value(self) -> None:
        value = self.current_value()
        if value is not None:
            self._run_value_dialog(self.make_value_dialog(value))

    def _run_value_dialog(self, dialog: IndicatorValueDialog) -> None:
        if dialog.exec() == IndicatorValueDialog.DialogCode.Accepted and dialog.saved_value is not None:
            self._announce(dialog.saved_value.indicator_id, dialog.saved_value.id)

    def _announce(self, indicator_id: int | None, value_id: int | None) -> None:
        self._pending = (indicator_id, value_id)
        self.context.changed(Change.INDICATORS)

    # ------------------------------------------------------------ window memory
    def save_state(self, settings) -> None:
        header, values, splitter = SETTINGS_KEYS
        settings.setValue(header, self.table.horizontalHeader().saveState())
        settings.setValue(values, self.figures.save_state())
        settings.setValue(splitter, self.splitter.saveState())

    def restore_state(self, settings) -> None:
        header, values, splitter = (settings.value(key) for key in SETTINGS_KEYS)
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        self.figures.restore_state(values)
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
