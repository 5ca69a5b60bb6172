"""What every screen shares: the open database, the settings store, the worker and change signals.

Screens never open databases or settings themselves; they receive an AppContext, so tests can
give them a temporary database, an isolated settings file and a synchronous worker.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from gui.workers import TaskRunner


class Change(StrEnum):
    """What a change touched, as every screen hears it (`AppContext.data_changed`).

    A StrEnum: a handler may still compare with the plain word, and a typo in an emitter fails.
    """

    PLANS = "plans"
    TASKS = "tasks"
    UNITS = "units"
    PROGRESS = "progress"
    INDICATORS = "indicators"
    SETTINGS = "settings"
    REPORTS = "reports"


class AppContext(QObject):
    # Emitted after a (re)open: every screen reloads from scratch.
    database_opened = Signal()
    # Emitted after a change; the argument is the `Change` it was (a str on the wire).
    data_changed = Signal(str)
    # The plan the user is working on (None when none): the task screen follows it.
    plan_selected = Signal(object)

    def __init__(self, db, db_path: Path, settings: QSettings, runner: TaskRunner | None = None):
        super().__init__()
        self.db = db
        self.db_path = Path(db_path)
        self.settings = settings
        self.runner = runner or TaskRunner()
        self.current_plan_id: int | None = None
        # Saved task edits, undoable (Ctrl+Z) until the application closes or another file is opened.
        self.undo_stack = QUndoStack(self)

    def replace_database(self, db, db_path: Path) -> None:
        old = self.db
        self.db, self.db_path = db, Path(db_path)
        self.current_plan_id = None
        self.undo_stack.clear()  # its commands name rows of the old file
        if old is not None and old is not db:
            old.close()
        self.database_opened.emit()
        self.plan_selected.emit(None)

    def select_plan(self, plan_id: int | None) -> None:
        if plan_id != self.current_plan_id:
            self.current_plan_id = plan_id
            self.plan_selected.emit(plan_id)

    def changed(self, what: Change | str) -> None:
        """Tell every screen what changed (ValueError for a word that names no `Change`)."""
        self.data_changed.emit(Change(what).value)
