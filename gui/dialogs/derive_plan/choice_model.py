"""The received plan's tasks as a checkable tree: which of them go into our implementation plan.

Rows are `storage.chain.Candidate` values in tree order. Tasks carry a checkbox; a section's box
shows whether the tasks under it are chosen, and ticking it chooses (or drops) all of them, but a
section is never chosen itself: derive_plan copies the headings above the chosen tasks.
The search proxy is the task screen's `TaskFilterProxy`, which reads SEARCH_ROLE.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from core.model import TaskKind
from core.vntext import format_date, search_key
from gui.models.base import header_data
from gui.models.task_tree import SEARCH_ROLE, TASK_ID_ROLE, one_line
from storage.chain import Candidate

COL_PATH, COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_DUE, COL_REASON = range(6)
HEADERS = ("Mục", "Nội dung", "Chủ trì", "Phối hợp", "Hạn", "Lý do")
HEADER_TIPS = (
    "Mục của nhiệm vụ trong kế hoạch cấp trên; đánh dấu để đưa vào kế hoạch của ta",
    "Nội dung nhiệm vụ (di chuột để xem đầy đủ)",
    "Đơn vị chủ trì theo kế hoạch cấp trên",
    "Đơn vị phối hợp theo kế hoạch cấp trên",
    "Hạn của cấp trên, hoặc thời gian thực hiện khi không có một hạn duy nhất",
    "Vì sao nhiệm vụ là của ta",
)
_ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


def candidate_text(candidate: Candidate) -> str:
    """Title and content on one line: "Tuyên truyền. Tổ chức hội nghị …"."""
    title = one_line(candidate.title)
    content = one_line(candidate.content)
    if title and content:
        return f"{title}{'' if title.endswith(('.', ':')) else '.'} {content}"
    return title or content


def candidate_due(candidate: Candidate) -> str:
    """The source's single deadline, or its timeframe as written when it has none."""
    return format_date(candidate.due) if candidate.due is not None else one_line(candidate.timeframe_text)


@dataclass(slots=True)
class _Node:
    candidate: Candidate
    parent: int | None
    position: int
    children: list[int] = field(default_factory=list)
    checked: bool = False
    search_key: str = ""


