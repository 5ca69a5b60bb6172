"""Running changes from the UI: errors shown as messages, long work behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gui.context import AppContext
from gui.workers import Cancelled, Progress

# Errors a user can cause carry a Vietnamese message (StorageError, PlanImportError are ValueErrors).
USER_ERRORS = (ValueError, OSError)


def show_error(parent: QWidget | None, error: BaseException, title: str = "Không thực hiện được") -> None:
    if isinstance(error, USER_ERRORS):
        text = str(error)
    else:
        text = f"Lỗi không mong đợi: {type(error).__name__}: {error}"
    QMessageBox.critical(parent, title, text)


def attempt(parent: QWidget | None, action: Callable[[], Any], title: str = "Không thực hiện được") -> bool:
    """Run a quick change on the UI thread; show a user error instead of raising. True on success."""
    try:
        action()
    except USER_ERRORS as error:
        show_error(parent, error, title)
        return False
    return True


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
        if not isinstance(error, Cancelled):
            show_error(parent, error, title)

    progress.changed.connect(update)
    dialog.canceled.connect(progress.cancel)
    context.runner.start(job, finished, failed, progress)
    return progress
