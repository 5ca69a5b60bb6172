"""Our tasks being set up before the plan is written: one editable row per task of our plan.

Each row becomes a `storage.chain.DraftTask`: from a chosen source task (several rows when a task
is split), or added by hand. Our deadline defaults to the source's single deadline; one later than
the source's (`core.chain.derive.later_than_source`) is painted red.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.chain.derive import later_than_source
from core.model import Unit
from core.vntext import format_date
from gui.dialogs.derive_plan.choice_model import candidate_due
from gui.models.base import ROOT, RowTableModel
from gui.models.task_tree import NOT_UNDERSTOOD_COLOUR, one_line
from storage.chain import Candidate, DraftTask

COL_SOURCE, COL_CONTENT, COL_LEAD, COL_SUPPORT, COL_DUE, COL_SOURCE_DUE = range(6)
UNIT_COLUMNS = (COL_LEAD, COL_SUPPORT)
LATE_COLOUR = NOT_UNDERSTOOD_COLOUR
DEFAULT_COLOUR = "#5f6368"
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class DraftRow:
    """One task of our plan as the page edits it."""

    content: str
    source: Candidate | None = None
    lead_ids: tuple[int, ...] = ()
    support_ids: tuple[int, ...] = ()
    due: date | None = None

    @classmethod
    def from_source(cls, candidate: Candidate) -> DraftRow:
        return cls(candidate.content, candidate, candidate.default_leads, candidate.default_supports,
                   candidate.due)

    @property
    def source_due(self) -> date | None:
        return self.source.due if self.source is not None else None

    @property
    def late(self) -> bool:
        return later_than_source(self.due, self.source_due)

    def draft(self) -> DraftTask:
        source = self.source
        return DraftTask(
            content=self.content, source_task_id=source.task_id if source else None,
            title=source.title if source else "", lead_ids=self.lead_ids, support_ids=self.support_ids,
            due=self.due, timeframe_text=source.timeframe_text if source else "",
        )


def late_tooltip(source_due: date) -> str:
    return f"Muộn hơn hạn của cấp trên ({format_date(source_due)})"


class DraftTableModel(RowTableModel[DraftRow]):
    HEADERS = ("Từ mục", "Nội dung", "Chủ trì", "Phối hợp", "Hạn của ta", "Hạn cấp trên")
    HEADER_TIPS = (
        "Mục của kế hoạch cấp trên mà nhiệm vụ được làm từ đó; «mới» là nhiệm vụ ta thêm",
        "Nội dung nhiệm vụ trong kế hoạch của ta (nhấp đúp hoặc F2 để sửa)",
        "Đơn vị chủ trì (nhấp đúp hoặc F2 để chọn; có thể chọn nhóm đơn vị)",
        "Đơn vị phối hợp (nhấp đúp hoặc F2 để chọn; có thể chọn nhóm đơn vị)",
        "Hạn của ta; để trống thì theo thời gian thực hiện của cấp trên",
        "Hạn của cấp trên, hoặc thời gian thực hiện khi không có một hạn duy nhất",
    )

    def __init__(self, units: Sequence[Unit], parent=None):
        super().__init__(parent)
        self._units: Mapping[int, Unit] = {unit.id: unit for unit in units if unit.id is not None}

    # ------------------------------------------------------------------ rows
    def rows(self) -> list[DraftRow]:
        return list(self._rows)

    def drafts(self) -> list[DraftTask]:
        return [row.draft() for row in self._rows]

    def sync_sources(self, chosen: Iterable[Candidate]) -> None:
        """Rows for the chosen source tasks, in their order: edited rows kept, new ones by default.

        Rows of tasks no longer chosen go; rows added by hand stay at the end.
        """
        kept: dict[int, list[DraftRow]] = {}
        for row in self._rows:
            if row.source is not None:
                kept.setdefault(row.source.task_id, []).append(row)
        rows = [row for candidate in chosen
                for row in kept.get(candidate.task_id, [DraftRow.from_source(candidate)])]
        self.set_rows(rows + [row for row in self._rows if row.source is None])

    def split(self, row: int) -> int:
        """Put a copy of the row just below it (same source); returns the copy's row."""
        self.beginInsertRows(ROOT, row + 1, row + 1)
        self._rows.insert(row + 1, self._rows[row])
        self.endInsertRows()
        return row + 1

    def add(self) -> int:
        """A new empty row without source, at the end; returns its row."""
        row = len(self._rows)
        self.beginInsertRows(ROOT, row, row)
        self._rows.append(DraftRow(""))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(ROOT, row, row)
        del self._rows[row]
        self.endRemoveRows()

    def set_units(self, row: int, column: int, unit_ids: Sequence[int]) -> None:
        field = "lead_ids" if column == COL_LEAD else "support_ids"
        self._replace(row, column, **{field: tuple(unit_ids)})

    def unit_ids(self, row: int, column: int) -> tuple[int, ...]:
        value = self._rows[row]
        return value.lead_ids if column == COL_LEAD else value.support_ids

    def unit_names(self, unit_ids: Iterable[int]) -> list[str]:
        return [self._units[u].name if u in self._units else f"(mã số {u})" for u in unit_ids]

    def _replace(self, row: int, column: int, **changes) -> None:
        self._rows[row] = dataclasses.replace(self._rows[row], **changes)
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    # --------------------------------------------------------------- editing
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (COL_CONTENT, COL_DUE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == COL_CONTENT:
            self._replace(index.row(), COL_CONTENT, content=str(value or "").strip())
            return True
        if index.column() == COL_DUE:
            self._replace(index.row(), COL_DUE, due=value if isinstance(value, date) else None)
            return True
        return False

    # --------------------------------------------------------------- display
    def cell(self, row: DraftRow, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == COL_CONTENT:
                return row.content
            if column == COL_DUE:
                return row.due
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and column == COL_DUE and row.late:
            font = QFont()
            font.setBold(True)  # still seen on a selected row, whose text is not red
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE:
            if row.late:
                return QBrush(QColor(LATE_COLOUR))
            if row.due is None:
                return QBrush(QColor(DEFAULT_COLOUR))
        return None

    def _display(self, row: DraftRow, column: int) -> str:
        source = row.source
        if column == COL_SOURCE:
            return source.path if source is not None else "mới"
        if column == COL_CONTENT:
            return one_line(row.content)
        if column in UNIT_COLUMNS:
            return ", ".join(self.unit_names(row.lead_ids if column == COL_LEAD else row.support_ids))
        if column == COL_DUE:
            if row.due is not None:
                return format_date(row.due)
            return "(theo cấp trên)" if source is not None and source.timeframe_text.strip() else ""
        return candidate_due(source) if source is not None else ""

    def _tooltip(self, row: DraftRow, column: int) -> str | None:
        if column == COL_CONTENT:
            lines = [html.escape(line) for line in row.content.splitlines() if line.strip()]
            return "<p>" + "<br>".join(lines) + "</p>" if lines else "Chưa có nội dung (nhấp đúp để nhập)"
        if column in UNIT_COLUMNS:
            names = self.unit_names(row.lead_ids if column == COL_LEAD else row.support_ids)
            return "<br>".join(html.escape(name) for name in names) or "Nhấp đúp để chọn đơn vị"
        if column == COL_DUE:
            if row.late and row.source_due is not None:
                return late_tooltip(row.source_due)
            if row.due is None:
                return "Chưa đặt hạn riêng: theo thời gian thực hiện của cấp trên (nhấp đúp để đặt hạn)"
            return None
        if column == COL_SOURCE and row.source is not None:
            return one_line(f"{row.source.title} {row.source.content}")
        return None
