"""Item models of the "Chỉ tiêu" screen: a plan's targets with their achievement, and one target's figures.

Rows are plain values built once per reload (`build_indicator_rows`), so the models never touch
the database. The figure a row shows is the one the progress report prints
(`core.reports.figures.actual_figure`): the latest plan-wide figure, else the units' figures of the
latest period added up when they can be (counts out of totals, or counts in the target's measure);
percentages reported by separate units cannot be added, so they give no figure.
The verdict reads without colour: its name, and the shape the deadline screens use
(■ met, ▲ not met, ○ nothing to compare).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.indicator_periods import MET, NOT_MET, ONGOING, deadline_end
from core.indicator_periods import verdict as judged
from core.indicators import Actual, achievement_rate, is_met, target_text, target_value
from core.model import Indicator, IndicatorValue
from core.reports.figures import actual_figure, actual_text
from core.status import DeadlineStatus
from core.vntext import format_number, search_key
from gui.models.deadline_table import status_icon
from gui.models.progress_history import source_label
from gui.models.sorting import SORT_ROLE, VietnameseSortProxy
from gui.models.task_tree import STATUS_COLOURS

(COL_NUMBER, COL_TEXT, COL_TASK, COL_TARGET, COL_DEADLINE, COL_ACTUAL, COL_RATE, COL_VERDICT) = range(8)
HEADERS = ("TT", "Chỉ tiêu", "Nhiệm vụ", "Kế hoạch", "Thời hạn", "Thực hiện", "Tỷ lệ", "Đánh giá")
HEADER_TIPS = (
    "Số thứ tự chỉ tiêu trong kế hoạch",
    "Nội dung chỉ tiêu như ghi trong văn bản",
    "Nhiệm vụ chứa chỉ tiêu (số thứ tự trong kế hoạch)",
    "Mức cần đạt: ≥ từ … trở lên, > trên, = đạt, ≤ không quá, < dưới",
    "Thời hạn như ghi trong văn bản",
    "Số liệu mới nhất của toàn kế hoạch, hoặc tổng số liệu các đơn vị khi cộng được",
    "Thực hiện so với kế hoạch (100% là vừa đạt)",
    "Đạt / Chưa đạt / Chưa có số liệu",
)
(COL_PERIOD, COL_UNIT, COL_FIGURE, COL_NOTE, COL_SOURCE, COL_RECORDED) = range(6)
VALUE_HEADERS = ("Kỳ", "Đơn vị", "Số liệu", "Ghi chú", "Nguồn", "Ghi nhận lúc")
WHOLE_PLAN = "Toàn kế hoạch"
NO_FIGURE = "—"

INDICATOR_ID_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class Verdict(Enum):
    """Whether a target is met, with the words and the shape the table shows."""

    NOT_MET = ("Chưa đạt", DeadlineStatus.OVERDUE)
    ONGOING = ("Đang thực hiện", DeadlineStatus.IN_PROGRESS)  # short of the target, not yet due
    NO_DATA = ("Chưa có số liệu", DeadlineStatus.NO_DEADLINE)
    NO_TARGET = ("Chưa có mức cần đạt", DeadlineStatus.NO_DEADLINE)
    MET = ("Đạt", DeadlineStatus.DONE_ON_TIME)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def look(self) -> DeadlineStatus:
        """The deadline status whose colour and shape this verdict borrows."""
        return self.value[1]


_VERDICTS = {MET: Verdict.MET, NOT_MET: Verdict.NOT_MET, ONGOING: Verdict.ONGOING}
_VERDICT_ORDER = {verdict: position for position, verdict in enumerate(Verdict)}


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator as the table shows it, its figure and verdict already worked out."""

    number: int
    indicator: Indicator
    task_path: str = ""
    task_text: str = ""
    task_order: int | None = None  # the task's place in the plan's tree, for sorting
    actual: Actual | None = None
    actual_note: str = ""  # where the figure comes from
    rate: float | None = None
    verdict: Verdict = Verdict.NO_DATA
    key: str = ""

    @property
    def actual_text(self) -> str:
        return actual_text(self.indicator, self.actual) or NO_FIGURE

    @property
    def rate_text(self) -> str:
        return "" if self.rate is None else f"{format_number(self.rate * 100, 1)}%"


def figure_text(indicator: Indicator, value: IndicatorValue) -> str:
    """One reported figure in the indicator's measure: "98,5%", "20/25 (80%)", "9 trường"."""
    return actual_text(indicator, Actual(value.value, value.numerator, value.denominator)) or NO_FIGURE


def _actual_note(values: Sequence[IndicatorValue], actual: Actual | None) -> str:
    if not values:
        return "Chưa có số liệu nào được báo cáo."
    whole = [value for value in values if value.unit_id is None]
    if whole:
        latest = max(whole, key=lambda v: (v.recorded_at, v.id or 0))
        return f"Số liệu toàn kế hoạch, kỳ {latest.period or '—'}."
    latest = max(values, key=lambda v: (v.recorded_at, v.id or 0))
    units = {value.unit_id for value in values if value.period == latest.period}
    if actual is None:
        return (f"{len(units)} đơn vị báo cáo kỳ {latest.period or '—'} nhưng số liệu không cộng được "
                "(tỷ lệ % của từng đơn vị); hãy nhập số liệu toàn kế hoạch.")
    return f"Cộng số liệu của {len(units)} đơn vị, kỳ {latest.period or '—'}."


