"""Undo and redo of a plan made by the wizard: undo moves it to the trash, redo brings it back."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from gui.context import AppContext, Change
from gui.dialogs.task.undo import undo_book
from storage.plans import delete_plan, restore_plan


class DerivePlanCommand(QUndoCommand):
    """The plan has already been written when the command is pushed."""

    def __init__(self, context: AppContext, plan_id: int, text: str):
        super().__init__(text)
        self.context = context
        self.plan_id = plan_id
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # QUndoStack.push redoes at once; the wizard already wrote the plan
            return
        self._run(restore_plan)

    def undo(self) -> None:
        self._run(delete_plan)

    def _run(self, change) -> None:
        try:
            change(self.context.db, self.plan_id)
        except Exception as error:  # the Edit menu (task_undo.undo_or_redo) shows it or raises it again
            # Nothing changed (one transaction); e.g. the plan was emptied from the trash meanwhile.
            undo_book(self.context.undo_stack).failure = error
            self.setObsolete(True)
            return
        self.context.changed(Change.PLANS)


def push_derived_plan(context: AppContext, plan_id: int, label: str) -> None:
    undo_book(context.undo_stack)  # a fresh book when the stack is empty, as task edits start one
    context.undo_stack.push(DerivePlanCommand(context, plan_id, f"Xây dựng kế hoạch thực hiện {label}"))
