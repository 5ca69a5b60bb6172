"""The small pieces every form builds the same way: a label with its buddy, a red validation message
under a field (hidden while empty), a number shown for editing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.vntext import format_number
from gui.models.task_tree import NOT_UNDERSTOOD_COLOUR

ERROR_STYLE = f"color: {NOT_UNDERSTOOD_COLOUR};"


def error_label(name: str) -> QLabel:
    """A hidden, word-wrapped red label named `name` (tests and screen readers find it by name)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    """Show `text` in the label, or hide it when `text` is empty."""
    label.setText(text)
    label.setVisible(bool(text))


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose Alt+letter (the & in `text`) moves to `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def with_error(field: QWidget, error: QLabel) -> QWidget:
    """The field with its validation message right under it, as one cell of a form."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    return box


def number_text(number: float | None) -> str:
    """A number as the user edits it: Vietnamese decimal comma, up to 6 decimals; "" for none."""
    return "" if number is None else format_number(number, 6)
