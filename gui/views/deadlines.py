"""The "Hạn xử lý" screen: what is late, what is due soon, who owes what, as of a chosen date.

Three tabs share the as-of date: the list (counts per status that filter it when clicked, filters
for plan, unit, unit kind, role, period and a diacritic-insensitive search, a lazily fetched
table), the per-unit view and the month calendar. Opening a row asks, through
`open_task_requested`, for the task's form; the main window opens it the way the task screen does
(`open_task_for_editing`), so the form stays one form however it grows.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QByteArray, QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import vntext
from core.model import Role
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus
from gui.context import AppContext, Change
from gui.models.deadline_table import (
    COL_TASK,
    HEADERS,
    DeadlineQuery,
    DeadlineTableModel,
)
from gui.views.deadline_calendar import VIETNAMESE, DeadlineCalendarView
from gui.views.deadline_filters import DeadlineFilterBar, StatusCountBar
from gui.views.deadline_table_view import connect_opening, make_deadline_table
from gui.views.unit_deadlines import UnitDeadlinesView
from gui.widgets import pydate, qdate  # noqa: F401 (qdate: the tests build dates with it)

SETTINGS_HEADER = "deadlines/header"
RELEVANT_CHANGES = (Change.PLANS, Change.TASKS, Change.UNITS, Change.PROGRESS, Change.SETTINGS)


class DeadlinesScreen(QWidget):
    title = "Hạn xử lý"
    # The task (and the round of it) a row belongs to, for editing.
    open_task_requested = Signal(int, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._dirty = False
        self._warn_days = DEFAULT_WARN_DAYS

        self.as_of_edit = QDateEdit(qdate(date.today()))
        self.as_of_edit.setObjectName("asOfDate")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setLocale(VIETNAMESE)
        self.as_of_edit.setDisplayFormat("dd/MM/yyyy")
        self.as_of_edit.setToolTip("Tình trạng tính đến ngày này, ví dụ ngày chốt số liệu của một báo cáo")
        self.as_of_edit.dateChanged.connect(self._as_of_changed)
        as_of_label = QLabel("Tính đến &ngày:")
        as_of_label.setBuddy(self.as_of_edit)
        self.today_button = QPushButton("Hôm nay")
        self.today_button.setToolTip("Tính đến hôm nay")
        self.today_button.clicked.connect(lambda: self.as_of_edit.setDate(qdate(date.today())))
        self.warn_label = QLabel()
        self.warn_label.setObjectName("warnDays")
        top = QHBoxLayout()
        top.addWidget(as_of_label)
        top.addWidget(self.as_of_edit)
        top.addWidget(self.today_button)
        top.addSpacing(12)
        top.addWidget(self.warn_label, 1)

        # --- the list tab
        self.status_bar = StatusCountBar()
        self.status_bar.statuses_changed.connect(lambda _statuses: self.reload_list())
        self.filters = DeadlineFilterBar()
        self.filters.changed.connect(self.reload_list)
        self.model = DeadlineTableModel(self)
        self.model.loaded.connect(self._show_counts)
        self.table = make_deadline_table(self.model, "deadlineTable")
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        connect_opening(self.table, self.model, self.open_task_requested.emit)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("deadlinesEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.summary = QLabel()
        self.summary.setObjectName("deadlinesSummary")
        self.model.rowsInserted.connect(lambda *_: self._show_summary())
        list_tab = QWidget()
        list_layout = QVBoxLayout(list_tab)
        list_layout.addWidget(self.status_bar)
        list_layout.addWidget(self.filters)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.empty_label, 1)
        list_layout.addWidget(self.summary)

        # --- the other tabs
        self.unit_view = UnitDeadlinesView(context)
        self.unit_view.open_task_requested.connect(self.open_task_requested)
        self.calendar_view = DeadlineCalendarView(context)
        self.calendar_view.open_task_requested.connect(self.open_task_requested)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deadlineTabs")
        self.tabs.addTab(list_tab, "&Danh sách")
        self.tabs.addTab(self.unit_view, "Th&eo đơn vị")
        self.tabs.addTab(self.calendar_view, "&Lịch")
        self.tabs.currentChanged.connect(lambda _index: self._refresh_current_tab())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._focus_search)
        self.addAction(find)

        context.database_opened.connect(self.refresh)
        context.data_changed.connect(self._data_changed)
        self.refresh()

    # ------------------------------------------------------------ loading
    def as_of(self) -> date:
        return pydate(self.as_of_edit.date())

    def current_query(self) -> DeadlineQuery:
        return self.filters.query(self.as_of(), self._warn_days, self.status_bar.statuses(), self.model.query)

    def refresh(self) -> None:
        """Reload the filter choices and every tab from the database."""
        from storage.settings import get_setting

        self._dirty = False
        db = self.context.db
        self._warn_days = int(get_setting(db, "warn_days"))
        self.warn_label.setText(
            f"«Sắp đến hạn»: đến hạn trong {self._warn_days} ngày tới (đổi trong thiết lập của tệp dữ liệu)"
        )
        self.filters.load_choices(db, self.as_of())
        self.model.load(db, self.current_query(), force=True)
        for view in (self.unit_view, self.calendar_view):
            view.invalidate()  # reloaded when next shown
        self._refresh_current_tab(force=True)

    def reload_list(self) -> None:
        self.model.load(self.context.db, self.current_query())

    def _refresh_current_tab(self, force: bool = False) -> None:
        widget = self.tabs.currentWidget()
        if widget in (self.unit_view, self.calendar_view):
            widget.show_as_of(self.as_of(), self._warn_days, force=force)

    def _as_of_changed(self, _value: QDate) -> None:
        self.filters.set_as_of(self.as_of())
        self.reload_list()
        self._refresh_current_tab()

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
    def _show_counts(self) -> None:
        self.status_bar.set_counts(self.model.counts())
        has_any = sum(self.model.counts().values()) > 0 or self.model.total() > 0
        self.table.setVisible(self.model.total() > 0)
        self.empty_label.setVisible(self.model.total() == 0)
        if self.model.total() == 0:
            if has_any:
                self.empty_label.setText("Không có nhiệm vụ nào khớp bộ lọc. Bấm «Tất cả» hoặc bỏ bớt lọc.")
            elif self.filters.is_filtering():
                self.empty_label.setText("Không có nhiệm vụ nào khớp bộ lọc.")
            else:
                self.empty_label.setText(
                    "Chưa có nhiệm vụ nào được giao cho đơn vị.\nGiao nhiệm vụ ở màn hình «Nhiệm vụ» "
                    "(Ctrl+3): mỗi đơn vị chủ trì hoặc phối hợp sẽ có một dòng ở đây."
                )
        self._show_summary()

    def _show_summary(self) -> None:
        total, shown = self.model.total(), self.model.rowCount()
        if total == 0:
            self.summary.setText("")
            return
        more = " · cuộn xuống để xem thêm" if shown < total else ""
        self.summary.setText(
            f"{vntext.format_number(total, 0)} dòng, đang hiện {vntext.format_number(shown, 0)}{more}"
            " · Enter hoặc nhấp đúp để mở nhiệm vụ · nhấp chuột phải vào tiêu đề cột để ẩn/hiện cột"
        )

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    # ---------------------------------------------------- outside requests
    def show_statuses(self, statuses: frozenset[DeadlineStatus], as_of: date | None = None) -> None:
        """Show every row of `statuses` as of `as_of` (today), other filters cleared: what the
        start-up notice counted."""
        self.show_filtered(statuses, as_of=as_of)

    def show_filtered(
        self,
        statuses: frozenset[DeadlineStatus] | None = None,
        *,
        as_of: date | None = None,
        plan_id: int | None = None,
        unit_id: int | None = None,
        role: Role | None = None,
        due: tuple[date, date] | None = None,
        unit_name: str = "",
    ) -> None:
        """Show the list of these rows as of `as_of` (today), every other filter cleared: what a
        figure elsewhere (the start-up notice, «Tổng quan») counted."""
        self.tabs.setCurrentIndex(0)
        self.as_of_edit.blockSignals(True)
        self.as_of_edit.setDate(qdate(as_of or date.today()))
        self.as_of_edit.blockSignals(False)
        self.filters.clear(self.as_of())
        self.filters.choose(plan_id=plan_id, unit_id=unit_id, role=role, unit_name=unit_name)
        if due is not None:
            self.filters.blockSignals(True)
            self.filters.set_custom_period(*due)
            self.filters.blockSignals(False)
        self.status_bar.set_statuses(statuses)
        self.reload_list()
        self.table.setFocus()

    # -------------------------------------------------------------- columns
    def _column_menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column, name in enumerate(HEADERS):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != COL_TASK)  # the task is what a row is about
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
        menu.popup(header.mapToGlobal(position))

    def set_column_shown(self, column: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not shown)
        self.context.settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())

    def save_state(self, settings) -> None:
        settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())
        self.unit_view.save_state(settings)

    def restore_state(self, settings) -> None:
        state = settings.value(SETTINGS_HEADER)
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)
        self.unit_view.restore_state(settings)


def open_task_for_editing(tasks_screen, context: AppContext, task_id: int, occurrence_id: int) -> None:
    """Open the task's form exactly as the task screen does (select it there, then edit it).

    The form is built in one place, TasksScreen.make_dialog, so it stays the same form when it
    grows (progress per occurrence); `occurrence_id` is the round the user chose, for that form.
    """
    from storage.tasks import get_task

    task = get_task(context.db, task_id)
    context.select_plan(task.plan_id)
    tasks_screen.select_task(task_id)
    if tasks_screen.current_task_id() != task_id:  # hidden by a search on the task screen
        tasks_screen.search.clear()
        tasks_screen.select_task(task_id)
    if tasks_screen.current_task_id() == task_id:
        tasks_screen.edit_task()
    else:
        QApplication.beep()
