"""Running changes from the UI: errors shown as messages, long work behind a progress dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from core import applog
from core.errors import UserError
from gui.context import AppContext
from gui.crash_dialog import show_crash_dialog
from gui.workers import Cancelled, Progress
from storage.database import read_only_reason
from storage.faults import fault_message

# Errors a user can cause carry a Vietnamese message (core.errors.UserError: StorageError,
# PlanImportError, ExchangeFileError…); the machine's faults (full disk, locked or read-only
# file…) get one from storage.faults. Anything else — a plain ValueError, a constraint, bad SQL —
# is a bug: it goes on to the crash dialog and the log.
USER_ERRORS = (UserError, OSError, sqlite3.Error)


def is_user_error(error: BaseException) -> bool:
    return isinstance(error, UserError | OSError) or fault_message(error) is not None


def error_text(error: BaseException, data_file: Path | None = None) -> str:
    """The message for `error`: a machine fault's, a user error's own, or «Lỗi không mong đợi: …»."""
    reason = read_only_reason(data_file) if data_file is not None else None
    if (fault := fault_message(error, data_file, reason)) is not None:
        return fault
    if isinstance(error, UserError | OSError):
        return str(error)
    return f"Lỗi không mong đợi: {type(error).__name__}: {error}"


def show_error(parent: QWidget | None, error: BaseException, title: str = "Không thực hiện được") -> None:
    data_file = _data_file_of(parent)
    if fault_message(error) is not None:
        applog.log.warning("%s: %s (tệp dữ liệu %s)", type(error).__name__, error, data_file)
    QMessageBox.critical(parent, title, error_text(error, data_file))


def attempt(parent: QWidget | None, action: Callable[[], Any], title: str = "Không thực hiện được") -> bool:
    """Run a quick change on the UI thread; show a user error instead of raising. True on success."""
    try:
        action()
    except USER_ERRORS as error:
        if not is_user_error(error):
            raise
        show_error(parent, error, title)
        return False
    return True


def _data_file_of(widget: QObject | None) -> Path | None:
    """The data file of the window `widget` belongs to (SQLite's errors do not name it)."""
    while widget is not None:
        context = getattr(widget, "context", None)
        if isinstance(context, AppContext):
            return context.db_path
        widget = widget.parent()
    return None


def run_with_progress(
    parent: QWidget,
    context: AppContext,
    title: str,
    job: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
) -> Progress:
    """Run `job` on the worker with a modal, cancellable progress dialog; `on_done` gets the result."""
    dialog = QProgressDialog(title, "Hủy", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    progress = Progress()

    def update(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        dialog.close()
        on_done(result)

    def failed(error: BaseException, trace: str) -> None:
        dialog.close()
        if isinstance(error, Cancelled):
            return
        if is_user_error(error):
            show_error(parent, error, title)
        else:  # a bug in the job: logged by the worker, shown with its traceback
            show_crash_dialog(trace)

    progress.changed.connect(update)
    dialog.canceled.connect(progress.cancel)
    context.runner.start(job, finished, failed, progress)
    return progress
