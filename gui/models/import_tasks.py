"""Editable tree of the tasks an imported plan will get, shown in the import preview.

Built from the parser's `TaskNode` tree; the user corrects titles, contents, lead and
supporting units ("; "-separated names) and timeframes before anything is saved, and
`roots()` gives the corrected tree back as `TaskNode`s. Tasks without a lead unit and
timeframes the application cannot read are marked ("?", a background and a tooltip).
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.importing import TaskNode
from core.model import TaskKind
from core.timeframe import parse_timeframe
from core.vntext import clean
from gui.models.base import header_data

COL_PATH, COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_TIMEFRAME, COL_TITLE = range(6)
HEADERS = ("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian → cách hiểu", "Tiêu đề")
HEADER_TIPS = (
    "Số thứ tự như in trong văn bản",
    "Tiêu đề và nội dung nhiệm vụ; sửa ở khung bên dưới",
    "Đơn vị chủ trì; nhiều đơn vị cách nhau bằng «;» (F2 để sửa)",
    "Đơn vị phối hợp; nhiều đơn vị cách nhau bằng «;» (F2 để sửa)",
    "Thời gian thực hiện như ghi trong văn bản (F2 để sửa), và chương trình hiểu thế nào: hạn, lặp hằng "
    "năm, không thời hạn…",
    "Tiêu đề của nhiệm vụ",
)
EDITABLE_COLUMNS = (COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_TIMEFRAME, COL_TITLE)
UNSURE_BACKGROUND = "#fff1c2"
UNSURE_MARK = "?"
NO_TIME_COLOUR = "#8a8a8a"
PATH_ROLE = Qt.ItemDataRole.UserRole + 10
_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


def split_names(text: str) -> tuple[str, ...]:
    """'Phòng Nội vụ; UBND các xã, phường' → two names (commas belong to group names)."""
    names: list[str] = []
    for part in text.replace("\n", ";").split(";"):
        name = clean(part)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def join_names(names: tuple[str, ...]) -> str:
    return "; ".join(names)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(slots=True)
class _Draft:
    node: TaskNode
    parent: int | None
    position: int
    title: str
    content: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    timeframe: str
    children: list[int] = field(default_factory=list)

    @property
    def is_task(self) -> bool:
        return self.node.kind is TaskKind.TASK

    @property
    def needs_lead(self) -> bool:
        return self.is_task and not self.lead

    @property
    def timeframe_unclear(self) -> bool:
        return not parse_timeframe(self.timeframe).understood


class ImportTaskModel(QAbstractItemModel):
    """The task tree of an import; structure fixed, cell values editable."""

    def __init__(self, roots: tuple[TaskNode, ...] = (), parent=None):
        super().__init__(parent)
        self._drafts: list[_Draft] = []
        self._roots: list[int] = []
        self.set_roots(roots)

    # ------------------------------------------------------------------ data in/out
    def set_roots(self, roots: tuple[TaskNode, ...]) -> None:
        drafts: list[_Draft] = []
        top: list[int] = []

        def add(node: TaskNode, parent: int | None, position: int) -> int:
            number = len(drafts)
            drafts.append(_Draft(node, parent, position, node.title, node.content, node.lead_units,
                                 node.support_units, node.timeframe_text))
            drafts[number].children = [add(child, number, row) for row, child in enumerate(node.children)]
            return number

        top = [add(root, None, row) for row, root in enumerate(roots)]
        self.beginResetModel()
        self._drafts, self._roots = drafts, top
        self.endResetModel()

    def roots(self) -> tuple[TaskNode, ...]:
        """The tree with the user's edits, as TaskNodes (the parser's other fields kept)."""

        def build(number: int) -> TaskNode:
            draft = self._drafts[number]
            return dataclasses.replace(
                draft.node,
                title=draft.title,
                content=draft.content or draft.title,
                lead_units=draft.lead,
                support_units=draft.support,
                timeframe_text=draft.timeframe,
                children=tuple(build(child) for child in draft.children),
            )

        return tuple(build(number) for number in self._roots)

    def paths(self) -> list[str]:
        return [draft.node.path for draft in self._drafts]

    def task_count(self) -> int:
        return sum(1 for draft in self._drafts if draft.is_task)

    def paths_without_lead(self) -> list[str]:
        return [draft.node.path for draft in self._drafts if draft.needs_lead]

    def unclear_timeframes(self) -> list[tuple[str, str]]:
        """(path, timeframe as written) for every timeframe the application cannot read."""
        return [(d.node.path, d.timeframe) for d in self._drafts if d.timeframe_unclear]

    def empty_contents(self) -> list[str]:
        return [d.node.path for d in self._drafts if not clean(d.content) and not clean(d.title)]

    def index_of_path(self, path: str, column: int = 0) -> QModelIndex:
        for number, draft in enumerate(self._drafts):
            if draft.node.path == path:
                return self.createIndex(draft.position, column, number)
        return QModelIndex()

    def assign_lead_where_missing(self, name: str) -> int:
        """Make `name` the lead unit of every task that has none; returns how many changed."""
        changed = 0
        for number, draft in enumerate(self._drafts):
            if draft.needs_lead:
                draft.lead = (clean(name),)
                changed += 1
                self._row_changed(number)
        return changed

    # ------------------------------------------------------------- QAbstractItemModel
    def index(self, row: int, column: int, parent: Index = _ROOT):
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            siblings = self._drafts[parent.internalId()].children
        else:
            siblings = self._roots
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = _ROOT):  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._drafts[index.internalId()].parent
        if parent is None:
            return QModelIndex()
        return self.createIndex(self._drafts[parent].position, 0, parent)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._drafts[parent.internalId()].children)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return header_data(HEADERS, HEADER_TIPS, section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        draft = self._drafts[index.internalId()]
        column = index.column()
        # A heading carries no work: its units and time are not asked for.
        if column in EDITABLE_COLUMNS and (draft.is_task or column in (COL_CONTENT, COL_TITLE)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        draft, column = self._drafts[index.internalId()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(draft, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(draft, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(draft, column)
        if role == Qt.ItemDataRole.BackgroundRole and self._unsure(draft, column):
            return QBrush(QColor(UNSURE_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_TIMEFRAME and not draft.timeframe:
            return QBrush(QColor(NO_TIME_COLOUR))
        if role == Qt.ItemDataRole.FontRole and not draft.is_task:
            font = QFont()
            font.setBold(True)
            return font
        if role == PATH_ROLE:
            return draft.node.path
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        number, column, text = index.internalId(), index.column(), str(value or "")
        draft = self._drafts[number]
        if column == COL_CONTENT:
            draft.content = text.strip()
        elif column == COL_TITLE:
            draft.title = clean(text)
        elif column == COL_LEAD:
            draft.lead = split_names(text)
        elif column == COL_SUPPORT:
            draft.support = split_names(text)
        elif column == COL_TIMEFRAME:
            draft.timeframe = clean(text)
        self._row_changed(number)
        return True

    def _row_changed(self, number: int) -> None:
        draft = self._drafts[number]
        last = len(HEADERS) - 1
        self.dataChanged.emit(self.createIndex(draft.position, 0, number),
                              self.createIndex(draft.position, last, number))

    # ------------------------------------------------------------------ cells
    @staticmethod
    def _unsure(draft: _Draft, column: int) -> bool:
        if column in (COL_PATH, COL_LEAD):
            return draft.needs_lead
        if column == COL_TIMEFRAME:
            return draft.timeframe_unclear
        return False

    @staticmethod
    def _display(draft: _Draft, column: int) -> str:
        if column == COL_PATH:
            mark = f" {UNSURE_MARK}" if draft.needs_lead or draft.timeframe_unclear else ""
            return draft.node.path + mark
        if column == COL_CONTENT:
            title, content = _one_line(draft.title), _one_line(draft.content)
            if not title or content == title:
                return content or title
            return f"{title}{'' if title[-1] in '.:;!?' else '.'} {content}"
        if column == COL_LEAD:
            return join_names(draft.lead) or (UNSURE_MARK if draft.is_task else "")
        if column == COL_SUPPORT:
            return join_names(draft.support)
        if column == COL_TIMEFRAME:
            if not draft.is_task and not draft.timeframe:
                return ""  # a heading without a time of its own: "no deadline" would be noise
            reading = parse_timeframe(draft.timeframe).describe()
            if draft.timeframe_unclear:
                reading = f"{UNSURE_MARK} {reading}"
            return f"{_one_line(draft.timeframe)} {reading}".strip()
        return draft.title

    @staticmethod
    def _edit_value(draft: _Draft, column: int) -> str:
        return {
            COL_PATH: draft.node.path,
            COL_CONTENT: draft.content,
            COL_LEAD: join_names(draft.lead),
            COL_SUPPORT: join_names(draft.support),
            COL_TIMEFRAME: draft.timeframe,
            COL_TITLE: draft.title,
        }[column]

    @staticmethod
    def _tooltip(draft: _Draft, column: int) -> str | None:
        problems = []
        if draft.needs_lead and column in (COL_PATH, COL_LEAD):
            problems.append("Chưa có đơn vị chủ trì: nhập tên đơn vị (F2); nhiều đơn vị cách nhau bằng «;».")
        if draft.timeframe_unclear and column in (COL_PATH, COL_TIMEFRAME):
            problems.append(f"Chương trình chưa hiểu thời gian «{_one_line(draft.timeframe)}»: "
                            "hãy sửa lại, ví dụ «Năm 2025», «Quý II/2025», «Trước 30/6/2025», «Hằng năm».")
        if problems:
            return "\n".join(problems)
        if column == COL_CONTENT:
            has_title = draft.title and draft.title != draft.content
            parts = [f"<b>{html.escape(draft.title)}</b>"] if has_title else []
            parts += [html.escape(line) for line in draft.content.splitlines() if line.strip()]
            return "<p>" + "<br>".join(parts) + "</p>" if parts else None
        if column in (COL_LEAD, COL_SUPPORT):
            names = draft.lead if column == COL_LEAD else draft.support
            return "\n".join(names) or None
        if column == COL_TIMEFRAME and (draft.is_task or draft.timeframe):
            written = _one_line(draft.timeframe) or "không ghi"
            return f"«{written}» {parse_timeframe(draft.timeframe).describe()}"
        return None
