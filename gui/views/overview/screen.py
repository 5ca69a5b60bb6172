"""The «Tổng quan» home screen: how the work stands as of a day, each figure a link to its list.

Counts per status, the units with most overdue work, what falls due this week, completion over
the reporting months (or quarters) of the year and the units that have not reported this month,
for every plan or one. The figures come from storage.overview in one go; a click (or Tab, then
Space or Enter) on any of them opens «Hạn xử lý» filtered to exactly those rows, or the task's form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.overview import Overview
from core.status import DEFAULT_WARN_DAYS, SEVERITY
from gui.context import AppContext
from gui.operations import error_text
from gui.search_combo import SearchCombo
from gui.views.deadline_calendar import VIETNAMESE
from gui.views.overview.links import DeadlineLink, follow
from gui.views.overview.panels import CompletionPanel, DueThisWeekPanel, OverdueUnitsPanel, SilentUnitsPanel
from gui.views.overview.widgets import StatusTile
from gui.views.plan_chooser import plan_choice_text

RELEVANT_CHANGES = ("plans", "tasks", "units", "progress", "settings")
ALL_PLANS = "(Tất cả kế hoạch)"


class OverviewScreen(QWidget):
    title = "Tổng quan"

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, as_of: date | None = None):
        super().__init__(parent)
        self.context = context
        self.overview: Overview | None = None
        self._dirty = False
        self._warn_days = DEFAULT_WARN_DAYS
        self._generation = 0  # the reload whose answer the screen waits for

        # Searched as typed: the first screen must open on a national file's 70,000 plans too.
        self.plan_combo = SearchCombo(ALL_PLANS, self._plans)
        self.plan_combo.setObjectName("overviewPlan")
        self.plan_combo.setToolTip("Số liệu của mọi kế hoạch hay của một kế hoạch (gõ để tìm)")
        self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_combo.setMinimumContentsLength(30)
        self.plan_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.as_of_edit = QDateEdit()
        self.as_of_edit.setObjectName("overviewAsOf")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setLocale(VIETNAMESE)
        self.as_of_edit.setDisplayFormat("dd/MM/yyyy")
        self.as_of_edit.setDate(as_of or date.today())
        self.as_of_edit.setToolTip("Tình trạng tính đến ngày này (mặc định hôm nay)")
        self.as_of_edit.dateChanged.connect(lambda _value: self.reload())
        self.today_button = QPushButton("Hôm nay")
        self.today_button.setToolTip("Tính đến hôm nay")
        self.today_button.clicked.connect(lambda: self.as_of_edit.setDate(date.today()))
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("overviewPeriodKind")
        self.period_combo.addItem("Theo tháng", "month")
        self.period_combo.addItem("Theo quý", "quarter")
        self.period_combo.setToolTip("Kỳ của biểu đồ hoàn thành; kỳ báo cáo chốt ngày 14 hằng tháng")
        self.period_combo.currentIndexChanged.connect(lambda _index: self.reload())
        top = QHBoxLayout()
        for text, widget in (("&Kế hoạch:", self.plan_combo), ("Tính đến &ngày:", self.as_of_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.today_button)
        top.addStretch(1)

        # --- counts per status
        self.tiles = {status: StatusTile(status) for status in SEVERITY}
        for status, tile in self.tiles.items():
            tile.clicked.connect(
                lambda _checked=False, s=status: self._open_deadlines(statuses=frozenset({s}))
            )
        self.total_label = QLabel()
        self.total_label.setObjectName("overviewTotal")
        status_box = QGroupBox("Tình trạng các nhiệm vụ được giao")
        status_layout = QVBoxLayout(status_box)
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        status_layout.addLayout(tiles)
        status_layout.addWidget(self.total_label)

        # --- the lists and charts, refilled on every reload
        self.overdue_panel = OverdueUnitsPanel(self._open_deadlines)
        self.week_panel = DueThisWeekPanel(
            self._open_deadlines, lambda link: follow(self, self.context, link)
        )
        self.completion_panel = CompletionPanel(self._open_deadlines, self.period_combo)
        self.silent_panel = SilentUnitsPanel(self._open_deadlines)

        grid = QGridLayout()
        grid.addWidget(status_box, 0, 0, 1, 2)
        grid.addWidget(self.overdue_panel, 1, 0)
        grid.addWidget(self.week_panel, 1, 1)
        grid.addWidget(self.completion_panel, 2, 0)
        grid.addWidget(self.silent_panel, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        context.database_opened.connect(self.refresh)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    # ------------------------------------------------------------ loading
    def as_of(self) -> date:
        return self.as_of_edit.date().toPython()

    def plan_id(self) -> int | None:
        return self.plan_combo.currentData()

    def refresh(self) -> None:
        """Reload the plan list and every figure from the database."""
        from storage.settings import get_setting

        self._dirty = False
        self._warn_days = int(get_setting(self.context.db, "warn_days"))
        self.plan_combo.reload()
        self.reload()

    def _plans(self, text: str, limit: int) -> list[tuple[str, object, str]]:
        from storage.plans import list_plans

        plans = list_plans(self.context.db, text, limit)
        return [(plan_choice_text(plan), plan.id, plan.title) for plan in plans]

    def reload(self) -> None:
        """Count the figures on the worker: a national file takes seconds, and the window (this is
        the first screen) must paint and answer meanwhile. An answer to an older request is dropped."""
        from storage.database import open_database
        from storage.overview import load_overview

        self._generation += 1
        generation = self._generation
        db_path, as_of, warn_days = self.context.db_path, self.as_of(), self._warn_days
        plan_id, period_kind = self.plan_id(), self.period_combo.currentData()
        self.total_label.setText("Đang tính số liệu…")

        def job(_progress) -> Overview:
            # A connection of its own: SQLite connections belong to the thread that opened them.
            db = open_database(db_path, create=False)
            try:
                return load_overview(db, as_of, warn_days, plan_id=plan_id, period_kind=period_kind)
            finally:
                db.close()

        def done(figures: Overview) -> None:
            if generation == self._generation:
                self.overview = figures
                self._show(figures)

        def failed(error: BaseException, _trace: str) -> None:
            if generation == self._generation:
                self.total_label.setText(f"Không tính được số liệu: {error_text(error, db_path)}")

        self.context.runner.start(job, done, failed)

    def _data_changed(self, what: str) -> None:
        if what not in RELEVANT_CHANGES:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # reloaded when shown: hidden screens stay cheap

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # ------------------------------------------------------------ display
    def _show(self, figures: Overview) -> None:
        for status, tile in self.tiles.items():
            tile.set_count(figures.counts[status])
        when = "hôm nay" if figures.as_of == date.today() else vntext.format_date(figures.as_of)
        if figures.total:
            self.total_label.setText(
                f"{vntext.format_number(figures.total, 0)} lượt nhiệm vụ của các đơn vị"
                f" (chủ trì và phối hợp), tính đến {when}. Bấm vào một ô để xem danh sách."
            )
        else:
            self.total_label.setText(
                "Chưa có nhiệm vụ nào được giao cho đơn vị. Nhập hoặc thêm kế hoạch ở màn hình «Kế hoạch» "
                "(Ctrl+2), rồi giao nhiệm vụ ở màn hình «Nhiệm vụ» (Ctrl+3)."
            )
        self.overdue_panel.show_figures(figures.overdue_by_unit)
        self.week_panel.show_figures(figures.due_this_week)
        self.completion_panel.show_figures(figures.periods, figures.as_of)
        self.silent_panel.show_figures(figures.not_reported, figures.report_period)

    # ------------------------------------------------------------ links
    def _open_deadlines(self, **filters) -> None:
        follow(self, self.context, DeadlineLink(self.as_of(), plan_id=self.plan_id(), **filters))