class ChoiceTreeModel(QAbstractItemModel):
    """Checkable tree of a received plan's candidates."""

    choice_changed = Signal()

    def __init__(self, candidates: Sequence[Candidate], parent=None):
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._roots: list[int] = []
        self._by_task: dict[int, int] = {}
        for candidate in candidates:
            parent_number = self._by_task.get(candidate.parent_id)  # None for a top-level row
            siblings = self._nodes[parent_number].children if parent_number is not None else self._roots
            node = _Node(candidate, parent_number, len(siblings))
            node.search_key = search_key(" ".join((
                candidate.path, candidate.title, candidate.content, candidate.timeframe_text,
                *candidate.lead_units, *candidate.support_units,
                candidate.claim.explanation if candidate.claim else "",
            )))
            siblings.append(len(self._nodes))
            self._by_task[candidate.task_id] = len(self._nodes)
            self._nodes.append(node)

    # ------------------------------------------------------------------ choice
    def chosen(self) -> list[Candidate]:
        """The chosen tasks, in the source's order."""
        return [node.candidate for node in self._nodes if node.checked]

    def chosen_ids(self) -> list[int]:
        return [candidate.task_id for candidate in self.chosen()]

    def claimed_count(self) -> int:
        return sum(1 for node in self._nodes if node.candidate.claim is not None)

    def set_chosen(self, task_ids: Iterable[int]) -> None:
        wanted = set(task_ids)
        self._set_checked(range(len(self._nodes)), lambda node: node.candidate.task_id in wanted)

    def choose_claimed(self) -> None:
        """Choose every task that is ours, leaving the others as they are."""
        self._set_checked(range(len(self._nodes)),
                          lambda node: node.checked or node.candidate.claim is not None)

    def clear_choice(self) -> None:
        self._set_checked(range(len(self._nodes)), lambda node: False)

    def _set_checked(self, numbers: Iterable[int], wanted) -> None:
        changed = []
        for number in numbers:
            node = self._nodes[number]
            if node.candidate.kind is not TaskKind.TASK:
                continue
            value = bool(wanted(node))
            if value != node.checked:
                node.checked = value
                changed.append(number)
        if not changed:
            return
        touched = set(changed)
        for number in changed:
            parent = self._nodes[number].parent
            while parent is not None and parent not in touched:
                touched.add(parent)
                parent = self._nodes[parent].parent
        for number in touched:
            index = self._index(number, COL_PATH)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.choice_changed.emit()

    def _tasks_under(self, number: int) -> list[int]:
        found, pending = [], list(self._nodes[number].children)
        while pending:
            child = pending.pop()
            found.append(child)
            pending.extend(self._nodes[child].children)
        return [n for n in found if self._nodes[n].candidate.kind is TaskKind.TASK]

    def _check_state(self, number: int) -> Qt.CheckState | None:
        node = self._nodes[number]
        if node.candidate.kind is TaskKind.TASK:
            return Qt.CheckState.Checked if node.checked else Qt.CheckState.Unchecked
        tasks = self._tasks_under(number)
        if not tasks:
            return None
        chosen = sum(1 for n in tasks if self._nodes[n].checked)
        if chosen == 0:
            return Qt.CheckState.Unchecked
        return Qt.CheckState.Checked if chosen == len(tasks) else Qt.CheckState.PartiallyChecked

    # ---------------------------------------------------- lookups (for the proxy)
    def task_ids(self) -> list[int]:
        return [node.candidate.task_id for node in self._nodes]

    def index_of(self, task_id: int | None, column: int = 0) -> QModelIndex:
        number = self._by_task.get(task_id) if task_id is not None else None
        return self._index(number, column) if number is not None else QModelIndex()

    def candidate_at(self, index: Index) -> Candidate | None:
        return self._nodes[index.internalId()].candidate if index.isValid() else None

    def _index(self, number: int, column: int) -> QModelIndex:
        return self.createIndex(self._nodes[number].position, column, number)

    # ------------------------------------------------------- QAbstractItemModel
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not 0 <= column < len(HEADERS) or row < 0 or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        siblings = self._nodes[parent.internalId()].children if parent.isValid() else self._roots
        return self.createIndex(row, column, siblings[row]) if row < len(siblings) else QModelIndex()

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._nodes[index.internalId()].parent
        return QModelIndex() if parent is None else self._index(parent, 0)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._roots)
        return len(self._nodes[parent.internalId()].children) if parent.column() == 0 else 0

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return header_data(HEADERS, HEADER_TIPS, section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_PATH and self._check_state(index.internalId()) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_PATH:
            return False
        number = index.internalId()
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if self._nodes[number].candidate.kind is TaskKind.TASK:
            self._set_checked([number], lambda node: checked)
        else:
            # A partly chosen section becomes fully chosen on the first click, as a file manager does.
            state = self._check_state(number)
            target = state != Qt.CheckState.Checked
            self._set_checked(self._tasks_under(number), lambda node: target)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        number, column = index.internalId(), index.column()
        node = self._nodes[number]
        candidate = node.candidate
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(candidate, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(candidate, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_PATH:
            return self._check_state(number)
        if role == Qt.ItemDataRole.FontRole and candidate.kind is TaskKind.SECTION:
            font = QFont()
            font.setBold(True)
            return font
        if role == TASK_ID_ROLE:
            return candidate.task_id
        if role == SEARCH_ROLE:
            return node.search_key
        return None

    @staticmethod
    def _display(candidate: Candidate, column: int) -> str:
        if column == COL_PATH:
            return candidate.path
        if column == COL_CONTENT:
            return candidate_text(candidate)
        if column == COL_LEAD:
            return ", ".join(candidate.lead_units)
        if column == COL_SUPPORT:
            return ", ".join(candidate.support_units)
        if column == COL_DUE:
            return candidate_due(candidate) if candidate.kind is TaskKind.TASK else ""
        return candidate.claim.explanation if candidate.claim else ""

    @staticmethod
    def _tooltip(candidate: Candidate, column: int) -> str | None:
        if column == COL_CONTENT:
            lines = [f"<b>{html.escape(candidate.title.strip())}</b>"] if candidate.title.strip() else []
            lines += [html.escape(line) for line in candidate.content.splitlines() if line.strip()]
            return "<p>" + "<br>".join(lines) + "</p>" if lines else None
        if column in (COL_LEAD, COL_SUPPORT):
            names = candidate.lead_units if column == COL_LEAD else candidate.support_units
            return "<br>".join(html.escape(name) for name in names) or None
        if column == COL_DUE and candidate.timeframe_text.strip():
            return f"Thời gian thực hiện: {one_line(candidate.timeframe_text)}"
        if column == COL_REASON and candidate.claim is not None:
            return candidate.claim.explanation
        return None
