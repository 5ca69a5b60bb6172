"""The calendar tab of "Hạn xử lý": how many deadlines fall on each day of a month.

Each day shows its count in the colour and shape of its worst status (overdue first), so it reads
without colour too; choosing a day lists what falls due that day. One grouped query per month
shown (DeadlineSelection.day_counts), one lazy table for the day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from core import vntext
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus, worst_status
from gui.context import AppContext
from gui.models.deadline_table import DeadlineQuery, DeadlineTableModel, status_icon
from gui.models.task_tree import STATUS_COLOURS
from gui.views.deadline_table_view import connect_opening, make_deadline_table
from storage.deadlines import SEVERITY, DeadlineSelection, DeadlineSort

DayCounts = Mapping[date, Mapping[DeadlineStatus, int]]


VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


class DeadlineCalendar(QCalendarWidget):
    """A month calendar whose cells show the day's number and, below it, its deadline count."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deadlineCalendar")
        self.setLocale(VIETNAMESE)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setMinimumSize(QSize(560, 340))
        self._days: DayCounts = {}
        self._marked: date | None = None

    def set_day_counts(self, days: DayCounts, marked: date | None = None) -> None:
        """Counts per day; `marked` (the as-of date) gets a frame."""
        self._days, self._marked = days, marked
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        # Drawn here rather than by the base class so the number sits at the top and the badge
        # below it, whatever the cell height.
        day = date(qdate.year(), qdate.month(), qdate.day())
        palette = self.palette()
        selected = qdate == self.selectedDate()
        painter.save()
        painter.fillRect(rect, palette.highlight() if selected else palette.base())
        if selected:
            number_colour = palette.highlightedText().color()
        elif (qdate.year(), qdate.month()) != (self.yearShown(), self.monthShown()):
            number_colour = QColor("#a0a0a0")
        elif qdate.dayOfWeek() in (6, 7):
            number_colour = QColor("#b3261e")
        else:
            number_colour = palette.text().color()
        painter.setPen(number_colour)
        number_area = QRect(rect.left(), rect.top() + 2, rect.width(), 18)
        painter.drawText(number_area, Qt.AlignmentFlag.AlignCenter, str(qdate.day()))
        if day == self._marked:
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        counts = self._days.get(day)
        if counts:
            self._paint_badge(painter, rect, counts)
        painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, rect: QRect, counts: Mapping[DeadlineStatus, int]) -> None:
        worst = worst_status(counts)
        colour = QColor(STATUS_COLOURS[worst])
        top = max(rect.top() + 21, rect.bottom() - 21)
        badge = QRect(rect.left() + 4, top, rect.width() - 8, min(18, rect.bottom() - top - 1))
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(badge, 4, 4)
        painter.fillRect(
            badge.adjusted(1, 1, -1, -1), QColor(colour.red(), colour.green(), colour.blue(), 36)
        )
        painter.drawPixmap(badge.left() + 4, badge.center().y() - 5, status_icon(worst, 12).pixmap(12, 12))
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colour)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(badge.adjusted(20, 0, -3, 0), align, str(sum(counts.values())))


class DeadlineCalendarView(QWidget):
    open_task_requested = Signal(int, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._as_of = date.today()
        self._warn_days = DEFAULT_WARN_DAYS
        self._shown: tuple | None = None
        self._placed_for: date | None = None  # the as-of date the calendar last moved to
        self._days: dict[date, dict[DeadlineStatus, int]] = {}

        self.calendar = DeadlineCalendar()
        self.calendar.currentPageChanged.connect(lambda _year, _month: self._load_month())
        self.calendar.selectionChanged.connect(self._show_day)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("Màu và hình theo tình trạng xấu nhất trong ngày:"))
        for status in SEVERITY:
            item = QLabel()
            item.setPixmap(status_icon(status, 12).pixmap(12, 12))
            legend.addWidget(item)
            legend.addWidget(QLabel(status.label))
        legend.addStretch(1)
        self.month_label = QLabel()
        self.month_label.setObjectName("calendarMonthSummary")

        self.model = DeadlineTableModel(self)
        self.table = make_deadline_table(self.model, "calendarDayRows")
        connect_opening(self.table, self.model, self.open_task_requested.emit)
        self.day_label = QLabel()
        self.day_label.setObjectName("calendarDayLabel")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.day_label)
        lower_layout.addWidget(self.table, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.calendar, 1)
        upper_layout.addLayout(legend)
        upper_layout.addWidget(self.month_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    # ------------------------------------------------------------ loading
    def invalidate(self) -> None:
        """The data changed: the next `show_as_of` reloads whatever the date."""
        self._shown = None

    def show_as_of(self, as_of: date, warn_days: int, force: bool = False) -> None:
        if force or self._shown != (as_of, warn_days):
            moved = self._placed_for != as_of
            self._placed_for = as_of
            self._as_of, self._warn_days = as_of, warn_days
            self._shown = (as_of, warn_days)
            if moved:  # open on the as-of date's month, that day chosen
                self.calendar.blockSignals(True)
                self.calendar.setSelectedDate(QDate(as_of.year, as_of.month, as_of.day))
                self.calendar.blockSignals(False)
            self.refresh()

    def refresh(self) -> None:
        self._load_month()
        self._show_day()

    def _load_month(self) -> None:
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        first = date(year, month, 1)
        # The grid shows up to six weeks around the month: count those days too.
        start = first - timedelta(days=7)
        end = (first + timedelta(days=32)).replace(day=1) + timedelta(days=14)
        selection = DeadlineSelection(self.context.db, self._as_of, self._warn_days)
        self._days = selection.day_counts(start, end)
        self.calendar.set_day_counts(self._days, self._as_of)
        in_month = [counts for day, counts in self._days.items() if (day.year, day.month) == (year, month)]
        total = sum(sum(counts.values()) for counts in in_month)
        overdue = sum(counts.get(DeadlineStatus.OVERDUE, 0) for counts in in_month)
        self.month_label.setText(
            f"Tháng {month}/{year}: {total} nhiệm vụ đến hạn trong {len(in_month)} ngày, {overdue} quá hạn "
            f"(tính đến {vntext.format_date(self._as_of)})"
        )

    def day_counts(self) -> dict[date, dict[DeadlineStatus, int]]:
        """Counts per day of the month shown (and the days around it in the grid)."""
        return dict(self._days)

    def selected_day(self) -> date:
        value = self.calendar.selectedDate()
        return date(value.year(), value.month(), value.day())

    def select_day(self, day: date) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _show_day(self) -> None:
        day = self.selected_day()
        query = DeadlineQuery(
            as_of=self._as_of,
            warn_days=self._warn_days,
            due_from=day,
            due_to=day,
            undated=False,
            sort=DeadlineSort.STATUS,
        )
        self.model.load(self.context.db, query, force=True)
        total = self.model.total()
        self.day_label.setText(
            f"Ngày {vntext.format_date(day)}: {total} nhiệm vụ đến hạn"
            + (" (Enter hoặc nhấp đúp để mở nhiệm vụ)" if total else "")
        )
