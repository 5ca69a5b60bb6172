"""Questions put to the user in message boxes, with Vietnamese buttons.

Qt ships no Vietnamese translation of its standard buttons, so QMessageBox.question would ask in
Vietnamese and answer «Yes / No / Discard». Every question goes through `ask`, which names its
buttons itself; tests answer questions by replacing `ask`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

# An answer's key and its button: (key, text with its &-accelerator, role).
Choice = tuple[str, str, QMessageBox.ButtonRole]

YES: Choice = ("yes", "&Có", QMessageBox.ButtonRole.YesRole)
NO: Choice = ("no", "&Không", QMessageBox.ButtonRole.NoRole)
SAVE: Choice = ("save", "&Lưu", QMessageBox.ButtonRole.AcceptRole)
DISCARD: Choice = ("discard", "&Không lưu", QMessageBox.ButtonRole.DestructiveRole)
CANCEL: Choice = ("cancel", "&Hủy", QMessageBox.ButtonRole.RejectRole)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    choices: Sequence[Choice],
    default: str,
    escape: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> str:
    """Show the question and answer the key of the button pressed (`escape`'s on Esc or closing)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = {key: box.addButton(label, role) for key, label, role in choices}
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[escape])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in buttons.items() if button is clicked), escape)


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "&Có", no: str = "&Không") -> bool:
    """A yes-or-no question whose safe answer, on Enter and on Esc, is no."""
    choices = ((YES[0], yes, YES[2]), (NO[0], no, NO[2]))
    return ask(parent, title, text, choices, default="no", escape="no") == "yes"


def ask_unsaved(parent: QWidget | None, title: str, text: str) -> str:
    """«Lưu» (the default), «Không lưu» or «Hủy» (Esc): 'save', 'discard' or 'cancel'."""
    return ask(parent, title, text, (SAVE, DISCARD, CANCEL), default="save", escape="cancel")
