"""The per-unit tab of "Hạn xử lý": everything one unit leads or supports, plan by plan.

Pick a unit (or type part of its name): the header gives its
completion rate (done ÷ (done + overdue), as the Government Office reports it), the upper table
its counts per plan, the lower one the rows of the plan chosen there (or of all its plans).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.model import Role
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus, completion_rate
from gui.context import AppContext
from gui.models.deadline_table import (
    COL_UNIT,
    PCOL_PLAN,
    PLAN_HEADERS,
    DeadlineQuery,
    DeadlineTableModel,
    PlanSummary,
    PlanSummaryModel,
    rate_text,
)
from gui.search_combo import SearchCombo
from gui.views.deadline_table_view import connect_opening, make_deadline_table
from gui.views.plan_chooser import plan_choice_text
from storage.deadlines import SEVERITY, DeadlineSelection, DeadlineSort

SETTINGS_SPLITTER = "deadlines/unit_splitter"
ALL_PLANS_TEXT = "Tất cả kế hoạch của đơn vị"


class UnitDeadlinesView(QWidget):
    open_task_requested = Signal(int, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._as_of = date.today()
        self._warn_days = DEFAULT_WARN_DAYS
        self._shown: tuple | None = None  # (as_of, warn_days) the view was last loaded for

        # Searched as typed (ignoring diacritics): a national file has thousands of units.
        self.unit_combo = SearchCombo(None, self._units)
        self.unit_combo.setObjectName("unitChooser")
        self.unit_combo.lineEdit().setPlaceholderText("Gõ tên đơn vị…")
        self.unit_combo.setMinimumContentsLength(32)
        self.unit_combo.currentIndexChanged.connect(lambda _index: self.reload())
        unit_label = QLabel("Đơn &vị:")
        unit_label.setBuddy(self.unit_combo)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("unitRole")
        for text, role in (("Chủ trì và phối hợp", None), ("Chủ trì", Role.LEAD), ("Phối hợp", Role.SUPPORT)):
            self.role_combo.addItem(text, role)
        self.role_combo.currentIndexChanged.connect(lambda _index: self.reload())
        role_label = QLabel("V&ai trò:")
        role_label.setBuddy(self.role_combo)
        top = QHBoxLayout()
        top.addWidget(unit_label)
        top.addWidget(self.unit_combo, 3)
        top.addWidget(role_label)
        top.addWidget(self.role_combo, 1)

        self.summary = QLabel()
        self.summary.setObjectName("unitSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.plan_model = PlanSummaryModel(self)
        self.plan_table = QTableView()
        self.plan_table.setObjectName("unitPlans")
        self.plan_table.setModel(self.plan_model)
        self.plan_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.plan_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plan_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan_table.verticalHeader().hide()
        self.plan_table.setWordWrap(False)
        header = self.plan_table.horizontalHeader()
        for column in range(1, len(PLAN_HEADERS)):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PCOL_PLAN, header.ResizeMode.Stretch)
        self.plan_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_rows())

        self.model = DeadlineTableModel(self)
        self.table = make_deadline_table(self.model, "unitRows")
        self.table.setColumnHidden(COL_UNIT, True)  # always the unit chosen above
        connect_opening(self.table, self.model, self.open_task_requested.emit)
        self.rows_label = QLabel()
        self.rows_label.setObjectName("unitRowsLabel")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.rows_label)
        lower_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.plan_table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([220, 380])

        self.empty_label = QLabel()
        self.empty_label.setObjectName("unitEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label, 1)

    # ------------------------------------------------------------ loading
    def invalidate(self) -> None:
        """The data changed: the next `show_as_of` reloads whatever the date."""
        self._shown = None

    def show_as_of(self, as_of: date, warn_days: int, force: bool = False) -> None:
        """Show the state as of `as_of`; reloads only when that or the data (`force`) changed."""
        if force or self._shown != (as_of, warn_days):
            self._as_of, self._warn_days = as_of, warn_days
            self.refresh()

    def refresh(self) -> None:
        self._shown = (self._as_of, self._warn_days)
        self.unit_combo.reload()
        self.reload()

    def _units(self, text: str, limit: int) -> list[tuple[str, object, str]]:
        from storage.units import list_units

        # Groups are expanded into their members when tasks are assigned: they have no rows here.
        units = list_units(self.context.db, text, limit, groups=False)
        return [(unit.name, unit.id, unit.name) for unit in units]

    def select_unit(self, unit_id: int) -> None:
        from storage.units import get_unit

        if self.unit_combo.findData(unit_id) < 0:
            self.unit_combo.keep_value(unit_id, get_unit(self.context.db, unit_id).name)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit_id))

    def current_unit_id(self) -> int | None:
        return self.unit_combo.currentData() if self.unit_combo.currentIndex() >= 0 else None

    def reload(self) -> None:
        """The chosen unit's counts per plan and its rows, as of the date shown."""
        from storage.plans import list_plans

        unit_id = self.current_unit_id()
        if unit_id is None:
            self._show_empty(
                "Chọn một đơn vị ở ô «Đơn vị» phía trên (hoặc gõ một phần tên) để xem "
                "mọi nhiệm vụ đơn vị chủ trì hoặc phối hợp."
                if self.unit_combo.count()
                else "Chưa có đơn vị nào. Thêm đơn vị ở màn hình «Đơn vị»."
            )
            return
        db = self.context.db
        role = self.role_combo.currentData()
        selection = DeadlineSelection(db, self._as_of, self._warn_days, unit_id=unit_id, role=role)
        counts = selection.counts()
        by_plan = selection.plan_counts()
        labels = {plan.id: plan_choice_text(plan) for plan in list_plans(db)}
        plans = [
            PlanSummary(plan_id, labels.get(plan_id, f"Kế hoạch {plan_id}"), plan_counts)
            for plan_id, plan_counts in by_plan.items()
        ]
        plans.sort(key=lambda plan: vntext.sort_key(plan.label))
        if not plans:
            self._show_empty(
                f"«{self.unit_combo.currentText()}» chưa được giao nhiệm vụ nào"
                f"{' với vai trò này' if role else ''} tính đến "
                f"{vntext.format_date(self._as_of)}."
            )
            return
        self.empty_label.hide()
        self.splitter.show()
        self.summary.setText(self._summary_html(counts, role))
        self.summary.show()
        keep = self.current_plan_id()
        self.plan_model.set_plans([PlanSummary(0, ALL_PLANS_TEXT, counts), *plans])
        rows = range(self.plan_model.rowCount())
        row = next((i for i in rows if self.plan_model.plan_at(i).plan_id == keep), 0)
        self.plan_table.selectRow(row)
        self._show_rows()

    def _summary_html(self, counts: dict[DeadlineStatus, int], role: Role | None) -> str:
        done = counts[DeadlineStatus.DONE_ON_TIME] + counts[DeadlineStatus.DONE_LATE]
        overdue = counts[DeadlineStatus.OVERDUE]
        rate = completion_rate(counts)
        explained = (
            f" = {done} đã hoàn thành ÷ ({done} đã hoàn thành + {overdue} quá hạn)"
            if rate is not None
            else " (chưa có nhiệm vụ nào đến hạn)"
        )
        parts = " · ".join(f"{status.label}: {counts[status]}" for status in SEVERITY)
        who = {None: "chủ trì hoặc phối hợp", Role.LEAD: "chủ trì", Role.SUPPORT: "phối hợp"}[role]
        name = html.escape(self.unit_combo.currentText())
        return (
            f"<b>{name}</b> — {sum(counts.values())} nhiệm vụ {who}, tính đến "
            f"{vntext.format_date(self._as_of)}<br><b>Tỷ lệ hoàn thành: {rate_text(counts)}</b>"
            f"{explained}<br><span style='color:#555'>{parts}</span>"
        )

    def completion_text(self) -> str:
        return self.summary.text()

    def current_plan_id(self) -> int | None:
        plan = self.plan_model.plan_at(self.plan_table.currentIndex().row())
        return plan.plan_id if plan is not None else None

    def _show_rows(self) -> None:
        plan = self.plan_model.plan_at(self.plan_table.currentIndex().row())
        unit_id = self.current_unit_id()
        if plan is None or unit_id is None:
            self.model.clear()
            return
        previous = self.model.query
        query = DeadlineQuery(
            as_of=self._as_of,
            warn_days=self._warn_days,
            unit_id=unit_id,
            role=self.role_combo.currentData(),
            plan_id=plan.plan_id or None,
            sort=previous.sort if previous else DeadlineSort.PLAN,
            descending=previous.descending if previous else False,
        )
        self.model.load(self.context.db, query, force=True)
        where = "mọi kế hoạch" if not plan.plan_id else plan.label
        self.rows_label.setText(
            f"Nhiệm vụ của đơn vị trong {where}: {self.model.total()} dòng "
            "(Enter hoặc nhấp đúp để mở nhiệm vụ)"
        )

    def _show_empty(self, text: str) -> None:
        self.plan_model.set_plans([])
        self.model.clear()
        self.summary.hide()
        self.splitter.hide()
        self.empty_label.setText(text)
        self.empty_label.show()

    # -------------------------------------------------------------- state
    def save_state(self, settings) -> None:
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())

    def restore_state(self, settings) -> None:
        state = settings.value(SETTINGS_SPLITTER)
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