def build_indicator_rows(
    indicators: Sequence[Indicator],
    values: Mapping[int, Sequence[IndicatorValue]],
    tasks: Mapping[int, tuple[str, str, int]],
    as_of: date | None = None,
    plan_end: date | None = None,
) -> list[IndicatorRow]:
    """Rows for a plan's `indicators` in order; `tasks` maps a task id to (path, text, tree order).

    A target short of its value is judged by `core.indicator_periods.verdict` as of `as_of`
    (today): "Chưa đạt" once its deadline (else the plan's end) has passed, else "Đang thực hiện".
    """
    today = as_of or date.today()
    rows = []
    for number, indicator in enumerate(indicators, start=1):
        reported = list(values.get(indicator.id, ()))
        actual = actual_figure(indicator, reported)
        path, text, order = tasks.get(indicator.task_id or -1, ("", "", None))
        met = is_met(indicator, actual) if actual is not None else None
        if met is None:
            no_target = actual is not None and target_value(indicator) is None
            verdict = Verdict.NO_TARGET if no_target else Verdict.NO_DATA
        else:
            due = deadline_end(indicator.deadline, plan_end)
            verdict = _VERDICTS[judged(met, due, today)]
        rows.append(
            IndicatorRow(
                number=number,
                indicator=indicator,
                task_path=path,
                task_text=text,
                task_order=order,
                actual=actual,
                actual_note=_actual_note(reported, actual),
                rate=achievement_rate(indicator, actual) if actual is not None else None,
                verdict=verdict,
                key=search_key(f"{indicator.text} {path} {indicator.deadline} {indicator.measure}"),
            )
        )
    return rows


class IndicatorTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[IndicatorRow] = []

    def set_rows(self, rows: Sequence[IndicatorRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> IndicatorRow:
        return self._rows[row]

    def row_of(self, indicator_id: int | None) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.indicator.id == indicator_id), None)

    def verdict_counts(self) -> dict[Verdict, int]:
        counts = dict.fromkeys(Verdict, 0)
        for row in self._rows:
            counts[row.verdict] += 1
        return counts

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == INDICATOR_ID_ROLE:
            return row.indicator.id
        if column == COL_VERDICT and role == Qt.ItemDataRole.DecorationRole:
            return status_icon(row.verdict.look)
        if column == COL_VERDICT and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STATUS_COLOURS[row.verdict.look]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_RATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: IndicatorRow, column: int) -> str:
        indicator = row.indicator
        return {
            COL_NUMBER: str(row.number),
            COL_TEXT: " ".join(indicator.text.split()),
            COL_TASK: row.task_path,
            COL_TARGET: target_text(indicator),
            COL_DEADLINE: indicator.deadline,
            COL_ACTUAL: row.actual_text,
            COL_RATE: row.rate_text,
            COL_VERDICT: row.verdict.label,
        }[column]

    @staticmethod
    def _sort_value(row: IndicatorRow, column: int):
        if column == COL_NUMBER:
            return row.number
        if column == COL_TASK:
            return row.task_order
        if column == COL_TARGET:
            return target_value(row.indicator)
        if column == COL_ACTUAL:
            return row.actual.as_value(row.indicator.measure) if row.actual is not None else None
        if column == COL_RATE:
            return row.rate
        if column == COL_VERDICT:
            return _VERDICT_ORDER[row.verdict]
        return IndicatorTableModel._display(row, column)

    @staticmethod
    def _tooltip(row: IndicatorRow, column: int) -> str | None:
        if column == COL_TEXT:
            return row.indicator.text
        if column == COL_TASK and row.task_path:
            return f"{row.task_path} {row.task_text}"
        if column == COL_DEADLINE and row.indicator.deadline:
            return row.indicator.deadline
        if column in (COL_ACTUAL, COL_RATE, COL_VERDICT):
            return row.actual_note
        return None


class IndicatorFilterProxy(VietnameseSortProxy):
    """Vietnamese sorting plus a search where every typed word, diacritics ignored, must occur."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = search_key(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not self._words or not isinstance(model, IndicatorTableModel):
            return True
        key = model.row_at(source_row).key
        return all(word in key for word in self._words)


class IndicatorValueModel(QAbstractTableModel):
    """The figures reported for one indicator: per period, per unit or for the whole plan."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._indicator: Indicator | None = None
        self._values: list[IndicatorValue] = []
        self._unit_names: Mapping[int, str] = {}

    def set_values(
        self, indicator: Indicator | None, values: Sequence[IndicatorValue], unit_names: Mapping[int, str]
    ) -> None:
        self.beginResetModel()
        self._indicator = indicator
        self._values = list(values) if indicator is not None else []
        self._unit_names = unit_names
        self.endResetModel()

    def value_at(self, row: int) -> IndicatorValue:
        return self._values[row]

    def unit_name(self, value: IndicatorValue) -> str:
        if value.unit_id is None:
            return WHOLE_PLAN
        return self._unit_names.get(value.unit_id, f"Đơn vị số {value.unit_id}")

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(VALUE_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return VALUE_HEADERS[section] if 0 <= section < len(VALUE_HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._indicator is None:
            return None
        value = self._values[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(value, column)
        if role == Qt.ItemDataRole.FontRole and column == COL_UNIT and value.unit_id is None:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, value: IndicatorValue, column: int) -> str:
        if column == COL_PERIOD:
            return value.period or "—"
        if column == COL_UNIT:
            return self.unit_name(value)
        if column == COL_FIGURE:
            return figure_text(self._indicator, value)
        if column == COL_NOTE:
            return value.note
        if column == COL_SOURCE:
            return source_label(value.source)
        recorded = value.recorded_at
        return recorded.strftime("%d/%m/%Y %H:%M") if recorded is not None else ""
