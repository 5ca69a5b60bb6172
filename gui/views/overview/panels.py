"""The four boxes of «Tổng quan» under the status counts: overdue by unit, due this week, completion
per period, units not reported.

Each box makes its pieces (widgets.py) the first time a reload needs them and keeps them, hidden
when a later reload needs fewer: making widgets cost more than all the queries behind them. A
click on a piece calls the screen back with the filters of «Hạn xử lý» that list what it counted
(`open_deadlines(**filters)`), or with the task to open (`open_task(TaskLink)`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core import vntext
from core.model import Role
from core.overview import DueThisWeek, OverdueByUnit, PeriodCompletion, UnitRef
from core.periods import Period
from core.status import DeadlineStatus
from gui.models.task_tree import STATUS_COLOURS
from gui.views.overview.links import TaskLink
from gui.views.overview.widgets import SEGMENTS, LinkButton, PeriodColumn, TextLink, UnitBar, show_if

OVERDUE = frozenset({DeadlineStatus.OVERDUE})
NOT_DONE = frozenset({DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.IN_PROGRESS})
WITH_DEADLINE = frozenset(DeadlineStatus) - {DeadlineStatus.NO_DEADLINE}
SEGMENT_NAMES = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "overdue": "quá hạn chưa xong",
    "pending": "chưa đến hạn",
}
SILENT_SHOWN = 10  # units named one per line; the others in one line after them
_ROMAN = ("I", "II", "III", "IV")

OpenDeadlines = Callable[..., None]


def date_range(start: date, end: date) -> str:
    return f"{vntext.format_date(start)} – {vntext.format_date(end)}"


def _empty(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("overviewEmpty")
    label.setWordWrap(True)
    label.setEnabled(False)  # shown greyed: nothing to click
    return label


class _ListPanel(QGroupBox):
    """A box listing pieces one under the other, then the lines given (a «more», an «empty»)."""

    def __init__(self, title: str):
        super().__init__(title)
        outer = QVBoxLayout(self)
        self.list = QVBoxLayout()
        self.list.setSpacing(0)
        outer.addLayout(self.list)
        outer.addStretch(1)

    def add_after(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.list.addWidget(widget)

    def grown(self, pool: list, count: int, make: Callable[[], LinkButton]) -> list:
        """`pool` with at least `count` pieces: the missing ones are made and put after the others."""
        while len(pool) < count:
            piece = make()
            self.list.insertWidget(len(pool), piece)
            pool.append(piece)
        return pool


class OverdueUnitsPanel(_ListPanel):
    def __init__(self, open_deadlines: OpenDeadlines):
        super().__init__("Quá hạn nhiều nhất theo đơn vị")
        self.open_deadlines = open_deadlines
        self.bars: list[UnitBar] = []
        self.more = TextLink()
        self.more.setObjectName("overdueOthers")
        self.more.clicked.connect(lambda: open_deadlines(statuses=OVERDUE))
        self.empty = _empty("Không đơn vị nào có nhiệm vụ quá hạn.")
        self.add_after(self.more, self.empty)

    def _bar(self) -> UnitBar:
        bar = UnitBar()
        bar.clicked.connect(
            lambda _checked=False: self.open_deadlines(
                statuses=OVERDUE, unit_id=bar.unit_id, unit_name=bar.name
            )
        )
        return bar

    def show_figures(self, ranked: OverdueByUnit) -> None:
        longest = ranked.top[0].count if ranked.top else 0
        for index, bar in enumerate(self.grown(self.bars, len(ranked.top), self._bar)):
            unit = ranked.top[index] if index < len(ranked.top) else None
            if unit is not None:
                tip = f"{unit.unit_name}: {unit.count} lượt quá hạn. Bấm để xem danh sách."
                bar.show_unit(unit.unit_id, unit.unit_name, unit.count, longest, tip)
            show_if(bar, unit is not None)
        if ranked.other_units:
            self.more.show_text(
                f"và {ranked.other_units} đơn vị khác: {vntext.format_number(ranked.other_count, 0)} lượt",
                "Xem mọi nhiệm vụ quá hạn",
            )
        show_if(self.more, bool(ranked.other_units))
        show_if(self.empty, not ranked.top)


class DueThisWeekPanel(_ListPanel):
    def __init__(self, open_deadlines: OpenDeadlines, open_task: Callable[[TaskLink], None]):
        super().__init__("Đến hạn tuần này")
        self.open_task = open_task
        self.links: list[TextLink] = []
        self.week: tuple[date, date] | None = None
        self.all = TextLink()
        self.all.setObjectName("dueWeekAll")
        self.all.clicked.connect(lambda: open_deadlines(statuses=NOT_DONE, due=self.week))
        self.empty = _empty("Tuần này không có nhiệm vụ nào đến hạn còn phải làm.")
        self.add_after(self.all, self.empty)

    def _link(self) -> TextLink:
        link = TextLink()
        link.clicked.connect(lambda _checked=False: self.open_task(link.target))
        return link

    def show_figures(self, week: DueThisWeek) -> None:
        self.week = (week.start, week.end)
        self.setTitle(f"Đến hạn tuần này ({date_range(week.start, week.end)}), chưa hoàn thành")
        for index, link in enumerate(self.grown(self.links, len(week.items), self._link)):
            item = week.items[index] if index < len(week.items) else None
            show_if(link, item is not None)
            if item is None:
                continue
            units = ", ".join(item.unit_names)
            where = " · ".join(part for part in (item.plan_reference, item.task_path) if part)
            link.setObjectName(f"dueTask_{item.task_id}")
            link.target = TaskLink(item.task_id, item.occurrence_id)
            link.show_text(
                f"{vntext.format_date(item.due_on)[:5]}  {item.task_content}",
                f"{where}\n{item.task_content}\nĐơn vị: {units}\n{item.status.label}. Bấm để mở nhiệm vụ.",
                STATUS_COLOURS[item.status],
                detail=units if len(item.unit_names) == 1 else f"{len(item.unit_names)} đơn vị",
            )
        self.all.show_text(
            f"Xem cả {week.total_tasks} nhiệm vụ ({week.total_rounds} lượt) đến hạn tuần này",
            "Mở «Hạn xử lý»: những lượt chưa hoàn thành có hạn trong tuần này",
        )
        show_if(self.all, bool(week.items))
        show_if(self.empty, not week.items)


class CompletionPanel(QGroupBox):
    """A column per period of the year, with the chooser of months or quarters and a legend."""

    def __init__(self, open_deadlines: OpenDeadlines, period_combo: QComboBox):
        super().__init__()
        self.open_deadlines = open_deadlines
        self.columns: list[PeriodColumn] = []
        layout = QVBoxLayout(self)
        chooser = QHBoxLayout()
        label = QLabel("Xem t&heo:")
        label.setBuddy(period_combo)
        chooser.addWidget(label)
        chooser.addWidget(period_combo)
        chooser.addStretch(1)
        layout.addLayout(chooser)
        self.row = QHBoxLayout()
        self.row.setSpacing(2)
        layout.addLayout(self.row, 1)
        layout.addWidget(self._legend())

    @staticmethod
    def _legend() -> QLabel:
        # Non-breaking spaces: a narrow box wraps between the items, never inside one.
        parts = [
            f'<span style="color:{colour}">■</span>&nbsp;{SEGMENT_NAMES[name].replace(" ", "&nbsp;")}'
            for name, colour in SEGMENTS
        ]
        label = QLabel(" &nbsp; ".join(parts) + " &nbsp; (trên cột: tỷ lệ hoàn thành)")
        label.setObjectName("overviewLegend")
        label.setWordWrap(True)
        return label

    def _column(self) -> PeriodColumn:
        column = PeriodColumn()
        column.clicked.connect(lambda _checked=False: self._open(column.figures.period))
        return column

    def _open(self, period: Period) -> None:
        self.open_deadlines(statuses=WITH_DEADLINE, due=(period.start, period.end))

    def show_figures(self, periods: tuple[PeriodCompletion, ...], as_of: date) -> None:
        kind = "tháng" if periods[0].period.kind == "month" else "quý"
        self.setTitle(f"Hoàn thành theo {kind}, năm {periods[0].period.end.year} (các lượt có hạn trong kỳ)")
        highest = max((p.due for p in periods), default=0)
        while len(self.columns) < len(periods):
            self.columns.append(self._column())
            self.row.addWidget(self.columns[-1])
        for index, column in enumerate(self.columns):
            show_if(column, index < len(periods))
            if index >= len(periods):
                continue
            shown = periods[index]
            column.show_period(
                shown,
                f"T{index + 1}" if kind == "tháng" else f"Q{_ROMAN[index]}",
                highest,
                period_tip(shown),
                current=shown.period.start <= as_of <= shown.period.end,
            )


def period_tip(figures: PeriodCompletion) -> str:
    period = figures.period
    lines = [f"{period.label.capitalize()} ({date_range(period.start, period.end)})"]
    lines.append(f"{figures.due} lượt có hạn trong kỳ:")
    lines += [f"  {getattr(figures, name)} {SEGMENT_NAMES[name]}" for name, _colour in SEGMENTS]
    rate = figures.rate
    lines.append(
        "Tỷ lệ hoàn thành: —" if rate is None
        else f"Tỷ lệ hoàn thành (hoàn thành ÷ đã đến hạn): {vntext.format_number(rate * 100, 1)}%"
    )  # fmt: skip
    lines.append("Bấm để xem danh sách.")
    return "\n".join(lines)


class SilentUnitsPanel(_ListPanel):
    def __init__(self, open_deadlines: OpenDeadlines):
        super().__init__("Đơn vị chưa báo cáo")
        self.open_deadlines = open_deadlines
        self.links: list[TextLink] = []
        self.more = QLabel()
        self.more.setObjectName("silentOthers")
        self.more.setIndent(8)
        self.empty = _empty("Mọi đơn vị chủ trì nhiệm vụ trong kỳ đã cập nhật tiến độ.")
        self.add_after(self.more, self.empty)

    def _link(self) -> TextLink:
        link = TextLink()
        link.clicked.connect(
            lambda _checked=False: self.open_deadlines(
                unit_id=link.target, unit_name=link.text_shown, role=Role.LEAD
            )
        )
        return link

    def show_figures(self, silent: tuple[UnitRef, ...], period: Period) -> None:
        self.setTitle(f"Đơn vị chưa báo cáo {period.label} ({date_range(period.start, period.end)})")
        named = min(len(silent), SILENT_SHOWN)
        for index, link in enumerate(self.grown(self.links, named, self._link)):
            unit = silent[index] if index < named else None
            show_if(link, unit is not None)
            if unit is None:
                continue
            link.setObjectName(f"silentUnit_{unit.unit_id}")
            link.target = unit.unit_id
            link.show_text(
                unit.unit_name,
                f"{unit.unit_name} chủ trì nhiệm vụ trong kỳ nhưng chưa cập nhật tiến độ nào từ "
                f"{vntext.format_date(period.start)}. Bấm để xem các nhiệm vụ đơn vị chủ trì.",
                STATUS_COLOURS[DeadlineStatus.DUE_SOON],
            )
        rest = silent[SILENT_SHOWN:]
        # One short line: a wrapped list of a hundred names would cost more to lay out than all the rest.
        self.more.setText(f"và {len(rest)} đơn vị khác")
        self.more.setToolTip(", ".join(u.unit_name for u in rest[:60]) + (" …" if len(rest) > 60 else ""))
        show_if(self.more, bool(rest))
        show_if(self.empty, not silent)
