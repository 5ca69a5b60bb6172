"""Small pieces every screen and dialog builds the same way: screen shortcuts, the Lưu/Hủy buttons,
Qt dates to Python dates and back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QWidget

Key = QKeySequence | QKeySequence.StandardKey | Qt.Key | str


def add_shortcuts(bindings: Iterable[tuple[Key, Callable[[], object], QWidget]]) -> None:
    """Bind each key to a slot while focus is inside its widget (a screen, or one table of it).

    Binding Enter or Delete to a table rather than the whole screen keeps them editing text in
    the screen's search box.
    """
    for key, slot, owner in bindings:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """«Lưu» accepts and «Hủy» rejects the dialog, with Alt+L / Alt+H."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Lưu")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Hủy")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None) -> QDateEdit:
    """A dd/MM/yyyy date field with a calendar popup, on `value` when given."""
    edit = QDateEdit(qdate(value)) if value is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit
