"""The Edit menu's «Hoàn tác» (Ctrl+Z) and «Làm lại» (Ctrl+Y) over the context's undo stack.

Kept apart from the undo commands themselves (gui/dialogs/task/undo.py, which read and write
tasks, progress and evidence files): the window needs the two actions at start-up, the commands
only once something was saved.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from gui.context import AppContext


class _UndoActions(QObject):
    """Owns the Edit menu's two actions and keeps their text in step with the stack.

    A QObject with bound-method slots, so Qt drops the connections when the window that owns
    it goes away while the stack (held by the context) lives on.
    """

    def __init__(self, context: AppContext, parent: QWidget):
        super().__init__(parent)
        self.parent_widget = parent
        self.stack = context.undo_stack
        self.undo = QAction("&Hoàn tác", parent)
        self.undo.setObjectName("undoAction")
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo = QAction("&Làm lại", parent)
        self.redo.setObjectName("redoAction")
        self.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.stack.canUndoChanged.connect(self.undo.setEnabled)
        self.stack.canRedoChanged.connect(self.redo.setEnabled)
        self.stack.undoTextChanged.connect(self.undo_text)
        self.stack.redoTextChanged.connect(self.redo_text)
        self.undo.triggered.connect(self.run_undo)
        self.redo.triggered.connect(self.run_redo)
        self.undo.setEnabled(self.stack.canUndo())
        self.redo.setEnabled(self.stack.canRedo())
        self.undo_text(self.stack.undoText())
        self.redo_text(self.stack.redoText())

    def undo_text(self, text: str) -> None:
        self.undo.setText(f"&Hoàn tác {text}".rstrip())
        self.undo.setToolTip(f"Hoàn tác {text} (Ctrl+Z)" if text else "Chưa có gì để hoàn tác")

    def redo_text(self, text: str) -> None:
        self.redo.setText(f"&Làm lại {text}".rstrip())
        self.redo.setToolTip(f"Làm lại {text} (Ctrl+Y)" if text else "Chưa có gì để làm lại")

    def run_undo(self) -> None:
        undo_or_redo(self.parent_widget, self.stack)

    def run_redo(self) -> None:
        undo_or_redo(self.parent_widget, self.stack, redo=True)


def undo_or_redo(parent: QWidget | None, stack: QUndoStack, *, redo: bool = False) -> bool:
    """Undo (or redo) the last saved edit (gui.dialogs.task.undo, loaded with the first Ctrl+Z)."""
    from gui.dialogs.task import undo

    return undo.undo_or_redo(parent, stack, redo=redo)


def make_undo_actions(context: AppContext, parent: QWidget) -> tuple[QAction, QAction]:
    """The Edit menu's "Hoàn tác" (Ctrl+Z) and "Làm lại" (Ctrl+Y) actions over the context's stack.

    Text fields keep Ctrl+Z for their own typing: they claim the key before a window shortcut.
    """
    actions = _UndoActions(context, parent)
    return actions.undo, actions.redo
