"""Small pieces every screen and dialog builds the same way: screen shortcuts, the Lưu/Hủy buttons."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

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
