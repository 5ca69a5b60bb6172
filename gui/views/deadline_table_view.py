"""A table of deadline rows as every tab of «Hạn xử lý» shows it, and how a row is opened.

The list, the calendar's day list and the per-unit view all build their tables here, so the three
look and open alike; they import this module, not each other.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTableView

from gui.models.deadline_table import (
    COL_DAYS,
    COL_DUE,
    COL_PLAN,
    COL_PROGRESS,
    COL_ROLE,
    COL_ROUND,
    COL_STATUS,
    COL_TASK,
    COL_UNIT,
    DeadlineTableModel,
)

COLUMN_WIDTHS = {
    COL_PLAN: 100,
    COL_UNIT: 160,
    COL_ROLE: 68,
    COL_ROUND: 44,
    COL_DUE: 86,
    COL_DAYS: 106,
    COL_STATUS: 192,
    COL_PROGRESS: 56,
}


def make_deadline_table(model: DeadlineTableModel, name: str) -> QTableView:
    """A table of deadline rows as every tab shows them: whole rows, one line each, sorted in SQL."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    # Fixed row heights: the view never measures rows it has not shown.
    table.verticalHeader().setSectionResizeMode(table.verticalHeader().ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(40)
    for column, width in COLUMN_WIDTHS.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(COL_TASK, header.ResizeMode.Stretch)
    header.setSortIndicator(COL_STATUS, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def connect_opening(table: QTableView, model: DeadlineTableModel, handler) -> None:
    """Double-click, Enter or Return on a row calls `handler(task_id, occurrence_id)`."""

    def open_row(index: QModelIndex | None = None) -> None:
        row = model.row_at((index if index is not None else table.currentIndex()).row())
        if row is not None:
            handler(row.task_id, row.occurrence_id)

    # Not `activated`: some desktops activate on a single click.
    table.doubleClicked.connect(open_row)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: open_row())
