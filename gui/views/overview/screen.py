"""The «Tổng quan» home screen: how the work stands as of a day, each figure a link to its list.

Counts per status, the units with most overdue work, what falls due this week, completion over
the reporting months (or quarters) of the year and the units that have not reported this month,
for every plan or one. The figures come from storage.overview in one go; a click (or Tab, then
Space or Enter) on any of them opens «Hạn xử lý» filtered to exactly those rows, or the task's form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
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
from core.model import Role
from core.overview import Overview, PeriodCompletion
from core.status import DEFAULT_WARN_DAYS, SEVERITY, DeadlineStatus
from gui.context import AppContext
from gui.models.task_tree import STATUS_COLOURS
from gui.views.deadline_calendar import VIETNAMESE
from gui.views.overview.links import DeadlineLink, TaskLink, follow
from gui.views.overview.widgets import (
    SEGMENTS,
    LinkButton,
    PeriodColumn,
    StatusTile,
    TextLink,
    UnitBar,
    show_if,
)
from gui.views.plan_chooser import plan_choice_text

RELEVANT_CHANGES = ("plans", "tasks", "units", "progress", "settings")
ALL_PLANS = "(Tất cả kế hoạch)"
OVERDUE = frozenset({DeadlineStatus.OVERDUE})
NOT_DONE = frozenset({DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.IN_PROGRESS})
WITH_DEADLINE = frozenset(DeadlineStatus) - {DeadlineStatus.NO_DEADLINE}
SEGMENT_NAMES = {
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "overdue": "quá hạn chưa xong",
    "pending": "chưa đến hạn",
}
_ROMAN = ("I", "II", "III", "IV")
SILENT_SHOWN = 10  # units named one per line; the others in one line after them


def _date_range(start: date, end: date) -> str:
    return f"{vntext.format_date(start)} – {vntext.format_date(end)}"


def _empty(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("overviewEmpty")
    label.setWordWrap(True)
    label.setEnabled(False)  # shown greyed: nothing to click
    return label


class OverviewScreen(QWidget):
    title = "Tổng quan"

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, as_of: date | None = None):
        super().__init__(parent)
        self.context = context
        self.overview: Overview | None = None
        self._dirty = False
        self._warn_days = DEFAULT_WARN_DAYS

        self.plan_combo = QComboBox()
        self.plan_combo.setObjectName("overviewPlan")
        self.plan_combo.setToolTip("Số liệu của mọi kế hoạch hay của một kế hoạch")
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
        self.overdue_box, self.overdue_list = self._box("Quá hạn nhiều nhất theo đơn vị")
        self.week_box, self.week_list = self._box("Đến hạn tuần này")
        self.period_box = QGroupBox()
        period_layout = QVBoxLayout(self.period_box)
        chooser = QHBoxLayout()
        period_label = QLabel("Xem t&heo:")
        period_label.setBuddy(self.period_combo)
        chooser.addWidget(period_label)
        chooser.addWidget(self.period_combo)
        chooser.addStretch(1)
        period_layout.addLayout(chooser)
        self.period_columns = QHBoxLayout()
        self.period_columns.setSpacing(2)
        period_layout.addLayout(self.period_columns, 1)
        period_layout.addWidget(self._legend())
        self.silent_box, self.silent_list = self._box("Đơn vị chưa báo cáo")
        self._make_pieces()

        grid = QGridLayout()
        grid.addWidget(status_box, 0, 0, 1, 2)
        grid.addWidget(self.overdue_box, 1, 0)
        grid.addWidget(self.week_box, 1, 1)
        grid.addWidget(self.period_box, 2, 0)
        grid.addWidget(self.silent_box, 2, 1)
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

    def _box(self, title: str) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox(title)
        outer = QVBoxLayout(box)
        inner = QVBoxLayout()
        inner.setSpacing(0)
        outer.addLayout(inner)
        outer.addStretch(1)
        return box, inner

    def _make_pieces(self) -> None:
        """The lists' pools (filled as a reload needs more pieces, then kept and refilled) and the
        lines after them."""
        self.unit_bars: list[UnitBar] = []
        self.overdue_more = TextLink()
        self.overdue_more.setObjectName("overdueOthers")
        self.overdue_more.clicked.connect(lambda: self._open_deadlines(statuses=OVERDUE))
        self.overdue_empty = _empty("Không đơn vị nào có nhiệm vụ quá hạn.")
        self.week_links: list[TextLink] = []
        self.week_all = TextLink()
        self.week_all.setObjectName("dueWeekAll")
        self.week_all.clicked.connect(
            lambda: self._open_deadlines(
                statuses=NOT_DONE, due=(self.week_all.target.start, self.week_all.target.end)
            )
        )
        self.week_empty = _empty("Tuần này không có nhiệm vụ nào đến hạn còn phải làm.")
        self.period_pieces: list[PeriodColumn] = []
        self.silent_links: list[TextLink] = []
        self.silent_more = QLabel()
        self.silent_more.setObjectName("silentOthers")
        self.silent_more.setIndent(8)
        self.silent_empty = _empty("Mọi đơn vị chủ trì nhiệm vụ trong kỳ đã cập nhật tiến độ.")
        for layout, pieces in (
            (self.overdue_list, (self.overdue_more, self.overdue_empty)),
            (self.week_list, (self.week_all, self.week_empty)),
            (self.silent_list, (self.silent_more, self.silent_empty)),
        ):
            for piece in pieces:
                layout.addWidget(piece)

    @staticmethod
    def _grown(pool: list, layout: QBoxLayout, count: int, make: Callable[[], LinkButton]) -> list:
        """`pool` with at least `count` pieces: the missing ones are made and put after the others.

        Pieces are made only when first needed and kept: making them cost more than the queries.
        """
        while len(pool) < count:
            piece = make()
            layout.insertWidget(len(pool), piece)
            pool.append(piece)
        return pool

    def _unit_bar(self) -> UnitBar:
        bar = UnitBar()
        bar.clicked.connect(
            lambda _checked=False: self._open_deadlines(
                statuses=OVERDUE, unit_id=bar.unit_id, unit_name=bar.name
            )
        )
        return bar

    def _week_link(self) -> TextLink:
        link = TextLink()
        link.clicked.connect(lambda _checked=False: follow(self, self.context, link.target))
        return link

    def _period_column(self) -> PeriodColumn:
        column = PeriodColumn()
        column.clicked.connect(
            lambda _checked=False: self._open_deadlines(
                statuses=WITH_DEADLINE, due=(column.figures.period.start, column.figures.period.end)
            )
        )
        return column

    def _silent_link(self) -> TextLink:
        link = TextLink()
        link.clicked.connect(
            lambda _checked=False: self._open_deadlines(
                unit_id=link.target, unit_name=link.text_shown, role=Role.LEAD
            )
        )
        return link

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

    # ------------------------------------------------------------ loading
    def as_of(self) -> date:
        return self.as_of_edit.date().toPython()

    def plan_id(self) -> int | None:
        return self.plan_combo.currentData()

    def refresh(self) -> None:
        """Reload the plan list and every figure from the database."""
        from storage.plans import list_plans
        from storage.settings import get_setting

        self._dirty = False
        self._warn_days = int(get_setting(self.context.db, "warn_days"))
        keep = self.plan_combo.currentData()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        self.plan_combo.addItem(ALL_PLANS, None)
        for plan in list_plans(self.context.db):
            self.plan_combo.addItem(plan_choice_text(plan), plan.id)
            self.plan_combo.setItemData(self.plan_combo.count() - 1, plan.title, Qt.ItemDataRole.ToolTipRole)
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(keep), 0))
        self.plan_combo.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        from storage.overview import load_overview

        self.overview = load_overview(
            self.context.db,
            self.as_of(),
            self._warn_days,
            plan_id=self.plan_id(),
            period_kind=self.period_combo.currentData(),
        )
        self._show(self.overview)

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
        self._show_overdue(figures)
        self._show_week(figures)
        self._show_periods(figures)
        self._show_silent(figures)

    def _show_overdue(self, figures: Overview) -> None:
        ranked = figures.overdue_by_unit
        longest = ranked.top[0].count if ranked.top else 0
        bars = self._grown(self.unit_bars, self.overdue_list, len(ranked.top), self._unit_bar)
        for index, bar in enumerate(bars):
            unit = ranked.top[index] if index < len(ranked.top) else None
            if unit is not None:
                tip = f"{unit.unit_name}: {unit.count} lượt quá hạn. Bấm để xem danh sách."
                bar.show_unit(unit.unit_id, unit.unit_name, unit.count, longest, tip)
            show_if(bar, unit is not None)
        if ranked.other_units:
            self.overdue_more.show_text(
                f"và {ranked.other_units} đơn vị khác: {vntext.format_number(ranked.other_count, 0)} lượt",
                "Xem mọi nhiệm vụ quá hạn",
            )
        show_if(self.overdue_more, bool(ranked.other_units))
        show_if(self.overdue_empty, not ranked.top)

    def _show_week(self, figures: Overview) -> None:
        week = figures.due_this_week
        self.week_box.setTitle(f"Đến hạn tuần này ({_date_range(week.start, week.end)}), chưa hoàn thành")
        links = self._grown(self.week_links, self.week_list, len(week.items), self._week_link)
        for index, link in enumerate(links):
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
        self.week_all.target = week
        self.week_all.show_text(
            f"Xem cả {week.total_tasks} nhiệm vụ ({week.total_rounds} lượt) đến hạn tuần này",
            "Mở «Hạn xử lý»: những lượt chưa hoàn thành có hạn trong tuần này",
        )
        show_if(self.week_all, bool(week.items))
        show_if(self.week_empty, not week.items)

    def _show_periods(self, figures: Overview) -> None:
        periods = figures.periods
        year = periods[0].period.end.year
        kind = "tháng" if periods[0].period.kind == "month" else "quý"
        self.period_box.setTitle(f"Hoàn thành theo {kind}, năm {year} (các lượt có hạn trong kỳ)")
        highest = max((p.due for p in periods), default=0)
        columns = self._grown(self.period_pieces, self.period_columns, len(periods), self._period_column)
        for index, column in enumerate(columns):
            show_if(column, index < len(periods))
            if index >= len(periods):
                continue
            shown = periods[index]
            column.show_period(
                shown,
                f"T{index + 1}" if kind == "tháng" else f"Q{_ROMAN[index]}",
                highest,
                self._period_tip(shown),
                current=shown.period.start <= figures.as_of <= shown.period.end,
            )

    @staticmethod
    def _period_tip(figures: PeriodCompletion) -> str:
        period = figures.period
        lines = [f"{period.label.capitalize()} ({_date_range(period.start, period.end)})"]
        lines.append(f"{figures.due} lượt có hạn trong kỳ:")
        lines += [f"  {getattr(figures, name)} {SEGMENT_NAMES[name]}" for name, _colour in SEGMENTS]
        rate = figures.rate
        lines.append(
            "Tỷ lệ hoàn thành: —" if rate is None
            else f"Tỷ lệ hoàn thành (hoàn thành ÷ đã đến hạn): {vntext.format_number(rate * 100, 1)}%"
        )  # fmt: skip
        lines.append("Bấm để xem danh sách.")
        return "\n".join(lines)

    def _show_silent(self, figures: Overview) -> None:
        period = figures.report_period
        self.silent_box.setTitle(
            f"Đơn vị chưa báo cáo {period.label} ({_date_range(period.start, period.end)})"
        )
        silent = figures.not_reported
        shown = min(len(silent), SILENT_SHOWN)
        for index, link in enumerate(
            self._grown(self.silent_links, self.silent_list, shown, self._silent_link)
        ):
            unit = silent[index] if index < len(silent) else None
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
        self.silent_more.setText(f"và {len(rest)} đơn vị khác")
        self.silent_more.setToolTip(
            ", ".join(u.unit_name for u in rest[:60]) + (" …" if len(rest) > 60 else "")
        )
        show_if(self.silent_more, bool(rest))
        show_if(self.silent_empty, not silent)

    # ------------------------------------------------------------ links
    def _open_deadlines(self, **filters) -> None:
        follow(self, self.context, DeadlineLink(self.as_of(), plan_id=self.plan_id(), **filters))
