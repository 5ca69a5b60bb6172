"""Inline validation messages of the forms: a red label under the field, hidden while it is empty."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

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
