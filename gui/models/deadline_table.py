"""Table models of the deadlines screen: assignments with their deadline status, fetched lazily.

`DeadlineTableModel` never holds the whole result: SQL (storage.deadlines) filters, counts and
sorts, and the model reads one page at a time as the view scrolls (canFetchMore/fetchMore),
going on after the last row it holds. `PlanSummaryModel` lists, for one unit, its counts per
plan. Status colours always come with the status's name and a shape, for colour-blind users.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QPolygonF
from sqlite_utils import Database

from core import vntext
from core.model import Role
from core.status import DEFAULT_WARN_DAYS, DeadlineStatus, completion_rate
from gui.models.base import RowTableModel
from gui.models.task_tree import STATUS_COLOURS
from storage.deadlines import SEVERITY, DeadlineRow, DeadlineSelection, DeadlineSort

COL_PLAN, COL_TASK, COL_UNIT, COL_ROLE, COL_ROUND, COL_DUE, COL_DAYS, COL_STATUS, COL_PROGRESS = range(9)
HEADERS = ("Kế hoạch", "Nhiệm vụ", "Đơn vị", "Vai trò", "Năm", "Hạn", "Còn lại", "Tình trạng", "Tiến độ")
HEADER_TIPS = (
    "Số, ký hiệu của kế hoạch (di chuột để xem trích yếu)",
    "Số thứ tự và nội dung nhiệm vụ",
    "Đơn vị được giao",
    "Chủ trì hay phối hợp",
    "Năm của nhiệm vụ lặp lại hằng năm (mỗi năm một dòng)",
    "Hạn hoàn thành",
    "Số ngày còn lại đến hạn, hoặc số ngày đã trễ",
    "Tình trạng tính đến ngày đã chọn",
    "Tiến độ đơn vị đã báo cáo",
)
# Clicking a header sorts in SQL; columns that share an order share a sort.
SORT_FOR_COLUMN = {
    COL_PLAN: DeadlineSort.PLAN,
    COL_TASK: DeadlineSort.PLAN,
    COL_UNIT: DeadlineSort.UNIT,
    COL_ROLE: DeadlineSort.ROLE,
    COL_ROUND: DeadlineSort.DUE,
    COL_DUE: DeadlineSort.DUE,
    COL_DAYS: DeadlineSort.DUE,
    COL_STATUS: DeadlineSort.STATUS,
    COL_PROGRESS: DeadlineSort.PROGRESS,
}
PAGE_SIZE = 200
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the DeadlineRow
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # its DeadlineStatus
_ROOT = QModelIndex()

# A shape per status, so that the status reads without its colour.
_SHAPES = {
    DeadlineStatus.OVERDUE: "triangle",
    DeadlineStatus.DUE_SOON: "diamond",
    DeadlineStatus.IN_PROGRESS: "circle",
    DeadlineStatus.NO_DEADLINE: "ring",
    DeadlineStatus.DONE_LATE: "half",
    DeadlineStatus.DONE_ON_TIME: "square",
}
_ICONS: dict[tuple[DeadlineStatus, int], QIcon] = {}


def status_icon(status: DeadlineStatus, size: int = 14) -> QIcon:
    """A small shape in the status colour: ▲ overdue, ◆ due soon, ● in progress, ○ no deadline,
    half-filled ■ done late, ■ done on time."""
    key = (status, size)
    if key not in _ICONS:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(STATUS_COLOURS[status])
        painter.setPen(colour)
        painter.setBrush(colour)
        m, s = 1.5, size - 3.0
        shape = _SHAPES[status]
        if shape == "triangle":
            painter.drawPolygon(QPolygonF([QPointF(m + s / 2, m), QPointF(m + s, m + s), QPointF(m, m + s)]))
        elif shape == "diamond":
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(m + s / 2, m),
                        QPointF(m + s, m + s / 2),
                        QPointF(m + s / 2, m + s),
                        QPointF(m, m + s / 2),
                    ]
                )
            )
        elif shape == "circle":
            painter.drawEllipse(QPointF(size / 2, size / 2), s / 2, s / 2)
        elif shape == "ring":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(size / 2, size / 2), s / 2 - 0.5, s / 2 - 0.5)
        elif shape == "half":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(int(m), int(m), int(s), int(s))
            painter.setBrush(colour)
            painter.drawPolygon(QPolygonF([QPointF(m, m), QPointF(m + s, m), QPointF(m, m + s)]))
        else:
            painter.drawRect(int(m), int(m), int(s), int(s))
        painter.end()
        _ICONS[key] = QIcon(pixmap)
    return _ICONS[key]


def days_text(row: DeadlineRow) -> str:
    """ "còn 5 ngày", "hạn hôm nay", "trễ 12 ngày", "xong 20/06/2025"; empty without a deadline."""
    if row.status.is_done:
        return f"xong {vntext.format_date(row.completed_on)}" if row.completed_on else "đã xong"
    if row.days_left is None:
        return ""
    if row.days_left == 0:
        return "hạn hôm nay"
    return f"còn {row.days_left} ngày" if row.days_left > 0 else f"trễ {-row.days_left} ngày"


def rate_text(counts: Mapping[DeadlineStatus, int]) -> str:
    """The completion rate as "78,5%", or "—" when nothing has fallen due yet."""
    rate = completion_rate(counts)
    return "—" if rate is None else f"{vntext.format_number(rate * 100, 1)}%"


@dataclass(frozen=True, slots=True)
class DeadlineQuery:
    """Everything that decides which rows the table shows and in which order."""

    as_of: date
    warn_days: int = DEFAULT_WARN_DAYS
    plan_id: int | None = None
    unit_id: int | None = None
    unit_kind: str | None = None
    role: Role | None = None
    search: str = ""
    due_from: date | None = None
    due_to: date | None = None
    undated: bool = True
    statuses: frozenset[DeadlineStatus] | None = None  # None: every status
    sort: DeadlineSort = DeadlineSort.STATUS
    descending: bool = False

    def selection_key(self) -> tuple:
        """The parts that change which rows match (and their counts), not which are shown."""
        shown_only = ("statuses", "sort", "descending")
        return tuple(getattr(self, f.name) for f in fields(self) if f.name not in shown_only)

    def selection(self, db: Database) -> DeadlineSelection:
        return DeadlineSelection(
            db,
            self.as_of,
            self.warn_days,
            plan_id=self.plan_id,
            unit_id=self.unit_id,
            unit_kind=self.unit_kind,
            role=self.role,
            search=self.search,
            due_from=self.due_from,
            due_to=self.due_to,
            undated=self.undated,
        )


class DeadlineTableModel(RowTableModel[DeadlineRow]):
    """Rows of a DeadlineQuery, read a page at a time; the counts per status come with them."""

    HEADERS = HEADERS
    HEADER_TIPS = HEADER_TIPS
    loaded = Signal()  # after every (re)load: counts and totals may have changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self._db: Database | None = None
        self._query: DeadlineQuery | None = None
        self._selection: DeadlineSelection | None = None
        self._counts: dict[DeadlineStatus, int] = dict.fromkeys(DeadlineStatus, 0)
        self._total = 0

    # --------------------------------------------------------------- loading
    def load(self, db: Database, query: DeadlineQuery, *, force: bool = False) -> None:
        """Show `query`; the matching set and its counts are only worked out again when a filter
        other than the statuses or the order changed, or when `force` (the data changed)."""
        fresh = (
            force
            or db is not self._db
            or self._query is None
            or (query.selection_key() != self._query.selection_key())
        )
        if fresh:
            self._selection = query.selection(db)
            self._counts = self._selection.counts()
        self._db, self._query = db, query
        wanted = SEVERITY if query.statuses is None else query.statuses
        self.beginResetModel()
        self._total = sum(self._counts[status] for status in wanted)
        self._rows = self._page(None)
        self.endResetModel()
        self.loaded.emit()

    def reload(self) -> None:
        if self._db is not None and self._query is not None:
            self.load(self._db, self._query, force=True)

    def clear(self) -> None:
        self.beginResetModel()
        self._db = self._query = self._selection = None
        self._rows, self._total = [], 0
        self._counts = dict.fromkeys(DeadlineStatus, 0)
        self.endResetModel()
        self.loaded.emit()

    def _page(self, after: int | None) -> list[DeadlineRow]:
        if self._selection is None or self._query is None:
            return []
        return self._selection.rows(
            statuses=self._query.statuses,
            sort=self._query.sort,
            descending=self._query.descending,
            limit=PAGE_SIZE,
            after=after,
        )

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        if parent.isValid() or not self._rows:
            return
        more = self._page(self._rows[-1].occurrence_id)
        if not more:
            # Fewer rows than counted (the data changed under us): stop asking for more.
            self._total = len(self._rows)
            return
        self.beginInsertRows(_ROOT, len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # --------------------------------------------------------------- lookups
    @property
    def query(self) -> DeadlineQuery | None:
        return self._query

    def counts(self) -> dict[DeadlineStatus, int]:
        """Rows per status under every filter but the status filter."""
        return dict(self._counts)

    def total(self) -> int:
        """How many rows the query has, fetched or not."""
        return self._total

    def loaded_rows(self) -> list[DeadlineRow]:
        return list(self._rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._db is None or self._query is None or column not in SORT_FOR_COLUMN:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = self._query
        if (query.sort, query.descending) != (SORT_FOR_COLUMN[column], descending):
            self.load(self._db, replace(query, sort=SORT_FOR_COLUMN[column], descending=descending))

    # ------------------------------------------------------------------ model
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Called for a dozen roles per visible cell on every paint: unused roles leave first.
        if role not in _USED_ROLES or not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return _display(row, column)
        if role == _TOOLTIP:
            return _tooltip(row, column)
        if role == _DECORATION:
            return status_icon(row.status) if column == COL_STATUS else None
        if role == _FOREGROUND:
            return _brush(row.status) if column in (COL_STATUS, COL_DAYS) else None
        if role == _ALIGNMENT:
            return _RIGHT if column in (COL_PROGRESS, COL_ROUND) else None
        return row if role == ROW_ROLE else row.status


_Role = Qt.ItemDataRole
_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ALIGNMENT = (
    int(role)
    for role in (
        _Role.DisplayRole,
        _Role.ToolTipRole,
        _Role.DecorationRole,
        _Role.ForegroundRole,
        _Role.TextAlignmentRole,
    )
)
_USED_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ALIGNMENT, ROW_ROLE, STATUS_ROLE})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_BRUSHES: dict[DeadlineStatus, QBrush] = {}


def _brush(status: DeadlineStatus) -> QBrush:
    if status not in _BRUSHES:
        _BRUSHES[status] = QBrush(QColor(STATUS_COLOURS[status]))
    return _BRUSHES[status]


def _display(row: DeadlineRow, column: int) -> str:
    if column == COL_PLAN:
        return row.plan_reference or "(chưa có số)"
    if column == COL_TASK:
        content = " ".join(row.task_content.split())
        return f"{row.task_path}. {content}" if row.task_path else content
    if column == COL_UNIT:
        return row.unit_name
    if column == COL_ROLE:
        return row.role.label
    if column == COL_ROUND:
        return row.occurrence_key
    if column == COL_DUE:
        return vntext.format_date(row.due_on) if row.due_on else "—"  # the status says "Không thời hạn"
    if column == COL_DAYS:
        return days_text(row)
    if column == COL_STATUS:
        return row.status.label
    return f"{row.progress}%"


def _tooltip(row: DeadlineRow, column: int) -> str:
    if column == COL_PLAN:
        return f"{row.plan_reference} — {row.plan_title}" if row.plan_reference else row.plan_title
    if column == COL_TASK:
        return row.task_content
    if column in (COL_STATUS, COL_PROGRESS):
        parts = [f"{row.status.label} · {row.state.label}, {row.progress}%"]
        if row.completed_on:
            parts.append(f"Hoàn thành ngày {vntext.format_date(row.completed_on)}")
        if row.result:
            parts.append(f"Kết quả: {row.result}")
        return "\n".join(parts)
    return _display(row, column)


# --- per unit: counts per plan ------------------------------------------------------------------

PCOL_PLAN, PCOL_TOTAL, PCOL_OVERDUE, PCOL_SOON, PCOL_OPEN, PCOL_DONE, PCOL_RATE = range(7)
PLAN_HEADERS = (
    "Kế hoạch",
    "Tổng",
    "Quá hạn",
    "Sắp đến hạn",
    "Đang làm / không hạn",
    "Đã hoàn thành",
    "Tỷ lệ hoàn thành",
)
PLAN_ID_ROLE = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True, slots=True)
class PlanSummary:
    plan_id: int
    label: str  # "367/KH-UBND — Chuyển đổi số…"
    counts: Mapping[DeadlineStatus, int]


class PlanSummaryModel(RowTableModel[PlanSummary]):
    """One row per plan: how many of a unit's assignments are in each status, and its rate."""

    HEADERS = PLAN_HEADERS
    HEADER_TIPS = ("",) * PCOL_RATE + ("Số đã hoàn thành ÷ (số đã hoàn thành + số quá hạn)",)

    def set_plans(self, plans: list[PlanSummary]) -> None:
        self.set_rows(plans)

    def plan_at(self, row: int) -> PlanSummary | None:
        return self.row_at(row)

    def cell(self, plan: PlanSummary, column: int, role: int):
        count = plan.counts.get
        if role == Qt.ItemDataRole.DisplayRole:
            done = count(DeadlineStatus.DONE_ON_TIME, 0) + count(DeadlineStatus.DONE_LATE, 0)
            return {
                PCOL_PLAN: plan.label,
                PCOL_TOTAL: str(sum(plan.counts.values())),
                PCOL_OVERDUE: str(count(DeadlineStatus.OVERDUE, 0)),
                PCOL_SOON: str(count(DeadlineStatus.DUE_SOON, 0)),
                PCOL_OPEN: str(count(DeadlineStatus.IN_PROGRESS, 0) + count(DeadlineStatus.NO_DEADLINE, 0)),
                PCOL_DONE: f"{done} ({count(DeadlineStatus.DONE_LATE, 0)} quá hạn)" if done else "0",
                PCOL_RATE: rate_text(plan.counts),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == PCOL_PLAN:
            return plan.label
        overdue = column == PCOL_OVERDUE and count(DeadlineStatus.OVERDUE)
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(QColor(STATUS_COLOURS[DeadlineStatus.OVERDUE]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column != PCOL_PLAN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PLAN_ID_ROLE:
            return plan.plan_id
        return None
