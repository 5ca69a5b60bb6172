"""Tree model of one plan's tasks (I → 1 → a) → -), and the filter that keeps the tree's shape.

The model is built from `storage.tasks.list_tasks` rows (already in tree order) plus, per task,
how many of its assignment occurrences are in each deadline status; it never queries anything
itself. `TaskFilterProxy` hides rows that do not match a diacritic-insensitive search while
keeping the ancestors and descendants of matches, so a match is always seen in its place.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from core.model import Task, TaskKind
from core.status import SEVERITY, DeadlineStatus, worst_status
from core.timeframe import TimeframeKind, parse_timeframe
from core.vntext import format_date, search_key
from gui.models.base import header_data

if TYPE_CHECKING:
    from storage.tasks import TaskRow

COL_ORDINAL, COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_TIMEFRAME, COL_DEADLINE, COL_STATUS = range(7)
HEADERS = ("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Hạn", "Tình trạng")
HEADER_TIPS = (
    "Số thứ tự như in trong kế hoạch",
    "Tên và nội dung nhiệm vụ (di chuột để xem đầy đủ)",
    "Đơn vị chủ trì thực hiện",
    "Đơn vị phối hợp",
    "Thời gian thực hiện như ghi trong kế hoạch",
    "Hạn chương trình đọc được từ cột Thời gian, hoặc hạn nhập tay",
    "Tình trạng xấu nhất trong các phân công của nhiệm vụ, tính đến hôm nay",
)

_ROOT = QModelIndex()  # the invisible root, as default argument of the model methods
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3  # search key of everything shown on the row
TITLE_ROLE = Qt.ItemDataRole.UserRole + 4  # the title alone, painted bold before the content
BODY_ROLE = Qt.ItemDataRole.UserRole + 5  # the content on one line, without the title
STATUS_ROLE = Qt.ItemDataRole.UserRole + 6  # DeadlineStatus | None

# Unfinished work outranks finished work: a task is as late as its latest open assignment.
STATUS_COLOURS: dict[DeadlineStatus, str] = {
    DeadlineStatus.OVERDUE: "#b3261e",
    DeadlineStatus.DUE_SOON: "#9a5b00",
    DeadlineStatus.IN_PROGRESS: "#1f4e8c",
    DeadlineStatus.NO_DEADLINE: "#5f6368",
    DeadlineStatus.DONE_LATE: "#6d6a00",
    DeadlineStatus.DONE_ON_TIME: "#1e7b34",
}
NOT_UNDERSTOOD_COLOUR = "#b3261e"
CONTEXT_ROW_COLOUR = "#8a8a8a"


@dataclass(frozen=True, slots=True)
class DeadlineReading:
    """What the "Hạn" column says about a task: the text and whether the timeframe was understood."""

    text: str
    understood: bool


def deadline_reading(timeframe_text: str, override: date | None = None) -> DeadlineReading:
    """The reading of a timeframe, or of the explicit deadline that overrides it."""
    timeframe = parse_timeframe(timeframe_text)
    if override is not None:
        if timeframe.kind is TimeframeKind.RECURRING:
            return DeadlineReading(f"→ lặp hằng năm, hạn {override.day:02d}/{override.month:02d} (nhập tay)",
                                   True)
        return DeadlineReading(f"→ hạn {format_date(override)} (nhập tay)", True)
    return DeadlineReading(timeframe.describe(), timeframe.understood)


def one_line(text: str) -> str:
    return " ".join(text.split())


def _title_prefix(title: str) -> str:
    title = one_line(title)
    if not title:
        return ""
    return title if re.search(r"[.:;!?]$", title) else f"{title}."


@dataclass(slots=True)
class _Node:
    number: int  # index in the model's flat list, used as the QModelIndex internal id
    row: TaskRow
    parent: int | None
    position: int  # row among its siblings
    children: list[int] = field(default_factory=list)
    status_counts: Mapping[DeadlineStatus, int] = field(default_factory=dict)
    search_key: str = ""


class TaskTreeModel(QAbstractItemModel):
    """Read-only tree of TaskRow values; changes go through storage and a full reload."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._roots: list[int] = []
        self._by_task: dict[int, int] = {}

    # ------------------------------------------------------------------ loading
    def set_tasks(
        self,
        rows: Sequence[TaskRow],
        status_counts: Mapping[int, Mapping[DeadlineStatus, int]] | None = None,
    ) -> None:
        """Replace the tree with `rows` (tree order, parents first); counts are keyed by task id."""
        status_counts = status_counts or {}
        nodes: list[_Node] = []
        roots: list[int] = []
        by_task: dict[int, int] = {}
        for number, row in enumerate(rows):
            task = row.task
            parent = by_task.get(task.parent_id) if task.parent_id is not None else None
            if task.parent_id is not None and parent is None:
                raise ValueError(f"Nhiệm vụ {row.path or task.id} đứng trước nhiệm vụ cha của nó")
            siblings = nodes[parent].children if parent is not None else roots
            node = _Node(number, row, parent, len(siblings), status_counts=status_counts.get(task.id, {}))
            node.search_key = search_key(" ".join((
                task.ordinal, task.title, task.content, task.timeframe_text, task.notes,
                *row.lead_units, *row.support_units,
            )))
            siblings.append(number)
            nodes.append(node)
            by_task[task.id] = number
        self.beginResetModel()
        self._nodes, self._roots, self._by_task = nodes, roots, by_task
        self.endResetModel()

    # ---------------------------------------------------------------- lookups
    def task_count(self) -> int:
        return len(self._nodes)

    def task_ids(self) -> list[int]:
        return [node.row.task.id for node in self._nodes]

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> TaskRow | None:
        return self._nodes[index.internalId()].row if index.isValid() else None

    def task_at(self, index: QModelIndex | QPersistentModelIndex) -> Task | None:
        row = self.row_at(index)
        return row.task if row is not None else None

    def index_of(self, task_id: int | None, column: int = 0) -> QModelIndex:
        number = self._by_task.get(task_id) if task_id is not None else None
        if number is None:
            return QModelIndex()
        return self.createIndex(self._nodes[number].position, column, number)

    def summary_text(self) -> str:
        """"9 nhiệm vụ, 3 mục · 2 nhiệm vụ quá hạn · 1 sắp đến hạn" for the status line."""
        sections = sum(1 for node in self._nodes if node.row.task.kind is TaskKind.SECTION)
        parts = [f"{len(self._nodes) - sections} nhiệm vụ, {sections} mục"]
        worst = [worst_status(node.status_counts) for node in self._nodes]
        if overdue := worst.count(DeadlineStatus.OVERDUE):
            parts.append(f"{overdue} nhiệm vụ quá hạn")
        if soon := worst.count(DeadlineStatus.DUE_SOON):
            parts.append(f"{soon} sắp đến hạn")
        return " · ".join(parts)

    def descendant_count(self, task_id: int) -> int:
        pending = list(self._nodes[self._by_task[task_id]].children)
        count = 0
        while pending:
            count += 1
            pending.extend(self._nodes[pending.pop()].children)
        return count

    def children_of(self, task_id: int | None) -> list[Task]:
        numbers = self._nodes[self._by_task[task_id]].children if task_id is not None else self._roots
        return [self._nodes[number].row.task for number in numbers]

    # ------------------------------------------------------- QAbstractItemModel
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT):
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            siblings = self._nodes[parent.internalId()].children
        else:
            siblings = self._roots
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = _ROOT):  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._nodes[index.internalId()].parent
        if parent is None:
            return QModelIndex()
        return self.createIndex(self._nodes[parent].position, 0, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._nodes[parent.internalId()].children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return header_data(HEADERS, HEADER_TIPS, section, orientation, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        task, column = node.row.task, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, column)
        if role == Qt.ItemDataRole.FontRole and task.kind is TaskKind.SECTION:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(node, column)
        if role == TASK_ID_ROLE:
            return task.id
        if role == SEARCH_ROLE:
            return node.search_key
        if role == TITLE_ROLE:
            return _title_prefix(task.title)
        if role == BODY_ROLE:
            return one_line(task.content)
        if role == STATUS_ROLE:
            return worst_status(node.status_counts)
        return None

    # ------------------------------------------------------------- cell text
    @staticmethod
    def _display(node: _Node, column: int) -> str:
        task, row = node.row.task, node.row
        if column == COL_ORDINAL:
            return task.ordinal
        if column == COL_CONTENT:
            return " ".join(part for part in (_title_prefix(task.title), one_line(task.content)) if part)
        if column == COL_LEAD:
            return ", ".join(row.lead_units)
        if column == COL_SUPPORT:
            return ", ".join(row.support_units)
        if column == COL_TIMEFRAME:
            return one_line(task.timeframe_text)
        if column == COL_DEADLINE:
            no_time = not task.timeframe_text.strip() and task.deadline_override is None
            if task.kind is TaskKind.SECTION and no_time:
                return ""  # a heading with no time of its own: "no deadline" would be noise
            return deadline_reading(task.timeframe_text, task.deadline_override).text
        status = worst_status(node.status_counts)
        return status.label if status is not None else ""

    @staticmethod
    def _tooltip(node: _Node, column: int) -> str | None:
        task, row = node.row.task, node.row
        if column == COL_CONTENT:
            parts = []
            if task.title.strip():
                parts.append(f"<b>{html.escape(task.title.strip())}</b>")
            parts.extend(html.escape(line) for line in task.content.splitlines() if line.strip())
            if task.notes.strip():
                parts.append(f"<i>Ghi chú: {html.escape(one_line(task.notes))}</i>")
            return "<p>" + "<br>".join(parts) + "</p>" if parts else None
        if column in (COL_LEAD, COL_SUPPORT):
            names = row.lead_units if column == COL_LEAD else row.support_units
            return "<br>".join(html.escape(name) for name in names) or None
        if column == COL_TIMEFRAME:
            return task.timeframe_text or None
        if column == COL_DEADLINE:
            reading = deadline_reading(task.timeframe_text, task.deadline_override)
            if not reading.understood:
                return (f"Chương trình chưa hiểu thời gian «{one_line(task.timeframe_text)}». "
                        "Hãy nhập hạn cụ thể trong hộp thoại Sửa (F2).")
            return reading.text or None
        if column == COL_STATUS and node.status_counts:
            lines = [f"{status.label}: {node.status_counts[status]}"
                     for status in SEVERITY if node.status_counts.get(status, 0)]
            return "Các lượt phân công, tính đến hôm nay:\n" + "\n".join(lines)
        return None

    @staticmethod
    def _foreground(node: _Node, column: int) -> QBrush | None:
        task = node.row.task
        if column == COL_DEADLINE:
            reading = deadline_reading(task.timeframe_text, task.deadline_override)
            return None if reading.understood else QBrush(QColor(NOT_UNDERSTOOD_COLOUR))
        if column == COL_STATUS:
            status = worst_status(node.status_counts)
            return QBrush(QColor(STATUS_COLOURS[status])) if status is not None else None
        return None


class TaskFilterProxy(QSortFilterProxyModel):
    """Shows the rows whose text contains every word of the search, with their ancestors and
    descendants; no sorting, the plan's order is the order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)  # ancestors of a match stay
        self.setAutoAcceptChildRows(True)  # and so does everything under it

    @property
    def active(self) -> bool:
        return bool(self._words)

    def set_search(self, text: str) -> None:
        words = search_key(text).split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange()

    def match_count(self) -> int:
        """How many tasks match the search themselves (the rows around them not counted)."""
        model = self.sourceModel()
        return sum(1 for task_id in model.task_ids() if self.matches(model.index_of(task_id)))

    def matches(self, source: QModelIndex | QPersistentModelIndex) -> bool:
        """Whether the row itself matches the search (not just one around it)."""
        key = source.siblingAtColumn(0).data(SEARCH_ROLE) or ""
        return all(word in key for word in self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not self._words or self.matches(self.sourceModel().index(source_row, 0, source_parent))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Rows kept only to show where a match sits are greyed, so the matches stand out.
        if (role == Qt.ItemDataRole.ForegroundRole and self._words and index.column() != COL_STATUS
                and not self.matches(self.mapToSource(index))):
            return QBrush(QColor(CONTEXT_ROW_COLOUR))
        return super().data(index, role)


def statuses_by_task(items: Iterable[tuple[int, DeadlineStatus]]) -> dict[int, dict[DeadlineStatus, int]]:
    """Count (task id, status) pairs, one per assignment occurrence, into per-task counts."""
    counts: dict[int, dict[DeadlineStatus, int]] = {}
    for task_id, status in items:
        per_task = counts.setdefault(task_id, {})
        per_task[status] = per_task.get(status, 0) + 1
    return counts
